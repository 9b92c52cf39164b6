//! A session's transcript: a file or rows of the SQLite database.

use std::ops::ControlFlow;

use camino::{Utf8Path, Utf8PathBuf};
use serde::Serialize;

use super::{Line, LineDiagnostic, StateDir, StoredSession, Tail};
use clawscope_core::Result;

/// Where a transcript lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        session_id: String,
    },
}

/// Summary of a whole-transcript read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadReport {
    /// Lines yielded.
    pub lines: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Lines skipped (too long, bad rows).
    pub skipped: u64,
    /// The first diagnostics (at most 100 kept).
    pub diagnostics: Vec<LineDiagnostic>,
    /// Total number of diagnostics (may exceed `diagnostics.len()`).
    pub diagnostic_count: u64,
    /// Whether the visitor stopped the read early.
    pub stopped: bool,
}

impl Transcript {
    /// The file or database path.
    pub fn path(&self) -> &Utf8Path {
        match self {
            Transcript::File { path } => path,
            Transcript::Sqlite { database, .. } => database,
        }
    }

    /// Calls `visit` for every line, oldest first.
    pub fn for_each_line(&self, _visit: impl FnMut(Line<'_>) -> ControlFlow<()>) -> Result<ReadReport> {
        Ok(ReadReport::default())
    }

    /// The newest lines that yield `want` events.
    pub fn tail(&self, _want: usize, _count_events: impl FnMut(&[u8]) -> usize) -> Result<Tail> {
        Ok(Tail::default())
    }
}

pub(crate) fn resolve(state: &StateDir, session: &StoredSession) -> Result<Transcript> {
    let _ = state;
    Ok(Transcript::File {
        path: session
            .store_path
            .with_file_name(format!("{}.jsonl", session.entry.session_id)),
    })
}
