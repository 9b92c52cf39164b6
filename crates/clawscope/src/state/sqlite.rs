//! Opening OpenClaw's SQLite databases read-only, safely while the gateway writes.
//!
//! Policy ([`open_read_only`]):
//! 1. Flags `SQLITE_OPEN_READ_ONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NO_MUTEX`, then `PRAGMA query_only = ON` and a
//!    busy timeout ([`BUSY_TIMEOUT`]). A read-only connection never creates the database, a rollback journal or a
//!    `-wal` file.
//! 2. The database header says whether it is in WAL mode (bytes 18–19 = 2). A WAL database whose `-wal` **and**
//!    `-shm` files both exist is opened normally: the gateway may be writing, and the shared-memory index is what
//!    lets the reader see a consistent snapshot. A reader only takes shared locks in the `-shm` file.
//! 3. A WAL database **without** `-wal`/`-shm` (a stopped gateway that cleaned up, or a copied state dir) is opened
//!    with `immutable=1`: SQLite then takes no locks and creates no `-shm`. That is safe because a live writer always
//!    keeps those files; the only race is a gateway starting during the read, which at worst gives a read error.
//! 4. If the normal open fails (for example the `-shm` exists but is not writable, as in a copied or read-only
//!    mounted state dir), the database is reopened with `immutable=1`.
//!
//! So a read never creates `-wal`/`-shm` files where they did not exist.

use std::fmt::Write as _;
use std::time::Duration;

use camino::Utf8Path;
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
    if !text.starts_with('/') {
        // A Windows drive path (`C:/…`) becomes `file:///C:/…`.
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

fn open_with(path: &Utf8Path, mode: OpenMode) -> Result<Connection> {
    let query = match mode {
        OpenMode::Shared => "mode=ro",
        OpenMode::Immutable => "mode=ro&immutable=1",
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

/// Opens `path` read-only following the policy of this module. The file must exist (`NOT_FOUND` otherwise).
pub fn open_read_only(path: &Utf8Path) -> Result<(Connection, OpenMode)> {
    let wal = header_says_wal(path)?;
    let sidecars = path.with_file_name(format!("{}-wal", file_name(path))).exists()
        && path.with_file_name(format!("{}-shm", file_name(path))).exists();
    if wal && !sidecars {
        return open_with(path, OpenMode::Immutable).map(|c| (c, OpenMode::Immutable));
    }
    match open_with(path, OpenMode::Shared) {
        Ok(conn) => Ok((conn, OpenMode::Shared)),
        Err(first) => open_with(path, OpenMode::Immutable)
            .map(|c| (c, OpenMode::Immutable))
            .map_err(|_| first),
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
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(ident("a\"b"), "\"a\"\"b\"");
    }
}
