"""``StateDir`` on the shared state fixtures: the seed golden page, one golden round-trip per API, errors."""

from __future__ import annotations

import datetime
import json
import threading
from pathlib import Path
from typing import Any

import clawscope
import pytest

from conftest import FIXTURES

SEED = FIXTURES / "state" / "seed"
FILE_ERA = FIXTURES / "state" / "file-era"
SEED_KEY = "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e"
SEED_NOW = "2026-04-19T13:28:38.791Z"


@pytest.fixture(scope="module")
def seed() -> clawscope.StateDir:
    return clawscope.StateDir(SEED)


@pytest.fixture(scope="module")
def file_era() -> clawscope.StateDir:
    return clawscope.StateDir(FILE_ERA)


def test_seed_page_text_is_the_golden_page(seed: clawscope.StateDir) -> None:
    expected = (SEED / "expected-page.txt").read_text(encoding="utf-8")
    assert seed.session_detail_text(SEED_KEY, 50, now=SEED_NOW) == expected


def test_seed_page_lines_are_the_real_pages_but_for_tool_cells(seed: clawscope.StateDir) -> None:
    """Issue 4's rule: tabs removed, every line equals the real page's, except the tool and status cells of
    ``tool_event`` rows, which show the real tool name and status."""
    ours = seed.session_detail_text(SEED_KEY, now=SEED_NOW).splitlines()
    real = (SEED / "seed-page.txt").read_text(encoding="utf-8").splitlines()
    assert len(ours) == len(real)
    errors = []
    tool_rows = 0
    for mine, theirs in zip(ours, real):
        cells = mine.split("\t")
        if len(cells) > 1 and cells[1] == "tool_event":
            tool_rows += 1
            assert cells[3] in {"exec", "process", "read", "message"}
            assert cells[4] in {"ok", "error"}
            if cells[4] == "error":
                errors.append(cells[0])
            assert "".join(cells[:3] + ["tool", "-"] + cells[5:]) == theirs
        else:
            assert mine.replace("\t", "") == theirs
    assert tool_rows == 20
    assert errors == ["2026-04-02T06:34:30.786Z"]


def test_seed_detail_json_is_the_rust_expected_detail(seed: clawscope.StateDir) -> None:
    expected = json.loads((SEED / "expected-detail.json").read_text(encoding="utf-8"))
    text = seed.session_detail_json(SEED_KEY, now=SEED_NOW)
    assert json.loads(text) == expected
    assert seed.session_detail(SEED_KEY, now=SEED_NOW) == expected
    # Canonical serde output: compact, no spaces after separators, non-ASCII kept.
    assert text == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))


def test_now_may_be_an_aware_datetime(seed: clawscope.StateDir) -> None:
    now = datetime.datetime(2026, 4, 19, 21, 28, 38, 791000, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    assert seed.session_detail_text(SEED_KEY, now=now) == seed.session_detail_text(SEED_KEY, now=SEED_NOW)
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        seed.session_detail(SEED_KEY, now=datetime.datetime(2026, 4, 19))
    assert info.value.code == "INVALID_ARGUMENT"
    with pytest.raises(clawscope.InvalidArgumentError):
        seed.session_detail(SEED_KEY, now="yesterday")
    with pytest.raises(TypeError):
        seed.session_detail(SEED_KEY, now=1776605318)  # type: ignore[arg-type]


def test_seed_detail_html(seed: clawscope.StateDir) -> None:
    html = seed.session_detail_html(SEED_KEY, now=SEED_NOW)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert SEED_KEY in html
    assert "<script" not in html.lower()


def test_history_limit(seed: clawscope.StateDir) -> None:
    assert len(seed.session_detail(SEED_KEY, 5, now=SEED_NOW)["history"]) == 5
    # None is tolerated and means the default.
    default = seed.session_detail(SEED_KEY, None, now=SEED_NOW)  # type: ignore[arg-type]
    assert default == seed.session_detail(SEED_KEY, 50, now=SEED_NOW)
    for bad in (0, 201, -1, 2**70):
        with pytest.raises(clawscope.InvalidArgumentError) as info:
            seed.session_detail(SEED_KEY, bad)
        assert info.value.code == "INVALID_ARGUMENT"
    with pytest.raises(TypeError):
        seed.session_detail(SEED_KEY, "50")  # type: ignore[arg-type]


def test_events_are_the_detail_history(seed: clawscope.StateDir) -> None:
    detail = seed.session_detail(SEED_KEY, 20, now=SEED_NOW)
    events = seed.events(SEED_KEY, 20)
    assert events == detail["history"]
    assert json.loads(seed.events_json(SEED_KEY, 20)) == events
    tools = seed.events(SEED_KEY, 50, ["tool_event"])
    assert tools and all(row["kind"] == "tool_event" for row in tools)
    assert {row.get("toolStatus") for row in tools} == {"ok", "error"}
    with pytest.raises(clawscope.InvalidArgumentError):
        seed.events(SEED_KEY, 5, ["tool"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not a str"):
        seed.events(SEED_KEY, 5, "message")  # type: ignore[arg-type]


def test_agents_match_the_fixture(file_era: clawscope.StateDir) -> None:
    expected = json.loads((FIXTURES / "state" / "file-era.expected.json").read_text(encoding="utf-8"))["agents"]
    agents = file_era.agents()
    assert [{k: v for k, v in a.items() if k != "dir"} for a in agents] == expected
    assert all(Path(a["dir"]) == FILE_ERA / "agents" / a["id"] for a in agents)


def test_list_sessions(file_era: clawscope.StateDir) -> None:
    everything = file_era.list_sessions(page_size=100, now=SEED_NOW)
    assert json.loads(file_era.list_sessions_json(page_size=100, now=SEED_NOW)) == everything
    keys = [item["sessionKey"] for item in everything]
    assert "agent:main:main" in keys and "agent:ops:feishu:direct:ou_7c1e90aa" in keys
    activity = [item["lastActivityAt"] or "" for item in everything]
    assert activity == sorted(activity, reverse=True)
    assert [i["sessionKey"] for i in file_era.list_sessions("ops", page_size=100)] == [
        "agent:ops:feishu:direct:ou_7c1e90aa"
    ]
    assert [i["sessionKey"] for i in file_era.list_sessions(q="NIGHTLY", page_size=100)] == [
        k for k in keys if "nightly" in k
    ]
    assert file_era.list_sessions(state="running", page_size=100, now=SEED_NOW) == [
        i for i in everything if i["state"] == "running"
    ]
    child = next(i for i in everything if i["sessionKey"].startswith("agent:main:subagent:"))
    assert child["chain"] is not None and child["chain"]["parentSessionKey"] == "agent:main:main"
    first, second = file_era.list_sessions(page_size=2), file_era.list_sessions(page=2, page_size=2)
    assert [i["sessionKey"] for i in first + second] == keys[:4]


def test_list_sessions_arguments(file_era: clawscope.StateDir) -> None:
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        file_era.list_sessions(state="sleeping")  # type: ignore[arg-type]
    assert "waiting_approval" in str(info.value)
    for bad in (0, -1):
        with pytest.raises(clawscope.InvalidArgumentError):
            file_era.list_sessions(page=bad)
    with pytest.raises(TypeError):
        file_era.list_sessions(agent_id=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        file_era.list_sessions(page=True)


def test_usage(file_era: clawscope.StateDir) -> None:
    report = file_era.usage()
    assert json.loads(file_era.usage_json()) == report
    totals = report["totals"]
    assert totals["totalTokens"] == sum(t["totalTokens"] for t in report["bySession"].values())
    assert totals["requests"] == sum(t["requests"] for t in report["byAgent"].values())
    assert totals["cost"] == pytest.approx(sum(t["cost"] for t in report["byDay"].values()))
    ops = file_era.usage(agent_id="ops")
    assert set(ops["byAgent"]) == {"ops"}
    assert file_era.usage(since_day="2099-01-01")["totals"]["requests"] == 0
    with pytest.raises(clawscope.InvalidArgumentError):
        file_era.usage(since_day="July")


@pytest.mark.parametrize(
    ("key", "cls", "code"),
    [
        ("agent:main:nope", clawscope.SessionNotFoundError, "SESSION_NOT_FOUND"),
        ("", clawscope.InvalidSessionKeyError, "INVALID_SESSION_KEY"),
        ("bad\x01key", clawscope.InvalidSessionKeyError, "INVALID_SESSION_KEY"),
        ("agent:main:explicit:escape", clawscope.InvalidPathError, "INVALID_PATH"),
        ("agent:main:explicit:abs-outside", clawscope.InvalidPathError, "INVALID_PATH"),
        ("agent:main:explicit:missing-transcript", clawscope.NotFoundError, "NOT_FOUND"),
    ],
)
def test_event_errors(file_era: clawscope.StateDir, key: str, cls: type[clawscope.ClawscopeError], code: str) -> None:
    with pytest.raises(cls) as info:
        file_era.events(key)
    assert info.value.code == code


def test_detail_shows_a_transcript_error_instead_of_raising(file_era: clawscope.StateDir) -> None:
    detail = file_era.session_detail("agent:main:explicit:escape")
    assert "sessionFile climbs out" in detail["historyError"]
    with pytest.raises(clawscope.SessionNotFoundError) as info:
        file_era.session_detail("agent:main:nope")
    assert isinstance(info.value, LookupError)


def test_open_errors(tmp_path: Path) -> None:
    with pytest.raises(clawscope.NotFoundError) as info:
        clawscope.StateDir(tmp_path / "missing")
    assert isinstance(info.value, FileNotFoundError)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(clawscope.InvalidPathError):
        clawscope.StateDir(tmp_path / "file")


def test_discovery_from_env(tmp_path: Path) -> None:
    state = clawscope.StateDir(env={"HOME": str(tmp_path), "OPENCLAW_STATE_DIR": str(SEED)})
    assert Path(state.path) == SEED
    assert state.list_sessions()[0]["sessionKey"] == SEED_KEY
    assert clawscope.StateDir(None, env={"OPENCLAW_STATE_DIR": str(FILE_ERA)}).path == str(FILE_ERA)


def test_shared_across_threads(seed: clawscope.StateDir) -> None:
    expected = seed.session_detail_json(SEED_KEY, now=SEED_NOW)
    results: list[str] = []

    def work() -> None:
        for _ in range(5):
            results.append(seed.session_detail_json(SEED_KEY, now=SEED_NOW))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 20


def test_documents_are_plain_python_values(seed: clawscope.StateDir) -> None:
    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return type(value) is dict and all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return type(value) is list and all(plain(v) for v in value)
        return value is None or type(value) in (str, int, float, bool)

    assert plain(seed.session_detail(SEED_KEY, now=SEED_NOW))
    assert plain(seed.list_sessions())
    assert plain(seed.usage())


@pytest.mark.parametrize(
    ("fixture", "key", "expected_file", "now"),
    [
        ("subagent", "agent:main:main", "expected-parent.json", "2026-04-19T13:28:38.791Z"),
        (
            "subagent",
            "agent:main:subagent:8e41c0d2-7b9a-4c1e-9f3d-2a6b5c4d3e21",
            "expected-child.json",
            "2026-04-19T13:28:38.791Z",
        ),
        ("v2026-9", "agent:main:main", "expected-main.json", "2026-11-26T12:00:00.000Z"),
        ("v2026-9", "agent:main:telegram:group:-1001234567890", "expected-group.json", "2026-11-26T12:00:00.000Z"),
    ],
)
def test_every_state_fixture_gives_the_rust_json(fixture: str, key: str, expected_file: str, now: str) -> None:
    directory = FIXTURES / "state" / fixture
    expected = json.loads((directory / expected_file).read_text(encoding="utf-8"))
    text = clawscope.StateDir(str(directory)).session_detail_json(key, 50, now=now)
    assert text == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))


def test_transcript_events_round_trip_the_typed_stream() -> None:
    state = clawscope.StateDir(str(FIXTURES / "state" / "v2026-9"))
    calls = state.transcript_events("agent:main:main", kinds=["tool_call"])
    assert calls["sessionKey"] == "agent:main:main"
    first = calls["events"][0]
    assert first["kind"] == "tool_call"
    assert first["tool"]["name"] == "exec"
    assert first["tool"]["arguments"] == {"command": "ls /nope"}
    results = state.transcript_events("agent:main:main", kinds=["tool_result"], limit=1)["events"]
    assert len(results) == 1
    text = state.transcript_events_json("agent:main:main")
    assert json.loads(text) == state.transcript_events("agent:main:main")
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        state.transcript_events("agent:main:main", kinds=["nope"])  # type: ignore[list-item]
    assert info.value.code == "INVALID_ARGUMENT"
    with pytest.raises(TypeError):
        state.transcript_events("agent:main:main", kinds="tool_call")  # type: ignore[arg-type]
    with pytest.raises(clawscope.SessionNotFoundError):
        state.transcript_events("agent:main:absent")


def test_session_windows_golden_round_trip_and_errors(file_era: clawscope.StateDir) -> None:
    root = FIXTURES / "state" / "sqlite-windows"
    expected = json.loads((root / "expected-windows.json").read_text(encoding="utf-8"))
    windows = clawscope.StateDir(root).session_windows("agent:main:main")
    text = json.dumps(windows).replace(str(root), "{{dir}}")
    assert json.loads(text) == expected
    assert [w["current"] for w in windows] == [False, True]
    assert "previousSessionId" not in windows[0] and windows[1]["previousSessionId"] == "w-1"

    assert file_era.session_windows("agent:main:main") == []
    with pytest.raises(clawscope.SessionNotFoundError) as missing:
        file_era.session_windows("agent:main:no-such-session")
    assert missing.value.code == "SESSION_NOT_FOUND"
    with pytest.raises(TypeError):
        file_era.session_windows(None)  # type: ignore[arg-type]
