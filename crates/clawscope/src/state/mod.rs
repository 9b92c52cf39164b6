//! An OpenClaw state dir: agents, session stores (JSON and SQLite), transcripts, the sub-agent run registry.
//!
//! [`StateDir`] is the entry point. It is **read-only by construction**: no method creates, renames or changes
//! anything under the state dir. SQLite databases are opened read-only and never get new `-wal`/`-shm` files; a
//! reader of a live WAL database only takes the shared read locks any SQLite reader takes (see [`sqlite`]).
//!
//! Layout understood (`openclaw-formats.md` §2.1, §2.4, §2.6, §7):
//! ```text
//! <stateDir>/openclaw.json                                   config (JSON5): agents.list
//! <stateDir>/agents/<id>/sessions/sessions.json              file-era store (≤ 2026.7)
//! <stateDir>/agents/<id>/sessions/<sessionId>.jsonl          file-era transcript (+ .reset.<ts>/.deleted.<ts> archives)
//! <stateDir>/agents/<id>/agent/openclaw-agent.sqlite         SQLite-era store and transcripts (≥ 2026.8)
//! <stateDir>/sessions/sessions.json (+ transcripts)          very old single-agent store, read as agent `main`
//! <stateDir>/subagents/runs.json                             file-era run registry
//! <stateDir>/state/openclaw.sqlite                           subagent_runs table (2026.7.1 and 2026.9.6)
//! ```

use camino::{Utf8Path, Utf8PathBuf};
use serde::Serialize;

use clawscope_core::store::SessionEntry;

pub mod agents;
pub mod archives;
pub mod discover;
pub mod lines;
pub mod run_registry;
pub mod session_file;
pub mod sqlite;
pub mod store_json;
pub mod store_sqlite;
mod stores;
pub mod tail;
pub mod transcript;
pub mod windows;

pub use agents::AgentInfo;
pub use archives::{ArchiveKind, TranscriptArchive};
pub use discover::StateDirSource;
pub use lines::{DEFAULT_MAX_LINE_BYTES, Line, LineDiagnostic, LineIssue, LineReader};
pub use tail::{Tail, TailLine, tail_lines};
pub use transcript::{ReadReport, Transcript};
pub use windows::SessionWindow;

/// An OpenClaw state dir, opened for reading.
///
/// ```
/// # fn main() -> clawscope::Result<()> {
/// let dir = tempfile::tempdir().unwrap();
/// let path = camino::Utf8Path::from_path(dir.path()).unwrap();
/// let state = clawscope::state::StateDir::open(path)?;
/// assert_eq!(state.config_path(), path.join("openclaw.json"));
/// assert!(state.all_sessions()?.is_empty());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateDir {
    root: Utf8PathBuf,
    config_path: Utf8PathBuf,
}

/// Which kind of store a session was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreBackend {
    /// `agents/<id>/sessions/sessions.json`.
    Json,
    /// `agents/<id>/agent/openclaw-agent.sqlite`.
    Sqlite,
}

/// One session as stored: agent, key, entry, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredSession {
    /// The agent whose store holds the session.
    pub agent_id: String,
    /// The session key exactly as stored.
    pub key: String,
    /// The store entry.
    pub entry: SessionEntry,
    /// The kind of store.
    pub backend: StoreBackend,
    /// The store file (`sessions.json` or `openclaw-agent.sqlite`).
    pub store_path: Utf8PathBuf,
}

/// Something that was skipped while reading stores (a bad entry, an unreadable store of one agent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanDiagnostic {
    /// The agent.
    pub agent_id: String,
    /// The file involved.
    pub path: Utf8PathBuf,
    /// The session key, when one entry was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The stable error code (`STORE_CORRUPT`, `SQLITE_ERROR`, …).
    pub code: &'static str,
    /// Why.
    pub reason: String,
}

/// Sessions read from one or more stores, plus what was skipped.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionScan {
    /// The sessions, grouped by agent in agent order, each store in its own order.
    pub sessions: Vec<StoredSession>,
    /// Entries or stores that were skipped.
    pub diagnostics: Vec<ScanDiagnostic>,
}

impl StateDir {
    /// Opens the state dir at `path` (which must be an existing directory). The config path is
    /// `<path>/openclaw.json`, or the first existing legacy name (`clawdbot.json`, `moldbot.json`, `moltbot.json`).
    pub fn open(path: impl AsRef<Utf8Path>) -> clawscope_core::Result<StateDir> {
        discover::open(path.as_ref(), None)
    }

    /// Finds the state dir like OpenClaw does, from an explicit environment (`openclaw-formats.md` §2.1):
    /// `OPENCLAW_STATE_DIR` (legacy `CLAWDBOT_STATE_DIR`), a profile (`OPENCLAW_PROFILE` → `~/.openclaw-<profile>`),
    /// `~/.openclaw` if it exists, the first existing legacy dir (`~/.clawdbot`, `~/.moldbot`, `~/.moltbot`), else
    /// `~/.openclaw`; home is `OPENCLAW_HOME` (leading `~` expanded against the home) or the home of `env`. The
    /// config path honours `OPENCLAW_CONFIG_PATH` (legacy `CLAWDBOT_CONFIG_PATH`). The directory must exist.
    pub fn discover(env: &clawscope_core::Env) -> clawscope_core::Result<StateDir> {
        discover::discover(env)
    }

    /// The state dir.
    pub fn path(&self) -> &Utf8Path {
        &self.root
    }

    /// The config file path (it may not exist).
    pub fn config_path(&self) -> &Utf8Path {
        &self.config_path
    }

    /// The agents: every directory under `agents/` plus every `agents.list` entry of the config, sorted by id.
    /// A config that exists but cannot be parsed is `CONFIG_INVALID`.
    pub fn agents(&self) -> clawscope_core::Result<Vec<AgentInfo>> {
        agents::list(self)
    }

    /// The sessions of one agent, from `sessions.json` and/or the agent's SQLite database (SQLite wins for a key
    /// found in both). Bad entries are skipped; use [`scan_sessions`](Self::scan_sessions) to see them.
    pub fn sessions(&self, agent_id: &str) -> clawscope_core::Result<Vec<StoredSession>> {
        Ok(self.scan_sessions(agent_id)?.sessions)
    }

    /// Like [`sessions`](Self::sessions), with the diagnostics of skipped entries. An unknown agent id, or one that
    /// is not a safe directory name, is `AGENT_NOT_FOUND` / `INVALID_PATH`; a store that is not a JSON object is
    /// `STORE_CORRUPT`.
    pub fn scan_sessions(&self, agent_id: &str) -> clawscope_core::Result<SessionScan> {
        stores::scan_agent(self, agent_id)
    }

    /// The sessions of every agent, agent by agent in [`agents`](Self::agents) order. A store that cannot be read is
    /// reported in the diagnostics of [`scan_all_sessions`](Self::scan_all_sessions) and skipped, so one broken agent
    /// does not hide the others. With several agents and several cores, the agents' stores are read on up to 8
    /// scoped threads (one store per thread at a time); the result is the same as reading them one after the other.
    pub fn all_sessions(&self) -> clawscope_core::Result<Vec<StoredSession>> {
        Ok(self.scan_all_sessions()?.sessions)
    }

    /// Like [`all_sessions`](Self::all_sessions), with diagnostics.
    pub fn scan_all_sessions(&self) -> clawscope_core::Result<SessionScan> {
        stores::scan_all(self)
    }

    /// The session stored under `key` (exact match first, then ASCII case-insensitive), searching the agent named
    /// by an `agent:<id>:…` key first. `SESSION_NOT_FOUND` when no store has it.
    ///
    /// ```
    /// # fn main() -> clawscope::Result<()> {
    /// use std::ops::ControlFlow;
    /// let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/state/file-era");
    /// let state = clawscope::state::StateDir::open(root)?;
    /// let child = state.find_session("agent:main:subagent:8e41c0d2-6b7a-4c3d-9e8f-112233445566")?;
    /// assert_eq!(child.entry.spawned_by.as_deref(), Some("agent:main:main"));
    ///
    /// let transcript = state.transcript(&child)?;
    /// let mut lines = 0;
    /// transcript.for_each_line(|_line| { lines += 1; ControlFlow::Continue(()) })?;
    /// assert_eq!(lines, 6);
    /// let last_two = transcript.tail(2, |_| 1)?;
    /// assert!(String::from_utf8_lossy(&last_two.lines[1].bytes).contains("65% used on /"));
    /// # Ok(()) }
    /// ```
    pub fn find_session(&self, key: &str) -> clawscope_core::Result<StoredSession> {
        stores::find(self, key)
    }

    /// Where the transcript of `session` is: a file inside the agent's `sessions/` dir (`<stateDir>/sessions/` for
    /// the legacy single-agent store), from `sessionFile` or `<sessionId>.jsonl`; or rows of the agent's SQLite
    /// database. A `sessionFile` that escapes the sessions dir is `INVALID_PATH`. The file may not exist; reading it
    /// then fails with `NOT_FOUND`.
    pub fn transcript(&self, session: &StoredSession) -> clawscope_core::Result<Transcript> {
        transcript::resolve(self, session)
    }

    /// The transcript windows of the session stored under `key` in the SQLite era (`session_windows`: which
    /// transcript belonged to the key when, and why the next one started), oldest first, each with the
    /// [`Transcript`] that reads it. Empty for file-era stores, whose earlier transcripts are [`archives`](Self::archives).
    ///
    /// ```
    /// # fn main() -> clawscope::Result<()> {
    /// let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/state/file-era");
    /// let state = clawscope::state::StateDir::open(root)?;
    /// assert!(state.session_windows("agent:main:main")?.is_empty());
    /// # Ok(()) }
    /// ```
    pub fn session_windows(&self, key: &str) -> clawscope_core::Result<Vec<SessionWindow>> {
        windows::list(self, key)
    }

    /// The archived transcripts (`.reset.<ts>`, `.deleted.<ts>`, `.bak.<ts>`) in an agent's `sessions/` dir,
    /// oldest first.
    pub fn archives(&self, agent_id: &str) -> clawscope_core::Result<Vec<TranscriptArchive>> {
        archives::list(self, agent_id)
    }

    /// The sub-agent run registry: `subagents/runs.json` and the `subagent_runs` table of `state/openclaw.sqlite`
    /// (runs found in both are taken from SQLite). Missing sources give an empty list.
    pub fn subagent_runs(&self) -> clawscope_core::Result<Vec<clawscope_core::run_registry::SubagentRun>> {
        Ok(self.scan_subagent_runs()?.runs)
    }

    /// Like [`subagent_runs`](Self::subagent_runs), with the diagnostics of skipped records.
    pub fn scan_subagent_runs(&self) -> clawscope_core::Result<clawscope_core::run_registry::RunRegistry> {
        run_registry::read(self)
    }

    /// The `agents/<id>` directory of an agent id (validated as a safe single path component).
    pub fn agent_dir(&self, agent_id: &str) -> clawscope_core::Result<Utf8PathBuf> {
        agents::agent_dir(self, agent_id)
    }
}
