//! Shared helpers for the `state_*` integration tests: fixture paths, tree copies, SQLite-era state dirs built
//! from the documented schema, and a content hash of a whole tree.
#![allow(dead_code, unreachable_pub, clippy::missing_panics_doc)]

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

/// `tests/fixtures/state` at the repository root.
pub fn fixtures() -> Utf8PathBuf {
    Utf8PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/state")
}

/// The committed file-era fixture.
pub fn file_era() -> Utf8PathBuf {
    fixtures().join("file-era")
}

/// A temp dir as a UTF-8 path.
pub fn temp() -> (tempfile::TempDir, Utf8PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = Utf8PathBuf::from_path_buf(dir.path().to_path_buf()).unwrap();
    (dir, path)
}

/// Copies a directory tree (files and directories only).
pub fn copy_tree(src: &Utf8Path, dst: &Utf8Path) {
    std::fs::create_dir_all(dst).unwrap();
    for item in std::fs::read_dir(src).unwrap() {
        let item = item.unwrap();
        let name = item.file_name().into_string().unwrap();
        let from = src.join(&name);
        let to = dst.join(&name);
        if item.file_type().unwrap().is_dir() {
            copy_tree(&from, &to);
        } else {
            std::fs::copy(&from, &to).unwrap();
        }
    }
}

/// Every entry under `root` (relative path → sha256 of the content, or `dir`/`link:<target>`).
pub fn tree_hash(root: &Utf8Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn walk(root: &Utf8Path, dir: &Utf8Path, out: &mut BTreeMap<String, String>) {
    for item in std::fs::read_dir(dir).unwrap() {
        let item = item.unwrap();
        let path = dir.join(item.file_name().into_string().unwrap());
        let rel = path.strip_prefix(root).unwrap().to_string();
        let kind = item.file_type().unwrap();
        if kind.is_symlink() {
            out.insert(
                rel,
                format!("link:{}", std::fs::read_link(&path).unwrap().display()),
            );
        } else if kind.is_dir() {
            out.insert(rel, "dir".to_owned());
            walk(root, &path, out);
        } else {
            let digest = Sha256::digest(std::fs::read(&path).unwrap());
            let hex = digest.iter().fold(String::new(), |mut acc, b| {
                use std::fmt::Write as _;
                let _ = write!(acc, "{b:02x}");
                acc
            });
            out.insert(rel, hex);
        }
    }
}

pub const SQL_AGENT: &str = include_str!("../../../../tests/fixtures/state/sqlite-era.schema.sql");
pub const SQL_STATE: &str = include_str!("../../../../tests/fixtures/state/state-db.schema.sql");

pub const S_DEMO: &str = "0199a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b";
pub const S_CHILD: &str = "0199a1b2-c3d4-7e5f-8a6b-000000000002";
pub const S_MAIN: &str = "0199a1b2-c3d4-7e5f-8a6b-000000000004";
pub const CHILD_KEY: &str = "agent:main:subagent:6a1f0e7c-2b3d-4e5f-9a8b-7c6d5e4f3a2b";
pub const T0: i64 = 1_790_000_000_000; // 2026-09-21T…

/// The transcript lines of the `S_DEMO` session (version 4 header, UUID ids, as 2026.9.6 writes them).
pub fn demo_lines() -> Vec<String> {
    vec![
        format!(
            r#"{{"type":"session","version":4,"id":"{S_DEMO}","timestamp":"2026-09-21T13:46:40.000Z","cwd":"/home/li/.openclaw/workspace"}}"#
        ),
        r#"{"type":"message","id":"0199a1b2-0000-7000-8000-000000000001","parentId":null,"timestamp":"2026-09-21T13:46:40.010Z","message":{"role":"user","content":"run the failing script","timestamp":1790000000010}}"#.to_owned(),
        r#"{"type":"message","id":"0199a1b2-0000-7000-8000-000000000002","parentId":"0199a1b2-0000-7000-8000-000000000001","timestamp":"2026-09-21T13:46:41.000Z","message":{"role":"assistant","content":[{"type":"toolCall","id":"call_1","name":"exec","arguments":{"command":"sh fail.sh"}}],"provider":"openai","model":"fake-model","usage":{"input":10,"output":5,"totalTokens":15},"stopReason":"toolUse","timestamp":1790000001000}}"#.to_owned(),
        r#"{"type":"message","id":"0199a1b2-0000-7000-8000-000000000003","parentId":"0199a1b2-0000-7000-8000-000000000002","timestamp":"2026-09-21T13:46:41.200Z","message":{"role":"toolResult","toolCallId":"call_1","toolName":"exec","content":[{"type":"text","text":"exit 2"}],"details":{"status":"completed","exitCode":2},"isError":false,"timestamp":1790000001200}}"#.to_owned(),
        r#"{"type":"message","id":"0199a1b2-0000-7000-8000-000000000004","parentId":"0199a1b2-0000-7000-8000-000000000003","timestamp":"2026-09-21T13:46:42.000Z","message":{"role":"assistant","content":[{"type":"text","text":"The script failed with exit code 2."}],"provider":"openai","model":"fake-model","usage":{"input":20,"output":9,"totalTokens":29},"stopReason":"stop","timestamp":1790000002000}}"#.to_owned(),
    ]
}

/// Builds `<root>/agents/main/agent/openclaw-agent.sqlite` (WAL mode) and `<root>/state/openclaw.sqlite` from the
/// documented schema. Rows 1 and 3 of the demo transcript are stored zstd-compressed; seq 10 is a row with no
/// event. Returns nothing; all connections are closed, so no `-wal`/`-shm` files remain.
pub fn build_sqlite_state(root: &Utf8Path) {
    let agent_dir = root.join("agents/main/agent");
    std::fs::create_dir_all(&agent_dir).unwrap();
    let db = agent_dir.join("openclaw-agent.sqlite");
    let conn = Connection::open(&db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch(SQL_AGENT).unwrap();
    conn.execute("INSERT INTO schema_meta VALUES ('schema_version', '23')", [])
        .unwrap();
    let node = |key: &str, sid: Option<&str>, entry: &str, spawned_by: Option<&str>, updated: i64| {
        conn.execute(
            "INSERT INTO session_nodes (session_key, current_session_id, entry_json, entry_valid, updated_at, status, created_at, spawned_by) VALUES (?1, ?2, ?3, 1, ?4, 'active', ?4, ?5)",
            params![key, sid, entry, updated, spawned_by],
        )
        .unwrap();
    };
    node(
        "agent:main:explicit:demo",
        Some(S_DEMO),
        &format!(
            r#"{{"sessionId":"{S_DEMO}","updatedAt":{},"model":"fake-model","modelProvider":"openai","chatType":"direct"}}"#,
            T0 + 2000
        ),
        None,
        T0 + 2000,
    );
    node(
        CHILD_KEY,
        Some(S_CHILD),
        r#"{"spawnDepth":1,"label":"helper-task"}"#,
        Some("agent:main:explicit:demo"),
        (T0 + 5000) / 1000,
    );
    node("agent:main:broken", Some("x"), "{not json", None, T0);
    node(
        "agent:main:main",
        Some(S_MAIN),
        r#"{"sessionId":"stale-id","updatedAt":1790000009000}"#,
        None,
        T0 + 9000,
    );
    conn.execute(
        "INSERT INTO session_windows VALUES (?1, 'agent:main:explicit:demo', NULL, 'initial', ?2, NULL, 'open', 'direct', NULL, NULL)",
        params![S_DEMO, T0],
    )
    .unwrap();
    for (i, line) in demo_lines().iter().enumerate() {
        let seq = i64::try_from(i).unwrap() + 1;
        if seq % 2 == 0 {
            conn.execute(
                "INSERT INTO transcript_events (session_id, seq, event_json, created_at, event_utf8_bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![S_DEMO, seq, line, T0 + seq, i64::try_from(line.len()).unwrap()],
            )
            .unwrap();
        } else {
            let z = zstd::encode_all(line.as_bytes(), 3).unwrap();
            conn.execute(
                "INSERT INTO transcript_events (session_id, seq, event_zstd, created_at, event_utf8_bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![S_DEMO, seq, z, T0 + seq, i64::try_from(line.len()).unwrap()],
            )
            .unwrap();
        }
    }
    conn.execute(
        "INSERT INTO transcript_events (session_id, seq, created_at) VALUES (?1, 10, ?2)",
        params![S_DEMO, T0 + 10],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO transcript_events (session_id, seq, event_json, created_at) VALUES (?1, 1, ?2, ?3)",
        params![S_CHILD, r#"{"type":"session","version":4,"id":"child"}"#, T0],
    )
    .unwrap();
    drop(conn);

    let state_dir = root.join("state");
    std::fs::create_dir_all(&state_dir).unwrap();
    let conn = Connection::open(state_dir.join("openclaw.sqlite")).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch(SQL_STATE).unwrap();
    conn.execute(
        "INSERT INTO subagent_runs VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            "run-sqlite-1",
            CHILD_KEY,
            "agent:main:explicit:demo",
            "agent:main:explicit:demo",
            T0 + 3000,
            r#"{"task":"Summarise the log","label":"helper-task","cleanup":"keep","outcome":{"status":"ok"},"endedAt":1790000005000}"#
        ],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO subagent_runs (run_id, child_session_key) VALUES ('', 'agent:main:subagent:x')",
        [],
    )
    .unwrap();
}
