//! SQLite-era state dirs built from the documented schema (`openclaw-formats.md` §7).

mod state_support;

use std::ops::ControlFlow;

use clawscope::state::sqlite::{OpenMode, open_read_only};
use clawscope::state::{LineIssue, StateDir, StoreBackend};
use rusqlite::Connection;
use state_support::{CHILD_KEY, S_CHILD, S_DEMO, S_MAIN, T0, build_sqlite_state, demo_lines, temp};

fn sidecars(db: &camino::Utf8Path) -> (bool, bool) {
    (
        db.with_file_name(format!("{}-wal", db.file_name().unwrap()))
            .exists(),
        db.with_file_name(format!("{}-shm", db.file_name().unwrap()))
            .exists(),
    )
}

#[test]
fn sessions_come_from_session_nodes() {
    let (_guard, root) = temp();
    build_sqlite_state(&root);
    let state = StateDir::open(&root).unwrap();
    let agents = state.agents().unwrap();
    assert_eq!(agents.len(), 1);
    assert_eq!(agents[0].stores, vec![StoreBackend::Sqlite]);

    let scan = state.scan_sessions("main").unwrap();
    let keys: Vec<_> = scan.sessions.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, ["agent:main:explicit:demo", CHILD_KEY, "agent:main:main"]);
    assert!(scan.sessions.iter().all(|s| s.backend == StoreBackend::Sqlite));
    assert_eq!(scan.diagnostics.len(), 1);
    assert_eq!(scan.diagnostics[0].key.as_deref(), Some("agent:main:broken"));
    assert_eq!(scan.diagnostics[0].code, "STORE_CORRUPT");

    let demo = &scan.sessions[0];
    assert_eq!(demo.entry.session_id, S_DEMO);
    assert_eq!(demo.entry.model.as_deref(), Some("fake-model"));
    // Columns fill what entry_json lacks; updated_at in seconds is normalised.
    let child = &scan.sessions[1];
    assert_eq!(child.entry.session_id, S_CHILD);
    assert_eq!(
        child.entry.spawned_by.as_deref(),
        Some("agent:main:explicit:demo")
    );
    assert_eq!(child.entry.updated_at, T0 + 5000);
    assert_eq!(child.entry.spawn_depth, Some(1));
    // current_session_id wins over a stale sessionId in entry_json.
    assert_eq!(scan.sessions[2].entry.session_id, S_MAIN);
}

#[test]
fn transcripts_come_from_transcript_events_with_zstd() {
    let (_guard, root) = temp();
    build_sqlite_state(&root);
    let state = StateDir::open(&root).unwrap();
    let demo = state.find_session("agent:main:explicit:demo").unwrap();
    let t = state.transcript(&demo).unwrap();
    assert_eq!(t.path(), demo.store_path);
    let mut got = Vec::new();
    let report = t
        .for_each_line(|l| {
            got.push((l.offset, String::from_utf8(l.bytes.to_vec()).unwrap()));
            ControlFlow::Continue(())
        })
        .unwrap();
    let want: Vec<_> = demo_lines()
        .into_iter()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l))
        .collect();
    assert_eq!(got, want);
    assert_eq!(report.lines, 5);
    assert_eq!(report.skipped, 1);
    assert_eq!(report.diagnostics[0].offset, 10);
    assert!(matches!(report.diagnostics[0].issue, LineIssue::BadRow { .. }));

    // Tail: newest first, stops early, returns oldest-first lines.
    let tail = t.tail(2, |_| 1).unwrap();
    let seqs: Vec<_> = tail.lines.iter().map(|l| l.offset).collect();
    assert_eq!(seqs, [4, 5]);
    assert!(!tail.reached_start);
    let all = t.tail(100, |_| 1).unwrap();
    assert_eq!(all.lines.len(), 5);
    assert!(all.reached_start);

    // Stopping early.
    let mut n = 0;
    let report = t
        .for_each_line(|_| {
            n += 1;
            if n == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
    assert!(report.stopped);
    assert_eq!(report.lines, 2);

    // Another session's rows are separate.
    let child = state.find_session(CHILD_KEY).unwrap();
    assert_eq!(
        state
            .transcript(&child)
            .unwrap()
            .tail(10, |_| 1)
            .unwrap()
            .lines
            .len(),
        1
    );
}

#[test]
fn run_registry_from_state_sqlite() {
    let (_guard, root) = temp();
    build_sqlite_state(&root);
    let state = StateDir::open(&root).unwrap();
    let reg = state.scan_subagent_runs().unwrap();
    assert_eq!(reg.runs.len(), 1);
    let run = &reg.runs[0];
    assert_eq!(run.run_id, "run-sqlite-1");
    assert_eq!(run.child_session_key, CHILD_KEY);
    assert_eq!(run.parent_key(), Some("agent:main:explicit:demo"));
    assert_eq!(run.created_at, Some(T0 + 3000));
    assert_eq!(run.task.as_deref(), Some("Summarise the log"));
    assert_eq!(run.status(), Some("ok"));
    assert_eq!(reg.diagnostics.len(), 1, "the row with an empty run_id");
}

#[test]
fn sqlite_wins_over_json_for_the_same_key() {
    let (_guard, root) = temp();
    build_sqlite_state(&root);
    let sessions = root.join("agents/main/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(
        sessions.join("sessions.json"),
        r#"{"agent:main:explicit:demo":{"sessionId":"old-json","updatedAt":1},"agent:main:json-only":{"sessionId":"j","updatedAt":2}}"#,
    )
    .unwrap();
    let state = StateDir::open(&root).unwrap();
    let list = state.sessions("main").unwrap();
    let demo = list.iter().find(|s| s.key == "agent:main:explicit:demo").unwrap();
    assert_eq!(demo.backend, StoreBackend::Sqlite);
    assert_eq!(demo.entry.session_id, S_DEMO);
    let json_only = list.iter().find(|s| s.key == "agent:main:json-only").unwrap();
    assert_eq!(json_only.backend, StoreBackend::Json);
    assert_eq!(list.len(), 4);
}

#[test]
fn a_closed_wal_database_is_read_immutable_without_creating_sidecars() {
    let (_guard, root) = temp();
    build_sqlite_state(&root);
    let db = root.join("agents/main/agent/openclaw-agent.sqlite");
    assert_eq!(sidecars(&db), (false, false));
    assert_eq!(open_read_only(&db).unwrap().mode(), OpenMode::Immutable);
    let state = StateDir::open(&root).unwrap();
    assert_eq!(state.sessions("main").unwrap().len(), 3);
    assert_eq!(sidecars(&db), (false, false));
}

#[test]
fn reading_while_the_gateway_writes() {
    let (_guard, root) = temp();
    build_sqlite_state(&root);
    let db = root.join("agents/main/agent/openclaw-agent.sqlite");
    // A writer holds the database open (WAL sidecars exist) and has an uncommitted transaction.
    let writer = Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE; INSERT INTO session_nodes (session_key, current_session_id, entry_json) VALUES ('agent:main:pending', 'p', '{\"sessionId\":\"p\",\"updatedAt\":1}');").unwrap();
    assert_eq!(sidecars(&db), (true, true));
    assert_eq!(open_read_only(&db).unwrap().mode(), OpenMode::Shared);
    let state = StateDir::open(&root).unwrap();
    let keys: Vec<_> = state
        .sessions("main")
        .unwrap()
        .into_iter()
        .map(|s| s.key)
        .collect();
    assert!(
        !keys.iter().any(|k| k == "agent:main:pending"),
        "uncommitted rows are invisible"
    );
    writer.execute_batch("COMMIT;").unwrap();
    let keys: Vec<_> = state
        .sessions("main")
        .unwrap()
        .into_iter()
        .map(|s| s.key)
        .collect();
    assert!(
        keys.iter().any(|k| k == "agent:main:pending"),
        "committed rows in the WAL are visible"
    );
    drop(writer);
}

#[test]
fn unknown_schemas_are_typed_errors() {
    let (_guard, root) = temp();
    let dir = root.join("agents/main/agent");
    std::fs::create_dir_all(&dir).unwrap();
    let conn = Connection::open(dir.join("openclaw-agent.sqlite")).unwrap();
    conn.execute_batch("CREATE TABLE session_nodes (k TEXT);")
        .unwrap();
    drop(conn);
    let state = StateDir::open(&root).unwrap();
    assert_eq!(
        state.sessions("main").unwrap_err().code().as_str(),
        "STORE_CORRUPT"
    );
    // scan_all reports it and carries on.
    let scan = state.scan_all_sessions().unwrap();
    assert!(scan.sessions.is_empty());
    assert_eq!(scan.diagnostics[0].code, "STORE_CORRUPT");

    // Not a database at all.
    std::fs::write(
        dir.join("openclaw-agent.sqlite"),
        b"this is not sqlite, just text padding it out",
    )
    .unwrap();
    assert_eq!(
        state.sessions("main").unwrap_err().code().as_str(),
        "SQLITE_ERROR"
    );
}

#[test]
fn transcript_rows_without_event_columns_are_refused() {
    let (_guard, root) = temp();
    let dir = root.join("agents/main/agent");
    std::fs::create_dir_all(&dir).unwrap();
    let conn = Connection::open(dir.join("openclaw-agent.sqlite")).unwrap();
    conn.execute_batch(
        "CREATE TABLE session_nodes (session_key TEXT, entry_json TEXT);
         INSERT INTO session_nodes VALUES ('agent:main:x', '{\"sessionId\":\"s\",\"updatedAt\":1}');
         CREATE TABLE transcript_events (session_id TEXT, seq INTEGER);",
    )
    .unwrap();
    drop(conn);
    let state = StateDir::open(&root).unwrap();
    let s = state.find_session("agent:main:x").unwrap();
    let err = state.transcript(&s).unwrap().tail(1, |_| 1).unwrap_err();
    assert_eq!(err.code().as_str(), "STORE_CORRUPT");
}

#[test]
fn a_copy_with_a_wal_but_no_shm_still_shows_committed_rows() {
    let (_guard, root) = temp();
    build_sqlite_state(&root);
    let db = root.join("agents/main/agent/openclaw-agent.sqlite");
    // A live writer with committed rows still in the -wal (no checkpoint yet).
    let writer = Connection::open(&db).unwrap();
    writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    writer
        .execute_batch("INSERT INTO session_nodes (session_key, current_session_id, entry_json) VALUES ('agent:main:in-wal', 'w', '{\"sessionId\":\"w\",\"updatedAt\":1}');")
        .unwrap();
    // Copy the database and its -wal, but not the -shm, as a backup tool might.
    let (_copy_guard, copy) = temp();
    let copy_db = copy.join("agents/main/agent/openclaw-agent.sqlite");
    std::fs::create_dir_all(copy_db.parent().unwrap()).unwrap();
    std::fs::copy(&db, &copy_db).unwrap();
    std::fs::copy(
        db.with_file_name("openclaw-agent.sqlite-wal"),
        copy_db.with_file_name("openclaw-agent.sqlite-wal"),
    )
    .unwrap();
    drop(writer);
    let snapshot = open_read_only(&copy_db).unwrap();
    assert_eq!(snapshot.mode(), OpenMode::Snapshot);
    let snapshot_dir = snapshot.snapshot_dir().unwrap().to_path_buf();
    assert!(!snapshot_dir.starts_with(&copy));
    assert!(snapshot_dir.join("db.sqlite").is_file());
    drop(snapshot);
    assert!(!snapshot_dir.exists(), "the private copy is removed");
    let before = state_support::tree_hash(&copy);
    let state = StateDir::open(&copy).unwrap();
    let keys: Vec<_> = state
        .sessions("main")
        .unwrap()
        .into_iter()
        .map(|s| s.key)
        .collect();
    assert!(keys.iter().any(|k| k == "agent:main:in-wal"), "{keys:?}");
    assert_eq!(
        state_support::tree_hash(&copy),
        before,
        "no -shm created, nothing changed"
    );
}

#[test]
fn session_windows_list_earlier_transcripts_that_stay_readable() {
    let (_guard, root) = temp();
    build_sqlite_state(&root);
    let db = root.join("agents/main/agent/openclaw-agent.sqlite");
    let conn = Connection::open(&db).unwrap();
    // An earlier window of the demo key, ended by a reset, with one transcript line of its own.
    conn.execute(
        "INSERT INTO session_windows VALUES ('old-window', 'agent:main:explicit:demo', NULL, 'initial', ?1, ?2, 'closed', 'direct', NULL, NULL)",
        rusqlite::params![T0 - 60_000, T0],
    )
    .unwrap();
    conn.execute(
        "UPDATE session_windows SET previous_session_id = 'old-window', reason = 'reset' WHERE session_id = ?1",
        [S_DEMO],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO transcript_events (session_id, seq, event_json, created_at) VALUES ('old-window', 1, ?1, ?2)",
        rusqlite::params![r#"{"type":"session","version":4,"id":"old-window"}"#, T0 - 60_000],
    )
    .unwrap();
    drop(conn);

    let state = StateDir::open(&root).unwrap();
    let windows = state.session_windows("agent:main:explicit:demo").unwrap();
    let summary: Vec<_> = windows
        .iter()
        .map(|w| (w.session_id.as_str(), w.reason.as_deref(), w.current))
        .collect();
    assert_eq!(
        summary,
        [
            ("old-window", Some("initial"), false),
            (S_DEMO, Some("reset"), true)
        ]
    );
    assert_eq!(windows[1].previous_session_id.as_deref(), Some("old-window"));
    assert_eq!(windows[0].ended_at, Some(T0));

    let mut old_lines = Vec::new();
    windows[0]
        .transcript
        .for_each_line(|line| {
            old_lines.push(String::from_utf8_lossy(line.bytes).into_owned());
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(old_lines.len(), 1);
    assert!(old_lines[0].contains("old-window"));

    // A key with no window rows, and an unknown key.
    assert!(state.session_windows("agent:main:main").unwrap().is_empty());
    assert_eq!(
        state
            .session_windows("agent:main:nope")
            .unwrap_err()
            .code()
            .as_str(),
        "SESSION_NOT_FOUND"
    );
}

#[test]
fn a_state_dir_given_as_a_relative_path_reads_its_sqlite_stores() {
    // A dir below the working directory (the crate dir), named by a relative path that does not start with `..`.
    let guard = tempfile::Builder::new()
        .prefix(".clawscope-test-")
        .tempdir_in(".")
        .unwrap();
    let name = guard.path().file_name().unwrap().to_str().unwrap().to_owned();
    let relative = camino::Utf8PathBuf::from(name).join("state");
    std::fs::create_dir(&relative).unwrap();
    build_sqlite_state(&relative);
    assert!(
        relative.is_relative() && !relative.starts_with(".."),
        "{relative}"
    );

    let state = StateDir::open(&relative).unwrap();
    let scan = state.scan_sessions("main").unwrap();
    assert_eq!(scan.sessions.len(), 3, "{:?}", scan.diagnostics);
    let demo = state.find_session("agent:main:explicit:demo").unwrap();
    let mut lines = 0;
    state
        .transcript(&demo)
        .unwrap()
        .for_each_line(|_| {
            lines += 1;
            ControlFlow::Continue(())
        })
        .unwrap();
    assert!(lines > 0);
}

/// The committed `sqlite-windows` fixture: its windows as JSON (the database path as `{{dir}}`) are the expected
/// file the Python and Node tests also check, and rebuilding the database from `data.sql` gives the same answer.
#[test]
fn committed_sqlite_windows_fixture_matches_its_expected_json_and_its_sql() {
    let root = state_support::fixtures().join("sqlite-windows");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("expected-windows.json")).unwrap()).unwrap();
    let as_json = |dir: &camino::Utf8Path| {
        let windows = StateDir::open(dir)
            .unwrap()
            .session_windows("agent:main:main")
            .unwrap();
        let text = serde_json::to_string(&windows)
            .unwrap()
            .replace(dir.as_str(), "{{dir}}");
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    assert_eq!(as_json(&root), expected);

    let (_guard, rebuilt) = temp();
    let agent = rebuilt.join("agents/main/agent");
    std::fs::create_dir_all(&agent).unwrap();
    let conn = Connection::open(agent.join("openclaw-agent.sqlite")).unwrap();
    conn.execute_batch(state_support::SQL_AGENT).unwrap();
    conn.execute_batch(&std::fs::read_to_string(root.join("data.sql")).unwrap())
        .unwrap();
    drop(conn);
    assert_eq!(as_json(&rebuilt), expected);
}
