//! Builds a [`clawscope_core::Env`] from the real process environment.
//!
//! ```
//! let env = clawscope::env::from_process();
//! assert!(env.temp_dir().is_some());
//! ```

use camino::Utf8PathBuf;
use clawscope_core::Env;
use clawscope_core::env::OsFamily;

/// A snapshot of this process's environment: its variables (those with UTF-8 names and values), the home directory
/// (`$HOME`, else `%USERPROFILE%`), the working and temp directories (when valid UTF-8), the user id (Unix, from
/// `/proc/self/status` or the owner of `/proc/self`), and the OS family of the build target.
pub fn from_process() -> Env {
    let vars: Vec<(String, String)> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect();
    let lookup = |name: &str| {
        vars.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.trim().is_empty())
    };
    let home = lookup("HOME")
        .or_else(|| lookup("USERPROFILE"))
        .map(Utf8PathBuf::from);
    let mut env = Env::default().with_home(home).with_os(os_family());
    if let Some(cwd) = std::env::current_dir()
        .ok()
        .and_then(|p| Utf8PathBuf::from_path_buf(p).ok())
    {
        env = env.with_cwd(cwd);
    }
    if let Ok(tmp) = Utf8PathBuf::from_path_buf(std::env::temp_dir()) {
        env = env.with_temp_dir(tmp);
    }
    if let Some(uid) = current_uid() {
        env = env.with_uid(uid);
    }
    for (k, v) in vars {
        env = env.with_var(k, v);
    }
    env
}

/// The OS family of the build target.
pub fn os_family() -> OsFamily {
    if cfg!(windows) {
        OsFamily::Windows
    } else if cfg!(target_os = "macos") {
        OsFamily::Macos
    } else {
        OsFamily::Linux
    }
}

/// The real user id of this process (Unix), without `unsafe`: `/proc/self/status` on Linux, else the owner of the
/// process's own `/proc` entry or of a fresh temp file.
pub fn current_uid() -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(text) = std::fs::read_to_string("/proc/self/status")
            && let Some(uid) = clawscope_core::gateway::process::parse_status_uid(&text)
        {
            return Some(uid);
        }
        if let Ok(meta) = std::fs::metadata("/proc/self") {
            return Some(meta.uid());
        }
        // macOS: a file we create is owned by our effective uid.
        let probe = std::env::temp_dir().join(format!(".clawscope-uid-{}", std::process::id()));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
            .ok()?;
        let uid = file.metadata().ok().map(|m| m.uid());
        drop(file);
        let _ = std::fs::remove_file(&probe);
        uid
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_has_home_and_uid() {
        let env = from_process();
        assert_eq!(env.os(), os_family());
        if let Ok(home) = std::env::var("HOME") {
            assert_eq!(env.home().map(camino::Utf8Path::as_str), Some(home.as_str()));
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::MetadataExt;
            let owner = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
            assert_eq!(env.uid(), owner);
        }
        if let Ok(path) = std::env::var("PATH") {
            assert_eq!(env.var("PATH"), Some(path.as_str()));
        }
    }
}
