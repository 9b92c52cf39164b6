//! The usage scan's edge cases: every line of `tests/fixtures/usage/scan-edge-lines.jsonl` gives, through
//! `usage_record_from_line`, exactly what parsing it into a `serde_json::Value` and calling `usage_record` gives,
//! and that result is the matching element of `scan-edge-lines.expected.json` (a record or `null`). Set
//! `CLAWSCOPE_BLESS=1` to rewrite the expected file after a deliberate change, then review the diff.

#![allow(clippy::unwrap_used)]

mod common;

use std::fs;
use std::path::PathBuf;

use clawscope_core::usage::{UsageRecord, UsageReport, usage_record, usage_record_from_line};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/usage")
}

fn lines() -> Vec<Vec<u8>> {
    let bytes = fs::read(dir().join("scan-edge-lines.jsonl")).unwrap();
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    assert_eq!(
        lines.pop().as_deref(),
        Some(&b""[..]),
        "the file ends with a newline"
    );
    lines
}

fn by_value(line: &[u8]) -> Option<UsageRecord> {
    serde_json::from_slice::<Value>(line)
        .ok()
        .and_then(|v| usage_record(&v))
}

#[test]
fn every_edge_line_gives_what_the_value_parse_gives_and_what_is_recorded() {
    let lines = lines();
    assert!(lines.len() >= 70);
    let mut results = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let fast = usage_record_from_line(line);
        assert_eq!(
            fast,
            by_value(line),
            "line {}: {}",
            i + 1,
            String::from_utf8_lossy(line)
        );
        results.push(serde_json::to_value(&fast).unwrap());
    }
    let path = dir().join("scan-edge-lines.expected.json");
    let text = serde_json::to_string_pretty(&results).unwrap() + "\n";
    if std::env::var_os("CLAWSCOPE_BLESS").is_some() {
        fs::write(&path, text).unwrap();
    } else {
        assert_eq!(text, fs::read_to_string(&path).unwrap(), "{}", path.display());
    }
    let records = results.iter().filter(|r| !r.is_null()).count();
    assert!(records > 30 && records < lines.len() - 20, "{records} records");
}

#[test]
fn selected_edge_lines_mean_what_they_say() {
    let lines = lines();
    let find = |needle: &str| {
        lines
            .iter()
            .find(|l| String::from_utf8_lossy(l).contains(needle))
            .map(|l| usage_record_from_line(l))
            .unwrap()
    };
    // The last of two `usage` objects counts.
    let twice = find(r#""usage":{"input":1,"output":2,"totalTokens":0},"usage":{"input":30"#).unwrap();
    assert_eq!((twice.input, twice.output, twice.total_tokens), (30, 40, 70));
    // `usage` inside content blocks is not the message's.
    let decoy = find(r#""usage":{"totalTokens":5}"#).unwrap();
    assert_eq!(decoy.total_tokens, 7);
    // Numbers: 1e3, 1.0, 1.5 rounds half away from zero, negatives count as 0, 0 totalTokens means the sum.
    let forms = find(r#""input":1e3,"output":1.0"#).unwrap();
    assert_eq!(
        (
            forms.input,
            forms.output,
            forms.cache_read,
            forms.cache_write,
            forms.total_tokens
        ),
        (1000, 1, 0, 2, 1003)
    );
    // A number the Value parse rejects makes the whole line unreadable.
    assert_eq!(find(r#""input":1e400"#), None);
    assert_eq!(find(r#""n":1e400"#), None);
    // Escapes in read values are decoded; an escaped `usage` key still counts.
    let escaped = find(r#""role":"assist\u0061nt""#).unwrap();
    assert_eq!(escaped.model.as_deref(), Some(r#"claude-sonnet "4""#));
    assert_eq!(find(r#""\u0075sage":{"input":7"#).unwrap().input, 7);
    // Invalid UTF-8 or a raw control byte anywhere rejects the line.
    assert_eq!(find("bad \u{fffd} byte"), None);
    assert_eq!(find("ctl \u{1} byte"), None);
    // Delivery-mirror and gateway-injected rows are not usage.
    assert_eq!(find(r#""model":"delivery-mirror""#), None);
    assert_eq!(find(r#""openclawDeliveryMirror":null"#), None);
    assert!(find(r#""model":"openclaw-other""#).is_some());
}

#[test]
fn a_report_from_the_edge_lines_equals_one_from_values() {
    let lines = lines();
    let mut fast = UsageReport::default();
    let mut slow = UsageReport::default();
    for line in &lines {
        if let Some(r) = usage_record_from_line(line) {
            fast.add("agent:a:main", Some("a"), &r);
        }
        if let Ok(v) = serde_json::from_slice::<Value>(line) {
            slow.add_lines("agent:a:main", Some("a"), [&v]);
        }
    }
    assert_eq!(fast, slow);
    assert!(fast.totals.requests > 30);
}

#[test]
fn every_line_of_every_committed_transcript_gives_what_the_value_parse_gives() {
    let mut files = Vec::new();
    common::jsonl_files(&common::fixtures(), &mut files);
    let (mut lines, mut records) = (0, 0);
    for file in &files {
        for line in fs::read(file).unwrap().split(|b| *b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let fast = usage_record_from_line(line);
            assert_eq!(
                fast,
                by_value(line),
                "{}: {}",
                file.display(),
                String::from_utf8_lossy(line)
            );
            lines += 1;
            records += usize::from(fast.is_some());
        }
    }
    assert!(
        files.len() >= 15 && lines > 200 && records > 50,
        "{} files, {lines} lines, {records} records",
        files.len()
    );
}
