//! Opening OpenClaw's SQLite databases read-only, safely while the gateway writes.
//!
//! Policy ([`open_read_only`]):
//! 1. Flags `SQLITE_OPEN_READ_ONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NO_MUTEX` (URI `mode=ro`), then
//!    `PRAGMA query_only = ON` and a busy timeout ([`BUSY_TIMEOUT`]). A read-only connection never creates the
//!    database, a rollback journal or a `-wal` file.
//! 2. A database in rollback-journal mode (header bytes 18–19 ≠ 2) is opened that way ([`OpenMode::Shared`]).
//! 3. A WAL database whose `-wal` **and** `-shm` both exist is opened that way too: the gateway may be writing, and
//!    the shared-memory index is what gives the reader a consistent snapshot; a reader only takes shared read locks.
//! 4. A WAL database **without** a `-wal` (a stopped gateway that cleaned up, or a copied state dir) holds all its
//!    data in the main file: it is opened with `immutable=1` ([`OpenMode::Immutable`]), so SQLite takes no locks and
//!    creates no `-shm`. A live writer always keeps a `-wal`, so this never races with one.
//! 5. A WAL database with a non-empty `-wal` but no `-shm` (a copy made by a backup tool): opening it in place would
//!    make SQLite create the `-shm`, and `immutable=1` would ignore the committed rows still in the `-wal`. The
//!    database and its `-wal` are copied into a private temporary directory and read there
//!    ([`OpenMode::Snapshot`]); the copy is deleted when the [`ReadOnlyDb`] is dropped.
//! 6. If the normal open fails (for example a `-shm` that is not writable in a read-only mount), case 5 (when the
//!    `-wal` holds data) or case 4 is used instead.
//!
//! So a read never creates `-wal`/`-shm` files in the state dir, and never misses committed data.

use std::fmt::Write as _;
use std::time::Duration;

use camino::{Utf8Path, Utf8PathBuf};
use rusqlite::{Connection, OpenFlags};

use clawscope_core::{Error, Result};

/// How long a read waits for a lock held by a writer.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// How a database was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpenMode {
    /// Normal read-only open (shared locks, sees a live writer's committed data).
    Shared,
    /// `immutable=1`: no locks, no `-shm`; the file is assumed not to change during the read.
    Immutable,
    /// A private copy of the database and its `-wal`, read in a temporary directory.
    Snapshot,
}

/// Maps a rusqlite error to [`Error::Sqlite`] with the database path.
pub(crate) fn sql_err(path: &Utf8Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Sqlite {
        path: path.to_string(),
        message: e.to_string(),
    }
}

/// Whether the database file header marks WAL mode. Unreadable or short files count as not WAL.
fn header_says_wal(path: &Utf8Path) -> Result<bool> {
    use std::io::Read;
    let mut header = [0u8; 20];
    let mut file = std::fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
    let n = file.read(&mut header).map_err(|e| Error::io("read", path, e))?;
    Ok(n == header.len() && header[18] == 2 && header[19] == 2)
}

/// A `file:` URI for `path` with the given query, percent-encoding everything but unreserved characters and `/`.
fn file_uri(path: &Utf8Path, query: &str) -> String {
    let text = path.as_str().replace('\\', "/");
    let mut uri = String::from("file:");
    let drive = matches!(text.as_bytes(), [letter, b':', ..] if letter.is_ascii_alphabetic());
    if drive {
        // A Windows drive path (`C:/…`) becomes `file:///C:/…`; a relative path stays relative (SQLite resolves
        // `file:dir/db.sqlite` against the working directory).
        uri.push_str("///");
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~' | b':') {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

fn open_with(path: &Utf8Path, immutable: bool) -> Result<Connection> {
    let query = if immutable {
        "mode=ro&immutable=1"
    } else {
        "mode=ro"
    };
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(file_uri(path, query), flags).map_err(sql_err(path))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql_err(path))?;
    conn.pragma_update(None, "query_only", true)
        .map_err(sql_err(path))?;
    // Touch the schema so a failure to read (locks, missing -shm permissions) shows up here.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(sql_err(path))?;
    Ok(conn)
}

/// A read-only connection, plus the private copy it reads from in [`OpenMode::Snapshot`]. Dereferences to the
/// [`Connection`].
#[derive(Debug)]
pub struct ReadOnlyDb {
    // Field order matters: the connection closes before the snapshot directory is removed.
    conn: Connection,
    mode: OpenMode,
    snapshot: Option<SnapshotDir>,
}

impl ReadOnlyDb {
    /// How the database was opened.
    pub fn mode(&self) -> OpenMode {
        self.mode
    }

    /// The private temporary directory holding the copy read in [`OpenMode::Snapshot`] (removed on drop).
    pub fn snapshot_dir(&self) -> Option<&std::path::Path> {
        self.snapshot.as_ref().map(|d| d.0.as_path())
    }

    /// The connection.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl std::ops::Deref for ReadOnlyDb {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.conn
    }
}

/// A temporary directory outside the state dir, removed on drop.
#[derive(Debug)]
struct SnapshotDir(std::path::PathBuf);

impl Drop for SnapshotDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies `db` and its `-wal` into a fresh private temp directory and opens the copy.
fn opensnapshot(path: &Utf8Path) -> Result<ReadOnlyDb> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let base = std::env::temp_dir();
    let dir = loop {
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let candidate = base.join(format!("clawscope-sqlite-{}-{nanos}-{n}", std::process::id()));
        match std::fs::create_dir(&candidate) {
            Ok(()) => break SnapshotDir(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => {}
            Err(e) => return Err(Error::io("create snapshot dir", candidate.display(), e)),
        }
    };
    let copy_db = dir.0.join("db.sqlite");
    std::fs::copy(path, &copy_db).map_err(|e| Error::io("copy", path, e))?;
    let wal = sidecar(path, "-wal");
    std::fs::copy(&wal, dir.0.join("db.sqlite-wal")).map_err(|e| Error::io("copy", &wal, e))?;
    let copy_path = Utf8PathBuf::from_path_buf(copy_db)
        .map_err(|p| Error::invalid_path(p.display(), "the temp dir is not UTF-8"))?;
    let conn = open_with(&copy_path, false).map_err(|e| match e {
        Error::Sqlite { message, .. } => Error::Sqlite {
            path: path.to_string(),
            message,
        },
        other => other,
    })?;
    Ok(ReadOnlyDb {
        conn,
        mode: OpenMode::Snapshot,
        snapshot: Some(dir),
    })
}

fn sidecar(path: &Utf8Path, suffix: &str) -> Utf8PathBuf {
    path.with_file_name(format!("{}{suffix}", file_name(path)))
}

/// Opens `path` read-only following the policy of this module. The file must exist (`NOT_FOUND` otherwise).
pub fn open_read_only(path: &Utf8Path) -> Result<ReadOnlyDb> {
    let wal_mode = header_says_wal(path)?;
    let wal_len = std::fs::metadata(sidecar(path, "-wal")).ok().map(|m| m.len());
    let shm = sidecar(path, "-shm").exists();
    let plain = |conn, mode| ReadOnlyDb {
        conn,
        mode,
        snapshot: None,
    };
    let fallback = || match wal_len {
        Some(len) if wal_mode && len > 0 => opensnapshot(path),
        _ => open_with(path, true).map(|c| plain(c, OpenMode::Immutable)),
    };
    if wal_mode && (wal_len.is_none() || !shm) {
        return fallback();
    }
    match open_with(path, false) {
        Ok(conn) => Ok(plain(conn, OpenMode::Shared)),
        Err(first) => fallback().map_err(|_| first),
    }
}

fn file_name(path: &Utf8Path) -> &str {
    path.file_name().unwrap_or_default()
}

/// The column names of `table` (`PRAGMA table_info`); empty when the table does not exist.
pub(crate) fn columns(conn: &Connection, path: &Utf8Path, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info(?1)")
        .map_err(sql_err(path))?;
    let names = stmt
        .query_map([table], |r| r.get::<_, String>(0))
        .map_err(sql_err(path))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(sql_err(path))?;
    Ok(names)
}

/// Quotes an identifier for SQL (only used with names read from `PRAGMA table_info`).
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(
            file_uri(Utf8Path::new("/a b/c?#%.sqlite"), "mode=ro"),
            "file:/a%20b/c%3F%23%25.sqlite?mode=ro"
        );
        assert_eq!(
            file_uri(Utf8Path::new("C:\\x\\y.sqlite"), "mode=ro"),
            "file:///C:/x/y.sqlite?mode=ro"
        );
        assert_eq!(
            file_uri(Utf8Path::new("state/agent db.sqlite"), "mode=ro"),
            "file:state/agent%20db.sqlite?mode=ro"
        );
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
    }
}
