//! `probe_port` against real listening child processes (Linux `/proc`).
#![cfg(target_os = "linux")]

#[path = "probe_support/mod.rs"]
mod support;

use clawscope::gateway::probe::{current_runtime, probe_port};
use clawscope_core::gateway::runtime::ProbeSource;
use support::{Spec, free_port, spawn_listener};

#[test]
fn plain_listener_is_found_and_is_not_a_gateway() {
    let child = spawn_listener(&Spec::default());
    let probe = probe_port(child.port).expect("probe");
    assert_eq!(probe.port, child.port);
    assert_eq!(probe.pids(), vec![child.pid()], "{probe:?}");
    let v4 = probe
        .listeners
        .iter()
        .find(|l| l.local_address.as_deref() == Some("127.0.0.1"))
        .expect("IPv4 listener");
    assert_eq!(v4.source, ProbeSource::Proc);
    assert!(v4.inode.is_some());
    assert!(v4.start_time.is_some());
    assert_eq!(v4.is_gateway, Some(false));
    assert!(
        v4.command_line.as_deref().is_some_and(|c| c.contains("-c")),
        "{v4:?}"
    );
    let runtime = current_runtime(child.port).expect("runtime");
    assert!(runtime.running);
    assert_eq!(runtime.pid, Some(child.pid()));
    assert_eq!(runtime.is_gateway, Some(false));
    assert!(!runtime.manageable());
}

#[test]
fn argv_with_openclaw_and_gateway_is_a_gateway() {
    let child = spawn_listener(&Spec {
        extra_args: &["openclaw", "gateway"],
        ..Spec::default()
    });
    let runtime = current_runtime(child.port).expect("runtime");
    assert_eq!(runtime.pid, Some(child.pid()));
    assert_eq!(runtime.is_gateway, Some(true));
    assert!(
        runtime
            .command_line
            .as_deref()
            .is_some_and(|c| c.ends_with("openclaw gateway"))
    );
}

#[test]
fn rewritten_title_is_a_gateway() {
    let child = spawn_listener(&Spec {
        arg0: Some("openclaw-gateway"),
        ..Spec::default()
    });
    let probe = probe_port(child.port).expect("probe");
    assert!(!probe.listeners.is_empty());
    for l in &probe.listeners {
        assert_eq!(l.pid, Some(child.pid()));
        assert_eq!(l.is_gateway, Some(true), "{l:?}");
        assert!(
            l.command_line
                .as_deref()
                .is_some_and(|c| c.starts_with("openclaw-gateway"))
        );
    }
}

#[test]
fn nothing_listening_is_not_running() {
    let port = free_port();
    let probe = probe_port(port).expect("probe");
    assert!(probe.listeners.is_empty(), "{probe:?}");
    assert!(!current_runtime(port).expect("runtime").running);
}

#[test]
fn ipv6_listener_is_found_when_available() {
    let child = spawn_listener(&Spec::default());
    let probe = probe_port(child.port).expect("probe");
    let has_v6 = std::fs::read_to_string("/proc/net/tcp6").is_ok_and(|t| t.lines().count() > 1);
    if has_v6 {
        assert!(
            probe
                .listeners
                .iter()
                .any(|l| l.local_address.as_deref() == Some("::1") && l.pid == Some(child.pid())),
            "{probe:?}"
        );
    }
}

#[test]
fn child_is_killed_when_the_guard_drops() {
    let pid;
    {
        let child = spawn_listener(&Spec::default());
        pid = child.pid();
        assert!(clawscope::gateway::probe::pid_alive(pid));
    }
    assert!(!clawscope::gateway::probe::pid_alive(pid));
}

#[test]
fn a_remembered_holder_is_rechecked_when_the_listener_changes() {
    let mut child = spawn_listener(&Spec::default());
    let port = child.port;
    assert_eq!(probe_port(port).expect("first probe").pids(), vec![child.pid()]);
    // The second probe of the same port uses the remembered holder (after checking it) and agrees.
    assert_eq!(probe_port(port).expect("second probe").pids(), vec![child.pid()]);

    child.child.kill().expect("kill");
    child.child.wait().expect("reap");
    let ours = std::net::TcpListener::bind(("127.0.0.1", port)).expect("rebind the freed port");
    let probe = probe_port(port).expect("probe after the listener changed");
    assert_eq!(probe.pids(), vec![std::process::id()], "{probe:?}");
    drop(ours);
    assert!(probe_port(port).expect("probe after close").listeners.is_empty());
}

/// A listener that forks a child inheriting the listening socket (the child exits once orphaned).
const FORKING_LISTENER: &str = "import os,socket,time\n\
s=socket.socket()\n\
s.bind(('127.0.0.1',0))\n\
s.listen()\n\
parent=os.getpid()\n\
c=os.fork()\n\
if c==0:\n  while os.getppid()==parent:\n    time.sleep(0.05)\n  os._exit(0)\n\
print(s.getsockname()[1],c,flush=True)\n\
time.sleep(120)\n";

#[test]
fn an_inherited_socket_lists_the_parent_first_then_the_child() {
    use std::io::BufRead;
    let mut process = std::process::Command::new(support::PYTHON)
        .args(["-c", FORKING_LISTENER])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn python3");
    let stdout = process.stdout.take().expect("stdout");
    let parent = support::Guard {
        child: process,
        port: 0,
    };
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read");
    let mut fields = line.split_whitespace().map(|f| f.parse::<u32>().expect("number"));
    let (port, child) = (fields.next().expect("port"), fields.next().expect("child pid"));
    let port = u16::try_from(port).expect("port");
    // The child is newer, so the newest-first scan meets it first; its parent holds the socket too.
    clawscope::gateway::probe::forget_socket_holders();
    let first = probe_port(port).expect("probe");
    assert_eq!(first.pids(), vec![parent.pid(), child], "{first:?}");
    assert_eq!(current_runtime(port).expect("runtime").pid, Some(parent.pid()));
    // The remembered holders are re-checked and give the same answer.
    assert_eq!(probe_port(port).expect("probe").pids(), first.pids());
}
