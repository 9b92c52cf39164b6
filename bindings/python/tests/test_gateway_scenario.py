"""Issue 3's done criterion from Python: a script creates an openclaw dir with a config and an owner file of either
ClawPanel dialect and gets the right ``status()`` / ``ensure_owned()`` outcome against a real listener process on
127.0.0.1 (found by the real port probe, not injected)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import clawscope
import pytest

from conftest import Listener


def openclaw_dir(root: Path, port: int, owner: dict[str, Any] | None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "openclaw.json").write_text(
        "// written by the test\n{ gateway: { port: %d, bind: 'loopback' } }\n" % port, encoding="utf-8"
    )
    if owner is not None:
        (root / "gateway-owner.json").write_text(json.dumps(owner), encoding="utf-8")
    return root


def tauri_owner(directory: Path, port: int, pid: int) -> dict[str, Any]:
    return {
        "port": port,
        "cli_path": None,
        "openclaw_dir": str(directory),
        "pid": pid,
        "started_at": "2026-11-26T10:00:00+08:00",
        "started_by": "clawpanel",
    }


def web_owner(directory: Path, port: int, pid: int) -> dict[str, Any]:
    return {
        "port": port,
        "cliPath": None,
        "openclawDir": str(directory),
        "pid": pid,
        "startedAt": "2026-11-26T02:00:00.000Z",
        "startedBy": "clawpanel",
    }


@pytest.mark.parametrize("dialect", [tauri_owner, web_owner], ids=["tauri", "web"])
def test_owner_file_of_either_dialect_is_owned(tmp_path: Path, listener: Listener, dialect: Any) -> None:
    directory = openclaw_dir(tmp_path / "oc", listener.port, None)
    (directory / "gateway-owner.json").write_text(
        json.dumps(dialect(directory, listener.port, listener.pid)), encoding="utf-8"
    )
    gw = clawscope.Gateway(directory)
    assert (gw.port, gw.port_source) == (listener.port, "config")
    status = gw.status()
    assert status["running"] is True
    assert status["pid"] == listener.pid
    assert status["ownership"] == "owned"
    assert status["owned_by_current_instance"] is True
    assert status["decision"]["action"] == "none"
    assert status["decision"]["reason"] == {"kind": "signature_match", "recordedPid": listener.pid}
    assert gw.ensure_owned()["ownership"] == "owned"
    assert gw.runtime()["pid"] == listener.pid
    assert json.loads(gw.status_json()) == gw.status()
    probe = clawscope.probe_port(listener.port)
    assert json.loads(clawscope.probe_port_json(listener.port)) == probe
    assert [entry["pid"] for entry in probe["listeners"]] == [listener.pid]
    assert all(entry["localAddress"] == "127.0.0.1" for entry in probe["listeners"])
    assert all(entry["isGateway"] is False for entry in probe["listeners"])


def test_no_owner_file_is_claimed_then_pid_drift_is_refreshed(tmp_path: Path, listener: Listener) -> None:
    directory = openclaw_dir(tmp_path / "oc", listener.port, None)
    gw = clawscope.Gateway(directory)
    status = gw.status()
    assert (status["ownership"], status["decision"]["action"]) == ("owned", "claim")
    outcome = gw.read_owner()
    assert outcome["status"] == "valid"
    record = json.loads((directory / "gateway-owner.json").read_text(encoding="utf-8"))
    # Written in both dialects, so both ClawPanel backends accept it.
    assert record["openclawDir"] == record["openclaw_dir"] == str(directory)
    assert record["startedBy"] == record["started_by"] == "clawpanel"
    assert record["pid"] == listener.pid
    (directory / "gateway-owner.json").write_text(
        json.dumps(web_owner(directory, listener.port, 999_999)), encoding="utf-8"
    )
    decision = gw.ensure_owned()
    assert (decision["ownership"], decision["action"], decision["pid"]) == ("owned", "refresh_pid", listener.pid)
    assert json.loads((directory / "gateway-owner.json").read_text(encoding="utf-8"))["pid"] == listener.pid


def test_write_read_clear_owner(tmp_path: Path) -> None:
    directory = openclaw_dir(tmp_path / "oc", 18790, None)
    gw = clawscope.Gateway(directory, runtime={"running": False})
    record = gw.write_owner(4242)
    assert (record["port"], record["pid"], record["openclawDir"], record["startedBy"]) == (
        18790,
        4242,
        str(directory),
        "clawpanel",
    )
    assert gw.read_owner() == {"status": "valid", "record": record}
    assert json.loads(gw.read_owner_json()) == gw.read_owner()
    assert gw.clear_owner() is True
    assert gw.clear_owner() is False
    assert gw.read_owner() == {"status": "missing"}


def test_foreign_dir_raises_clawpanels_text(tmp_path: Path, listener: Listener) -> None:
    other = tmp_path / "other-install"
    directory = openclaw_dir(tmp_path / "oc", listener.port, tauri_owner(other, listener.port, listener.pid))
    gw = clawscope.Gateway(directory)
    assert gw.status()["ownership"] == "foreign"
    with pytest.raises(clawscope.ForeignGatewayError) as info:
        gw.ensure_owned()
    assert str(info.value) == clawscope.foreign_gateway_message(listener.port, listener.pid)
    assert f"(PID: {listener.pid})" in str(info.value)
    assert info.value.details["decision"]["reason"]["kind"] == "dir_mismatch"


def test_stopped_after_the_listener_exits(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    directory = openclaw_dir(tmp_path / "oc", port, None)
    status = clawscope.Gateway(directory).status()
    assert (status["running"], status["pid"], status["ownership"]) == (False, None, "stopped")
    assert not (directory / "gateway-owner.json").exists()
    with pytest.raises(clawscope.GatewayError) as info:
        clawscope.Gateway(directory).claim()
    assert info.value.code == "GATEWAY_NOT_RUNNING"


def test_config_and_signature_never_show_secrets(tmp_path: Path) -> None:
    (tmp_path / "openclaw.json").write_text(
        "\ufeff{ gateway: { port: '18795', bind: 'lan', auth: { mode: 'token', token: 's3cr3t-token' } } }",
        encoding="utf-8",
    )
    gw = clawscope.Gateway(tmp_path, cli_path=tmp_path / "bin" / "openclaw")
    config = gw.config()
    assert (config["port"], config["portSource"], config["bind"], config["authMode"]) == (18795, "config", "lan", "token")
    assert config["authToken"] == "<redacted>"
    assert "s3cr3t" not in json.dumps(config) + repr(gw) + json.dumps(gw.status())
    assert gw.signature() == {"port": 18795, "openclawDir": str(tmp_path), "cliPath": str(tmp_path / "bin" / "openclaw")}
