//! An explicit snapshot of the process environment.
//!
//! Discovery rules (state dir, gateway port, CLI path) depend on environment variables, the home directory and the
//! platform. The core never reads them itself: callers pass an [`Env`]. Tests build one by hand; the `clawscope`
//! crate builds one from the real process with `clawscope::env::from_process()`.

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};

/// The operating-system family a rule is evaluated for. Rules that differ on Windows (path separators, CLI file
/// names) take it from [`Env::os`], so they can be tested on any host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OsFamily {
    /// Linux and other Unix-likes except macOS.
    #[default]
    Linux,
    /// macOS.
    Macos,
    /// Windows.
    Windows,
}

/// Environment variables, home, working and temp directories, user id and OS, as plain data.
///
/// ```
/// use clawscope_core::Env;
///
/// let env = Env::new("/home/a").with_var("OPENCLAW_GATEWAY_PORT", "18790");
/// assert_eq!(env.var("OPENCLAW_GATEWAY_PORT"), Some("18790"));
/// assert_eq!(env.var("OPENCLAW_GATEWAY_PORT_X"), None);
/// assert_eq!(env.home().map(|h| h.as_str()), Some("/home/a"));
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
    home: Option<Utf8PathBuf>,
    cwd: Option<Utf8PathBuf>,
    temp_dir: Option<Utf8PathBuf>,
    uid: Option<u32>,
    os: OsFamily,
}

/// Variable names whose values are secrets: [`Env`]'s `Debug` output shows them as `<redacted>`.
const SECRET_MARKERS: &[&str] = &["TOKEN", "PASSWORD", "SECRET", "API_KEY", "APIKEY"];

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let vars: BTreeMap<&str, &str> = self
            .vars
            .iter()
            .map(|(k, v)| {
                let upper = k.to_ascii_uppercase();
                let secret = SECRET_MARKERS.iter().any(|m| upper.contains(m));
                (k.as_str(), if secret { "<redacted>" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("Env")
            .field("vars", &vars)
            .field("home", &self.home)
            .field("cwd", &self.cwd)
            .field("temp_dir", &self.temp_dir)
            .field("uid", &self.uid)
            .field("os", &self.os)
            .finish()
    }
}

impl Env {
    /// An environment with a home directory, no variables, Linux rules.
    pub fn new(home: impl Into<Utf8PathBuf>) -> Self {
        Env {
            home: Some(home.into()),
            ..Env::default()
        }
    }

    /// Sets a variable (builder style).
    #[must_use]
    pub fn with_var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// Sets the home directory (builder style).
    #[must_use]
    pub fn with_home(mut self, home: Option<Utf8PathBuf>) -> Self {
        self.home = home;
        self
    }

    /// Sets the working directory used to resolve relative paths (builder style).
    #[must_use]
    pub fn with_cwd(mut self, cwd: impl Into<Utf8PathBuf>) -> Self {
        self.cwd = Some(cwd.into());
        self
    }

    /// Sets the OS temp directory (builder style).
    #[must_use]
    pub fn with_temp_dir(mut self, dir: impl Into<Utf8PathBuf>) -> Self {
        self.temp_dir = Some(dir.into());
        self
    }

    /// Sets the numeric user id (builder style).
    #[must_use]
    pub fn with_uid(mut self, uid: u32) -> Self {
        self.uid = Some(uid);
        self
    }

    /// Sets the OS family (builder style).
    #[must_use]
    pub fn with_os(mut self, os: OsFamily) -> Self {
        self.os = os;
        self
    }

    /// A variable's value; an empty or whitespace-only value counts as unset, as in OpenClaw.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// All variables.
    pub fn vars(&self) -> &BTreeMap<String, String> {
        &self.vars
    }

    /// The home directory.
    pub fn home(&self) -> Option<&Utf8Path> {
        self.home.as_deref()
    }

    /// The working directory.
    pub fn cwd(&self) -> Option<&Utf8Path> {
        self.cwd.as_deref()
    }

    /// The OS temp directory.
    pub fn temp_dir(&self) -> Option<&Utf8Path> {
        self.temp_dir.as_deref()
    }

    /// The numeric user id.
    pub fn uid(&self) -> Option<u32> {
        self.uid
    }

    /// The OS family.
    pub fn os(&self) -> OsFamily {
        self.os
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secrets() {
        let env = Env::new("/h")
            .with_var("OPENCLAW_GATEWAY_TOKEN", "s3cr3t-value")
            .with_var("PATH", "/bin");
        let text = format!("{env:?}");
        assert!(!text.contains("s3cr3t-value"), "{text}");
        assert!(text.contains("/bin"));
    }

    #[test]
    fn blank_values_count_as_unset() {
        let env = Env::new("/h").with_var("OPENCLAW_STATE_DIR", "   ");
        assert_eq!(env.var("OPENCLAW_STATE_DIR"), None);
    }
}
