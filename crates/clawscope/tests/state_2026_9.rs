//! A state dir in the 2026.9 shape (`tests/fixtures/state/v2026-9`, written by `generate_v2026_9.py`): version-4
//! headers and UUID ids, `⟦openclaw:ctx⟧` inbound headers, a compaction, an abandoned branch, a failed exec recorded
//! as `isError:false` + `exitCode:2`, and a `sessions_spawn` result. The pages are pinned in `expected-*.json`
//! (`CLAWSCOPE_BLESS=1` rewrites them; review the diff), and the behaviours are asserted one by one.

use camino::Utf8PathBuf;
use clawscope::state::StateDir;
use clawscope::state_detail::DetailOptions;
use clawscope::time::Timestamp;
use serde_json::Value;

const MAIN: &str = "agent:main:main";
const GROUP: &str = "agent:main:telegram:group:-1001234567890";
const NOW: &str = "2026-11-26T12:00:00.000Z";

fn fixture() -> Utf8PathBuf {
    Utf8PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/state/v2026-9"
    ))
}

fn detail(key: &str, include_abandoned: bool) -> Value {
    let options = DetailOptions {
        history_limit: 50,
        now: Some(NOW.parse::<Timestamp>().expect("time")),
        include_abandoned,
    };
    StateDir::open(fixture())
        .expect("open")
        .session_detail(key, &options)
        .expect("detail")
        .to_json()
}

fn golden(name: &str, actual: &Value) {
    let path = fixture().join(name);
    let text = serde_json::to_string_pretty(actual).expect("json") + "\n";
    if std::env::var_os("CLAWSCOPE_BLESS").is_some() {
        std::fs::write(&path, &text).expect("bless");
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    assert_eq!(text, expected, "{name} differs (CLAWSCOPE_BLESS=1 rewrites it)");
}

fn rows(detail: &Value) -> &Vec<Value> {
    detail["history"].as_array().expect("history")
}

#[test]
fn ctx_headers_are_stripped_into_sender_metadata() {
    let d = detail(GROUP, false);
    golden("expected-group.json", &d);
    let users: Vec<&Value> = rows(&d).iter().filter(|r| r["role"] == "user").collect();
    assert_eq!(users[0]["cleanText"], "@ops can you check the build farm?");
    assert_eq!(users[0]["sender"]["name"], "Li Wei");
    assert_eq!(users[0]["sender"]["messageId"], "1839");
    assert_eq!(users[1]["cleanText"], "restart runner 3");
}

#[test]
fn the_abandoned_branch_is_hidden_unless_asked_for() {
    let texts = |d: &Value| {
        rows(d)
            .iter()
            .map(|r| r["content"].as_str().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    let active = texts(&detail(GROUP, false));
    assert!(
        active.iter().any(|t| t.contains("Runner 3 restarted")),
        "{active:?}"
    );
    assert!(!active.iter().any(|t| t.contains("(abandoned)")), "{active:?}");
    let all = texts(&detail(GROUP, true));
    assert!(all.iter().any(|t| t.contains("(abandoned)")), "{all:?}");
}

#[test]
fn cost_is_what_was_spent_including_the_abandoned_reply() {
    let d = detail(GROUP, false);
    // Tokens from the store's counters; cost from the recorded usage of every assistant call, the abandoned reply
    // included (it was billed): 0.0069 + 0.0071 + 0.0075. The compaction and branch summary cost nothing here.
    assert_eq!(d["status"]["tokensIn"], 6800);
    assert_eq!(d["status"]["costSource"], "transcript");
    let cost = d["status"]["cost"].as_f64().expect("cost");
    assert!((cost - 0.0215).abs() < 1e-9, "{cost}");
    assert_eq!(d["usage"]["requests"], 3);
}

#[test]
fn a_failed_exec_with_exit_code_2_is_an_error_and_the_spawn_is_a_child() {
    let d = detail(MAIN, false);
    golden("expected-main.json", &d);
    let exec = rows(&d)
        .iter()
        .find(|r| r["toolName"] == "exec")
        .expect("exec row");
    assert_eq!(exec["toolStatus"], "error", "isError:false but exitCode:2");
    let chain = &d["executionChain"];
    let children = serde_json::to_string(chain).expect("json");
    assert!(
        children.contains("agent:helper:subagent:6b2f8c7e-9a0d-4eb5-9f4a-5b6c7d8e9f0a"),
        "{children}"
    );
}

mod typed_events {
    use super::*;
    use clawscope::event::{EventKind, ToolStatus};
    use clawscope::state_detail::TranscriptEventQuery;

    fn events(key: &str, query: &TranscriptEventQuery) -> clawscope::state_detail::TranscriptEvents {
        StateDir::open(fixture())
            .expect("open")
            .transcript_events(key, query)
            .expect("events")
    }

    #[test]
    fn the_typed_stream_has_tool_calls_with_arguments_and_results_with_status() {
        let all = events(MAIN, &TranscriptEventQuery::default());
        let call = all
            .events
            .iter()
            .find(|e| e.kind == EventKind::ToolCall)
            .expect("a tool call");
        let tool = call.tool.as_ref().expect("tool");
        assert_eq!(tool.name.as_deref(), Some("exec"));
        let arguments: serde_json::Value = tool.arguments.as_ref().expect("arguments").parse().expect("json");
        assert_eq!(arguments["command"], "ls /nope");
        let result = all
            .events
            .iter()
            .find(|e| e.kind == EventKind::ToolResult)
            .expect("a tool result");
        assert_eq!(
            result.tool.as_ref().and_then(|t| t.status),
            Some(ToolStatus::Error)
        );
        assert!(all.events.iter().any(|e| e.kind == EventKind::SubagentSpawn));
        assert!(
            all.events
                .windows(2)
                .all(|w| w[0].timestamp_ms <= w[1].timestamp_ms),
            "oldest first"
        );
    }

    #[test]
    fn kinds_limit_and_abandoned_branches() {
        let only = TranscriptEventQuery {
            kinds: vec![EventKind::Compaction],
            ..Default::default()
        };
        assert_eq!(events(GROUP, &only).events.len(), 1);
        let texts = |q: &TranscriptEventQuery| {
            events(GROUP, q)
                .events
                .into_iter()
                .filter_map(|e| e.text)
                .collect::<Vec<_>>()
                .join("|")
        };
        assert!(!texts(&TranscriptEventQuery::default()).contains("(abandoned)"));
        let with = TranscriptEventQuery {
            include_abandoned: true,
            ..Default::default()
        };
        assert!(texts(&with).contains("(abandoned)"));
        let last = TranscriptEventQuery {
            limit: Some(1),
            ..Default::default()
        };
        assert_eq!(texts(&last), "Runner 3 restarted; the others were left alone.");
    }

    #[test]
    fn an_unknown_key_is_session_not_found() {
        let err = StateDir::open(fixture())
            .expect("open")
            .transcript_events("agent:main:nope", &TranscriptEventQuery::default())
            .expect_err("unknown");
        assert_eq!(err.code().as_str(), "SESSION_NOT_FOUND");
    }
}
