//! Agents of a state dir: `agents/<id>/` directories and the config's `agents.list` (`openclaw-formats.md` §2.1).

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
use serde::Serialize;
use serde_json::Value;

use super::stores::{LEGACY_AGENT_ID, json_store_path, legacy_store_path, sqlite_store_path};
use super::{StateDir, StoreBackend};
use clawscope_core::{Error, Result};

/// One agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentInfo {
    /// The agent id (as the directory is named; config ids are normalised to lower case).
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
    /// The stores that exist: `sessions/sessions.json` ([`StoreBackend::Json`]) and/or
    /// `agent/openclaw-agent.sqlite` ([`StoreBackend::Sqlite`]).
    pub stores: Vec<StoreBackend>,
}

/// One `agents.list` entry of the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfigAgent {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) is_default: bool,
}

/// Normalises an agent id like OpenClaw (`normalizeAgentId`, §1.2): trim, lower-case, characters outside
/// `[a-z0-9_-]` become `-`, leading/trailing `-` removed, at most 64 characters, empty → `main`.
///
/// ```
/// use clawscope::state::agents::normalize_agent_id;
/// assert_eq!(normalize_agent_id(" Ops Team "), "ops-team");
/// assert_eq!(normalize_agent_id("///"), "main");
/// ```
pub fn normalize_agent_id(raw: &str) -> String {
    let mapped: String = raw
        .trim()
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed: String = mapped.trim_matches('-').chars().take(64).collect();
    if trimmed.is_empty() {
        "main".to_owned()
    } else {
        trimmed
    }
}

/// Whether `id` can be used as one directory name under `agents/` (no separators, not `.`/`..`, no NUL, not
/// hidden, at most 128 bytes).
pub(crate) fn is_safe_component(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && !id.starts_with('.')
        && !id.contains(['/', '\\', '\0', ':'])
        && !id.chars().any(char::is_control)
}

pub(crate) fn agent_dir(state: &StateDir, agent_id: &str) -> Result<Utf8PathBuf> {
    if !is_safe_component(agent_id) {
        return Err(Error::invalid_path(
            clawscope_core::error::shorten(agent_id, 80),
            "an agent id must be a single, non-hidden directory name",
        ));
    }
    Ok(state.path().join("agents").join(agent_id))
}

/// Reads `agents.list` from the config. A missing config gives an empty list; one that is not JSON5 gives
/// `CONFIG_INVALID`.
pub(crate) fn config_agents(config_path: &Utf8Path) -> Result<Vec<ConfigAgent>> {
    let bytes = match std::fs::read(config_path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", config_path, e)),
    };
    parse_config_agents(&bytes).map_err(|reason| Error::ConfigInvalid {
        path: Some(config_path.to_string()),
        reason,
    })
}

fn parse_config_agents(bytes: &[u8]) -> std::result::Result<Vec<ConfigAgent>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| "the config is not valid UTF-8".to_owned())?;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let doc: Value = json5::from_str(text).map_err(|e| format!("not JSON5: {e}"))?;
    let list = doc.get("agents").and_then(|a| a.get("list"));
    let Some(Value::Array(items)) = list else {
        return Ok(Vec::new());
    };
    Ok(items
        .iter()
        .filter_map(|item| {
            let id = item.get("id").and_then(Value::as_str)?;
            Some(ConfigAgent {
                id: normalize_agent_id(id),
                name: item
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(ToOwned::to_owned),
                is_default: item.get("default").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect())
}

/// Names of the directories under `agents/` (hidden and unsafe names skipped).
fn agent_dir_names(state: &StateDir) -> Result<Vec<String>> {
    let agents = state.path().join("agents");
    let read = match std::fs::read_dir(&agents) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("list", &agents, e)),
    };
    let mut names = Vec::new();
    for item in read {
        let item = item.map_err(|e| Error::io("list", &agents, e))?;
        let Ok(name) = item.file_name().into_string() else {
            continue;
        };
        if is_safe_component(&name) && item.path().is_dir() {
            names.push(name);
        }
    }
    Ok(names)
}

fn existing_stores(dir: &Utf8Path) -> Vec<StoreBackend> {
    let mut out = Vec::new();
    if json_store_path(dir).is_file() {
        out.push(StoreBackend::Json);
    }
    if sqlite_store_path(dir).is_file() {
        out.push(StoreBackend::Sqlite);
    }
    out
}

/// Merges directory names and config entries into sorted [`AgentInfo`]s.
pub(crate) fn merge(state: &StateDir, dirs: Vec<String>, config: Vec<ConfigAgent>) -> Vec<AgentInfo> {
    let mut by_id: BTreeMap<String, AgentInfo> = BTreeMap::new();
    for id in dirs {
        let dir = state.path().join("agents").join(&id);
        by_id.insert(
            id.clone(),
            AgentInfo {
                stores: existing_stores(&dir),
                id,
                name: None,
                is_default: false,
                in_config: false,
                dir,
                has_dir: true,
            },
        );
    }
    for agent in config {
        // A directory named with different case still matches its config entry.
        let existing = by_id.keys().find(|k| k.eq_ignore_ascii_case(&agent.id)).cloned();
        let info = match existing {
            Some(k) => by_id.get_mut(&k),
            None if is_safe_component(&agent.id) => {
                let dir = state.path().join("agents").join(&agent.id);
                Some(by_id.entry(agent.id.clone()).or_insert(AgentInfo {
                    id: agent.id.clone(),
                    name: None,
                    is_default: false,
                    in_config: false,
                    dir,
                    has_dir: false,
                    stores: Vec::new(),
                }))
            }
            None => None,
        };
        if let Some(info) = info {
            info.in_config = true;
            info.name = info.name.take().or(agent.name);
            info.is_default |= agent.is_default;
        }
    }
    by_id.into_values().collect()
}

pub(crate) fn list(state: &StateDir) -> Result<Vec<AgentInfo>> {
    let config = config_agents(state.config_path())?;
    Ok(with_legacy_store(
        state,
        merge(state, agent_dir_names(state)?, config),
    ))
}

/// Marks agent `main` as having a JSON store when only the legacy `<stateDir>/sessions/sessions.json` exists.
fn with_legacy_store(state: &StateDir, mut list: Vec<AgentInfo>) -> Vec<AgentInfo> {
    if !legacy_store_path(state).is_file() {
        return list;
    }
    if let Some(main) = list.iter_mut().find(|a| a.id == LEGACY_AGENT_ID) {
        if !main.stores.contains(&StoreBackend::Json) {
            main.stores.insert(0, StoreBackend::Json);
        }
    } else {
        list.push(AgentInfo {
            id: LEGACY_AGENT_ID.to_owned(),
            name: None,
            is_default: false,
            in_config: false,
            dir: state.path().join("agents").join(LEGACY_AGENT_ID),
            has_dir: false,
            stores: vec![StoreBackend::Json],
        });
        list.sort_by(|a, b| a.id.cmp(&b.id));
    }
    list
}

/// Like [`list`], but a broken config is returned as an error next to the directory-only list.
pub(crate) fn list_lenient(state: &StateDir) -> Result<(Vec<AgentInfo>, Option<Error>)> {
    let dirs = agent_dir_names(state)?;
    match config_agents(state.config_path()) {
        Ok(config) => Ok((with_legacy_store(state, merge(state, dirs, config)), None)),
        Err(e) => Ok((with_legacy_store(state, merge(state, dirs, Vec::new())), Some(e))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn json5_config_with_comments_and_trailing_commas() {
        let cfg = br#"// my config
        { agents: { list: [ { id: "Ops", name: "Ops bot", default: true, }, { id: "helper" }, { name: "no id" } ] } }"#;
        let agents = parse_config_agents(cfg).unwrap();
        assert_eq!(agents.len(), 2);
        assert_eq!(agents[0].id, "ops");
        assert_eq!(agents[0].name.as_deref(), Some("Ops bot"));
        assert!(agents[0].is_default);
        assert!(!agents[1].is_default);
    }

    #[test]
    fn config_without_agents_and_bad_config() {
        assert!(parse_config_agents(b"{gateway:{port:1}}").unwrap().is_empty());
        assert!(parse_config_agents(b"\xEF\xBB\xBF  ").unwrap().is_empty());
        assert!(parse_config_agents(b"{agents:").is_err());
        assert!(parse_config_agents(b"\xFF").is_err());
    }

    #[test]
    fn safe_components() {
        for bad in ["", ".", "..", ".hidden", "a/b", "a\\b", "a\0", "c:x"] {
            assert!(!is_safe_component(bad), "{bad:?}");
        }
        assert!(is_safe_component("opc-ops-agent"));
    }
}
