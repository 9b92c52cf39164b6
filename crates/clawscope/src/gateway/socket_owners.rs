//! Which processes hold a socket, by inode: the Linux `/proc/<pid>/fd` scan behind [`probe_port`].
//!
//! A listening socket appears in `/proc/<pid>/fd` of its holder as a link `socket:[<inode>]`. The scan works on
//! directory descriptors (`openat` + `getdents64` + `readlinkat` relative to the open `fd` dir), so the kernel
//! never walks a full path per descriptor and nothing is allocated per descriptor; it stops as soon as every
//! wanted inode has an owner. Two things keep it short:
//!
//! - **Newest process first.** Pids are visited in descending order: a gateway (or whatever a dashboard asks
//!   about) was started long after the system's daemons, so the scan usually ends after a few processes. The
//!   newest holder of an inherited socket is a child, so the holder found is followed up its parent chain and
//!   every ancestor still holding the socket is listed first: the process that opened it leads the list (and a
//!   child caught between `fork` and `exec`, which holds its parent's sockets until `exec` closes them, is
//!   dropped once it no longer does).
//! - **One syscall for a process whose links cannot be read.** The kernel checks the same ptrace read access for
//!   `/proc/<pid>/exe` as for every `/proc/<pid>/fd/<n>` link, and kernel threads and zombies have neither an
//!   executable nor open files. So `readlinkat("<pid>/exe")` comes first and a failure skips the process, instead of
//!   opening and listing its `fd` dir and failing on each descriptor (other users' processes without root; most
//!   processes of a container whose root lacks `CAP_SYS_PTRACE`).
//!
//! Dashboards probe the same port every few seconds, so where an inode's holders were found is remembered: the
//! next probe checks those descriptors (`/proc/<pid>/fd/<n>` still links to `socket:[<inode>]`) before scanning.
//! A remembered holder is only used after that check, which proves that the process holds the socket now (a
//! listening socket's inode is unique while it lives), so pid reuse or a closed socket can never give a wrong pid;
//! they just cost a scan.
//!
//! [`probe_port`]: super::probe::probe_port

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};

use clawscope_core::gateway::process::parse_proc_stat;

use super::probe::{PROC_FILE_CAPACITY, read_proc_file};
use rustix::fd::{AsFd, OwnedFd};
use rustix::fs::{CWD, Dir, Mode, OFlags, openat, readlinkat_raw};

/// At most this many remembered sockets (a dashboard watches one or two ports).
const REMEMBERED: usize = 64;

/// How far up the parent chain a socket's holders are looked for.
const MAX_LINEAGE: usize = 32;

/// A process holding a socket: `(pid, fd number)`.
type Holder = (u32, u32);

/// Where each recently found socket inode was held, oldest holder first.
static HOLDERS: Mutex<Option<HashMap<u64, Vec<Holder>>>> = Mutex::new(None);

/// Maps each wanted socket inode to the pids holding it, oldest first (processes we may not inspect are
/// skipped). A socket inherited across `fork` is held by the parent and the child: the first process found
/// holding it (the newest) is followed up its parent chain, and every ancestor still holding the socket is listed
/// before it, so the process that opened the socket comes first. A child caught between `fork` and `exec` (it
/// holds its parent's sockets until `exec` closes them) is dropped when it no longer holds the socket.
pub(crate) fn socket_owners(wanted: &BTreeSet<u64>) -> BTreeMap<u64, Vec<u32>> {
    let mut found: BTreeMap<u64, Vec<Holder>> = BTreeMap::new();
    let Ok(proc_dir) = open_dir(CWD, "/proc") else {
        return BTreeMap::new();
    };
    for (inode, holders) in remembered_holders(wanted) {
        let still: Vec<Holder> = holders
            .into_iter()
            .filter(|(pid, fd)| holds(&proc_dir, *pid, *fd, inode))
            .collect();
        if !still.is_empty() {
            found.insert(inode, still);
        }
    }
    if found.len() < wanted.len() {
        let known: BTreeSet<u64> = found.keys().copied().collect();
        scan(&proc_dir, wanted, &mut found);
        remember(found.iter().filter(|(inode, _)| !known.contains(inode)));
    }
    found
        .into_iter()
        .map(|(inode, holders)| (inode, holders.into_iter().map(|(pid, _)| pid).collect()))
        .collect()
}

/// Forgets every remembered holder.
pub(crate) fn forget_holders() {
    let mut guard = HOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
    *guard = None;
}

/// The remembered holders of the wanted inodes.
fn remembered_holders(wanted: &BTreeSet<u64>) -> Vec<(u64, Vec<Holder>)> {
    let guard = HOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
    guard.as_ref().map_or_else(Vec::new, |map| {
        wanted
            .iter()
            .filter_map(|inode| map.get(inode).map(|holders| (*inode, holders.clone())))
            .collect()
    })
}

/// Remembers where inodes were found, forgetting everything when the table is full.
fn remember<'a>(learned: impl Iterator<Item = (&'a u64, &'a Vec<Holder>)>) {
    let learned: Vec<_> = learned.collect();
    if learned.is_empty() {
        return;
    }
    let mut guard = HOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
    let map = guard.get_or_insert_with(HashMap::new);
    if map.len() + learned.len() > REMEMBERED {
        map.clear();
    }
    for (inode, holders) in learned {
        map.insert(*inode, holders.clone());
    }
}

/// Whether `/proc/<pid>/fd/<fd>` links to `socket:[<inode>]` now.
fn holds(proc_dir: &OwnedFd, pid: u32, fd: u32, inode: u64) -> bool {
    let mut buf = [0u8; 64];
    readlinkat_raw(proc_dir, format!("{pid}/fd/{fd}"), &mut buf[..])
        .ok()
        .and_then(|len| buf.get(..len))
        .and_then(socket_inode)
        == Some(inode)
}

/// The scan of every process's `fd` dir, newest process first, until every wanted inode has its holders.
fn scan(proc_dir: &OwnedFd, wanted: &BTreeSet<u64>, found: &mut BTreeMap<u64, Vec<Holder>>) {
    let mut link = [0u8; 64];
    let mut hits = Vec::new();
    for pid in pids_newest_first(proc_dir) {
        if found.len() == wanted.len() {
            break;
        }
        if !links_readable(proc_dir, pid, &mut link) {
            continue;
        }
        hits.clear();
        socket_fds(proc_dir, pid, wanted, &mut hits, &mut link);
        for &(inode, fd) in &hits {
            if found.contains_key(&inode) {
                continue;
            }
            let holders = lineage(proc_dir, inode, (pid, fd), &mut link);
            if !holders.is_empty() {
                found.insert(inode, holders);
            }
        }
    }
}

/// The holders of `inode` given one of them: its ancestors that hold the same socket, oldest first, then itself
/// if it still holds it. An inherited descriptor usually keeps its number, so that one link is checked before the
/// parent's whole `fd` dir.
fn lineage(proc_dir: &OwnedFd, inode: u64, holder: Holder, link: &mut [u8]) -> Vec<Holder> {
    let mut chain = Vec::new();
    let wanted = BTreeSet::from([inode]);
    let mut hits = Vec::new();
    let mut stat = Vec::with_capacity(PROC_FILE_CAPACITY);
    let (mut child, mut fd) = holder;
    for _ in 0..MAX_LINEAGE {
        let Some(parent) = parent_pid(child, &mut stat).filter(|p| *p > 0 && *p != child) else {
            break;
        };
        if !holds(proc_dir, parent, fd, inode) {
            hits.clear();
            socket_fds(proc_dir, parent, &wanted, &mut hits, link);
            let Some(&(_, parent_fd)) = hits.first() else {
                break;
            };
            fd = parent_fd;
        }
        chain.push((parent, fd));
        child = parent;
    }
    chain.reverse();
    if holds(proc_dir, holder.0, holder.1, inode) {
        chain.push(holder);
    }
    chain
}

/// The parent pid of `pid` (`/proc/<pid>/stat` field 4), `None` when it is gone.
fn parent_pid(pid: u32, buf: &mut Vec<u8>) -> Option<u32> {
    read_proc_file(&format!("/proc/{pid}/stat"), buf).ok()?;
    let stat = std::str::from_utf8(buf).ok()?;
    parse_proc_stat(stat).ok().map(|s| s.ppid)
}

/// The pids listed in `/proc`, highest first.
fn pids_newest_first(proc_dir: &OwnedFd) -> Vec<u32> {
    let Ok(entries) = Dir::read_from(proc_dir) else {
        return Vec::new();
    };
    let mut pids: Vec<u32> = entries
        .flatten()
        .filter_map(|entry| decimal(entry.file_name().to_bytes()).and_then(|p| u32::try_from(p).ok()))
        .collect();
    pids.sort_unstable_by(|a, b| b.cmp(a));
    pids
}

/// Whether `/proc/<pid>/exe` can be read: the kernel's access check for it is the one for the `fd` links, and a
/// process without an executable (a kernel thread, a zombie) has no open files either.
fn links_readable(proc_dir: &OwnedFd, pid: u32, buf: &mut [u8]) -> bool {
    readlinkat_raw(proc_dir, format!("{pid}/exe"), buf).is_ok()
}

/// Appends `(inode, fd number)` for each of `pid`'s open descriptors that is a wanted socket.
fn socket_fds(
    proc_dir: &OwnedFd,
    pid: u32,
    wanted: &BTreeSet<u64>,
    hits: &mut Vec<(u64, u32)>,
    link: &mut [u8],
) {
    let Ok(fd_dir) = open_dir(proc_dir, format!("{pid}/fd")) else {
        return;
    };
    let Ok(mut fds) = Dir::new(fd_dir) else {
        return;
    };
    while let Some(Ok(fd)) = fds.read() {
        let name = fd.file_name();
        let Some(fd_number) = decimal(name.to_bytes()).and_then(|n| u32::try_from(n).ok()) else {
            continue;
        };
        let Ok(dir_fd) = fds.fd() else { break };
        let Ok(len) = readlinkat_raw(dir_fd.as_fd(), name, &mut *link) else {
            continue;
        };
        if let Some(inode) = link.get(..len).and_then(socket_inode)
            && wanted.contains(&inode)
        {
            hits.push((inode, fd_number));
        }
    }
}

/// Opens a directory read-only, relative to `at`.
fn open_dir<Fd: AsFd, P: rustix::path::Arg>(at: Fd, path: P) -> rustix::io::Result<OwnedFd> {
    openat(
        at,
        path,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )
}

/// The inode of a `socket:[<inode>]` link target.
fn socket_inode(link: &[u8]) -> Option<u64> {
    decimal(link.strip_prefix(b"socket:[")?.strip_suffix(b"]")?)
}

/// A non-empty run of ASCII digits as a number (no sign, no overflow).
fn decimal(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    bytes.iter().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_link_targets() {
        assert_eq!(socket_inode(b"socket:[12345]"), Some(12345));
        assert_eq!(socket_inode(b"socket:[]"), None);
        assert_eq!(socket_inode(b"socket:[12a]"), None);
        assert_eq!(socket_inode(b"pipe:[12345]"), None);
        assert_eq!(socket_inode(b"/dev/null"), None);
        assert_eq!(decimal(b"99999999999999999999"), None);
        assert_eq!(decimal(b"007"), Some(7));
    }

    #[test]
    fn finds_own_listening_socket_then_remembers_it() {
        use std::os::fd::AsRawFd;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let fd = u32::try_from(listener.as_raw_fd()).expect("fd");
        let own = std::fs::read_link(format!("/proc/self/fd/{fd}")).expect("link");
        let inode = socket_inode(own.to_str().expect("utf8").as_bytes()).expect("a socket");
        let wanted = BTreeSet::from([inode]);

        let first = socket_owners(&wanted);
        assert_eq!(first.get(&inode), Some(&vec![std::process::id()]));
        assert!(remembered_holders(&wanted).contains(&(inode, vec![(std::process::id(), fd)])));

        let again = socket_owners(&wanted);
        assert_eq!(again, first);

        drop(listener);
        assert!(socket_owners(&wanted).is_empty(), "a closed socket has no holder");
    }

    #[test]
    fn processes_are_visited_newest_first_and_gated_on_their_exe_link() {
        let proc_dir = open_dir(CWD, "/proc").expect("/proc");
        let pids = pids_newest_first(&proc_dir);
        assert!(pids.contains(&std::process::id()));
        assert!(pids.windows(2).all(|w| w[0] > w[1]), "descending, no duplicates");
        let mut buf = [0u8; 64];
        assert!(links_readable(&proc_dir, std::process::id(), &mut buf));
        assert!(!links_readable(&proc_dir, u32::MAX, &mut buf));
    }

    #[test]
    fn a_remembered_holder_is_checked_not_trusted() {
        let proc_dir = open_dir(CWD, "/proc").expect("/proc");
        // fd 0 of this process is not a socket with inode 1.
        assert!(!holds(&proc_dir, std::process::id(), 0, 1));
        assert!(!holds(&proc_dir, u32::MAX, 3, 1));
    }
}
