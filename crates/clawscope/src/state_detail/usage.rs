//! [`StateDir::usage`].

use std::collections::HashSet;
use std::ops::ControlFlow;

use super::UsageQuery;
use crate::state::agents::list_lenient;
use crate::state::{StateDir, StoredSession};
use crate::usage::{UsageReport, usage_record_from_line};
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
        let prefilter = Prefilter::new();
        let mut seen: HashSet<crate::state::Transcript> = HashSet::new();
        for s in self.usage_sessions(query.agent_id.as_deref())? {
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
                if prefilter.may_carry_usage(line.bytes)
                    && let Some(record) = usage_record_from_line(line.bytes)
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
            seen.insert(transcript);
        }
        Ok(report)
    }

    /// The sessions a usage query reads: every agent's, or only those of the agents whose id matches `agent`
    /// (ASCII case-insensitively) — the other agents' stores are not read. Like [`StateDir::all_sessions`], an
    /// agent whose store cannot be read is skipped.
    fn usage_sessions(&self, agent: Option<&str>) -> Result<Vec<StoredSession>> {
        let Some(agent) = agent else {
            return self.all_sessions();
        };
        let (agents, _config_error) = list_lenient(self)?;
        let mut sessions = Vec::new();
        for a in agents
            .iter()
            .filter(|a| a.id.eq_ignore_ascii_case(agent) && (a.has_dir || !a.stores.is_empty()))
        {
            if let Ok(scan) = self.scan_sessions(&a.id) {
                sessions.extend(scan.sessions);
            }
        }
        Ok(sessions)
    }
}

/// A byte-level prefilter: only a line containing `usage` — or any `\u` escape, which could spell the key
/// differently — can hold a usage record, so the other lines (user turns, most tool results) skip the JSON parse.
/// The outcome is identical to parsing every line. The searchers are built once per scan, not once per line.
struct Prefilter {
    usage: memchr::memmem::Finder<'static>,
    escape: memchr::memmem::Finder<'static>,
}

impl Prefilter {
    fn new() -> Self {
        Prefilter {
            usage: memchr::memmem::Finder::new(b"usage"),
            escape: memchr::memmem::Finder::new(b"\\u"),
        }
    }

    fn may_carry_usage(&self, line: &[u8]) -> bool {
        self.usage.find(line).is_some() || self.escape.find(line).is_some()
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Prefilter, is_day};
    use crate::usage::usage_record;

    #[test]
    fn the_prefilter_never_drops_a_usage_line() {
        let plain = br#"{"type":"message","message":{"role":"assistant","content":[],"usage":{"input":1,"output":2,"totalTokens":3}}}"#;
        let escaped = br#"{"type":"message","message":{"role":"assistant","content":[],"\u0075sage":{"input":1,"output":2,"totalTokens":3}}}"#;
        let user = br#"{"type":"message","message":{"role":"user","content":"hi"}}"#;
        let prefilter = Prefilter::new();
        for line in [&plain[..], &escaped[..]] {
            let value: serde_json::Value = serde_json::from_slice(line).unwrap();
            assert!(usage_record(&value).is_some());
            assert!(prefilter.may_carry_usage(line));
        }
        assert!(!prefilter.may_carry_usage(user));
    }

    #[test]
    fn day_shape() {
        assert!(is_day("2026-04-02"));
        assert!(!is_day("2026-4-02"));
        assert!(!is_day("2026/04/02"));
        assert!(!is_day("2026-04-02T00"));
        assert!(!is_day(""));
    }
}
