//! Archived transcripts in an agent's `sessions/` dir (`openclaw-formats.md` §2.4).

use camino::Utf8PathBuf;
use serde::Serialize;

use super::StateDir;
use clawscope_core::Result;

/// Why a transcript was archived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArchiveKind {
    /// `<file>.reset.<ts>`: `/new` or `/reset` started a new session id.
    Reset,
    /// `<file>.deleted.<ts>`: the session was deleted.
    Deleted,
    /// `<file>.bak.<ts>`: a backup.
    Bak,
}

/// One archived transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptArchive {
    /// The archive file.
    pub path: Utf8PathBuf,
    /// The transcript file name it was archived from (e.g. `<sessionId>.jsonl`).
    pub original_name: String,
    /// The session id, when the original name is `<sessionId>.jsonl` or `<sessionId>-topic-<id>.jsonl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The archive kind.
    pub kind: ArchiveKind,
    /// The archive time (epoch ms) parsed from the file name, when it parses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<i64>,
    /// The archive time as written in the file name.
    pub timestamp_text: String,
    /// The file size in bytes.
    pub size: u64,
}

pub(crate) fn list(_state: &StateDir, _agent_id: &str) -> Result<Vec<TranscriptArchive>> {
    Ok(Vec::new())
}
