"""Blocking calls release the GIL: a ``Gateway`` whose config file is a FIFO blocks inside Rust until another Python
thread writes the config. Holding the GIL there would deadlock, so the scenario runs in a child process with a
timeout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import os, sys, threading
import clawscope

directory = sys.argv[1]
fifo = os.path.join(directory, "openclaw.json")
os.mkfifo(fifo)
result = {}

def build():
    result["port"] = clawscope.Gateway(directory).port

worker = threading.Thread(target=build)
worker.start()
with open(fifo, "w", encoding="utf-8") as pipe:  # needs the GIL while the worker waits inside Rust
    pipe.write("{ gateway: { port: 18799 } }")
worker.join()
print(result["port"])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a FIFO")
def test_blocking_calls_release_the_gil(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "18799"
