//! Integration tests of the session-detail orchestration on committed state-dir fixtures:
//! `tests/fixtures/state/subagent` (a parent/child pair with `spawnedBy`, a `sessions_spawn` result, an announce,
//! a `runs.json` registry, a chat that only *mentions* "accepted"/"spawn", a cron run, a session whose transcript
//! is missing) and `tests/fixtures/state/seed`.

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
use clawscope::chain::EvidenceKind;
use clawscope::detail::{SessionDetail, SessionState};
use clawscope::history::{HistoryKind, ToolStatus};
use clawscope::state::StateDir;
use clawscope::state_detail::{DetailOptions, EventQuery, SessionQuery, UsageQuery};
use clawscope::time::Timestamp;
use clawscope::{ErrorCode, Result};
use serde_json::Value;
use sha2::{Digest, Sha256};

const PARENT: &str = "agent:main:main";
const CHILD: &str = "agent:main:subagent:8e41c0d2-7b9a-4c1e-9f3d-2a6b5c4d3e21";
const CHAT: &str = "agent:main:feishu:direct:ou_7c1e90aa";
const CRON: &str = "agent:main:cron:nightly-report:run:5f1c2b3a";
const SEED_KEY: &str = "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e";

fn fixture(name: &str) -> Utf8PathBuf {
    Utf8PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/state")).join(name)
}

fn now() -> Timestamp {
    "2026-04-19T13:28:38.791Z".parse().expect("time")
}

fn opts(limit: usize) -> DetailOptions {
    DetailOptions {
        history_limit: limit,
        now: Some(now()),
        include_abandoned: false,
    }
}

fn detail(key: &str) -> Result<SessionDetail> {
    StateDir::open(fixture("subagent"))?.session_detail(key, &opts(50))
}

fn read_json(path: &Utf8Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).expect("json")
}

#[test]
fn child_names_its_parent_from_the_store_and_the_registry() -> Result<()> {
    let d = detail(CHILD)?;
    let chain = d.chain.as_ref().expect("chain");
    assert_eq!(chain.parent_session_key.as_deref(), Some(PARENT));
    assert_eq!(chain.spawn_depth, Some(1));
    assert!(!chain.inferred);
    let kinds: Vec<EvidenceKind> = chain.evidence.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EvidenceKind::StoreSpawnedBy,
            EvidenceKind::RunRegistry,
            EvidenceKind::SubagentTask,
            EvidenceKind::KeyShape
        ]
    );
    let v = d.to_json();
    assert_eq!(v["executionChain"]["parentSessionKey"], PARENT);
    assert_eq!(v["executionChain"]["childSessionKey"], CHILD);
    assert_eq!(v["executionChain"]["source"], "store");
    assert_eq!(v["executionChain"]["stage"], "spawned");
    assert_eq!(v["executionChain"]["spawnedAt"], "2026-04-02T09:00:03.600Z");
    assert_eq!(v, read_json(&fixture("subagent").join("expected-child.json")));
    let text = d.render_text();
    assert!(text.contains(&format!("\nparent={PARENT} child={CHILD}\n")));
    assert!(!text.contains("当前还没有接单"));
    // Store `status: done` maps to idle; cost is the store's estimatedCostUsd.
    assert_eq!(d.state, SessionState::Idle);
    assert!(text.contains("cost=0.0015 "));
    Ok(())
}

#[test]
fn parent_lists_its_child_from_the_spawn_result_registry_and_announce() -> Result<()> {
    let d = detail(PARENT)?;
    let chain = d.chain.as_ref().expect("chain");
    assert_eq!(chain.parent_session_key, None);
    assert_eq!(chain.children.len(), 1);
    assert_eq!(chain.children[0].session_key, CHILD);
    assert_eq!(chain.children[0].run_id.as_deref(), Some("run-f2a7c3"));
    let kinds: Vec<EvidenceKind> = chain.evidence.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EvidenceKind::RunRegistry,
            EvidenceKind::SpawnToolResult,
            EvidenceKind::Announce
        ]
    );
    let v = d.to_json();
    assert_eq!(v["executionChain"]["parentSessionKey"], PARENT);
    assert_eq!(v["executionChain"]["childSessionKey"], CHILD);
    assert_eq!(v["executionChain"]["source"], "run_registry");
    assert_eq!(v, read_json(&fixture("subagent").join("expected-parent.json")));
    // The announce is an inter-session row; the delivery mirror is shown but flagged and not counted as usage.
    assert!(
        d.history
            .iter()
            .any(|r| r.kind == HistoryKind::InterSession && r.source_session_key.as_deref() == Some(CHILD))
    );
    assert!(
        d.history
            .iter()
            .any(|r| r.synthetic.as_deref() == Some("delivery-mirror"))
    );
    assert_eq!(d.usage.requests, 3);
    // Real cost from the recorded usage, not the control center's hard-coded 0.
    assert!((d.status.cost - 0.0214).abs() < 1e-9);
    assert!(
        d.render_text()
            .contains("status model=claude-sonnet-4-6 tokensIn=1400 tokensOut=30 cost=0.0214 ")
    );
    Ok(())
}

#[test]
fn chat_that_only_mentions_accepted_or_spawn_has_no_chain() -> Result<()> {
    let d = detail(CHAT)?;
    assert!(d.chain.is_none());
    assert!(d.to_json().get("executionChain").is_none());
    assert!(d.render_text().contains(
        "\n执行链\n\n当前还没有接单/派发证据。如果这是子执行会话,待会话 key 或历史记录补齐链路信号后会显示。\n"
    ));
    let user = d.history.last().expect("row");
    assert_eq!(
        user.clean_text.as_deref(),
        Some("was my request accepted? please spawn a helper agent:main:subagent:1 if needed")
    );
    assert_eq!(
        user.sender.as_ref().and_then(|s| s.name.as_deref()),
        Some("Li Wei")
    );
    Ok(())
}

#[test]
fn cron_run_chain_is_inferred_from_the_key() -> Result<()> {
    let d = detail(CRON)?;
    let chain = d.chain.as_ref().expect("chain");
    assert!(chain.inferred);
    assert_eq!(
        chain.parent_session_key.as_deref(),
        Some("agent:main:cron:nightly-report")
    );
    let v = d.to_json();
    assert_eq!(v["executionChain"]["source"], "session_key");
    assert_eq!(v["executionChain"]["inferred"], true);
    assert!(d.render_text().contains("source=session_key inferred=yes\n"));
    Ok(())
}

#[test]
fn a_missing_transcript_is_shown_as_history_error() -> Result<()> {
    let d = detail("agent:main:explicit:missing-transcript")?;
    assert!(d.history.is_empty());
    let err = d.history_error.as_deref().expect("error shown");
    assert!(
        err.contains("2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f.jsonl"),
        "{err}"
    );
    let text = d.render_text();
    assert!(!text.contains("historyError=none"));
    assert!(text.contains("尚未激活 / Not activated yet"));
    assert_eq!(d.to_json()["historyError"].as_str(), Some(err));
    Ok(())
}

#[test]
fn bad_keys_and_limits_give_stable_codes() -> Result<()> {
    let state = StateDir::open(fixture("subagent"))?;
    let code = |r: Result<SessionDetail>| r.err().map(|e| e.code());
    assert_eq!(
        code(state.session_detail("agent:main:nope", &opts(50))),
        Some(ErrorCode::SessionNotFound)
    );
    assert_eq!(
        code(state.session_detail(PARENT, &opts(0))),
        Some(ErrorCode::InvalidArgument)
    );
    assert_eq!(
        code(state.session_detail(PARENT, &opts(201))),
        Some(ErrorCode::InvalidArgument)
    );
    assert!(state.session_detail(PARENT, &opts(200)).is_ok());
    let q = SessionQuery {
        page: 0,
        ..SessionQuery::default()
    };
    assert_eq!(
        state.list_sessions(&q).err().map(|e| e.code()),
        Some(ErrorCode::InvalidArgument)
    );
    let u = UsageQuery {
        since_day: Some("2026-4-2".into()),
        ..UsageQuery::default()
    };
    assert_eq!(
        state.usage(&u).err().map(|e| e.code()),
        Some(ErrorCode::InvalidArgument)
    );
    Ok(())
}

#[test]
fn the_limit_counts_events_not_lines() -> Result<()> {
    let state = StateDir::open(fixture("seed"))?;
    let d = state.session_detail(SEED_KEY, &opts(3))?;
    let times: Vec<_> = d.history.iter().filter_map(|r| r.timestamp.as_deref()).collect();
    assert_eq!(
        times,
        [
            "2026-04-02T07:42:32.703Z",
            "2026-04-02T07:42:32.710Z",
            "2026-04-02T07:42:40.712Z"
        ]
    );
    assert!(
        d.render_text()
            .contains("historyCount=3 historyLimit=readonly-safe\n")
    );
    Ok(())
}

#[test]
fn events_filter_by_kind_and_limit() -> Result<()> {
    let state = StateDir::open(fixture("seed"))?;
    let q = EventQuery {
        limit: 5,
        kinds: vec![HistoryKind::ToolEvent],
    };
    let rows = state.events(SEED_KEY, &q)?;
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r.kind == HistoryKind::ToolEvent));
    assert_eq!(rows[4].timestamp.as_deref(), Some("2026-04-02T07:42:32.710Z"));
    assert_eq!(rows[4].tool_name.as_deref(), Some("message"));
    assert_eq!(rows[0].tool_status, Some(ToolStatus::Error));
    assert_eq!(
        state
            .events("agent:x:none", &EventQuery::default())
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::SessionNotFound)
    );
    Ok(())
}

#[test]
fn list_sessions_filters_sorts_pages_and_summarises() -> Result<()> {
    let state = StateDir::open(fixture("subagent"))?;
    let all = state.list_sessions(&SessionQuery {
        now: Some(now()),
        ..SessionQuery::default()
    })?;
    let keys: Vec<&str> = all.iter().map(|s| s.session_key.as_str()).collect();
    assert_eq!(
        keys,
        [
            CRON,
            PARENT,
            CHAT,
            CHILD,
            "agent:main:explicit:missing-transcript"
        ]
    );
    let chat = &all[2];
    assert_eq!(
        chat.latest_snippet.as_deref(),
        Some("was my request accepted? please spawn a helper agent:main:subagent:1 if needed")
    );
    assert!(chat.chain.is_none());
    let parent = &all[1];
    assert_eq!(parent.chain.as_ref().map(|c| c.child_count), Some(1));
    assert_eq!(parent.history_count, 7);
    assert_eq!(parent.tool_event_count, 1);
    let child = &all[3];
    assert_eq!(
        child.chain.as_ref().and_then(|c| c.parent_session_key.as_deref()),
        Some(PARENT)
    );
    assert!(all[4].history_error.is_some());

    let page2 = state.list_sessions(&SessionQuery {
        page: 2,
        page_size: 2,
        now: Some(now()),
        ..SessionQuery::default()
    })?;
    assert_eq!(
        page2.iter().map(|s| s.session_key.as_str()).collect::<Vec<_>>(),
        [CHAT, CHILD]
    );
    let q = state.list_sessions(&SessionQuery {
        q: Some("SUBAGENT".into()),
        now: Some(now()),
        ..SessionQuery::default()
    })?;
    assert_eq!(q.len(), 1);
    let idle = state.list_sessions(&SessionQuery {
        state: Some(SessionState::Running),
        now: Some(now()),
        ..SessionQuery::default()
    })?;
    assert!(idle.is_empty());
    let other = state.list_sessions(&SessionQuery {
        agent_id: Some("ops".into()),
        ..SessionQuery::default()
    })?;
    assert!(other.is_empty());
    Ok(())
}

#[test]
fn usage_sums_recorded_cost_per_day_model_and_agent() -> Result<()> {
    let state = StateDir::open(fixture("subagent"))?;
    let report = state.usage(&UsageQuery::default())?;
    // parent 3 real + 1 mirror (excluded), child 2, chat 1, cron 1.
    assert_eq!(report.totals.requests, 7);
    let expected_cost = 0.0123 + 0.0041 + 0.005 + 0.001 + 0.0005 + 0.0001 + 0.002;
    assert!((report.totals.cost - expected_cost).abs() < 1e-9);
    assert_eq!(
        report.by_day.keys().collect::<Vec<_>>(),
        ["2026-04-02", "2026-04-03"]
    );
    assert_eq!(report.by_model["claude-haiku-4-5"].requests, 2);
    assert_eq!(report.by_provider.keys().collect::<Vec<_>>(), ["anthropic"]);
    assert_eq!(report.by_agent["main"].requests, 7);
    assert!(!report.by_model.contains_key("delivery-mirror"));
    let one_day = state.usage(&UsageQuery {
        since_day: Some("2026-04-03".into()),
        ..UsageQuery::default()
    })?;
    assert_eq!(one_day.totals.requests, 2);
    let parent_only = state.usage(&UsageQuery {
        session_key: Some(PARENT.into()),
        ..UsageQuery::default()
    })?;
    assert_eq!(parent_only.by_session.keys().collect::<Vec<_>>(), [PARENT]);
    assert_eq!(parent_only.totals.requests, 3);
    Ok(())
}

fn tree_hash(root: &Utf8Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for item in std::fs::read_dir(&dir).expect("read_dir") {
            let path = Utf8PathBuf::from_path_buf(item.expect("entry").path()).expect("utf8");
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                let digest: Vec<String> = Sha256::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                out.insert(path.to_string(), digest.concat());
            }
        }
    }
    out
}

#[test]
fn reading_never_writes_into_the_state_dir() -> Result<()> {
    for name in ["seed", "subagent"] {
        let root = fixture(name);
        let before = tree_hash(&root);
        let state = StateDir::open(&root)?;
        for s in state.list_sessions(&SessionQuery::default())? {
            let d = state.session_detail(&s.session_key, &DetailOptions::default())?;
            let _ = (d.to_json(), d.render_text(), d.render_html());
            let _ = state.events(&s.session_key, &EventQuery::default());
        }
        state.usage(&UsageQuery::default())?;
        assert_eq!(before, tree_hash(&root), "{name} changed");
    }
    Ok(())
}

/// A temp state dir with one session `agent:main:main` (`session_id`) whose transcript is `body`.
fn one_session_state(session_id: &str, body: &str) -> Result<(tempfile::TempDir, StateDir)> {
    let tmp = tempfile::tempdir().map_err(|e| clawscope::Error::io("tempdir", "-", e))?;
    let root = Utf8PathBuf::from_path_buf(tmp.path().to_path_buf()).expect("utf8");
    let sessions = root.join("agents/main/sessions");
    std::fs::create_dir_all(&sessions).map_err(|e| clawscope::Error::io("mkdir", &sessions, e))?;
    std::fs::write(
        sessions.join("sessions.json"),
        format!(r#"{{"agent:main:main":{{"sessionId":"{session_id}","updatedAt":1775120400000}}}}"#),
    )
    .map_err(|e| clawscope::Error::io("write", "sessions.json", e))?;
    let transcript = sessions.join(format!("{session_id}.jsonl"));
    std::fs::write(&transcript, body).map_err(|e| clawscope::Error::io("write", &transcript, e))?;
    let state = StateDir::open(&root)?;
    Ok((tmp, state))
}

#[test]
fn malformed_and_half_written_lines_do_not_break_the_page() -> Result<()> {
    let body = concat!(
        "{\"type\":\"session\",\"version\":3,\"id\":\"s1\"}\n",
        "{\"type\":\"message\",\"timestamp\":\"2026-04-02T09:00:00.000Z\",\"message\":{\"role\":\"user\",\"content\":\"one\"}}\n",
        "{not json at all\n",
        "\u{0}\u{0}\u{0}\n",
        "[1,2,3]\r\n",
        "{\"type\":\"message\",\"timestamp\":\"2026-04-02T09:00:01.000Z\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"two\"}]}}\r\n",
        "{\"type\":\"message\",\"timestamp\":\"2026-04-02T09:00:02.000Z\",\"message\":{\"role\":\"user\",\"content\":\"half-wr"
    );
    let (_tmp, state) = one_session_state("s1", body)?;
    let d = state.session_detail(PARENT, &opts(50))?;
    let contents: Vec<&str> = d.history.iter().map(|r| r.content.as_str()).collect();
    assert_eq!(contents, ["one", "two"]);
    assert_eq!(d.history_error, None);
    assert!(
        d.render_text()
            .contains("historyCount=2 historyLimit=readonly-safe\n")
    );
    Ok(())
}

#[test]
fn abandoned_branches_are_hidden_unless_asked_for() -> Result<()> {
    let body = concat!(
        "{\"type\":\"session\",\"version\":3,\"id\":\"s2\"}\n",
        "{\"type\":\"message\",\"id\":\"a1\",\"parentId\":null,\"timestamp\":\"2026-04-02T09:00:00.000Z\",\"message\":{\"role\":\"user\",\"content\":\"question\"}}\n",
        "{\"type\":\"message\",\"id\":\"b1\",\"parentId\":\"a1\",\"timestamp\":\"2026-04-02T09:00:01.000Z\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"first try\"}]}}\n",
        "{\"type\":\"branch_summary\",\"id\":\"c1\",\"parentId\":\"a1\",\"timestamp\":\"2026-04-02T09:00:02.000Z\",\"fromId\":\"b1\",\"summary\":\"abandoned the first try\"}\n",
        "{\"type\":\"message\",\"id\":\"d1\",\"parentId\":\"c1\",\"timestamp\":\"2026-04-02T09:00:03.000Z\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"second try\"}]}}\n",
    );
    let (_tmp, state) = one_session_state("s2", body)?;
    let active = state.session_detail(PARENT, &opts(50))?;
    let contents: Vec<&str> = active.history.iter().map(|r| r.content.as_str()).collect();
    assert_eq!(contents, ["question", "abandoned the first try", "second try"]);
    let all = state.session_detail(
        PARENT,
        &DetailOptions {
            include_abandoned: true,
            ..opts(50)
        },
    )?;
    assert_eq!(all.history.len(), 4);
    Ok(())
}
