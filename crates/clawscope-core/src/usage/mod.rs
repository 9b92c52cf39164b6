//! Tokens and cost, from what OpenClaw recorded in each assistant message's `usage`.
//!
//! There is no pricing table: cost is `usage.cost.total` as written by OpenClaw (pi-ai) — the control center's
//! status line shows `cost=0` because it never reads it (`control-center-session-detail.md` §5). Rows OpenClaw
//! synthesised itself (`delivery-mirror`, `gateway-injected`) are excluded. Totals are kept per session, per UTC
//! day, per model, per provider and per agent.
//!
//! ```
//! use clawscope_core::usage::{UsageReport, usage_record};
//! use serde_json::json;
//!
//! let line = json!({"type":"message","timestamp":"2026-04-02T09:00:03.500Z","message":{"role":"assistant",
//!     "provider":"anthropic","model":"claude-sonnet-4-6","content":[],
//!     "usage":{"input":12,"output":48,"cacheRead":9100,"cacheWrite":300,"totalTokens":9460,"cost":{"total":0.0045}}}});
//! let record = usage_record(&line).unwrap();
//! let mut report = UsageReport::default();
//! report.add("agent:ops:main", Some("ops"), &record);
//! assert_eq!(report.totals.total_tokens, 9460);
//! assert!((report.totals.cost - 0.0045).abs() < 1e-12);
//! assert_eq!(report.by_day["2026-04-02"].requests, 1);
//! ```

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::history::{line_timestamp, synthetic_kind};
use crate::time::parse_iso_millis;

mod scan;
#[cfg(test)]
mod scan_props;

/// The usage of one assistant message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageRecord {
    /// Line timestamp (ISO).
    pub timestamp: Option<String>,
    /// UTC day `YYYY-MM-DD` of the timestamp.
    pub day: Option<String>,
    /// Model id.
    pub model: Option<String>,
    /// Provider id (as written, else inferred from the model name).
    pub provider: Option<String>,
    /// Input tokens.
    pub input: u64,
    /// Output tokens.
    pub output: u64,
    /// Cache-read tokens.
    pub cache_read: u64,
    /// Cache-write tokens.
    pub cache_write: u64,
    /// `totalTokens` when positive, else the sum of the four counters.
    pub total_tokens: u64,
    /// `usage.cost.total` in USD (0 when not recorded).
    pub cost: f64,
}

/// The usage of a transcript line, if it is a real (not synthesised) assistant message with a `usage` object.
pub fn usage_record(line: &Value) -> Option<UsageRecord> {
    if line.get("type").and_then(Value::as_str) != Some("message") {
        return None;
    }
    let message = line.get("message")?;
    if message.get("role").and_then(Value::as_str) != Some("assistant") || synthetic_kind(message).is_some() {
        return None;
    }
    let usage = message.get("usage")?.as_object()?;
    let num = |k: &str| usage.get(k).and_then(count);
    let input = num("input").unwrap_or(0);
    let output = num("output").unwrap_or(0);
    let cache_read = num("cacheRead").unwrap_or(0);
    let cache_write = num("cacheWrite").unwrap_or(0);
    let total = num("totalTokens").filter(|t| *t > 0).unwrap_or_else(|| {
        input
            .saturating_add(output)
            .saturating_add(cache_read)
            .saturating_add(cache_write)
    });
    let cost = usage
        .get("cost")
        .and_then(|c| c.get("total"))
        .and_then(Value::as_f64)
        .filter(|c| c.is_finite() && *c >= 0.0)
        .unwrap_or(0.0);
    let model = message.get("model").and_then(Value::as_str).map(str::to_owned);
    let provider = message
        .get("provider")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| model.as_deref().map(infer_provider).map(str::to_owned));
    let timestamp = line_timestamp(line);
    let day = timestamp.as_deref().and_then(utc_day);
    Some(UsageRecord {
        timestamp,
        day,
        model,
        provider,
        input,
        output,
        cache_read,
        cache_write,
        total_tokens: total,
        cost,
    })
}

/// [`usage_record`] of a raw transcript line: exactly
/// `serde_json::from_slice::<Value>(line).ok().and_then(|v| usage_record(&v))`, but without building the line.
///
/// One validating pass over the bytes extracts only the fields the record reads and skips the rest (the content
/// blocks, usually most of the bytes); whenever that pass could disagree with the `Value` parse (escaped or
/// repeated keys it reads, surrogate escapes, deep nesting, numbers `serde_json` alone decides on, control bytes,
/// invalid UTF-8, any syntax error) the line is parsed into a `Value` instead.
///
/// ```
/// use clawscope_core::usage::usage_record_from_line;
/// let line = br#"{"type":"message","timestamp":"2026-04-02T09:00:03.500Z","message":{"role":"assistant","content":[{"type":"text","text":"hi"}],"model":"gpt-5","usage":{"input":1,"output":2}}}"#;
/// let r = usage_record_from_line(line).unwrap();
/// assert_eq!((r.total_tokens, r.provider.as_deref()), (3, Some("openai")));
/// assert!(usage_record_from_line(br#"{"type":"message","message":{"role":"user"}}"#).is_none());
/// ```
pub fn usage_record_from_line(line: &[u8]) -> Option<UsageRecord> {
    scan::usage_record(line).unwrap_or_else(|scan::Unsure| {
        serde_json::from_slice::<Value>(line)
            .ok()
            .and_then(|v| usage_record(&v))
    })
}

fn count(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| {
        let f = v.as_f64().filter(|f| f.is_finite() && *f >= 0.0 && *f < 1.8e19)?;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(f.round() as u64)
    })
}

/// The UTC calendar day `YYYY-MM-DD` of an ISO timestamp.
///
/// ```
/// assert_eq!(clawscope_core::usage::utc_day("2026-04-02T23:59:59+08:00").as_deref(), Some("2026-04-02"));
/// assert_eq!(clawscope_core::usage::utc_day("2026-04-02T23:59:59-08:00").as_deref(), Some("2026-04-03"));
/// ```
pub fn utc_day(iso: &str) -> Option<String> {
    let ms = parse_iso_millis(iso)?;
    let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(day_of(ts))
}

/// `ts.strftime("%Y-%m-%d")`, without the formatter's cost for the years 0 to 9999.
fn day_of(ts: jiff::Timestamp) -> String {
    let date = jiff::tz::Offset::UTC.to_datetime(ts).date();
    let (Ok(year @ 0..=9999), Ok(month), Ok(day)) = (
        u32::try_from(date.year()),
        u32::try_from(date.month()),
        u32::try_from(date.day()),
    ) else {
        return ts.strftime("%Y-%m-%d").to_string();
    };
    let mut out = String::with_capacity(10);
    for (value, width) in [(year, 4), (month, 2), (day, 2)] {
        if !out.is_empty() {
            out.push('-');
        }
        for place in (0..width).rev() {
            out.push(char::from_digit(value / 10_u32.pow(place) % 10, 10).unwrap_or('0'));
        }
    }
    out
}

/// A provider name guessed from a model id, for usage rows that do not record one.
///
/// ```
/// assert_eq!(clawscope_core::usage::infer_provider("claude-sonnet-4-6"), "anthropic");
/// assert_eq!(clawscope_core::usage::infer_provider("MiniMax-M2.5"), "unknown");
/// ```
pub fn infer_provider(model: &str) -> &'static str {
    let m = model.to_ascii_lowercase();
    if m.starts_with("gpt") || m.starts_with("o1") || m.starts_with("o3") || m.starts_with("o4") {
        "openai"
    } else if m.contains("claude") {
        "anthropic"
    } else if m.contains("gemini") {
        "google"
    } else {
        "unknown"
    }
}

/// Summed usage.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageTotals {
    /// Number of assistant messages counted.
    pub requests: u64,
    /// Input tokens.
    pub input: u64,
    /// Output tokens.
    pub output: u64,
    /// Cache-read tokens.
    pub cache_read: u64,
    /// Cache-write tokens.
    pub cache_write: u64,
    /// Total tokens.
    pub total_tokens: u64,
    /// Cost in USD.
    pub cost: f64,
}

impl UsageTotals {
    /// Adds one record.
    pub fn add(&mut self, r: &UsageRecord) {
        self.requests += 1;
        self.input = self.input.saturating_add(r.input);
        self.output = self.output.saturating_add(r.output);
        self.cache_read = self.cache_read.saturating_add(r.cache_read);
        self.cache_write = self.cache_write.saturating_add(r.cache_write);
        self.total_tokens = self.total_tokens.saturating_add(r.total_tokens);
        self.cost += r.cost;
    }
}

/// Usage totals with breakdowns (keys sorted).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageReport {
    /// Everything.
    pub totals: UsageTotals,
    /// Per UTC day `YYYY-MM-DD` (`unknown` without a timestamp).
    pub by_day: BTreeMap<String, UsageTotals>,
    /// Per model.
    pub by_model: BTreeMap<String, UsageTotals>,
    /// Per provider.
    pub by_provider: BTreeMap<String, UsageTotals>,
    /// Per agent id.
    pub by_agent: BTreeMap<String, UsageTotals>,
    /// Per session key.
    pub by_session: BTreeMap<String, UsageTotals>,
}

impl UsageReport {
    /// Adds one record of `session_key` (owned by `agent_id`).
    pub fn add(&mut self, session_key: &str, agent_id: Option<&str>, r: &UsageRecord) {
        const UNKNOWN: &str = "unknown";
        self.totals.add(r);
        add_to(&mut self.by_day, r.day.as_deref().unwrap_or(UNKNOWN), r);
        add_to(&mut self.by_model, r.model.as_deref().unwrap_or(UNKNOWN), r);
        add_to(&mut self.by_provider, r.provider.as_deref().unwrap_or(UNKNOWN), r);
        add_to(&mut self.by_agent, agent_id.unwrap_or(UNKNOWN), r);
        add_to(&mut self.by_session, session_key, r);
    }

    /// Adds every usage-bearing line of a session.
    pub fn add_lines<'a>(
        &mut self,
        session_key: &str,
        agent_id: Option<&str>,
        lines: impl IntoIterator<Item = &'a Value>,
    ) {
        for line in lines {
            if let Some(r) = usage_record(line) {
                self.add(session_key, agent_id, &r);
            }
        }
    }
}

/// Adds `r` to the totals of `key` (the key is copied only the first time it is seen).
fn add_to(map: &mut BTreeMap<String, UsageTotals>, key: &str, r: &UsageRecord) {
    if let Some(totals) = map.get_mut(key) {
        totals.add(r);
    } else {
        map.entry(key.to_owned()).or_default().add(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn assistant(model: &str, provider: &str, usage: &Value, ts: &str) -> Value {
        json!({"type":"message","timestamp":ts,"message":{"role":"assistant","model":model,"provider":provider,"content":[],"usage":usage}})
    }

    #[test]
    fn synthetic_rows_and_non_assistants_are_excluded() {
        let mirror = assistant(
            "delivery-mirror",
            "openclaw",
            &json!({"input":0,"output":0,"totalTokens":0}),
            "2026-04-02T00:00:00Z",
        );
        assert!(usage_record(&mirror).is_none());
        let injected = assistant("gateway-injected", "openclaw", &json!({}), "2026-04-02T00:00:00Z");
        assert!(usage_record(&injected).is_none());
        let user = json!({"type":"message","message":{"role":"user","content":"x","usage":{"input":5}}});
        assert!(usage_record(&user).is_none());
        let no_usage = json!({"type":"message","message":{"role":"assistant","content":[]}});
        assert!(usage_record(&no_usage).is_none());
    }

    #[test]
    fn totals_fall_back_to_the_sum_and_group_by_day_model_provider_agent() {
        let a = assistant(
            "gpt-5",
            "openai",
            &json!({"input":10,"output":5,"cacheRead":1,"cacheWrite":2,"totalTokens":0,"cost":{"total":0.5}}),
            "2026-04-01T23:00:00.000Z",
        );
        let b = assistant(
            "claude-x",
            "anthropic",
            &json!({"input":1,"output":1,"totalTokens":100,"cost":{"total":0.25}}),
            "2026-04-02T01:00:00.000Z",
        );
        let mut report = UsageReport::default();
        report.add_lines("agent:a:main", Some("a"), [&a, &b]);
        assert_eq!(report.totals.total_tokens, 18 + 100);
        assert!((report.totals.cost - 0.75).abs() < 1e-12);
        assert_eq!(
            report.by_day.keys().collect::<Vec<_>>(),
            ["2026-04-01", "2026-04-02"]
        );
        assert_eq!(report.by_model["gpt-5"].requests, 1);
        assert_eq!(report.by_provider["anthropic"].total_tokens, 100);
        assert_eq!(report.by_agent["a"].requests, 2);
        assert_eq!(report.by_session["agent:a:main"].input, 11);
    }

    #[test]
    fn the_day_is_what_strftime_prints() {
        let (min, max) = (
            jiff::Timestamp::MIN.as_millisecond(),
            jiff::Timestamp::MAX.as_millisecond(),
        );
        let day = 86_400_000_i64;
        let year_zero = -62_167_219_200_000_i64;
        // Day boundaries (±1 ms) around the year 0 and the epoch, and a coarse walk over the whole range.
        let boundaries = (-400..400).flat_map(|d| [year_zero + d * day, d * day]);
        let walk = (0..=20_000).map(|i| min + (max - min) / 20_000 * i);
        let mut checked = 0;
        for ms in boundaries.chain(walk).flat_map(|m| [m - 1, m, m + 1]) {
            let Ok(ts) = jiff::Timestamp::from_millisecond(ms) else {
                continue;
            };
            assert_eq!(day_of(ts), ts.strftime("%Y-%m-%d").to_string(), "{ms}");
            checked += 1;
        }
        assert!(checked > 20_000);
        assert_eq!(
            utc_day("2026-04-02T23:59:59.999-00:01").as_deref(),
            Some("2026-04-03")
        );
        assert_eq!(utc_day("0000-01-01T00:00:00Z").as_deref(), Some("0000-01-01"));
    }

    #[test]
    fn report_keys_are_counted_per_key_over_repeated_records() {
        let mut report = UsageReport::default();
        let a = assistant(
            "gpt-5",
            "openai",
            &json!({"input":1,"output":2}),
            "2026-04-01T00:00:00Z",
        );
        let r = usage_record(&a).expect("record");
        for _ in 0..3 {
            report.add("agent:a:main", None, &r);
        }
        assert_eq!(report.by_agent.keys().collect::<Vec<_>>(), ["unknown"]);
        assert_eq!(report.by_session["agent:a:main"].requests, 3);
        assert_eq!(report.by_day["2026-04-01"].total_tokens, 9);
        assert_eq!(report.by_provider["openai"].requests, 3);
    }

    #[test]
    fn missing_provider_is_inferred_and_bad_cost_ignored() {
        let line = json!({"type":"message","message":{"role":"assistant","model":"claude-3","usage":{"input":1,"cost":{"total":-3}}}});
        let r = usage_record(&line).expect("record");
        assert_eq!(r.provider.as_deref(), Some("anthropic"));
        assert!(r.cost.abs() < f64::EPSILON);
        assert_eq!(r.day, None);
    }
}
