"""``parse_owner_record`` (both ClawPanel dialects, str or bytes), ``decide_ownership`` and
``foreign_gateway_message``: golden round-trips against the ownership fixtures' files."""

from __future__ import annotations

import json

import clawscope
import pytest
from clawscope.types import DecideInput

from conftest import FIXTURES

OWNERSHIP = FIXTURES / "gateway" / "ownership"


def test_tauri_and_web_dialects_read_the_same() -> None:
    tauri = b'{"port":18789,"cli_path":null,"openclaw_dir":"/home/li/.openclaw","pid":7,"started_at":"x","started_by":"clawpanel"}'
    web = '{"port":"18789","cliPath":null,"openclawDir":"/home/li/.openclaw","pid":7,"startedAt":"x","startedBy":"clawpanel"}'
    a, b = clawscope.parse_owner_record(tauri), clawscope.parse_owner_record("\ufeff" + web)
    assert a["status"] == "valid" and b["status"] == "valid"
    assert a["record"]["dialect"] == "tauri" and b["record"]["dialect"] == "web"
    for field in ("port", "openclawDir", "pid", "startedBy"):
        assert a["record"][field] == b["record"][field]
    assert a["record"]["port"] == 18789


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"", "empty"), (b"{\"port\": 18", "invalid_json"), (b"[1,2]", "not_an_object"), (b"\xff\xfe\x00", "invalid_utf8")],
)
def test_corrupt_records(data: bytes, kind: str) -> None:
    outcome = clawscope.parse_owner_record(data)
    assert outcome["status"] == "corrupt"
    assert outcome["kind"] == kind
    assert json.loads(clawscope.parse_owner_record_json(data)) == outcome


@pytest.mark.parametrize("case", ["tauri-snake-owned", "web-camel-owned", "corrupt-truncated", "string-pid-and-port"])
def test_fixture_owner_files_round_trip(case: str) -> None:
    data = (OWNERSHIP / case / "gateway-owner.json").read_bytes()
    outcome = clawscope.parse_owner_record(data)
    assert json.loads(clawscope.parse_owner_record_json(data)) == outcome
    assert clawscope.parse_owner_record(data.decode("utf-8")) == outcome
    expected_status = "corrupt" if case.startswith("corrupt") else "valid"
    assert outcome["status"] == expected_status


def test_decide_ownership_matches_clawpanels_rules() -> None:
    base: DecideInput = {
        "signature": {"port": 18789, "openclawDir": "/home/li/.openclaw", "cliPath": None},
        "runtime": {"running": True, "pid": 7},
        "home": "/home/li",
    }
    assert clawscope.decide_ownership(base) == {
        "ownership": "owned",
        "action": "claim",
        "reason": {"kind": "no_record"},
        "pid": 7,
    }
    owned = clawscope.decide_ownership(
        {**base, "ownerText": '{"port":18789,"openclawDir":"~/.openclaw/","startedBy":"clawpanel","pid":7}'}
    )
    assert (owned["ownership"], owned["action"]) == ("owned", "none")
    foreign = clawscope.decide_ownership(
        {**base, "ownerText": '{"port":18789,"openclawDir":"/srv/other","startedBy":"clawpanel"}'}
    )
    assert foreign["reason"] == {"kind": "dir_mismatch", "recorded": "/srv/other", "current": "/home/li/.openclaw"}
    stopped = clawscope.decide_ownership({**base, "runtime": {"running": False}})
    assert stopped == {"ownership": "stopped", "action": "none", "reason": {"kind": "not_running"}, "pid": None}
    assert clawscope.decide_ownership_json(base) == '{"ownership":"owned","action":"claim","reason":{"kind":"no_record"},"pid":7}'


def test_windows_paths_with_path_style() -> None:
    decision = clawscope.decide_ownership(
        {
            "ownerText": '{"port":18789,"openclawDir":"c:\\\\Users\\\\Li\\\\.openclaw\\\\","startedBy":"clawpanel"}',
            "signature": {"port": 18789, "openclawDir": "C:\\Users\\li\\.openclaw", "cliPath": None},
            "runtime": {"running": True, "pid": 7},
            "pathStyle": "windows",
        }
    )
    assert decision["ownership"] == "owned"
