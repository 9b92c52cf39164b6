//! `ss -ltnp` output.

use super::{Listener, parse_pid, split_host_port};

/// Socket states `ss` prints in its `State` column.
const STATES: &[&str] = &[
    "LISTEN",
    "ESTAB",
    "UNCONN",
    "SYN-SENT",
    "SYN-RECV",
    "FIN-WAIT-1",
    "FIN-WAIT-2",
    "TIME-WAIT",
    "CLOSE-WAIT",
    "LAST-ACK",
    "CLOSING",
    "CLOSED",
];

/// Parses `ss -ltnp` output (header optional, `State` and `Netid` columns optional) into listeners on `port`
/// (every port when `None`).
///
/// Lines in a state other than `LISTEN` are skipped. A socket without a `users:(…)` column (another user's socket,
/// seen without root) gives one listener with no pid; a socket shared by several processes gives one listener per
/// `("name",pid=N,fd=M)` entry.
///
/// ```
/// use clawscope_core::gateway::listeners::parse_ss;
///
/// let text = "State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n\
///             LISTEN 0 511 [::1]:18789 [::]:* users:((\"openclaw-gatewa\",pid=9860,fd=22))\n";
/// let found = parse_ss(text, Some(18789));
/// assert_eq!(found[0].pid, Some(9860));
/// assert_eq!(found[0].local_address.as_deref(), Some("::1"));
/// ```
pub fn parse_ss(text: &str, port: Option<u16>) -> Vec<Listener> {
    let mut out = Vec::new();
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let mut rest: &[&str] = &tokens;
        if let Some((first, tail)) = rest.split_first()
            && matches!(*first, "tcp" | "tcp6" | "udp" | "raw" | "u_str" | "mptcp")
        {
            rest = tail;
        }
        if let Some((first, tail)) = rest.split_first()
            && STATES.contains(first)
        {
            if *first != "LISTEN" {
                continue;
            }
            rest = tail;
        }
        // Recv-Q and Send-Q, then local and peer address.
        let [recv, send, local, _peer, ..] = rest else {
            continue;
        };
        if !recv.bytes().all(|b| b.is_ascii_digit()) || !send.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Some((host, local_port)) = split_host_port(local) else {
            continue;
        };
        if port.is_some_and(|p| p != local_port) {
            continue;
        }
        let process_text = rest.get(4..).map(|t| t.join(" ")).unwrap_or_default();
        let users = parse_users(&process_text);
        let base = Listener {
            pid: None,
            process: None,
            local_address: Some(host),
            port: Some(local_port),
            inode: None,
            uid: None,
        };
        if users.is_empty() {
            out.push(base);
        } else {
            for (name, pid) in users {
                out.push(Listener {
                    pid: Some(pid),
                    process: name,
                    ..base.clone()
                });
            }
        }
    }
    out
}

/// The `(name, pid)` pairs of a `users:(("a",pid=1,fd=2),("b",pid=3,fd=4))` column.
fn parse_users(text: &str) -> Vec<(Option<String>, u32)> {
    let mut out = Vec::new();
    let Some(start) = text.find("users:(") else {
        return out;
    };
    let mut rest = &text[start + "users:(".len()..];
    while let Some(pos) = rest.find("pid=") {
        let before = &rest[..pos];
        let after = &rest[pos + 4..];
        let digits_end = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
        let name = before
            .rfind("(\"")
            .and_then(|open| before[open + 2..].rsplit_once("\","))
            .map(|(name, _)| name.to_owned());
        if let Some(pid) = parse_pid(&after[..digits_end]) {
            out.push((name, pid));
        }
        rest = &after[digits_end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_processes_share_a_socket() {
        let line = "LISTEN 0 4096 *:18789 *:* users:((\"node\",pid=1,fd=2),(\"node\",pid=3,fd=4))";
        let found = parse_ss(line, Some(18789));
        let pids: Vec<_> = found.iter().map(|l| l.pid).collect();
        assert_eq!(pids, vec![Some(1), Some(3)]);
        assert_eq!(found[0].local_address.as_deref(), Some("*"));
        assert_eq!(found[1].process.as_deref(), Some("node"));
    }

    #[test]
    fn other_states_and_ports_are_skipped() {
        let text = "ESTAB 0 0 127.0.0.1:52345 127.0.0.1:18789 users:((\"curl\",pid=8,fd=3))\n\
                    LISTEN 0 511 127.0.0.1:187890 0.0.0.0:* users:((\"x\",pid=9,fd=3))\n\
                    LISTEN 0 511 127.0.0.1:1878 0.0.0.0:* users:((\"x\",pid=10,fd=3))\n";
        assert!(parse_ss(text, Some(18789)).is_empty());
    }

    #[test]
    fn no_process_column_gives_no_pid() {
        let found = parse_ss("LISTEN 0 511 0.0.0.0:18789 0.0.0.0:*", Some(18789));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pid, None);
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "users:(",
            "LISTEN",
            "LISTEN 0 0 : :",
            "1 2 [:] x users:((\"",
            "pid=pid=1",
        ] {
            let _ = parse_ss(text, None);
        }
        assert!(parse_users("users:((\"a\",pid=0,fd=1))").is_empty());
    }
}
