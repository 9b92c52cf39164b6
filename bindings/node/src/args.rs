//! Explicit validation of JavaScript arguments. JS numbers are doubles: napi would silently truncate `1.9` to `1`
//! and turn `Infinity` into `0`, so ports and pids are read as raw values and checked here (`INVALID_PORT`,
//! `INVALID_PID`, `INVALID_ARGUMENT`), and strings are checked to be strings.

use napi::ValueType;
use napi::bindgen_prelude::{FromNapiValue, JsObjectValue, JsValue, Object, Unknown};

use crate::errors::{Failure, Outcome};

/// A short description of a JS value for error messages.
fn describe(value: &Unknown<'_>) -> String {
    match value.get_type() {
        Ok(ValueType::Number) => value
            .coerce_to_number()
            .and_then(|n| n.get_double())
            .map_or_else(|_| "a number".to_owned(), format_number),
        Ok(ValueType::String) => value
            .coerce_to_string()
            .and_then(napi::JsString::into_utf8)
            .and_then(napi::JsStringUtf8::into_owned)
            .map_or_else(
                |_| "a string".to_owned(),
                |s| format!("{:?}", clawscope::error::shorten(&s, 40)),
            ),
        Ok(ValueType::Boolean) => "a boolean".to_owned(),
        Ok(ValueType::Object) => "an object".to_owned(),
        Ok(ValueType::BigInt) => "a bigint".to_owned(),
        Ok(ValueType::Symbol) => "a symbol".to_owned(),
        Ok(ValueType::Function) => "a function".to_owned(),
        _ => "a value".to_owned(),
    }
}

fn format_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        n.to_string()
    }
}

/// `None` for `undefined`/`null` (or a missing argument).
fn present(value: Option<Unknown<'_>>) -> Outcome<Option<Unknown<'_>>> {
    let Some(value) = value else { return Ok(None) };
    match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        _ => Ok(Some(value)),
    }
}

/// A whole number in `min..=max`, or the reason it is not one.
fn whole_number(value: &Unknown<'_>, min: f64, max: f64) -> Outcome<Result<u64, String>> {
    if value.get_type()? != ValueType::Number {
        return Ok(Err(format!("{} is not a number", describe(value))));
    }
    // A number already: read it as is (no coercion call).
    let n = f64::from_unknown(*value)?;
    if !n.is_finite() {
        return Ok(Err("not a finite number".to_owned()));
    }
    if n.fract() != 0.0 {
        return Ok(Err("not a whole number".to_owned()));
    }
    if n < min || n > max {
        return Ok(Err(format!("out of range {min}-{max}")));
    }
    // In range and whole: the conversion is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(Ok(n as u64))
}

/// An optional TCP port (1–65535); anything else is `INVALID_PORT`.
pub(crate) fn opt_port(value: Option<Unknown<'_>>) -> Outcome<Option<u16>> {
    let Some(value) = present(value)? else {
        return Ok(None);
    };
    match whole_number(&value, 1.0, 65535.0)? {
        Ok(n) => Ok(u16::try_from(n).ok()),
        Err(reason) => Err(Failure::Core(clawscope::Error::InvalidPort {
            value: describe(&value),
            reason,
        })),
    }
}

/// A required TCP port.
pub(crate) fn port(value: Option<Unknown<'_>>) -> Outcome<u16> {
    opt_port(value)?.ok_or_else(|| {
        Failure::Core(clawscope::Error::InvalidPort {
            value: "undefined".to_owned(),
            reason: "a port is required".to_owned(),
        })
    })
}

/// An optional process id (1–4294967295); anything else is `INVALID_PID`.
pub(crate) fn opt_pid(value: Option<Unknown<'_>>) -> Outcome<Option<u32>> {
    let Some(value) = present(value)? else {
        return Ok(None);
    };
    match whole_number(&value, 1.0, f64::from(u32::MAX))? {
        Ok(n) => Ok(u32::try_from(n).ok()),
        Err(reason) => Err(Failure::Core(clawscope::Error::InvalidPid {
            value: describe(&value),
            reason,
        })),
    }
}

/// An optional string argument named `name`; a non-string is `INVALID_ARGUMENT`.
pub(crate) fn opt_string(name: &str, value: Option<Unknown<'_>>) -> Outcome<Option<String>> {
    let Some(value) = present(value)? else {
        return Ok(None);
    };
    if value.get_type()? != ValueType::String {
        return Err(Failure::Core(clawscope::Error::invalid_argument(
            name,
            format!("{} is not a string", describe(&value)),
        )));
    }
    Ok(Some(String::from_unknown(value)?))
}

/// A required string argument.
pub(crate) fn string(name: &str, value: Option<Unknown<'_>>) -> Outcome<String> {
    opt_string(name, value)?
        .ok_or_else(|| Failure::Core(clawscope::Error::invalid_argument(name, "a string is required")))
}

/// An optional plain-object argument; anything else is `INVALID_ARGUMENT`.
pub(crate) fn opt_object<'a>(name: &str, value: Option<Unknown<'a>>) -> Outcome<Option<Object<'a>>> {
    let Some(value) = present(value)? else {
        return Ok(None);
    };
    if value.get_type()? != ValueType::Object || value.is_array()? {
        return Err(Failure::Core(clawscope::Error::invalid_argument(
            name,
            format!("{} is not an options object", describe(&value)),
        )));
    }
    // An object already (checked above): wrap it as is (no coercion call).
    Ok(Some(Object::from_unknown(value)?))
}

/// The property `key` of `object`, as a raw value.
pub(crate) fn prop<'a>(object: &Object<'a>, key: &str) -> Outcome<Option<Unknown<'a>>> {
    Ok(Some(object.get_named_property::<Unknown<'a>>(key)?))
}

/// An optional count (a whole number ≥ 0); its range is checked by clawscope. Anything else is
/// `INVALID_ARGUMENT`.
pub(crate) fn opt_count(name: &str, value: Option<Unknown<'_>>) -> Outcome<Option<usize>> {
    let Some(value) = present(value)? else {
        return Ok(None);
    };
    match whole_number(&value, 0.0, 9_007_199_254_740_991.0)? {
        Ok(n) => Ok(Some(usize::try_from(n).unwrap_or(usize::MAX))),
        Err(reason) => Err(Failure::Core(clawscope::Error::invalid_argument(name, reason))),
    }
}

/// An optional boolean; anything else is `INVALID_ARGUMENT`.
pub(crate) fn opt_bool(name: &str, value: Option<Unknown<'_>>) -> Outcome<Option<bool>> {
    let Some(value) = present(value)? else {
        return Ok(None);
    };
    if value.get_type()? != ValueType::Boolean {
        return Err(Failure::Core(clawscope::Error::invalid_argument(
            name,
            format!("{} is not a boolean", describe(&value)),
        )));
    }
    Ok(Some(value.coerce_to_bool()?))
}

/// An optional instant: an RFC 3339 string or a `Date`; anything else (or an invalid date) is `INVALID_ARGUMENT`.
pub(crate) fn opt_time(
    name: &str,
    value: Option<Unknown<'_>>,
) -> Outcome<Option<clawscope::time::Timestamp>> {
    let Some(value) = present(value)? else {
        return Ok(None);
    };
    let invalid = |reason: String| Failure::Core(clawscope::Error::invalid_argument(name, reason));
    if value.get_type()? == ValueType::String {
        let text = value.coerce_to_string()?.into_utf8()?.into_owned()?;
        return text
            .parse::<clawscope::time::Timestamp>()
            .map(Some)
            .map_err(|e| invalid(format!("{text:?} is not an RFC 3339 time: {e}")));
    }
    if value.is_date()? {
        let ms = value.coerce_to_number()?.get_double()?;
        if !ms.is_finite() || ms.fract() != 0.0 {
            return Err(invalid("an invalid Date".to_owned()));
        }
        // A finite, whole JS time value is within ±8.64e15 ms: exact in i64.
        #[allow(clippy::cast_possible_truncation)]
        let ms = ms as i64;
        return clawscope::time::Timestamp::from_millisecond(ms)
            .map(Some)
            .map_err(|e| invalid(e.to_string()));
    }
    Err(invalid(format!(
        "{} is not an RFC 3339 string or a Date",
        describe(&value)
    )))
}
