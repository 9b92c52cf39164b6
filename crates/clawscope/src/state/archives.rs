//! Archived transcripts in an agent's `sessions/` dir (`openclaw-formats.md` §2.4).

use camino::Utf8PathBuf;
use serde::Serialize;

use super::{StateDir, agents, session_file::is_safe_session_id};
use clawscope_core::time::parse_iso_millis;
use clawscope_core::{Error, Result};

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

/// Parses an archive file name `<original>.jsonl.<reset|deleted|bak>.<ts>`; `None` for any other name.
///
/// ```
/// use clawscope::state::archives::{parse_archive_name, ArchiveKind};
/// let (orig, kind, ts, at) = parse_archive_name("3f0b.jsonl.reset.2026-04-02T09-15-07.311Z").unwrap();
/// assert_eq!((orig, kind, ts), ("3f0b.jsonl", ArchiveKind::Reset, "2026-04-02T09-15-07.311Z"));
/// assert_eq!(at, Some(1_775_121_307_311));
/// assert!(parse_archive_name("3f0b.jsonl").is_none());
/// ```
pub fn parse_archive_name(name: &str) -> Option<(&str, ArchiveKind, &str, Option<i64>)> {
    for (marker, kind) in [
        (".jsonl.reset.", ArchiveKind::Reset),
        (".jsonl.deleted.", ArchiveKind::Deleted),
        (".jsonl.bak.", ArchiveKind::Bak),
    ] {
        if let Some(i) = name.rfind(marker) {
            let original = name.get(..i + ".jsonl".len())?;
            let ts = name.get(i + marker.len()..)?;
            if original.len() <= ".jsonl".len() || ts.is_empty() {
                return None;
            }
            return Some((original, kind, ts, parse_archive_timestamp(ts)));
        }
    }
    None
}

/// `2026-04-02T09-15-07.311Z` (ISO time with `:` replaced by `-`) → epoch ms.
fn parse_archive_timestamp(ts: &str) -> Option<i64> {
    let (date, time) = ts.split_once('T')?;
    parse_iso_millis(&format!("{date}T{}", time.replace('-', ":")))
}

/// The session id of a transcript file name: `<id>.jsonl` or `<id>-topic-<topic>.jsonl`.
fn session_id_of(original: &str) -> Option<String> {
    let stem = original.strip_suffix(".jsonl")?;
    let id = stem.split_once("-topic-").map_or(stem, |(id, _)| id);
    if id.contains(".trajectory") || id.contains(".checkpoint.") || !is_safe_session_id(id) {
        return None;
    }
    Some(id.to_owned())
}

pub(crate) fn list(state: &StateDir, agent_id: &str) -> Result<Vec<TranscriptArchive>> {
    let dir = agents::agent_dir(state, agent_id)?.join("sessions");
    let read = match std::fs::read_dir(&dir) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("list", &dir, e)),
    };
    let mut out = Vec::new();
    for item in read {
        let item = item.map_err(|e| Error::io("list", &dir, e))?;
        let Ok(name) = item.file_name().into_string() else {
            continue;
        };
        let Some((original, kind, ts, archived_at)) = parse_archive_name(&name) else {
            continue;
        };
        // Only regular files: a symlink could point outside the sessions dir.
        let Ok(meta) = std::fs::symlink_metadata(item.path()) else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        out.push(TranscriptArchive {
            path: dir.join(&name),
            original_name: original.to_owned(),
            session_id: session_id_of(original),
            kind,
            archived_at,
            timestamp_text: ts.to_owned(),
            size: meta.len(),
        });
    }
    out.sort_by(|a, b| {
        (a.archived_at.is_none(), a.archived_at, &a.path).cmp(&(
            b.archived_at.is_none(),
            b.archived_at,
            &b.path,
        ))
    });
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            parse_archive_name("a-topic-42.jsonl.deleted.2026-01-01T00-00-00.000Z").map(|p| (p.0, p.1)),
            Some(("a-topic-42.jsonl", ArchiveKind::Deleted))
        );
        assert_eq!(parse_archive_name("a.jsonl.bak.x").map(|p| p.3), Some(None));
        assert!(parse_archive_name(".jsonl.reset.2026").is_none());
        assert!(parse_archive_name("a.jsonl.reset.").is_none());
        assert!(parse_archive_name("sessions.json.bak.3").is_none());
    }

    #[test]
    fn session_ids() {
        assert_eq!(session_id_of("abc-topic-7.jsonl").as_deref(), Some("abc"));
        assert_eq!(session_id_of("abc.trajectory.jsonl"), None);
        assert_eq!(session_id_of("abc.json"), None);
    }
}
