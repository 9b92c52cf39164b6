//! How a failed command ends: `error[CODE]: message` on stderr and a documented exit code.

use std::fmt;
use std::process::ExitCode;

use clawscope::{Error, ErrorCode};

/// Exit code of a generic error.
pub(crate) const EXIT_ERROR: u8 = 1;
/// Exit code of a usage error (also clap's).
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code when the gateway belongs to another install or panel.
pub(crate) const EXIT_FOREIGN: u8 = 3;
/// Exit code of an unknown session, agent or file.
pub(crate) const EXIT_NOT_FOUND: u8 = 4;

/// A command failure: a stable code, a message (never a secret) and the exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    /// The stable code (`SESSION_NOT_FOUND`, …).
    pub(crate) code: &'static str,
    /// The message.
    pub(crate) message: String,
    /// The process exit code.
    pub(crate) exit: u8,
}

impl Failure {
    /// A usage failure with the `INVALID_ARGUMENT` code.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: ErrorCode::InvalidArgument.as_str(),
            message: message.into(),
            exit: EXIT_USAGE,
        }
    }

    /// The process exit code.
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.exit)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error[{}]: {}", self.code, self.message)
    }
}

/// The exit code of a library error code.
pub(crate) fn exit_for(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::GatewayForeign | ErrorCode::GatewayAdoptRefused => EXIT_FOREIGN,
        ErrorCode::SessionNotFound | ErrorCode::AgentNotFound | ErrorCode::NotFound => EXIT_NOT_FOUND,
        ErrorCode::InvalidArgument
        | ErrorCode::InvalidSessionKey
        | ErrorCode::InvalidPort
        | ErrorCode::InvalidPid => EXIT_USAGE,
        _ => EXIT_ERROR,
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let code = e.code();
        Failure {
            code: code.as_str(),
            message: e.to_string(),
            exit: exit_for(code),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure {
            code: ErrorCode::Io.as_str(),
            message: e.to_string(),
            exit: EXIT_ERROR,
        }
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure {
            code: ErrorCode::Internal.as_str(),
            message: format!("JSON output: {e}"),
            exit: EXIT_ERROR,
        }
    }
}

/// The result of a command: an exit code on success (0, or 3 for a status that found a foreign gateway).
pub(crate) type CmdResult = Result<u8, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_documented_exit_codes() {
        let f = Failure::from(Error::SessionNotFound {
            key: "agent:x:main".into(),
        });
        assert_eq!((f.code, f.exit), ("SESSION_NOT_FOUND", EXIT_NOT_FOUND));
        assert_eq!(
            f.to_string(),
            "error[SESSION_NOT_FOUND]: session not found: agent:x:main"
        );
        let f = Failure::from(Error::GatewayForeign {
            port: 18789,
            pid: Some(7),
            details: None,
        });
        assert_eq!(f.exit, EXIT_FOREIGN);
        assert!(f.message.contains("(PID: 7)"));
        assert_eq!(
            Failure::from(Error::invalid_argument("limit", "bad")).exit,
            EXIT_USAGE
        );
        assert_eq!(Failure::from(Error::GatewayNotRunning).exit, EXIT_ERROR);
        assert_eq!(Failure::usage("x").code, "INVALID_ARGUMENT");
    }
}
