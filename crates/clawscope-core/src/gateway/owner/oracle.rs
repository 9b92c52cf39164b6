//! Test oracle: the original `Value`-map reading of an owner file, kept verbatim, and property tests showing the
//! single-pass reading gives the same outcome for every text.
//!
//! One intended difference: the original took the known keys out of the map with `Map::remove`, which with
//! `serde_json`'s `preserve_order` is a *swap* remove and so moved the last unknown key into the removed key's
//! place. The single-pass reading keeps `extra` in file order, as [`OwnerRecord::extra`] documents. Outcomes are
//! compared with `==` (a map compares as a map, whatever its order), and `extra`'s order is checked separately
//! against the file order of a plain `Value` parse.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::{
    CorruptKind, DIALECT_KEYS, MAX_OWNER_FILE_BYTES, OwnerDialect, OwnerReadOutcome, OwnerRecord, corrupt,
    json_type, parse_owner_record, parse_pid, parse_port,
};

/// The original `parse_owner_record`.
fn oracle(bytes: &[u8]) -> OwnerReadOutcome {
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
    match record_from_map(map) {
        Ok(record) => OwnerReadOutcome::Valid { record },
        Err(reason) => corrupt(CorruptKind::InvalidField, reason),
    }
}

fn record_from_map(mut map: Map<String, Value>) -> Result<OwnerRecord, String> {
    let has_camel = DIALECT_KEYS.iter().any(|(c, _)| map.contains_key(*c));
    let has_snake = DIALECT_KEYS.iter().any(|(_, s)| map.contains_key(*s));
    let dialect = match (has_camel, has_snake) {
        (true, true) => OwnerDialect::Both,
        (true, false) => OwnerDialect::Web,
        (false, true) => OwnerDialect::Tauri,
        (false, false) => OwnerDialect::Unknown,
    };
    let port = match map.remove("port") {
        None | Some(Value::Null) => None,
        Some(v) => Some(parse_port(&v)?),
    };
    let pid = map.remove("pid").and_then(|v| parse_pid(&v));
    let mut conflicts = Vec::new();
    let mut strings: [Option<String>; 4] = Default::default();
    for (slot, (camel, snake)) in strings.iter_mut().zip(DIALECT_KEYS) {
        let c = take_string(&mut map, camel)?;
        let s = take_string(&mut map, snake)?;
        if let (Some(a), Some(b)) = (&c, &s)
            && a != b
        {
            conflicts.push(camel.to_owned());
        }
        *slot = c.or(s);
    }
    let [cli_path, openclaw_dir, started_at, started_by] = strings;
    Ok(OwnerRecord {
        port,
        cli_path,
        openclaw_dir,
        pid,
        started_at,
        started_by,
        dialect,
        conflicts,
        extra: map,
    })
}

fn take_string(map: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!(
            "{key} is a JSON {} instead of a string",
            json_type(&other)
        )),
    }
}

/// The unknown keys of `bytes` in file order (first occurrence), from a plain `Value` parse.
fn unknown_keys_in_file_order(bytes: &[u8]) -> Vec<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(bytes) else {
        return Vec::new();
    };
    let known = ["port", "pid"]
        .into_iter()
        .chain(DIALECT_KEYS.iter().flat_map(|(c, s)| [*c, *s]));
    let known: Vec<&str> = known.collect();
    map.keys()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect()
}

/// Asserts the single-pass outcome equals the oracle's, and that `extra` is in file order.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let new = parse_owner_record(bytes);
    let old = oracle(bytes);
    prop_assert_eq!(&new, &old, "input {:?}", String::from_utf8_lossy(bytes));
    if let OwnerReadOutcome::Valid { record } = &new {
        let order: Vec<String> = record.extra.keys().cloned().collect();
        prop_assert_eq!(order, unknown_keys_in_file_order(bytes));
    }
    Ok(())
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "port", "pid", "cliPath", "cli_path", "openclawDir", "openclaw_dir", "startedAt", "started_at",
            "startedBy", "started_by",
        ])
        .prop_map(|k| format!("\"{k}\"")),
        2 => prop::sample::select(vec!["note", "a", "z", "extraField", "Port", "PID", "", "ключ", "cli path"])
            .prop_map(|k| format!("\"{k}\"")),
        1 => Just("\"p\\u006frt\"".to_owned()),
        1 => Just("\"open\\u0063lawDir\"".to_owned()),
        1 => Just("\"$serde_json::private::RawValue\"".to_owned()),
        1 => Just("\"$serde_json::private::Number\"".to_owned()),
        1 => "[a-z_]{1,6}".prop_map(|k| format!("\"{k}\"")),
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        (0u64..70_000).prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        (-1e6f64..1e6).prop_map(|f| f.to_string()),
        prop::sample::select(vec![
            "18789.0",
            "1e3",
            "-0",
            "0",
            "4.5",
            "1E400",
            "99999999999",
            "65535",
            "65536",
            "-1",
            "\"18789\"",
            "\" 80 \"",
            "\"+80\"",
            "\"0x50\"",
            "\"\"",
            "\"abc\"",
            "\"/home/li/.openclaw\"",
            "\"clawpanel\"",
            "\"4242\"",
            "\"\\u00e9\\n\"",
            "\"18789 \\t\"",
        ])
        .prop_map(str::to_owned),
        "[ -~&&[^\"\\\\]]{0,12}".prop_map(|s| format!("\"{s}\"")),
    ]
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((key(), inner), 0..4).prop_map(|v| {
                let entries: Vec<String> = v.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("{{{}}}", entries.join(","))
            }),
        ]
    })
}

fn whitespace() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", " ", "\n", "\r\n  ", "\t"]).prop_map(str::to_owned)
}

/// Owner-file texts: objects of known and unknown keys (duplicates included), sometimes another JSON value,
/// with optional BOM and whitespace.
fn owner_text() -> impl Strategy<Value = Vec<u8>> {
    let object = prop::collection::vec((key(), value(), whitespace()), 0..10).prop_map(|entries| {
        let parts: Vec<String> = entries
            .into_iter()
            .map(|(k, v, ws)| format!("{ws}{k}{ws}:{v}{ws}"))
            .collect();
        format!("{{{}}}", parts.join(","))
    });
    let top = prop_oneof![8 => object, 1 => value()];
    (any::<bool>(), whitespace(), top, whitespace()).prop_map(|(bom, before, body, after)| {
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        bytes.extend_from_slice(format!("{before}{body}{after}").as_bytes());
        bytes
    })
}

/// A text damaged one way: cut short, one byte changed, or one byte dropped.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (owner_text(), any::<prop::sample::Index>(), any::<u8>(), 0u8..3).prop_map(
        |(mut bytes, at, byte, how)| {
            if bytes.is_empty() {
                return bytes;
            }
            let i = at.index(bytes.len());
            match how {
                0 => bytes.truncate(i),
                1 => bytes[i] = byte,
                _ => {
                    bytes.remove(i);
                }
            }
            bytes
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn single_pass_matches_the_value_oracle(bytes in owner_text()) {
        check(&bytes)?;
    }

    #[test]
    fn single_pass_matches_the_value_oracle_on_damaged_text(bytes in mutated()) {
        check(&bytes)?;
    }
}

#[test]
fn single_pass_matches_the_value_oracle_on_hand_picked_texts() {
    let cases: &[&[u8]] = &[
        b"",
        b"   ",
        b"\xEF\xBB\xBF",
        b"{}",
        b"{\"port\":1,\"port\":\"x\"}",
        b"{\"port\":\"x\",\"port\":2}",
        b"{\"cliPath\":5,\"cliPath\":\"/a\"}",
        b"{\"cli_path\":null}",
        b"{\"cliPath\":\"/a\",\"cli_path\":\"/b\",\"startedBy\":\"x\",\"started_by\":\"y\"}",
        b"{\"port\":\" 18789\\n\",\"pid\":\"4242\"}",
        b"{\"port\":18789.0}",
        b"{\"port\":[1]}",
        b"{\"port\":{\"a\":\"a very long value that is cut in the error message when shown\"}}",
        b"{\"a\":1,\"port\":1,\"b\":2,\"pid\":3,\"c\":4,\"a\":5}",
        b"{\"port\":1} x",
        b"{\"port\":1,}",
        b"{\"$serde_json::private::RawValue\":\"{}\"}",
        b"{\"$serde_json::private::RawValue\":\"[1]\"}",
        b"{\"$serde_json::private::Number\":\"1\"}",
        b"[1,2]",
        b"\"text\"",
        b"\xff\xfe",
        b"{\"port\":1,\"cliPath\":\"\xc3\"}",
    ];
    for bytes in cases {
        check(bytes).unwrap();
    }
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(200), "]".repeat(200));
    check(deep.as_bytes()).unwrap();
    check(&vec![b' '; MAX_OWNER_FILE_BYTES + 1]).unwrap();
}

#[test]
fn single_pass_matches_the_value_oracle_on_every_gateway_fixture() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut dirs = vec![root.join("gateway"), root.join("cli")];
    let mut seen = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let bytes = std::fs::read(&path).unwrap();
                check(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                seen += usize::from(path.file_name().is_some_and(|n| n == "gateway-owner.json"));
            }
        }
    }
    assert!(seen >= 20, "only {seen} owner fixtures found");
}
