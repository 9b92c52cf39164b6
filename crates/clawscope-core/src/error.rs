//! The one error model of clawscope.
//!
//! Every fallible API in the Rust crates returns [`Result<T>`](Result), whose error is [`Error`]. Each variant maps
//! to a stable [`ErrorCode`] string (`GATEWAY_FOREIGN`, `INVALID_SESSION_KEY`, …) that the Python and Node bindings
//! expose as `.code`. Codes are part of the public contract: they never change meaning, and new ones are only added.
//!
//! Messages never contain secrets (gateway tokens, passwords): no variant stores one.

use std::fmt;

use serde::Serialize;

/// The result type of every fallible clawscope API.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A stable, machine-readable error code. [`ErrorCode::as_str`] is what bindings expose as `.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "&'static str")]
#[non_exhaustive]
pub enum ErrorCode {
    /// A gateway is running on the port and belongs to another panel instance or install.
    GatewayForeign,
    /// The operation needs a running gateway and none is running.
    GatewayNotRunning,
    /// Adopting a running gateway was refused because the evidence says it serves another install.
    GatewayAdoptRefused,
    /// The port is held by a process that is not an OpenClaw gateway.
    PortInUse,
    /// `gateway-owner.json` exists but cannot be understood.
    OwnerRecordCorrupt,
    /// `openclaw.json` (or another config file) cannot be parsed or holds an invalid value.
    ConfigInvalid,
    /// A port number is out of range or not a number.
    InvalidPort,
    /// A process id is out of range or not a number.
    InvalidPid,
    /// A session key is empty, too long, holds control characters or does not follow the grammar.
    InvalidSessionKey,
    /// No session with that key exists in the state dir.
    SessionNotFound,
    /// No agent with that id exists in the state dir.
    AgentNotFound,
    /// A path is not valid UTF-8, escapes the directory it must stay in, or names the wrong kind of file.
    InvalidPath,
    /// A session store (`sessions.json` or the SQLite database) cannot be parsed.
    StoreCorrupt,
    /// A transcript cannot be read as JSON lines at all (individual bad lines are diagnostics, not errors).
    TranscriptCorrupt,
    /// The SQLite library reported an error.
    Sqlite,
    /// A caller-supplied argument is out of its documented range.
    InvalidArgument,
    /// A file or directory that must exist does not.
    NotFound,
    /// The operating system refused access.
    PermissionDenied,
    /// Any other I/O failure.
    Io,
    /// A timeout elapsed.
    Timeout,
    /// A bug in clawscope (for example a panic caught at a binding boundary).
    Internal,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::GatewayForeign,
        ErrorCode::GatewayNotRunning,
        ErrorCode::GatewayAdoptRefused,
        ErrorCode::PortInUse,
        ErrorCode::OwnerRecordCorrupt,
        ErrorCode::ConfigInvalid,
        ErrorCode::InvalidPort,
        ErrorCode::InvalidPid,
        ErrorCode::InvalidSessionKey,
        ErrorCode::SessionNotFound,
        ErrorCode::AgentNotFound,
        ErrorCode::InvalidPath,
        ErrorCode::StoreCorrupt,
        ErrorCode::TranscriptCorrupt,
        ErrorCode::Sqlite,
        ErrorCode::InvalidArgument,
        ErrorCode::NotFound,
        ErrorCode::PermissionDenied,
        ErrorCode::Io,
        ErrorCode::Timeout,
        ErrorCode::Internal,
    ];

    /// The stable string form, e.g. `"GATEWAY_FOREIGN"`.
    ///
    /// ```
    /// assert_eq!(clawscope_core::ErrorCode::SessionNotFound.as_str(), "SESSION_NOT_FOUND");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::GatewayForeign => "GATEWAY_FOREIGN",
            ErrorCode::GatewayNotRunning => "GATEWAY_NOT_RUNNING",
            ErrorCode::GatewayAdoptRefused => "GATEWAY_ADOPT_REFUSED",
            ErrorCode::PortInUse => "PORT_IN_USE",
            ErrorCode::OwnerRecordCorrupt => "OWNER_RECORD_CORRUPT",
            ErrorCode::ConfigInvalid => "CONFIG_INVALID",
            ErrorCode::InvalidPort => "INVALID_PORT",
            ErrorCode::InvalidPid => "INVALID_PID",
            ErrorCode::InvalidSessionKey => "INVALID_SESSION_KEY",
            ErrorCode::SessionNotFound => "SESSION_NOT_FOUND",
            ErrorCode::AgentNotFound => "AGENT_NOT_FOUND",
            ErrorCode::InvalidPath => "INVALID_PATH",
            ErrorCode::StoreCorrupt => "STORE_CORRUPT",
            ErrorCode::TranscriptCorrupt => "TRANSCRIPT_CORRUPT",
            ErrorCode::Sqlite => "SQLITE_ERROR",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::PermissionDenied => "PERMISSION_DENIED",
            ErrorCode::Io => "IO_ERROR",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

impl From<ErrorCode> for &'static str {
    fn from(code: ErrorCode) -> Self {
        code.as_str()
    }
}

impl AsRef<str> for ErrorCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ClawPanel's exact foreign-gateway text (`clawpanel-gateway.md` §1.8). ClawPanel's frontend recognises it by
/// its substrings, so it must not change by a single character.
///
/// ```
/// let text = clawscope_core::error::foreign_gateway_message(18789, None);
/// assert!(text.starts_with("检测到端口 18789 上已有其他 OpenClaw Gateway 正在运行，且不属于当前面板实例。"));
/// ```
pub fn foreign_gateway_message(port: u16, pid: Option<u32>) -> String {
    let pid_text = match pid {
        Some(pid) if pid > 0 => format!(" (PID: {pid})"),
        _ => String::new(),
    };
    format!(
        "检测到端口 {port} 上已有其他 OpenClaw Gateway 正在运行{pid_text}，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。"
    )
}

/// Every error clawscope reports. Match on [`Error::code`] rather than on variants: variants may gain fields.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gateway runs on the port but belongs to another panel instance or install. The message is ClawPanel's text.
    #[error("{}", foreign_gateway_message(*port, *pid))]
    GatewayForeign {
        /// The current gateway port.
        port: u16,
        /// The listening pid, when known.
        pid: Option<u32>,
        /// Structured evidence (why the gateway is foreign), as JSON.
        details: Option<Box<serde_json::Value>>,
    },
    /// The operation needs a running gateway. The message is ClawPanel's text.
    #[error("Gateway 未运行，无需认领")]
    GatewayNotRunning,
    /// Adoption refused: the running gateway serves another install.
    #[error("gateway adoption refused: {reason}")]
    GatewayAdoptRefused {
        /// A sentence saying what the gateway serves instead.
        reason: String,
        /// Structured evidence, as JSON.
        details: Option<Box<serde_json::Value>>,
    },
    /// The port is held by a process that is not a gateway.
    #[error("端口 {port} 已被其他进程 (PID {}) 占用，无法操作", pid.map_or_else(|| "null".to_owned(), |p| p.to_string()))]
    PortInUse {
        /// The port.
        port: u16,
        /// The holder's pid, when known.
        pid: Option<u32>,
    },
    /// `gateway-owner.json` exists but cannot be understood.
    #[error("corrupt owner record: {reason}")]
    OwnerRecordCorrupt {
        /// What is wrong with it.
        reason: String,
    },
    /// A config file cannot be parsed or holds an invalid value.
    #[error("invalid config{}: {reason}", path.as_ref().map(|p| format!(" {p}")).unwrap_or_default())]
    ConfigInvalid {
        /// The file, when known.
        path: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// A port is out of range or not a number.
    #[error("invalid port {value}: {reason}")]
    InvalidPort {
        /// The value as given (shortened).
        value: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A pid is out of range or not a number.
    #[error("invalid pid {value}: {reason}")]
    InvalidPid {
        /// The value as given (shortened).
        value: String,
        /// Why it is invalid.
        reason: String,
    },
    /// A session key that does not follow the grammar.
    #[error("invalid session key {key:?}: {reason}")]
    InvalidSessionKey {
        /// The key as given (shortened to 80 characters, control characters escaped by `Debug`).
        key: String,
        /// Why it is invalid.
        reason: String,
    },
    /// No session with that key.
    #[error("session not found: {key}")]
    SessionNotFound {
        /// The key.
        key: String,
    },
    /// No agent with that id.
    #[error("agent not found: {agent_id}")]
    AgentNotFound {
        /// The agent id.
        agent_id: String,
    },
    /// A path that is not valid UTF-8, escapes its directory or is the wrong kind of file.
    #[error("invalid path {path:?}: {reason}")]
    InvalidPath {
        /// The path (lossy UTF-8).
        path: String,
        /// Why it is refused.
        reason: String,
    },
    /// A session store that cannot be parsed.
    #[error("corrupt session store {path}: {reason}")]
    StoreCorrupt {
        /// The store file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A transcript that cannot be read at all.
    #[error("corrupt transcript {path}: {reason}")]
    TranscriptCorrupt {
        /// The transcript file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// An error from SQLite.
    #[error("sqlite error in {path}: {message}")]
    Sqlite {
        /// The database file.
        path: String,
        /// SQLite's message.
        message: String,
    },
    /// An argument out of its documented range.
    #[error("invalid argument {name}: {reason}")]
    InvalidArgument {
        /// The argument's name.
        name: String,
        /// Why it is invalid.
        reason: String,
    },
    /// An I/O error, with the operation and path that failed. The code follows the I/O error kind.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was being done (`"read"`, `"write"`, `"rename"`, …).
        op: &'static str,
        /// The path involved.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A timeout elapsed.
    #[error("timed out: {what}")]
    Timeout {
        /// What timed out.
        what: String,
    },
    /// A bug in clawscope.
    #[error("internal error: {message}")]
    Internal {
        /// What happened.
        message: String,
    },
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::GatewayForeign { .. } => ErrorCode::GatewayForeign,
            Error::GatewayNotRunning => ErrorCode::GatewayNotRunning,
            Error::GatewayAdoptRefused { .. } => ErrorCode::GatewayAdoptRefused,
            Error::PortInUse { .. } => ErrorCode::PortInUse,
            Error::OwnerRecordCorrupt { .. } => ErrorCode::OwnerRecordCorrupt,
            Error::ConfigInvalid { .. } => ErrorCode::ConfigInvalid,
            Error::InvalidPort { .. } => ErrorCode::InvalidPort,
            Error::InvalidPid { .. } => ErrorCode::InvalidPid,
            Error::InvalidSessionKey { .. } => ErrorCode::InvalidSessionKey,
            Error::SessionNotFound { .. } => ErrorCode::SessionNotFound,
            Error::AgentNotFound { .. } => ErrorCode::AgentNotFound,
            Error::InvalidPath { .. } => ErrorCode::InvalidPath,
            Error::StoreCorrupt { .. } => ErrorCode::StoreCorrupt,
            Error::TranscriptCorrupt { .. } => ErrorCode::TranscriptCorrupt,
            Error::Sqlite { .. } => ErrorCode::Sqlite,
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => ErrorCode::NotFound,
                std::io::ErrorKind::PermissionDenied => ErrorCode::PermissionDenied,
                _ => ErrorCode::Io,
            },
            Error::Timeout { .. } => ErrorCode::Timeout,
            Error::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// Structured details for bindings (`.details` in Python and Node), when the error carries any.
    pub fn details(&self) -> Option<&serde_json::Value> {
        match self {
            Error::GatewayForeign { details, .. } | Error::GatewayAdoptRefused { details, .. } => {
                details.as_deref()
            }
            _ => None,
        }
    }

    /// The foreign-gateway error with ClawPanel's exact text.
    ///
    /// ```
    /// let err = clawscope_core::Error::foreign_gateway(18790, None);
    /// assert!(!err.to_string().contains("PID"));
    /// ```
    pub fn foreign_gateway(port: u16, pid: Option<u32>) -> Self {
        Error::GatewayForeign {
            port,
            pid,
            details: None,
        }
    }

    /// An I/O error with the operation and the path.
    pub fn io(op: &'static str, path: impl fmt::Display, source: std::io::Error) -> Self {
        Error::Io {
            op,
            path: path.to_string(),
            source,
        }
    }

    /// An invalid-argument error.
    pub fn invalid_argument(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name: name.into(),
            reason: reason.into(),
        }
    }

    /// An invalid-path error.
    pub fn invalid_path(path: impl fmt::Display, reason: impl Into<String>) -> Self {
        Error::InvalidPath {
            path: path.to_string(),
            reason: reason.into(),
        }
    }

    /// An invalid-session-key error; the key is shortened to 80 characters so a hostile key cannot flood a log.
    pub fn invalid_session_key(key: &str, reason: impl Into<String>) -> Self {
        Error::InvalidSessionKey {
            key: shorten(key, 80),
            reason: reason.into(),
        }
    }
}

/// Shortens `text` to at most `max` characters, adding `…` when cut.
///
/// ```
/// assert_eq!(clawscope_core::error::shorten("abcdef", 3), "abc…");
/// assert_eq!(clawscope_core::error::shorten("abc", 3), "abc");
/// ```
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_upper_snake() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{s}");
        }
    }

    #[test]
    fn foreign_text_is_clawpanels() {
        assert_eq!(
            Error::foreign_gateway(18789, Some(4242)).to_string(),
            "检测到端口 18789 上已有其他 OpenClaw Gateway 正在运行 (PID: 4242)，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。"
        );
        assert_eq!(
            Error::foreign_gateway(18790, None).to_string(),
            "检测到端口 18790 上已有其他 OpenClaw Gateway 正在运行，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。"
        );
    }

    #[test]
    fn io_kind_maps_to_code() {
        let err = Error::io("read", "/x", std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(err.code(), ErrorCode::NotFound);
        let err = Error::io(
            "read",
            "/x",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(err.code(), ErrorCode::PermissionDenied);
        let err = Error::io("read", "/x", std::io::Error::other("boom"));
        assert_eq!(err.code(), ErrorCode::Io);
        assert_eq!(err.to_string(), "read /x: boom");
    }

    #[test]
    fn session_key_is_shortened() {
        let long = "a".repeat(10_000);
        match Error::invalid_session_key(&long, "too long") {
            Error::InvalidSessionKey { key, .. } => assert_eq!(key.chars().count(), 81),
            other => panic!("unexpected {other:?}"),
        }
    }
}
