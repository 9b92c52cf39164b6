//! Reading a file-era `sessions.json` (`openclaw-formats.md` §2.2).

use camino::Utf8Path;

use clawscope_core::store::{
    SessionEntry, SessionStore, StoreDiagnostic, StoreRecord, parse_session_store_into,
};
use clawscope_core::{Error, Result};

/// Reads and parses a `sessions.json`. A missing file is `NOT_FOUND`; a document that is not a JSON object is
/// `STORE_CORRUPT` (with this path); bad entries are in [`SessionStore::diagnostics`].
pub fn read_json_store(path: &Utf8Path) -> Result<SessionStore> {
    let mut records = Vec::new();
    let diagnostics = read_json_store_into(path, &mut records, |key, entry| StoreRecord { key, entry })?;
    Ok(SessionStore { records, diagnostics })
}

/// [`read_json_store`], appending each good entry to `out` as `make(key, entry)` (see
/// [`parse_session_store_into`]); returns the diagnostics. On error `out` is left as it was.
pub(crate) fn read_json_store_into<T>(
    path: &Utf8Path,
    out: &mut Vec<T>,
    make: impl FnMut(String, SessionEntry) -> T,
) -> Result<Vec<StoreDiagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    parse_session_store_into(&bytes, out, make).map_err(|e| match e {
        Error::StoreCorrupt { reason, .. } => Error::StoreCorrupt {
            path: path.to_string(),
            reason,
        },
        other => other,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_store_names_the_real_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = Utf8Path::from_path(dir.path()).unwrap().join("sessions.json");
        std::fs::write(&path, b"[1,2]").unwrap();
        let err = read_json_store(&path).unwrap_err();
        assert_eq!(err.code().as_str(), "STORE_CORRUPT");
        assert!(err.to_string().contains(path.as_str()), "{err}");
        let missing = read_json_store(&path.with_file_name("nope.json")).unwrap_err();
        assert_eq!(missing.code().as_str(), "NOT_FOUND");
    }
}
