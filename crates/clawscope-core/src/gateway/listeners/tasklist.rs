//! One line of Windows `tasklist /fi "PID eq N" /nh`.

use serde::{Deserialize, Serialize};

use super::parse_pid;

/// The image name and pid of a `tasklist` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TasklistRow {
    /// The image name, e.g. `node.exe`.
    pub image: String,
    /// The process id.
    pub pid: u32,
}

/// Parses a `tasklist /nh` row; blank lines and `INFO:` lines give `None`. Image names with spaces are not
/// supported by the default table format and give `None` when the second field is not a pid.
///
/// ```
/// use clawscope_core::gateway::listeners::parse_tasklist_line;
///
/// let row = parse_tasklist_line("node.exe                     4242 Console                    1     50,000 K");
/// assert_eq!(row.map(|r| r.pid), Some(4242));
/// assert_eq!(parse_tasklist_line("INFO: No tasks are running which match the specified criteria."), None);
/// ```
pub fn parse_tasklist_line(line: &str) -> Option<TasklistRow> {
    let line = line.trim();
    if line.is_empty() || line.starts_with("INFO:") {
        return None;
    }
    let mut tokens = line.split_whitespace();
    let image = tokens.next()?;
    let pid = parse_pid(tokens.next()?)?;
    Some(TasklistRow {
        image: image.to_owned(),
        pid,
    })
}
