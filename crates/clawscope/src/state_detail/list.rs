//! [`StateDir::list_sessions`].

use serde_json::Value;

use super::read::{read_page_tail, run_links};
use super::{ChainSummary, SessionQuery, SessionSummary, now_ms};
use crate::chain::{ChainInput, RunLink, build_chain};
use crate::detail::SessionFacts;
use crate::history::{HistoryBuilder, HistoryKind, SNIPPET_CHARS, truncate_chars, validate_history_limit};
use crate::state::{StateDir, StoredSession};
use crate::store::SessionEntry;
use crate::time::iso_millis;
use crate::{Error, Result};

/// The newest of `updatedAt`, `lastInteractionAt` and `lastActivityAt`, epoch ms.
fn activity_ms(entry: &Value) -> Option<i64> {
    ["updatedAt", "lastInteractionAt", "lastActivityAt"]
        .iter()
        .filter_map(|k| entry.get(*k).and_then(Value::as_i64))
        .map(crate::time::normalize_epoch)
        .max()
}

/// The entry keys a listing reads: [`SessionFacts::from_entry_json`] (with its lineage) and [`activity_ms`].
const LISTING_KEYS: [&str; 19] = [
    "state",
    "status",
    "runState",
    "lifecycleState",
    "acp",
    "updatedAt",
    "sessionId",
    "label",
    "model",
    "inputTokens",
    "outputTokens",
    "estimatedCostUsd",
    "active",
    "isActive",
    "spawnedBy",
    "spawnDepth",
    "parentSessionKey",
    "lastInteractionAt",
    "lastActivityAt",
];

/// The entry as JSON for the listing: what `serde_json::to_value(entry)` gives, except that of the fields kept for
/// round trips (`extra`: `skillsSnapshot`, `systemPromptReport`, …, often the bulk of an entry) only the
/// [`LISTING_KEYS`] are copied. The entry is left as it was.
fn listing_json(entry: &mut SessionEntry) -> Value {
    let extra = std::mem::take(&mut entry.extra);
    let mut json = serde_json::to_value(&*entry).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut json {
        for key in LISTING_KEYS {
            if let Some(value) = extra.get(key) {
                map.insert(key.to_owned(), value.clone());
            }
        }
    }
    entry.extra = extra;
    json
}

impl StateDir {
    /// Lists sessions: filtered by agent (case-insensitive), state and text (case-insensitive substring of key,
    /// label or agent id), sorted by last activity (newest first, then key), paged. Only the items of the
    /// requested page have their transcripts read (a bounded tail each). Bad paging or limits are
    /// `INVALID_ARGUMENT`.
    pub fn list_sessions(&self, query: &SessionQuery) -> Result<Vec<SessionSummary>> {
        if query.page == 0 {
            return Err(Error::invalid_argument("page", "must be at least 1"));
        }
        if !(1..=100).contains(&query.page_size) {
            return Err(Error::invalid_argument("pageSize", "must be in range 1..100"));
        }
        let limit = validate_history_limit(query.history_limit)?;
        let now = now_ms(query.now);
        let needle = query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase);
        let mut sessions = self.all_sessions()?;
        // The sessions stay where they are; only (index, facts, activity) triples are filtered and sorted.
        let mut matched: Vec<(usize, SessionFacts, Option<i64>)> = sessions
            .iter_mut()
            .enumerate()
            .filter(|(_, s)| {
                query
                    .agent_id
                    .as_deref()
                    .is_none_or(|a| a.eq_ignore_ascii_case(&s.agent_id))
            })
            .filter_map(|(i, s)| {
                let entry = listing_json(&mut s.entry);
                let facts = SessionFacts::from_entry_json(&s.key, Some(&s.agent_id), &entry);
                let state_ok = query.state.is_none_or(|st| facts.state(now) == st);
                let text_ok = needle.as_deref().is_none_or(|n| {
                    s.key.to_lowercase().contains(n)
                        || s.agent_id.to_lowercase().contains(n)
                        || facts
                            .label
                            .as_deref()
                            .is_some_and(|l| l.to_lowercase().contains(n))
                });
                (state_ok && text_ok).then(|| (i, facts, activity_ms(&entry)))
            })
            .collect();
        let key = |i: usize| sessions.get(i).map(|s| s.key.as_str());
        matched.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| key(a.0).cmp(&key(b.0))));
        let runs = run_links(self);
        let start = (query.page - 1).saturating_mul(query.page_size);
        Ok(matched
            .iter()
            .skip(start)
            .take(query.page_size)
            .filter_map(|(i, facts, activity)| {
                let s = sessions.get(*i)?;
                Some(summarize(self, s, facts, *activity, limit, now, &runs))
            })
            .collect())
    }
}

fn summarize(
    state: &StateDir,
    s: &StoredSession,
    facts: &SessionFacts,
    activity: Option<i64>,
    limit: usize,
    now: i64,
    runs: &[RunLink],
) -> SessionSummary {
    let (lines, history_error) = read_page_tail(state, s, limit);
    let mut rows = HistoryBuilder::new().rows(lines.iter());
    let skip = rows.len().saturating_sub(limit);
    rows.drain(..skip);
    let latest = rows.last();
    let last_message_at = facts.updated_at_ms.and_then(iso_millis);
    let chain = build_chain(&ChainInput {
        session_key: &s.key,
        lineage: Some(&facts.lineage),
        runs,
        lines: &lines,
        last_activity: last_message_at.as_deref(),
    });
    SessionSummary {
        session_key: s.key.clone(),
        agent_id: s.agent_id.clone(),
        session_id: facts.session_id.clone(),
        label: facts.label.clone(),
        state: facts.state(now),
        last_message_at,
        last_activity_at: activity.and_then(iso_millis),
        latest_snippet: latest
            .map(|r| truncate_chars(r.clean_text.as_deref().unwrap_or(&r.content), SNIPPET_CHARS)),
        latest_role: latest.map(|r| r.role.clone()),
        latest_kind: latest.map(|r| r.kind),
        latest_tool_name: latest.and_then(|r| r.tool_name.clone()),
        latest_history_at: latest.and_then(|r| r.timestamp.clone()),
        history_count: rows.len(),
        tool_event_count: rows.iter().filter(|r| r.kind == HistoryKind::ToolEvent).count(),
        history_error,
        chain: chain.map(|c| ChainSummary {
            parent_session_key: c.parent_session_key.clone(),
            child_count: c.children.len(),
            source: c.source(),
            inferred: c.inferred,
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{LISTING_KEYS, SessionFacts, activity_ms, listing_json};
    use crate::store::SessionEntry;
    use serde_json::{Value, json};

    #[test]
    fn the_listing_json_gives_the_same_facts_as_the_whole_entry() {
        let cases = [
            json!({"sessionId": "s", "updatedAt": 1_775_000_000, "label": " L ", "model": "m", "inputTokens": 3,
                   "outputTokens": 4, "estimatedCostUsd": 0.5, "spawnedBy": "agent:a:main", "spawnDepth": 1,
                   "skillsSnapshot": {"prompt": "p"}, "status": "running", "lastActivityAt": 1_775_000_100_000_i64}),
            json!({"sessionId": "s", "updatedAt": 1, "state": "idle", "runState": "x", "lifecycleState": "y",
                   "isActive": true, "acp": {"state": "busy"}, "parentSessionKey": "agent:a:main",
                   "lastInteractionAt": 7, "systemPromptReport": {"chars": 1}}),
            json!({"sessionId": "s", "updatedAt": 1, "active": false, "origin": {"label": "o", "x": 1}}),
        ];
        for case in cases {
            let mut entry: SessionEntry = serde_json::from_value(case.clone()).unwrap();
            let before = entry.clone();
            let whole = serde_json::to_value(&entry).unwrap();
            let light = listing_json(&mut entry);
            assert_eq!(entry, before, "the entry is left as it was");
            for key in LISTING_KEYS {
                assert_eq!(light.get(key), whole.get(key), "{key} in {case}");
            }
            assert_eq!(
                SessionFacts::from_entry_json("agent:a:x", Some("a"), &light),
                SessionFacts::from_entry_json("agent:a:x", Some("a"), &whole)
            );
            assert_eq!(activity_ms(&light), activity_ms(&whole));
            assert!(light.get("skillsSnapshot").is_none() && light.get("systemPromptReport").is_none());
            assert_ne!(whole.get("sessionId"), Some(&Value::Null));
        }
    }

    #[test]
    fn activity_is_the_newest_of_the_time_fields_normalised() {
        let entry = json!({"updatedAt": 1_775_000_000_000_i64, "lastInteractionAt": 1_775_000_500_i64, "lastActivityAt": "x"});
        assert_eq!(activity_ms(&entry), Some(1_775_000_500_000));
        assert_eq!(activity_ms(&json!({})), None);
    }
}
