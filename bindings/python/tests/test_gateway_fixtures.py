"""The golden ownership fixtures (``tests/fixtures/gateway/ownership/<case>/``) through the binding.

Same procedure as the Rust runner (see ``tests/fixtures/gateway/README.md``): each operation gets a fresh temp dir
(openclaw dir and home), ``{{dir}}`` is substituted, the runtime is fixed to ``case.runtime``, and the port, the pure
decision, ``status()`` and ``ensure_owned()`` are compared with ``expected.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import clawscope
import pytest
from clawscope.types import DecideInput, GatewayRuntime

from conftest import FIXTURES

PLACEHOLDER = "{{dir}}"
CASES = sorted(p.parent for p in (FIXTURES / "gateway" / "ownership").glob("*/case.json"))


def materialise(case_dir: Path, target: Path, case: dict[str, Any]) -> None:
    """Copies the case's files into ``target``, substituting the placeholder in UTF-8 files."""
    escaped = json.dumps(str(target), ensure_ascii=False)[1:-1]
    for name in ("openclaw.json", "gateway-owner.json"):
        src = case_dir / name
        if src.exists():
            data = src.read_bytes()
            try:
                data = data.decode("utf-8").replace(PLACEHOLDER, escaped).encode("utf-8")
            except UnicodeDecodeError:
                pass
            (target / name).write_bytes(data)
    for rel, content in case.get("files", {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    for rel, link_target in case.get("symlinks", {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(link_target, path)


def substitute(value: Any, directory: str) -> Any:
    """Replaces ``directory`` by the placeholder in every string value."""
    if isinstance(value, str):
        return value.replace(directory, PLACEHOLDER)
    if isinstance(value, list):
        return [substitute(v, directory) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, directory) for k, v in value.items()}
    return value


def gateway(directory: Path, case: dict[str, Any]) -> clawscope.Gateway:
    env = {"HOME": str(directory), **case.get("env", {})}
    cli = case.get("cliPath")
    runtime: GatewayRuntime = case["runtime"]
    return clawscope.Gateway(
        directory,
        cli_path="" if cli is None else cli.replace(PLACEHOLDER, str(directory)),
        env=env,
        runtime=runtime,
    )


def fresh(tmp_path: Path, name: str, case_dir: Path, case: dict[str, Any]) -> Path:
    directory = tmp_path / name
    directory.mkdir(parents=True)
    materialise(case_dir, directory, case)
    return directory


def run_case(case_dir: Path, tmp_path: Path) -> dict[str, Any]:
    case = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))

    dir_a = fresh(tmp_path, "a", case_dir, case)
    gw = gateway(dir_a, case)
    owner = dir_a / "gateway-owner.json"
    before = owner.read_bytes() if owner.exists() else None
    decision = gw.decide()
    assert (owner.read_bytes() if owner.exists() else None) == before, "decide() must not write"
    assert json.loads(gw.decide_json()) == decision
    check_pure_decision(dir_a, case, gw, decision)

    dir_b = fresh(tmp_path, "b", case_dir, case)
    gw_b = gateway(dir_b, case)
    status = gw_b.status()
    owner_after = gw_b.read_owner()

    dir_c = fresh(tmp_path, "c", case_dir, case)
    gw_c = gateway(dir_c, case)
    ensure: dict[str, Any]
    try:
        ensure = {"decision": gw_c.ensure_owned()}
    except clawscope.ClawscopeError as err:
        details = {"decision": err.details["decision"]} if err.details is not None else None
        ensure = {"error": {"code": err.code, "message": str(err), "details": details}}

    return {
        "port": gw.port,
        "portSource": gw.port_source,
        "decision": substitute(decision, str(dir_a)),
        "status": substitute(status, str(dir_b)),
        "ownerAfterStatus": owner_after["status"],
        "ensureOwned": substitute(ensure, str(dir_c)),
    }


def check_pure_decision(
    directory: Path, case: dict[str, Any], gw: clawscope.Gateway, decision: clawscope.types.OwnershipDecision
) -> None:
    """``decide_ownership`` on the same inputs agrees with the Gateway (except where symlinks or bytes are needed)."""
    if "symlinks" in case:
        return
    owner = directory / "gateway-owner.json"
    owner_text = None
    if owner.exists():
        try:
            owner_text = owner.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return
    data: DecideInput = {
        "ownerText": owner_text,
        "signature": {"port": gw.port, "openclawDir": gw.openclaw_dir, "cliPath": gw.cli_path},
        "runtime": case["runtime"],
        "home": str(directory),
        "cwd": str(directory),
    }
    assert clawscope.decide_ownership(data) == decision
    assert json.loads(clawscope.decide_ownership_json(data)) == decision


def test_the_fixture_set_is_there() -> None:
    assert len(CASES) >= 20
    names = {c.name for c in CASES}
    for required in (
        "tauri-snake-owned",
        "web-camel-owned",
        "string-port-config",
        "bom-config",
        "started-by-other-claim",
        "foreign-dir-with-pid",
        "foreign-dir-without-pid",
        "cli-symlink-match",
        "cli-tilde-match",
        "corrupt-empty",
        "corrupt-truncated",
        "corrupt-array",
        "corrupt-binary",
    ):
        assert required in names


@pytest.mark.parametrize("case_dir", CASES, ids=[c.name for c in CASES])
def test_ownership_fixture(case_dir: Path, tmp_path: Path) -> None:
    expected = json.loads((case_dir / "expected.json").read_text(encoding="utf-8"))
    assert run_case(case_dir, tmp_path) == expected


def test_foreign_texts_are_clawpanels_exactly(tmp_path: Path) -> None:
    with_pid = run_case(FIXTURES / "gateway" / "ownership" / "foreign-dir-with-pid", tmp_path / "1")
    assert with_pid["ensureOwned"]["error"]["code"] == "GATEWAY_FOREIGN"
    assert with_pid["ensureOwned"]["error"]["message"] == (
        "检测到端口 18789 上已有其他 OpenClaw Gateway 正在运行 (PID: 5151)，且不属于当前面板实例。"
        "为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。"
    )
    without = run_case(FIXTURES / "gateway" / "ownership" / "foreign-dir-without-pid", tmp_path / "2")
    assert without["ensureOwned"]["error"]["message"] == (
        "检测到端口 18789 上已有其他 OpenClaw Gateway 正在运行，且不属于当前面板实例。"
        "为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。"
    )
