"""clawscope: understand a machine running OpenClaw — sessions, transcript events, and who owns the gateway."""

from clawscope import _native
from clawscope._native import __version__, error_codes
from clawscope.errors import (
    AdoptRefusedError,
    AgentNotFoundError,
    ClawscopeError,
    ClawscopeOSError,
    ClawscopeTimeoutError,
    ConfigError,
    ForeignGatewayError,
    GatewayError,
    InternalError,
    InvalidArgumentError,
    InvalidPathError,
    InvalidSessionKeyError,
    NotFoundError,
    OwnerRecordCorruptError,
    PermissionDeniedError,
    SessionNotFoundError,
    StoreError,
)

__all__ = [
    "AdoptRefusedError",
    "AgentNotFoundError",
    "ClawscopeError",
    "ClawscopeOSError",
    "ClawscopeTimeoutError",
    "ConfigError",
    "ForeignGatewayError",
    "GatewayError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidPathError",
    "InvalidSessionKeyError",
    "NotFoundError",
    "OwnerRecordCorruptError",
    "PermissionDeniedError",
    "SessionNotFoundError",
    "StoreError",
    "__version__",
    "_native",
    "error_codes",
]
