"""A vector's "server" section (tests/conformance/README.md): chanceryd's TLS and token flags,
and each principal's client options, with certificates from make-test-pki.sh."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from chanceryd import REPO_ROOT

MAKE_TEST_PKI = REPO_ROOT / "tests" / "conformance" / "make-test-pki.sh"


def make_test_pki(directory: Path) -> Path:
    subprocess.run([str(MAKE_TEST_PKI), str(directory)], check=True)
    return directory


def token_of(principal: str) -> str:
    return f"token-of-{principal}"


def server_flags(server: dict, pki: Path, directory: Path) -> list[str]:
    """chanceryd's flags for the section; the tokens file is written into `directory`."""
    flags = []
    if "tls" in server:
        flags += [f"--tls-cert={pki / 'server.pem'}", f"--tls-key={pki / 'server.key'}"]
    if server.get("tls") == "mutual":
        flags.append(f"--tls-client-ca={pki / 'ca.pem'}")
    if "tokens" in server:
        tokens = directory / "tokens"
        tokens.write_text("".join(
            f"sha256:{hashlib.sha256(token_of(principal).encode()).hexdigest()} {principal} {roles}\n"
            for principal, roles in server["tokens"].items()))
        flags.append(f"--tokens={tokens}")
    return flags


def client_options(server: dict, pki: Path, principal: str | None) -> dict:
    """Client keywords for a step run as `principal` (None: no token)."""
    options = {}
    if principal is not None:
        options["token"] = token_of(principal)
    if "tls" in server:
        options["tls_ca"] = pki / "ca.pem"  # A path; the client also takes PEM bytes.
    if server.get("tls") == "mutual":
        options["tls_cert"] = (pki / "client.pem").read_bytes()
        options["tls_key"] = (pki / "client.key").read_bytes()
    return options
