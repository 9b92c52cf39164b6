//! `lsof` output: `-t` (pids only) and the full `-iTCP -sTCP:LISTEN -nP` table.

use super::{Listener, parse_pid, split_host_port};

/// The pids of `lsof -t` output: each line whose first token is a pid greater than zero, in order, deduplicated.
///
/// ```
/// use clawscope_core::gateway::listeners::parse_lsof_pids;
///
/// assert_eq!(parse_lsof_pids("not-a-pid\n4242\n0\n4242\n17\n"), vec![4242, 17]);
/// ```
pub fn parse_lsof_pids(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(pid) = line.split_whitespace().next().and_then(parse_pid)
            && !out.contains(&pid)
        {
            out.push(pid);
        }
    }
    out
}

/// Parses the table of `lsof -iTCP -sTCP:LISTEN -nP` (`COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME`) into
/// listeners on `port` (every port when `None`). Connections (`a->b`) and states other than `(LISTEN)` are skipped.
///
/// ```
/// use clawscope_core::gateway::listeners::parse_lsof_listen;
///
/// let text = "COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n\
///             node 4242 li 23u IPv4 0x1 0t0 TCP 127.0.0.1:18789 (LISTEN)\n";
/// let found = parse_lsof_listen(text, Some(18789));
/// assert_eq!(found[0].pid, Some(4242));
/// assert_eq!(found[0].process.as_deref(), Some("node"));
/// ```
pub fn parse_lsof_listen(text: &str, port: Option<u16>) -> Vec<Listener> {
    let mut out = Vec::new();
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let (Some(command), Some(pid)) = (tokens.first(), tokens.get(1).and_then(|t| parse_pid(t))) else {
            continue;
        };
        let Some(last) = tokens.last() else {
            continue;
        };
        let name = if last.starts_with('(') && last.ends_with(')') {
            if *last != "(LISTEN)" {
                continue;
            }
            tokens.len().checked_sub(2).and_then(|i| tokens.get(i))
        } else {
            Some(last)
        };
        let Some(name) = name else {
            continue;
        };
        if name.contains("->") {
            continue;
        }
        let Some((host, local_port)) = split_host_port(name) else {
            continue;
        };
        if port.is_some_and(|p| p != local_port) {
            continue;
        }
        out.push(Listener {
            pid: Some(pid),
            process: Some(unescape(command)),
            local_address: Some(host),
            port: Some(local_port),
            inode: None,
            uid: None,
        });
    }
    out
}

/// Undoes lsof's `\x20` escaping of spaces in the command name.
fn unescape(command: &str) -> String {
    command.replace("\\x20", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn established_and_wrong_ports_are_skipped() {
        let text = "node 1 li 23u IPv4 0x1 0t0 TCP 127.0.0.1:52345->127.0.0.1:18789 (ESTABLISHED)\n\
                    node 2 li 23u IPv4 0x1 0t0 TCP 127.0.0.1:52345->127.0.0.1:18789\n\
                    node 3 li 23u IPv6 0x1 0t0 TCP [::1]:187890 (LISTEN)\n\
                    node 4 li 23u IPv6 0x1 0t0 TCP [::1]:18789 (LISTEN)\n";
        let found = parse_lsof_listen(text, Some(18789));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pid, Some(4));
        assert_eq!(found[0].local_address.as_deref(), Some("::1"));
    }

    #[test]
    fn garbage_never_panics() {
        for text in ["", "x", "x 1", "x 1 (LISTEN)", "(LISTEN)", "a 0 b"] {
            assert!(parse_lsof_listen(text, None).is_empty(), "{text}");
        }
        assert_eq!(unescape("Google\\x20Chrome"), "Google Chrome");
    }
}
