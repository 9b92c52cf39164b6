"""Issue 7 from Python: ``discover_installs``, ``gateway_evidence``, ``Gateway.evidence/explain/adopt`` against a
temp HOME and a fake gateway process (argv ``openclaw gateway``, ``OPENCLAW_STATE_DIR`` in its environment)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import clawscope
import pytest

from conftest import Listener


def install(directory: Path, port: int | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    config = {"gateway": {"port": port}} if port is not None else {}
    (directory / "openclaw.json").write_text(json.dumps(config), encoding="utf-8")
    return directory


def test_discover_installs_in_a_temp_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    install(home / ".openclaw", 18800)
    install(home / ".openclaw-work", 18801)
    install(home / ".clawdbot")
    custom = install(tmp_path / "custom-oc", 18802)
    (home / ".openclaw" / "clawpanel.json").write_text(json.dumps({"openclawDir": str(custom)}), encoding="utf-8")
    env_dir = install(tmp_path / "env-state", 18803)
    installs = clawscope.discover_installs({"HOME": str(home), "OPENCLAW_STATE_DIR": str(env_dir)})
    assert json.loads(clawscope.discover_installs_json({"HOME": str(home), "OPENCLAW_STATE_DIR": str(env_dir)})) == (
        installs
    )
    found = {Path(i["stateDir"]): i for i in installs}
    assert found[env_dir]["origins"] == ["state_dir_env"]
    assert found[home / ".openclaw"]["origins"] == ["default"]
    assert found[home / ".openclaw-work"]["origins"] == ["profile"]
    assert found[home / ".openclaw-work"]["profile"] == "work"
    assert found[home / ".clawdbot"]["origins"] == ["legacy"]
    assert found[custom]["origins"] == ["clawpanel"]
    assert found[custom]["panelPointsHere"] is True
    assert [found[d]["port"] for d in (home / ".openclaw", home / ".openclaw-work", custom, env_dir)] == [
        18800,
        18801,
        18802,
        18803,
    ]
    assert found[home / ".clawdbot"]["port"] == 18789
    assert found[home / ".clawdbot"]["portSource"] == "default"


def test_evidence_names_the_install_the_gateway_serves(
    tmp_path: Path, fake_gateway: Callable[[Path], Listener]
) -> None:
    ours = install(tmp_path / "oc")
    gateway = fake_gateway(ours)
    install(ours, gateway.port)
    env = {"HOME": str(tmp_path)}
    evidence = clawscope.gateway_evidence(gateway.port, env)
    assert json.loads(clawscope.gateway_evidence_json(gateway.port, env)) == evidence
    assert evidence["confidence"] == "certain"
    assert evidence["serves"] is not None
    assert Path(evidence["serves"]["configPath"]) == ours / "openclaw.json"
    assert evidence["serves"]["pid"] == gateway.pid
    assert [(entry["pid"], entry["isGateway"]) for entry in evidence["listeners"]] == [(gateway.pid, True)]
    gw = clawscope.Gateway(ours, env=env)
    explanation = gw.explain()
    assert json.loads(gw.explain_json()) == explanation
    assert explanation["decision"]["ownership"] == "owned"
    assert explanation["evidence"]["serves"] == evidence["serves"]
    assert json.loads(gw.evidence_json())["confidence"] == "certain"


def test_adopt_only_on_evidence(tmp_path: Path, fake_gateway: Callable[[Path], Listener]) -> None:
    ours = install(tmp_path / "oc")
    gateway = fake_gateway(ours)
    install(ours, gateway.port)
    other = install(tmp_path / "other", gateway.port)
    env = {"HOME": str(tmp_path)}

    with pytest.raises(clawscope.AdoptRefusedError) as info:
        clawscope.Gateway(other, env=env).adopt()
    assert str(info.value) == (
        f"gateway adoption refused: serves `{ours / 'openclaw.json'}` (process environment, pid {gateway.pid})"
    )
    assert info.value.details["serves"]["pid"] == gateway.pid
    assert not (other / "gateway-owner.json").exists()

    record = clawscope.Gateway(ours, env=env).adopt()
    assert (record["pid"], record["openclawDir"], record["port"]) == (gateway.pid, str(ours), gateway.port)
    assert clawscope.Gateway(ours, env=env).status()["decision"]["reason"] == {
        "kind": "signature_match",
        "recordedPid": gateway.pid,
    }
    with pytest.raises(clawscope.AdoptRefusedError, match="does not listen"):
        clawscope.Gateway(ours, env=env).adopt(gateway.pid + 1_000_000)
