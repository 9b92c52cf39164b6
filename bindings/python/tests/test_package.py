"""Names, types and the error hierarchy of the Python package."""

from pathlib import Path

import clawscope
import pytest


def test_version_is_a_string() -> None:
    assert isinstance(clawscope.__version__, str)
    assert clawscope.__version__.count(".") == 2


def test_error_codes_are_stable_strings() -> None:
    codes = clawscope.error_codes()
    assert "GATEWAY_FOREIGN" in codes
    assert "SESSION_NOT_FOUND" in codes
    assert all(code.isupper() or "_" in code for code in codes)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (clawscope.InvalidArgumentError, ValueError),
        (clawscope.InvalidSessionKeyError, ValueError),
        (clawscope.SessionNotFoundError, LookupError),
        (clawscope.NotFoundError, FileNotFoundError),
        (clawscope.PermissionDeniedError, PermissionError),
        (clawscope.ClawscopeTimeoutError, TimeoutError),
    ],
)
def test_errors_are_also_builtin_exceptions(cls: type, builtin: type) -> None:
    err = cls("message", "SOME_CODE", {"k": 1})
    assert isinstance(err, clawscope.ClawscopeError)
    assert isinstance(err, builtin)
    assert err.code == "SOME_CODE"
    assert err.details == {"k": 1}
    assert str(err) == "message"


def test_foreign_gateway_error_is_a_gateway_error() -> None:
    assert issubclass(clawscope.ForeignGatewayError, clawscope.GatewayError)


def test_public_names_are_exported() -> None:
    from clawscope import _native

    for name in clawscope.__all__:
        assert hasattr(clawscope, name), name
    public_native = {n for n in _native.__all__ if not n.startswith("_") or n == "__version__"}
    assert public_native <= set(clawscope.__all__)
    assert clawscope.__all__ == sorted(clawscope.__all__)


@pytest.mark.parametrize("cls", [clawscope.Gateway, clawscope.StateDir])
def test_classes_are_native_frozen_and_final(cls: type) -> None:
    assert cls.__module__ == "clawscope._native"
    with pytest.raises(TypeError):
        type("Sub", (cls,), {})


def test_instances_are_immutable(tmp_path: Path) -> None:
    gw = clawscope.Gateway(tmp_path)
    with pytest.raises(AttributeError):
        gw.port = 1  # type: ignore[misc]
    assert repr(gw) == f'Gateway(openclaw_dir="{tmp_path}", port=18789, cli_path=None)'
    state = clawscope.StateDir(tmp_path)
    with pytest.raises(AttributeError):
        state.path = "/"  # type: ignore[misc]
    assert repr(state) == f'StateDir("{tmp_path}")'


def test_error_classes_live_in_clawscope_errors() -> None:
    assert clawscope.ForeignGatewayError.__module__ == "clawscope.errors"
    assert issubclass(clawscope.AdoptRefusedError, clawscope.GatewayError)
    assert issubclass(clawscope.InvalidSessionKeyError, clawscope.InvalidArgumentError)
