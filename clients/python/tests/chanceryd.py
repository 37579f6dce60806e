"""A chanceryd process for tests: started on a free port, restartable on the same port."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
LISTENING = "chanceryd listening on "


def binary() -> str:
    """$CHANCERYD, or the worktree's own build."""
    return os.environ.get("CHANCERYD") or str(REPO_ROOT / "build" / "bin" / "chanceryd")


class Chanceryd:
    def __init__(self, store_path: Path, flags: list[str] = ()):
        self._store_path = store_path
        self._flags = list(flags)
        self._process: subprocess.Popen | None = None
        self.port = 0
        self.stderr_lines: list[str] = []

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        """Starts on self.port (0 picks a free one) and returns once it listens."""
        self._process = subprocess.Popen(
            [binary(), f"--listen=127.0.0.1:{self.port}", f"--store=sqlite:{self._store_path}",
             f"--port-file={self._store_path}.port", *self._flags],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in self._process.stderr:
            self.stderr_lines.append(line)
            if line.startswith(LISTENING):
                self.port = int(line[len(LISTENING):].strip().rsplit(":", 1)[1])
                # Keep draining stderr so the server never blocks on a full pipe.
                threading.Thread(target=self._drain, args=(self._process.stderr,),
                                 daemon=True).start()
                return
        raise RuntimeError(f"chanceryd exited before listening: {''.join(self.stderr_lines)}")

    def stop(self) -> None:
        """SIGTERM, then waits: chanceryd must exit 0."""
        self._process.send_signal(signal.SIGTERM)
        code = self._process.wait()
        if code != 0:
            raise RuntimeError(f"chanceryd exited {code}: {''.join(self.stderr_lines)}")

    def kill(self) -> None:
        """SIGKILL, as a crash, then waits."""
        self._process.kill()
        self._process.wait()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def restart(self) -> None:
        self.stop()
        self.start()

    def _drain(self, stream) -> None:
        for line in stream:
            self.stderr_lines.append(line)
