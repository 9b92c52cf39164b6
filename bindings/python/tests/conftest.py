"""Shared helpers: the repository's fixture dirs and a real TCP listener child process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
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


def _start(args: list[str], env: dict[str, str] | None) -> tuple[subprocess.Popen[str], Listener]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _LISTENER, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    return proc, Listener(pid=proc.pid, port=int(proc.stdout.readline()))


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.stdin is not None:
        proc.stdin.close()
    if proc.stdout is not None:
        proc.stdout.close()
    proc.wait(timeout=10)


@pytest.fixture
def listener() -> Iterator[Listener]:
    """Starts a child that listens on a free loopback port until its stdin closes."""
    proc, started = _start([], None)
    try:
        yield started
    finally:
        _stop(proc)


@pytest.fixture
def fake_gateway() -> Iterator[Callable[[Path], Listener]]:
    """Starts fake OpenClaw gateways: children whose argv reads ``openclaw gateway`` and whose environment carries
    ``OPENCLAW_STATE_DIR`` (the given dir), listening on a free loopback port."""
    procs: list[subprocess.Popen[str]] = []

    def start(state_dir: Path) -> Listener:
        proc, started = _start(["openclaw", "gateway"], {**os.environ, "OPENCLAW_STATE_DIR": str(state_dir)})
        procs.append(proc)
        return started

    try:
        yield start
    finally:
        for proc in procs:
            _stop(proc)
