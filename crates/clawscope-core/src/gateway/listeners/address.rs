//! `host:port` splitting shared by the parsers.

/// Splits a socket address as the tools print it into host and port.
///
/// Accepts `127.0.0.1:18789`, `[::1]:18789` and `*:18789`; strips brackets and an
/// interface scope (`127.0.0.1%lo:53`, `[fe80::1]%eth0:22`). The port must be a decimal number that fits `u16`;
/// `*` as the port gives `None`.
///
/// ```
/// use clawscope_core::gateway::listeners::split_host_port;
///
/// assert_eq!(split_host_port("[::1]:18789"), Some(("::1".to_owned(), 18789)));
/// assert_eq!(split_host_port("*:18789"), Some(("*".to_owned(), 18789)));
/// assert_eq!(split_host_port("127.0.0.1:187890"), None);
/// ```
pub fn split_host_port(text: &str) -> Option<(String, u16)> {
    let (host, port) = text.rsplit_once(':')?;
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let port = port.parse::<u16>().ok()?;
    let host = host.split('%').next().unwrap_or(host);
    let host = host
        .strip_prefix('[')
        .map_or(host, |h| h.strip_suffix(']').unwrap_or(h));
    if host.is_empty() {
        return None;
    }
    Some((host.to_owned(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_brackets_are_removed() {
        assert_eq!(
            split_host_port("127.0.0.1%lo:53"),
            Some(("127.0.0.1".to_owned(), 53))
        );
        assert_eq!(
            split_host_port("[fe80::1]%eth0:22"),
            Some(("fe80::1".to_owned(), 22))
        );
        assert_eq!(split_host_port("[::]:0"), Some(("::".to_owned(), 0)));
        assert_eq!(split_host_port("0.0.0.0:*"), None);
        assert_eq!(split_host_port(":80"), None);
        assert_eq!(split_host_port("noport"), None);
    }
}
