"""The Python examples (``examples/python/``) run against the bundled sample state and print what they should,
so they cannot rot."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import clawscope
import pytest

from conftest import FIXTURES, REPO

EXAMPLES = REPO / "examples" / "python"
SEED_NOW = "2026-04-19T13:28:38.791Z"


def run(script: str, *args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=cwd,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_list_sessions_prints_every_session() -> None:
    out = run("list_sessions.py", "--now", SEED_NOW)
    expected = clawscope.StateDir(FIXTURES / "state" / "file-era").list_sessions(page_size=100, now=SEED_NOW)
    lines = out.splitlines()
    assert lines[0].split() == ["KEY", "AGENT", "STATE", "LAST", "ACTIVITY", "EVENTS"]
    assert [line.split()[0] for line in lines[1:-1]] == [s["sessionKey"] for s in expected]
    assert lines[-1].startswith(f"{len(expected)} sessions in ")
    as_json = json.loads(run("list_sessions.py", "--now", SEED_NOW, "--json", "--agent", "ops"))
    assert [s["sessionKey"] for s in as_json] == ["agent:ops:feishu:direct:ou_7c1e90aa"]


def test_list_sessions_reports_errors() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "list_sessions.py"), "--state-dir", str(REPO / "no-such-dir")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error [NOT_FOUND]: ")


def test_session_detail_prints_the_seed_page() -> None:
    expected = (FIXTURES / "state" / "seed" / "expected-page.txt").read_text(encoding="utf-8")
    out = run("session_detail.py", "--now", SEED_NOW)
    assert out == (expected if expected.endswith("\n") else expected + "\n")
    detail = json.loads(run("session_detail.py", "--now", SEED_NOW, "--json"))
    assert detail == json.loads((FIXTURES / "state" / "seed" / "expected-detail.json").read_text(encoding="utf-8"))
    assert run("session_detail.py", "--html", "--limit", "3").lower().lstrip().startswith("<!doctype html>")


def test_usage_report(tmp_path: Path) -> None:
    report = clawscope.StateDir(FIXTURES / "state" / "file-era").usage()
    chart = tmp_path / "usage.png"
    out = run("usage_report.py", "--chart", str(chart))
    totals = report["totals"]
    assert f"requests {totals['requests']}  tokens {totals['totalTokens']}  cost {totals['cost']:.4f}" in out
    for day in report["byDay"]:
        assert f"  {day} " in out
    if importlib.util.find_spec("matplotlib") is not None:
        assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert "text chart" in out
        assert not chart.exists()
    text = run("usage_report.py", "--text-chart", "--chart", str(tmp_path / "unused.png"))
    for model, t in report["byModel"].items():
        assert any(line.split()[:1] == [model] and line.endswith(f" {t['totalTokens']}") for line in text.splitlines())


@pytest.mark.parametrize("script", ["bench_calls.py"])
def test_bench_runs(script: str) -> None:
    out = run(script, "--seconds", "0.01")
    names = [line.split()[0] for line in out.splitlines()[2:]]
    assert "clawscope.decide_ownership(dict)" in names
    assert "clawscope.parse_session_key(str)" in names
    assert "baseline:" in names
