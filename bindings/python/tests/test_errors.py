"""Each error family reaches Python as its ``ClawscopeError`` subclass with ``.code``, the Rust message and
``.details``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import clawscope
import pytest

FOREIGN_TEXT = (
    "检测到端口 {port} 上已有其他 OpenClaw Gateway 正在运行{pid}，且不属于当前面板实例。"
    "为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。"
)


def foreign_setup(tmp_path: Path) -> Path:
    """An openclaw dir whose owner file (Tauri dialect) names another dir on the same port."""
    (tmp_path / "openclaw.json").write_text('{"gateway": {"port": 18789}}', encoding="utf-8")
    owner = {
        "port": 18789,
        "openclaw_dir": str(tmp_path / "elsewhere"),
        "pid": 1,
        "started_at": "2026-05-24T04:08:42+08:00",
        "started_by": "clawpanel",
    }
    (tmp_path / "gateway-owner.json").write_text(json.dumps(owner), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("pid", [5151, None])
def test_foreign_gateway_error(tmp_path: Path, pid: int | None) -> None:
    gw = clawscope.Gateway(foreign_setup(tmp_path), runtime={"running": True, "pid": pid})
    with pytest.raises(clawscope.ForeignGatewayError) as info:
        gw.ensure_owned()
    err = info.value
    assert isinstance(err, clawscope.GatewayError)
    assert isinstance(err, clawscope.ClawscopeError)
    assert err.code == "GATEWAY_FOREIGN"
    assert str(err) == FOREIGN_TEXT.format(port=18789, pid=f" (PID: {pid})" if pid else "")
    assert str(err) == clawscope.foreign_gateway_message(18789, pid)
    assert isinstance(err.details, dict)
    decision = err.details["decision"]
    assert decision["ownership"] == "foreign"
    assert decision["reason"] == {
        "kind": "dir_mismatch",
        "recorded": str(tmp_path / "elsewhere"),
        "current": str(tmp_path),
    }
    assert decision["pid"] == pid
    assert "evidence" in err.details
    # The foreign record is left alone.
    assert json.loads((tmp_path / "gateway-owner.json").read_text(encoding="utf-8"))["pid"] == 1


def test_not_running(tmp_path: Path) -> None:
    gw = clawscope.Gateway(tmp_path, runtime={"running": False})
    with pytest.raises(clawscope.GatewayError) as info:
        gw.claim()
    assert type(info.value) is clawscope.GatewayError
    assert info.value.code == "GATEWAY_NOT_RUNNING"
    assert str(info.value) == "Gateway 未运行，无需认领"
    assert info.value.details is None
    assert not (tmp_path / "gateway-owner.json").exists()


@pytest.mark.parametrize("port", [0, -1, 65536, 70000, 2**70, -(2**70)])
def test_invalid_port(tmp_path: Path, port: int) -> None:
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        clawscope.Gateway(tmp_path, port=port)
    assert info.value.code == "INVALID_PORT"
    assert isinstance(info.value, ValueError)
    assert str(port)[:20] in str(info.value)
    for call in (clawscope.probe_port, clawscope.foreign_gateway_message):
        with pytest.raises(clawscope.InvalidArgumentError) as info:
            call(port)
        assert info.value.code == "INVALID_PORT"


@pytest.mark.parametrize("pid", [-1, 2**32, 2**70])
def test_invalid_pid(tmp_path: Path, pid: int) -> None:
    gw = clawscope.Gateway(tmp_path, runtime={"running": True, "pid": 7})
    for method in (gw.ensure_owned, gw.claim, gw.adopt):
        with pytest.raises(clawscope.InvalidArgumentError) as info:
            method(pid)
        assert info.value.code == "INVALID_PID"
    assert not (tmp_path / "gateway-owner.json").exists()


def test_invalid_path(tmp_path: Path) -> None:
    not_utf8 = os.fsdecode(bytes(tmp_path) + b"/\xff")
    with pytest.raises(clawscope.InvalidPathError) as info:
        clawscope.Gateway(not_utf8)
    assert info.value.code == "INVALID_PATH"
    assert isinstance(info.value, ValueError)


def test_io_errors_are_os_errors(tmp_path: Path) -> None:
    # A config path that is a directory cannot be read.
    with pytest.raises(clawscope.ClawscopeOSError) as info:
        clawscope.Gateway(tmp_path, config_path=tmp_path)
    assert isinstance(info.value, OSError)
    assert info.value.code == "IO_ERROR"


def test_adopt_refused_for_a_process_that_is_not_this_installs_gateway(tmp_path: Path, listener: object) -> None:
    from conftest import Listener

    assert isinstance(listener, Listener)
    (tmp_path / "openclaw.json").write_text(f'{{"gateway": {{"port": {listener.port}}}}}', encoding="utf-8")
    gw = clawscope.Gateway(tmp_path, env={"HOME": str(tmp_path)})
    with pytest.raises(clawscope.AdoptRefusedError) as info:
        gw.adopt()
    assert info.value.code == "GATEWAY_ADOPT_REFUSED"
    assert isinstance(info.value.details, dict)
    assert info.value.details["port"] == listener.port
    assert [entry["pid"] for entry in info.value.details["listeners"]] == [listener.pid]
    assert not (tmp_path / "gateway-owner.json").exists()


def test_decide_input_of_the_wrong_shape() -> None:
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        clawscope.decide_ownership({"runtime": {"running": True}})  # type: ignore[typeddict-item]
    assert info.value.code == "INVALID_ARGUMENT"
    assert "signature" in str(info.value)


def test_error_codes_have_a_class_each() -> None:
    codes = clawscope.error_codes()
    assert len(codes) == len(set(codes))
    assert {"GATEWAY_FOREIGN", "GATEWAY_NOT_RUNNING", "INVALID_PORT", "INVALID_PID", "INVALID_SESSION_KEY"} <= set(
        codes
    )


def test_a_rust_panic_becomes_internal_error() -> None:
    from clawscope import _native

    with pytest.raises(clawscope.InternalError) as info:
        _native._panic_for_tests("boom")
    assert info.value.code == "INTERNAL"
    assert str(info.value) == "internal error: boom"
    # The interpreter is fine afterwards.
    assert clawscope.parse_session_key("agent:main:main")["kind"] == "main"


def test_config_error(tmp_path: Path) -> None:
    (tmp_path / "openclaw.json").write_text("{ this is not json5", encoding="utf-8")
    with pytest.raises(clawscope.ConfigError) as info:
        clawscope.StateDir(tmp_path).agents()
    assert info.value.code == "CONFIG_INVALID"
    assert isinstance(info.value, ValueError)
    assert str(tmp_path / "openclaw.json") in str(info.value)
