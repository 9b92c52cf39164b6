"""Shared helpers: the repository's fixture dirs and a real TCP listener child process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = REPO / "tests" / "fixtures"

_LISTENER = """
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
sys.stdin.read()
"""


@dataclass(frozen=True)
class Listener:
    """A child process listening on 127.0.0.1:``port``."""

    pid: int
    port: int


@pytest.fixture
def listener() -> Iterator[Listener]:
    """Starts a child that listens on a free loopback port until its stdin closes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _LISTENER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield Listener(pid=proc.pid, port=port)
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        if proc.stdout is not None:
            proc.stdout.close()
        proc.wait(timeout=10)
