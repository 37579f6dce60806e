"""Runs every ```python example of the README, verbatim, against a chanceryd of its own (its
address in $CHANCERY_ADDRESS, which the examples read)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chanceryd import Chanceryd

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLES = re.findall(r"^```python\n(.*?)^```$", README.read_text(), re.MULTILINE | re.DOTALL)


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))])
def test_a_readme_example_runs(example, tmp_path):
    server = Chanceryd(tmp_path / "chancery.db")
    server.start()
    try:
        environment = {**os.environ, "CHANCERY_ADDRESS": server.address,
                       "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
        ran = subprocess.run([sys.executable, "-c", example], env=environment, cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout, "the example printed nothing"
    finally:
        server.stop()
