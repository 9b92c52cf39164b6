//! The committed file-era fixture against its expected JSON (`tests/fixtures/state/file-era.expected.json`).

mod state_support;

use std::ops::ControlFlow;

use clawscope::state::{StateDir, StoreBackend};
use serde_json::{Value, json};
use state_support::{file_era, fixtures};

fn expected() -> Value {
    let text = std::fs::read_to_string(fixtures().join("file-era.expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn rel(state: &StateDir, path: &camino::Utf8Path) -> String {
    path.strip_prefix(state.path())
        .unwrap()
        .as_str()
        .replace('\\', "/")
}

#[test]
fn agents_match() {
    let state = StateDir::open(file_era()).unwrap();
    let agents: Vec<Value> = state
        .agents()
        .unwrap()
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a).unwrap();
            v.as_object_mut().unwrap().remove("dir");
            v
        })
        .collect();
    assert_eq!(Value::Array(agents), expected()["agents"]);
}

#[test]
fn sessions_transcripts_and_lines_match() {
    let state = StateDir::open(file_era()).unwrap();
    let scan = state.scan_all_sessions().unwrap();
    let mut got = Vec::new();
    for s in &scan.sessions {
        assert_eq!(s.backend, StoreBackend::Json);
        let mut item = json!({
            "agentId": s.agent_id, "key": s.key, "sessionId": s.entry.session_id, "updatedAt": s.entry.updated_at,
        });
        if let Some(parent) = &s.entry.spawned_by {
            item["spawnedBy"] = json!(parent);
        }
        item["transcript"] = match state.transcript(s) {
            Err(e) => json!({"error": e.code().as_str()}),
            Ok(t) => {
                let mut out = json!({"path": rel(&state, t.path())});
                match t.for_each_line(|_| ControlFlow::Continue(())) {
                    Err(e) => out["readError"] = json!(e.code().as_str()),
                    Ok(report) => {
                        out["lines"] = json!(report.lines);
                        if report.diagnostic_count > 0 {
                            out["diagnostics"] = report
                                .diagnostics
                                .iter()
                                .map(|d| {
                                    let v = serde_json::to_value(d).unwrap();
                                    json!({"number": v["number"], "kind": v["kind"]})
                                })
                                .collect();
                            let tail = t.tail(1000, |_| 1).unwrap();
                            out["tailLines"] = json!(tail.lines.len());
                            out["ignoredPartialBytes"] = json!(tail.ignored_partial_bytes);
                        }
                    }
                }
                out
            }
        };
        got.push(item);
    }
    assert_eq!(Value::Array(got), expected()["sessions"]);
    let diags: Vec<Value> = scan
        .diagnostics
        .iter()
        .map(|d| json!({"agentId": d.agent_id, "key": d.key, "code": d.code}))
        .collect();
    assert_eq!(Value::Array(diags), expected()["diagnostics"]);
}

#[test]
fn archives_match() {
    let state = StateDir::open(file_era()).unwrap();
    for agent in ["main", "ops"] {
        let got: Vec<Value> = state
            .archives(agent)
            .unwrap()
            .iter()
            .map(|a| {
                let mut v = serde_json::to_value(a).unwrap();
                let obj = v.as_object_mut().unwrap();
                obj.remove("size");
                obj.insert("path".into(), json!(rel(&state, &a.path)));
                assert!(a.size > 0);
                v
            })
            .collect();
        assert_eq!(Value::Array(got), expected()["archives"][agent], "{agent}");
    }
}

#[test]
fn runs_match() {
    let state = StateDir::open(file_era()).unwrap();
    let got: Vec<Value> = state
        .subagent_runs()
        .unwrap()
        .iter()
        .map(|r| {
            json!({"runId": r.run_id, "childSessionKey": r.child_session_key, "parentKey": r.parent_key(),
                   "label": r.label, "status": r.status(), "createdAt": r.created_at, "endedAt": r.ended_at})
        })
        .collect();
    assert_eq!(Value::Array(got), expected()["runs"]);
}

#[test]
fn the_spawned_child_links_to_its_parent_and_run() {
    let state = StateDir::open(file_era()).unwrap();
    let child = state
        .find_session("agent:main:subagent:8e41c0d2-6b7a-4c3d-9e8f-112233445566")
        .unwrap();
    let parent_key = child.entry.parent_key().unwrap();
    let parent = state.find_session(parent_key).unwrap();
    assert_eq!(parent.entry.session_id, "7d3c2b1a-5e4f-4a6b-8c9d-0e1f2a3b4c5d");
    let runs = state.subagent_runs().unwrap();
    assert_eq!(runs[0].child_session_key, child.key);
    assert_eq!(runs[0].parent_key(), Some(parent.key.as_str()));
    // The parent transcript carries the sessions_spawn result naming the child.
    let mut spawn_lines = 0;
    state
        .transcript(&parent)
        .unwrap()
        .for_each_line(|line| {
            let text = String::from_utf8_lossy(line.bytes);
            if text.contains("\"toolName\":\"sessions_spawn\"") && text.contains(&child.key) {
                spawn_lines += 1;
            }
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(spawn_lines, 1);
}

#[test]
fn lookups() {
    let state = StateDir::open(file_era()).unwrap();
    // Case-insensitive fallback.
    let s = state.find_session("AGENT:OPS:feishu:direct:OU_7C1E90AA").unwrap();
    assert_eq!(s.agent_id, "ops");
    assert_eq!(s.entry.best_label(), Some("Li Wei"));
    assert_eq!(
        state.find_session("agent:main:nope").unwrap_err().code().as_str(),
        "SESSION_NOT_FOUND"
    );
    assert_eq!(
        state.find_session(" ").unwrap_err().code().as_str(),
        "INVALID_SESSION_KEY"
    );
    assert_eq!(
        state.sessions("nobody").unwrap_err().code().as_str(),
        "AGENT_NOT_FOUND"
    );
    assert_eq!(
        state.sessions("../ops").unwrap_err().code().as_str(),
        "INVALID_PATH"
    );
    assert!(state.sessions("ghost").unwrap().is_empty());
    // The BOM store of `ops` parses.
    assert_eq!(state.sessions("ops").unwrap().len(), 1);
    // The cron job key and its run key share a transcript.
    let job = state.find_session("agent:main:cron:nightly-digest").unwrap();
    let run = state
        .find_session("agent:main:cron:nightly-digest:run:c7a1e2d3-4b5c-4d6e-8f70-8192a3b4c5d6")
        .unwrap();
    assert_eq!(state.transcript(&job).unwrap(), state.transcript(&run).unwrap());
}

#[test]
fn tail_returns_the_newest_lines_in_order() {
    let state = StateDir::open(file_era()).unwrap();
    let parent = state.find_session("agent:main:main").unwrap();
    let t = state.transcript(&parent).unwrap();
    let mut all = Vec::new();
    t.for_each_line(|l| {
        all.push((l.offset, l.bytes.to_vec()));
        ControlFlow::Continue(())
    })
    .unwrap();
    // Count only messages, as an event counter would.
    let tail = t
        .tail(3, |line| {
            usize::from(line.windows(16).any(|w| w == b"\"type\":\"message\""))
        })
        .unwrap();
    assert_eq!(tail.events, 3);
    assert!(!tail.reached_start);
    let got: Vec<_> = tail.lines.iter().map(|l| (l.offset, l.bytes.clone())).collect();
    assert_eq!(got, all[all.len() - 3..].to_vec());
}

#[test]
fn usage_of_one_agent_reads_only_that_agent_and_matches_the_full_report() {
    use clawscope::state_detail::UsageQuery;
    let state = StateDir::open(file_era()).unwrap();
    let all = state.usage(&UsageQuery::default()).unwrap();
    assert!(all.by_agent.len() >= 2, "{:?}", all.by_agent.keys());
    for (agent, totals) in &all.by_agent {
        for spelled in [agent.clone(), agent.to_ascii_uppercase()] {
            let one = state
                .usage(&UsageQuery {
                    agent_id: Some(spelled),
                    ..UsageQuery::default()
                })
                .unwrap();
            assert_eq!(&one.totals, totals, "agent {agent}");
            assert_eq!(one.by_agent.keys().collect::<Vec<_>>(), [agent]);
        }
    }
    let none = state
        .usage(&UsageQuery {
            agent_id: Some("no-such-agent".into()),
            ..UsageQuery::default()
        })
        .unwrap();
    assert_eq!(none.totals.requests, 0);
}
