//! Atomic, private file writes (temp file in the same directory, fsync, rename, fsync of the directory, mode 0600
//! on Unix) and an advisory cross-process lock for read-modify-write sequences.
//!
//! ```
//! # fn main() -> clawscope::Result<()> {
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("gateway-owner.json");
//! let _guard = clawscope::atomic::FileLock::acquire(&dir.path().join("gateway-owner.json.lock"))?;
//! clawscope::atomic::write_private_atomic(&path, b"{}")?;
//! assert_eq!(std::fs::read(&path).unwrap(), b"{}");
//! # Ok(()) }
//! ```

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use clawscope_core::{Error, Result};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path_for(path: &Path) -> Result<PathBuf> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid_path(path.display(), "no file name"))?
        .to_string_lossy();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    Ok(dir.join(format!(".{name}.{}.{n}.tmp", std::process::id())))
}

/// Writes `bytes` to `path` atomically: readers see the old content or the new content, never a mix. The parent
/// directory is created when missing. On Unix the file gets mode 0600. On failure the temp file is removed and
/// the old file is left untouched.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io("create dir", dir.display(), e))?;
    let tmp = temp_path_for(path)?;
    let result = write_then_rename(&tmp, path, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir);
    sweep_dead_temp_files(dir, path);
    Ok(())
}

/// Removes the temp files of `path` left by writers that were killed mid-write (their pid, part of the temp
/// name, no longer runs). Best effort, Linux only (it needs `/proc` to tell a dead writer from a live one); the
/// temp files of live processes, this one included, are never touched.
fn sweep_dead_temp_files(dir: &Path, path: &Path) {
    #[cfg(target_os = "linux")]
    {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            return;
        };
        let prefix = format!(".{name}.");
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(pid) = file_name
                .to_str()
                .and_then(|n| n.strip_prefix(&prefix))
                .and_then(|rest| rest.strip_suffix(".tmp"))
                .and_then(|rest| rest.split_once('.'))
                .and_then(|(pid, n)| n.parse::<u64>().ok().and(pid.parse::<u32>().ok()))
            else {
                continue;
            };
            if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (dir, path);
}

fn write_then_rename(tmp: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(tmp)
        .map_err(|e| Error::io("create", tmp.display(), e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io("write", tmp.display(), e))?;
    file.sync_all()
        .map_err(|e| Error::io("fsync", tmp.display(), e))?;
    drop(file);
    fs::rename(tmp, path).map_err(|e| Error::io("rename", path.display(), e))
}

/// Best effort: makes the rename durable. Directories cannot be opened for sync on Windows.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// An exclusive advisory lock on a lock file, held until dropped. It serialises writers across processes (and
/// threads, each taking its own lock); it does not stop a program that ignores it.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Blocks until the exclusive lock on `path` is held; the file (and its parent dir) is created when missing.
    pub fn acquire(path: &Path) -> Result<FileLock> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| Error::io("create dir", dir.display(), e))?;
        }
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(path)
            .map_err(|e| Error::io("open lock", path.display(), e))?;
        file.lock().map_err(|e| Error::io("lock", path.display(), e))?;
        Ok(FileLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/owner.json");
        write_private_atomic(&path, b"one").unwrap();
        write_private_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("owner.json")]);
    }

    #[cfg(unix)]
    #[test]
    fn file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("owner.json");
        write_private_atomic(&path, b"x").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn failure_removes_temp_and_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a non-empty directory: rename fails.
        let target = dir.path().join("target");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("keep"), b"k").unwrap();
        let err = write_private_atomic(&target, b"new").unwrap_err();
        assert_eq!(err.code(), clawscope_core::ErrorCode::Io);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("target")]);
        assert_eq!(fs::read(target.join("keep")).unwrap(), b"k");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_successful_write_sweeps_temp_files_of_dead_writers_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("owner.json");
        // pid 0x7fff_fff0 is above Linux's pid_max, so it is never alive.
        let dead = dir.path().join(".owner.json.2147483632.3.tmp");
        let live = dir
            .path()
            .join(format!(".owner.json.{}.999999.tmp", std::process::id()));
        let other = dir.path().join(".other.json.2147483632.3.tmp");
        for p in [&dead, &live, &other] {
            fs::write(p, b"partial").unwrap();
        }
        write_private_atomic(&path, b"new").unwrap();
        assert!(!dead.exists());
        assert!(live.exists(), "a live writer's temp file is kept");
        assert!(other.exists(), "another file's temp file is kept");
    }

    #[test]
    fn lock_is_exclusive_across_handles() {
        let dir = tempfile::tempdir().unwrap();
        let lock_path = dir.path().join("x.lock");
        let guard = FileLock::acquire(&lock_path).unwrap();
        let other = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&lock_path)
            .unwrap();
        assert!(other.try_lock().is_err(), "second handle must not get the lock");
        drop(guard);
        assert!(other.try_lock().is_ok());
    }
}
