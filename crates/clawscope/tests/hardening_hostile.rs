//! The hostile-input table (issue 6 §4): every case of `tests/fixtures/hostile/cases.json` goes to one API and
//! must give the expected outcome — `Ok` or a typed error with a stable code — and never panic. The format is
//! described in `tests/fixtures/hostile/README.md`; the Python and Node tests read the same file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Command;

use camino::Utf8PathBuf;
use clawscope::gateway::owner::parse_owner_record;
use clawscope::gateway::owner_file::read_owner_file;
use clawscope::gateway::{Gateway, GatewayOptions};
use clawscope::state::StateDir;
use clawscope::state_detail::DetailOptions;
use clawscope_core::gateway::config::parse_config_text;
use clawscope_core::gateway::lockfile::parse_lock;
use clawscope_core::run_registry::parse_runs_json;
use clawscope_core::session_key::SessionKey;
use clawscope_core::store::parse_session_store;
use clawscope_core::transcript::parse_line;
use serde_json::{Value, json};

fn table() -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hostile/cases.json");
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

/// The input bytes of a case (`text`, `base64` or `generate`).
fn input_bytes(case: &Value) -> Vec<u8> {
    let input = &case["input"];
    if let Some(t) = input["text"].as_str() {
        return t.as_bytes().to_vec();
    }
    if let Some(b) = input["base64"].as_str() {
        return base64_decode(b);
    }
    if let Some(parts) = input["generate"].as_array() {
        let mut out = Vec::new();
        for p in parts {
            let text = p["text"].as_str().unwrap().as_bytes();
            let times = p["times"].as_u64().unwrap_or(1);
            for _ in 0..times {
                out.extend_from_slice(text);
            }
        }
        return out;
    }
    Vec::new()
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = u32::try_from(ALPHABET.iter().position(|a| *a == c).unwrap()).unwrap();
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap());
        }
    }
    out
}

fn err(e: &clawscope_core::Error) -> Value {
    json!({ "code": e.code().as_str() })
}

fn ok() -> Value {
    json!({ "ok": true })
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// Replaces `$ROOT` and `$OUTSIDE` in every string of `value`.
fn substitute(value: &Value, root: &str, outside: &str) -> Value {
    match value {
        Value::String(s) => Value::String(s.replace("$ROOT", root).replace("$OUTSIDE", outside)),
        Value::Array(a) => Value::Array(a.iter().map(|v| substitute(v, root, outside)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), substitute(v, root, outside)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A state dir built from the case's `store` (agent `main`) and `setup` entries; also an "outside" directory
/// holding a readable transcript `secret.jsonl`.
fn state_for(case: &Value) -> (tempfile::TempDir, Utf8PathBuf) {
    let guard = tempfile::tempdir().unwrap();
    let base = Utf8PathBuf::from_path_buf(guard.path().to_path_buf()).unwrap();
    let root = base.join("state");
    let outside = base.join("outside");
    std::fs::create_dir_all(root.join("agents/main/sessions")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("secret.jsonl"),
        "{\"type\":\"message\",\"message\":{\"role\":\"user\",\"content\":\"outside\"}}\n",
    )
    .unwrap();
    let case = substitute(case, root.as_str(), outside.as_str());
    if let Some(store) = case.get("store").filter(|s| !s.is_null()) {
        std::fs::write(
            root.join("agents/main/sessions/sessions.json"),
            serde_json::to_vec(store).unwrap(),
        )
        .unwrap();
    }
    for entry in case["setup"].as_array().into_iter().flatten() {
        let path = root.join(entry["path"].as_str().unwrap());
        if let Some(target) = entry["symlink"].as_str() {
            std::os::unix::fs::symlink(target, &path).unwrap();
        } else if entry["dir"].as_bool() == Some(true) {
            std::fs::create_dir_all(&path).unwrap();
        } else if entry["fifo"].as_bool() == Some(true) {
            mkfifo(path.as_std_path());
        }
    }
    (guard, root)
}

fn owner_file_case(setup: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("openclaw");
    let other = dir.path().join("elsewhere");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("record.json"), br#"{"port":18789,"pid":1}"#).unwrap();
    let mut path = own.join("gateway-owner.json");
    match setup {
        "directory" => std::fs::create_dir(&path).unwrap(),
        "fifo" => mkfifo(&path),
        "symlink_outside" => std::os::unix::fs::symlink(other.join("record.json"), &path).unwrap(),
        "dangling_symlink" => std::os::unix::fs::symlink(own.join("nothing"), &path).unwrap(),
        "symlink_loop" => std::os::unix::fs::symlink(&path, &path).unwrap(),
        "parent_is_file" => {
            std::fs::write(own.join("plain"), b"x").unwrap();
            path = own.join("plain/gateway-owner.json");
        }
        other => panic!("unknown setup {other}"),
    }
    match read_owner_file(&path) {
        Ok(outcome) => match outcome.into_result() {
            Ok(_) => ok(),
            Err(e) => err(&e),
        },
        Err(e) => err(&e),
    }
}

/// Runs one case; returns `{"ok": true, …}` or `{"code": …}`.
fn run(case: &Value) -> Value {
    let api = case["api"].as_str().unwrap();
    let bytes = input_bytes(case);
    let text = || String::from_utf8(bytes.clone()).unwrap();
    match api {
        "session_key.parse" => SessionKey::parse(&text()).map_or_else(|e| err(&e), |_| ok()),
        "owner.parse" => parse_owner_record(&bytes)
            .into_result()
            .map_or_else(|e| err(&e), |_| ok()),
        "owner.read_file" => owner_file_case(case["setup"].as_str().unwrap()),
        "transcript.parse_line" => match parse_line(&bytes) {
            Ok(_) => ok(),
            Err(e) => json!({ "code": e.kind.as_str() }),
        },
        "store.parse" => parse_session_store(&bytes).map_or_else(|e| err(&e), |_| ok()),
        "config.parse" => parse_config_text(&bytes).map_or_else(|e| err(&e), |_| ok()),
        "gateway.config" => {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("openclaw.json"), &bytes).unwrap();
            let gw = Gateway::new(GatewayOptions {
                openclaw_dir: Some(dir.path().to_str().unwrap().into()),
                ..GatewayOptions::default()
            });
            match gw {
                Ok(gw) => json!({ "ok": true, "port": gw.port() }),
                Err(e) => err(&e),
            }
        }
        "lock.parse" => parse_lock(&bytes).map_or_else(|e| err(&e), |_| ok()),
        "runs.parse" => parse_runs_json(&bytes).map_or_else(|e| err(&e), |_| ok()),
        "state.transcript" | "state.transcript_read" => {
            let (_g, root) = state_for(case);
            let state = StateDir::open(&root).unwrap();
            let result = state
                .find_session(case["key"].as_str().unwrap())
                .and_then(|s| state.transcript(&s))
                .and_then(|t| {
                    if api == "state.transcript_read" {
                        t.for_each_line(|_| std::ops::ControlFlow::Continue(()))
                            .map(|_| ())
                    } else {
                        Ok(())
                    }
                });
            result.map_or_else(|e| err(&e), |()| ok())
        }
        "state.session_detail" => {
            let (_g, root) = state_for(case);
            let state = StateDir::open(&root).unwrap();
            state
                .session_detail(case["key"].as_str().unwrap(), &DetailOptions::default())
                .map_or_else(|e| err(&e), |_| ok())
        }
        "state.sessions" => {
            let (_g, root) = state_for(case);
            let state = StateDir::open(&root).unwrap();
            state.sessions("main").map_or_else(|e| err(&e), |_| ok())
        }
        other => panic!("unknown api {other}"),
    }
}

/// Whether `actual` matches `expect` (every key of `expect` equal in `actual`).
fn matches(expect: &Value, actual: &Value) -> bool {
    expect
        .as_object()
        .is_some_and(|e| e.iter().all(|(k, v)| actual.get(k) == Some(v)))
}

#[test]
fn hostile_inputs_give_typed_outcomes_and_never_panic() {
    let cases = table();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        // A FIFO opened for reading blocks until a writer comes; the APIs must not open it. Guard with a
        // watchdog so a regression fails instead of hanging.
        let (tx, rx) = std::sync::mpsc::channel();
        let case_owned = case.clone();
        std::thread::spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| run(&case_owned)));
            let _ = tx.send(result);
        });
        let actual = match rx.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(Ok(v)) => v,
            Ok(Err(_)) => json!({ "panic": true }),
            Err(_) => json!({ "hang": true }),
        };
        if !matches(&case["expect"], &actual) {
            failures.push(format!("{id}: expected {}, got {actual}", case["expect"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_case_names_a_known_api_and_an_expectation() {
    for case in table() {
        let expect = case["expect"].as_object().unwrap();
        assert!(
            (expect.get("ok") == Some(&Value::Bool(true))) ^ expect.contains_key("code"),
            "{case}"
        );
        assert!(!case["note"].as_str().unwrap().is_empty());
    }
}
