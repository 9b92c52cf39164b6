//! The session state (`toState` of the control center).

use serde::Serialize;

/// A session's run state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Nothing running.
    Idle,
    /// A run is in progress.
    Running,
    /// Blocked (needs support, stuck).
    Blocked,
    /// Waiting for an approval.
    WaitingApproval,
    /// The last run failed.
    Error,
}

impl SessionState {
    /// The wire string (`idle`, `running`, `blocked`, `waiting_approval`, `error`).
    pub const fn as_str(self) -> &'static str {
        match self {
            SessionState::Idle => "idle",
            SessionState::Running => "running",
            SessionState::Blocked => "blocked",
            SessionState::WaitingApproval => "waiting_approval",
            SessionState::Error => "error",
        }
    }

    /// The page label (执行中, 待审批, 阻塞, 异常, 待命).
    pub const fn label_zh(self) -> &'static str {
        match self {
            SessionState::Idle => "待命",
            SessionState::Running => "执行中",
            SessionState::Blocked => "阻塞",
            SessionState::WaitingApproval => "待审批",
            SessionState::Error => "异常",
        }
    }

    /// Parses the wire string.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "idle" => SessionState::Idle,
            "running" => SessionState::Running,
            "blocked" => SessionState::Blocked,
            "waiting_approval" => SessionState::WaitingApproval,
            "error" => SessionState::Error,
            _ => return None,
        })
    }
}

/// The control center's `toState(active, explicitState)`: the lower-cased explicit state is matched against the
/// approval, blocked, error, running and idle word sets in that order; otherwise `active == Some(true)` means
/// running, else idle.
///
/// ```
/// use clawscope_core::detail::{to_state, SessionState};
/// assert_eq!(to_state(None, Some("FAILED")), SessionState::Error);
/// assert_eq!(to_state(Some(true), Some("done")), SessionState::Idle);
/// assert_eq!(to_state(Some(true), Some("killed")), SessionState::Running);
/// assert_eq!(to_state(None, None), SessionState::Idle);
/// ```
pub fn to_state(active: Option<bool>, explicit: Option<&str>) -> SessionState {
    if let Some(state) = explicit {
        let s = state.trim().to_lowercase();
        let s = s.as_str();
        if matches!(
            s,
            "waiting_approval"
                | "pending_approval"
                | "approval_pending"
                | "awaiting_approval"
                | "needs_approval"
        ) {
            return SessionState::WaitingApproval;
        }
        if matches!(s, "blocked" | "needs_support" | "stuck") {
            return SessionState::Blocked;
        }
        if matches!(s, "error" | "failed" | "failure" | "crashed" | "panic") {
            return SessionState::Error;
        }
        if matches!(
            s,
            "running"
                | "active"
                | "busy"
                | "working"
                | "in_progress"
                | "processing"
                | "thinking"
                | "executing"
                | "streaming"
        ) {
            return SessionState::Running;
        }
        if matches!(
            s,
            "idle" | "inactive" | "done" | "completed" | "stopped" | "closed"
        ) {
            return SessionState::Idle;
        }
    }
    if active == Some(true) {
        SessionState::Running
    } else {
        SessionState::Idle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_center_table() {
        assert_eq!(to_state(None, Some("blocked")), SessionState::Blocked);
        assert_eq!(to_state(None, Some("failed")), SessionState::Error);
        assert_eq!(
            to_state(None, Some("pending_approval")),
            SessionState::WaitingApproval
        );
        assert_eq!(to_state(None, Some("busy")), SessionState::Running);
        assert_eq!(to_state(Some(true), Some("done")), SessionState::Idle);
        assert_eq!(to_state(Some(true), None), SessionState::Running);
        assert_eq!(to_state(Some(false), Some("weird")), SessionState::Idle);
    }

    #[test]
    fn wire_strings_round_trip() {
        for s in [
            SessionState::Idle,
            SessionState::Running,
            SessionState::Blocked,
            SessionState::WaitingApproval,
            SessionState::Error,
        ] {
            assert_eq!(SessionState::parse(s.as_str()), Some(s));
            assert!(!s.label_zh().is_empty());
        }
        assert_eq!(SessionState::parse("nope"), None);
    }
}
