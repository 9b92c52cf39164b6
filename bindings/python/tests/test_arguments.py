"""Argument conversion: wrong types raise ``TypeError``, out-of-range ints ``InvalidArgumentError``, ``None`` means
"not given", paths may be ``str`` or ``os.PathLike``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import clawscope
import pytest


@pytest.mark.parametrize("port", ["18789", 18789.0, True, False, b"1", [1]])
def test_port_of_the_wrong_type_is_a_type_error(tmp_path: Path, port: Any) -> None:
    with pytest.raises(TypeError, match="port must be an int"):
        clawscope.Gateway(tmp_path, port=port)
    with pytest.raises(TypeError):
        clawscope.probe_port(port)


@pytest.mark.parametrize("pid", ["7", 7.0, True, {}])
def test_pid_of_the_wrong_type_is_a_type_error(tmp_path: Path, pid: Any) -> None:
    gw = clawscope.Gateway(tmp_path, runtime={"running": True, "pid": 7})
    with pytest.raises(TypeError, match="pid must be an int"):
        gw.ensure_owned(pid)
    with pytest.raises(TypeError):
        clawscope.foreign_gateway_message(18789, pid)


def test_port_range_edges(tmp_path: Path) -> None:
    assert clawscope.Gateway(tmp_path, port=1).port == 1
    assert clawscope.Gateway(tmp_path, port=65535).port == 65535
    assert clawscope.Gateway(tmp_path, port=65535).port_source == "explicit"


def test_pid_zero_means_no_pid(tmp_path: Path) -> None:
    gw = clawscope.Gateway(tmp_path, runtime={"running": True, "pid": None})
    decision = gw.ensure_owned(0)
    assert decision["pid"] is None
    assert clawscope.foreign_gateway_message(18789, 0) == clawscope.foreign_gateway_message(18789)


def test_none_means_not_given(tmp_path: Path) -> None:
    (tmp_path / ".openclaw").mkdir()
    gw = clawscope.Gateway(None, None, None, config_path=None, env={"HOME": str(tmp_path)}, runtime=None)
    assert gw.openclaw_dir == str(tmp_path / ".openclaw")
    assert gw.openclaw_dir_source == "default"
    assert (gw.port, gw.port_source) == (18789, "default")
    assert gw.cli_path is None
    assert gw.config_path == str(tmp_path / ".openclaw" / "openclaw.json")
    assert gw.owner_path == str(tmp_path / ".openclaw" / "gateway-owner.json")
    assert gw.read_owner() == {"status": "missing"}
    fixed = clawscope.Gateway(tmp_path, runtime={"running": True, "pid": None})
    assert fixed.ensure_owned(None)["action"] == "claim"
    assert fixed.ensure_owned(None) == fixed.ensure_owned() == {
        "ownership": "owned",
        "action": "none",
        "reason": {"kind": "signature_match", "recordedPid": None},
        "pid": None,
    }
    assert fixed.status()["pid"] is None


def test_paths_may_be_pathlike_or_str(tmp_path: Path) -> None:
    assert clawscope.Gateway(tmp_path).openclaw_dir == clawscope.Gateway(str(tmp_path)).openclaw_dir
    with pytest.raises(TypeError, match="openclaw_dir must be str or os.PathLike"):
        clawscope.Gateway(bytes(tmp_path))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        clawscope.Gateway(42)  # type: ignore[arg-type]


def test_env_must_map_str_to_str(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="env must be a Mapping"):
        clawscope.Gateway(tmp_path, env=["HOME"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="env must map str to str"):
        clawscope.Gateway(tmp_path, env={"OPENCLAW_GATEWAY_PORT": 18790})  # type: ignore[dict-item]


def test_env_is_used_for_discovery(tmp_path: Path) -> None:
    gw = clawscope.Gateway(tmp_path, env={"HOME": str(tmp_path), "OPENCLAW_GATEWAY_PORT": "18795"})
    assert (gw.port, gw.port_source) == (18795, "env")
    # Without env, an explicit dir ignores the environment (Gateway::new).
    assert clawscope.Gateway(tmp_path).port_source == "default"


def test_runtime_must_be_a_runtime_dict(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="runtime must be a dict"):
        clawscope.Gateway(tmp_path, runtime=True)  # type: ignore[arg-type]
    with pytest.raises(clawscope.InvalidArgumentError) as info:
        clawscope.Gateway(tmp_path, runtime={"running": "yes"})  # type: ignore[arg-type]
    assert info.value.code == "INVALID_ARGUMENT"


@pytest.mark.parametrize("data", [None, 1, ["x"]])
def test_decide_input_must_be_a_dict(data: Any) -> None:
    with pytest.raises(TypeError, match="input must be a dict"):
        clawscope.decide_ownership(data)


def test_decide_input_values_must_be_json() -> None:
    signature = {"port": 18789, "openclawDir": "/home/li/.openclaw", "cliPath": None}
    not_json: Any = {"signature": signature, "runtime": {"running": True, "pid": object()}}
    with pytest.raises(TypeError, match="expected dict, list"):
        clawscope.decide_ownership(not_json)
    nan: Any = {"signature": signature, "runtime": {"running": True, "pid": float("nan")}}
    with pytest.raises(clawscope.InvalidArgumentError):
        clawscope.decide_ownership(nan)
    cyclic: dict[str, Any] = {}
    cyclic["self"] = cyclic
    deep: Any = {"signature": signature, "runtime": {"running": True}, "extra": cyclic}
    with pytest.raises(clawscope.InvalidArgumentError, match="nested deeper"):
        clawscope.decide_ownership(deep)


@pytest.mark.parametrize("data", [None, 1, ["{}"]])
def test_owner_data_must_be_str_or_bytes(data: Any) -> None:
    with pytest.raises(TypeError, match="data must be str or bytes"):
        clawscope.parse_owner_record(data)


def test_session_key_must_be_a_str() -> None:
    with pytest.raises(TypeError):
        clawscope.parse_session_key(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="key must be a str, not bytes"):
        clawscope.parse_session_key(b"agent:main:main")  # type: ignore[arg-type]
