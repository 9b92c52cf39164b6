//! Timestamps as data. The core never reads the clock: "now" is always an argument of type [`Timestamp`].
//!
//! OpenClaw stores epoch milliseconds in `sessions.json`, ISO-8601 strings in transcripts, and some older files
//! hold epoch seconds or microseconds; [`normalize_epoch`] turns any of them into milliseconds.

pub use jiff::Timestamp;

/// Interprets an epoch number of unknown unit (seconds, milliseconds or microseconds) as milliseconds.
///
/// Values below 10^11 are seconds (up to the year 5138), below 10^14 milliseconds, anything larger microseconds.
///
/// ```
/// use clawscope_core::time::normalize_epoch;
/// assert_eq!(normalize_epoch(1_764_000_000), 1_764_000_000_000);
/// assert_eq!(normalize_epoch(1_764_000_000_123), 1_764_000_000_123);
/// assert_eq!(normalize_epoch(1_764_000_000_123_456), 1_764_000_000_123);
/// ```
pub fn normalize_epoch(value: i64) -> i64 {
    let magnitude = value.unsigned_abs();
    if magnitude < 100_000_000_000 {
        value.saturating_mul(1000)
    } else if magnitude < 100_000_000_000_000 {
        value
    } else {
        value / 1000
    }
}

/// Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`, the shape JavaScript's `toISOString()` produces.
/// Returns `None` when the value is outside the supported range.
///
/// ```
/// use clawscope_core::time::iso_millis;
/// assert_eq!(iso_millis(0).as_deref(), Some("1970-01-01T00:00:00.000Z"));
/// assert_eq!(iso_millis(1_764_000_000_123).as_deref(), Some("2025-11-24T16:00:00.123Z"));
/// ```
pub fn iso_millis(epoch_ms: i64) -> Option<String> {
    let ts = Timestamp::from_millisecond(epoch_ms).ok()?;
    Some(format!("{ts:.3}"))
}

/// Parses an RFC 3339 / ISO-8601 timestamp (with `Z` or an offset) to epoch milliseconds.
///
/// ```
/// use clawscope_core::time::parse_iso_millis;
/// assert_eq!(parse_iso_millis("2026-03-18T06:34:30.786Z"), Some(1_773_815_670_786));
/// assert_eq!(parse_iso_millis("not a time"), None);
/// ```
pub fn parse_iso_millis(text: &str) -> Option<i64> {
    text.trim()
        .parse::<Timestamp>()
        .ok()
        .map(Timestamp::as_millisecond)
}
