//! Linux `NETLINK_SOCK_DIAG` (`inet_diag`) messages: the request for listening TCP sockets and the parser of the
//! kernel's answer. This is how `ss` lists sockets; reading `/proc/net/tcp` instead makes the kernel walk its whole
//! connection hash table, which costs milliseconds on large machines.
//!
//! Two requests exist. [`sock_diag_request_all`] is the original `TCPDIAG_GETSOCK` request, which the kernel
//! still serves for both address families in **one** walk of its listening hash (the walk, not the sockets, is
//! most of a dump's cost); [`sock_diag_request`] is the per-family `SOCK_DIAG_BY_FAMILY` request, the fallback.
//!
//! The bytes are built and parsed here (pure, in native byte order as netlink requires); the `clawscope` crate sends
//! and receives them.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{Listener, ProcNetFamily};
use crate::{Error, Result};

/// `SOCK_DIAG_BY_FAMILY`.
const SOCK_DIAG_BY_FAMILY: u16 = 20;
/// `TCPDIAG_GETSOCK`: the family-less TCP request; the answers carry the same type.
const TCPDIAG_GETSOCK: u16 = 18;
/// `NLMSG_ERROR`.
const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`.
const NLMSG_DONE: u16 = 3;
/// `NLM_F_REQUEST | NLM_F_DUMP`.
const REQUEST_DUMP: u16 = 0x0001 | 0x0300;
/// `TCP_LISTEN`.
const TCP_LISTEN: u8 = 10;
/// `IPPROTO_TCP`.
const IPPROTO_TCP: u8 = 6;
/// Size of `struct nlmsghdr`.
const NLMSG_HDR: usize = 16;
/// Size of `struct inet_diag_msg`.
const DIAG_MSG: usize = 72;

/// The address family number (`AF_INET` = 2, `AF_INET6` = 10).
fn af(family: ProcNetFamily) -> u8 {
    match family {
        ProcNetFamily::V4 => 2,
        ProcNetFamily::V6 => 10,
    }
}

/// The family of an address family number.
fn family_of(af: u8) -> Option<ProcNetFamily> {
    match af {
        2 => Some(ProcNetFamily::V4),
        10 => Some(ProcNetFamily::V6),
        _ => None,
    }
}

/// The dump request for TCP sockets in LISTEN state of **both** families (`nlmsghdr` + the original
/// `inet_diag_req`, 76 bytes, type `TCPDIAG_GETSOCK`). Parse the answer with `family` `None`.
///
/// ```
/// use clawscope_core::gateway::listeners::sock_diag_request_all;
///
/// let req = sock_diag_request_all(1);
/// assert_eq!(req.len(), 76);
/// assert_eq!(req[16], 0); // no family: both
/// ```
pub fn sock_diag_request_all(seq: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(76);
    out.extend_from_slice(&76u32.to_ne_bytes());
    out.extend_from_slice(&TCPDIAG_GETSOCK.to_ne_bytes());
    out.extend_from_slice(&REQUEST_DUMP.to_ne_bytes());
    out.extend_from_slice(&seq.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes());
    // family (none), source and destination prefix lengths, extensions.
    out.extend_from_slice(&[0, 0, 0, 0]);
    // struct inet_diag_sockid: no socket in particular.
    out.extend_from_slice(&[0u8; 48]);
    out.extend_from_slice(&(1u32 << TCP_LISTEN).to_ne_bytes());
    // idiag_dbs (unused).
    out.extend_from_slice(&0u32.to_ne_bytes());
    out
}

/// The dump request for TCP sockets in LISTEN state of one family (`nlmsghdr` + `inet_diag_req_v2`, 72 bytes).
///
/// ```
/// use clawscope_core::gateway::listeners::{ProcNetFamily, sock_diag_request};
///
/// let req = sock_diag_request(ProcNetFamily::V6, 7);
/// assert_eq!(req.len(), 72);
/// assert_eq!(req[16], 10); // AF_INET6
/// ```
pub fn sock_diag_request(family: ProcNetFamily, seq: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(72);
    out.extend_from_slice(&72u32.to_ne_bytes());
    out.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
    out.extend_from_slice(&REQUEST_DUMP.to_ne_bytes());
    out.extend_from_slice(&seq.to_ne_bytes());
    out.extend_from_slice(&0u32.to_ne_bytes());
    out.extend_from_slice(&[af(family), IPPROTO_TCP, 0, 0]);
    out.extend_from_slice(&(1u32 << TCP_LISTEN).to_ne_bytes());
    out.extend_from_slice(&[0u8; 48]);
    out
}

/// One batch of the kernel's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SockDiagBatch {
    /// Listening sockets on the requested port (every port when `None`), with inode and uid.
    pub listeners: Vec<Listener>,
    /// `NLMSG_DONE` was seen: the dump is complete.
    pub done: bool,
}

/// Parses one `recv` buffer of a sock-diag dump: the sockets of `family`, or of both families when `None` (the
/// answer to [`sock_diag_request_all`]). A netlink error message or a malformed buffer is an `INVALID_ARGUMENT`
/// error (callers fall back to another request or to `/proc/net/tcp`).
///
/// ```
/// use clawscope_core::gateway::listeners::{ProcNetFamily, parse_sock_diag};
///
/// let mut done = Vec::new();
/// done.extend_from_slice(&20u32.to_ne_bytes());
/// done.extend_from_slice(&3u16.to_ne_bytes());
/// done.extend_from_slice(&[0u8; 14]);
/// assert!(parse_sock_diag(&done, Some(ProcNetFamily::V4), None)?.done);
/// # Ok::<(), clawscope_core::Error>(())
/// ```
pub fn parse_sock_diag(
    bytes: &[u8],
    family: Option<ProcNetFamily>,
    port: Option<u16>,
) -> Result<SockDiagBatch> {
    let bad = |reason: &str| Error::invalid_argument("sock_diag answer", reason);
    let mut batch = SockDiagBatch::default();
    let mut rest = bytes;
    while rest.len() >= NLMSG_HDR {
        let len = usize::try_from(ne_u32(rest, 0).ok_or_else(|| bad("short header"))?)
            .map_err(|_| bad("length"))?;
        let kind = ne_u16(rest, 4).ok_or_else(|| bad("short header"))?;
        if len < NLMSG_HDR || len > rest.len() {
            return Err(bad("message length out of bounds"));
        }
        let body = &rest[NLMSG_HDR..len];
        match kind {
            NLMSG_DONE => {
                batch.done = true;
                return Ok(batch);
            }
            NLMSG_ERROR => return Err(bad("the kernel answered with an error")),
            SOCK_DIAG_BY_FAMILY | TCPDIAG_GETSOCK => {
                if let Some(listener) = parse_diag_msg(body, family)
                    && port.is_none_or(|p| listener.port == Some(p))
                {
                    batch.listeners.push(listener);
                }
            }
            _ => {}
        }
        // Messages are 4-byte aligned.
        let aligned = (len + 3) & !3;
        rest = rest.get(aligned..).unwrap_or_default();
    }
    Ok(batch)
}

/// Parses a `struct inet_diag_msg` of a listening socket of `family` (either family when `None`).
fn parse_diag_msg(body: &[u8], family: Option<ProcNetFamily>) -> Option<Listener> {
    let own = family_of(*body.first()?)?;
    if body.len() < DIAG_MSG || family.is_some_and(|f| f != own) || body.get(1) != Some(&TCP_LISTEN) {
        return None;
    }
    let family = own;
    let port = u16::from_be_bytes([*body.get(4)?, *body.get(5)?]);
    let src: [u8; 16] = body.get(8..24)?.try_into().ok()?;
    let address = match family {
        ProcNetFamily::V4 => Ipv4Addr::new(src[0], src[1], src[2], src[3]).to_string(),
        ProcNetFamily::V6 => Ipv6Addr::from(src).to_string(),
    };
    Some(Listener {
        pid: None,
        process: None,
        local_address: Some(address),
        port: Some(port),
        inode: Some(u64::from(ne_u32(body, 68)?)).filter(|i| *i > 0),
        uid: ne_u32(body, 64),
    })
}

fn ne_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn ne_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a kernel-style answer message for one socket.
    fn answer(family: ProcNetFamily, state: u8, port: u16, addr: &[u8], uid: u32, inode: u32) -> Vec<u8> {
        typed_answer(SOCK_DIAG_BY_FAMILY, family, state, port, addr, uid, inode)
    }

    /// The same with the answer's message type.
    fn typed_answer(
        kind: u16,
        family: ProcNetFamily,
        state: u8,
        port: u16,
        addr: &[u8],
        uid: u32,
        inode: u32,
    ) -> Vec<u8> {
        let mut body = vec![af(family), state, 0, 0];
        body.extend_from_slice(&port.to_be_bytes());
        body.extend_from_slice(&[0, 0]);
        let mut src = [0u8; 16];
        src[..addr.len()].copy_from_slice(addr);
        body.extend_from_slice(&src);
        body.extend_from_slice(&[0u8; 16 + 4 + 8 + 4 + 4 + 4]);
        body.extend_from_slice(&uid.to_ne_bytes());
        body.extend_from_slice(&inode.to_ne_bytes());
        let mut msg = Vec::new();
        msg.extend_from_slice(&u32::try_from(NLMSG_HDR + body.len()).unwrap_or(0).to_ne_bytes());
        msg.extend_from_slice(&kind.to_ne_bytes());
        msg.extend_from_slice(&[0u8; 10]);
        msg.extend_from_slice(&body);
        msg
    }

    #[test]
    fn parses_sockets_and_filters_port_and_state() {
        let mut buf = answer(ProcNetFamily::V4, TCP_LISTEN, 18789, &[127, 0, 0, 1], 1000, 4242);
        buf.extend(answer(ProcNetFamily::V4, TCP_LISTEN, 18790, &[0, 0, 0, 0], 0, 7));
        buf.extend(answer(ProcNetFamily::V4, 1, 18789, &[127, 0, 0, 1], 0, 8));
        let batch = parse_sock_diag(&buf, Some(ProcNetFamily::V4), Some(18789)).unwrap_or_default();
        assert!(!batch.done);
        assert_eq!(batch.listeners.len(), 1);
        assert_eq!(batch.listeners[0].local_address.as_deref(), Some("127.0.0.1"));
        assert_eq!(
            (batch.listeners[0].uid, batch.listeners[0].inode),
            (Some(1000), Some(4242))
        );
        let v6 = answer(
            ProcNetFamily::V6,
            TCP_LISTEN,
            18789,
            &Ipv6Addr::LOCALHOST.octets(),
            1,
            9,
        );
        let batch = parse_sock_diag(&v6, Some(ProcNetFamily::V6), None).unwrap_or_default();
        assert_eq!(batch.listeners[0].local_address.as_deref(), Some("::1"));
    }

    #[test]
    fn malformed_and_error_answers_are_errors() {
        let mut err = Vec::new();
        err.extend_from_slice(&20u32.to_ne_bytes());
        err.extend_from_slice(&NLMSG_ERROR.to_ne_bytes());
        err.extend_from_slice(&[0u8; 14]);
        assert!(parse_sock_diag(&err, Some(ProcNetFamily::V4), None).is_err());
        let mut long = 9999u32.to_ne_bytes().to_vec();
        long.extend_from_slice(&[0u8; 12]);
        assert!(parse_sock_diag(&long, Some(ProcNetFamily::V4), None).is_err());
        assert_eq!(
            parse_sock_diag(&[1, 2, 3], Some(ProcNetFamily::V4), None)
                .map(|b| b.done)
                .ok(),
            Some(false)
        );
    }

    #[test]
    fn both_families_in_one_answer() {
        let mut buf = typed_answer(
            TCPDIAG_GETSOCK,
            ProcNetFamily::V4,
            TCP_LISTEN,
            18789,
            &[127, 0, 0, 1],
            0,
            1,
        );
        buf.extend(typed_answer(
            TCPDIAG_GETSOCK,
            ProcNetFamily::V6,
            TCP_LISTEN,
            18789,
            &Ipv6Addr::LOCALHOST.octets(),
            0,
            2,
        ));
        buf.extend(typed_answer(
            TCPDIAG_GETSOCK,
            ProcNetFamily::V4,
            1,
            18789,
            &[127, 0, 0, 1],
            0,
            3,
        ));
        let both = parse_sock_diag(&buf, None, Some(18789)).unwrap_or_default();
        let addresses: Vec<_> = both
            .listeners
            .iter()
            .map(|l| l.local_address.as_deref())
            .collect();
        assert_eq!(addresses, [Some("127.0.0.1"), Some("::1")]);
        let v6 = parse_sock_diag(&buf, Some(ProcNetFamily::V6), None).unwrap_or_default();
        assert_eq!(v6.listeners.len(), 1);
        assert_eq!(v6.listeners[0].inode, Some(2));
        // An unknown address family is skipped, not misread.
        let mut odd = typed_answer(
            TCPDIAG_GETSOCK,
            ProcNetFamily::V4,
            TCP_LISTEN,
            18789,
            &[1, 2, 3, 4],
            0,
            4,
        );
        odd[NLMSG_HDR] = 1;
        assert!(
            parse_sock_diag(&odd, None, None)
                .unwrap_or_default()
                .listeners
                .is_empty()
        );
    }

    #[test]
    fn request_all_layout() {
        let req = sock_diag_request_all(9);
        assert_eq!(ne_u32(&req, 0), Some(76));
        assert_eq!(ne_u16(&req, 4), Some(TCPDIAG_GETSOCK));
        assert_eq!(ne_u16(&req, 6), Some(REQUEST_DUMP));
        assert_eq!(ne_u32(&req, 8), Some(9));
        assert_eq!(req[16], 0);
        assert_eq!(ne_u32(&req, 16 + 4 + 48), Some(1 << 10));
    }

    #[test]
    fn request_layout() {
        let req = sock_diag_request(ProcNetFamily::V4, 1);
        assert_eq!(ne_u32(&req, 0), Some(72));
        assert_eq!(ne_u16(&req, 4), Some(SOCK_DIAG_BY_FAMILY));
        assert_eq!(req[16..18], [2, 6]);
        assert_eq!(ne_u32(&req, 20), Some(1 << 10));
    }
}
