//! Windows `netstat -ano`.

use super::{Listener, listening_pids, parse_pid, split_host_port};

/// The LISTEN state as English and Chinese Windows print it.
const LISTEN_WORDS: &[&str] = &["LISTENING", "侦听"];

/// Parses `netstat -ano` output into TCP listeners on `port` (every port when `None`), IPv4 and IPv6, English
/// (`LISTENING`) or Chinese (`侦听`). The local-address column must carry exactly that port (`:187890` or a match
/// in the foreign-address column never counts).
///
/// ```
/// use clawscope_core::gateway::listeners::parse_netstat;
///
/// let found = parse_netstat("  TCP    [::1]:18789    [::]:0    侦听    6161\n", Some(18789));
/// assert_eq!(found[0].pid, Some(6161));
/// assert_eq!(found[0].local_address.as_deref(), Some("::1"));
/// ```
pub fn parse_netstat(text: &str, port: Option<u16>) -> Vec<Listener> {
    let mut out = Vec::new();
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let [proto, local, _foreign, state, pid, ..] = tokens.as_slice() else {
            continue;
        };
        if !proto.eq_ignore_ascii_case("TCP") || !LISTEN_WORDS.contains(state) {
            continue;
        }
        let (Some((host, local_port)), Some(pid)) = (split_host_port(local), parse_pid(pid)) else {
            continue;
        };
        if port.is_some_and(|p| p != local_port) {
            continue;
        }
        out.push(Listener {
            pid: Some(pid),
            process: None,
            local_address: Some(host),
            port: Some(local_port),
            inode: None,
            uid: None,
        });
    }
    out
}

/// The distinct listening pids on `port`, ascending — ClawPanel's `parseWindowsListeningPids` result, without its
/// substring bugs.
///
/// ```
/// use clawscope_core::gateway::listeners::parse_netstat_pids;
///
/// let text = "  TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242\n\
///             TCP 127.0.0.1:52345 127.0.0.1:18789 ESTABLISHED 8181\n\
///             TCP 127.0.0.1:187890 0.0.0.0:0 LISTENING 7171\n\
///             TCP 0.0.0.0:18789 0.0.0.0:0 LISTENING 5151\n\
///             TCP [::1]:18789 [::]:0 侦听 6161\n";
/// assert_eq!(parse_netstat_pids(text, 18789), vec![4242, 5151, 6161]);
/// ```
pub fn parse_netstat_pids(text: &str, port: u16) -> Vec<u32> {
    listening_pids(&parse_netstat(text, Some(port)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn udp_and_short_lines_are_skipped() {
        let text = "  UDP    0.0.0.0:18789    *:*    4242\nTCP 0.0.0.0:18789\nActive Connections\n";
        assert!(parse_netstat(text, Some(18789)).is_empty());
    }

    #[test]
    fn pid_zero_is_skipped() {
        assert!(parse_netstat("TCP 0.0.0.0:18789 0.0.0.0:0 LISTENING 0", None).is_empty());
    }
}
