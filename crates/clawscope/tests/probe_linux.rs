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
