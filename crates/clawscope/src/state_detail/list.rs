//! [`StateDir::list_sessions`].

use serde_json::Value;

use super::read::{read_page_tail, run_links};
use super::{ChainSummary, SessionQuery, SessionSummary, now_ms};
use crate::chain::{ChainInput, RunLink, build_chain};
use crate::detail::SessionFacts;
use crate::history::{HistoryBuilder, HistoryKind, SNIPPET_CHARS, truncate_chars, validate_history_limit};
use crate::state::{StateDir, StoredSession};
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
        let mut matched: Vec<(StoredSession, SessionFacts, Option<i64>)> = self
            .all_sessions()?
            .into_iter()
            .filter(|s| {
                query
                    .agent_id
                    .as_deref()
                    .is_none_or(|a| a.eq_ignore_ascii_case(&s.agent_id))
            })
            .map(|s| {
                let entry = serde_json::to_value(&s.entry).unwrap_or(Value::Null);
                let facts = SessionFacts::from_entry_json(&s.key, Some(&s.agent_id), &entry);
                let activity = activity_ms(&entry);
                (s, facts, activity)
            })
            .filter(|(_, f, _)| query.state.is_none_or(|st| f.state(now) == st))
            .filter(|(s, f, _)| {
                needle.as_deref().is_none_or(|n| {
                    s.key.to_lowercase().contains(n)
                        || s.agent_id.to_lowercase().contains(n)
                        || f.label.as_deref().is_some_and(|l| l.to_lowercase().contains(n))
                })
            })
            .collect();
        matched.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.key.cmp(&b.0.key)));
        let runs = run_links(self);
        let start = (query.page - 1).saturating_mul(query.page_size);
        Ok(matched
            .into_iter()
            .skip(start)
            .take(query.page_size)
            .map(|(s, facts, activity)| summarize(self, &s, &facts, activity, limit, now, &runs))
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
mod tests {
    use super::activity_ms;
    use serde_json::json;

    #[test]
    fn activity_is_the_newest_of_the_time_fields_normalised() {
        let entry = json!({"updatedAt": 1_775_000_000_000_i64, "lastInteractionAt": 1_775_000_500_i64, "lastActivityAt": "x"});
        assert_eq!(activity_ms(&entry), Some(1_775_000_500_000));
        assert_eq!(activity_ms(&json!({})), None);
    }
}
