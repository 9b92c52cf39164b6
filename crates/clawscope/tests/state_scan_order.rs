//! The order of a whole-state scan: agents in order, each agent's JSON entries in store order, then its SQLite
//! entries (replacing JSON entries with the same key in place); diagnostics of bad entries and of unreadable
//! agents in the same order. Pins the behaviour of the list path that reads every store before building the list.

mod state_support;

use clawscope::state::{StateDir, StoreBackend};
use rusqlite::Connection;
use state_support::temp;

fn write(root: &camino::Utf8Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn sqlite(root: &camino::Utf8Path, agent: &str, rows: &[(&str, Option<&str>, &str)]) {
    let dir = root.join(format!("agents/{agent}/agent"));
    std::fs::create_dir_all(&dir).unwrap();
    let conn = Connection::open(dir.join("openclaw-agent.sqlite")).unwrap();
    conn.execute_batch(
        "CREATE TABLE session_nodes (session_key TEXT, current_session_id TEXT, entry_json TEXT);",
    )
    .unwrap();
    for (key, id, entry) in rows {
        conn.execute("INSERT INTO session_nodes VALUES (?1, ?2, ?3)", (key, id, entry))
            .unwrap();
    }
}

#[test]
fn sessions_and_diagnostics_keep_agent_and_store_order() {
    let (_guard, root) = temp();
    write(
        &root,
        "agents/a/sessions/sessions.json",
        r#"{"agent:a:1":{"sessionId":"a1","updatedAt":1},"agent:a:bad":{"updatedAt":1},"agent:a:2":{"sessionId":"a2","updatedAt":2}}"#,
    );
    // Agent b: a "database" that is not one — the whole agent becomes one diagnostic.
    write(
        &root,
        "agents/b/agent/openclaw-agent.sqlite",
        "not a database at all, just text",
    );
    write(
        &root,
        "agents/c/sessions/sessions.json",
        r#"{"agent:c:x":{"sessionId":"cx","updatedAt":1},"agent:c:y":{"sessionId":"cy-json","updatedAt":1}}"#,
    );
    sqlite(
        &root,
        "c",
        &[
            ("agent:c:z", None, r#"{"sessionId":"cz","updatedAt":3}"#),
            (
                "agent:c:y",
                Some("cy-sqlite"),
                r#"{"sessionId":"old","updatedAt":2}"#,
            ),
            ("agent:c:broken", None, "[1]"),
        ],
    );
    let state = StateDir::open(&root).unwrap();
    let scan = state.scan_all_sessions().unwrap();
    let got: Vec<_> = scan
        .sessions
        .iter()
        .map(|s| {
            (
                s.agent_id.as_str(),
                s.key.as_str(),
                s.entry.session_id.as_str(),
                s.backend,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("a", "agent:a:1", "a1", StoreBackend::Json),
            ("a", "agent:a:2", "a2", StoreBackend::Json),
            ("c", "agent:c:x", "cx", StoreBackend::Json),
            ("c", "agent:c:y", "cy-sqlite", StoreBackend::Sqlite),
            ("c", "agent:c:z", "cz", StoreBackend::Sqlite),
        ]
    );
    let diagnostics: Vec<_> = scan
        .diagnostics
        .iter()
        .map(|d| (d.agent_id.as_str(), d.key.as_deref(), d.code))
        .collect();
    assert_eq!(
        diagnostics,
        [
            ("a", Some("agent:a:bad"), "STORE_CORRUPT"),
            ("b", None, "SQLITE_ERROR"),
            ("c", Some("agent:c:broken"), "STORE_CORRUPT"),
        ]
    );
    // One agent alone gives the same slice; the broken agent alone is an error.
    let c = state.scan_sessions("c").unwrap();
    assert_eq!(
        c.sessions.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
        ["agent:c:x", "agent:c:y", "agent:c:z"]
    );
    assert_eq!(c.diagnostics.len(), 1);
    assert_eq!(
        state.scan_sessions("b").unwrap_err().code().as_str(),
        "SQLITE_ERROR"
    );
}
