"""The listener parsers against the shared samples (``tests/fixtures/gateway/listeners/``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import clawscope
import pytest

from conftest import FIXTURES

CASES = sorted((FIXTURES / "gateway" / "listeners").glob("*.json"))


def load(case: Path) -> tuple[dict[str, Any], str]:
    expected = json.loads(case.read_text(encoding="utf-8"))
    text = case.with_suffix(".txt").read_bytes().decode("utf-8")
    return expected, text


def test_the_samples_are_there() -> None:
    names = {c.stem for c in CASES}
    assert {"netstat_clawpanel_verified", "netstat_chinese", "ss_clawpanel_sample", "proc_net_tcp"} <= names


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_listener_sample(case: Path) -> None:
    expected, text = load(case)
    if expected["format"] == "launchctl":
        assert clawscope.parse_launchctl_print(text) == expected["service"]
        return
    listeners = clawscope.parse_listeners(expected["format"], text, expected["port"])
    assert listeners == expected["listeners"]
    assert json.loads(clawscope.parse_listeners_json(expected["format"], text, expected["port"])) == listeners
    assert sorted({entry["pid"] for entry in listeners if entry["pid"] is not None}) == expected["pids"]


def test_clawpanel_verified_netstat_sample() -> None:
    _, text = load(FIXTURES / "gateway" / "listeners" / "netstat_clawpanel_verified.json")
    pids = sorted({entry["pid"] for entry in clawscope.parse_listeners("netstat", text, 18789) if entry["pid"]})
    assert pids == [4242, 5151, 6161]


def test_format_and_port_arguments() -> None:
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        clawscope.parse_listeners("netstat -ano", "")  # type: ignore[arg-type]
    assert info.value.code == "INVALID_ARGUMENT"
    with pytest.raises(TypeError):
        clawscope.parse_listeners(1, "")  # type: ignore[arg-type]
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        clawscope.parse_listeners("ss", "", 70000)
    assert info.value.code == "INVALID_PORT"
    assert clawscope.parse_listeners("ss", "") == []
