//! Lenient field deserializers: a transcript line whose `id` is a number or whose `usage.input` is a string must not
//! lose the whole line. Each wrapper accepts what it can and turns anything else into "absent" without failing.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Drains a map or a sequence that a visitor does not want.
fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A string field; numbers are rendered as text, everything else is `None`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct LooseStr(pub(crate) Option<String>);

impl<'de> Deserialize<'de> for LooseStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LooseStr;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseStr, E> {
                Ok(LooseStr(Some(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<LooseStr, E> {
                Ok(LooseStr(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseStr, E> {
                Ok(LooseStr(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseStr, E> {
                Ok(LooseStr(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LooseStr, E> {
                Ok(LooseStr(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<LooseStr, E> {
                Ok(LooseStr(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<LooseStr, E> {
                Ok(LooseStr(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LooseStr, A::Error> {
                drain_map(map).map(|()| LooseStr(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<LooseStr, A::Error> {
                drain_seq(seq).map(|()| LooseStr(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A string field borrowed from the line when it has no escapes (for tags such as `type` and `role` that are only
/// compared); anything that is not a string is `None`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct LooseCow<'a>(pub(crate) Option<std::borrow::Cow<'a, str>>);

impl LooseCow<'_> {
    pub(crate) fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for LooseCow<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = LooseCow<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(LooseCow(Some(std::borrow::Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LooseCow(Some(std::borrow::Cow::Owned(v.to_owned()))))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(LooseCow(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(LooseCow(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(LooseCow(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(LooseCow(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(LooseCow(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|()| LooseCow(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|()| LooseCow(None))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A number field; numeric strings are parsed, everything else is `None`.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct LooseNum(pub(crate) Option<f64>);

impl LooseNum {
    /// The value as a non-negative integer, when it is one (fractions are truncated).
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    pub(crate) fn as_u64(self) -> Option<u64> {
        self.0
            .filter(|v| v.is_finite() && *v >= 0.0 && *v < u64::MAX as f64)
            .map(|v| v as u64)
    }

    /// The value as a signed integer, when it is one (fractions are truncated).
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    pub(crate) fn as_i64(self) -> Option<i64> {
        self.0
            .filter(|v| v.is_finite() && v.abs() < i64::MAX as f64)
            .map(|v| v as i64)
    }
}

impl<'de> Deserialize<'de> for LooseNum {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LooseNum;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseNum, E> {
                Ok(LooseNum(Some(v as f64)))
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseNum, E> {
                Ok(LooseNum(Some(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LooseNum, E> {
                Ok(LooseNum(Some(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseNum, E> {
                Ok(LooseNum(v.trim().parse::<f64>().ok().filter(|n| n.is_finite())))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<LooseNum, E> {
                Ok(LooseNum(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<LooseNum, E> {
                Ok(LooseNum(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LooseNum, A::Error> {
                drain_map(map).map(|()| LooseNum(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<LooseNum, A::Error> {
                drain_seq(seq).map(|()| LooseNum(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A boolean field; `"true"`/`"false"` strings are accepted, everything else is `None`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LooseBool(pub(crate) Option<bool>);

impl<'de> Deserialize<'de> for LooseBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LooseBool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<LooseBool, E> {
                Ok(LooseBool(Some(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseBool, E> {
                Ok(LooseBool(match v {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                }))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<LooseBool, E> {
                Ok(LooseBool(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<LooseBool, E> {
                Ok(LooseBool(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<LooseBool, E> {
                Ok(LooseBool(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<LooseBool, E> {
                Ok(LooseBool(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LooseBool, A::Error> {
                drain_map(map).map(|()| LooseBool(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<LooseBool, A::Error> {
                drain_seq(seq).map(|()| LooseBool(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A timestamp that is either an ISO string or an epoch number.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) enum LooseTime {
    /// Absent or unusable.
    #[default]
    None,
    /// A string as written.
    Text(String),
    /// An epoch number (unit unknown).
    Number(f64),
}

impl<'de> Deserialize<'de> for LooseTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LooseTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LooseTime, E> {
                Ok(LooseTime::Text(v.to_owned()))
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<LooseTime, E> {
                Ok(LooseTime::Number(v as f64))
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<LooseTime, E> {
                Ok(LooseTime::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<LooseTime, E> {
                Ok(if v.is_finite() {
                    LooseTime::Number(v)
                } else {
                    LooseTime::None
                })
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<LooseTime, E> {
                Ok(LooseTime::None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<LooseTime, E> {
                Ok(LooseTime::None)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LooseTime, A::Error> {
                drain_map(map).map(|()| LooseTime::None)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<LooseTime, A::Error> {
                drain_seq(seq).map(|()| LooseTime::None)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl LooseTime {
    /// Epoch milliseconds, from either form (numbers of any unit are normalised).
    #[allow(clippy::cast_possible_truncation)]
    pub(crate) fn epoch_ms(&self) -> Option<i64> {
        match self {
            LooseTime::None => None,
            LooseTime::Text(text) => crate::time::parse_iso_millis(text)
                .or_else(|| text.trim().parse::<i64>().ok().map(crate::time::normalize_epoch)),
            LooseTime::Number(n) => {
                if n.abs() < 9.0e15 {
                    Some(crate::time::normalize_epoch(*n as i64))
                } else {
                    None
                }
            }
        }
    }
}

/// An object field: a JSON object is deserialized into `T`; any other JSON value is `None`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LooseObj<T>(pub(crate) Option<T>);

impl<T> Default for LooseObj<T> {
    fn default() -> Self {
        LooseObj(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LooseObj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = LooseObj<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<LooseObj<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|v| LooseObj(Some(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<LooseObj<T>, A::Error> {
                drain_seq(seq).map(|()| LooseObj(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<LooseObj<T>, E> {
                Ok(LooseObj(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<LooseObj<T>, E> {
                Ok(LooseObj(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<LooseObj<T>, E> {
                Ok(LooseObj(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<LooseObj<T>, E> {
                Ok(LooseObj(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<LooseObj<T>, E> {
                Ok(LooseObj(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<LooseObj<T>, E> {
                Ok(LooseObj(None))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// The byte length of a string field without keeping it (used for base64 image data).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StrLen(pub(crate) Option<usize>);

impl<'de> Deserialize<'de> for StrLen {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrLen;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrLen, E> {
                Ok(StrLen(Some(v.len())))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<StrLen, E> {
                Ok(StrLen(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<StrLen, E> {
                Ok(StrLen(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<StrLen, E> {
                Ok(StrLen(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<StrLen, E> {
                Ok(StrLen(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<StrLen, E> {
                Ok(StrLen(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StrLen, A::Error> {
                drain_map(map).map(|()| StrLen(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<StrLen, A::Error> {
                drain_seq(seq).map(|()| StrLen(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Whether a string field holds any non-whitespace character, without keeping it (used by event counting).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NonBlank(pub(crate) bool);

impl<'de> Deserialize<'de> for NonBlank {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NonBlank;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NonBlank, E> {
                Ok(NonBlank(!v.trim().is_empty()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<NonBlank, E> {
                Ok(NonBlank(false))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<NonBlank, E> {
                Ok(NonBlank(false))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<NonBlank, E> {
                Ok(NonBlank(false))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<NonBlank, E> {
                Ok(NonBlank(false))
            }
            fn visit_unit<E: de::Error>(self) -> Result<NonBlank, E> {
                Ok(NonBlank(false))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<NonBlank, A::Error> {
                drain_map(map).map(|()| NonBlank(false))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<NonBlank, A::Error> {
                drain_seq(seq).map(|()| NonBlank(false))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn loose_fields_never_fail() {
        let s: LooseStr = serde_json::from_str("42").unwrap();
        assert_eq!(s.0.as_deref(), Some("42"));
        let s: LooseStr = serde_json::from_str("{\"a\":[1,2]}").unwrap();
        assert_eq!(s.0, None);
        let n: LooseNum = serde_json::from_str("\"12\"").unwrap();
        assert_eq!(n.as_u64(), Some(12));
        let n: LooseNum = serde_json::from_str("-3").unwrap();
        assert_eq!(n.as_u64(), None);
        assert_eq!(n.as_i64(), Some(-3));
        let b: LooseBool = serde_json::from_str("[true]").unwrap();
        assert_eq!(b.0, None);
        let o: LooseObj<LooseStrHolder> = serde_json::from_str("\"x\"").unwrap();
        assert!(o.0.is_none());
        let len: StrLen = serde_json::from_str("\"abcd\"").unwrap();
        assert_eq!(len.0, Some(4));
        let blank: NonBlank = serde_json::from_str("\" \\n \"").unwrap();
        assert!(!blank.0);
        let tag: LooseCow<'_> = serde_json::from_str("\"text\"").unwrap();
        assert!(matches!(tag.0, Some(std::borrow::Cow::Borrowed("text"))));
        let tag: LooseCow<'_> = serde_json::from_str("\"te\\u0078t\"").unwrap();
        assert_eq!(tag.as_deref(), Some("text"));
    }

    #[test]
    fn time_from_both_forms() {
        let t: LooseTime = serde_json::from_str("\"2026-04-02T09:00:00.010Z\"").unwrap();
        assert_eq!(t.epoch_ms(), Some(1_775_120_400_010));
        let t: LooseTime = serde_json::from_str("1775120400").unwrap();
        assert_eq!(t.epoch_ms(), Some(1_775_120_400_000));
        let t: LooseTime = serde_json::from_str("true").unwrap();
        assert_eq!(t.epoch_ms(), None);
    }

    #[derive(serde::Deserialize)]
    struct LooseStrHolder {
        #[allow(dead_code)]
        a: LooseStr,
    }
}
