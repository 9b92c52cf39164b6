"""clawscope: understand a machine running OpenClaw — sessions, transcript events, and who owns the gateway.

Every function converts its arguments, calls one function of the Rust library and converts the result:

- documents come back as plain ``dict``/``list`` values whose keys are the Rust serde names (see
  :mod:`clawscope.types`); each document API also has a ``*_json`` variant returning the canonical JSON string,
  byte-identical to what Rust and Node produce;
- errors are :class:`ClawscopeError` subclasses with ``.code`` (a stable string such as ``"GATEWAY_FOREIGN"``) and
  ``.details`` (structured data or ``None``); a foreign gateway's message is ClawPanel's exact text;
- an argument of the wrong Python type (``port="18789"``, ``port=True``, ``pid=1.5``) raises the builtin
  ``TypeError``, like any other mistyped argument; an ``int`` out of range (``port=0``, ``-1``, ``70000``,
  ``2**70``, ``pid=-1``) raises :class:`InvalidArgumentError` with code ``INVALID_PORT`` / ``INVALID_PID``; a path
  that is not valid UTF-8 raises :class:`InvalidPathError`; a bug (a Rust panic) raises :class:`InternalError`;
- calls that read files or probe processes release the GIL; classes are immutable and thread-safe.
"""

from clawscope import _native, types
from clawscope._native import (
    Gateway,
    StateDir,
    __version__,
    decide_ownership,
    decide_ownership_json,
    discover_installs,
    discover_installs_json,
    error_codes,
    foreign_gateway_message,
    gateway_evidence,
    gateway_evidence_json,
    parse_launchctl_print,
    parse_listeners,
    parse_listeners_json,
    parse_owner_record,
    parse_owner_record_json,
    parse_session_key,
    parse_session_key_json,
    probe_port,
    probe_port_json,
)
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
    "Gateway",
    "GatewayError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidPathError",
    "InvalidSessionKeyError",
    "NotFoundError",
    "OwnerRecordCorruptError",
    "PermissionDeniedError",
    "SessionNotFoundError",
    "StateDir",
    "StoreError",
    "__version__",
    "_native",
    "decide_ownership",
    "decide_ownership_json",
    "discover_installs",
    "discover_installs_json",
    "error_codes",
    "foreign_gateway_message",
    "gateway_evidence",
    "gateway_evidence_json",
    "parse_launchctl_print",
    "parse_listeners",
    "parse_listeners_json",
    "parse_owner_record",
    "parse_owner_record_json",
    "parse_session_key",
    "parse_session_key_json",
    "probe_port",
    "probe_port_json",
    "types",
]
