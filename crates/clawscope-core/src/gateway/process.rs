//! Process identity from `/proc` bytes: command lines, the rewritten gateway title, `/proc/<pid>/stat`,
//! `/proc/<pid>/status` and the OpenClaw variables of `/proc/<pid>/environ`.
//!
//! ```
//! use clawscope_core::gateway::process::{cmdline_args, is_gateway_command_line, join_args};
//!
//! // OpenClaw 2026.9 rewrites its process title: `openclaw-gateway` followed by empty arguments.
//! let args = cmdline_args(b"openclaw-gateway\0\0\0\0\0\0");
//! assert_eq!(args, vec!["openclaw-gateway".to_owned()]);
//! assert!(is_gateway_command_line(&join_args(&args).unwrap_or_default()));
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The process title the gateway gives itself since OpenClaw 2026.9 (`ss` truncates it to `openclaw-gatewa`).
pub const GATEWAY_PROCESS_TITLE: &str = "openclaw-gateway";

/// The environment variables that say which install a gateway serves. Only these are ever read from another
/// process's environment: the others may hold secrets.
pub const OPENCLAW_ENV_VARS: &[&str] = &[
    "OPENCLAW_STATE_DIR",
    "OPENCLAW_CONFIG_PATH",
    "OPENCLAW_HOME",
    "OPENCLAW_PROFILE",
    "OPENCLAW_GATEWAY_PORT",
];

/// How a command line was recognised as an OpenClaw gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GatewayCommandKind {
    /// The rewritten title of OpenClaw ≥ 2026.9: `openclaw-gateway` and no other argument.
    RewrittenTitle,
    /// A command line naming both `openclaw` and `gateway` (`node …/openclaw.mjs gateway`, `openclaw gateway run`).
    OpenclawGateway,
}

/// Splits `/proc/<pid>/cmdline` bytes on NUL and drops empty parts; invalid UTF-8 is replaced.
///
/// ```
/// use clawscope_core::gateway::process::cmdline_args;
///
/// assert_eq!(cmdline_args(b"node\0/x/openclaw.mjs\0gateway\0"), vec!["node", "/x/openclaw.mjs", "gateway"]);
/// assert!(cmdline_args(b"").is_empty());
/// ```
pub fn cmdline_args(bytes: &[u8]) -> Vec<String> {
    redact_secret_args(
        bytes
            .split(|b| *b == 0)
            .filter(|part| !part.is_empty())
            .map(|part| String::from_utf8_lossy(part).into_owned())
            .collect(),
    )
}

/// Command-line flags whose value is a secret (`openclaw gateway --token …`).
const SECRET_FLAGS: &[&str] = &[
    "--token",
    "--password",
    "--auth-token",
    "--auth-password",
    "--api-key",
    "--secret",
];

/// Replaces the values of secret flags (`--token X`, `--token=X`, `--password …`, …) with `<redacted>`, so a
/// command line read from a process never carries a gateway token or password into output, logs or JSON.
/// Every command line clawscope reads goes through this ([`cmdline_args`] does it for `/proc`).
///
/// ```
/// use clawscope_core::gateway::process::redact_secret_args;
///
/// let args = ["openclaw", "gateway", "--token", "s3cret", "--password=pw", "--port", "18789"];
/// let redacted = redact_secret_args(args.iter().map(|a| a.to_string()).collect());
/// assert_eq!(redacted.join(" "), "openclaw gateway --token <redacted> --password=<redacted> --port 18789");
/// ```
pub fn redact_secret_args(mut args: Vec<String>) -> Vec<String> {
    let is_secret = |flag: &str| SECRET_FLAGS.iter().any(|s| flag.eq_ignore_ascii_case(s));
    let mut redact_next = false;
    for arg in &mut args {
        if redact_next {
            "<redacted>".clone_into(arg);
            redact_next = false;
            continue;
        }
        if let Some((flag, _)) = arg.split_once('=')
            && is_secret(flag)
        {
            *arg = format!("{flag}=<redacted>");
            continue;
        }
        redact_next = is_secret(arg);
    }
    args
}

/// Joins arguments with spaces, as ClawPanel does; `None` when there are none.
pub fn join_args(args: &[String]) -> Option<String> {
    if args.is_empty() {
        None
    } else {
        Some(args.join(" "))
    }
}

/// ClawPanel's gateway rule (`is_gateway_command_line` / `looksLikeGatewayCommandLine`): the lower-cased command
/// line contains `openclaw` **and** `gateway`. It holds for the rewritten title `openclaw-gateway` too.
///
/// ```
/// use clawscope_core::gateway::process::is_gateway_command_line;
///
/// assert!(is_gateway_command_line(r"C:\node.exe C:\npm\openclaw.mjs Gateway"));
/// assert!(!is_gateway_command_line("openclaw tui"));
/// assert!(!is_gateway_command_line("nginx: master process"));
/// ```
pub fn is_gateway_command_line(command_line: &str) -> bool {
    let lower = command_line.to_lowercase();
    lower.contains("openclaw") && lower.contains("gateway")
}

/// ClawPanel JS's Linux `manageable` rule: the command line matches `/openclaw/i` (any OpenClaw process, gateway
/// or not).
///
/// ```
/// use clawscope_core::gateway::process::is_manageable_command_line;
///
/// assert!(is_manageable_command_line("OpenClaw tui"));
/// assert!(!is_manageable_command_line("python3 -m http.server"));
/// ```
pub fn is_manageable_command_line(command_line: &str) -> bool {
    command_line.to_lowercase().contains("openclaw")
}

/// Recognises a gateway from its arguments (as split by [`cmdline_args`]).
///
/// ```
/// use clawscope_core::gateway::process::{GatewayCommandKind, gateway_command_kind};
///
/// let title = vec!["openclaw-gateway".to_owned()];
/// assert_eq!(gateway_command_kind(&title), Some(GatewayCommandKind::RewrittenTitle));
/// let node: Vec<String> = ["node", "/usr/lib/node_modules/openclaw/openclaw.mjs", "gateway", "run"]
///     .map(String::from).to_vec();
/// assert_eq!(gateway_command_kind(&node), Some(GatewayCommandKind::OpenclawGateway));
/// assert_eq!(gateway_command_kind(&["bash".to_owned()]), None);
/// ```
pub fn gateway_command_kind(args: &[String]) -> Option<GatewayCommandKind> {
    match args {
        [title] if title == GATEWAY_PROCESS_TITLE => Some(GatewayCommandKind::RewrittenTitle),
        _ => join_args(args)
            .filter(|line| is_gateway_command_line(line))
            .map(|_| GatewayCommandKind::OpenclawGateway),
    }
}

/// The fields clawscope uses from `/proc/<pid>/stat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcStat {
    /// Field 1.
    pub pid: u32,
    /// Field 2 without its parentheses (may contain spaces and `)`).
    pub comm: String,
    /// Field 3, the one-letter state (`R`, `S`, `Z`, …).
    pub state: String,
    /// Field 4.
    pub ppid: u32,
    /// Field 22: start time in clock ticks after boot. OpenClaw's lock file records it as `startTime`.
    pub start_time: u64,
}

/// Parses `/proc/<pid>/stat`. The command name is taken up to the **last** `)`, so names containing spaces or `)`
/// do not shift the fields.
///
/// ```
/// use clawscope_core::gateway::process::parse_proc_stat;
///
/// let text = "9860 (openclaw-gatewa) S 1 9860 9860 0 -1 4194560 1 0 0 0 5 3 0 0 20 0 11 0 987654 1 2 3";
/// let stat = parse_proc_stat(text)?;
/// assert_eq!(stat.start_time, 987_654);
/// assert_eq!(stat.comm, "openclaw-gatewa");
/// # Ok::<(), clawscope_core::Error>(())
/// ```
pub fn parse_proc_stat(text: &str) -> Result<ProcStat> {
    let bad = |reason: &str| Error::invalid_argument("/proc/<pid>/stat", reason);
    let open = text.find('(').ok_or_else(|| bad("no command name"))?;
    let close = text.rfind(')').ok_or_else(|| bad("no command name"))?;
    if close < open {
        return Err(bad("unbalanced command name"));
    }
    let pid = text[..open]
        .trim()
        .parse::<u32>()
        .map_err(|_| bad("bad pid field"))?;
    let comm = text[open + 1..close].to_owned();
    let fields: Vec<&str> = text[close + 1..].split_whitespace().collect();
    // `fields[0]` is field 3; field N is at index N - 3.
    let state = fields.first().ok_or_else(|| bad("no state field"))?;
    let parent_pid = fields
        .get(1)
        .and_then(|f| f.parse::<u32>().ok())
        .ok_or_else(|| bad("bad ppid field"))?;
    let start_time = fields
        .get(19)
        .and_then(|f| f.parse::<u64>().ok())
        .ok_or_else(|| bad("bad start time field (22)"))?;
    Ok(ProcStat {
        pid,
        comm,
        state: (*state).to_owned(),
        ppid: parent_pid,
        start_time,
    })
}

/// The real user id from `/proc/<pid>/status` (`Uid:` line, first number).
///
/// ```
/// use clawscope_core::gateway::process::parse_status_uid;
///
/// assert_eq!(parse_status_uid("Name:\tx\nUid:\t1000\t1000\t1000\t1000\n"), Some(1000));
/// assert_eq!(parse_status_uid("Name:\tx\n"), None);
/// ```
pub fn parse_status_uid(text: &str) -> Option<u32> {
    text.lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|uid| uid.parse().ok())
}

/// The OpenClaw variables ([`OPENCLAW_ENV_VARS`]) of `/proc/<pid>/environ` bytes. Every other variable is dropped
/// without being copied; empty values count as unset.
///
/// ```
/// use clawscope_core::gateway::process::openclaw_environ;
///
/// let vars = openclaw_environ(b"OPENCLAW_GATEWAY_TOKEN=secret\0OPENCLAW_STATE_DIR=/srv/oc\0PATH=/bin\0");
/// assert_eq!(vars.get("OPENCLAW_STATE_DIR").map(String::as_str), Some("/srv/oc"));
/// assert_eq!(vars.len(), 1);
/// ```
pub fn openclaw_environ(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in bytes.split(|b| *b == 0) {
        let Some(eq) = entry.iter().position(|b| *b == b'=') else {
            continue;
        };
        let (name, value) = (&entry[..eq], &entry[eq + 1..]);
        let Some(known) = OPENCLAW_ENV_VARS.iter().find(|v| v.as_bytes() == name) else {
            continue;
        };
        let value = String::from_utf8_lossy(value);
        if !value.trim().is_empty() {
            out.insert((*known).to_owned(), value.into_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comm_with_parens_and_spaces() {
        let text = "42 (a) b (c) d) R 7 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 555 0 0";
        let stat = parse_proc_stat(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(stat.comm, "a) b (c) d");
        assert_eq!(stat.ppid, 7);
        assert_eq!(stat.start_time, 555);
    }

    #[test]
    fn bad_stat_is_an_error_not_a_panic() {
        for text in ["", "(", ")(", "x (a) R", "1 (a) R 2", "1 (a) R x 1 1", "é (é) é"] {
            let err = parse_proc_stat(text).expect_err(text);
            assert_eq!(err.code().as_str(), "INVALID_ARGUMENT");
        }
    }

    #[test]
    fn rewritten_title_with_extra_args_is_still_a_gateway_by_clawpanels_rule() {
        let args = cmdline_args(b"openclaw-gateway\x00--port\x0018789\x00");
        assert_eq!(
            gateway_command_kind(&args),
            Some(GatewayCommandKind::OpenclawGateway)
        );
        assert_eq!(gateway_command_kind(&[]), None);
    }

    #[test]
    fn environ_ignores_prefix_lookalikes_and_secrets() {
        let vars =
            openclaw_environ(b"OPENCLAW_STATE_DIRX=/a\0OPENCLAW_PROFILE=\0=x\0noeq\0OPENCLAW_HOME=/h\0");
        assert_eq!(
            vars.into_iter().collect::<Vec<_>>(),
            vec![("OPENCLAW_HOME".to_owned(), "/h".to_owned())]
        );
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(
            cmdline_args(b"a\xff\0b"),
            vec!["a\u{fffd}".to_owned(), "b".to_owned()]
        );
    }
}
