//! `gateway_evidence` and `adoption_verdict` against a fake gateway: a real child process listening on 127.0.0.1,
//! titled `openclaw-gateway`, with OpenClaw lock files in the 2026.9 and 2026.7 layouts.
#![cfg(target_os = "linux")]

#[path = "probe_support/mod.rs"]
mod support;

use std::fs;

use camino::{Utf8Path, Utf8PathBuf};
use clawscope::gateway::evidence::gateway_evidence;
use clawscope_core::gateway::install::{Confidence, FactKind, GatewayEvidence, adoption_verdict};
use clawscope_core::gateway::lockfile::lock_file_name;
use support::{Guard, Spec, World, dead_pid, spawn_listener, start_time};

impl World {
    /// Writes a lock file as OpenClaw does: JSON followed by space/tab padding.
    fn write_lock(dir: &Utf8Path, config: &Utf8Path, pid: u32, start: u64) -> Utf8PathBuf {
        fs::create_dir_all(dir).expect("mkdir lock dir");
        let path = dir.join(lock_file_name(config.as_str()));
        let mut text = format!(
            "{{\"pid\":{pid},\"createdAt\":\"2026-11-26T09:00:00.000Z\",\"configPath\":\"{config}\",\"startTime\":{start}}}"
        );
        text.push_str(&" \t".repeat(68));
        fs::write(&path, text).expect("write lock");
        path
    }
}

fn all_kinds(e: &GatewayEvidence) -> Vec<FactKind> {
    e.listeners
        .iter()
        .flat_map(|l| l.facts.iter().map(|f| f.kind))
        .chain(e.other_facts.iter().map(|f| f.kind))
        .collect()
}

fn fake_gateway(env: &[(&str, &str)]) -> Guard {
    spawn_listener(&Spec {
        arg0: Some("openclaw-gateway"),
        env,
        ..Spec::default()
    })
}

#[test]
fn lock_in_state_dir_layout_makes_it_certain() {
    let w = World::new();
    let state = w.install(".openclaw-work", 1);
    let config = state.join("openclaw.json");
    let child = fake_gateway(&[
        ("OPENCLAW_STATE_DIR", state.as_str()),
        ("OPENCLAW_GATEWAY_TOKEN", "supersecret-token"),
    ]);
    let lock_dir = state.join(format!("tmp/openclaw-{}", w.uid));
    let lock = World::write_lock(&lock_dir, &config, child.pid(), start_time(child.pid()));

    let e = gateway_evidence(&w.env(), child.port).expect("evidence");
    assert_eq!(e.confidence, Confidence::Certain, "{e:#?}");
    let serves = e.serves.clone().expect("serves");
    assert_eq!(
        (serves.config_path.as_path(), serves.pid, serves.via),
        (config.as_path(), child.pid(), FactKind::LockFile)
    );
    assert_eq!(serves.state_dir.as_deref(), Some(state.as_path()));
    let listener = e
        .listeners
        .iter()
        .find(|l| l.pid == child.pid())
        .expect("listener");
    assert_eq!(listener.is_gateway, Some(true));
    let lock_fact = listener
        .facts
        .iter()
        .find(|f| f.kind == FactKind::LockFile)
        .expect("lock fact");
    assert_eq!(lock_fact.path.as_deref(), Some(lock.as_path()));
    assert!(
        listener
            .facts
            .iter()
            .any(|f| f.kind == FactKind::EnvVar && f.value == format!("OPENCLAW_STATE_DIR={state}"))
    );

    let json = serde_json::to_string(&e).expect("json");
    assert!(!json.contains("supersecret"), "a secret leaked: {json}");

    adoption_verdict(&e, &state).expect("adopt for the matching dir");
    let other = w.home.join(".openclaw");
    let err = adoption_verdict(&e, &other).expect_err("refused for another dir");
    assert_eq!(err.code().as_str(), "GATEWAY_ADOPT_REFUSED");
    assert!(
        err.to_string()
            .contains(&format!("serves `{config}` (lock file, pid {})", child.pid())),
        "{err}"
    );
    assert!(err.details().is_some());
}

#[test]
fn lock_in_os_temp_layout_makes_it_certain() {
    let w = World::new();
    let state = w.install(".openclaw", 1);
    let config = state.join("openclaw.json");
    let child = fake_gateway(&[]);
    World::write_lock(
        &w.os_tmp.join(format!("openclaw-{}", w.uid)),
        &config,
        child.pid(),
        start_time(child.pid()),
    );

    let e = gateway_evidence(&w.env(), child.port).expect("evidence");
    assert_eq!(e.confidence, Confidence::Certain, "{e:#?}");
    let serves = e.serves.clone().expect("serves");
    assert_eq!(serves.config_path, config);
    assert_eq!(serves.state_dir.as_deref(), Some(state.as_path()));
    adoption_verdict(&e, &state).expect("adopt");
}

#[test]
fn stale_lock_of_a_dead_pid_is_ignored() {
    let w = World::new();
    let other = w.install(".openclaw-other", 1);
    let child = fake_gateway(&[]);
    let state = w.install(".openclaw", child.port);
    World::write_lock(
        &w.os_tmp.join(format!("openclaw-{}", w.uid)),
        &other.join("openclaw.json"),
        dead_pid(),
        12345,
    );

    let e = gateway_evidence(&w.env(), child.port).expect("evidence");
    let kinds = all_kinds(&e);
    assert!(
        e.other_facts.iter().any(|f| f.kind == FactKind::StaleLock),
        "{kinds:?}"
    );
    // Only the port says which install it is.
    assert_eq!(e.confidence, Confidence::Likely, "{e:#?}");
    assert_eq!(
        e.serves.as_ref().map(|s| s.config_path.clone()),
        Some(state.join("openclaw.json"))
    );
    let err = adoption_verdict(&e, &state).expect_err("port match alone is not enough");
    assert!(err.to_string().contains("port match only"), "{err}");
}

#[test]
fn lock_with_another_start_time_is_pid_reuse() {
    let w = World::new();
    let state = w.install(".openclaw", 1);
    let config = state.join("openclaw.json");
    let child = fake_gateway(&[]);
    World::write_lock(
        &w.os_tmp.join(format!("openclaw-{}", w.uid)),
        &config,
        child.pid(),
        start_time(child.pid()) + 1000,
    );

    let e = gateway_evidence(&w.env(), child.port).expect("evidence");
    let listener = e
        .listeners
        .iter()
        .find(|l| l.pid == child.pid())
        .expect("listener");
    assert!(
        listener.facts.iter().any(|f| f.kind == FactKind::LockPidReused),
        "{listener:#?}"
    );
    assert_eq!(e.confidence, Confidence::Unknown, "{e:#?}");
    assert!(adoption_verdict(&e, &state).is_err());
}

#[test]
fn non_gateway_listener_and_free_port() {
    let w = World::new();
    let child = spawn_listener(&Spec::default());
    w.install(".openclaw", child.port);
    let e = gateway_evidence(&w.env(), child.port).expect("evidence");
    assert_eq!(e.listeners[0].is_gateway, Some(false));
    assert_eq!(e.confidence, Confidence::Unknown);

    let port = support::free_port();
    let e = gateway_evidence(&w.env(), port).expect("evidence");
    assert!(e.listeners.is_empty());
    let err = adoption_verdict(&e, &w.home.join(".openclaw")).expect_err("nothing runs");
    assert_eq!(err.code().as_str(), "GATEWAY_NOT_RUNNING");
}
