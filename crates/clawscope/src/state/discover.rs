//! Finding the state dir and its config file like OpenClaw does (`openclaw-formats.md` §2.1).
//!
//! The rules are evaluated against an explicit [`Env`] and an existence oracle, so they are testable without the
//! real environment: [`resolve_state_dir`] and [`resolve_config_path`] are pure apart from the oracle.

use camino::{Utf8Path, Utf8PathBuf};

use super::StateDir;
use super::session_file::looks_absolute;
use clawscope_core::{Env, Error, Result};

/// Legacy state dir names under home, in OpenClaw's order of preference.
pub const LEGACY_STATE_DIR_NAMES: &[&str] = &[".clawdbot", ".moldbot", ".moltbot"];

/// Config file names inside a state dir, current first.
pub const CONFIG_FILE_NAMES: &[&str] = &["openclaw.json", "clawdbot.json", "moldbot.json", "moltbot.json"];

/// How the state dir was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StateDirSource {
    /// `OPENCLAW_STATE_DIR` or legacy `CLAWDBOT_STATE_DIR`.
    EnvVar,
    /// `OPENCLAW_PROFILE` → `~/.openclaw-<profile>`.
    Profile,
    /// `~/.openclaw`, existing.
    Default,
    /// An existing legacy dir (`~/.clawdbot`, `~/.moldbot`, `~/.moltbot`).
    Legacy,
    /// `~/.openclaw`, although it does not exist.
    Fallback,
}

/// The home directory OpenClaw uses: `OPENCLAW_HOME` (a leading `~` expands against the env's home; a relative
/// value resolves against the env's working dir), else the env's home.
///
/// ```
/// use clawscope::state::discover::openclaw_home;
/// use clawscope_core::Env;
/// let env = Env::new("/home/li").with_var("OPENCLAW_HOME", "~/oc");
/// assert_eq!(openclaw_home(&env).unwrap(), "/home/li/oc");
/// ```
pub fn openclaw_home(env: &Env) -> Result<Utf8PathBuf> {
    if let Some(value) = env.var("OPENCLAW_HOME") {
        return expand_user_path(env, value.trim(), env.home());
    }
    env.home()
        .map(ToOwned::to_owned)
        .ok_or_else(|| Error::invalid_argument("env", "no home directory (HOME / USERPROFILE) is set"))
}

/// Expands a leading `~` against `home` and resolves a relative path against the env's working dir.
fn expand_user_path(env: &Env, value: &str, home: Option<&Utf8Path>) -> Result<Utf8PathBuf> {
    let expanded = if value == "~" {
        home_or_err(home)?.to_owned()
    } else if let Some(rest) = value.strip_prefix("~/").or_else(|| value.strip_prefix("~\\")) {
        home_or_err(home)?.join(rest)
    } else {
        Utf8PathBuf::from(value)
    };
    if expanded.is_absolute() || looks_absolute(expanded.as_str()) {
        return Ok(expanded);
    }
    match env.cwd() {
        Some(cwd) => Ok(cwd.join(expanded)),
        None => Ok(expanded),
    }
}

fn home_or_err(home: Option<&Utf8Path>) -> Result<&Utf8Path> {
    home.ok_or_else(|| Error::invalid_argument("env", "`~` used but no home directory is set"))
}

/// Resolves the state dir path without requiring it to exist; `exists` answers for candidate directories.
///
/// Order: `OPENCLAW_STATE_DIR` > `CLAWDBOT_STATE_DIR` > `OPENCLAW_PROFILE` (`~/.openclaw-<profile>`; the profile
/// `default` means no profile) > `~/.openclaw` if it exists > the first existing legacy dir > `~/.openclaw`.
/// A profile name other than letters, digits, `-` and `_` is `INVALID_ARGUMENT`.
///
/// ```
/// use clawscope::state::discover::{resolve_state_dir, StateDirSource};
/// use clawscope_core::Env;
///
/// let env = Env::new("/home/li");
/// let (dir, source) = resolve_state_dir(&env, |p| p.as_str() == "/home/li/.moltbot").unwrap();
/// assert_eq!((dir.as_str(), source), ("/home/li/.moltbot", StateDirSource::Legacy));
///
/// let env = env.with_var("OPENCLAW_PROFILE", "work");
/// assert_eq!(resolve_state_dir(&env, |_| true).unwrap().0, "/home/li/.openclaw-work");
/// ```
pub fn resolve_state_dir(
    env: &Env,
    exists: impl Fn(&Utf8Path) -> bool,
) -> Result<(Utf8PathBuf, StateDirSource)> {
    for name in ["OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR"] {
        if let Some(value) = env.var(name) {
            return Ok((
                expand_user_path(env, value.trim(), env.home())?,
                StateDirSource::EnvVar,
            ));
        }
    }
    let home = openclaw_home(env)?;
    if let Some(profile) = env.var("OPENCLAW_PROFILE").map(str::trim)
        && !profile.eq_ignore_ascii_case("default")
    {
        if !profile
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(Error::invalid_argument(
                "OPENCLAW_PROFILE",
                "a profile name may only hold letters, digits, '-' and '_'",
            ));
        }
        return Ok((home.join(format!(".openclaw-{profile}")), StateDirSource::Profile));
    }
    let default = home.join(".openclaw");
    if exists(&default) {
        return Ok((default, StateDirSource::Default));
    }
    for legacy in LEGACY_STATE_DIR_NAMES {
        let candidate = home.join(legacy);
        if exists(&candidate) {
            return Ok((candidate, StateDirSource::Legacy));
        }
    }
    Ok((default, StateDirSource::Fallback))
}

/// Resolves the config path: `OPENCLAW_CONFIG_PATH` > `CLAWDBOT_CONFIG_PATH` > the first existing of
/// [`CONFIG_FILE_NAMES`] in `state_dir` > `<state_dir>/openclaw.json`.
///
/// ```
/// use clawscope::state::discover::resolve_config_path;
/// use clawscope_core::Env;
/// let env = Env::new("/h");
/// let p = resolve_config_path(&env, "/h/.openclaw".into(), |p| p.as_str().ends_with("clawdbot.json")).unwrap();
/// assert_eq!(p, "/h/.openclaw/clawdbot.json");
/// ```
pub fn resolve_config_path(
    env: &Env,
    state_dir: &Utf8Path,
    exists: impl Fn(&Utf8Path) -> bool,
) -> Result<Utf8PathBuf> {
    for name in ["OPENCLAW_CONFIG_PATH", "CLAWDBOT_CONFIG_PATH"] {
        if let Some(value) = env.var(name) {
            return expand_user_path(env, value.trim(), env.home());
        }
    }
    Ok(config_in(state_dir, exists))
}

fn config_in(state_dir: &Utf8Path, exists: impl Fn(&Utf8Path) -> bool) -> Utf8PathBuf {
    CONFIG_FILE_NAMES
        .iter()
        .map(|name| state_dir.join(name))
        .find(|p| exists(p))
        .unwrap_or_else(|| state_dir.join(CONFIG_FILE_NAMES[0]))
}

pub(crate) fn open(path: &Utf8Path, config: Option<Utf8PathBuf>) -> Result<StateDir> {
    if path.as_str().is_empty() {
        return Err(Error::invalid_path(path, "empty state dir path"));
    }
    let meta = std::fs::metadata(path).map_err(|e| Error::io("open state dir", path, e))?;
    if !meta.is_dir() {
        return Err(Error::invalid_path(path, "the state dir is not a directory"));
    }
    let config_path = config.unwrap_or_else(|| config_in(path, Utf8Path::is_file));
    Ok(StateDir {
        root: path.to_owned(),
        config_path,
    })
}

pub(crate) fn discover(env: &Env) -> Result<StateDir> {
    let (dir, _source) = resolve_state_dir(env, Utf8Path::is_dir)?;
    let config = resolve_config_path(env, &dir, Utf8Path::is_file)?;
    open(&dir, Some(config))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn env_var_wins_and_expands_tilde() {
        let env = Env::new("/home/li")
            .with_var("OPENCLAW_STATE_DIR", "~/state")
            .with_var("OPENCLAW_PROFILE", "x");
        assert_eq!(
            resolve_state_dir(&env, |_| true).unwrap(),
            ("/home/li/state".into(), StateDirSource::EnvVar)
        );
        let env = Env::new("/home/li").with_var("CLAWDBOT_STATE_DIR", "/srv/claw");
        assert_eq!(resolve_state_dir(&env, |_| false).unwrap().0, "/srv/claw");
    }

    #[test]
    fn relative_values_resolve_against_cwd() {
        let env = Env::new("/home/li")
            .with_cwd("/work")
            .with_var("OPENCLAW_STATE_DIR", "st");
        assert_eq!(resolve_state_dir(&env, |_| false).unwrap().0, "/work/st");
    }

    #[test]
    fn openclaw_home_moves_everything() {
        let env = Env::new("/home/li").with_var("OPENCLAW_HOME", "/opt/oc");
        assert_eq!(
            resolve_state_dir(&env, |_| false).unwrap(),
            ("/opt/oc/.openclaw".into(), StateDirSource::Fallback)
        );
    }

    #[test]
    fn default_beats_legacy_and_fallback_is_default() {
        let env = Env::new("/h");
        let (dir, src) = resolve_state_dir(&env, |p| p.as_str().starts_with("/h/.")).unwrap();
        assert_eq!((dir.as_str(), src), ("/h/.openclaw", StateDirSource::Default));
        let (dir, src) = resolve_state_dir(&env, |p| {
            p.as_str() == "/h/.moldbot" || p.as_str() == "/h/.moltbot"
        })
        .unwrap();
        assert_eq!((dir.as_str(), src), ("/h/.moldbot", StateDirSource::Legacy));
    }

    #[test]
    fn profiles() {
        let env = Env::new("/h").with_var("OPENCLAW_PROFILE", "default");
        assert_eq!(
            resolve_state_dir(&env, |_| false).unwrap().1,
            StateDirSource::Fallback
        );
        let env = Env::new("/h").with_var("OPENCLAW_PROFILE", "../etc");
        assert_eq!(
            resolve_state_dir(&env, |_| false).unwrap_err().code().as_str(),
            "INVALID_ARGUMENT"
        );
    }

    #[test]
    fn no_home_is_an_error_not_a_panic() {
        let env = Env::default();
        assert_eq!(
            resolve_state_dir(&env, |_| false).unwrap_err().code().as_str(),
            "INVALID_ARGUMENT"
        );
        let env = Env::default().with_var("OPENCLAW_STATE_DIR", "~/x");
        assert!(resolve_state_dir(&env, |_| false).is_err());
    }

    #[test]
    fn config_env_and_windows_paths() {
        let env = Env::new("/h").with_var("OPENCLAW_CONFIG_PATH", "C:\\oc\\openclaw.json");
        assert_eq!(
            resolve_config_path(&env, Utf8Path::new("/h/.openclaw"), |_| false).unwrap(),
            "C:\\oc\\openclaw.json"
        );
        let env = Env::new("/h");
        assert_eq!(
            resolve_config_path(&env, Utf8Path::new("/s"), |_| false).unwrap(),
            "/s/openclaw.json"
        );
    }
}
