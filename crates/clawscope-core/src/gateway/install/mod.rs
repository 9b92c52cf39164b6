//! OpenClaw installs on a machine and the evidence about which install a running gateway serves (issue 7).
//!
//! This module is the pure half: the data model, reading a port out of `openclaw.json` text, version files, and
//! the evidence → conclusion logic ([`conclude`]) with the adoption verdict ([`adoption_verdict`]). The
//! `clawscope` crate gathers the inputs (`clawscope::gateway::installs`, `clawscope::gateway::evidence`).

mod evidence;
mod port;

pub use evidence::{
    Confidence, Fact, FactKind, FactSource, GatewayEvidence, ListenerEvidence, ListenerObservation,
    ObservedLock, Serves, adoption_verdict, conclude,
};
pub use port::{ConfiguredPort, DEFAULT_GATEWAY_PORT, PortSource, configured_port};

use camino::Utf8PathBuf;
use serde::{Deserialize, Serialize};

/// How an install was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstallOrigin {
    /// `$OPENCLAW_STATE_DIR`.
    StateDirEnv,
    /// `$OPENCLAW_HOME/.openclaw`.
    OpenclawHome,
    /// `~/.openclaw`.
    Default,
    /// `~/.openclaw-<profile>`.
    Profile,
    /// `~/.clawdbot`, `~/.moltbot` or `~/.moldbot`.
    Legacy,
    /// ClawPanel's `clawpanel.json` `openclawDir`.
    Clawpanel,
    /// The openclaw dir a `Gateway` handle was created for.
    Explicit,
}

/// A CLI that belongs to an install.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstallCli {
    /// The CLI file.
    pub path: Utf8PathBuf,
    /// Its source class (`standalone`, `npm-zh`, `npm-official`, `npm-global`, `unknown`), see [`cli_source`].
    pub source: String,
    /// Its version, from a `VERSION` file or a `package.json`.
    pub version: Option<String>,
}

/// The kind of a service definition that starts a gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// A systemd user unit (`~/.config/systemd/user/openclaw-gateway*.service`).
    Systemd,
    /// A launchd agent (`~/Library/LaunchAgents/ai.openclaw.*.plist`).
    Launchd,
    /// A Windows scheduled task (`OpenClaw Gateway`, `OpenClaw Gateway (<profile>)`).
    WindowsTask,
}

/// A service definition present on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDefinition {
    /// Its kind.
    pub kind: ServiceKind,
    /// The unit, label or task name (`openclaw-gateway.service`, `ai.openclaw.gateway`).
    pub name: String,
    /// The file defining it, when there is one.
    pub path: Option<Utf8PathBuf>,
    /// The profile its name implies (`openclaw-gateway-work` → `work`), `None` for the default one.
    pub profile: Option<String>,
}

/// One OpenClaw install: a state dir with its config, port, CLIs and services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Install {
    /// The state dir.
    pub state_dir: Utf8PathBuf,
    /// The config file (`OPENCLAW_CONFIG_PATH`, else `<state dir>/openclaw.json` or a legacy name).
    pub config_path: Utf8PathBuf,
    /// Whether the config file exists.
    pub config_exists: bool,
    /// Every way this install was found, strongest first.
    pub origins: Vec<InstallOrigin>,
    /// The profile name for `~/.openclaw-<profile>`.
    pub profile: Option<String>,
    /// The configured gateway port.
    pub port: u16,
    /// Where the port comes from.
    pub port_source: PortSource,
    /// A problem with the configured port or the config (unreadable, invalid JSON5, out-of-range port).
    pub port_problem: Option<String>,
    /// CLIs found for this install.
    pub clis: Vec<InstallCli>,
    /// Service definitions that start a gateway for this install.
    pub services: Vec<ServiceDefinition>,
    /// Whether ClawPanel's `clawpanel.json` `openclawDir` points at this state dir.
    pub panel_points_here: bool,
}

/// The source class of a CLI path as a string (`standalone`, `npm-zh`, `npm-official`, `npm-global`, `unknown`):
/// [`crate::gateway::cli::classify_cli_source`], which fixes ClawPanel's `~/.openclaw-bin` / `~/.npm-global` quirk.
///
/// ```
/// use clawscope_core::gateway::install::cli_source;
///
/// assert_eq!(cli_source("/home/a/.openclaw-bin/openclaw"), "standalone");
/// assert_eq!(cli_source("/home/a/.npm-global/bin/openclaw"), "npm-official");
/// assert_eq!(cli_source("/usr/lib/node_modules/@qingchencloud/openclaw-zh/bin/openclaw.js"), "npm-zh");
/// assert_eq!(cli_source("/opt/homebrew/bin/openclaw"), "npm-global");
/// assert_eq!(cli_source("/home/a/bin/openclaw"), "unknown");
/// ```
pub fn cli_source(path: &str) -> &'static str {
    crate::gateway::cli::classify_cli_source(path).as_str()
}

/// The version in a standalone `VERSION` file: the value of its `openclaw_version=` line.
///
/// ```
/// use clawscope_core::gateway::install::parse_version_file;
///
/// assert_eq!(parse_version_file("node_version=24.1\nopenclaw_version=2026.9.6\n").as_deref(), Some("2026.9.6"));
/// assert_eq!(parse_version_file("openclaw_version=\n"), None);
/// ```
pub fn parse_version_file(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.trim().strip_prefix("openclaw_version="))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .filter(|v| !v.is_empty())
}

/// The `version` of a `package.json` text (BOM tolerated); `None` when absent or not a string.
///
/// ```
/// use clawscope_core::gateway::install::parse_package_version;
///
/// assert_eq!(parse_package_version("{\"name\":\"openclaw\",\"version\":\"2026.7.1\"}").as_deref(), Some("2026.7.1"));
/// assert_eq!(parse_package_version("not json"), None);
/// ```
pub fn parse_package_version(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    value
        .get("version")?
        .as_str()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The profile a systemd unit or launchd label names: `openclaw-gateway.service` / `ai.openclaw.gateway` → `None`,
/// `openclaw-gateway-work.service` / `ai.openclaw.work` → `Some("work")`. Node-host services give `None` too.
///
/// ```
/// use clawscope_core::gateway::install::service_profile;
///
/// assert_eq!(service_profile("openclaw-gateway-work.service").as_deref(), Some("work"));
/// assert_eq!(service_profile("ai.openclaw.gateway.plist"), None);
/// assert_eq!(service_profile("ai.openclaw.work.plist").as_deref(), Some("work"));
/// ```
pub fn service_profile(file_name: &str) -> Option<String> {
    let stem = file_name
        .strip_suffix(".service")
        .or_else(|| file_name.strip_suffix(".plist"))
        .unwrap_or(file_name);
    let profile = if let Some(rest) = stem.strip_prefix("openclaw-gateway") {
        rest.strip_prefix('-')?
    } else if let Some(rest) = stem.strip_prefix("ai.openclaw.") {
        if rest == "gateway" || rest == "node" {
            return None;
        }
        rest
    } else {
        return None;
    };
    (!profile.is_empty()).then(|| profile.to_owned())
}

/// The `OPENCLAW_STATE_DIR` a service definition sets: `Environment=OPENCLAW_STATE_DIR=…` (or
/// `Environment="OPENCLAW_STATE_DIR=…"`) in a systemd unit, `<key>OPENCLAW_STATE_DIR</key><string>…</string>` in a
/// launchd plist.
///
/// ```
/// use clawscope_core::gateway::install::service_state_dir;
///
/// let unit = "[Service]\nEnvironment=\"OPENCLAW_STATE_DIR=/srv/oc\"\nExecStart=/usr/bin/openclaw gateway run\n";
/// assert_eq!(service_state_dir(unit).as_deref(), Some("/srv/oc"));
/// let plist = "<key>OPENCLAW_STATE_DIR</key>\n\t<string>/Users/a/.openclaw-work</string>";
/// assert_eq!(service_state_dir(plist).as_deref(), Some("/Users/a/.openclaw-work"));
/// assert_eq!(service_state_dir("[Service]\n"), None);
/// ```
pub fn service_state_dir(text: &str) -> Option<String> {
    const KEY: &str = "OPENCLAW_STATE_DIR";
    if let Some(pos) = text.find("<key>OPENCLAW_STATE_DIR</key>") {
        let rest = &text[pos..];
        let start = rest.find("<string>")? + "<string>".len();
        let end = rest[start..].find("</string>")? + start;
        let value = rest[start..end].trim();
        return (!value.is_empty()).then(|| value.to_owned());
    }
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("Environment="))
        .flat_map(|rest| rest.split_whitespace())
        .map(|item| item.trim_matches('"').trim_matches('\''))
        .find_map(|item| item.strip_prefix(KEY).and_then(|v| v.strip_prefix('=')))
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Expands a leading `~` or `~/` against `home`; any other path is returned unchanged.
///
/// ```
/// use camino::Utf8Path;
/// use clawscope_core::gateway::install::expand_tilde;
///
/// assert_eq!(expand_tilde("~/x", Some(Utf8Path::new("/h"))), "/h/x");
/// assert_eq!(expand_tilde("/abs", Some(Utf8Path::new("/h"))), "/abs");
/// assert_eq!(expand_tilde("~/x", None), "~/x");
/// ```
pub fn expand_tilde(path: &str, home: Option<&camino::Utf8Path>) -> Utf8PathBuf {
    let path = path.trim();
    match (home, path) {
        (Some(home), "~") => home.to_owned(),
        (Some(home), p) if p.starts_with("~/") || p.starts_with("~\\") => home.join(&p[2..]),
        _ => Utf8PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_serialize_snake_case() {
        let json = serde_json::to_string(&InstallOrigin::StateDirEnv).unwrap_or_default();
        assert_eq!(json, "\"state_dir_env\"");
    }

    #[test]
    fn version_file_ignores_other_keys() {
        assert_eq!(parse_version_file("version=1\n"), None);
        assert_eq!(parse_package_version("{\"version\":5}"), None);
        assert_eq!(
            parse_package_version("\u{feff}{\"version\":\" 1.2 \"}").as_deref(),
            Some("1.2")
        );
    }

    #[test]
    fn non_gateway_services_have_no_profile() {
        assert_eq!(service_profile("openclaw-node.service"), None);
        assert_eq!(service_profile("openclaw-gateway-.service"), None);
        assert_eq!(service_profile("ai.openclaw.node.plist"), None);
    }
}
