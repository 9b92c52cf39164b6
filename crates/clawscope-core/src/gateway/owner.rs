//! The `gateway-owner.json` record, in both of ClawPanel's dialects.
//!
//! ClawPanel Web (`dev-api.js`) writes camelCase keys (`cliPath`, `openclawDir`, `startedAt`, `startedBy`), the
//! Tauri app writes snake-case (`cli_path`, `openclaw_dir`, `started_at`, `started_by`), and each rejects the
//! other's file (`clawpanel-gateway.md` §1.2, §1.12). [`parse_owner_record`] reads either, or both in one object,
//! and reports a file it cannot understand as [`OwnerReadOutcome::Corrupt`] — never as "no owner" without saying
//! so. [`OwnerRecord::to_json_bytes`] writes **both** key sets, so both backends accept the file as their own.
//!
//! ```
//! use clawscope_core::gateway::owner::{parse_owner_record, OwnerDialect, OwnerReadOutcome};
//!
//! let tauri = br#"{"pid":4242,"port":18789,"cli_path":null,"openclaw_dir":"/home/li/.openclaw",
//!                  "started_at":"2026-05-24T04:08:42.550640625+08:00","started_by":"clawpanel"}"#;
//! let OwnerReadOutcome::Valid { record } = parse_owner_record(tauri) else { panic!("not valid") };
//! assert_eq!(record.dialect, OwnerDialect::Tauri);
//! assert_eq!(record.openclaw_dir.as_deref(), Some("/home/li/.openclaw"));
//! assert_eq!(record.pid, Some(4242));
//!
//! assert!(matches!(parse_owner_record(b"{\"port\":"), OwnerReadOutcome::Corrupt { .. }));
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::time::Timestamp;

#[cfg(test)]
mod oracle;
mod typed;

/// The largest owner file clawscope reads (1 MiB). A real one is about 250 bytes.
pub const MAX_OWNER_FILE_BYTES: usize = 1024 * 1024;

/// The value ClawPanel writes as `startedBy`/`started_by`.
pub const STARTED_BY_CLAWPANEL: &str = "clawpanel";

/// The file name of the owner record inside the openclaw dir.
pub const OWNER_FILE_NAME: &str = "gateway-owner.json";

/// Which key set a record was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerDialect {
    /// camelCase keys only (ClawPanel Web, `dev-api.js`).
    Web,
    /// snake-case keys only (the ClawPanel Tauri app).
    Tauri,
    /// Both key sets (clawscope writes this).
    Both,
    /// Neither dialect's specific keys (only `port`/`pid`, or nothing).
    Unknown,
}

/// A readable owner record. Missing or unusable optional values are `None`; values the two dialects disagree on
/// are listed in [`OwnerRecord::conflicts`] (the camelCase value wins, as ClawPanel Web reads it first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerRecord {
    /// The gateway port the record was written for (`None` when absent: that never matches a current port).
    pub port: Option<u16>,
    /// The CLI path (`cliPath` / `cli_path`); an empty string is kept as written.
    pub cli_path: Option<String>,
    /// The openclaw data dir (`openclawDir` / `openclaw_dir`).
    pub openclaw_dir: Option<String>,
    /// The gateway pid; `null`, strings, zero, negative, fractional or too-large values become `None`.
    pub pid: Option<u32>,
    /// When the record was written, as written (`startedAt` / `started_at`).
    pub started_at: Option<String>,
    /// Who wrote it (`startedBy` / `started_by`); ClawPanel writes `"clawpanel"`.
    pub started_by: Option<String>,
    /// Which key set(s) the file used.
    pub dialect: OwnerDialect,
    /// Keys whose camelCase and snake-case values disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    /// Keys clawscope does not know, preserved in file order.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// Why an owner file could not be understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorruptKind {
    /// Zero bytes, or only whitespace (and a BOM).
    Empty,
    /// Larger than [`MAX_OWNER_FILE_BYTES`].
    TooLarge,
    /// Not valid UTF-8 (a binary file).
    InvalidUtf8,
    /// Not JSON (for example truncated).
    InvalidJson,
    /// Valid JSON, but not an object (an array, a number, …).
    NotAnObject,
    /// An object with an unusable value (a port that is not a number in 1–65535, a non-string dir, …).
    InvalidField,
}

/// The result of reading an owner file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OwnerReadOutcome {
    /// There is no owner file.
    Missing,
    /// The file was read.
    Valid {
        /// The record.
        record: OwnerRecord,
    },
    /// The file exists but cannot be understood.
    Corrupt {
        /// What kind of damage.
        kind: CorruptKind,
        /// A short explanation (no file content beyond a few characters).
        reason: String,
    },
}

impl OwnerReadOutcome {
    /// The record, if the file was valid.
    pub fn record(&self) -> Option<&OwnerRecord> {
        match self {
            OwnerReadOutcome::Valid { record } => Some(record),
            _ => None,
        }
    }

    /// `Ok(Some(record))`, `Ok(None)` when missing, or [`Error::OwnerRecordCorrupt`].
    ///
    /// ```
    /// use clawscope_core::{ErrorCode, gateway::owner::parse_owner_record};
    /// let err = parse_owner_record(b"[1,2]").into_result().unwrap_err();
    /// assert_eq!(err.code(), ErrorCode::OwnerRecordCorrupt);
    /// ```
    pub fn into_result(self) -> Result<Option<OwnerRecord>> {
        match self {
            OwnerReadOutcome::Missing => Ok(None),
            OwnerReadOutcome::Valid { record } => Ok(Some(record)),
            OwnerReadOutcome::Corrupt { kind, reason } => Err(Error::OwnerRecordCorrupt {
                reason: format!("{}: {reason}", kind_name(kind)),
            }),
        }
    }
}

fn kind_name(kind: CorruptKind) -> &'static str {
    match kind {
        CorruptKind::Empty => "empty",
        CorruptKind::TooLarge => "too_large",
        CorruptKind::InvalidUtf8 => "invalid_utf8",
        CorruptKind::InvalidJson => "invalid_json",
        CorruptKind::NotAnObject => "not_an_object",
        CorruptKind::InvalidField => "invalid_field",
    }
}

fn corrupt(kind: CorruptKind, reason: impl Into<String>) -> OwnerReadOutcome {
    OwnerReadOutcome::Corrupt {
        kind,
        reason: reason.into(),
    }
}

/// camelCase key, snake-case key.
const DIALECT_KEYS: [(&str, &str); 4] = [
    ("cliPath", "cli_path"),
    ("openclawDir", "openclaw_dir"),
    ("startedAt", "started_at"),
    ("startedBy", "started_by"),
];

/// Parses the bytes of an owner file. Never returns [`OwnerReadOutcome::Missing`] (that is for the caller who
/// found no file).
pub fn parse_owner_record(bytes: &[u8]) -> OwnerReadOutcome {
    if bytes.len() > MAX_OWNER_FILE_BYTES {
        return corrupt(
            CorruptKind::TooLarge,
            format!(
                "{} bytes, more than the {MAX_OWNER_FILE_BYTES}-byte limit",
                bytes.len()
            ),
        );
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return corrupt(CorruptKind::InvalidUtf8, "the file is not UTF-8 text");
    };
    if text.trim().is_empty() {
        return corrupt(CorruptKind::Empty, "the file is empty");
    }
    match typed::read_object(text) {
        Some(slots) => finish(slots.into_record()),
        // The typed pass only fails on text that is not a JSON object; the `Value` pass words that error.
        None => parse_value(text),
    }
}

/// The `Value`-based reading: what [`parse_owner_record`] falls back to when the typed pass fails, so every
/// error text is `serde_json`'s own for a `Value`.
fn parse_value(text: &str) -> OwnerReadOutcome {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return corrupt(CorruptKind::InvalidJson, format!("not JSON: {e}")),
    };
    let Value::Object(map) = value else {
        return corrupt(
            CorruptKind::NotAnObject,
            format!("JSON {} instead of an object", json_type(&value)),
        );
    };
    let mut slots = typed::Slots::default();
    for (key, value) in map {
        slots.put(&key, value);
    }
    finish(slots.into_record())
}

fn finish(record: Result<OwnerRecord, String>) -> OwnerReadOutcome {
    match record {
        Ok(record) => OwnerReadOutcome::Valid { record },
        Err(reason) => corrupt(CorruptKind::InvalidField, reason),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A port given as an integer or a decimal string, in 1–65535.
fn parse_port(value: &Value) -> Result<u16, String> {
    let number = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    match number.and_then(|n| u16::try_from(n).ok()).filter(|p| *p > 0) {
        Some(port) => Ok(port),
        None => Err(format!(
            "port {} is not a number in 1-65535",
            crate::error::shorten(&value.to_string(), 40)
        )),
    }
}

/// ClawPanel Web's rule: only a positive integer is a pid.
fn parse_pid(value: &Value) -> Option<u32> {
    value
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|p| *p > 0)
}

impl OwnerRecord {
    /// A fresh record claiming the gateway for the current instance: `startedBy` `"clawpanel"`, `startedAt` `now`,
    /// written in both dialects.
    ///
    /// ```
    /// use clawscope_core::gateway::owner::OwnerRecord;
    /// use clawscope_core::time::Timestamp;
    ///
    /// let now: Timestamp = "2026-07-23T11:18:47.123Z".parse().unwrap();
    /// let record = OwnerRecord::claim(18789, "/home/li/.openclaw", None, Some(4242), now);
    /// let json = String::from_utf8(record.to_json_bytes()).unwrap();
    /// assert!(json.contains("\"openclawDir\": \"/home/li/.openclaw\""));
    /// assert!(json.contains("\"openclaw_dir\": \"/home/li/.openclaw\""));
    /// assert!(json.contains("\"started_at\": \"2026-07-23T11:18:47.123Z\""));
    /// ```
    pub fn claim(
        port: u16,
        openclaw_dir: impl Into<String>,
        cli_path: Option<String>,
        pid: Option<u32>,
        now: Timestamp,
    ) -> Self {
        OwnerRecord {
            port: Some(port),
            cli_path,
            openclaw_dir: Some(openclaw_dir.into()),
            pid: pid.filter(|p| *p > 0),
            started_at: Some(format!("{now:.3}")),
            started_by: Some(STARTED_BY_CLAWPANEL.to_owned()),
            dialect: OwnerDialect::Both,
            conflicts: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Whether `startedBy` is exactly `"clawpanel"`.
    pub fn written_by_clawpanel(&self) -> bool {
        self.started_by.as_deref() == Some(STARTED_BY_CLAWPANEL)
    }

    /// The file content: one pretty-printed JSON object with both key sets (`port`, `pid`, then each camelCase
    /// key followed by its snake-case twin), then the preserved unknown keys. No trailing newline, like ClawPanel.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        let mut map = Map::new();
        map.insert("port".into(), self.port.map_or(Value::Null, Value::from));
        map.insert("pid".into(), self.pid.map_or(Value::Null, Value::from));
        let values = [
            &self.cli_path,
            &self.openclaw_dir,
            &self.started_at,
            &self.started_by,
        ];
        for ((camel, snake), value) in DIALECT_KEYS.iter().zip(values) {
            let v = value.as_ref().map_or(Value::Null, |s| Value::String(s.clone()));
            map.insert((*camel).into(), v.clone());
            map.insert((*snake).into(), v);
        }
        for (k, v) in &self.extra {
            if !map.contains_key(k) {
                map.insert(k.clone(), v.clone());
            }
        }
        serde_json::to_vec_pretty(&Value::Object(map)).unwrap_or_default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn valid(bytes: &[u8]) -> OwnerRecord {
        match parse_owner_record(bytes) {
            OwnerReadOutcome::Valid { record } => record,
            other => panic!("expected valid, got {other:?}"),
        }
    }

    fn kind(bytes: &[u8]) -> CorruptKind {
        match parse_owner_record(bytes) {
            OwnerReadOutcome::Corrupt { kind, .. } => kind,
            other => panic!("expected corrupt, got {other:?}"),
        }
    }

    #[test]
    fn reads_web_dialect_with_bom_and_string_port() {
        let r = valid(
            "\u{feff}{\"port\":\"18789\",\"cliPath\":\"/usr/bin/openclaw\",\"openclawDir\":\"/h/.openclaw\",\
             \"pid\":12,\"startedAt\":\"2026-07-23T11:18:47.123Z\",\"startedBy\":\"clawpanel\"}"
                .as_bytes(),
        );
        assert_eq!(r.dialect, OwnerDialect::Web);
        assert_eq!(r.port, Some(18789));
        assert_eq!(r.cli_path.as_deref(), Some("/usr/bin/openclaw"));
        assert_eq!(r.pid, Some(12));
        assert!(r.written_by_clawpanel());
    }

    #[test]
    fn pid_normalisation() {
        for (pid, expected) in [
            ("null", None),
            ("\"5\"", None),
            ("-3", None),
            ("0", None),
            ("4.5", None),
            ("99999999999", None),
            ("7", Some(7)),
        ] {
            let r = valid(format!("{{\"port\":1,\"pid\":{pid}}}").as_bytes());
            assert_eq!(r.pid, expected, "pid {pid}");
            assert_eq!(r.dialect, OwnerDialect::Unknown);
        }
    }

    #[test]
    fn both_dialects_and_conflicts_and_extra() {
        let r = valid(br#"{"port":1,"cliPath":"/a","cli_path":"/b","openclaw_dir":"/d","note":"x"}"#);
        assert_eq!(r.dialect, OwnerDialect::Both);
        assert_eq!(r.cli_path.as_deref(), Some("/a"));
        assert_eq!(r.openclaw_dir.as_deref(), Some("/d"));
        assert_eq!(r.conflicts, vec!["cliPath".to_owned()]);
        assert_eq!(r.extra.get("note"), Some(&Value::from("x")));
    }

    #[test]
    fn extra_keeps_file_order_after_known_keys() {
        // The first `Value`-map reading swap-removed known keys, which moved `c` to the front here.
        let r = valid(br#"{"port":1,"a":1,"pid":2,"b":{"x":[1]},"cliPath":"/a","c":3,"a":4}"#);
        let keys: Vec<&str> = r.extra.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(r.extra["a"], Value::from(4));
        let written = String::from_utf8(r.to_json_bytes()).unwrap();
        let (a, b, c) = (
            written.find("\"a\"").unwrap(),
            written.find("\"b\"").unwrap(),
            written.find("\"c\"").unwrap(),
        );
        assert!(a < b && b < c, "{written}");
    }

    #[test]
    fn corrupt_kinds() {
        assert_eq!(kind(b""), CorruptKind::Empty);
        assert_eq!(kind(b"\xEF\xBB\xBF \n"), CorruptKind::Empty);
        assert_eq!(kind(b"{\"port\": 187"), CorruptKind::InvalidJson);
        assert_eq!(kind(b"\x00\xff\xfe binary"), CorruptKind::InvalidUtf8);
        assert_eq!(kind(b"[1]"), CorruptKind::NotAnObject);
        assert_eq!(kind(b"42"), CorruptKind::NotAnObject);
        assert_eq!(kind(br#"{"port":70000}"#), CorruptKind::InvalidField);
        assert_eq!(kind(br#"{"port":"abc"}"#), CorruptKind::InvalidField);
        assert_eq!(kind(br#"{"port":0}"#), CorruptKind::InvalidField);
        assert_eq!(kind(br#"{"port":1,"openclawDir":5}"#), CorruptKind::InvalidField);
        let huge = vec![b' '; MAX_OWNER_FILE_BYTES + 1];
        assert_eq!(kind(&huge), CorruptKind::TooLarge);
    }

    #[test]
    fn written_file_round_trips_in_both_dialects() {
        let now: Timestamp = "2026-07-23T11:18:47.123456Z".parse().unwrap();
        let rec = OwnerRecord::claim(
            18790,
            "/h/.openclaw",
            Some("/usr/bin/openclaw".into()),
            Some(0),
            now,
        );
        let bytes = rec.to_json_bytes();
        let back = valid(&bytes);
        assert_eq!(back.dialect, OwnerDialect::Both);
        assert_eq!(back.port, Some(18790));
        assert_eq!(back.pid, None);
        assert_eq!(back.started_at.as_deref(), Some("2026-07-23T11:18:47.123Z"));
        assert!(back.conflicts.is_empty());
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        for key in [
            "cliPath",
            "cli_path",
            "openclawDir",
            "openclaw_dir",
            "startedBy",
            "started_by",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!(v["started_by"], "clawpanel");
        assert!(!bytes.ends_with(b"\n"));
    }

    #[test]
    fn outcome_serialises_with_status_tag() {
        let v = serde_json::to_value(parse_owner_record(b"")).unwrap();
        assert_eq!(v["status"], "corrupt");
        assert_eq!(v["kind"], "empty");
        assert_eq!(
            serde_json::to_value(OwnerReadOutcome::Missing).unwrap()["status"],
            "missing"
        );
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let outcome = parse_owner_record(&bytes);
            proptest::prop_assert!(!matches!(outcome, OwnerReadOutcome::Missing));
        }

        #[test]
        fn written_records_round_trip(
            port in 1u16..,
            pid in proptest::option::of(1u32..),
            dir in "[ -~]{0,40}",
            cli in proptest::option::of("[ -~]{0,40}"),
            ms in 0i64..4_000_000_000_000,
        ) {
            let now = Timestamp::from_millisecond(ms).unwrap();
            let rec = OwnerRecord::claim(port, dir.clone(), cli.clone(), pid, now);
            let back = valid(&rec.to_json_bytes());
            proptest::prop_assert_eq!(back, rec);
        }
    }
}
