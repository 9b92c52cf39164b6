"""The shared hostile-input table (tests/fixtures/hostile/cases.json) through the Python binding: every case an API
of the binding can take gives the same outcome as in Rust — a typed error with the same code, or a value — and the
interpreter never crashes."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import clawscope
import pytest

from conftest import FIXTURES

CASES: list[dict[str, Any]] = json.loads((FIXTURES / "hostile" / "cases.json").read_text(encoding="utf-8"))["cases"]
APIS = {"session_key.parse", "owner.parse", "gateway.config", "state.session_detail"}


def payload(case: dict[str, Any]) -> bytes:
    source = case["input"]
    if "text" in source:
        return str(source["text"]).encode("utf-8")
    if "base64" in source:
        return base64.b64decode(source["base64"])
    return "".join(str(part["text"]) * int(part.get("times", 1)) for part in source["generate"]).encode("utf-8")


def substitute(value: Any, root: Path, outside: Path) -> Any:
    if isinstance(value, str):
        return value.replace("$ROOT", str(root)).replace("$OUTSIDE", str(outside))
    if isinstance(value, list):
        return [substitute(v, root, outside) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, root, outside) for k, v in value.items()}
    return value


def run(case: dict[str, Any], tmp: Path) -> dict[str, Any]:
    """The outcome in the table's terms: {"ok": True, …} or {"code": …}."""
    api = case["api"]
    try:
        if api == "session_key.parse":
            clawscope.parse_session_key(payload(case).decode("utf-8"))
            return {"ok": True}
        if api == "owner.parse":
            outcome = clawscope.parse_owner_record(payload(case))
            return {"code": "OWNER_RECORD_CORRUPT"} if outcome["status"] == "corrupt" else {"ok": True}
        if api == "gateway.config":
            (tmp / "openclaw.json").write_bytes(payload(case))
            return {"ok": True, "port": clawscope.Gateway(str(tmp), cli_path="").port}
        root, outside = tmp / "state", tmp / "outside"
        (root / "agents" / "main" / "sessions").mkdir(parents=True)
        outside.mkdir()
        (outside / "secret.jsonl").write_text('{"type":"session","version":3,"id":"x"}\n', encoding="utf-8")
        if case.get("store") is not None:
            store = substitute(case["store"], root, outside)
            (root / "agents/main/sessions/sessions.json").write_text(json.dumps(store), encoding="utf-8")
        for entry in substitute(case.get("setup") or [], root, outside):
            path = root / entry["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            if "symlink" in entry:
                os.symlink(entry["symlink"], path)
            elif entry.get("dir"):
                path.mkdir()
            elif entry.get("fifo"):
                os.mkfifo(path)
        clawscope.StateDir(str(root)).session_detail(substitute(case["key"], root, outside))
        return {"ok": True}
    except clawscope.ClawscopeError as err:
        return {"code": err.code}


@pytest.mark.parametrize("case", [c for c in CASES if c["api"] in APIS], ids=lambda c: str(c["id"]))
def test_hostile_case(case: dict[str, Any], tmp_path: Path) -> None:
    actual = run(case, tmp_path)
    expected = case["expect"]
    assert {k: actual.get(k) for k in expected} == expected, case.get("note")


def test_the_table_reaches_the_binding() -> None:
    assert len([c for c in CASES if c["api"] in APIS]) >= 25
