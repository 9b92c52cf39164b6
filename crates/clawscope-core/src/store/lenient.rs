//! Lenient serde helpers for the numbers OpenClaw writes into `sessions.json`.
//!
//! Timestamps are epoch numbers of unknown unit (seconds, milliseconds or microseconds, sometimes floats or numeric
//! strings in hand-edited stores); they are normalised to milliseconds with [`normalize_epoch`]. Counters accept
//! integers, integral floats and numeric strings. `null` counts as absent.

use serde::de::{DeserializeSeed, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::time::normalize_epoch;

/// A JSON value as an `i64`, accepting integers, finite floats (truncated) and numeric strings.
fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.0e18)
                // Truncation is the documented behaviour for fractional epoch values.
                .map(|f| {
                    #[allow(clippy::cast_possible_truncation)]
                    let v = f.trunc() as i64;
                    v
                })
        }),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>()
                .ok()
                .or_else(|| t.parse::<f64>().ok().and_then(|f| as_i64(&Value::from(f))))
        }
        _ => None,
    }
}

/// An epoch timestamp (any unit) as milliseconds. Used for the required `updatedAt`.
pub(crate) fn epoch_ms<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let value = Value::deserialize(d)?;
    as_i64(&value)
        .map(normalize_epoch)
        .ok_or_else(|| D::Error::custom(format!("expected an epoch number, found {}", kind(&value))))
}

/// An optional epoch timestamp (any unit) as milliseconds.
pub(crate) fn opt_epoch_ms<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let value = Value::deserialize(d)?;
    if value.is_null() {
        return Ok(None);
    }
    as_i64(&value)
        .map(|v| Some(normalize_epoch(v)))
        .ok_or_else(|| D::Error::custom(format!("expected an epoch number, found {}", kind(&value))))
}

/// An optional non-negative counter (tokens, depth, counts).
pub(crate) fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value = Value::deserialize(d)?;
    if value.is_null() {
        return Ok(None);
    }
    as_i64(&value)
        .and_then(|v| u64::try_from(v).ok())
        .map(Some)
        .ok_or_else(|| D::Error::custom(format!("expected a non-negative number, found {}", kind(&value))))
}

/// An optional float (cost in USD), accepting numeric strings.
pub(crate) fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let value = Value::deserialize(d)?;
    match &value {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64()),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| D::Error::custom("expected a number")),
        other => Err(D::Error::custom(format!(
            "expected a number, found {}",
            kind(other)
        ))),
    }
}

/// The functions above as [`DeserializeSeed`]s, for the hand-written entry visitors (`next_value_seed`).
macro_rules! seeds {
    ($($(#[$doc:meta])* $seed:ident => $function:ident -> $out:ty;)*) => {$(
        $(#[$doc])*
        pub(crate) struct $seed;

        impl<'de> DeserializeSeed<'de> for $seed {
            type Value = $out;

            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$out, D::Error> {
                $function(d)
            }
        }
    )*};
}

seeds! {
    /// [`epoch_ms`] as a seed.
    EpochMs => epoch_ms -> i64;
    /// [`opt_epoch_ms`] as a seed.
    OptEpochMs => opt_epoch_ms -> Option<i64>;
    /// [`opt_u64`] as a seed.
    OptU64 => opt_u64 -> Option<u64>;
    /// [`opt_f64`] as a seed.
    OptF64 => opt_f64 -> Option<f64>;
}

/// The JSON type name of a value, for error messages (never the value itself).
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_strings_and_floats() {
        assert_eq!(as_i64(&json!(12)), Some(12));
        assert_eq!(as_i64(&json!(12.9)), Some(12));
        assert_eq!(as_i64(&json!(" 42 ")), Some(42));
        assert_eq!(as_i64(&json!("1.5e3")), Some(1500));
        assert_eq!(as_i64(&json!("x")), None);
        assert_eq!(as_i64(&json!(true)), None);
        assert_eq!(as_i64(&json!(1e300)), None);
    }
}
