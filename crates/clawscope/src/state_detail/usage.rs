//! [`StateDir::usage`].

use std::ops::ControlFlow;

use serde_json::Value;

use super::UsageQuery;
use crate::state::StateDir;
use crate::usage::{UsageReport, usage_record};
use crate::{Error, Result};

impl StateDir {
    /// Tokens and cost recorded in the transcripts — a full streaming scan of each matching session's transcript
    /// (JSON file or SQLite rows) — per session, UTC day, model, provider and agent. Synthesised assistant rows
    /// (`delivery-mirror`, `gateway-injected`) are excluded; a transcript shared by several keys (a cron job and
    /// its run) is counted once; unreadable transcripts are skipped. Days must be `YYYY-MM-DD`
    /// (`INVALID_ARGUMENT`).
    pub fn usage(&self, query: &UsageQuery) -> Result<UsageReport> {
        for (name, day) in [("sinceDay", &query.since_day), ("untilDay", &query.until_day)] {
            if day.as_deref().is_some_and(|d| !is_day(d)) {
                return Err(Error::invalid_argument(name, "must be YYYY-MM-DD"));
            }
        }
        let mut report = UsageReport::default();
        let mut seen: Vec<crate::state::Transcript> = Vec::new();
        for s in self.all_sessions()? {
            let other_agent = query
                .agent_id
                .as_deref()
                .is_some_and(|a| !a.eq_ignore_ascii_case(&s.agent_id));
            let other_key = query.session_key.as_deref().is_some_and(|k| k.trim() != s.key);
            if other_agent || other_key {
                continue;
            }
            let Ok(transcript) = self.transcript(&s) else {
                continue;
            };
            if seen.contains(&transcript) {
                continue;
            }
            let _read = transcript.for_each_line(|line| {
                if let Ok(value) = serde_json::from_slice::<Value>(line.bytes)
                    && let Some(record) = usage_record(&value)
                {
                    let day = record.day.as_deref().unwrap_or("");
                    let early = query.since_day.as_deref().is_some_and(|d| day < d);
                    let late = query.until_day.as_deref().is_some_and(|d| day > d);
                    if !early && !late {
                        report.add(&s.key, Some(&s.agent_id), &record);
                    }
                }
                ControlFlow::Continue(())
            });
            seen.push(transcript);
        }
        Ok(report)
    }
}

/// Whether `text` is shaped `YYYY-MM-DD`.
fn is_day(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::is_day;

    #[test]
    fn day_shape() {
        assert!(is_day("2026-04-02"));
        assert!(!is_day("2026-4-02"));
        assert!(!is_day("2026/04/02"));
        assert!(!is_day("2026-04-02T00"));
        assert!(!is_day(""));
    }
}
