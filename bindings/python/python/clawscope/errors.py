"""The exception hierarchy of clawscope. Every exception carries ``.code`` (a stable string such as
``"GATEWAY_FOREIGN"``) and ``.details`` (structured data or ``None``)."""

from __future__ import annotations

from typing import Any


class ClawscopeError(Exception):
    """Base class of every error raised by clawscope."""

    code: str
    details: Any

    def __init__(self, message: str, code: str = "INTERNAL", details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


class GatewayError(ClawscopeError):
    """The gateway is not running, or its port is held by another process."""


class ForeignGatewayError(GatewayError):
    """A gateway runs on the port but belongs to another panel instance (``GATEWAY_FOREIGN``)."""


class AdoptRefusedError(GatewayError):
    """Adopting a running gateway was refused: it serves another install (``GATEWAY_ADOPT_REFUSED``)."""


class OwnerRecordCorruptError(ClawscopeError, ValueError):
    """``gateway-owner.json`` exists but cannot be understood (``OWNER_RECORD_CORRUPT``)."""


class ConfigError(ClawscopeError, ValueError):
    """A config file cannot be parsed or holds an invalid value (``CONFIG_INVALID``)."""


class InvalidArgumentError(ClawscopeError, ValueError):
    """An argument is out of range (``INVALID_ARGUMENT``, ``INVALID_PORT``, ``INVALID_PID``)."""


class InvalidSessionKeyError(InvalidArgumentError):
    """A session key does not follow the grammar (``INVALID_SESSION_KEY``)."""


class InvalidPathError(ClawscopeError, ValueError):
    """A path escapes its directory, is not UTF-8 or is the wrong kind of file (``INVALID_PATH``)."""


class SessionNotFoundError(ClawscopeError, LookupError):
    """No session with that key (``SESSION_NOT_FOUND``)."""


class AgentNotFoundError(ClawscopeError, LookupError):
    """No agent with that id (``AGENT_NOT_FOUND``)."""


class StoreError(ClawscopeError):
    """A session store or transcript cannot be read (``STORE_CORRUPT``, ``TRANSCRIPT_CORRUPT``, ``SQLITE_ERROR``)."""


class ClawscopeOSError(ClawscopeError, OSError):
    """An operating-system error (``IO_ERROR``)."""


class NotFoundError(ClawscopeOSError, FileNotFoundError):
    """A file or directory that must exist does not (``NOT_FOUND``)."""


class PermissionDeniedError(ClawscopeOSError, PermissionError):
    """The operating system refused access (``PERMISSION_DENIED``)."""


class ClawscopeTimeoutError(ClawscopeError, TimeoutError):
    """A timeout elapsed (``TIMEOUT``)."""


class InternalError(ClawscopeError):
    """A bug in clawscope, e.g. a panic caught at the binding boundary (``INTERNAL``)."""
