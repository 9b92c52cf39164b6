//! A whole `sessions.json` document: a JSON object mapping session key → [`SessionEntry`].

use serde::Serialize;
use serde_json::Value;

use super::SessionEntry;
use crate::{Error, Result};

/// One parsed entry of a store, with its key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreRecord {
    /// The session key exactly as written in the store.
    pub key: String,
    /// The entry.
    pub entry: SessionEntry,
}

/// An entry that could not be parsed. The rest of the store is still usable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreDiagnostic {
    /// The session key of the bad entry.
    pub key: String,
    /// Why it was skipped (never contains the entry's values).
    pub reason: String,
}

/// A parsed `sessions.json`: the good entries in file order plus one diagnostic per skipped entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionStore {
    /// Entries in file order.
    pub records: Vec<StoreRecord>,
    /// Entries that were skipped, with the reason.
    pub diagnostics: Vec<StoreDiagnostic>,
}

impl SessionStore {
    /// The entry stored under `key` (exact match).
    pub fn get(&self, key: &str) -> Option<&SessionEntry> {
        self.records.iter().find(|r| r.key == key).map(|r| &r.entry)
    }

    /// Number of good entries.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the store holds no good entry.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// Parses one entry value (an object). Errors name the problem, not the values.
///
/// ```
/// use clawscope_core::store::parse_session_entry;
/// let v = serde_json::json!({"sessionId": "s", "updatedAt": 1});
/// assert_eq!(parse_session_entry(&v).unwrap().updated_at, 1000);
/// assert!(parse_session_entry(&serde_json::json!("x")).is_err());
/// ```
pub fn parse_session_entry(value: &Value) -> std::result::Result<SessionEntry, String> {
    if !value.is_object() {
        return Err("entry is not a JSON object".to_owned());
    }
    SessionEntry::deserialize_value(value).map_err(|e| e.to_string())
}

impl SessionEntry {
    fn deserialize_value(value: &Value) -> serde_json::Result<SessionEntry> {
        serde::Deserialize::deserialize(value)
    }
}

/// Parses a `sessions.json` document.
///
/// A UTF-8 byte-order mark is skipped; an empty (or whitespace-only) document is an empty store, as OpenClaw treats
/// it. A document that is not valid JSON, or not a JSON object, is [`Error::StoreCorrupt`] (code `STORE_CORRUPT`,
/// with the path `sessions.json`; the I/O layer substitutes the real path). An entry that fails to parse is reported
/// in [`SessionStore::diagnostics`] and skipped.
///
/// ```
/// use clawscope_core::store::parse_session_store;
///
/// let doc = br#"{"agent:ops:main":{"sessionId":"a","updatedAt":1775811200123},"agent:ops:bad":{"updatedAt":1}}"#;
/// let store = parse_session_store(doc).unwrap();
/// assert_eq!(store.len(), 1);
/// assert_eq!(store.diagnostics[0].key, "agent:ops:bad");
/// assert_eq!(parse_session_store(b"[]").unwrap_err().code().as_str(), "STORE_CORRUPT");
/// ```
pub fn parse_session_store(bytes: &[u8]) -> Result<SessionStore> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(SessionStore::default());
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| corrupt(format!("invalid JSON: {e}")))?;
    let Value::Object(map) = doc else {
        return Err(corrupt("the document is not a JSON object".to_owned()));
    };
    let mut store = SessionStore::default();
    for (key, value) in map {
        match parse_session_entry(&value) {
            Ok(entry) => store.records.push(StoreRecord { key, entry }),
            Err(reason) => store.diagnostics.push(StoreDiagnostic { key, reason }),
        }
    }
    Ok(store)
}

fn corrupt(reason: String) -> Error {
    Error::StoreCorrupt {
        path: "sessions.json".to_owned(),
        reason,
    }
}
