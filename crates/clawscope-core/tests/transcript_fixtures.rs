//! Transcript fixtures: every `tests/fixtures/transcripts/<case>.jsonl` parses to exactly `<case>.transcript.json`
//! (entries, diagnostics, branch split) and gives exactly `<case>.events.json` (the events of every entry, in file
//! order). Set `CLAWSCOPE_BLESS=1` to rewrite the expected files after a deliberate change, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use clawscope_core::event::{
    EventKind, ToolStatus, count_entry_events, count_events, events_from_entry, summarize_line,
};
use clawscope_core::transcript::{
    DiagnosticKind, EntryBody, Role, SyntheticKind, active_branch, parse_line, parse_transcript,
    split_branches,
};
use serde_json::{Value, json};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/transcripts")
}

fn read(name: &str) -> Vec<u8> {
    fs::read(dir().join(name)).unwrap()
}

fn check(path: &Path, actual: &Value, bless: bool) {
    let text = serde_json::to_string_pretty(actual).unwrap() + "\n";
    if bless {
        fs::write(path, text).unwrap();
    } else {
        let expected = fs::read_to_string(path).unwrap_or_else(|_| panic!("missing {}", path.display()));
        assert_eq!(text, expected, "{}", path.display());
    }
}

#[test]
fn transcript_fixtures_match() {
    let bless = std::env::var_os("CLAWSCOPE_BLESS").is_some();
    let mut paths: Vec<_> = fs::read_dir(dir()).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let mut cases = 0;
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        cases += 1;
        let bytes = fs::read(path).unwrap();
        let parsed = parse_transcript(&bytes);
        let split = split_branches(&parsed.entries);
        let stem = path.file_stem().unwrap().to_str().unwrap();
        check(
            &dir().join(format!("{stem}.transcript.json")),
            &json!({ "transcript": parsed, "branches": split }),
            bless,
        );
        let events: Vec<_> = parsed.entries.iter().flat_map(events_from_entry).collect();
        check(
            &dir().join(format!("{stem}.events.json")),
            &serde_json::to_value(&events).unwrap(),
            bless,
        );
    }
    assert!(cases >= 6, "only {cases} transcript fixtures");
}

/// The cheap counter agrees with the real event builder on every line of every fixture.
#[test]
fn count_events_agrees_with_events_from_entry() {
    let mut lines_checked = 0;
    for entry in fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        for line in fs::read(&path).unwrap().split(|b| *b == b'\n') {
            let built = if let Ok(Some(entry)) = parse_line(line) {
                assert_eq!(count_entry_events(&entry), events_from_entry(&entry).len());
                // The light summary agrees with the full parse on every field it has.
                let summary = summarize_line(line).unwrap();
                assert_eq!(summary.entry_type.as_deref().unwrap_or(""), entry.entry_type());
                assert_eq!(summary.id, entry.id);
                assert_eq!(summary.parent_id, entry.parent_id);
                assert_eq!(summary.timestamp_ms, entry.timestamp_ms);
                let message = entry.message();
                assert_eq!(summary.role.as_ref(), message.map(|m| &m.role));
                assert_eq!(summary.usage, message.and_then(|m| m.usage));
                assert_eq!(
                    summary.synthetic,
                    message.and_then(clawscope_core::transcript::Message::synthetic)
                );
                assert_eq!(summary.model, message.and_then(|m| m.model.clone()));
                assert_eq!(summary.tool_name, message.and_then(|m| m.tool_name.clone()));
                events_from_entry(&entry).len()
            } else {
                assert!(summarize_line(line).is_none());
                0
            };
            assert_eq!(
                count_events(line),
                built,
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(line)
            );
            lines_checked += 1;
        }
    }
    assert!(lines_checked > 40);
}

#[test]
fn v4_headers_uuid_ids_and_string_content() {
    let t = parse_transcript(&read("v4_2026_9.jsonl"));
    assert_eq!(t.diagnostic_count, 0);
    let EntryBody::Session(header) = &t.entries[0].body else {
        panic!("no header")
    };
    assert_eq!(header.version, Some(4));
    assert_eq!(
        t.entries[2].id.as_deref(),
        Some("1c7a3d2f-4b5e-4f60-8a9b-0c1d2e3f4a5b")
    );
    let user = t.entries[2].message().unwrap();
    assert!(user.content_is_string);
    assert_eq!(user.role, Role::User);
    assert_eq!(t.entries.last().unwrap().entry_type(), "openclaw_future_marker");
}

#[test]
fn failed_exec_is_an_error_in_both_releases() {
    // 2026.9: isError false, exitCode 2.
    let t = parse_transcript(&read("v4_2026_9.jsonl"));
    let ev = events_from_entry(&t.entries[4]);
    let tool = ev[0].tool.as_ref().unwrap();
    assert_eq!(tool.is_error, Some(false));
    assert_eq!(tool.exit_code, Some(2));
    assert_eq!(tool.details_status.as_deref(), Some("completed"));
    assert_eq!(tool.status, Some(ToolStatus::Error));
    // 2026.7: isError true.
    let t = parse_transcript(&read("v3_2026_7_failed_exec.jsonl"));
    let ev = events_from_entry(&t.entries[3]);
    assert_eq!(ev[0].tool.as_ref().unwrap().status, Some(ToolStatus::Error));
    // A successful exec is ok.
    let t = parse_transcript(&read("v3_all_types.jsonl"));
    let ev = events_from_entry(&t.entries[6]);
    assert_eq!(ev[0].tool.as_ref().unwrap().status, Some(ToolStatus::Ok));
}

#[test]
fn spawn_announce_and_synthetic_rows() {
    let t = parse_transcript(&read("v4_2026_9.jsonl"));
    let events: Vec<_> = t.entries.iter().flat_map(events_from_entry).collect();
    let call = events
        .iter()
        .find(|e| e.kind == EventKind::ToolCall && e.spawn.is_some())
        .unwrap();
    assert_eq!(call.spawn.as_ref().unwrap().label.as_deref(), Some("nope-check"));
    let spawn = events
        .iter()
        .find(|e| e.kind == EventKind::SubagentSpawn)
        .unwrap();
    let info = spawn.spawn.as_ref().unwrap();
    assert_eq!(
        info.child_session_key.as_deref(),
        Some("agent:helper:subagent:6b2f8c7e-9a0d-4eb5-9f4a-5b6c7d8e9f0a")
    );
    assert_eq!(
        info.run_id.as_deref(),
        Some("7c3a9d8f-0b1e-4fc6-8a5b-6c7d8e9f0a1b")
    );
    let announce = events
        .iter()
        .find(|e| e.kind == EventKind::SubagentAnnounce)
        .unwrap();
    let completion = announce.announce.as_ref().unwrap();
    assert_eq!(completion.result.as_deref(), Some("/nope was never created."));
    assert_eq!(completion.task.as_deref(), Some("nope-check"));
    let synthetic: Vec<_> = events.iter().filter_map(|e| e.synthetic).collect();
    assert_eq!(
        synthetic,
        vec![SyntheticKind::DeliveryMirror, SyntheticKind::GatewayInjected]
    );
    // Directive tags are hidden from the display text but kept raw.
    let reply = events
        .iter()
        .find(|e| {
            e.raw_text
                .as_deref()
                .is_some_and(|r| r.starts_with("[[reply_to_current]]"))
        })
        .unwrap();
    assert_eq!(
        reply.text.as_deref(),
        Some("The command failed with exit code 2.")
    );
    // New-style ⟦openclaw:ctx⟧ metadata is stripped into the envelope.
    let ctx = events
        .iter()
        .find(|e| e.envelope.as_ref().is_some_and(|env| env.sender.is_some()))
        .unwrap();
    assert_eq!(ctx.text.as_deref(), Some("thanks! also see this"));
    assert_eq!(
        ctx.envelope
            .as_ref()
            .unwrap()
            .sender
            .as_ref()
            .unwrap()
            .e164
            .as_deref(),
        Some("+15550001111")
    );
    assert!(
        events
            .iter()
            .any(|e| e.kind == EventKind::Image && e.text.as_deref() == Some("image/png"))
    );
    assert!(events.iter().any(|e| e.kind == EventKind::Reset));
    let errors: Vec<_> = events.iter().filter(|e| e.kind == EventKind::Error).collect();
    assert_eq!(errors.len(), 2);
    assert!(
        errors
            .iter()
            .all(|e| e.text.as_deref() == Some("provider timeout after 60s"))
    );
}

#[test]
fn usage_is_attached_once_per_assistant_message() {
    let t = parse_transcript(&read("v3_all_types.jsonl"));
    let ev = events_from_entry(&t.entries[5]);
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].kind, EventKind::Thinking);
    assert_eq!(ev[1].kind, EventKind::ToolCall);
    let usage = ev[0].usage.unwrap();
    assert_eq!(
        (
            usage.input,
            usage.output,
            usage.cache_read,
            usage.cache_write,
            usage.total_tokens
        ),
        (12, 48, 9100, 300, 9460)
    );
    assert!((usage.cost.unwrap().total - 0.0045).abs() < 1e-12);
    assert!(ev[1].usage.is_none());
    assert_eq!(
        ev[1].tool.as_ref().unwrap().arguments.as_ref().unwrap().get(),
        r#"{"command":"df -h /"}"#
    );
}

#[test]
fn malformed_lines_become_diagnostics() {
    let t = parse_transcript(&read("malformed.jsonl"));
    assert_eq!(t.entries.len(), 3);
    let kinds: Vec<_> = t.diagnostics.iter().map(|d| (d.line_no, d.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (2, DiagnosticKind::CrLf),
            (3, DiagnosticKind::InvalidJson),
            (4, DiagnosticKind::InvalidUtf8),
            (5, DiagnosticKind::NulBytes),
            (8, DiagnosticKind::NotAnObject),
            (9, DiagnosticKind::NotAnObject),
            (11, DiagnosticKind::Truncated),
        ]
    );
    assert_eq!(t.entries[2].message().unwrap().usage.unwrap().input, 7);
}

#[test]
fn abandoned_branches_are_excluded_by_default() {
    let t = parse_transcript(&read("branches.jsonl"));
    let ids = |idx: &[usize]| {
        idx.iter()
            .map(|&i| t.entries[i].id.clone().unwrap())
            .collect::<Vec<_>>()
    };
    let split = split_branches(&t.entries);
    assert_eq!(active_branch(&t.entries), split.active);
    assert_eq!(
        ids(&split.active),
        vec![
            "0f0e0d0c-0b0a-4998-8776-655443322110",
            "b0000001",
            "b0000004",
            "b0000005",
            "b0000006"
        ]
    );
    assert_eq!(ids(&split.abandoned), vec!["b0000002", "b0000003"]);
    // The abandoned branch is still reachable on request.
    assert_eq!(
        ids(&clawscope_core::transcript::branch_to(&t.entries, 3)),
        vec![
            "0f0e0d0c-0b0a-4998-8776-655443322110",
            "b0000001",
            "b0000002",
            "b0000003"
        ]
    );
}

#[test]
fn huge_line_is_linear_and_bounded() {
    let text = "x".repeat(8 * 1024 * 1024);
    let line = format!(
        r#"{{"type":"message","id":"h1","message":{{"role":"toolResult","toolName":"exec","content":[{{"type":"text","text":"{text}"}}]}}}}"#
    );
    let entry = parse_line(line.as_bytes()).unwrap().unwrap();
    assert_eq!(entry.message().unwrap().text().len(), text.len());
    assert_eq!(count_events(line.as_bytes()), 1);
    // Above the parser's cap the line is skipped unparsed.
    let mut parser =
        clawscope_core::transcript::TranscriptParser::with_limits(clawscope_core::transcript::ParserLimits {
            max_diagnostics: 10,
            max_line_bytes: 1024,
        });
    assert!(parser.push_line(line.as_bytes()).is_none());
    assert_eq!(parser.diagnostics()[0].kind, DiagnosticKind::TooLong);
}
