"""Per-call cost of the Python binding (a benchmark, not a test): ``decide_ownership`` and ``parse_session_key``
next to pure-Python baselines measured in the same run.

    python examples/python/bench_calls.py [--seconds 0.5]

Issue 3's target for a binding call is under 5 µs. Measure a release build (``pip install ./bindings/python`` or
``maturin develop --release``): a debug build (``maturin develop``) runs the Rust code unoptimised and is many
times slower.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from collections.abc import Callable
from typing import Any

import clawscope
from clawscope.types import DecideInput

KEY = "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e"
OWNER_TEXT = json.dumps(
    {
        "port": 18789,
        "openclawDir": "/home/li/.openclaw",
        "cliPath": None,
        "pid": 4242,
        "startedAt": "2026-11-26T02:00:00.000Z",
        "startedBy": "clawpanel",
    }
)
DECIDE_INPUT: DecideInput = {
    "ownerText": OWNER_TEXT,
    "signature": {"port": 18789, "openclawDir": "/home/li/.openclaw", "cliPath": None},
    "runtime": {"running": True, "pid": 4242},
    "home": "/home/li",
}


def python_split_key(key: str) -> dict[str, Any]:
    """Baseline: what a naive pure-Python key parser does (split and build a dict), no validation."""
    parts = key.split(":")
    return {"key": key.lower(), "agentId": parts[1], "rest": ":".join(parts[2:]), "legacy": False}


def python_decide(data: DecideInput) -> dict[str, Any]:
    """Baseline: ClawPanel's owner match done naively in Python (parse the record, compare port and dir)."""
    record = json.loads(data.get("ownerText") or "{}")
    sig = data["signature"]
    owned = record.get("port") == sig["port"] and record.get("openclawDir") == sig["openclawDir"]
    return {"ownership": "owned" if owned else "foreign", "action": "none", "pid": data["runtime"].get("pid")}


def noop() -> None:
    """Baseline: the cost of calling any Python function."""


def per_call(fn: Callable[[], object], seconds: float) -> float:
    """Microseconds per call: the best of 5 repeats of a loop sized to take about ``seconds``."""
    timer = timeit.Timer(fn)
    estimate = max(timer.timeit(number=20) / 20, 1e-9)
    number = max(20, int(seconds / estimate))
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="approximate time per repeat")
    args = parser.parse_args(argv)

    assert clawscope.decide_ownership(DECIDE_INPUT)["ownership"] == "owned"
    rows = [
        ("clawscope.decide_ownership(dict)", lambda: clawscope.decide_ownership(DECIDE_INPUT)),
        ("clawscope.decide_ownership_json(dict)", lambda: clawscope.decide_ownership_json(DECIDE_INPUT)),
        ("baseline: python_decide(dict)", lambda: python_decide(DECIDE_INPUT)),
        ("clawscope.parse_session_key(str)", lambda: clawscope.parse_session_key(KEY)),
        ("clawscope.parse_session_key_json(str)", lambda: clawscope.parse_session_key_json(KEY)),
        ("baseline: python_split_key(str)", lambda: python_split_key(KEY)),
        ("baseline: noop()", noop),
    ]
    print(f"clawscope {clawscope.__version__}, Python {sys.version.split()[0]}")
    print(f"{'call':<42} {'µs/call':>9}")
    for name, fn in rows:
        print(f"{name:<42} {per_call(fn, args.seconds):>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
