//! A whole `sessions.json` document: a JSON object mapping session key → [`SessionEntry`].

use serde::{Deserialize, Serialize};
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
    SessionEntry::deserialize(value).map_err(|e| value_free_message(&e.to_string()))
}

/// Parses one entry from its JSON text without building a `Value` first: the fast path for callers that hold the
/// text (a SQLite `entry_json` column).
///
/// Returns `None` when the text is not a valid entry; the caller then parses a [`Value`] and calls
/// [`parse_session_entry`], which gives the diagnostic. When this returns `Some`, the entry is exactly the one that
/// path gives: every value is read by the same parser, with the same nesting limit and number ranges, as a `Value`
/// parse of the text.
///
/// ```
/// use clawscope_core::store::parse_session_entry_text;
/// let e = parse_session_entry_text(r#"{"sessionId":"s","updatedAt":1,"x":[1]}"#).unwrap();
/// assert_eq!((e.updated_at, e.extra["x"][0].as_i64()), (1000, Some(1)));
/// assert!(parse_session_entry_text(r#"{"sessionId":"s"}"#).is_none()); // missing `updatedAt`
/// assert!(parse_session_entry_text(r#"{"sessionId":"s","updatedAt":1e400}"#).is_none()); // out of range
/// assert!(parse_session_entry_text(r#"[{"sessionId":"s","updatedAt":1}]"#).is_none()); // not an object
/// ```
pub fn parse_session_entry_text(text: &str) -> Option<SessionEntry> {
    serde_json::from_str(text).ok()
}

/// serde's messages quote the offending value (`invalid type: string "…", expected a boolean`); a store value
/// could be anything, so the quoted value is dropped and only the expectation kept.
pub(crate) fn value_free_message(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let expected = rest
                .rfind(", expected ")
                .and_then(|i| rest.get(i + 2..))
                .unwrap_or("unexpected value");
            return format!("{}: {expected}", prefix.trim_end().trim_end_matches(':'));
        }
    }
    message.to_owned()
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
    let mut records = Vec::new();
    let diagnostics = parse_session_store_into(bytes, &mut records, |key, entry| StoreRecord { key, entry })?;
    Ok(SessionStore { records, diagnostics })
}

/// [`parse_session_store`] for callers that keep entries in their own type: each good entry is appended to `out`
/// as `make(key, entry)`, in the order `parse_session_store` gives its records, and the diagnostics are returned.
/// An entry is large (a few KiB); building the caller's type straight from the parser saves moving every entry
/// through an intermediate list. On error `out` is left as it was.
///
/// ```
/// use clawscope_core::store::parse_session_store_into;
///
/// let doc = br#"{"agent:ops:main":{"sessionId":"a","updatedAt":1},"agent:ops:bad":{"updatedAt":1}}"#;
/// let mut ids = vec!["earlier".to_owned()];
/// let diagnostics = parse_session_store_into(doc, &mut ids, |key, entry| format!("{key}={}", entry.session_id))?;
/// assert_eq!(ids, ["earlier", "agent:ops:main=a"]);
/// assert_eq!(diagnostics[0].key, "agent:ops:bad");
/// # Ok::<(), clawscope_core::Error>(())
/// ```
pub fn parse_session_store_into<T>(
    bytes: &[u8],
    out: &mut Vec<T>,
    mut make: impl FnMut(String, SessionEntry) -> T,
) -> Result<Vec<StoreDiagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    // Fast paths, without an intermediate `Value` tree. Results and messages are exactly those of parsing the
    // document into a `Value` (the tests here and the property tests of `entry_de` compare them).
    // 1. One pass: every entry deserialised in place and handed to `make`. Any bad entry, or a session key that
    //    may repeat, abandons it (and what it appended). Every value is read by the same parser as a `Value`
    //    parse of the whole document, at the same nesting depth, so when this pass succeeds the `Value` parse
    //    succeeds too, with the same values. The text is validated as UTF-8 once, up front, rather than string by
    //    string (a document that is not UTF-8 fails every path).
    let start = out.len();
    if let Ok(text) = std::str::from_utf8(bytes) {
        let mut de = serde_json::Deserializer::from_str(text);
        let seed = indexed::TypedEntries {
            out: &mut *out,
            make: &mut make,
        };
        if serde::de::DeserializeSeed::deserialize(seed, &mut de).is_ok() && de.end().is_ok() {
            return Ok(Vec::new());
        }
        out.truncate(start);
    }
    let store = parse_entries_one_by_one(bytes)?;
    out.extend(store.records.into_iter().map(|r| make(r.key, r.entry)));
    Ok(store.diagnostics)
}

/// The reference paths of [`parse_session_store_into`]: entries one by one (from their raw text where that cannot
/// differ from a `Value` parse), else the whole document as a `Value`.
fn parse_entries_one_by_one(bytes: &[u8]) -> Result<SessionStore> {
    if plain_json_shape(bytes) {
        // 2. The document split into raw entries, each deserialised from its text; an entry that does not
        //    deserialise is re-read through a `Value` for its diagnostic. Skipping a raw value checks neither the
        //    nesting limit nor number ranges, so this is done only where those checks cannot fail.
        if let Ok(raw) = serde_json::from_slice::<indexed::RawEntries<'_>>(bytes) {
            let mut store = SessionStore::default();
            for (key, text) in raw.0 {
                if let Some(entry) = parse_session_entry_text(text.get()) {
                    store.records.push(StoreRecord { key, entry });
                } else {
                    let value: Value = serde_json::from_str(text.get()).unwrap_or(Value::Null);
                    match parse_session_entry(&value) {
                        Ok(entry) => store.records.push(StoreRecord { key, entry }),
                        Err(reason) => store.diagnostics.push(StoreDiagnostic { key, reason }),
                    }
                }
            }
            return Ok(store);
        }
    }
    // 3. The whole document as a `Value`.
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

/// Whether a `Value` parse of `bytes` cannot fail on the nesting limit (128) or on a number out of range: nesting
/// stays below 100 and every number outside strings is a plain integer or decimal of fewer than 300 characters
/// (no exponent).
pub(crate) fn plain_json_shape(bytes: &[u8]) -> bool {
    let (mut depth, mut number_len, mut i) = (0usize, 0usize, 0usize);
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match b {
            b'"' => {
                // Jump to the closing quote, over escapes.
                loop {
                    let rest = bytes.get(i..).unwrap_or_default();
                    match memchr::memchr2(b'"', b'\\', rest) {
                        Some(n) if rest.get(n) == Some(&b'\\') => i += n + 2,
                        Some(n) => {
                            i += n + 1;
                            break;
                        }
                        None => return true,
                    }
                }
                number_len = 0;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth >= 100 {
                    return false;
                }
                number_len = 0;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                number_len = 0;
            }
            b'0'..=b'9' | b'-' | b'.' => {
                number_len += 1;
                if number_len >= 300 {
                    return false;
                }
            }
            b'e' | b'E' if number_len > 0 => return false,
            _ => number_len = 0,
        }
    }
    true
}

/// The top-level object of `sessions.json` with every entry deserialised in place ([`TypedEntries`]), or as raw
/// entry texts ([`RawEntries`]).
mod indexed {
    use std::collections::HashSet;
    use std::fmt;
    use std::hash::{BuildHasher, RandomState};

    use serde::Deserialize;
    use serde::de::{DeserializeSeed, Error as _, MapAccess, Visitor};
    use serde_json::value::RawValue;

    use super::SessionEntry;

    /// Reads the top-level object, appending `make(key, entry)` to `out` for each member in document order. Fails
    /// on the first entry that does not deserialise, and on a key whose hash was seen before (a repeated key, or
    /// rarely a collision: either way the caller takes the reference path).
    pub(super) struct TypedEntries<'o, T, F> {
        pub(super) out: &'o mut Vec<T>,
        pub(super) make: &'o mut F,
    }

    impl<'de, T, F: FnMut(String, SessionEntry) -> T> DeserializeSeed<'de> for TypedEntries<'_, T, F> {
        type Value = ();

        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de, T, F: FnMut(String, SessionEntry) -> T> Visitor<'de> for TypedEntries<'_, T, F> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let hasher = RandomState::new();
            let mut seen = HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !seen.insert(hasher.hash_one(&key)) {
                    return Err(A::Error::custom("a session key may repeat"));
                }
                let entry: SessionEntry = map.next_value()?;
                self.out.push((self.make)(key, entry));
            }
            Ok(())
        }
    }

    /// The members as raw entry texts, in document order, a repeated key keeping its first position and its last
    /// value (as a `serde_json::Map` with `preserve_order` does).
    pub(super) struct RawEntries<'a>(pub(super) Vec<(String, &'a RawValue)>);

    impl<'de: 'a, 'a> Deserialize<'de> for RawEntries<'a> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                type Value = RawEntries<'a>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut out: Vec<(String, &'a RawValue)> = Vec::new();
                    let mut index: std::collections::HashMap<String, usize> =
                        std::collections::HashMap::new();
                    while let Some((key, value)) = map.next_entry::<String, &'a RawValue>()? {
                        if let Some(&i) = index.get(&key) {
                            if let Some(slot) = out.get_mut(i) {
                                slot.1 = value;
                            }
                        } else {
                            index.insert(key.clone(), out.len());
                            out.push((key, value));
                        }
                    }
                    Ok(RawEntries(out))
                }
            }
            d.deserialize_map(V(std::marker::PhantomData))
        }
    }
}

fn corrupt(reason: String) -> Error {
    Error::StoreCorrupt {
        path: "sessions.json".to_owned(),
        reason,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The example of `openclaw-formats.md` §2.2.
    const EXAMPLE: &str = r#"{
      "agent:ops:feishu:direct:ou_7c1e90aa": {
        "sessionId": "3f0b6a52-1d7e-4c3a-9b1f-5e2d8c4a7b10",
        "updatedAt": 1775811200123,
        "sessionStartedAt": 1775800000000, "lastInteractionAt": 1775811190000,
        "sessionFile": "3f0b6a52-1d7e-4c3a-9b1f-5e2d8c4a7b10.jsonl",
        "chatType": "direct", "channel": "feishu",
        "origin": { "label": "Li Wei", "provider": "feishu", "surface": "feishu", "chatType": "direct",
                    "from": "feishu:ou_7c1e90aa", "to": "user:ou_7c1e90aa", "accountId": "default", "futureField": 1 },
        "deliveryContext": { "channel": "feishu", "to": "user:ou_7c1e90aa", "accountId": "default", "threadId": 42,
                             "deliveryIntent": {"id": "d1", "kind": "outbound_queue"} },
        "lastChannel": "feishu", "lastTo": "user:ou_7c1e90aa", "lastAccountId": "default",
        "modelProvider": "anthropic", "model": "claude-sonnet-4-6",
        "inputTokens": 1840, "outputTokens": 412, "totalTokens": 23117, "totalTokensFresh": true,
        "contextTokens": 200000, "cacheRead": 20410, "cacheWrite": 455,
        "compactionCount": 0, "systemSent": true, "abortedLastRun": false,
        "skillsSnapshot": {"skills": ["a"]}
      }
    }"#;

    /// `parse_session_store` gives what the plain path gives: the document parsed into a `Value`, then every entry
    /// through `parse_session_entry`.
    fn assert_store_matches_value_path(doc: &str) {
        let fast = parse_session_store(doc.as_bytes());
        let slow = serde_json::from_str::<Value>(doc)
            .map_err(|e| format!("invalid JSON: {e}"))
            .map(|v| {
                let Value::Object(map) = v else { unreachable!() };
                map.into_iter()
                    .map(|(k, v)| {
                        (
                            k,
                            parse_session_entry(&v).map(|e| serde_json::to_value(e).unwrap()),
                        )
                    })
                    .collect::<Vec<_>>()
            });
        match (fast, slow) {
            (Ok(store), Ok(expected)) => {
                let got: Vec<_> = store
                    .records
                    .iter()
                    .map(|r| (r.key.clone(), Ok(serde_json::to_value(&r.entry).unwrap())))
                    .chain(
                        store
                            .diagnostics
                            .iter()
                            .map(|d| (d.key.clone(), Err(d.reason.clone()))),
                    )
                    .collect();
                let mut got = got;
                let mut expected = expected;
                got.sort_by(|a, b| a.0.cmp(&b.0));
                expected.sort_by(|a, b| a.0.cmp(&b.0));
                assert_eq!(got, expected, "{doc}");
            }
            (Err(e), Err(reason)) => assert!(e.to_string().contains(&reason), "{doc}: {e} vs {reason}"),
            (fast, slow) => panic!("{doc}: {fast:?} vs {slow:?}"),
        }
    }

    #[test]
    fn fast_and_value_paths_agree() {
        // Documents around the fast paths' limits: each must give what a `Value` parse gives.
        let nested = format!(r#"{{"k":{}{}}}"#, "[".repeat(200), "]".repeat(200));
        let docs = [
            r#"{"a":{"sessionId":"s","updatedAt":1},"a":{"sessionId":"t","updatedAt":2},"b":{"updatedAt":1e400}}"#.to_owned(),
            r#"{"a":{"sessionId":"s","updatedAt":1.5e3},"b":{"sessionId":"x","updatedAt":-0.0},"c":[]}"#.to_owned(),
            r#"{"a":{"sessionId":"s\u0041","updatedAt":1,"sessionId":"t"}}"#.to_owned(),
            nested,
        ];
        for doc in docs {
            assert_store_matches_value_path(&doc);
        }
    }

    /// The typed passes (whole document, and one entry's text) against `Value` parses at `serde_json`'s nesting
    /// limit (128) and its number limits: the typed pass must fail exactly when the `Value` parse fails.
    #[test]
    fn typed_passes_agree_with_value_parses_at_the_limits() {
        let mut values: Vec<String> = (120..=130)
            .flat_map(|depth| {
                [
                    format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
                    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth)),
                ]
            })
            .collect();
        let long = "9".repeat(400);
        values.extend(
            [
                "1e400",
                "-1e400",
                "1e308",
                "1.5e3",
                "1E2",
                "2.5e-400",
                &long,
                &format!("{long}.5"),
                "-0",
            ]
            .map(str::to_owned),
        );
        let (mut typed, mut failed) = (0, 0);
        for value in &values {
            let entries = [
                format!(r#"{{"sessionId":"s","updatedAt":1,"x":{value}}}"#),
                format!(r#"{{"sessionId":"s","updatedAt":{value}}}"#),
                format!(r#"{{"sessionId":"s","updatedAt":1,"origin":{{"threadId":{value}}}}}"#),
                format!(r#"{{"sessionId":"s","updatedAt":1,"route":{value},"inputTokens":{value}}}"#),
            ];
            for entry in &entries {
                let via_value = serde_json::from_str::<Value>(entry)
                    .ok()
                    .and_then(|v| parse_session_entry(&v).ok());
                assert_eq!(parse_session_entry_text(entry), via_value, "{entry}");
                if via_value.is_some() {
                    typed += 1;
                } else {
                    failed += 1;
                }
                assert_store_matches_value_path(&format!(r#"{{"k":{entry}}}"#));
                assert_store_matches_value_path(&format!(
                    r#"{{"a":{{"sessionId":"a","updatedAt":2}},"k":{entry}}}"#
                ));
            }
        }
        // Both sides of every limit were exercised.
        assert!(typed > 20 && failed > 20, "{typed} parsed, {failed} failed");
    }

    /// Appending keeps what `out` held, gives the records of `parse_session_store` in the same order, and leaves
    /// nothing behind from an abandoned fast pass or a failed parse.
    #[test]
    fn parsing_into_a_list_appends_in_order() {
        let docs = [
            EXAMPLE.to_owned(),
            r#"{"a":{"sessionId":"1","updatedAt":1},"b":{"sessionId":"2","updatedAt":2}}"#.to_owned(),
            // A bad entry after good ones: the one-pass parse is abandoned after appending two entries.
            r#"{"a":{"sessionId":"1","updatedAt":1},"b":{"sessionId":"2","updatedAt":2},"c":{"updatedAt":3},"d":{"sessionId":"4","updatedAt":4}}"#.to_owned(),
            // A repeated key: first position, last value.
            r#"{"a":{"sessionId":"1","updatedAt":1},"b":{"sessionId":"2","updatedAt":2},"a":{"sessionId":"3","updatedAt":3}}"#.to_owned(),
        ];
        for doc in docs {
            let store = parse_session_store(doc.as_bytes()).unwrap();
            let mut out = vec![("before".to_owned(), String::new())];
            let diagnostics =
                parse_session_store_into(doc.as_bytes(), &mut out, |key, entry| (key, entry.session_id))
                    .unwrap();
            let expected: Vec<_> = std::iter::once(("before".to_owned(), String::new()))
                .chain(
                    store
                        .records
                        .iter()
                        .map(|r| (r.key.clone(), r.entry.session_id.clone())),
                )
                .collect();
            assert_eq!(out, expected, "{doc}");
            assert_eq!(diagnostics, store.diagnostics, "{doc}");
        }
        let mut out = vec![1];
        for bad in [
            &b"[]"[..],
            b"{\"a\":{\"sessionId\":\"1\",\"updatedAt\":1}",
            b"{\"a\":{\"sessionId\":\"1\",\"updatedAt\":1}} x",
        ] {
            assert!(parse_session_store_into(bad, &mut out, |_, _| 2).is_err());
            assert_eq!(out, [1]);
        }
    }

    #[test]
    fn parses_the_documented_example() {
        let store = parse_session_store(EXAMPLE.as_bytes()).unwrap();
        assert!(store.diagnostics.is_empty());
        let e = store.get("agent:ops:feishu:direct:ou_7c1e90aa").unwrap();
        assert_eq!(e.session_id, "3f0b6a52-1d7e-4c3a-9b1f-5e2d8c4a7b10");
        assert_eq!(e.updated_at, 1_775_811_200_123);
        assert_eq!(e.last_interaction_at, Some(1_775_811_190_000));
        assert_eq!(e.input_tokens, Some(1840));
        assert_eq!(e.total_tokens_fresh, Some(true));
        assert_eq!(e.model.as_deref(), Some("claude-sonnet-4-6"));
        let origin = e.origin.as_ref().unwrap();
        assert_eq!(origin.label.as_deref(), Some("Li Wei"));
        assert_eq!(origin.extra["futureField"], json!(1));
        let delivery = e.delivery_context.as_ref().unwrap();
        assert_eq!(
            delivery.thread_id.as_ref().map(ToString::to_string).as_deref(),
            Some("42")
        );
        assert_eq!(delivery.extra["deliveryIntent"]["kind"], json!("outbound_queue"));
        assert_eq!(e.extra["skillsSnapshot"], json!({"skills": ["a"]}));
        assert_eq!(e.best_label(), Some("Li Wei"));
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let original: Value = serde_json::from_str(EXAMPLE).unwrap();
        let store = parse_session_store(EXAMPLE.as_bytes()).unwrap();
        let back = serde_json::to_value(&store.records[0].entry).unwrap();
        assert_eq!(back, original["agent:ops:feishu:direct:ou_7c1e90aa"]);
    }

    #[test]
    fn epochs_of_any_unit_become_milliseconds() {
        let v = json!({"sessionId": "s", "updatedAt": 1_775_811_200, "startedAt": 1_775_811_200_123_456_i64,
                       "endedAt": "1775811200999", "pinnedAt": 1_775_811_200.5, "archivedAt": null});
        let e = parse_session_entry(&v).unwrap();
        assert_eq!(e.updated_at, 1_775_811_200_000);
        assert_eq!(e.started_at, Some(1_775_811_200_123));
        assert_eq!(e.ended_at, Some(1_775_811_200_999));
        assert_eq!(e.pinned_at, Some(1_775_811_200_000));
        assert_eq!(e.archived_at, None);
    }

    #[test]
    fn lineage_fields() {
        let v = json!({"sessionId": "c", "updatedAt": 1, "spawnedBy": "agent:main:main", "spawnDepth": 1,
                       "subagentRole": "leaf", "label": "disk-report", "status": "done", "runtimeMs": 4200});
        let e = parse_session_entry(&v).unwrap();
        assert_eq!(e.parent_key(), Some("agent:main:main"));
        assert_eq!(e.spawn_depth, Some(1));
        assert_eq!(e.status.as_deref(), Some("done"));
        assert_eq!(e.runtime_ms, Some(4200));
    }

    #[test]
    fn bad_entries_are_diagnostics_without_values() {
        let doc = br#"{"a":{"sessionId":"s","updatedAt":1},
            "b":"not an object",
            "c":{"updatedAt":1},
            "d":{"sessionId":"s","updatedAt":"soon"},
            "e":{"sessionId":"s","updatedAt":1,"systemSent":"hunter2-secret"},
            "f":{"sessionId":"s","updatedAt":1,"inputTokens":-5}}"#;
        let store = parse_session_store(doc).unwrap();
        assert_eq!(store.len(), 1);
        let keys: Vec<_> = store.diagnostics.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["b", "c", "d", "e", "f"]);
        assert!(
            store.diagnostics[1].reason.contains("sessionId"),
            "{:?}",
            store.diagnostics[1]
        );
        for d in &store.diagnostics {
            assert!(!d.reason.contains("hunter2"), "{d:?}");
        }
        assert!(
            store.diagnostics[3].reason.contains("expected a boolean"),
            "{:?}",
            store.diagnostics[3]
        );
    }

    #[test]
    fn documents_that_are_not_objects() {
        for doc in [&b"[]"[..], b"\"x\"", b"12", b"null", b"{", b"\xff"] {
            let err = parse_session_store(doc).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::StoreCorrupt, "{doc:?}");
        }
        assert!(parse_session_store(b"").unwrap().is_empty());
        assert!(parse_session_store(b"\xEF\xBB\xBF \n").unwrap().is_empty());
        let bom = b"\xEF\xBB\xBF{\"k\":{\"sessionId\":\"s\",\"updatedAt\":5}}";
        assert_eq!(parse_session_store(bom).unwrap().len(), 1);
    }

    #[test]
    fn last_activity_and_labels() {
        let mut e = SessionEntry::new("s", 10);
        assert_eq!(e.last_activity_ms(), 10);
        e.last_activity_at = Some(30);
        e.last_interaction_at = Some(20);
        assert_eq!(e.last_activity_ms(), 30);
        e.label = Some("  ".into());
        e.auto_label = Some("auto".into());
        assert_eq!(e.best_label(), Some("auto"));
        assert_eq!(e.parent_key(), None);
    }
}
