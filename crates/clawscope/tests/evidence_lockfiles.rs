//! `read_lock_files`: both layouts, padding, corrupt files, the `gateway.state.lock` neighbour and dead pids.
#![cfg(target_os = "linux")]

use std::fs;

use camino::Utf8PathBuf;
use clawscope::gateway::lockfiles::read_lock_files;
use clawscope_core::Env;
use clawscope_core::gateway::lockfile::{LockLayout, lock_file_name};

#[test]
fn reads_both_layouts_and_reports_bad_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = Utf8PathBuf::from_path_buf(tmp.path().to_path_buf()).expect("utf8");
    let os_tmp_dir = root.join("ostmp/openclaw-4242");
    let state = root.join("state");
    let state_dir = state.join("tmp/openclaw-4242");
    fs::create_dir_all(&os_tmp_dir).expect("mkdir");
    fs::create_dir_all(&state_dir).expect("mkdir");
    let me = std::process::id();
    let config = state.join("openclaw.json");
    let name = lock_file_name(config.as_str());
    let mut live = format!("{{\"pid\":{me},\"configPath\":\"{config}\",\"startTime\":1}}").into_bytes();
    live.extend([b' '; 136]);
    fs::write(state_dir.join(&name), &live).expect("write");
    fs::write(state_dir.join("gateway.state.lock"), "{\"pid\":1}").expect("write");
    fs::write(os_tmp_dir.join("gateway.0badc0de.lock"), "{\"pid\":").expect("write");
    fs::write(os_tmp_dir.join("unrelated.txt"), "x").expect("write");

    let env = Env::new(root.join("home"))
        .with_uid(4242)
        .with_temp_dir(root.join("ostmp"))
        .with_var("OPENCLAW_STATE_DIR", state.as_str());
    let locks = read_lock_files(&env, &[]);
    assert_eq!(locks.len(), 2, "{locks:#?}");

    let bad = &locks[0];
    assert_eq!(bad.layout, LockLayout::OsTemp);
    assert!(bad.lock.is_none());
    assert!(bad.error.is_some());

    let good = &locks[1];
    assert_eq!(good.layout, LockLayout::StateDir);
    assert_eq!(good.state_dir.as_deref(), Some(state.as_path()));
    assert_eq!(good.path.file_name(), Some(name.as_str()));
    assert!(good.pid_alive);
    assert!(good.pid_start_time.is_some_and(|t| t != 1));
    assert_eq!(good.lock.as_ref().map(|l| l.pid), Some(me));

    // Passing the same state dir explicitly does not list it twice.
    assert_eq!(read_lock_files(&env, std::slice::from_ref(&state)).len(), 2);
    // Without the env var and the argument, only the OS temp layout is read.
    let env = Env::new(root.join("home"))
        .with_uid(4242)
        .with_temp_dir(root.join("ostmp"));
    assert_eq!(read_lock_files(&env, &[]).len(), 1);
}
