"""Names, types and the error hierarchy of the Python package."""

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
