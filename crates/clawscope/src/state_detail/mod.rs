//! The session-detail orchestration on a [`StateDir`](crate::state::StateDir): [`StateDir::session_detail`](crate::state::StateDir::session_detail), [`StateDir::list_sessions`](crate::state::StateDir::list_sessions),
//! [`StateDir::events`](crate::state::StateDir::events) and [`StateDir::usage`](crate::state::StateDir::usage). Everything is read-only; stores and transcripts of both eras
//! (JSON files and SQLite) are read through `StateDir`.
//!
//! ```
//! use clawscope::state::StateDir;
//! use clawscope::state_detail::DetailOptions;
//! use clawscope::time::Timestamp;
//!
//! let state = StateDir::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/state/seed")).unwrap();
//! let key = "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e";
//! let opts = DetailOptions { now: Some("2026-04-19T13:28:38.791Z".parse::<Timestamp>().unwrap()), ..DetailOptions::default() };
//! let detail = state.session_detail(key, &opts).unwrap();
//! assert_eq!(detail.history.len(), 50);
//! assert!(detail.render_text().contains("historyError=none\n"));
//! ```

mod detail;
mod events;
mod list;
mod read;
mod stream;
mod usage;

pub use stream::{TranscriptEventQuery, TranscriptEvents};

use serde::Serialize;

use crate::detail::SessionState;
use crate::history::{DEFAULT_HISTORY_LIMIT, HistoryKind};
use crate::time::Timestamp;

/// Options of [`StateDir::session_detail`](crate::state::StateDir::session_detail).
#[derive(Debug, Clone, PartialEq)]
pub struct DetailOptions {
    /// Rows to show, `1..=200` (default 50).
    pub history_limit: usize,
    /// "Now" for `generatedAt` and the recency rule; `None` reads the system clock.
    pub now: Option<Timestamp>,
    /// Also show rows of abandoned branches (default `false`: only the active branch).
    pub include_abandoned: bool,
}

impl Default for DetailOptions {
    fn default() -> Self {
        DetailOptions {
            history_limit: DEFAULT_HISTORY_LIMIT,
            now: None,
            include_abandoned: false,
        }
    }
}

/// Filters, sorting and paging of [`StateDir::list_sessions`](crate::state::StateDir::list_sessions).
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

/// One item of [`StateDir::list_sessions`](crate::state::StateDir::list_sessions).
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

/// Options of [`StateDir::events`](crate::state::StateDir::events).
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

/// Options of [`StateDir::usage`](crate::state::StateDir::usage).
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

/// "Now" in epoch ms: the given time, else the system clock.
fn now_ms(now: Option<Timestamp>) -> i64 {
    now.unwrap_or_else(Timestamp::now).as_millisecond()
}
