//! Reading and writing `gateway-owner.json`.
//!
//! Reading never writes and refuses what is not a plain file in the openclaw dir (a directory, a FIFO, a device,
//! a symlink to a file elsewhere) with [`clawscope_core::ErrorCode::InvalidPath`]. Writing is atomic and private
//! ([`crate::atomic`]) and produces both ClawPanel dialects. Callers that read, decide and write take the lock of
//! [`owner_lock_path`] first.
//!
//! ```
//! # fn main() -> clawscope::Result<()> {
//! use clawscope::gateway::owner_file::{clear_owner_file, read_owner_file, write_owner_file};
//! use clawscope::gateway::owner::{OwnerReadOutcome, OwnerRecord};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("gateway-owner.json");
//! assert_eq!(read_owner_file(&path)?, OwnerReadOutcome::Missing);
//! let now = "2026-07-23T11:18:47.123Z".parse().unwrap();
//! write_owner_file(&path, &OwnerRecord::claim(18789, "/home/li/.openclaw", None, Some(42), now))?;
//! assert_eq!(read_owner_file(&path)?.record().and_then(|r| r.pid), Some(42));
//! assert!(clear_owner_file(&path)?);
//! assert!(!clear_owner_file(&path)?);
//! # Ok(()) }
//! ```

use std::fs::{self, File};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use clawscope_core::gateway::owner::{
    CorruptKind, MAX_OWNER_FILE_BYTES, OwnerReadOutcome, OwnerRecord, parse_owner_record,
};
use clawscope_core::{Error, Result};

use crate::atomic::write_private_atomic;

/// The lock file serialising claims: `<owner file>.lock` next to it.
pub fn owner_lock_path(owner_path: &Path) -> PathBuf {
    let mut name = owner_path
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(".lock");
    owner_path.with_file_name(name)
}

/// Checks that `path` is a regular file, or a symlink to a regular file in the same directory. `Ok(false)` when
/// nothing is there.
fn check_kind(path: &Path) -> Result<bool> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io("stat", path.display(), e)),
    };
    if meta.file_type().is_symlink() {
        let target = match fs::canonicalize(path) {
            Ok(t) => t,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(Error::invalid_path(path.display(), "dangling symlink"));
            }
            Err(e) => return Err(Error::io("resolve", path.display(), e)),
        };
        let own_dir = path.parent().and_then(|d| fs::canonicalize(d).ok());
        if own_dir.as_deref() != target.parent() {
            return Err(Error::invalid_path(
                path.display(),
                "symlink to a file outside the openclaw dir",
            ));
        }
        let target_meta = fs::metadata(&target).map_err(|e| Error::io("stat", target.display(), e))?;
        if !target_meta.is_file() {
            return Err(Error::invalid_path(path.display(), "not a regular file"));
        }
        return Ok(true);
    }
    if meta.is_dir() {
        return Err(Error::invalid_path(path.display(), "a directory, not a file"));
    }
    if !meta.is_file() {
        return Err(Error::invalid_path(
            path.display(),
            "not a regular file (FIFO, socket or device)",
        ));
    }
    Ok(true)
}

/// Reads the owner file: [`OwnerReadOutcome::Missing`] when absent, `Valid` or `Corrupt` otherwise. Files over
/// [`MAX_OWNER_FILE_BYTES`] are reported corrupt without being read whole. Never writes.
pub fn read_owner_file(path: &Path) -> Result<OwnerReadOutcome> {
    if !check_kind(path)? {
        return Ok(OwnerReadOutcome::Missing);
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(OwnerReadOutcome::Missing),
        Err(e) => return Err(Error::io("open", path.display(), e)),
    };
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_OWNER_FILE_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", path.display(), e))?;
    if bytes.len() > MAX_OWNER_FILE_BYTES {
        return Ok(OwnerReadOutcome::Corrupt {
            kind: CorruptKind::TooLarge,
            reason: format!("more than the {MAX_OWNER_FILE_BYTES}-byte limit"),
        });
    }
    Ok(parse_owner_record(&bytes))
}

/// Writes `record` atomically (mode 0600 on Unix), in both ClawPanel dialects. Refuses to replace a directory.
pub fn write_owner_file(path: &Path, record: &OwnerRecord) -> Result<()> {
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(Error::invalid_path(path.display(), "a directory, not a file"));
    }
    write_private_atomic(path, &record.to_json_bytes())
}

/// Removes the owner file. Returns whether a file was removed; a missing file is fine. Refuses a directory.
pub fn clear_owner_file(path: &Path) -> Result<bool> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io("stat", path.display(), e)),
        Ok(m) if m.is_dir() => return Err(Error::invalid_path(path.display(), "a directory, not a file")),
        Ok(_) => {}
    }
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io("remove", path.display(), e)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clawscope_core::ErrorCode;

    #[test]
    fn directory_is_refused_everywhere() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway-owner.json");
        fs::create_dir(&path).unwrap();
        assert_eq!(read_owner_file(&path).unwrap_err().code(), ErrorCode::InvalidPath);
        assert_eq!(
            clear_owner_file(&path).unwrap_err().code(),
            ErrorCode::InvalidPath
        );
        let now = "2026-01-01T00:00:00Z".parse().unwrap();
        let rec = OwnerRecord::claim(1, "/d", None, None, now);
        assert_eq!(
            write_owner_file(&path, &rec).unwrap_err().code(),
            ErrorCode::InvalidPath
        );
    }

    #[test]
    fn oversized_file_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway-owner.json");
        fs::write(&path, vec![b' '; MAX_OWNER_FILE_BYTES + 10]).unwrap();
        assert!(matches!(
            read_owner_file(&path).unwrap(),
            OwnerReadOutcome::Corrupt {
                kind: CorruptKind::TooLarge,
                ..
            }
        ));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_inside_are_followed_and_outside_refused() {
        let dir = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        fs::write(&real, br#"{"port":18789}"#).unwrap();
        let path = dir.path().join("gateway-owner.json");
        std::os::unix::fs::symlink(&real, &path).unwrap();
        assert_eq!(
            read_owner_file(&path).unwrap().record().and_then(|r| r.port),
            Some(18789)
        );
        fs::remove_file(&path).unwrap();
        let outside = other.path().join("x.json");
        fs::write(&outside, b"{}").unwrap();
        std::os::unix::fs::symlink(&outside, &path).unwrap();
        assert_eq!(read_owner_file(&path).unwrap_err().code(), ErrorCode::InvalidPath);
        fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(dir.path().join("nope"), &path).unwrap();
        assert_eq!(read_owner_file(&path).unwrap_err().code(), ErrorCode::InvalidPath);
    }

    #[cfg(unix)]
    #[test]
    fn fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway-owner.json");
        let status = std::process::Command::new("mkfifo").arg(&path).status();
        if status.is_ok_and(|s| s.success()) {
            assert_eq!(read_owner_file(&path).unwrap_err().code(), ErrorCode::InvalidPath);
        } else {
            // mkfifo is part of coreutils; its absence means this host cannot make FIFOs this way.
            assert!(!path.exists());
        }
    }

    #[test]
    fn lock_path_is_next_to_the_file() {
        assert_eq!(
            owner_lock_path(Path::new("/x/gateway-owner.json")),
            PathBuf::from("/x/gateway-owner.json.lock")
        );
    }
}
