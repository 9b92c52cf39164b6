//! Owner-file behaviour across threads and processes, and interop of the written file with both ClawPanel
//! readers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clawscope::atomic::FileLock;
use clawscope::gateway::decide::{OwnerAction, Ownership};
use clawscope::gateway::owner::{OwnerDialect, OwnerReadOutcome};
use clawscope::gateway::owner_file::{owner_lock_path, read_owner_file};
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::gateway::{Gateway, GatewayOptions};
use serde_json::Value;

fn gateway(dir: &Path, pid: Option<u32>) -> Gateway {
    let options = GatewayOptions {
        openclaw_dir: Some(dir.to_str().unwrap().into()),
        cli_path: Some("/usr/local/bin/openclaw".into()),
        ..GatewayOptions::default()
    };
    Gateway::new(options)
        .unwrap()
        .with_runtime_source(move |_: u16| Ok(GatewayRuntime::running(pid)))
}

#[test]
fn concurrent_claimers_never_produce_a_torn_file() {
    let dir = tempfile::tempdir().unwrap();
    let owner = dir.path().join("gateway-owner.json");
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let owner = owner.clone();
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut valid_reads = 0;
            while !done.load(Ordering::SeqCst) {
                match read_owner_file(&owner).unwrap() {
                    OwnerReadOutcome::Missing => {}
                    OwnerReadOutcome::Valid { record } => {
                        assert_eq!(record.dialect, OwnerDialect::Both);
                        assert!(record.conflicts.is_empty());
                        valid_reads += 1;
                    }
                    corrupt @ OwnerReadOutcome::Corrupt { .. } => panic!("torn read: {corrupt:?}"),
                }
            }
            valid_reads
        })
    };
    let writers: Vec<_> = (1..=6u32)
        .map(|pid| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let gw = gateway(&dir, Some(pid));
                for _ in 0..15 {
                    gw.claim(Some(pid)).unwrap();
                    gw.ensure_owned(Some(pid)).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    done.store(true, Ordering::SeqCst);
    assert!(reader.join().unwrap() > 0);
    let record = read_owner_file(&owner).unwrap().record().cloned().unwrap();
    assert!(record.pid.is_some_and(|p| (1..=6).contains(&p)));
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// When run as the child (env `CLAWSCOPE_LOCK_CHILD` = lock path), holds the lock until the release file appears.
#[test]
fn lock_excludes_other_processes() {
    if let Some(lock) = std::env::var_os("CLAWSCOPE_LOCK_CHILD") {
        let lock = Path::new(&lock).to_path_buf();
        let _guard = FileLock::acquire(&lock).unwrap();
        fs::write(lock.with_extension("held"), b"").unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !lock.with_extension("release").exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lock = owner_lock_path(&dir.path().join("gateway-owner.json"));
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock_excludes_other_processes", "--test-threads=1"])
        .env("CLAWSCOPE_LOCK_CHILD", &lock)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !lock.with_extension("held").exists() {
        assert!(Instant::now() < deadline, "child never took the lock");
        std::thread::sleep(Duration::from_millis(10));
    }
    let other = fs::OpenOptions::new().read(true).write(true).open(&lock).unwrap();
    assert!(other.try_lock().is_err(), "the child holds the lock");
    fs::write(lock.with_extension("release"), b"").unwrap();
    assert!(child.wait().unwrap().success());
    let _guard = FileLock::acquire(&lock).unwrap();
}

#[test]
fn written_file_satisfies_both_clawpanel_readers() {
    let dir = tempfile::tempdir().unwrap();
    let gw = gateway(dir.path(), Some(4242));
    gw.claim(None).unwrap();
    let v: Value = serde_json::from_slice(&fs::read(gw.owner_path()).unwrap()).unwrap();
    // Tauri's strict serde struct: port u16, openclaw_dir/started_at/started_by strings, pid u32|null,
    // cli_path string|null.
    assert!(v["port"].as_u64().is_some_and(|p| p == u64::from(gw.port())));
    assert_eq!(v["openclaw_dir"], dir.path().to_str().unwrap());
    assert!(v["started_at"].is_string());
    assert_eq!(v["started_by"], "clawpanel");
    assert_eq!(v["pid"], 4242);
    assert_eq!(v["cli_path"], "/usr/local/bin/openclaw");
    // ClawPanel Web: camelCase keys with the same values.
    assert_eq!(v["openclawDir"], v["openclaw_dir"]);
    assert_eq!(v["cliPath"], v["cli_path"]);
    assert_eq!(v["startedBy"], "clawpanel");
    let started = v["startedAt"].as_str().unwrap();
    assert!(
        started.ends_with('Z') && started.len() == "2026-07-23T11:18:47.123Z".len(),
        "{started}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(gw.owner_path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn status_then_decide_is_stable_and_clear_resets() {
    let dir = tempfile::tempdir().unwrap();
    let gw = gateway(dir.path(), Some(9));
    let first = gw.status().unwrap();
    assert_eq!(
        (first.ownership, first.decision.action),
        (Ownership::Owned, OwnerAction::Claim)
    );
    assert!(first.owned_by_current_instance);
    let again = gw.decide().unwrap();
    assert_eq!(again.action, OwnerAction::None);
    assert!(gw.clear_owner().unwrap());
    assert!(!gw.clear_owner().unwrap());
    assert_eq!(gw.decide().unwrap().action, OwnerAction::Claim);
}

#[cfg(unix)]
#[test]
fn status_reports_a_failed_write_instead_of_failing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let oc = dir.path().join("oc");
    fs::create_dir(&oc).unwrap();
    fs::set_permissions(&oc, fs::Permissions::from_mode(0o500)).unwrap();
    let writable = fs::write(oc.join("probe"), b"").is_ok();
    let status = gateway(&oc, Some(3)).status().unwrap();
    fs::set_permissions(&oc, fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(status.ownership, Ownership::Owned);
    // Root ignores directory permissions; then the write succeeds.
    assert_eq!(
        status.owner_write_error.is_some(),
        !writable,
        "{:?}",
        status.owner_write_error
    );
}

#[test]
fn status_survives_an_unusable_lock_but_ensure_owned_does_not() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the lock file should be: opening it for writing fails, even for root.
    fs::create_dir(dir.path().join("gateway-owner.json.lock")).unwrap();
    let gw = gateway(dir.path(), Some(3));
    let status = gw.status().unwrap();
    assert_eq!(
        (status.ownership, status.decision.action),
        (Ownership::Owned, OwnerAction::Claim)
    );
    assert!(
        status
            .owner_write_error
            .as_deref()
            .is_some_and(|e| e.contains("open lock")),
        "{status:?}"
    );
    assert_eq!(
        gw.read_owner().unwrap(),
        OwnerReadOutcome::Missing,
        "nothing was written"
    );
    assert!(gw.ensure_owned(Some(3)).is_err());
}

#[test]
fn refresh_keeps_unknown_keys_of_the_old_record() {
    let dir = tempfile::tempdir().unwrap();
    let owner = dir.path().join("gateway-owner.json");
    let old = serde_json::json!({
        "port": 18789, "openclawDir": dir.path().to_str().unwrap(), "startedBy": "clawpanel", "pid": 1,
        "panelInstance": {"id": "abc"}
    });
    fs::write(&owner, old.to_string()).unwrap();
    let decision = gateway(dir.path(), Some(2)).ensure_owned(None).unwrap();
    assert_eq!(decision.action, OwnerAction::RefreshPid);
    let v: Value = serde_json::from_slice(&fs::read(&owner).unwrap()).unwrap();
    assert_eq!(v["pid"], 2);
    assert_eq!(v["panelInstance"]["id"], "abc");
}
