//! Parsers for the outputs that tell which process listens on a TCP port: `ss -ltnp`, `lsof`, `/proc/net/tcp` and
//! `tcp6`, Windows `netstat -ano` (English and Chinese), `launchctl print` and a `tasklist` line.
//!
//! Every parser is a pure function from text to data. None of them panics, whatever the input: unparseable lines
//! are skipped. Unlike ClawPanel's parsers (`clawpanel-gateway.md` §3), these check the LISTEN state, the exact
//! local port (a number, not a substring) and understand IPv6 addresses.
//!
//! ```
//! use clawscope_core::gateway::listeners::{ListenerFormat, listening_pids, parse_listeners};
//!
//! let ss = "LISTEN 0 511 127.0.0.1:18789 0.0.0.0:* users:((\"node\",pid=4242,fd=23))\n";
//! let found = parse_listeners(ListenerFormat::Ss, ss, Some(18789));
//! assert_eq!(listening_pids(&found), vec![4242]);
//! assert!(parse_listeners(ListenerFormat::Ss, ss, Some(1878)).is_empty());
//! ```

mod address;
mod launchctl;
mod lsof;
mod netstat;
mod proc_net;
mod sock_diag;
mod ss;
mod tasklist;

pub use address::split_host_port;
pub use launchctl::{LaunchdService, parse_launchctl_print};
pub use lsof::{parse_lsof_listen, parse_lsof_pids};
pub use netstat::{parse_netstat, parse_netstat_pids};
pub use proc_net::{ProcNetFamily, parse_proc_net_tcp};
pub use sock_diag::{SockDiagBatch, parse_sock_diag, sock_diag_request, sock_diag_request_all};
pub use ss::parse_ss;
pub use tasklist::{TasklistRow, parse_tasklist_line};

use serde::{Deserialize, Serialize};

/// Which command output a text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListenerFormat {
    /// `ss -ltnp` (with or without the header line and the `State` column).
    Ss,
    /// `lsof -t` (one pid per line).
    LsofPids,
    /// `lsof -iTCP -sTCP:LISTEN -nP` (the full table).
    Lsof,
    /// `/proc/net/tcp` (IPv4).
    ProcNetTcp,
    /// `/proc/net/tcp6` (IPv6).
    ProcNetTcp6,
    /// Windows `netstat -ano`, English (`LISTENING`) or Chinese (`侦听`).
    Netstat,
}

/// One listening socket, or one process holding it, as reported by a command output.
///
/// A socket shared by several processes (after `fork`) gives one `Listener` per process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listener {
    /// The owning process id, when the output names it.
    pub pid: Option<u32>,
    /// The process name (`ss`, `lsof`), when the output names it.
    pub process: Option<String>,
    /// The local address without brackets or interface scope (`127.0.0.1`, `::1`, `*`, `0.0.0.0`), when known.
    pub local_address: Option<String>,
    /// The local port; for `lsof -t` it is the port that was asked for.
    pub port: Option<u16>,
    /// The socket inode (`/proc/net/tcp`).
    pub inode: Option<u64>,
    /// The socket owner's user id (`/proc/net/tcp`).
    pub uid: Option<u32>,
}

impl Listener {
    /// A listener with only a pid and a port.
    pub fn with_pid(pid: u32, port: Option<u16>) -> Self {
        Listener {
            pid: Some(pid),
            process: None,
            local_address: None,
            port,
            inode: None,
            uid: None,
        }
    }
}

/// Parses `text` as `format`, keeping listeners on `port` only (all ports when `None`).
///
/// For [`ListenerFormat::LsofPids`] the output carries no port: every pid is kept and gets `port` as its port.
pub fn parse_listeners(format: ListenerFormat, text: &str, port: Option<u16>) -> Vec<Listener> {
    match format {
        ListenerFormat::Ss => parse_ss(text, port),
        ListenerFormat::LsofPids => parse_lsof_pids(text)
            .into_iter()
            .map(|pid| Listener::with_pid(pid, port))
            .collect(),
        ListenerFormat::Lsof => parse_lsof_listen(text, port),
        ListenerFormat::ProcNetTcp => parse_proc_net_tcp(text, ProcNetFamily::V4, port),
        ListenerFormat::ProcNetTcp6 => parse_proc_net_tcp(text, ProcNetFamily::V6, port),
        ListenerFormat::Netstat => parse_netstat(text, port),
    }
}

/// The distinct pids of `listeners`, ascending.
///
/// ```
/// use clawscope_core::gateway::listeners::{Listener, listening_pids};
///
/// let l = [Listener::with_pid(9, None), Listener::with_pid(3, None), Listener::with_pid(9, None)];
/// assert_eq!(listening_pids(&l), vec![3, 9]);
/// ```
pub fn listening_pids(listeners: &[Listener]) -> Vec<u32> {
    let mut pids: Vec<u32> = listeners.iter().filter_map(|l| l.pid).collect();
    pids.sort_unstable();
    pids.dedup();
    pids
}

/// Parses a decimal pid; zero, signs and overflow give `None`.
pub(crate) fn parse_pid(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<u32>().ok().filter(|pid| *pid > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pid_parsing_is_strict() {
        assert_eq!(parse_pid("4242"), Some(4242));
        assert_eq!(parse_pid("0"), None);
        assert_eq!(parse_pid("-1"), None);
        assert_eq!(parse_pid("+1"), None);
        assert_eq!(parse_pid("99999999999"), None);
        assert_eq!(parse_pid(""), None);
    }

    #[test]
    fn lsof_pids_take_the_requested_port() {
        let found = parse_listeners(ListenerFormat::LsofPids, "4242\n", Some(18789));
        assert_eq!(found, vec![Listener::with_pid(4242, Some(18789))]);
    }

    #[test]
    fn format_names_are_snake_case() {
        let json = serde_json::to_string(&ListenerFormat::ProcNetTcp6).unwrap_or_default();
        assert_eq!(json, "\"proc_net_tcp6\"");
    }
}
