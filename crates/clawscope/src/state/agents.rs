//! Agents of a state dir: `agents/<id>/` directories and the config's `agents.list`.

use camino::Utf8PathBuf;
use serde::Serialize;

use super::StateDir;
use clawscope_core::{Error, Result};

/// One agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentInfo {
    /// The agent id (normalised: lower case).
    pub id: String,
    /// The display name from `agents.list[].name`, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether `agents.list` marks it as the default agent.
    pub is_default: bool,
    /// Whether it is listed in the config's `agents.list`.
    pub in_config: bool,
    /// `<stateDir>/agents/<id>`.
    pub dir: Utf8PathBuf,
    /// Whether that directory exists.
    pub has_dir: bool,
    /// Whether `sessions/sessions.json` exists (file-era store).
    pub has_json_store: bool,
    /// Whether `agent/openclaw-agent.sqlite` exists (SQLite-era store).
    pub has_sqlite_store: bool,
}

pub(crate) fn list(_state: &StateDir) -> Result<Vec<AgentInfo>> {
    Err(Error::Internal {
        message: "not yet implemented".into(),
    })
}

pub(crate) fn agent_dir(state: &StateDir, agent_id: &str) -> Result<Utf8PathBuf> {
    Ok(state.path().join("agents").join(agent_id))
}
