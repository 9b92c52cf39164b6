//! Crash safety and multi-process concurrency of the owner file (issue 6 §3).
//!
//! The child processes are this test binary, re-executed with `--exact <child test>` and an environment variable
//! that tells the child test what to do. Without that variable the child tests run their loop in-process for a few
//! iterations and check the result, so they are real tests on their own too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clawscope::gateway::owner::{OwnerDialect, OwnerReadOutcome, OwnerRecord};
use clawscope::gateway::owner_file::{read_owner_file, write_owner_file};
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::gateway::{Gateway, GatewayOptions};
use clawscope_core::time::Timestamp;

const CHILD_ENV: &str = "CLAWSCOPE_HARDENING_CHILD";

/// The record written at step `n`: every field depends on `n`, so a record mixed from two writes is detectable.
fn record_for(n: u32) -> OwnerRecord {
    let now: Timestamp = "2026-07-23T11:18:47.123Z".parse().unwrap();
    let mut record = OwnerRecord::claim(
        u16::try_from(10_000 + n % 50_000).unwrap(),
        format!(
            "/srv/openclaw-{n}/{}",
            "d".repeat(usize::try_from(n % 97).unwrap())
        ),
        Some(format!("/opt/openclaw-{n}/bin/openclaw")),
        Some(n + 1),
        now,
    );
    // Make the file span more than one page now and then, so a torn write would be visible.
    if n.is_multiple_of(3) {
        record.extra.insert(
            "padding".into(),
            serde_json::Value::String(format!("{n}-").repeat(1500)),
        );
    }
    record
}

/// Checks that `record` is exactly the record of some step `n` and returns `n`.
fn step_of(record: &OwnerRecord) -> u32 {
    let n = record.pid.expect("pid present") - 1;
    let mut expected = record_for(n);
    expected.dialect = OwnerDialect::Both;
    assert_eq!(record, &expected, "record mixed from two writes");
    n
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "tmp"))
        .collect()
}

fn child(test: &str, mode: &str) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", test, "--nocapture", "--test-threads=1", "-q"])
        .env(CHILD_ENV, mode)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    cmd
}

/// Child: writes the records of steps `start, start+1, …` to the owner file until killed (or `limit` steps).
fn write_loop(path: &Path, start: u32, limit: u32) {
    for n in start..start.saturating_add(limit) {
        write_owner_file(path, &record_for(n)).unwrap();
    }
}

#[test]
fn child_owner_writer() {
    if let Ok(mode) = std::env::var(CHILD_ENV) {
        if let Some(rest) = mode.strip_prefix("write:") {
            let (start, path) = rest.split_once(':').unwrap();
            write_loop(Path::new(path), start.parse().unwrap(), u32::MAX);
        }
        return;
    }
    // In-process: the loop itself leaves the last record and no temp file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway-owner.json");
    write_loop(&path, 7, 20);
    let record = read_owner_file(&path).unwrap().record().cloned().unwrap();
    assert_eq!(step_of(&record), 26);
    assert!(temp_files(dir.path()).is_empty());
}

fn kill_and_reap(mut c: Child) {
    let _ = c.kill(); // SIGKILL on Unix
    c.wait().unwrap();
}

/// Issue 6 §3: SIGKILL a writer at random points, 500 times. After each kill the file is absent, the previous
/// record or a newer one — never empty, torn or mixed; at most the killed writer's one temp file is left; and the
/// next successful write leaves no temp file at all (stale temp files of dead writers are swept).
#[test]
fn sigkilled_writers_never_leave_a_torn_owner_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gateway-owner.json");
    let test_start = Instant::now();
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut last_seen: Option<u32> = None;
    let mut kills = 0;
    let mut start = 0u32;
    let mut outcomes = BTreeSet::new();
    // Kills since the last write of this process: each killed writer may leave its one temp file (a writer
    // killed between its rename and its sweep leaves the older ones too) until a write returns.
    let mut kills_since_sweep = 0usize;
    while kills < 500 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let c = child("child_owner_writer", &format!("write:{start}:{}", path.display()))
            .spawn()
            .unwrap();
        // Kill between 0 and ~6 ms after the spawn: sometimes before the first write, mostly in the middle of one.
        std::thread::sleep(Duration::from_micros(rng % 6000));
        kill_and_reap(c);
        kills += 1;
        kills_since_sweep += 1;
        match read_owner_file(&path).unwrap() {
            OwnerReadOutcome::Missing => {
                assert!(
                    last_seen.is_none(),
                    "owner file vanished after step {last_seen:?}"
                );
                outcomes.insert("missing");
            }
            OwnerReadOutcome::Valid { record } => {
                let n = step_of(&record);
                // A newer or the same record; the start of each child is past everything seen so far.
                assert!(
                    last_seen.is_none_or(|l| n >= l),
                    "went back from {last_seen:?} to {n}"
                );
                if last_seen == Some(n) {
                    outcomes.insert("old");
                } else {
                    outcomes.insert("new");
                }
                last_seen = Some(n);
                start = n + 1_000;
            }
            corrupt @ OwnerReadOutcome::Corrupt { .. } => panic!("after kill {kills}: {corrupt:?}"),
        }
        let leftovers = temp_files(dir.path());
        assert!(
            leftovers.len() <= kills_since_sweep,
            "more temp files than killed writers since the last sweep: {leftovers:?}"
        );
        if kills % 10 == 0 {
            // A successful write sweeps the temp files of dead writers and leaves none of its own.
            write_owner_file(&path, &record_for(start)).unwrap();
            assert!(temp_files(dir.path()).is_empty(), "{:?}", temp_files(dir.path()));
            last_seen = Some(start);
            start += 1_000;
            kills_since_sweep = 0;
        }
    }
    assert!(
        outcomes.contains("new"),
        "no kill ever landed after a completed write: {outcomes:?}"
    );
    assert!(
        test_start.elapsed() < Duration::from_mins(1),
        "{:?}",
        test_start.elapsed()
    );
}

fn claiming_gateway(dir: &Path, pid: u32) -> Gateway {
    Gateway::new(GatewayOptions {
        openclaw_dir: Some(dir.to_str().unwrap().into()),
        cli_path: Some("/usr/local/bin/openclaw".into()),
        ..GatewayOptions::default()
    })
    .unwrap()
    .with_runtime_source(move |_: u16| Ok(GatewayRuntime::running(Some(pid))))
}

/// Child: `claims` claims of the gateway of `dir` as `pid`.
fn claim_loop(dir: &Path, pid: u32, claims: u32) {
    let gw = claiming_gateway(dir, pid);
    for _ in 0..claims {
        let record = gw.claim(Some(pid)).unwrap();
        assert_eq!(record.pid, Some(pid));
    }
}

#[test]
fn child_claimer() {
    if let Ok(mode) = std::env::var(CHILD_ENV) {
        if let Some(rest) = mode.strip_prefix("claim:") {
            let (pid, dir) = rest.split_once(':').unwrap();
            claim_loop(Path::new(dir), pid.parse().unwrap(), 50);
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    claim_loop(dir.path(), 4242, 5);
    let record = read_owner_file(&dir.path().join("gateway-owner.json"))
        .unwrap()
        .record()
        .cloned()
        .unwrap();
    assert_eq!(record.pid, Some(4242));
}

/// Issue 6 §3: 16 processes × 50 claims on one openclaw dir while a 17th (this process) keeps reading.
#[test]
fn sixteen_processes_claim_one_dir() {
    let dir = tempfile::tempdir().unwrap();
    let owner = dir.path().join("gateway-owner.json");
    let children: Vec<(u32, Child)> = (1..=16u32)
        .map(|pid| {
            let c = child("child_claimer", &format!("claim:{pid}:{}", dir.path().display()))
                .spawn()
                .unwrap();
            (pid, c)
        })
        .collect();
    let mut reads = 0u64;
    let mut valid = 0u64;
    let mut children = children;
    let deadline = Instant::now() + Duration::from_mins(1);
    while !children.is_empty() {
        assert!(Instant::now() < deadline, "claimers did not finish");
        match read_owner_file(&owner).unwrap() {
            OwnerReadOutcome::Missing => {}
            OwnerReadOutcome::Valid { record } => {
                assert!(record.pid.is_some_and(|p| (1..=16).contains(&p)), "{record:?}");
                assert_eq!(record.dialect, OwnerDialect::Both);
                valid += 1;
            }
            corrupt @ OwnerReadOutcome::Corrupt { .. } => panic!("torn read: {corrupt:?}"),
        }
        reads += 1;
        children.retain_mut(|(pid, c)| match c.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success(), "claimer {pid} failed: {status}");
                false
            }
            None => true,
        });
    }
    assert!(reads > 0 && valid > 0, "reads {reads}, valid {valid}");
    let record = read_owner_file(&owner).unwrap().record().cloned().unwrap();
    assert!(record.pid.is_some_and(|p| (1..=16).contains(&p)));
    assert_eq!(record.port, Some(18789));
    assert!(temp_files(dir.path()).is_empty(), "{:?}", temp_files(dir.path()));
}
