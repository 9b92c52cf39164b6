//! OpenClaw's gateway singleton lock file (`openclaw-formats.md` §5.3, corrected by §7).
//!
//! A running gateway holds `gateway.<8 hex>.lock`, where the hex digits start the **sha256** of its config path:
//! - OpenClaw ≤ 2026.7: in `<os tmp>/openclaw-<uid>/` (`openclaw/` where there is no uid);
//! - OpenClaw 2026.9: in `$OPENCLAW_STATE_DIR/tmp/openclaw-<uid>/`, next to `gateway.state.lock`, with the JSON
//!   followed by about 136 bytes of space/tab padding.
//!
//! The payload names the pid, the config path and the pid's start time (`/proc/<pid>/stat` field 22), which is what
//! tells a live lock from a stale one whose pid was reused. Lock files are removed at shutdown.
//!
//! ```
//! use clawscope_core::gateway::lockfile::{lock_file_name, parse_lock};
//!
//! assert_eq!(lock_file_name("/home/li/.openclaw/openclaw.json").len(), "gateway.12345678.lock".len());
//! let lock = parse_lock(b"{\"pid\":9860,\"configPath\":\"/h/.openclaw/openclaw.json\",\"startTime\":987654}\n\t  ")?;
//! assert_eq!(lock.pid, 9860);
//! assert_eq!(lock.start_time, Some(987_654));
//! # Ok::<(), clawscope_core::Error>(())
//! ```

use camino::{Utf8Path, Utf8PathBuf};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::env::OsFamily;
use crate::{Env, Error, Result};

/// The release layout a lock directory belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockLayout {
    /// `<os tmp>/openclaw-<uid>/` (OpenClaw ≤ 2026.7).
    OsTemp,
    /// `<state dir>/tmp/openclaw-<uid>/` (OpenClaw 2026.9).
    StateDir,
}

/// A directory where a gateway lock file may be.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LockDir {
    /// The directory.
    pub path: Utf8PathBuf,
    /// Which layout it belongs to.
    pub layout: LockLayout,
    /// For [`LockLayout::StateDir`], the state dir it lives in.
    pub state_dir: Option<Utf8PathBuf>,
}

/// The payload of a gateway lock file. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayLock {
    /// The gateway's pid.
    pub pid: u32,
    /// The config file the gateway serves, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_path: Option<String>,
    /// The pid's start time in clock ticks after boot (`/proc/<pid>/stat` field 22), when recorded (Linux).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<u64>,
    /// When the lock was created (ISO 8601), when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The gateway port, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

/// How a lock relates to a process that is (or is not) running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LockStatus {
    /// The pid is alive and, where both are known, its start time is the recorded one.
    Live,
    /// The pid is not running: the lock is stale.
    DeadPid,
    /// The pid is alive but started at another time: it was reused by another process; the lock is stale.
    StartTimeMismatch,
}

impl GatewayLock {
    /// Classifies the lock given what is known about its pid: whether it is alive and its current start time.
    ///
    /// ```
    /// use clawscope_core::gateway::lockfile::{GatewayLock, LockStatus};
    ///
    /// let lock = GatewayLock { pid: 7, config_path: None, start_time: Some(100), created_at: None, port: None };
    /// assert_eq!(lock.status(true, Some(100)), LockStatus::Live);
    /// assert_eq!(lock.status(true, Some(101)), LockStatus::StartTimeMismatch);
    /// assert_eq!(lock.status(false, None), LockStatus::DeadPid);
    /// ```
    pub fn status(&self, alive: bool, current_start_time: Option<u64>) -> LockStatus {
        if !alive {
            return LockStatus::DeadPid;
        }
        match (self.start_time, current_start_time) {
            (Some(recorded), Some(current)) if recorded != current => LockStatus::StartTimeMismatch,
            _ => LockStatus::Live,
        }
    }
}

/// The lock file name for a config path: `gateway.<first 8 hex digits of sha256(config path)>.lock`. The path is
/// hashed exactly as given (OpenClaw hashes its resolved absolute path).
///
/// ```
/// use clawscope_core::gateway::lockfile::lock_file_name;
///
/// // sha256("abc") = ba7816bf…
/// assert_eq!(lock_file_name("abc"), "gateway.ba7816bf.lock");
/// ```
pub fn lock_file_name(config_path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(config_path.as_bytes());
    let hex: String = digest
        .iter()
        .take(4)
        .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]])
        .map(char::from)
        .collect();
    format!("gateway.{hex}.lock")
}

/// Whether a file name has the shape of a gateway singleton lock (`gateway.<8 lower-case hex>.lock`); the
/// `gateway.state.lock` of 2026.9 does not.
///
/// ```
/// use clawscope_core::gateway::lockfile::is_lock_file_name;
///
/// assert!(is_lock_file_name("gateway.ba7816bf.lock"));
/// assert!(!is_lock_file_name("gateway.state.lock"));
/// ```
pub fn is_lock_file_name(name: &str) -> bool {
    name.strip_prefix("gateway.")
        .and_then(|rest| rest.strip_suffix(".lock"))
        .is_some_and(|hex| {
            hex.len() == 8
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// The per-user directory name: `openclaw-<uid>`, or `openclaw` without a uid (Windows).
fn user_dir_name(env: &Env) -> String {
    match (env.os(), env.uid()) {
        (OsFamily::Windows, _) | (_, None) => "openclaw".to_owned(),
        (_, Some(uid)) => format!("openclaw-{uid}"),
    }
}

/// The directories where gateway lock files may be, 2026.7 layout first: `<os tmp>/openclaw-<uid>/`, then
/// `<state dir>/tmp/openclaw-<uid>/` for `state_dir` and for `$OPENCLAW_STATE_DIR` (deduplicated).
///
/// ```
/// use clawscope_core::Env;
/// use clawscope_core::gateway::lockfile::{LockLayout, lock_dirs};
///
/// let env = Env::new("/home/a").with_uid(1000).with_temp_dir("/tmp").with_var("OPENCLAW_STATE_DIR", "/srv/oc");
/// let dirs = lock_dirs(&env, None);
/// assert_eq!(dirs[0].path, "/tmp/openclaw-1000");
/// assert_eq!(dirs[1].path, "/srv/oc/tmp/openclaw-1000");
/// assert_eq!(dirs[1].layout, LockLayout::StateDir);
/// ```
pub fn lock_dirs(env: &Env, state_dir: Option<&Utf8Path>) -> Vec<LockDir> {
    let user = user_dir_name(env);
    let mut out = Vec::new();
    if let Some(tmp) = env.temp_dir() {
        out.push(LockDir {
            path: tmp.join(&user),
            layout: LockLayout::OsTemp,
            state_dir: None,
        });
    }
    let from_env = env.var("OPENCLAW_STATE_DIR").map(Utf8Path::new);
    for dir in [state_dir, from_env].into_iter().flatten() {
        let entry = LockDir {
            path: dir.join("tmp").join(&user),
            layout: LockLayout::StateDir,
            state_dir: Some(dir.to_owned()),
        };
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
    out
}

/// Parses lock-file bytes: JSON, possibly followed (or preceded) by whitespace or NUL padding, possibly with a
/// UTF-8 BOM. The pid must be a number greater than zero.
pub fn parse_lock(bytes: &[u8]) -> Result<GatewayLock> {
    let bad = |reason: String| Error::invalid_argument("gateway lock file", reason);
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let is_pad = |b: &u8| b.is_ascii_whitespace() || *b == 0;
    let start = bytes.iter().position(|b| !is_pad(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !is_pad(b)).map_or(start, |i| i + 1);
    let body = bytes.get(start..end).unwrap_or_default();
    if body.is_empty() {
        return Err(bad("empty".to_owned()));
    }
    let lock: GatewayLock =
        serde_json::from_slice(body).map_err(|e| bad(crate::error::shorten(&e.to_string(), 200)))?;
    if lock.pid == 0 {
        return Err(bad("pid is 0".to_owned()));
    }
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_and_nuls_are_trimmed() {
        let mut bytes =
            br#"{"pid":1,"createdAt":"2026-04-02T09:00:00.000Z","configPath":"/c","extra":true}"#.to_vec();
        bytes.extend(std::iter::repeat_n(b' ', 100));
        bytes.extend([b'\t', 0, 0, b'\n']);
        let lock = parse_lock(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lock.config_path.as_deref(), Some("/c"));
        assert_eq!(lock.created_at.as_deref(), Some("2026-04-02T09:00:00.000Z"));
        assert_eq!(lock.start_time, None);
    }

    #[test]
    fn corrupt_locks_are_errors() {
        for bytes in [
            &b""[..],
            b"   \0",
            b"{",
            b"[]",
            b"{\"pid\":0}",
            b"{\"pid\":-1}",
            b"{\"pid\":\"1\"}",
            b"\xff\xfe",
        ] {
            let err = parse_lock(bytes).expect_err("must fail");
            assert_eq!(err.code().as_str(), "INVALID_ARGUMENT");
        }
    }

    #[test]
    fn windows_and_missing_uid_use_plain_dir() {
        let env = Env::new("C:/Users/a")
            .with_temp_dir("C:/Temp")
            .with_uid(5)
            .with_os(OsFamily::Windows);
        assert_eq!(lock_dirs(&env, None)[0].path, "C:/Temp/openclaw");
        let env = Env::new("/h").with_temp_dir("/tmp");
        assert_eq!(lock_dirs(&env, None)[0].path, "/tmp/openclaw");
    }

    #[test]
    fn state_dir_is_not_listed_twice() {
        let env = Env::new("/h").with_uid(1).with_var("OPENCLAW_STATE_DIR", "/s");
        let dirs = lock_dirs(&env, Some(Utf8Path::new("/s")));
        assert_eq!(dirs.len(), 1);
        assert_eq!(dirs[0].state_dir.as_deref(), Some(Utf8Path::new("/s")));
    }

    #[test]
    fn name_is_sha256_prefix() {
        let name = lock_file_name("/home/li/.openclaw/openclaw.json");
        assert!(is_lock_file_name(&name), "{name}");
        assert_ne!(name, lock_file_name("/home/li/.openclaw-work/openclaw.json"));
    }
}
