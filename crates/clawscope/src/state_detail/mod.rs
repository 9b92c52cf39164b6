//! The session-detail orchestration: read a state dir (read-only) and build [`SessionDetail`], session lists,
//! event pages and usage reports.
//!
//! ```
//! use clawscope::state_detail::{session_detail, DetailOptions};
//! use clawscope::time::Timestamp;
//!
//! let root = camino::Utf8Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/state/seed"));
//! let key = "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e";
//! let opts = DetailOptions { now: Some("2026-04-19T13:28:38.791Z".parse::<Timestamp>().unwrap()), ..DetailOptions::default() };
//! let detail = session_detail(root, key, &opts).unwrap();
//! assert_eq!(detail.history.len(), 50);
//! assert!(detail.render_text().contains("historyError=none\n"));
//! ```

mod source;
mod tail;

use camino::Utf8Path;
use serde::Serialize;

use crate::chain::{ChainInput, RunLink, build_chain};
use crate::detail::{DetailInput, SessionDetail, SessionFacts, SessionState};
use crate::history::{
    DEFAULT_HISTORY_LIMIT, HistoryBuilder, HistoryKind, HistoryRow, SNIPPET_CHARS, is_history_event,
    truncate_chars, validate_history_limit,
};
use crate::time::{Timestamp, iso_millis};
use crate::usage::UsageReport;
use crate::{Error, Result};

use source::StoredSession;

/// Options of [`session_detail`].
#[derive(Debug, Clone, PartialEq)]
pub struct DetailOptions {
    /// Rows to show, `1..=200` (default 50).
    pub history_limit: usize,
    /// "Now" for `generatedAt` and the recency rule; `None` reads the system clock.
    pub now: Option<Timestamp>,
}

impl Default for DetailOptions {
    fn default() -> Self {
        DetailOptions {
            history_limit: DEFAULT_HISTORY_LIMIT,
            now: None,
        }
    }
}

fn now_ms(now: Option<Timestamp>) -> i64 {
    now.unwrap_or_else(Timestamp::now).as_millisecond()
}

/// The whole 会话详情 page of one session. Unknown key → `SESSION_NOT_FOUND`; a bad limit → `INVALID_ARGUMENT`.
/// A transcript that cannot be read does not fail the call: the error is shown as `historyError`.
///
/// Reads only the store and the **end** of the transcript (backwards, until `history_limit` events are found), so
/// the cost does not grow with the transcript's size.
pub fn session_detail(root: &Utf8Path, key: &str, opts: &DetailOptions) -> Result<SessionDetail> {
    let limit = validate_history_limit(opts.history_limit)?;
    let session = source::find_session(root, key)?.ok_or_else(|| Error::SessionNotFound {
        key: key.trim().to_owned(),
    })?;
    let facts = SessionFacts::from_entry_json(&session.key, Some(&session.agent_id), &session.entry);
    let (lines, history_error) = read_tail(root, &session, limit);
    let runs = source::run_links(root);
    Ok(SessionDetail::build(&DetailInput {
        facts: &facts,
        lines: &lines,
        history_limit: limit,
        history_error,
        runs: &runs,
        now_ms: now_ms(opts.now),
    }))
}

fn read_tail(
    root: &Utf8Path,
    session: &StoredSession,
    limit: usize,
) -> (Vec<serde_json::Value>, Option<String>) {
    let path = match source::transcript_path(root, session) {
        Ok(p) => p,
        Err(e) => return (Vec::new(), Some(e.to_string())),
    };
    match tail::tail_lines(&path, limit, is_history_event) {
        Ok(t) => (t.lines, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    }
}

/// Filters, sorting and paging of [`list_sessions`].
#[derive(Debug, Clone, PartialEq)]
pub struct SessionQuery {
    /// Only this agent (case-insensitive).
    pub agent_id: Option<String>,
    /// Only this state.
    pub state: Option<SessionState>,
    /// Case-insensitive substring of the key, label or agent id.
    pub q: Option<String>,
    /// Page number, from 1.
    pub page: usize,
    /// Items per page, `1..=100` (default 12).
    pub page_size: usize,
    /// History events read per item for the snippet and counts, `1..=200` (default 8).
    pub history_limit: usize,
    /// "Now" for the recency rule; `None` reads the system clock.
    pub now: Option<Timestamp>,
}

impl Default for SessionQuery {
    fn default() -> Self {
        SessionQuery {
            agent_id: None,
            state: None,
            q: None,
            page: 1,
            page_size: 12,
            history_limit: 8,
            now: None,
        }
    }
}

/// A chain summary for list items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainSummary {
    /// Parent session, when evidence names one.
    pub parent_session_key: Option<String>,
    /// Number of children found.
    pub child_count: usize,
    /// Source of the strongest evidence (`store`, `run_registry`, `history`, `session_key`).
    pub source: &'static str,
    /// Whether only the key shape suggests the chain.
    pub inferred: bool,
}

/// One item of [`list_sessions`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    /// Session key.
    pub session_key: String,
    /// Agent id.
    pub agent_id: String,
    /// `sessionId`.
    pub session_id: Option<String>,
    /// Label.
    pub label: Option<String>,
    /// State.
    pub state: SessionState,
    /// Store `updatedAt` as ISO.
    pub last_message_at: Option<String>,
    /// Newest of `updatedAt`, `lastInteractionAt`, `lastActivityAt` (ISO): the sort key.
    pub last_activity_at: Option<String>,
    /// Latest event's clean text (envelope removed), cut to 220 characters.
    pub latest_snippet: Option<String>,
    /// Latest event's role.
    pub latest_role: Option<String>,
    /// Latest event's kind.
    pub latest_kind: Option<HistoryKind>,
    /// Latest event's tool name.
    pub latest_tool_name: Option<String>,
    /// Latest event's timestamp.
    pub latest_history_at: Option<String>,
    /// History events read (at most the query's `history_limit`).
    pub history_count: usize,
    /// Tool events among them.
    pub tool_event_count: usize,
    /// Transcript read error, when any.
    pub history_error: Option<String>,
    /// Execution-chain summary, when there is evidence.
    pub chain: Option<ChainSummary>,
}

fn activity_ms(entry: &serde_json::Value) -> Option<i64> {
    ["updatedAt", "lastInteractionAt", "lastActivityAt"]
        .iter()
        .filter_map(|k| entry.get(*k).and_then(serde_json::Value::as_i64))
        .map(crate::time::normalize_epoch)
        .max()
}

/// Lists sessions: filtered by agent, state and text, sorted by last activity (newest first, then key), paged.
/// Only the items of the requested page have their transcripts read.
pub fn list_sessions(root: &Utf8Path, query: &SessionQuery) -> Result<Vec<SessionSummary>> {
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
    let mut matched: Vec<(StoredSession, SessionFacts, Option<i64>)> = source::all_sessions(root)?
        .into_iter()
        .filter(|s| {
            query
                .agent_id
                .as_deref()
                .is_none_or(|a| a.eq_ignore_ascii_case(&s.agent_id))
        })
        .map(|s| {
            let facts = SessionFacts::from_entry_json(&s.key, Some(&s.agent_id), &s.entry);
            let activity = activity_ms(&s.entry);
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
    let runs = source::run_links(root);
    let start = (query.page - 1).saturating_mul(query.page_size);
    Ok(matched
        .into_iter()
        .skip(start)
        .take(query.page_size)
        .map(|(s, facts, activity)| summarize(root, &s, &facts, activity, limit, now, &runs))
        .collect())
}

fn summarize(
    root: &Utf8Path,
    s: &StoredSession,
    facts: &SessionFacts,
    activity: Option<i64>,
    limit: usize,
    now: i64,
    runs: &[RunLink],
) -> SessionSummary {
    let (lines, history_error) = read_tail(root, s, limit);
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

/// Options of [`events`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventQuery {
    /// How many of the latest history events, `1..=200` (default 50).
    pub limit: usize,
    /// Only these kinds (all when empty).
    pub kinds: Vec<HistoryKind>,
}

impl Default for EventQuery {
    fn default() -> Self {
        EventQuery {
            limit: DEFAULT_HISTORY_LIMIT,
            kinds: Vec::new(),
        }
    }
}

/// The latest history events of a session (oldest first), read from the end of the transcript. Unlike
/// [`session_detail`], a transcript read error is returned as the error.
pub fn events(root: &Utf8Path, key: &str, query: &EventQuery) -> Result<Vec<HistoryRow>> {
    let limit = validate_history_limit(query.limit)?;
    let session = source::find_session(root, key)?.ok_or_else(|| Error::SessionNotFound {
        key: key.trim().to_owned(),
    })?;
    let path = source::transcript_path(root, &session)?;
    let kinds = &query.kinds;
    let wanted = |row: &HistoryRow| kinds.is_empty() || kinds.contains(&row.kind);
    let tail = tail::tail_lines(&path, limit, |line| {
        HistoryBuilder::new().row(line).is_some_and(|r| wanted(&r))
    })?;
    let mut rows: Vec<HistoryRow> = HistoryBuilder::new()
        .rows(tail.lines.iter())
        .into_iter()
        .filter(wanted)
        .collect();
    let skip = rows.len().saturating_sub(limit);
    rows.drain(..skip);
    Ok(rows)
}

/// Options of [`usage`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageQuery {
    /// Only this agent.
    pub agent_id: Option<String>,
    /// Only this session.
    pub session_key: Option<String>,
    /// First UTC day included, `YYYY-MM-DD`.
    pub since_day: Option<String>,
    /// Last UTC day included, `YYYY-MM-DD`.
    pub until_day: Option<String>,
}

/// Tokens and cost recorded in the transcripts (full streaming scan of each matching session's transcript),
/// per session, UTC day, model, provider and agent. Synthesised assistant rows are excluded. Unreadable
/// transcripts are skipped.
pub fn usage(root: &Utf8Path, query: &UsageQuery) -> Result<UsageReport> {
    for (name, day) in [("sinceDay", &query.since_day), ("untilDay", &query.until_day)] {
        if let Some(d) = day
            && !is_day(d)
        {
            return Err(Error::invalid_argument(name, "must be YYYY-MM-DD"));
        }
    }
    let mut report = UsageReport::default();
    let mut seen_files = std::collections::HashSet::new();
    for s in source::all_sessions(root)? {
        if query
            .agent_id
            .as_deref()
            .is_some_and(|a| !a.eq_ignore_ascii_case(&s.agent_id))
            || query.session_key.as_deref().is_some_and(|k| k.trim() != s.key)
        {
            continue;
        }
        let Ok(path) = source::transcript_path(root, &s) else {
            continue;
        };
        // Cron parent and run keys may share one transcript; count it once.
        if !seen_files.insert(path.clone()) {
            continue;
        }
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        let reader = std::io::BufReader::new(file);
        for line in std::io::BufRead::split(reader, b'\n').map_while(std::result::Result::ok) {
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&line) else {
                continue;
            };
            let Some(record) = crate::usage::usage_record(&value) else {
                continue;
            };
            let day = record.day.as_deref().unwrap_or("");
            if query.since_day.as_deref().is_some_and(|d| day < d)
                || query.until_day.as_deref().is_some_and(|d| day > d)
            {
                continue;
            }
            report.add(&s.key, Some(&s.agent_id), &record);
        }
    }
    Ok(report)
}

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
