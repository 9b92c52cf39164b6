//! Where the detail orchestration reads from: agents, `sessions.json` stores, transcript files and the run
//! registry of a state dir.
//!
//! Local adapter: the `sess-io` branch owns the full store readers (JSON and SQLite eras); this minimal reader
//! covers the file era (`sessions.json` + `*.jsonl`) and both run-registry forms, read-only.

use camino::{Utf8Path, Utf8PathBuf};
use serde_json::Value;

use crate::chain::RunLink;
use crate::{Error, Result};

/// One session found in a store.
#[derive(Debug, Clone)]
pub(crate) struct StoredSession {
    /// Session key (as written in the store).
    pub key: String,
    /// Agent directory name.
    pub agent_id: String,
    /// The `SessionEntry` JSON object.
    pub entry: Value,
}

/// Agent ids: the directory names under `<root>/agents`, sorted.
pub(crate) fn agent_ids(root: &Utf8Path) -> Result<Vec<String>> {
    let dir = root.join("agents");
    let read = match std::fs::read_dir(&dir) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read_dir", &dir, e)),
    };
    let mut ids = Vec::new();
    for item in read {
        let item = item.map_err(|e| Error::io("read_dir", &dir, e))?;
        if item.file_type().is_ok_and(|t| t.is_dir())
            && let Ok(name) = item.file_name().into_string()
        {
            ids.push(name);
        }
    }
    ids.sort();
    Ok(ids)
}

/// The sessions of one agent's `sessions.json` (empty when the file does not exist).
pub(crate) fn agent_sessions(root: &Utf8Path, agent_id: &str) -> Result<Vec<StoredSession>> {
    let path = sessions_dir(root, agent_id).join("sessions.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let doc: Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| Error::StoreCorrupt {
            path: path.to_string(),
            reason: e.to_string(),
        })?;
    let Value::Object(map) = doc else {
        return Err(Error::StoreCorrupt {
            path: path.to_string(),
            reason: "the store is not a JSON object".to_owned(),
        });
    };
    Ok(map
        .into_iter()
        .filter(|(_, v)| v.is_object())
        .map(|(key, entry)| StoredSession {
            key,
            agent_id: agent_id.to_owned(),
            entry,
        })
        .collect())
}

/// Every session of every agent.
pub(crate) fn all_sessions(root: &Utf8Path) -> Result<Vec<StoredSession>> {
    let mut out = Vec::new();
    for agent in agent_ids(root)? {
        out.extend(agent_sessions(root, &agent)?);
    }
    Ok(out)
}

/// Finds a session by key (exact after trimming, then case-insensitive), looking first in the agent named by the
/// key.
pub(crate) fn find_session(root: &Utf8Path, key: &str) -> Result<Option<StoredSession>> {
    let key = key.trim();
    let mut agents = agent_ids(root)?;
    if let Some(owner) = key.strip_prefix("agent:").and_then(|r| r.split(':').next()) {
        let owner = owner.to_ascii_lowercase();
        agents.sort_by_key(|a| a.to_ascii_lowercase() != owner);
    }
    let mut loose = None;
    for agent in agents {
        for s in agent_sessions(root, &agent)? {
            if s.key == key {
                return Ok(Some(s));
            }
            if loose.is_none() && s.key.eq_ignore_ascii_case(key) {
                loose = Some(s);
            }
        }
    }
    Ok(loose)
}

/// `<root>/agents/<agent>/sessions`.
pub(crate) fn sessions_dir(root: &Utf8Path, agent_id: &str) -> Utf8PathBuf {
    root.join("agents").join(agent_id).join("sessions")
}

/// The transcript file of a session, inside the agent's `sessions/` dir: `sessionFile` by file name (real 2026.7
/// stores hold absolute paths that go stale when a state dir is copied), else `<sessionId>.jsonl`. A name with
/// `..` or a path that resolves outside the dir (symlink) gives `INVALID_PATH`.
pub(crate) fn transcript_path(root: &Utf8Path, session: &StoredSession) -> Result<Utf8PathBuf> {
    let dir = sessions_dir(root, &session.agent_id);
    let named = session
        .entry
        .get("sessionFile")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let name = if let Some(file) = named {
        let normalized = file.replace('\\', "/");
        let base = normalized.rsplit('/').next().unwrap_or("");
        let relative_with_dirs = !normalized.starts_with('/') && normalized.contains('/');
        if base.is_empty() || base == "." || base == ".." || relative_with_dirs {
            return Err(Error::invalid_path(
                file,
                "sessionFile must name a file in the agent's sessions dir",
            ));
        }
        base.to_owned()
    } else {
        let id = session
            .entry
            .get("sessionId")
            .and_then(Value::as_str)
            .unwrap_or("");
        let safe = !id.is_empty()
            && id.len() <= 128
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            && !id.starts_with('.');
        if !safe {
            return Err(Error::invalid_path(id, "unsafe sessionId"));
        }
        format!("{id}.jsonl")
    };
    let path = dir.join(&name);
    if let (Ok(real), Ok(real_dir)) = (std::fs::canonicalize(&path), std::fs::canonicalize(&dir))
        && !real.starts_with(&real_dir)
    {
        return Err(Error::invalid_path(
            &path,
            "resolves outside the agent's sessions dir",
        ));
    }
    Ok(path)
}

/// Run-registry records: `<root>/subagents/runs.json` (older installs) and the `subagent_runs` table of
/// `<root>/state/openclaw.sqlite` (2026.7+), opened read-only. Unreadable registries yield no records.
pub(crate) fn run_links(root: &Utf8Path) -> Vec<RunLink> {
    let mut runs = runs_json(&root.join("subagents").join("runs.json"));
    runs.extend(runs_sqlite(&root.join("state").join("openclaw.sqlite")));
    runs
}

fn run_from_json(run_id: &str, v: &Value) -> Option<RunLink> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(RunLink {
        run_id: s("runId").unwrap_or_else(|| run_id.to_owned()),
        child_session_key: s("childSessionKey")?,
        requester_session_key: s("requesterSessionKey").or_else(|| s("controllerSessionKey"))?,
        created_at_ms: v
            .get("createdAt")
            .or_else(|| v.get("startedAt"))
            .and_then(Value::as_i64)
            .map(crate::time::normalize_epoch),
        outcome: v
            .get("outcome")
            .and_then(|o| o.get("status"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

fn runs_json(path: &Utf8Path) -> Vec<RunLink> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(doc) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    let runs = doc.get("runs").unwrap_or(&doc);
    match runs {
        Value::Object(map) => map.iter().filter_map(|(id, v)| run_from_json(id, v)).collect(),
        Value::Array(items) => items.iter().filter_map(|v| run_from_json("", v)).collect(),
        _ => Vec::new(),
    }
}

fn runs_sqlite(path: &Utf8Path) -> Vec<RunLink> {
    if !path.is_file() {
        return Vec::new();
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = rusqlite::Connection::open_with_flags(path, flags) else {
        return Vec::new();
    };
    let Ok(mut stmt) = conn.prepare(
        "SELECT run_id, child_session_key, requester_session_key, created_at, payload_json FROM subagent_runs",
    ) else {
        return Vec::new();
    };
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, Option<String>>(0)?,
            row.get::<_, Option<String>>(1)?,
            row.get::<_, Option<String>>(2)?,
            row.get::<_, Option<i64>>(3)?,
            row.get::<_, Option<String>>(4)?,
        ))
    });
    let Ok(rows) = rows else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (run_id, child, requester, created, payload) in rows.flatten() {
        let payload: Value = payload
            .and_then(|p| serde_json::from_str(&p).ok())
            .unwrap_or(Value::Null);
        let fallback = run_from_json(run_id.as_deref().unwrap_or(""), &payload);
        let (Some(child), Some(requester)) = (
            child.or_else(|| fallback.as_ref().map(|f| f.child_session_key.clone())),
            requester.or_else(|| fallback.as_ref().map(|f| f.requester_session_key.clone())),
        ) else {
            continue;
        };
        out.push(RunLink {
            run_id: run_id.unwrap_or_default(),
            child_session_key: child,
            requester_session_key: requester,
            created_at_ms: created
                .map(crate::time::normalize_epoch)
                .or_else(|| fallback.as_ref().and_then(|f| f.created_at_ms)),
            outcome: fallback.and_then(|f| f.outcome),
        });
    }
    out
}
