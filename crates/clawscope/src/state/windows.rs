//! Transcript windows of a session in the SQLite era: the `session_windows` table of the agent database says which
//! transcript (session id) belonged to a session key when, and why a new one started (`initial`, `reset`,
//! `rollover`, `fork`, `rewind`, `switch`, `recovery`, `compaction`; `openclaw-formats.md` §2.7 and §7).
//!
//! The earlier windows' transcripts stay in `transcript_events`, so each window carries a [`Transcript`] that reads
//! them. File-era stores have no windows: their earlier transcripts are the `.reset.<ts>` archives
//! ([`StateDir::archives`]).

use camino::Utf8Path;
use rusqlite::types::ValueRef;
use serde::Serialize;

use super::sqlite::{columns, ident, open_read_only, sql_err};
use super::{StateDir, StoreBackend, Transcript};
use clawscope_core::time::{iso_millis, normalize_epoch, parse_iso_millis};
use clawscope_core::{Error, Result};

/// One row of `session_windows`: a transcript that belonged to a session key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionWindow {
    /// The transcript's session id.
    pub session_id: String,
    /// The session key it belonged to.
    pub session_key: String,
    /// The session id of the window before it, when it continued one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_session_id: Option<String>,
    /// Why the window started, as written (`initial`, `reset`, `rollover`, `fork`, `rewind`, `switch`, `recovery`,
    /// `compaction`, or a newer reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When it started (epoch ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<i64>,
    /// When it ended (epoch ms); none for the open window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<i64>,
    /// Its status, as written (e.g. `open`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Chat type (`direct`, `group`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_type: Option<String>,
    /// Channel id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Channel account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Whether this is the transcript the session reads now (`session_nodes.current_session_id`).
    pub current: bool,
    /// Where its transcript lines are.
    pub transcript: Transcript,
}

impl SessionWindow {
    /// [`started_at`](Self::started_at) as an ISO timestamp.
    pub fn started_at_iso(&self) -> Option<String> {
        self.started_at.and_then(iso_millis)
    }
}

/// The text columns read when present, besides `session_id` and `session_key` (required).
const TEXT_COLUMNS: [&str; 6] = [
    "previous_session_id",
    "reason",
    "status",
    "chat_type",
    "channel",
    "account_id",
];
/// The time columns read when present.
const TIME_COLUMNS: [&str; 2] = ["started_at", "ended_at"];

pub(crate) fn list(state: &StateDir, key: &str) -> Result<Vec<SessionWindow>> {
    let session = state.find_session(key)?;
    if session.backend != StoreBackend::Sqlite {
        return Ok(Vec::new());
    }
    let db = open_read_only(&session.store_path)?;
    read_windows(&db, &session.store_path, &session.key, &session.entry.session_id)
}

fn read_windows(
    conn: &rusqlite::Connection,
    path: &Utf8Path,
    key: &str,
    current_session_id: &str,
) -> Result<Vec<SessionWindow>> {
    let cols = columns(conn, path, "session_windows")?;
    if cols.is_empty() {
        return Ok(Vec::new());
    }
    for required in ["session_id", "session_key"] {
        if !cols.iter().any(|c| c == required) {
            return Err(Error::StoreCorrupt {
                path: path.to_string(),
                reason: format!("table session_windows has no column {required}"),
            });
        }
    }
    let has = |name: &str| cols.iter().any(|c| c == name);
    let select_list: Vec<String> = TEXT_COLUMNS
        .iter()
        .chain(TIME_COLUMNS.iter())
        .map(|c| if has(c) { ident(c) } else { "NULL".to_owned() })
        .collect();
    let sql = format!(
        "SELECT session_id, session_key, {} FROM session_windows WHERE session_key = ?1 ORDER BY rowid",
        select_list.join(", ")
    );
    let mut stmt = conn.prepare(&sql).map_err(sql_err(path))?;
    let mut rows = stmt.query([key]).map_err(sql_err(path))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(sql_err(path))? {
        let text = |i: usize| -> Option<String> {
            match row.get_ref(i).ok()? {
                ValueRef::Text(t) => std::str::from_utf8(t).ok().map(ToOwned::to_owned),
                ValueRef::Integer(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let time = |i: usize| -> Option<i64> {
            match row.get_ref(i).ok()? {
                ValueRef::Integer(n) if n > 0 => Some(normalize_epoch(n)),
                ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(parse_iso_millis),
                _ => None,
            }
        };
        let (Some(session_id), Some(session_key)) = (text(0), text(1)) else {
            continue;
        };
        out.push(SessionWindow {
            current: session_id == current_session_id,
            transcript: Transcript::Sqlite {
                database: path.to_owned(),
                session_id: session_id.clone(),
            },
            session_id,
            session_key,
            previous_session_id: text(2),
            reason: text(3),
            status: text(4),
            chat_type: text(5),
            channel: text(6),
            account_id: text(7),
            started_at: time(8),
            ended_at: time(9),
        });
    }
    out.sort_by_key(|w| (w.started_at.is_none(), w.started_at));
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn db(schema: &str) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(schema).unwrap();
        conn
    }

    #[test]
    fn windows_of_a_key_oldest_first_with_the_current_one_marked() {
        let conn = db(include_str!(
            "../../../../tests/fixtures/state/sqlite-era.schema.sql"
        ));
        conn.execute_batch(
            "INSERT INTO session_windows VALUES ('s2','agent:a:main','s1','reset',1790000100,NULL,'open','direct','feishu',NULL);
             INSERT INTO session_windows VALUES ('s1','agent:a:main',NULL,'initial',1790000000000,1790000100000,'closed','direct','feishu','acct');
             INSERT INTO session_windows VALUES ('x','agent:a:other',NULL,'initial',1,NULL,'open',NULL,NULL,NULL);",
        )
        .unwrap();
        let path = Utf8Path::new("/db.sqlite");
        let windows = read_windows(&conn, path, "agent:a:main", "s2").unwrap();
        let ids: Vec<_> = windows.iter().map(|w| w.session_id.as_str()).collect();
        assert_eq!(ids, ["s1", "s2"]);
        assert!(!windows[0].current && windows[1].current);
        assert_eq!(windows[1].previous_session_id.as_deref(), Some("s1"));
        assert_eq!(windows[1].reason.as_deref(), Some("reset"));
        // Seconds and milliseconds both become epoch ms.
        assert_eq!(windows[1].started_at, Some(1_790_000_100_000));
        assert_eq!(windows[0].ended_at, Some(1_790_000_100_000));
        assert_eq!(windows[0].account_id.as_deref(), Some("acct"));
        assert_eq!(
            windows[1].transcript,
            Transcript::Sqlite {
                database: path.to_owned(),
                session_id: "s2".into()
            }
        );
        assert_eq!(
            windows[0].started_at_iso().as_deref(),
            Some("2026-09-21T14:13:20.000Z")
        );
    }

    #[test]
    fn missing_table_optional_columns_and_bad_schema() {
        let path = Utf8Path::new("/db.sqlite");
        let none = db("CREATE TABLE other (a TEXT);");
        assert!(read_windows(&none, path, "k", "s").unwrap().is_empty());

        let minimal = db(
            "CREATE TABLE session_windows (session_id TEXT, session_key TEXT, started_at TEXT);
             INSERT INTO session_windows VALUES ('s1', 'k', '2026-09-21T14:13:20.000Z');
             INSERT INTO session_windows VALUES (NULL, 'k', NULL);",
        );
        let windows = read_windows(&minimal, path, "k", "other").unwrap();
        assert_eq!(windows.len(), 1, "a row without a session id is skipped");
        assert_eq!(windows[0].started_at, Some(1_790_000_000_000));
        assert_eq!(windows[0].reason, None);
        assert!(!windows[0].current);

        let broken = db("CREATE TABLE session_windows (session_key TEXT);");
        let err = read_windows(&broken, path, "k", "s").unwrap_err();
        assert_eq!(err.code().as_str(), "STORE_CORRUPT");
    }
}
