"""The fast conversions give exactly what the generic ones give: documents are built straight from the Rust values
(same keys, same order, same values as the canonical ``*_json`` string), and a ``decide_ownership`` dict of the
plain shape is read field by field with the same result (and the same errors) as the generic dict → JSON → serde
conversion, which anything else still takes."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Any

import clawscope
import pytest

from conftest import FIXTURES

KEYS: list[dict[str, Any]] = json.loads((FIXTURES / "session_keys" / "cases.json").read_text(encoding="utf-8"))
SIGNATURE = {"port": 18789, "openclawDir": "/home/li/.openclaw", "cliPath": None}
OWNER = json.dumps(
    {"port": 18789, "openclawDir": "/home/li/.openclaw/", "pid": 7, "startedAt": "x", "startedBy": "clawpanel"}
)


def canonical(value: object) -> str:
    """``value`` written like ``serde_json::to_string``: compact, keys in the dict's order, UTF-8 as is."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize("case", [c for c in KEYS if "expected" in c], ids=lambda c: str(c["input"])[:60])
def test_session_key_dict_is_the_json_byte_for_byte(case: dict[str, Any]) -> None:
    assert canonical(clawscope.parse_session_key(case["input"])) == clawscope.parse_session_key_json(case["input"])


@pytest.mark.parametrize(
    "data",
    [
        OWNER,
        '{"port":"18789","openclaw_dir":"/x","started_by":"other","zeta":[1,2.5,null,{"b":true}],"alpha":{"k":"v"}}',
        '{"port":18789,"openclawDir":"/x","cliPath":"/a","cli_path":"/b","pid":-3,"big":18446744073709551615}',
        '{"port": 18',
        "[1]",
    ],
)
def test_owner_record_dict_is_the_json_byte_for_byte(data: str) -> None:
    assert canonical(clawscope.parse_owner_record(data)) == clawscope.parse_owner_record_json(data)


@pytest.mark.parametrize(
    "owner_text",
    [None, OWNER, "garbage", '{"port":1,"openclawDir":"/x"}', '{"port":18789,"openclawDir":"/elsewhere"}'],
)
@pytest.mark.parametrize("runtime", [{"running": True, "pid": 42}, {"running": True}, {"running": False, "pid": None}])
def test_decision_dict_is_the_json_byte_for_byte(owner_text: str | None, runtime: dict[str, Any]) -> None:
    data: Any = {"ownerText": owner_text, "signature": SIGNATURE, "runtime": runtime, "home": "/home/li"}
    assert canonical(clawscope.decide_ownership(data)) == clawscope.decide_ownership_json(data)


def test_other_documents_are_the_json_byte_for_byte(tmp_path: Path) -> None:
    listeners = "tcp   LISTEN 0  511  127.0.0.1:18789  0.0.0.0:*  users:((\"node\",pid=4242,fd=21))\n"
    assert canonical(clawscope.parse_listeners("ss", listeners)) == clawscope.parse_listeners_json("ss", listeners)
    # A stopped gateway: status() writes nothing, so both calls see the same state.
    gw = clawscope.Gateway(tmp_path, port=18789, cli_path="", runtime={"running": False})
    assert canonical(gw.status()) == gw.status_json()


class Port(enum.IntEnum):
    GATEWAY = 18789


PLAIN: Any = {
    "ownerText": OWNER,
    "signature": {"port": 18789, "openclawDir": "/home/li/.openclaw", "cliPath": "/usr/bin/openclaw"},
    "runtime": {"running": True, "pid": 8, "commandLine": "openclaw-gateway", "isGateway": True},
    "home": "/home/li",
    "cwd": "/home/li",
    "pathStyle": "unix",
}


@pytest.mark.parametrize(
    "variant",
    [
        {"extra": {"nested": [1, 2]}},  # an unknown key: the generic path, which ignores it
        {"signature": {**PLAIN["signature"], "comment": "x"}},
        {"runtime": {**PLAIN["runtime"], "startedAt": None}},
        {"signature": {**PLAIN["signature"], "port": Port.GATEWAY}},  # an int subclass
        {"pathStyle": None, "cwd": None, "home": None},
        {"runtime": {"running": True}},
    ],
)
def test_plain_and_generic_inputs_agree(variant: dict[str, Any]) -> None:
    data: Any = {**PLAIN, **variant}
    generic: Any = {**data, "unknownKeyForcesTheGenericPath": True}
    assert clawscope.decide_ownership(data) == clawscope.decide_ownership(generic)
    assert clawscope.decide_ownership_json(data) == clawscope.decide_ownership_json(generic)


@pytest.mark.parametrize(
    "variant",
    [
        {"signature": {**PLAIN["signature"], "port": True}},
        {"signature": {**PLAIN["signature"], "port": 18789.0}},
        {"signature": {**PLAIN["signature"], "port": 70000}},
        {"signature": {**PLAIN["signature"], "openclawDir": None}},
        {"runtime": {**PLAIN["runtime"], "running": "yes"}},
        {"runtime": {**PLAIN["runtime"], "pid": -1}},
        {"pathStyle": "dos"},
    ],
)
def test_inputs_of_the_wrong_shape_still_fail_the_same_way(variant: dict[str, Any]) -> None:
    data: Any = {**PLAIN, **variant}
    generic: Any = {**data, "unknownKeyForcesTheGenericPath": True}
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        clawscope.decide_ownership(data)
    assert info.value.code == "INVALID_ARGUMENT"
    with pytest.raises(clawscope.InvalidArgumentError) as again:
        clawscope.decide_ownership(generic)
    assert str(again.value) == str(info.value)


def test_a_value_that_is_not_json_is_still_a_type_error() -> None:
    data: Any = {**PLAIN, "ownerText": b"{}"}
    with pytest.raises(TypeError, match="not bytes"):
        clawscope.decide_ownership(data)


def test_a_string_that_is_not_unicode_is_still_a_unicode_error() -> None:
    data: Any = {**PLAIN, "home": "/home/\ud800"}
    with pytest.raises(UnicodeEncodeError):
        clawscope.decide_ownership(data)


def test_state_documents_are_the_json_byte_for_byte() -> None:
    state = clawscope.StateDir(FIXTURES / "state" / "seed")
    assert canonical(state.list_sessions()) == state.list_sessions_json()
    key = state.list_sessions()[0]["sessionKey"]
    now = "2026-11-26T02:00:00Z"
    assert canonical(state.session_detail(key, now=now)) == state.session_detail_json(key, now=now)
    assert canonical(state.events(key)) == state.events_json(key)
    assert canonical(clawscope.discover_installs()) == clawscope.discover_installs_json()
