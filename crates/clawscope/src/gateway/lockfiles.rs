//! Reading OpenClaw's gateway lock files (read-only) from both layouts, with the liveness of their pids.
//!
//! ```no_run
//! let env = clawscope::env::from_process();
//! for lock in clawscope::gateway::lockfiles::read_lock_files(&env, &[]) {
//!     println!("{} alive={} {:?}", lock.path, lock.pid_alive, lock.lock);
//! }
//! ```

use camino::Utf8PathBuf;
use clawscope_core::Env;
use clawscope_core::gateway::install::ObservedLock;
use clawscope_core::gateway::lockfile::{LockDir, is_lock_file_name, lock_dirs, parse_lock};

use super::probe::{pid_alive, process_info};

/// Lock files bigger than this are not read (a real one is under 1 KiB).
const MAX_LOCK_BYTES: u64 = 64 * 1024;

/// Every gateway lock file (`gateway.<8 hex>.lock`) in `<os tmp>/openclaw-<uid>/` and in
/// `<state dir>/tmp/openclaw-<uid>/` for each of `state_dirs` and `$OPENCLAW_STATE_DIR`, each with its parsed payload
/// (or why it could not be read), whether its pid is alive and that pid's current start time. Missing directories
/// are skipped; nothing is written or locked.
pub fn read_lock_files(env: &Env, state_dirs: &[Utf8PathBuf]) -> Vec<ObservedLock> {
    let mut dirs: Vec<LockDir> = Vec::new();
    for dir in lock_dirs(env, None) {
        push_unique(&mut dirs, dir);
    }
    for state in state_dirs {
        for dir in lock_dirs(env, Some(state)) {
            push_unique(&mut dirs, dir);
        }
    }
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir.path) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| is_lock_file_name(n))
            .collect();
        names.sort();
        for name in names {
            out.push(observe(&dir, dir.path.join(name)));
        }
    }
    out
}

fn push_unique(dirs: &mut Vec<LockDir>, dir: LockDir) {
    if !dirs.iter().any(|d| d.path == dir.path) {
        dirs.push(dir);
    }
}

/// Reads and classifies one lock file.
fn observe(dir: &LockDir, path: Utf8PathBuf) -> ObservedLock {
    let mut observed = ObservedLock {
        path,
        layout: dir.layout,
        state_dir: dir.state_dir.clone(),
        lock: None,
        error: None,
        pid_alive: false,
        pid_start_time: None,
    };
    let bytes = match std::fs::metadata(&observed.path) {
        Ok(meta) if meta.len() > MAX_LOCK_BYTES => Err(format!("larger than {MAX_LOCK_BYTES} bytes")),
        Ok(_) => std::fs::read(&observed.path).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match bytes.and_then(|b| parse_lock(&b).map_err(|e| e.to_string())) {
        Ok(lock) => {
            observed.pid_alive = pid_alive(lock.pid);
            if observed.pid_alive {
                observed.pid_start_time = process_info(lock.pid).and_then(|i| i.start_time);
            }
            observed.lock = Some(lock);
        }
        Err(e) => observed.error = Some(e),
    }
    observed
}
