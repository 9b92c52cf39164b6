//! `launchctl print gui/<uid>/<label>`.

use serde::{Deserialize, Serialize};

use super::parse_pid;

/// What `launchctl print` says about a launchd service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaunchdService {
    /// `pid = N`, when present and greater than zero.
    pub pid: Option<u32>,
    /// `state = X` (`running`, `waiting`, `not running`, …).
    pub state: Option<String>,
}

/// Parses `launchctl print` output, reading only lines indented by exactly one tab (nested sections use two or
/// more), as ClawPanel does. The first `pid` and `state` lines win.
///
/// ```
/// use clawscope_core::gateway::listeners::parse_launchctl_print;
///
/// let text = "gui/501/ai.openclaw.gateway = {\n\tstate = running\n\t\tpid = 1\n\tpid = 12345\n}\n";
/// let svc = parse_launchctl_print(text);
/// assert_eq!(svc.pid, Some(12345));
/// assert_eq!(svc.state.as_deref(), Some("running"));
/// ```
pub fn parse_launchctl_print(text: &str) -> LaunchdService {
    let mut out = LaunchdService::default();
    for line in text.lines() {
        let Some(body) = line.strip_prefix('\t') else {
            continue;
        };
        if body.starts_with('\t') {
            continue;
        }
        let Some((key, value)) = body.trim().split_once(" = ") else {
            continue;
        };
        match key.trim() {
            "pid" if out.pid.is_none() => out.pid = parse_pid(value.trim()),
            "state" if out.state.is_none() => out.state = Some(value.trim().to_owned()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_instead_of_tab_do_not_count() {
        let svc = parse_launchctl_print("    pid = 5\n  state = running\n");
        assert_eq!(svc, LaunchdService::default());
    }

    #[test]
    fn bad_pid_is_none() {
        assert_eq!(parse_launchctl_print("\tpid = abc\n").pid, None);
    }
}
