//! A session's transcript: a JSONL file inside the agent's `sessions/` dir, or the `transcript_events` rows of the
//! agent's SQLite database (`openclaw-formats.md` §3, §7). Both are read as lines of the same JSON shape.

use std::io::Read;
use std::ops::ControlFlow;

use camino::{Utf8Path, Utf8PathBuf};
use rusqlite::types::ValueRef;
use serde::Serialize;

use super::lines::{DEFAULT_MAX_LINE_BYTES, MAX_KEPT_DIAGNOSTICS};
use super::session_file::resolve_session_file;
use super::sqlite::{columns, ident, open_read_only, sql_err};
use super::stores::{LEGACY_AGENT_ID, legacy_store_path};
use super::tail::{TailLine, tail_reader};
use super::{
    Line, LineDiagnostic, LineIssue, LineReader, StateDir, StoreBackend, StoredSession, Tail, agents,
};
use clawscope_core::{Error, Result};

/// Where a transcript lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Transcript {
    /// A JSONL file inside the agent's `sessions/` dir (it may not exist).
    File {
        /// The file.
        path: Utf8PathBuf,
    },
    /// Rows of `transcript_events` in the agent's SQLite database.
    Sqlite {
        /// The database file.
        database: Utf8PathBuf,
        /// The `session_id` of the rows.
        #[serde(rename = "sessionId")]
        session_id: String,
    },
}

/// Summary of a whole-transcript read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadReport {
    /// Lines yielded to the visitor.
    pub lines: u64,
    /// Bytes read (file bytes, or event bytes after decompression).
    pub bytes: u64,
    /// Lines skipped (too long, unusable rows).
    pub skipped: u64,
    /// The first diagnostics (at most 100 kept).
    pub diagnostics: Vec<LineDiagnostic>,
    /// Total number of diagnostics (may exceed `diagnostics.len()`).
    pub diagnostic_count: u64,
    /// Whether the visitor stopped the read early.
    pub stopped: bool,
}

impl ReadReport {
    fn report(&mut self, offset: u64, number: u64, issue: LineIssue) {
        self.diagnostic_count += 1;
        if self.diagnostics.len() < MAX_KEPT_DIAGNOSTICS {
            self.diagnostics.push(LineDiagnostic {
                offset,
                number,
                issue,
            });
        }
    }
}

impl Transcript {
    /// The file or database path.
    pub fn path(&self) -> &Utf8Path {
        match self {
            Transcript::File { path } => path,
            Transcript::Sqlite { database, .. } => database,
        }
    }

    /// Calls `visit` for every line, oldest first, until it returns [`ControlFlow::Break`]. Lines over 64 MiB are
    /// skipped and reported. A missing file is `NOT_FOUND`.
    pub fn for_each_line(&self, visit: impl FnMut(Line<'_>) -> ControlFlow<()>) -> Result<ReadReport> {
        self.for_each_line_capped(DEFAULT_MAX_LINE_BYTES, visit)
    }

    /// [`for_each_line`](Self::for_each_line) with an explicit line cap in bytes.
    pub fn for_each_line_capped(
        &self,
        max_line: usize,
        mut visit: impl FnMut(Line<'_>) -> ControlFlow<()>,
    ) -> Result<ReadReport> {
        match self {
            Transcript::File { path } => {
                let file = std::fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
                let mut reader = LineReader::new(file)
                    .with_max_line(max_line)
                    .with_path(path.as_str());
                let mut report = ReadReport::default();
                while let Some(line) = reader.next_line()? {
                    report.lines += 1;
                    if visit(line).is_break() {
                        report.stopped = true;
                        break;
                    }
                }
                report.bytes = reader.bytes_read();
                report.skipped = reader.skipped();
                report.diagnostics = reader.diagnostics().to_vec();
                report.diagnostic_count = reader.diagnostic_count();
                Ok(report)
            }
            Transcript::Sqlite { database, session_id } => {
                let mut report = ReadReport::default();
                let mut number = 0u64;
                sqlite_rows(database, session_id, false, max_line, |seq, event| {
                    number += 1;
                    match event {
                        Ok(bytes) => {
                            report.lines += 1;
                            report.bytes += bytes.len() as u64;
                            let line = Line {
                                offset: seq,
                                number,
                                bytes,
                                complete: true,
                            };
                            if visit(line).is_break() {
                                report.stopped = true;
                                return ControlFlow::Break(());
                            }
                        }
                        Err(issue) => {
                            report.skipped += 1;
                            report.report(seq, number, issue);
                        }
                    }
                    ControlFlow::Continue(())
                })?;
                Ok(report)
            }
        }
    }

    /// The newest lines that together yield at least `want` events (see [`tail_lines`](super::tail_lines));
    /// for SQLite rows the `offset` of each line is its `seq`.
    pub fn tail(&self, want: usize, mut count_events: impl FnMut(&[u8]) -> usize) -> Result<Tail> {
        match self {
            Transcript::File { path } => {
                let file = std::fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
                tail_reader(file, path, want, DEFAULT_MAX_LINE_BYTES, count_events)
            }
            Transcript::Sqlite { database, session_id } => {
                let mut tail = Tail::default();
                if want == 0 {
                    return Ok(tail);
                }
                let mut collected = Vec::new();
                let exhausted = sqlite_rows(
                    database,
                    session_id,
                    true,
                    DEFAULT_MAX_LINE_BYTES,
                    |seq, event| {
                        match event {
                            Ok(bytes) => {
                                tail.bytes_read += bytes.len() as u64;
                                let n = count_events(bytes);
                                if n > 0 {
                                    tail.events += n;
                                    collected.push(TailLine {
                                        offset: seq,
                                        bytes: bytes.to_vec(),
                                        events: n,
                                    });
                                }
                            }
                            Err(LineIssue::TooLong { .. }) => tail.skipped_long_lines += 1,
                            Err(_) => {}
                        }
                        if tail.events >= want {
                            ControlFlow::Break(())
                        } else {
                            ControlFlow::Continue(())
                        }
                    },
                )?;
                tail.reached_start = exhausted;
                collected.reverse();
                tail.lines = collected;
                Ok(tail)
            }
        }
    }
}

/// Iterates `transcript_events` rows of one session in `seq` order (descending when `newest_first`), giving each
/// row's event bytes (from `event_json`, else decompressed `event_zstd`) or why the row is unusable. Returns
/// whether all rows were visited.
fn sqlite_rows(
    database: &Utf8Path,
    session_id: &str,
    newest_first: bool,
    max_line: usize,
    mut visit: impl FnMut(u64, std::result::Result<&[u8], LineIssue>) -> ControlFlow<()>,
) -> Result<bool> {
    let conn = open_read_only(database)?;
    let cols = columns(&conn, database, "transcript_events")?;
    let has = |c: &str| cols.iter().any(|x| x == c);
    if !has("session_id") || !has("seq") || !(has("event_json") || has("event_zstd")) {
        return Err(Error::StoreCorrupt {
            path: database.to_string(),
            reason: "table transcript_events lacks session_id, seq or an event column".to_owned(),
        });
    }
    let json_col = if has("event_json") {
        ident("event_json")
    } else {
        "NULL".to_owned()
    };
    let zstd_col = if has("event_zstd") {
        ident("event_zstd")
    } else {
        "NULL".to_owned()
    };
    let order = if newest_first { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT seq, {json_col}, {zstd_col} FROM transcript_events WHERE session_id = ?1 ORDER BY seq {order}"
    );
    let mut stmt = conn.prepare(&sql).map_err(sql_err(database))?;
    let mut rows = stmt.query([session_id]).map_err(sql_err(database))?;
    let mut scratch = Vec::new();
    while let Some(row) = rows.next().map_err(sql_err(database))? {
        let seq = match row.get_ref(0).map_err(sql_err(database))? {
            ValueRef::Integer(n) => u64::try_from(n).unwrap_or(0),
            _ => 0,
        };
        let json = row.get_ref(1).map_err(sql_err(database))?;
        let zstd = row.get_ref(2).map_err(sql_err(database))?;
        let event: std::result::Result<&[u8], LineIssue> = match (json, zstd) {
            (ValueRef::Text(t) | ValueRef::Blob(t), _) if !t.is_empty() => {
                if t.len() > max_line {
                    Err(LineIssue::TooLong { len: t.len() as u64 })
                } else {
                    Ok(t)
                }
            }
            (_, ValueRef::Blob(z)) => decompress(z, max_line, &mut scratch).map(|()| scratch.as_slice()),
            _ => Err(LineIssue::BadRow {
                reason: "neither event_json nor event_zstd is set".to_owned(),
            }),
        };
        if visit(seq, event).is_break() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Decompresses one zstd frame into `out`, refusing more than `max_line` bytes.
fn decompress(data: &[u8], max_line: usize, out: &mut Vec<u8>) -> std::result::Result<(), LineIssue> {
    out.clear();
    let decoder = zstd::stream::read::Decoder::new(data).map_err(|e| LineIssue::BadRow {
        reason: format!("zstd: {e}"),
    })?;
    let limit = u64::try_from(max_line).unwrap_or(u64::MAX).saturating_add(1);
    decoder
        .take(limit)
        .read_to_end(out)
        .map_err(|e| LineIssue::BadRow {
            reason: format!("zstd: {e}"),
        })?;
    if out.len() > max_line {
        out.clear();
        return Err(LineIssue::TooLong { len: limit });
    }
    Ok(())
}

pub(crate) fn resolve(state: &StateDir, session: &StoredSession) -> Result<Transcript> {
    match session.backend {
        StoreBackend::Sqlite => Ok(Transcript::Sqlite {
            database: session.store_path.clone(),
            session_id: session.entry.session_id.clone(),
        }),
        StoreBackend::Json => {
            // The transcripts live next to the store: `agents/<id>/sessions/`, or `<stateDir>/sessions/` for the
            // legacy single-agent store. Any other store path is not trusted as a directory.
            let agent_sessions = agents::agent_dir(state, &session.agent_id)?.join("sessions");
            let legacy = legacy_store_path(state);
            let sessions_dir = match (session.store_path == legacy, legacy.parent()) {
                (true, Some(dir)) if session.agent_id == LEGACY_AGENT_ID => dir.to_owned(),
                _ => agent_sessions,
            };
            let (path, _) = resolve_session_file(
                &sessions_dir,
                &session.agent_id,
                session.entry.session_file.as_deref(),
                &session.entry.session_id,
            )?;
            if !path.exists() && session.entry.session_file.is_some() {
                // A stale or wrong sessionFile: fall back to `<sessionId>.jsonl` when that exists.
                if let Ok((fallback, _)) =
                    resolve_session_file(&sessions_dir, &session.agent_id, None, &session.entry.session_id)
                    && fallback.is_file()
                {
                    return Ok(Transcript::File { path: fallback });
                }
            }
            Ok(Transcript::File { path })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn zstd_roundtrip_and_limit() {
        let data = zstd::encode_all(&b"{\"type\":\"message\"}"[..], 3).unwrap();
        let mut out = Vec::new();
        decompress(&data, 100, &mut out).unwrap();
        assert_eq!(out, b"{\"type\":\"message\"}");
        assert!(matches!(
            decompress(&data, 5, &mut out),
            Err(LineIssue::TooLong { .. })
        ));
        assert!(matches!(
            decompress(b"not zstd", 100, &mut out),
            Err(LineIssue::BadRow { .. })
        ));
    }
}
