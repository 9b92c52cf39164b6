//! `/proc/net/tcp` and `/proc/net/tcp6`.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use super::Listener;

/// The address family of a `/proc/net` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcNetFamily {
    /// `/proc/net/tcp`.
    V4,
    /// `/proc/net/tcp6`.
    V6,
}

/// The kernel's code for the LISTEN state in the `st` column.
const TCP_LISTEN: &str = "0A";

/// Parses a `/proc/net/tcp` or `tcp6` table into the sockets in LISTEN state (`st` = `0A`) on `port` (every port
/// when `None`), with their socket inode and owner uid. The pid is not in this table (see `/proc/<pid>/fd`).
///
/// Addresses are decoded for a little-endian kernel (x86, ARM), which prints each 32-bit word in host order.
///
/// ```
/// use clawscope_core::gateway::listeners::{ProcNetFamily, parse_proc_net_tcp};
///
/// let text = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
///    0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000  0 123456 1 0 100 0 0 10 0\n";
/// let found = parse_proc_net_tcp(text, ProcNetFamily::V4, Some(18789));
/// assert_eq!(found[0].inode, Some(123_456));
/// assert_eq!(found[0].uid, Some(1000));
/// assert_eq!(found[0].local_address.as_deref(), Some("127.0.0.1"));
/// ```
pub fn parse_proc_net_tcp(text: &str, family: ProcNetFamily, port: Option<u16>) -> Vec<Listener> {
    let mut out = Vec::new();
    for line in text.lines() {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let [
            sl,
            local,
            _remote,
            state,
            _queues,
            _timer,
            _retr,
            uid,
            _timeout,
            inode,
            ..,
        ] = tokens.as_slice()
        else {
            continue;
        };
        if !sl.ends_with(':') || *state != TCP_LISTEN {
            continue;
        }
        let Some((addr_hex, port_hex)) = local.split_once(':') else {
            continue;
        };
        let Ok(local_port) = u16::from_str_radix(port_hex, 16) else {
            continue;
        };
        if port_hex.len() != 4 || port.is_some_and(|p| p != local_port) {
            continue;
        }
        let Some(address) = decode_address(addr_hex, family) else {
            continue;
        };
        out.push(Listener {
            pid: None,
            process: None,
            local_address: Some(address),
            port: Some(local_port),
            inode: inode.parse::<u64>().ok().filter(|i| *i > 0),
            uid: uid.parse::<u32>().ok(),
        });
    }
    out
}

/// Decodes the hex address of a `/proc/net` table (each 32-bit word printed in little-endian host order).
fn decode_address(hex: &str, family: ProcNetFamily) -> Option<String> {
    let words = hex_words(hex)?;
    match (family, words.as_slice()) {
        (ProcNetFamily::V4, [word]) => Some(Ipv4Addr::from(word.to_le_bytes()).to_string()),
        (ProcNetFamily::V6, [a, b, c, d]) => {
            let mut bytes = [0u8; 16];
            for (chunk, word) in bytes.chunks_exact_mut(4).zip([a, b, c, d]) {
                chunk.copy_from_slice(&word.to_le_bytes());
            }
            Some(Ipv6Addr::from(bytes).to_string())
        }
        _ => None,
    }
}

/// Splits a hex string into 32-bit words (8 hex digits each).
fn hex_words(hex: &str) -> Option<Vec<u32>> {
    if hex.is_empty() || !hex.len().is_multiple_of(8) || !hex.is_ascii() {
        return None;
    }
    (0..hex.len() / 8)
        .map(|i| {
            hex.get(i * 8..i * 8 + 8)
                .and_then(|w| u32::from_str_radix(w, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_loopback_and_any() {
        let text = "  sl local rem st\n\
   0: 00000000000000000000000001000000:4965 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000  0 777 1\n\
   1: 00000000000000000000000000000000:4965 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 778 1\n";
        let found = parse_proc_net_tcp(text, ProcNetFamily::V6, Some(18789));
        let addrs: Vec<_> = found.iter().filter_map(|l| l.local_address.clone()).collect();
        assert_eq!(addrs, vec!["::1".to_owned(), "::".to_owned()]);
        // The same text read as IPv4 has no valid address.
        assert!(parse_proc_net_tcp(text, ProcNetFamily::V4, None).is_empty());
    }

    #[test]
    fn only_listen_state_counts() {
        let text =
            "   0: 0100007F:4965 0100007F:CC3D 01 00000000:00000000 00:00000000 00000000  1000  0 5 1\n";
        assert!(parse_proc_net_tcp(text, ProcNetFamily::V4, Some(18789)).is_empty());
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "0:",
            "   0: zz:zz 0 0A a b c d e f",
            "   0: 0100007F:FFFFF 0 0A a b c 1 e 2",
            "é:é é 0A é é é é é é",
        ] {
            assert!(
                parse_proc_net_tcp(text, ProcNetFamily::V4, None).is_empty(),
                "{text}"
            );
        }
    }
}
