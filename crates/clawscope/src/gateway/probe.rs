//! Which process listens on a port: on Linux the listening sockets come from netlink `sock_diag` (as `ss` does;
//! `/proc/net/tcp{,6}` when netlink is unavailable) and each socket inode's owner from `/proc/<pid>/fd`, with `ss`
//! and `lsof` as fallbacks for sockets whose owner `/proc` does not reveal (another user's, without root); `lsof` on
//! macOS and `netstat -ano` on Windows, with process data from `sysinfo`.
//!
//! ```no_run
//! let probe = clawscope::gateway::probe::probe_port(18789)?;
//! for l in &probe.listeners {
//!     println!("{:?} {:?} gateway={:?}", l.pid, l.command_line, l.is_gateway);
//! }
//! # Ok::<(), clawscope::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};

use clawscope_core::Result;
use clawscope_core::gateway::listeners::{
    Listener, ListenerFormat, ProcNetFamily, parse_listeners, parse_proc_net_tcp,
};
use clawscope_core::gateway::process::{
    cmdline_args, gateway_command_kind, join_args, openclaw_environ, parse_proc_stat, parse_status_uid,
};
use clawscope_core::gateway::runtime::{GatewayRuntime, PortProbe, ProbeSource, ProbedListener};

/// What is known about one process.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcessInfo {
    /// The pid.
    pub pid: u32,
    /// Its arguments (empty when unreadable). Since OpenClaw 2026.9 a gateway shows only `openclaw-gateway`.
    pub args: Vec<String>,
    /// Its executable, when readable.
    pub exe: Option<String>,
    /// Its start time: clock ticks after boot on Linux (`/proc/<pid>/stat` field 22, what OpenClaw's lock records),
    /// seconds since the epoch elsewhere.
    pub start_time: Option<u64>,
    /// Its real user id (Linux).
    pub uid: Option<u32>,
}

impl ProcessInfo {
    /// A process known only by its pid (its details could not be read).
    pub fn bare(pid: u32) -> Self {
        ProcessInfo {
            pid,
            ..ProcessInfo::default()
        }
    }

    /// The arguments joined by spaces, `None` when unreadable.
    pub fn command_line(&self) -> Option<String> {
        join_args(&self.args)
    }

    /// Whether it looks like an OpenClaw gateway; `None` when its command line is unreadable.
    pub fn is_gateway(&self) -> Option<bool> {
        (!self.args.is_empty()).then(|| gateway_command_kind(&self.args).is_some())
    }
}

/// Everything listening on TCP `port` (IPv4 and IPv6), with pid, command line, start time and whether it is a
/// gateway. Nothing listening gives an empty list, not an error.
pub fn probe_port(port: u16) -> Result<PortProbe> {
    let listeners = if cfg!(target_os = "linux") {
        probe_linux(port)
    } else if cfg!(windows) {
        with_process_info(
            &parse_listeners(ListenerFormat::Netstat, &run(&["netstat", "-ano"]), Some(port)),
            ProbeSource::Netstat,
        )
    } else {
        let filter = format!("-iTCP:{port}");
        let text = run(&["lsof", "-nP", &filter, "-sTCP:LISTEN"]);
        with_process_info(
            &parse_listeners(ListenerFormat::Lsof, &text, Some(port)),
            ProbeSource::Lsof,
        )
    };
    Ok(PortProbe { port, listeners })
}

/// Forgets which process held each probed socket, so the next [`probe_port`] scans `/proc/*/fd` in full (Linux;
/// nothing to forget elsewhere). Probes check a remembered holder before using it, so this is never needed for
/// correctness; it exists to measure the first-probe cost.
///
/// ```
/// clawscope::gateway::probe::forget_socket_holders();
/// let probe = clawscope::gateway::probe::probe_port(9)?; // port 9 (discard) is normally closed
/// assert_eq!(probe.port, 9);
/// # Ok::<(), clawscope::Error>(())
/// ```
pub fn forget_socket_holders() {
    #[cfg(target_os = "linux")]
    super::socket_owners::forget_holders();
}

/// The runtime state of `port`: whether something listens, its pid, command line and whether it is a gateway.
pub fn current_runtime(port: u16) -> Result<GatewayRuntime> {
    Ok(probe_port(port)?.to_runtime())
}

/// Information about `pid`, or `None` when it is not running.
pub fn process_info(pid: u32) -> Option<ProcessInfo> {
    if cfg!(target_os = "linux") {
        proc_process_info(pid)
    } else {
        sysinfo_process_info(pid)
    }
}

/// Whether `pid` is running.
pub fn pid_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
    } else {
        sysinfo_process_info(pid).is_some()
    }
}

/// The OpenClaw variables of `pid`'s environment (`/proc/<pid>/environ`); `None` when unreadable (another user's
/// process, or not Linux). No other variable is ever copied.
pub fn openclaw_environment(pid: u32) -> Option<BTreeMap<String, String>> {
    let bytes = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    Some(openclaw_environ(&bytes))
}

/// Linux: `/proc/net/tcp{,6}` → inodes → pids through `/proc/<pid>/fd`; `ss`, then `lsof`, for sockets left without
/// an owner.
fn probe_linux(port: u16) -> Vec<ProbedListener> {
    let Some(sockets) = linux_sockets(port) else {
        return fallback_tools(port);
    };
    if sockets.is_empty() {
        return Vec::new();
    }
    let wanted: BTreeSet<u64> = sockets.iter().filter_map(|s| s.inode).collect();
    let owners = socket_owners(&wanted);
    let mut out = Vec::new();
    let mut infos: BTreeMap<u32, ProcessInfo> = BTreeMap::new();
    let mut unowned = false;
    for socket in &sockets {
        let pids = socket
            .inode
            .and_then(|i| owners.get(&i))
            .cloned()
            .unwrap_or_default();
        if pids.is_empty() {
            unowned = true;
            out.push(listener_from(socket, None, ProbeSource::Proc));
        }
        for pid in pids {
            let info = infos
                .entry(pid)
                .or_insert_with(|| proc_process_info(pid).unwrap_or_else(|| ProcessInfo::bare(pid)));
            out.push(listener_from(socket, Some(info), ProbeSource::Proc));
        }
    }
    if unowned {
        let from_tools = fallback_tools(port);
        if from_tools.iter().any(|l| l.pid.is_some()) {
            out.retain(|l| l.pid.is_some());
            for l in from_tools {
                if l.pid.is_some()
                    && !out
                        .iter()
                        .any(|o| o.pid == l.pid && o.local_address == l.local_address)
                {
                    out.push(l);
                }
            }
        }
    }
    out
}

/// The listening TCP sockets on `port` (IPv4 and IPv6) with inode and uid: netlink `sock_diag`, else
/// `/proc/net/tcp{,6}`; `None` when neither is available.
fn linux_sockets(port: u16) -> Option<Vec<Listener>> {
    #[cfg(target_os = "linux")]
    if let Some(sockets) = netlink::listening_sockets(port) {
        return Some(sockets);
    }
    let mut sockets = Vec::new();
    let mut proc_ok = false;
    for (path, family) in [
        ("/proc/net/tcp", ProcNetFamily::V4),
        ("/proc/net/tcp6", ProcNetFamily::V6),
    ] {
        if let Ok(text) = std::fs::read_to_string(path) {
            proc_ok = true;
            sockets.extend(parse_proc_net_tcp(&text, family, Some(port)));
        }
    }
    proc_ok.then_some(sockets)
}

/// `ss -ltnpH 'sport = :P'`, then `lsof -t`.
fn fallback_tools(port: u16) -> Vec<ProbedListener> {
    let filter = format!("sport = :{port}");
    let ss = parse_listeners(ListenerFormat::Ss, &run(&["ss", "-ltnpH", &filter]), Some(port));
    if ss.iter().any(|l| l.pid.is_some()) {
        return with_process_info(&ss, ProbeSource::Ss);
    }
    let spec = format!("-iTCP:{port}");
    let lsof = parse_listeners(
        ListenerFormat::Lsof,
        &run(&["lsof", "-nP", &spec, "-sTCP:LISTEN"]),
        Some(port),
    );
    if !lsof.is_empty() {
        return with_process_info(&lsof, ProbeSource::Lsof);
    }
    with_process_info(&ss, ProbeSource::Ss)
}

/// Attaches process information to parsed listeners.
fn with_process_info(listeners: &[Listener], source: ProbeSource) -> Vec<ProbedListener> {
    listeners
        .iter()
        .map(|l| {
            let info = l
                .pid
                .map(|pid| process_info(pid).unwrap_or_else(|| ProcessInfo::bare(pid)));
            listener_from(l, info.as_ref(), source)
        })
        .collect()
}

fn listener_from(socket: &Listener, info: Option<&ProcessInfo>, source: ProbeSource) -> ProbedListener {
    ProbedListener {
        pid: info.map(|i| i.pid).or(socket.pid),
        local_address: socket.local_address.clone(),
        inode: socket.inode,
        uid: socket.uid,
        command_line: info.and_then(ProcessInfo::command_line),
        start_time: info.and_then(|i| i.start_time),
        is_gateway: info.and_then(ProcessInfo::is_gateway),
        source,
    }
}

/// Netlink `NETLINK_SOCK_DIAG` dumps of listening TCP sockets (the request and answer bytes are built and parsed by
/// `clawscope_core::gateway::listeners`).
#[cfg(target_os = "linux")]
mod netlink {
    use clawscope_core::gateway::listeners::{
        Listener, ProcNetFamily, parse_sock_diag, sock_diag_request, sock_diag_request_all,
    };
    use rustix::fd::OwnedFd;
    use rustix::net::netlink::{SOCK_DIAG, SocketAddrNetlink};
    use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketType, recv, sendto, socket};

    /// The listening sockets on `port`, both families (one family-less dump, else one per family); `None` on any
    /// failure (no netlink in a sandbox, an unexpected answer), so the caller falls back to `/proc/net/tcp`.
    pub(super) fn listening_sockets(port: u16) -> Option<Vec<Listener>> {
        let mut buf = vec![0u8; 32 * 1024];
        if let Some(both) = open().and_then(|fd| dump(&fd, &sock_diag_request_all(1), None, port, &mut buf)) {
            return Some(both);
        }
        // A kernel without the family-less request: one dump per family, on a fresh socket.
        let fd = open()?;
        let mut out = Vec::new();
        for (seq, family) in [(2, ProcNetFamily::V4), (3, ProcNetFamily::V6)] {
            out.extend(dump(
                &fd,
                &sock_diag_request(family, seq),
                Some(family),
                port,
                &mut buf,
            )?);
        }
        Some(out)
    }

    /// A `NETLINK_SOCK_DIAG` socket.
    fn open() -> Option<OwnedFd> {
        socket(AddressFamily::NETLINK, SocketType::DGRAM, Some(SOCK_DIAG)).ok()
    }

    /// One request on the socket and its whole answer (the dumps run one after the other, so each answer ends
    /// with its own `NLMSG_DONE` before the next request is sent).
    fn dump(
        fd: &OwnedFd,
        request: &[u8],
        family: Option<ProcNetFamily>,
        port: u16,
        buf: &mut [u8],
    ) -> Option<Vec<Listener>> {
        sendto(fd, request, SendFlags::empty(), &SocketAddrNetlink::new(0, 0)).ok()?;
        let mut out = Vec::new();
        // A dump of listening sockets is short; cap the number of batches anyway.
        for _ in 0..10_000 {
            let (filled, _) = recv(fd, &mut *buf, RecvFlags::empty()).ok()?;
            if filled == 0 {
                return None;
            }
            let batch = parse_sock_diag(buf.get(..filled)?, family, Some(port)).ok()?;
            out.extend(batch.listeners);
            if batch.done {
                return Some(out);
            }
        }
        None
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_family_less_dump_finds_what_the_per_family_dumps_find() {
            let v4 = std::net::TcpListener::bind("127.0.0.1:0").expect("bind v4");
            let port = v4.local_addr().expect("addr").port();
            // The same port on IPv6 loopback, when the machine has it.
            let v6 = std::net::TcpListener::bind(("::1", port)).ok();
            let mut buf = vec![0u8; 32 * 1024];
            let fd = open().expect("netlink");
            let mut both =
                dump(&fd, &sock_diag_request_all(1), None, port, &mut buf).expect("family-less dump");
            let mut per_family = Vec::new();
            for (seq, family) in [(2, ProcNetFamily::V4), (3, ProcNetFamily::V6)] {
                per_family.extend(
                    dump(&fd, &sock_diag_request(family, seq), Some(family), port, &mut buf).expect("dump"),
                );
            }
            let key = |l: &Listener| (l.local_address.clone(), l.inode);
            both.sort_by_key(key);
            per_family.sort_by_key(key);
            assert_eq!(both, per_family);
            assert_eq!(both.len(), 1 + usize::from(v6.is_some()));
            assert!(
                both.iter()
                    .any(|l| l.local_address.as_deref() == Some("127.0.0.1"))
            );
            assert_eq!(listening_sockets(port).map(|l| l.len()), Some(both.len()));
        }
    }
}

/// Maps socket inodes to the pids holding them (Linux; see `socket_owners`); nothing elsewhere.
fn socket_owners(wanted: &BTreeSet<u64>) -> BTreeMap<u64, Vec<u32>> {
    #[cfg(target_os = "linux")]
    return super::socket_owners::socket_owners(wanted);
    #[cfg(not(target_os = "linux"))]
    {
        let _ = wanted;
        BTreeMap::new()
    }
}

/// Linux process information from `/proc/<pid>/{cmdline,stat,status,exe}`.
fn proc_process_info(pid: u32) -> Option<ProcessInfo> {
    let base = format!("/proc/{pid}");
    let mut buf = Vec::with_capacity(PROC_FILE_CAPACITY);
    read_proc_file(&format!("{base}/stat"), &mut buf).ok()?;
    let start_time = std::str::from_utf8(&buf)
        .ok()
        .and_then(|stat| parse_proc_stat(stat).ok())
        .map(|s| s.start_time);
    let args = read_proc_file(&format!("{base}/cmdline"), &mut buf)
        .map(|()| cmdline_args(&buf))
        .unwrap_or_default();
    let uid = read_proc_file(&format!("{base}/status"), &mut buf)
        .ok()
        .and_then(|()| std::str::from_utf8(&buf).ok())
        .and_then(parse_status_uid);
    let exe = std::fs::read_link(format!("{base}/exe"))
        .ok()
        .and_then(|p| p.to_str().map(str::to_owned));
    Some(ProcessInfo {
        pid,
        args,
        exe,
        start_time,
        uid,
    })
}

/// What a `/proc/<pid>` file read starts with: `stat`, `status` and most command lines fit, so one `read` fills
/// the buffer and a second one sees the end (`std::fs::read` sizes its buffer from the file size, which is 0 for
/// `/proc` files, and grows it from 32 bytes: eight reads for a `status` file).
pub(super) const PROC_FILE_CAPACITY: usize = 4096;

/// Replaces `buf`'s content with the whole file.
pub(super) fn read_proc_file(path: &str, buf: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Read;
    buf.clear();
    std::fs::File::open(path)?.read_to_end(buf).map(drop)
}

/// Process information from `sysinfo` (macOS, Windows); the start time is in seconds since the epoch.
fn sysinfo_process_info(pid: u32) -> Option<ProcessInfo> {
    use sysinfo::{Pid, ProcessRefreshKind, ProcessesToUpdate, System, UpdateKind};
    let mut system = System::new().ok()?;
    let target = Pid::from_u32(pid);
    system.refresh_processes_specifics(
        ProcessesToUpdate::Some(&[target]),
        true,
        ProcessRefreshKind::nothing()
            .with_cmd(UpdateKind::Always)
            .with_exe(UpdateKind::Always),
    );
    let process = system.process(target)?;
    let args = clawscope_core::gateway::process::redact_secret_args(
        process
            .cmd()
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .filter(|a| !a.is_empty())
            .collect(),
    );
    Some(ProcessInfo {
        pid,
        args,
        exe: process.exe().and_then(|p| p.to_str()).map(str::to_owned),
        start_time: Some(process.start_time()),
        uid: None,
    })
}

/// Runs a command with a closed stdin and returns its stdout (empty when it cannot run).
fn run(argv: &[&str]) -> String {
    let Some((program, rest)) = argv.split_first() else {
        return String::new();
    };
    Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_process_is_described() {
        let info = process_info(std::process::id()).unwrap_or_default();
        assert_eq!(info.pid, std::process::id());
        assert!(!info.args.is_empty());
        assert_eq!(info.is_gateway(), Some(false));
        assert!(pid_alive(std::process::id()));
    }

    #[test]
    fn missing_command_gives_empty_output() {
        assert_eq!(run(&["clawscope-no-such-command-xyz"]), "");
        assert_eq!(run(&[]), "");
    }
}
