//! Resolving a store entry's `sessionFile` to a transcript path that stays inside the agent's `sessions/` dir.
//!
//! Rules ([`resolve_session_file`]):
//! - no (or a blank) `sessionFile`: `<sessionId>.jsonl`, where the session id must match OpenClaw's
//!   `SAFE_SESSION_ID_RE` (`^[a-z0-9][a-z0-9._-]{0,127}$`, case-insensitive);
//! - a relative name (either separator): joined to the sessions dir; a `..` component is refused;
//! - an absolute path inside the sessions dir: used;
//! - an absolute path of a moved or copied state dir — its parent directories end with `agents/<agentId>/sessions`
//!   (2026.7 stores hold absolute paths, `openclaw-formats.md` §7) — resolved by its file name inside this agent's
//!   sessions dir;
//! - any other absolute path: refused;
//! - when the result exists, its canonical path (symlinks resolved) must still be inside the canonical sessions
//!   dir, and it must not be a directory.
//!
//! Refusals are [`Error::InvalidPath`] (`INVALID_PATH`).

use camino::{Utf8Path, Utf8PathBuf};

use clawscope_core::{Error, Result};

/// How a transcript path was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Resolution {
    /// `<sessionId>.jsonl` (no `sessionFile`).
    Default,
    /// A relative `sessionFile`.
    Relative,
    /// An absolute `sessionFile` inside the sessions dir.
    AbsoluteInside,
    /// A stale absolute `sessionFile` from another location of the state dir, matched by file name.
    StaleAbsolute,
}

/// Whether `id` is a safe session id (`SAFE_SESSION_ID_RE`).
///
/// ```
/// use clawscope::state::session_file::is_safe_session_id;
/// assert!(is_safe_session_id("3f0b6a52-1d7e-4c3a-9b1f-5e2d8c4a7b10"));
/// assert!(!is_safe_session_id("../etc"));
/// assert!(!is_safe_session_id(""));
/// ```
pub fn is_safe_session_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id.len() <= 128
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Whether `path` is absolute on any platform (`/…`, `\…`, `C:\…`, `C:/…`), so Windows-style values are
/// understood on a Unix host and vice versa.
pub(crate) fn looks_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/'))
}

/// Splits on both separators, dropping empty and `.` parts.
fn parts(path: &str) -> Vec<&str> {
    path.split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect()
}

/// Resolves `session_file` (or the default name) for an agent, lexically, without touching the file system.
///
/// ```
/// use camino::Utf8Path;
/// use clawscope::state::session_file::{resolve_lexically, Resolution};
///
/// let dir = Utf8Path::new("/srv/oc/agents/main/sessions");
/// let (p, how) = resolve_lexically(dir, "main", Some("/home/old/.openclaw/agents/main/sessions/abc.jsonl"), "abc").unwrap();
/// assert_eq!((p.as_str(), how), ("/srv/oc/agents/main/sessions/abc.jsonl", Resolution::StaleAbsolute));
/// assert!(resolve_lexically(dir, "main", Some("../../../etc/passwd"), "abc").is_err());
/// assert!(resolve_lexically(dir, "main", Some("/etc/passwd"), "abc").is_err());
/// ```
pub fn resolve_lexically(
    sessions_dir: &Utf8Path,
    agent_id: &str,
    session_file: Option<&str>,
    session_id: &str,
) -> Result<(Utf8PathBuf, Resolution)> {
    let given = session_file.map(str::trim).filter(|s| !s.is_empty());
    let Some(given) = given else {
        if !is_safe_session_id(session_id) {
            return Err(Error::invalid_path(
                clawscope_core::error::shorten(session_id, 80),
                "the session id is not a safe file name",
            ));
        }
        return Ok((
            sessions_dir.join(format!("{session_id}.jsonl")),
            Resolution::Default,
        ));
    };
    let shown = clawscope_core::error::shorten(given, 200);
    if given.contains('\0') || given.chars().any(char::is_control) {
        return Err(Error::invalid_path(shown, "sessionFile holds control characters"));
    }
    let given_parts = parts(given);
    if given_parts.contains(&"..") {
        return Err(Error::invalid_path(shown, "sessionFile climbs out with `..`"));
    }
    if !looks_absolute(given) {
        if given_parts.is_empty() {
            return Err(Error::invalid_path(shown, "sessionFile names no file"));
        }
        return Ok((sessions_dir.join(given_parts.join("/")), Resolution::Relative));
    }
    // Absolute: inside this sessions dir?
    let dir_parts = parts(sessions_dir.as_str());
    if given_parts.len() > dir_parts.len()
        && given_parts.starts_with(&dir_parts)
        && given.starts_with('/') == sessions_dir.as_str().starts_with('/')
    {
        let rest = given_parts.get(dir_parts.len()..).unwrap_or_default();
        return Ok((sessions_dir.join(rest.join("/")), Resolution::AbsoluteInside));
    }
    // A stale path of the same agent's sessions dir elsewhere: …/agents/<agentId>/sessions/<file>.
    if let [.., agents, id, sessions, file] = given_parts.as_slice()
        && *agents == "agents"
        && id.eq_ignore_ascii_case(agent_id)
        && *sessions == "sessions"
    {
        return Ok((sessions_dir.join(file), Resolution::StaleAbsolute));
    }
    Err(Error::invalid_path(
        shown,
        "sessionFile is an absolute path outside the agent's sessions dir",
    ))
}

/// [`resolve_lexically`], then the file-system checks: when the path exists, its canonical form must be inside
/// the canonical sessions dir (a symlink pointing out is refused) and it must not be a directory.
pub fn resolve_session_file(
    sessions_dir: &Utf8Path,
    agent_id: &str,
    session_file: Option<&str>,
    session_id: &str,
) -> Result<(Utf8PathBuf, Resolution)> {
    let (path, how) = resolve_lexically(sessions_dir, agent_id, session_file, session_id)?;
    ensure_inside(sessions_dir, &path)?;
    Ok((path, how))
}

/// Refuses `path` when it exists and its canonical form leaves the canonical `dir`, or when it is a directory.
pub(crate) fn ensure_inside(dir: &Utf8Path, path: &Utf8Path) -> Result<()> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(()); // does not exist: reading it reports NOT_FOUND
    }
    let real = path.canonicalize_utf8().map_err(|e| match e.kind() {
        // A dangling symlink: refuse rather than report a missing file somewhere else.
        std::io::ErrorKind::NotFound => Error::invalid_path(path, "a symlink that points nowhere"),
        _ => Error::io("resolve", path, e),
    })?;
    let base = dir
        .canonicalize_utf8()
        .map_err(|e| Error::io("resolve", dir, e))?;
    if !real.starts_with(&base) || real == base {
        return Err(Error::invalid_path(
            path,
            "the transcript resolves outside the agent's sessions dir",
        ));
    }
    if real.is_dir() {
        return Err(Error::invalid_path(path, "the transcript path is a directory"));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const DIR: &str = "/srv/oc/agents/main/sessions";

    fn lex(file: Option<&str>, id: &str) -> Result<(Utf8PathBuf, Resolution)> {
        resolve_lexically(Utf8Path::new(DIR), "main", file, id)
    }

    #[test]
    fn defaults_and_relative_names() {
        assert_eq!(
            lex(None, "abc").unwrap(),
            (format!("{DIR}/abc.jsonl").into(), Resolution::Default)
        );
        assert_eq!(lex(Some("  "), "abc").unwrap().1, Resolution::Default);
        assert_eq!(lex(Some("abc.jsonl"), "x").unwrap().0, format!("{DIR}/abc.jsonl"));
        assert_eq!(
            lex(Some("./sub\\abc.jsonl"), "x").unwrap().0,
            format!("{DIR}/sub/abc.jsonl")
        );
        assert_eq!(lex(None, "../x").unwrap_err().code().as_str(), "INVALID_PATH");
    }

    #[test]
    fn escapes_are_refused() {
        for bad in [
            "../x.jsonl",
            "a/../../x",
            "..\\..\\x",
            "/etc/passwd",
            "C:\\Windows\\x.jsonl",
            "a\0b",
            "/",
            ".",
        ] {
            assert_eq!(
                lex(Some(bad), "x").unwrap_err().code().as_str(),
                "INVALID_PATH",
                "{bad}"
            );
        }
        // Another agent's sessions dir is not this agent's.
        assert!(lex(Some("/old/agents/other/sessions/a.jsonl"), "x").is_err());
    }

    #[test]
    fn absolute_inside_and_stale() {
        assert_eq!(
            lex(Some(&format!("{DIR}/abc.jsonl")), "x").unwrap(),
            (format!("{DIR}/abc.jsonl").into(), Resolution::AbsoluteInside)
        );
        assert_eq!(
            lex(
                Some("C:\\Users\\li\\.openclaw\\agents\\Main\\sessions\\abc.jsonl"),
                "x"
            )
            .unwrap(),
            (format!("{DIR}/abc.jsonl").into(), Resolution::StaleAbsolute)
        );
    }
}
