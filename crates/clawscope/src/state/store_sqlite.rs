//! Reading the SQLite-era per-agent store `agents/<id>/agent/openclaw-agent.sqlite` (`openclaw-formats.md` §7,
//! which wins over §2.7).
//!
//! Schema used (observed in 2026.9.6, `schema_meta.schema_version` 23):
//! - `session_nodes(session_key PK, current_session_id, entry_json, entry_valid, updated_at, status, created_at,
//!   parent_session_key, spawned_by, fork_source_session_key, …)` — `entry_json` is the `SessionEntry` object;
//! - `transcript_events(session_id, seq, event_json, created_at, event_zstd, event_utf8_bytes, navigation_json)` —
//!   one transcript line per row, `event_json` or zstd-compressed `event_zstd`.
//!
//! Only `session_key` and `entry_json` are required; every other column is used only when `PRAGMA table_info`
//! lists it.

use camino::Utf8Path;
use rusqlite::Connection;
use serde_json::Value;

use super::sqlite::{columns, ident, open_read_only, sql_err};
use clawscope_core::store::{
    SessionEntry, SessionStore, StoreDiagnostic, StoreRecord, parse_session_entry, parse_session_entry_text,
};
use clawscope_core::time::normalize_epoch;
use clawscope_core::{Error, Result};

/// Reads every session of a per-agent database. A database without a `session_nodes` table (or without its
/// `session_key`/`entry_json` columns) is `STORE_CORRUPT`; rows whose entry cannot be parsed are diagnostics.
///
/// The row's columns fill what `entry_json` lacks: `current_session_id` → `sessionId` (the column wins when both
/// are set, as it is the key → transcript mapping), `updated_at` → `updatedAt`, `spawned_by` → `spawnedBy`,
/// `parent_session_key` → `parentSessionKey`.
pub fn read_sqlite_store(path: &Utf8Path) -> Result<SessionStore> {
    let conn = open_read_only(path)?;
    read_nodes(&conn, path)
}

/// The most rows [`read_rows`] reserves room for up front.
const MAX_RESERVED_ROWS: usize = 1 << 16;

const OPTIONAL: &[(&str, &str)] = &[
    ("current_session_id", "sessionId"),
    ("updated_at", "updatedAt"),
    ("spawned_by", "spawnedBy"),
    ("parent_session_key", "parentSessionKey"),
];

pub(crate) fn read_nodes(conn: &Connection, path: &Utf8Path) -> Result<SessionStore> {
    let mut records = Vec::new();
    let diagnostics = read_rows(conn, path, true, &mut records, |key, entry| StoreRecord {
        key,
        entry,
    })?;
    Ok(SessionStore { records, diagnostics })
}

/// [`read_sqlite_store`], appending each good entry to `out` as `make(key, entry)`; returns the diagnostics. On an
/// error part-way through, the entries appended so far stay in `out` (the caller drops them).
pub(crate) fn read_sqlite_store_into<T>(
    path: &Utf8Path,
    out: &mut Vec<T>,
    make: impl FnMut(String, SessionEntry) -> T,
) -> Result<Vec<StoreDiagnostic>> {
    let conn = open_read_only(path)?;
    read_rows(&conn, path, true, out, make)
}

/// The rows of `session_nodes`, good entries appended to `out` as `make(key, entry)`, diagnostics returned; `fast`
/// enables [`complete_typed`] (without it every row takes the reference path, which the tests compare against).
fn read_rows<T>(
    conn: &Connection,
    path: &Utf8Path,
    fast: bool,
    out: &mut Vec<T>,
    mut make: impl FnMut(String, SessionEntry) -> T,
) -> Result<Vec<StoreDiagnostic>> {
    let cols = columns(conn, path, "session_nodes")?;
    for required in ["session_key", "entry_json"] {
        if !cols.iter().any(|c| c == required) {
            return Err(Error::StoreCorrupt {
                path: path.to_string(),
                reason: format!("table session_nodes has no column {required}"),
            });
        }
    }
    let present: Vec<(&str, &str)> = OPTIONAL
        .iter()
        .copied()
        .filter(|(c, _)| cols.iter().any(|x| x == c))
        .collect();
    let mut select = String::from("SELECT session_key, entry_json");
    for (c, _) in &present {
        select.push_str(", ");
        select.push_str(&ident(c));
    }
    select.push_str(" FROM session_nodes ORDER BY rowid");
    let mut stmt = conn.prepare(&select).map_err(sql_err(path))?;
    let mut rows = stmt.query([]).map_err(sql_err(path))?;
    let mut diagnostics = Vec::new();
    // Entries are large: room for them is made once rather than by growing (the row count is only a hint,
    // capped, so a huge table of skipped rows cannot force a huge allocation).
    let count = conn
        .query_row("SELECT count(*) FROM session_nodes", [], |r| r.get::<_, i64>(0))
        .unwrap_or(0);
    out.reserve(usize::try_from(count).unwrap_or(0).min(MAX_RESERVED_ROWS));
    while let Some(row) = rows.next().map_err(sql_err(path))? {
        let key: String = match row.get_ref(0).map_err(sql_err(path))?.as_str_or_null() {
            Ok(Some(k)) => k.to_owned(),
            _ => continue,
        };
        let raw: Option<&str> = row
            .get_ref(1)
            .map_err(sql_err(path))?
            .as_str_or_null()
            .ok()
            .flatten();
        if fast
            && let Some(mut entry) = raw.and_then(parse_session_entry_text)
            && complete_typed(&mut entry, row, &present, path)?
        {
            out.push(make(key, entry));
            continue;
        }
        match complete_value(raw, row, &present, path)? {
            Ok(entry) => out.push(make(key, entry)),
            Err(reason) => diagnostics.push(StoreDiagnostic { key, reason }),
        }
    }
    Ok(diagnostics)
}

/// The entry of a row through a `Value`: `entry_json` parsed, the columns inserted where the rules say, then
/// [`parse_session_entry`]. This is the reference behaviour; `Err` is the diagnostic.
fn complete_value(
    raw: Option<&str>,
    row: &rusqlite::Row<'_>,
    present: &[(&str, &str)],
    path: &Utf8Path,
) -> Result<std::result::Result<SessionEntry, String>> {
    let mut object = match raw.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(map))) => map,
        Some(Ok(_)) => return Ok(Err("entry_json is not a JSON object".to_owned())),
        Some(Err(e)) => return Ok(Err(format!("entry_json is not JSON: {e}"))),
        None => serde_json::Map::new(),
    };
    for (i, (column, field)) in present.iter().enumerate() {
        let value = row.get_ref(i + 2).map_err(sql_err(path))?;
        let value = match value {
            rusqlite::types::ValueRef::Text(t) => {
                let t = String::from_utf8_lossy(t).into_owned();
                if t.trim().is_empty() {
                    continue;
                }
                Value::String(t)
            }
            rusqlite::types::ValueRef::Integer(n) => Value::from(if *column == "updated_at" {
                normalize_epoch(n)
            } else {
                n
            }),
            rusqlite::types::ValueRef::Real(f) => Value::from(f),
            _ => continue,
        };
        let column_wins = *column == "current_session_id";
        if column_wins || object.get(*field).is_none_or(Value::is_null) {
            object.insert((*field).to_owned(), value);
        }
    }
    Ok(parse_session_entry(&Value::Object(object)))
}

/// The fast path: the columns applied to an entry already parsed from `entry_json` with
/// [`parse_session_entry_text`]. `false` when a column could make the result differ from [`complete_value`] (a
/// number where a string is expected); the caller then takes that path. (The entry is large: it is completed in
/// place rather than moved through.)
///
/// Why this is the same: the text parsed, so `sessionId` and `updatedAt` were present and valid, and an optional
/// text field that is `None` was absent or `null` in the JSON — exactly when [`complete_value`] inserts the column.
/// `current_session_id` always wins; `updated_at` never applies (the JSON value is present and not `null`).
fn complete_typed(
    entry: &mut SessionEntry,
    row: &rusqlite::Row<'_>,
    present: &[(&str, &str)],
    path: &Utf8Path,
) -> Result<bool> {
    for (i, (column, _)) in present.iter().enumerate() {
        let slot = match *column {
            "current_session_id" => None,
            "spawned_by" if entry.spawned_by.is_none() => Some(&mut entry.spawned_by),
            "parent_session_key" if entry.parent_session_key.is_none() => Some(&mut entry.parent_session_key),
            _ => continue,
        };
        let text = match row.get_ref(i + 2).map_err(sql_err(path))? {
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
            rusqlite::types::ValueRef::Integer(_) | rusqlite::types::ValueRef::Real(_) => {
                return Ok(false);
            }
            _ => continue,
        };
        if text.trim().is_empty() {
            continue;
        }
        match slot {
            Some(field) => *field = Some(text),
            None => entry.session_id = text,
        }
    }
    Ok(true)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn conn(sql: &str) -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(sql).unwrap();
        c
    }

    #[test]
    fn minimal_columns_are_enough() {
        let c = conn(
            "CREATE TABLE session_nodes (session_key TEXT, entry_json TEXT);
             INSERT INTO session_nodes VALUES ('agent:a:main', '{\"sessionId\":\"s\",\"updatedAt\":1790000000}');
             INSERT INTO session_nodes VALUES (NULL, '{}');
             INSERT INTO session_nodes VALUES ('agent:a:empty', NULL);
             INSERT INTO session_nodes VALUES ('agent:a:array', '[1]');",
        );
        let store = read_nodes(&c, Utf8Path::new("mem")).unwrap();
        assert_eq!(store.len(), 1);
        assert_eq!(store.records[0].entry.updated_at, 1_790_000_000_000);
        let keys: Vec<_> = store.diagnostics.iter().map(|d| d.key.as_str()).collect();
        // A row without a key is skipped; an empty entry lacks the required fields; an array is not an entry.
        assert_eq!(keys, ["agent:a:empty", "agent:a:array"]);
    }

    #[test]
    fn columns_fill_gaps_but_entry_values_win_except_the_session_id() {
        let c = conn(
            "CREATE TABLE session_nodes (session_key TEXT, current_session_id TEXT, entry_json TEXT, updated_at INTEGER,
                                         spawned_by TEXT, parent_session_key TEXT);
             INSERT INTO session_nodes VALUES ('k', 'col-id', '{\"sessionId\":\"json-id\",\"updatedAt\":5000,\"spawnedBy\":\"agent:a:json\"}',
                                               9000, 'agent:a:col', '  ');",
        );
        let store = read_nodes(&c, Utf8Path::new("mem")).unwrap();
        let e = &store.records[0].entry;
        assert_eq!(e.session_id, "col-id");
        assert_eq!(e.updated_at, 5_000_000);
        assert_eq!(e.spawned_by.as_deref(), Some("agent:a:json"));
        assert_eq!(e.parent_session_key, None, "blank column values are ignored");
    }

    /// Every combination of entry shapes and column values: the fast path gives exactly the reference result
    /// (entry or diagnostic) of the `Value` path.
    #[test]
    fn fast_rows_match_the_value_path() {
        use std::fmt::Write as _;
        let entries = [
            r#"'{"sessionId":"json-id","updatedAt":5000,"spawnedBy":"agent:a:json","x":[1]}'"#,
            r#"'{"sessionId":"json-id","updatedAt":1790000000,"spawnedBy":null,"parentSessionKey":null}'"#,
            r#"'{"updatedAt":5000}'"#,
            r#"'{"sessionId":"j"}'"#,
            r#"'{"sessionId":5,"updatedAt":1}'"#,
            r#"'{"sessionId":"j","updatedAt":null}'"#,
            r#"'{"sessionId":"j","updatedAt":1,"spawnedBy":7}'"#,
            r#"'{"sessionId":"j","updatedAt":1,"x":1e400}'"#,
            r#"'{"sessionId":"j","updatedAt":1,"model":"m","model":"n"}'"#,
            "'[1]'",
            "'not json'",
            "NULL",
            "'{}'",
        ];
        let columns = ["NULL", "'col-text'", "'  '", "42", "4.5", "X'6869'"];
        let mut sql = String::from(
            "CREATE TABLE session_nodes (session_key TEXT, current_session_id, entry_json TEXT, updated_at,
                                         spawned_by, parent_session_key);",
        );
        let mut n = 0;
        for entry in entries {
            for id in columns {
                for updated in columns.iter().chain(&["1790000000123"]) {
                    for spawned in columns {
                        for parent in columns {
                            n += 1;
                            writeln!(
                                sql,
                                "INSERT INTO session_nodes VALUES ('k{n}', {id}, {entry}, {updated}, {spawned}, {parent});"
                            )
                            .unwrap();
                        }
                    }
                }
            }
        }
        let c = conn(&sql);
        let read = |fast| {
            let mut records = Vec::new();
            let diagnostics = read_rows(&c, Utf8Path::new("mem"), fast, &mut records, |key, entry| {
                StoreRecord { key, entry }
            })
            .unwrap();
            (records, diagnostics)
        };
        let (fast, reference) = (read(true), read(false));
        assert_eq!(fast.0.len() + fast.1.len(), n);
        assert!(fast.0.len() > 1000 && fast.1.len() > 1000);
        assert_eq!(fast, reference);
    }

    #[test]
    fn a_missing_table_is_store_corrupt() {
        let c = conn("CREATE TABLE other (x);");
        let err = read_nodes(&c, Utf8Path::new("mem.sqlite")).unwrap_err();
        assert_eq!(err.code().as_str(), "STORE_CORRUPT");
        assert!(err.to_string().contains("session_key"), "{err}");
    }
}
