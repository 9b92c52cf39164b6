//! `clawscope events --follow` on a live transcript: new complete lines within 1 s, never a half line.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn message(id: &str, text: &str) -> String {
    serde_json::json!({
        "type": "message", "id": id, "parentId": null, "timestamp": "2026-04-02T08:00:00.000Z",
        "message": { "role": "assistant", "content": [{ "type": "text", "text": text }] }
    })
    .to_string()
}

#[test]
fn follow_prints_appended_lines_within_a_second_and_never_half_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    copy_dir(&seed_dir(), &state);
    let transcript = std::fs::read_dir(state.join("agents/opc-ops-agent/sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .unwrap();

    let home = tempfile::tempdir().unwrap();
    let mut child = clawscope(home.path())
        .args([
            "events",
            SEED_KEY,
            "--follow",
            "--json",
            "--limit",
            "2",
            "--state-dir",
        ])
        .arg(&state)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait = Duration::from_secs(20);
    for _ in 0..2 {
        let line = rx.recv_timeout(wait).expect("initial events");
        serde_json::from_str::<serde_json::Value>(&line).unwrap();
    }

    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&transcript)
        .unwrap();
    let first = message("f0000001", "first appended line");
    let (head, tail) = first.split_at(first.len() / 2);
    file.write_all(head.as_bytes()).unwrap();
    file.flush().unwrap();
    // A half line is never printed, however long it waits.
    assert!(
        rx.recv_timeout(Duration::from_millis(700)).is_err(),
        "a half line was printed"
    );
    file.write_all(tail.as_bytes()).unwrap();
    file.write_all(b"\n").unwrap();
    file.flush().unwrap();
    let start = Instant::now();
    let line = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("the appended line");
    let elapsed = start.elapsed();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["content"], "first appended line");
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");

    let start = Instant::now();
    file.write_all(format!("{}\n", message("f0000002", "second")).as_bytes())
        .unwrap();
    let line = rx.recv_timeout(Duration::from_secs(5)).expect("the second line");
    assert!(start.elapsed() < Duration::from_secs(1));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&line).unwrap()["content"],
        "second"
    );

    child.kill().unwrap();
    child.wait().unwrap();
}
