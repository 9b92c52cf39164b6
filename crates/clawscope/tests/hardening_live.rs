//! Readers against live writers (issue 6 §3): a transcript being appended to (sometimes half a line, then the rest)
//! and a SQLite store in WAL mode being committed to while clawscope reads.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod state_support;

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use camino::{Utf8Path, Utf8PathBuf};
use clawscope::state::{LineReader, StateDir, tail_lines};
use clawscope::state_detail::{DetailOptions, EventQuery, UsageQuery};
use rusqlite::{Connection, params};
use state_support::{SQL_AGENT, temp};

const KEY: &str = "agent:main:main";
const SID: &str = "0199a1b2-c3d4-7e5f-8a6b-00000000live";

/// The text of message `n`; every complete message has exactly this text, so a half line would show up as a
/// shorter text or a parse failure.
fn text_of(n: usize) -> String {
    format!("msg-{n:06}-{}", "x".repeat(40 + n % 200))
}

fn line_of(n: usize) -> String {
    let role = if n.is_multiple_of(2) { "user" } else { "assistant" };
    let usage = if role == "assistant" {
        r#","usage":{"input":3,"output":4,"totalTokens":7},"provider":"openai","model":"m""#
    } else {
        ""
    };
    format!(
        r#"{{"type":"message","id":"e{n}","parentId":{},"timestamp":"2026-09-21T13:46:40.000Z","message":{{"role":"{role}","content":[{{"type":"text","text":"{}"}}]{usage}}}}}"#,
        if n == 0 {
            "null".to_owned()
        } else {
            format!("\"e{}\"", n - 1)
        },
        text_of(n)
    ) + "\n"
}

fn is_complete_text(text: &str) -> bool {
    let Some(n) = text
        .strip_prefix("msg-")
        .and_then(|r| r.get(..6))
        .and_then(|d| d.parse::<usize>().ok())
    else {
        return false;
    };
    text == text_of(n)
}

/// A state dir with one session whose transcript `<root>/agents/main/sessions/<SID>.jsonl` starts with a header.
fn live_state() -> (tempfile::TempDir, Utf8PathBuf, Utf8PathBuf) {
    let (guard, root) = temp();
    let sessions = root.join("agents/main/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(
        sessions.join("sessions.json"),
        format!(r#"{{"{KEY}":{{"sessionId":"{SID}","updatedAt":1790000000000}}}}"#),
    )
    .unwrap();
    let transcript = sessions.join(format!("{SID}.jsonl"));
    std::fs::write(
        &transcript,
        format!(
            "{{\"type\":\"session\",\"version\":4,\"id\":\"{SID}\",\"timestamp\":\"2026-09-21T13:46:40.000Z\"}}\n"
        ),
    )
    .unwrap();
    (guard, root, transcript)
}

/// Appends `lines` lines, every third one in two writes (half, pause, rest).
fn append_lines(path: &Utf8Path, lines: usize, written: &AtomicUsize) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    for n in 0..lines {
        let line = line_of(n);
        if n % 3 == 1 {
            let (a, b) = line.as_bytes().split_at(line.len() / 2);
            file.write_all(a).unwrap();
            file.flush().unwrap();
            std::thread::sleep(Duration::from_micros(300));
            file.write_all(b).unwrap();
        } else {
            file.write_all(line.as_bytes()).unwrap();
        }
        file.flush().unwrap();
        written.store(n + 1, Ordering::SeqCst);
        if n % 16 == 0 {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
}

fn check_complete_json_line(bytes: &[u8]) {
    let value: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "a half line was returned: {e}: {}",
            String::from_utf8_lossy(bytes)
        )
    });
    if let Some(text) = value.pointer("/message/content/0/text").and_then(|t| t.as_str()) {
        assert!(is_complete_text(text), "torn text {text:?}");
    }
}

#[test]
fn readers_never_see_a_half_line_of_a_live_transcript() {
    let (_g, root, transcript) = live_state();
    let state = StateDir::open(&root).unwrap();
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let written = Arc::clone(&written);
        let transcript = transcript.clone();
        std::thread::spawn(move || append_lines(&transcript, 1500, &written))
    };
    let mut rounds = 0usize;
    let mut max_rows = 0usize;
    let mut partial_seen = 0usize;
    loop {
        let done = writer.is_finished();
        let before = written.load(Ordering::SeqCst);
        // 1. The streaming line reader: complete lines parse; only the very last line may be incomplete, and then
        //    it is flagged so.
        let mut reader = LineReader::new(std::fs::File::open(&transcript).unwrap());
        let mut complete = 0usize;
        while let Some(line) = reader.next_line().unwrap() {
            if line.complete {
                check_complete_json_line(line.bytes);
                complete += 1;
            } else {
                partial_seen += 1;
                assert!(
                    serde_json::from_slice::<serde_json::Value>(line.bytes).is_err(),
                    "an unterminated line that parses would be a complete line without its newline"
                );
            }
        }
        assert!(complete > before, "the reader lost lines: {complete} <= {before}");
        // 2. The tail reader never returns the half-written last line.
        let tail = tail_lines(&transcript, 20, |_| 1).unwrap();
        for line in &tail.lines {
            check_complete_json_line(&line.bytes);
        }
        // 3. The Transcript API, the session detail page and the events query.
        let session = state.find_session(KEY).unwrap();
        let t = state.transcript(&session).unwrap();
        t.for_each_line(|line| {
            if line.complete {
                check_complete_json_line(line.bytes);
            }
            ControlFlow::Continue(())
        })
        .unwrap();
        let detail = state.session_detail(KEY, &DetailOptions::default()).unwrap();
        assert_eq!(detail.history_error, None);
        for row in &detail.history {
            assert!(is_complete_text(&row.content), "torn row {:?}", row.content);
        }
        max_rows = max_rows.max(detail.history.len());
        let events = state.events(KEY, &EventQuery::default()).unwrap();
        for row in &events {
            assert!(is_complete_text(&row.content), "torn event {:?}", row.content);
        }
        let usage = state.usage(&UsageQuery::default()).unwrap();
        let json = serde_json::to_string(&usage).unwrap();
        assert!(!json.is_empty());
        rounds += 1;
        if done {
            break;
        }
    }
    writer.join().unwrap();
    assert!(rounds >= 2, "rounds {rounds}");
    assert_eq!(max_rows, DetailOptions::default().history_limit);
    // The final state: every line there, the last one complete.
    let tail = tail_lines(&transcript, 1, |_| 1).unwrap();
    check_complete_json_line(&tail.lines[0].bytes);
    assert!(String::from_utf8_lossy(&tail.lines[0].bytes).contains(&text_of(1499)));
    // Not asserted: that a partial line was caught (timing); reported for information only.
    eprintln!("rounds {rounds}, partial last lines seen {partial_seen}");
}

/// The agent SQLite store, WAL mode, with pairs of sessions `agent:main:pair-<n>-a` / `-b` written in one
/// transaction each: a consistent snapshot always holds both or neither.
#[test]
fn sqlite_reads_see_consistent_snapshots_and_do_not_block_the_writer() {
    let (_g, root) = temp();
    let agent_dir = root.join("agents/main/agent");
    std::fs::create_dir_all(&agent_dir).unwrap();
    let db = agent_dir.join("openclaw-agent.sqlite");
    {
        let conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch(SQL_AGENT).unwrap();
        conn.execute("INSERT INTO schema_meta VALUES ('schema_version', '23')", [])
            .unwrap();
    }
    let busy_timeout = Duration::from_secs(2);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let db = db.clone();
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut conn = Connection::open(&db).unwrap();
            conn.busy_timeout(busy_timeout).unwrap();
            let mut worst = Duration::ZERO;
            let mut n = 0u32;
            while !stop.load(Ordering::SeqCst) || n < 50 {
                let started = Instant::now();
                let tx = conn.transaction().unwrap();
                for side in ["a", "b"] {
                    let sid = format!("sid-{n}-{side}");
                    tx.execute(
                        "INSERT INTO session_nodes (session_key, current_session_id, entry_json, entry_valid, updated_at, status, created_at) VALUES (?1, ?2, ?3, 1, ?4, 'active', ?4)",
                        params![
                            format!("agent:main:pair-{n}-{side}"),
                            sid,
                            format!(r#"{{"sessionId":"{sid}","updatedAt":{}}}"#, 1_790_000_000_000_i64 + i64::from(n)),
                            1_790_000_000_000_i64 + i64::from(n)
                        ],
                    )
                    .unwrap();
                }
                tx.commit().unwrap();
                worst = worst.max(started.elapsed());
                n += 1;
                if n >= 2000 {
                    break;
                }
            }
            (n, worst)
        })
    };
    let state = StateDir::open(&root).unwrap();
    let mut reads = 0u32;
    let mut last = 0usize;
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline && !writer.is_finished() {
        let sessions = state.sessions("main").unwrap();
        let keys: std::collections::BTreeSet<&str> = sessions.iter().map(|s| s.key.as_str()).collect();
        assert!(
            keys.len().is_multiple_of(2),
            "odd snapshot: {} sessions",
            keys.len()
        );
        for k in &keys {
            let twin = k
                .strip_suffix("-a")
                .map(|p| format!("{p}-b"))
                .or_else(|| k.strip_suffix("-b").map(|p| format!("{p}-a")));
            let twin = twin.unwrap();
            assert!(keys.contains(twin.as_str()), "{k} without {twin}");
        }
        assert!(
            keys.len() >= last,
            "a later read saw fewer sessions: {} < {last}",
            keys.len()
        );
        last = keys.len();
        reads += 1;
    }
    stop.store(true, Ordering::SeqCst);
    let (commits, worst) = writer.join().unwrap();
    assert!(reads > 5 && commits >= 50, "reads {reads}, commits {commits}");
    assert!(worst < busy_timeout, "a commit waited {worst:?}");
    let final_count = state.sessions("main").unwrap().len();
    assert_eq!(final_count, 2 * usize::try_from(commits).unwrap());
}
