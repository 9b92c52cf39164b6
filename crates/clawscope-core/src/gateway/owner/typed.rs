//! The single-pass reading of an owner file: one visit over the object's entries that drops the known keys into
//! slots and the others into `extra`, without building (and then taking apart) a whole `Value` map.
//!
//! `port`, `pid` and unknown values are read as `serde_json::Value`s, exactly as the `Value` reading gives them;
//! a dialect value (`null` or a string in practice) goes straight into its slot, and only an array or object
//! there is read as a `Value` (so what is accepted, and its type name, stay the `Value` reader's). Duplicate
//! keys behave like `Value`'s map: the last value wins and an unknown key keeps the position of its first
//! occurrence. Any text this pass declines is read again by the `Value` path, which words the error.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::{DIALECT_KEYS, OwnerDialect, OwnerRecord, json_type, parse_pid, parse_port};

/// The keys `serde_json`'s `Value` reader treats specially when they come first in an object (its private
/// arbitrary-precision number and raw-value markers). The typed pass declines such a file, so the `Value`
/// reading decides what it means.
const VALUE_MARKER_KEYS: [&str; 2] = ["$serde_json::private::Number", "$serde_json::private::RawValue"];

/// Slot index of a known key: 0 `port`, 1 `pid`, then `2 + 2 * pair` for a camelCase key and `3 + 2 * pair` for
/// its snake-case twin (pairs in [`DIALECT_KEYS`] order).
fn known(key: &str) -> Option<usize> {
    Some(match key {
        "port" => 0,
        "pid" => 1,
        "cliPath" => 2,
        "cli_path" => 3,
        "openclawDir" => 4,
        "openclaw_dir" => 5,
        "startedAt" => 6,
        "started_at" => 7,
        "startedBy" => 8,
        "started_by" => 9,
        _ => return None,
    })
}

/// One dialect key's value, reduced to what the record needs.
#[derive(Debug, Default)]
enum Text {
    /// The key is absent.
    #[default]
    Absent,
    /// The key is present with `null`.
    Null,
    /// A string value.
    Str(String),
    /// Any other JSON value, by its type name.
    Other(&'static str),
}

impl Text {
    fn present(&self) -> bool {
        !matches!(self, Text::Absent)
    }

    /// `None` for absent or `null`, the string, or an error naming `key` for another type.
    fn into_string(self, key: &str) -> Result<Option<String>, String> {
        match self {
            Text::Absent | Text::Null => Ok(None),
            Text::Str(s) => Ok(Some(s)),
            Text::Other(kind) => Err(format!("{key} is a JSON {kind} instead of a string")),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

/// Reads a dialect value without building a `Value` for the common cases (`null`, a string); arrays and objects
/// are still read as a `Value`, so what is accepted (and its type name) is exactly what the `Value` reader says.
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Text, E> {
        Ok(Text::Null)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Text, E> {
        Ok(Text::Other("boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Text, E> {
        Ok(Text::Other("number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Text, E> {
        Ok(Text::Other("number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Text, E> {
        Ok(Text::Other("number"))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
        Ok(Text::Str(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Text, E> {
        Ok(Text::Str(s))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Text, A::Error> {
        let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Text::from(value))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
        let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Text::from(value))
    }
}

impl From<Value> for Text {
    fn from(value: Value) -> Text {
        match value {
            Value::Null => Text::Null,
            Value::String(s) => Text::Str(s),
            other => Text::Other(json_type(&other)),
        }
    }
}

/// The values of one owner object, sorted into known slots and `extra`. Each known value is reduced as soon as
/// it is read (a later duplicate replaces it); only unknown values are kept as `Value`s.
#[derive(Debug, Default)]
pub(super) struct Slots {
    /// `None` when absent or `null`, else the port or the reason it is unusable.
    port: Option<Result<u16, String>>,
    pid: Option<u32>,
    /// Indexed by `known(key) - 2`: each camelCase key followed by its snake-case twin.
    texts: [Text; 8],
    extra: Map<String, Value>,
}

impl Slots {
    /// Adds one entry (a later entry with the same key replaces the value).
    pub(super) fn put(&mut self, key: &str, value: Value) {
        match known(key) {
            Some(slot) => self.set(slot, value),
            None => {
                self.extra.insert(key.to_owned(), value);
            }
        }
    }

    /// Stores the value of the known key with slot index `slot`.
    fn set(&mut self, slot: usize, value: Value) {
        match slot {
            0 => {
                self.port = match value {
                    Value::Null => None,
                    v => Some(parse_port(&v)),
                };
            }
            1 => self.pid = parse_pid(&value),
            _ => self.set_text(slot, Text::from(value)),
        }
    }

    /// Stores the value of the dialect key with slot index `slot` (2 or more).
    fn set_text(&mut self, slot: usize, text: Text) {
        if let Some(t) = slot.checked_sub(2).and_then(|i| self.texts.get_mut(i)) {
            *t = text;
        }
    }

    /// The record, or the reason a known value is unusable (the first one in `port`, then pair order, camelCase
    /// before snake-case).
    pub(super) fn into_record(self) -> Result<OwnerRecord, String> {
        let [c0, s0, c1, s1, c2, s2, c3, s3] = self.texts;
        let pairs = [(c0, s0), (c1, s1), (c2, s2), (c3, s3)];
        let has_camel = pairs.iter().any(|(c, _)| c.present());
        let has_snake = pairs.iter().any(|(_, s)| s.present());
        let dialect = match (has_camel, has_snake) {
            (true, true) => OwnerDialect::Both,
            (true, false) => OwnerDialect::Web,
            (false, true) => OwnerDialect::Tauri,
            (false, false) => OwnerDialect::Unknown,
        };
        let port = self.port.transpose()?;
        let mut conflicts = Vec::new();
        let mut strings: [Option<String>; 4] = Default::default();
        for ((slot, (c, s)), (camel, snake)) in strings.iter_mut().zip(pairs).zip(DIALECT_KEYS) {
            let c = c.into_string(camel)?;
            let s = s.into_string(snake)?;
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
            pid: self.pid,
            started_at,
            started_by,
            dialect,
            conflicts,
            extra: self.extra,
        })
    }
}

/// Reads the JSON text of one object into slots in a single pass; `None` when the text is anything else (the
/// caller then falls back to the `Value` reading, which words the error).
pub(super) fn read_object(text: &str) -> Option<Slots> {
    let mut slots = Slots::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // The same two steps as `serde_json::from_str`: the value, then nothing but whitespace after it.
    de::DeserializeSeed::deserialize(&mut slots, &mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(slots)
}

/// Fills the slots in place (no large value moves through serde's `Result`s).
impl<'de> de::DeserializeSeed<'de> for &mut Slots {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Slots {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut first = true;
        while let Some(key) = map.next_key::<Key>()? {
            if first && matches!(&key, Key::Other(k) if VALUE_MARKER_KEYS.contains(&k.as_str())) {
                return Err(de::Error::custom("serde_json marker key"));
            }
            first = false;
            match key {
                Key::Known(slot @ 0..=1) => self.set(slot, map.next_value()?),
                Key::Known(slot) => self.set_text(slot, map.next_value()?),
                Key::Other(k) => {
                    self.extra.insert(k, map.next_value()?);
                }
            }
        }
        Ok(())
    }
}

/// An object key: a known slot (matched without allocating) or an unknown key's text.
enum Key {
    Known(usize),
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(known(key).map_or_else(|| Key::Other(key.to_owned()), Key::Known))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key, E> {
        Ok(known(&key).map_or(Key::Other(key), Key::Known))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn known_slots_follow_dialect_key_order() {
        for (pair, (camel, snake)) in DIALECT_KEYS.iter().enumerate() {
            assert_eq!(known(camel), Some(2 + 2 * pair), "{camel}");
            assert_eq!(known(snake), Some(3 + 2 * pair), "{snake}");
        }
        assert_eq!(known("port"), Some(0));
        assert_eq!(known("pid"), Some(1));
        assert_eq!(known("Port"), None);
    }

    #[test]
    fn typed_pass_keeps_unknown_keys_in_file_order_with_duplicates_in_place() {
        let text = r#"{"z":1,"port":2,"a":{"n":[1]},"z":3,"cliPath":null,"m":4}"#;
        let slots = read_object(text).unwrap();
        let keys: Vec<&str> = slots.extra.keys().map(String::as_str).collect();
        assert_eq!(keys, ["z", "a", "m"]);
        assert_eq!(slots.extra["z"], Value::from(3));
        let record = slots.into_record().unwrap();
        assert_eq!(record.port, Some(2));
        assert_eq!(record.dialect, OwnerDialect::Web);
    }

    #[test]
    fn typed_pass_declines_non_objects_and_marker_keys() {
        for text in [
            "[1]",
            "42",
            "\"x\"",
            "null",
            "{\"$serde_json::private::RawValue\":\"1\"}",
            "{\"port\":1",
            "{\"port\":1} x",
            "{} {}",
        ] {
            assert!(read_object(text).is_none(), "{text}");
        }
        // A marker key that does not come first is an ordinary unknown key, as in a `Value` map.
        let slots = read_object("{\"port\":1,\"$serde_json::private::RawValue\":2}").unwrap();
        assert_eq!(slots.extra.len(), 1);
    }
}
