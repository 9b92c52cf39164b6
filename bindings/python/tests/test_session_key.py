"""``parse_session_key`` against the shared fixtures (``tests/fixtures/session_keys/cases.json``)."""

from __future__ import annotations

import json
from typing import Any

import clawscope
import pytest

from conftest import FIXTURES

CASES: list[dict[str, Any]] = json.loads((FIXTURES / "session_keys" / "cases.json").read_text(encoding="utf-8"))
VALID = [c for c in CASES if "expected" in c]
INVALID = [c for c in CASES if "error" in c]


def test_the_fixture_set_is_there() -> None:
    assert len(VALID) >= 20
    assert len(INVALID) >= 5


@pytest.mark.parametrize("case", VALID, ids=[c["input"][:60] for c in VALID])
def test_valid_key(case: dict[str, Any]) -> None:
    parsed = clawscope.parse_session_key(case["input"])
    assert parsed == case["expected"]
    assert json.loads(clawscope.parse_session_key_json(case["input"])) == case["expected"]
    # The canonical key parses to itself.
    assert clawscope.parse_session_key(parsed["key"]) == parsed


@pytest.mark.parametrize("case", INVALID, ids=[repr(c["input"])[:60] for c in INVALID])
def test_invalid_key(case: dict[str, Any]) -> None:
    with pytest.raises(clawscope.InvalidSessionKeyError) as info:
        clawscope.parse_session_key(case["input"])
    assert info.value.code == case["error"] == "INVALID_SESSION_KEY"
    assert isinstance(info.value, clawscope.InvalidArgumentError)
    assert isinstance(info.value, ValueError)
    assert info.value.details is None


def test_json_is_compact_canonical_serde() -> None:
    text = clawscope.parse_session_key_json("agent:main:main")
    assert text == '{"key":"agent:main:main","kind":"main","agentId":"main","rest":"main","legacy":false}'


def test_a_lone_surrogate_is_an_invalid_key_not_a_unicode_error() -> None:
    with pytest.raises(clawscope.InvalidSessionKeyError) as info:
        clawscope.parse_session_key("agent:main:\ud800")
    assert info.value.code == "INVALID_SESSION_KEY"
    state = clawscope.StateDir(FIXTURES / "state" / "seed")
    with pytest.raises(clawscope.InvalidSessionKeyError):
        state.session_detail("agent:main:\ud800")
    with pytest.raises(clawscope.InvalidSessionKeyError):
        state.events("\udcff")
