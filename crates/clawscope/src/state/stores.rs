//! Sessions of an agent from its JSON and SQLite stores, merged; lookups by key.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use camino::{Utf8Path, Utf8PathBuf};

use super::store_json::read_json_store_into;
use super::store_sqlite::read_sqlite_store_into;
use super::{AgentInfo, ScanDiagnostic, SessionScan, StateDir, StoreBackend, StoredSession, agents};
use clawscope_core::store::{SessionEntry, StoreDiagnostic};
use clawscope_core::{Error, Result};

/// The file-era store path of an agent directory.
pub(crate) fn json_store_path(agent_dir: &camino::Utf8Path) -> Utf8PathBuf {
    agent_dir.join("sessions").join("sessions.json")
}

/// The store of very old single-agent installs, `<stateDir>/sessions/sessions.json` (`openclaw-formats.md` §2.1),
/// read as agent `main` when `agents/main/sessions/sessions.json` does not exist.
pub(crate) fn legacy_store_path(state: &StateDir) -> Utf8PathBuf {
    state.path().join("sessions").join("sessions.json")
}

/// The id the legacy single-agent store belongs to.
pub(crate) const LEGACY_AGENT_ID: &str = "main";

/// The SQLite-era store path of an agent directory.
pub(crate) fn sqlite_store_path(agent_dir: &camino::Utf8Path) -> Utf8PathBuf {
    agent_dir.join("agent").join("openclaw-agent.sqlite")
}

fn stored(
    agent_id: &str,
    key: String,
    entry: SessionEntry,
    backend: StoreBackend,
    path: &Utf8Path,
) -> StoredSession {
    StoredSession {
        agent_id: agent_id.to_owned(),
        key,
        entry,
        backend,
        store_path: path.to_owned(),
    }
}

fn push_diagnostics(
    scan: &mut SessionScan,
    agent_id: &str,
    diagnostics: Vec<StoreDiagnostic>,
    path: &Utf8Path,
) {
    for d in diagnostics {
        scan.diagnostics.push(ScanDiagnostic {
            agent_id: agent_id.to_owned(),
            path: path.to_owned(),
            key: Some(d.key),
            code: clawscope_core::ErrorCode::StoreCorrupt.as_str(),
            reason: d.reason,
        });
    }
}

/// Appends one agent's sessions and diagnostics to `scan`: JSON entries in store order, then SQLite entries, where
/// a SQLite entry replaces the JSON entry with the same key in place (SQLite is canonical after the flip). On
/// error (`AGENT_NOT_FOUND` when the agent has neither a directory, a store nor a config entry; an unreadable
/// store) `scan` is left as it was.
///
/// Entries are appended straight from the parsers: each one is large (a few KiB), and building the list through
/// intermediate per-store lists would move every entry several more times.
fn scan_agent_into(state: &StateDir, agent_id: &str, scan: &mut SessionScan) -> Result<()> {
    let (sessions, diagnostics) = (scan.sessions.len(), scan.diagnostics.len());
    let result = read_agent_into(state, agent_id, scan);
    if result.is_err() {
        scan.sessions.truncate(sessions);
        scan.diagnostics.truncate(diagnostics);
    }
    result
}

fn read_agent_into(state: &StateDir, agent_id: &str, scan: &mut SessionScan) -> Result<()> {
    let dir = agents::agent_dir(state, agent_id)?;
    let mut json = json_store_path(&dir);
    if agent_id == LEGACY_AGENT_ID && !json.is_file() && legacy_store_path(state).is_file() {
        json = legacy_store_path(state);
    }
    let sqlite = sqlite_store_path(&dir);
    let has_json = json.is_file();
    let has_sqlite = sqlite.is_file();
    if !dir.is_dir() && !has_json {
        let in_config = agents::config_agents(state.config_path())
            .unwrap_or_default()
            .iter()
            .any(|a| a.id.eq_ignore_ascii_case(agent_id));
        if !in_config {
            return Err(Error::AgentNotFound {
                agent_id: agent_id.to_owned(),
            });
        }
    }
    let start = scan.sessions.len();
    if has_json {
        let diagnostics = read_json_store_into(&json, &mut scan.sessions, |key, entry| {
            stored(agent_id, key, entry, StoreBackend::Json, &json)
        })?;
        push_diagnostics(scan, agent_id, diagnostics, &json);
    }
    if !has_sqlite {
        return Ok(());
    }
    let make = |key, entry| stored(agent_id, key, entry, StoreBackend::Sqlite, &sqlite);
    if scan.sessions.len() == start {
        let diagnostics = read_sqlite_store_into(&sqlite, &mut scan.sessions, make)?;
        push_diagnostics(scan, agent_id, diagnostics, &sqlite);
        return Ok(());
    }
    let mut from_sqlite = Vec::new();
    let diagnostics = read_sqlite_store_into(&sqlite, &mut from_sqlite, make)?;
    let index: HashMap<String, usize> = scan
        .sessions
        .get(start..)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.clone(), start + i))
        .collect();
    for s in from_sqlite {
        match index.get(&s.key).and_then(|&i| scan.sessions.get_mut(i)) {
            Some(slot) => *slot = s,
            None => scan.sessions.push(s),
        }
    }
    push_diagnostics(scan, agent_id, diagnostics, &sqlite);
    Ok(())
}

pub(crate) fn scan_agent(state: &StateDir, agent_id: &str) -> Result<SessionScan> {
    let mut scan = SessionScan::default();
    scan_agent_into(state, agent_id, &mut scan)?;
    Ok(scan)
}

pub(crate) fn scan_all(state: &StateDir) -> Result<SessionScan> {
    let (list, config_error) = agents::list_lenient(state)?;
    let mut scan = SessionScan::default();
    if let Some(e) = config_error {
        scan.diagnostics.push(ScanDiagnostic {
            agent_id: String::new(),
            path: state.config_path().to_owned(),
            key: None,
            code: e.code().as_str(),
            reason: e.to_string(),
        });
    }
    let agents: Vec<AgentInfo> = list
        .into_iter()
        .filter(|a| a.has_dir || !a.stores.is_empty())
        .collect();
    let per_agent = scan_agents(state, &agents);
    let total = per_agent
        .iter()
        .map(|r| r.as_ref().map_or(0, |one| one.sessions.len()))
        .sum();
    scan.sessions.reserve_exact(total);
    for (agent, result) in agents.iter().zip(per_agent) {
        match result {
            Ok(one) => {
                scan.sessions.extend(one.sessions);
                scan.diagnostics.extend(one.diagnostics);
            }
            Err(e) => scan.diagnostics.push(ScanDiagnostic {
                agent_id: agent.id.clone(),
                path: agent.dir.clone(),
                key: None,
                code: e.code().as_str(),
                reason: e.to_string(),
            }),
        }
    }
    Ok(scan)
}

/// At most this many threads read stores at once.
const MAX_SCAN_THREADS: usize = 8;

/// Each agent's scan, in the order of `agents`. With several cores and several agents the stores are read on up to
/// [`MAX_SCAN_THREADS`] threads (each store by one thread; the result does not depend on the split); otherwise, or
/// when threads cannot be started, one after the other.
fn scan_agents(state: &StateDir, agents: &[AgentInfo]) -> Vec<Result<SessionScan>> {
    let one = |agent: &AgentInfo| {
        let mut scan = SessionScan::default();
        scan_agent_into(state, &agent.id, &mut scan).map(|()| scan)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(agents.len())
        .min(MAX_SCAN_THREADS);
    if threads > 1
        && let Some(results) = scan_in_parallel(agents, threads, &one)
    {
        return results;
    }
    agents.iter().map(one).collect()
}

/// Runs `one` for every agent on `threads` scoped threads taking agents in turn. `None` when some agent has no
/// result (no thread could start, or a worker panicked): the caller then scans sequentially.
fn scan_in_parallel<F>(agents: &[AgentInfo], threads: usize, one: &F) -> Option<Vec<Result<SessionScan>>>
where
    F: Fn(&AgentInfo) -> Result<SessionScan> + Sync,
{
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Result<SessionScan>>> = agents.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("clawscope-scan".into())
                    .spawn_scoped(scope, || {
                        let mut done = Vec::new();
                        loop {
                            let index = next.fetch_add(1, Ordering::Relaxed);
                            let Some(agent) = agents.get(index) else { break };
                            done.push((index, one(agent)));
                        }
                        done
                    })
                    .ok()
            })
            .collect();
        for worker in workers {
            let Ok(done) = worker.join() else { continue };
            for (index, result) in done {
                if let Some(slot) = results.get_mut(index) {
                    *slot = Some(result);
                }
            }
        }
    });
    results.into_iter().collect()
}

/// The agent id named by an `agent:<id>:…` key, when it is a safe directory name.
fn key_agent(key: &str) -> Option<&str> {
    let mut parts = key.split(':').filter(|p| !p.is_empty());
    if !parts.next()?.eq_ignore_ascii_case("agent") {
        return None;
    }
    parts.next().filter(|id| agents::is_safe_component(id))
}

fn pick(sessions: Vec<StoredSession>, key: &str) -> Option<StoredSession> {
    let mut fallback = None;
    for s in sessions {
        if s.key == key {
            return Some(s);
        }
        if fallback.is_none() && s.key.eq_ignore_ascii_case(key) {
            fallback = Some(s);
        }
    }
    fallback
}

pub(crate) fn find(state: &StateDir, key: &str) -> Result<StoredSession> {
    let key = key.trim();
    if key.is_empty() || key.chars().any(char::is_control) {
        return Err(Error::invalid_session_key(
            key,
            "empty or holds control characters",
        ));
    }
    if let Some(agent) = key_agent(key) {
        let lower = agent.to_ascii_lowercase();
        for candidate in [agent, lower.as_str()] {
            if let Ok(scan) = scan_agent(state, candidate)
                && let Some(found) = pick(scan.sessions, key)
            {
                return Ok(found);
            }
        }
    }
    pick(scan_all(state)?.sessions, key).ok_or_else(|| Error::SessionNotFound {
        key: clawscope_core::error::shorten(key, 240),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn file_era_agents() -> (StateDir, Vec<AgentInfo>) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/state/file-era");
        let state = StateDir::open(root).unwrap();
        let (mut list, _) = agents::list_lenient(&state).unwrap();
        // Every listed agent, plus one whose scan is an error (an id that is no directory name) in the middle:
        // results and errors must keep their places.
        let mut bad = list[0].clone();
        bad.id = "../outside".into();
        list.insert(1, bad);
        (state, list)
    }

    fn same(a: &[Result<SessionScan>], b: &[Result<SessionScan>]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|pair| match pair {
                (Ok(x), Ok(y)) => x == y,
                (Err(x), Err(y)) => x.to_string() == y.to_string(),
                _ => false,
            })
    }

    #[test]
    fn parallel_scans_equal_the_sequential_scan_in_order() {
        let (state, agents) = file_era_agents();
        let one = |agent: &AgentInfo| {
            let mut scan = SessionScan::default();
            scan_agent_into(&state, &agent.id, &mut scan).map(|()| scan)
        };
        let sequential: Vec<_> = agents.iter().map(one).collect();
        assert!(sequential.iter().any(Result::is_ok) && sequential.iter().any(Result::is_err));
        for threads in 2..=5 {
            let parallel = scan_in_parallel(&agents, threads, &one).unwrap();
            assert!(same(&sequential, &parallel), "{threads} threads");
        }
        assert!(same(&sequential, &scan_agents(&state, &agents)));
    }

    #[test]
    fn a_panicking_worker_makes_the_caller_scan_sequentially() {
        let (_state, agents) = file_era_agents();
        let boom = |agent: &AgentInfo| -> Result<SessionScan> {
            assert!(agent.id != "ops", "a worker panics on one agent");
            Ok(SessionScan::default())
        };
        assert!(scan_in_parallel(&agents, 2, &boom).is_none());
    }

    #[test]
    fn agent_from_key() {
        assert_eq!(key_agent("agent:ops:main"), Some("ops"));
        assert_eq!(key_agent("AGENT:Ops:main"), Some("Ops"));
        assert_eq!(key_agent("agent:..:main"), None);
        assert_eq!(key_agent("main"), None);
        assert_eq!(key_agent("agent"), None);
    }
}
