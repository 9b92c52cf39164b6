//! [`StateDir::transcript_events`]: the full typed event stream of a session (`clawscope_core::event`), as opposed to
//! the control-center-shaped rows of [`StateDir::events`].

use std::ops::ControlFlow;

use serde::Serialize;

use crate::Result;
use crate::event::{Event, EventKind, events_from_entries};
use crate::state::{LineDiagnostic as ReaderDiagnostic, StateDir};
use crate::transcript::{LineDiagnostic, TranscriptParser};

/// Options of [`StateDir::transcript_events`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranscriptEventQuery {
    /// Keep only the last `limit` events (after filtering); `None` keeps all.
    pub limit: Option<usize>,
    /// Only these kinds (empty: every kind).
    pub kinds: Vec<EventKind>,
    /// Also the events of abandoned branches (default: only the active branch).
    pub include_abandoned: bool,
}

/// The typed events of one transcript, with what was wrong with its lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TranscriptEvents {
    /// The session key.
    pub session_key: String,
    /// The events, oldest first.
    pub events: Vec<Event>,
    /// Lines that could not be parsed (bad JSON, invalid UTF-8, a half-written last line, …), the first 100.
    pub diagnostics: Vec<LineDiagnostic>,
    /// Problems the line reader reported (lines over the size cap, NUL bytes, …), the first 100.
    pub read_diagnostics: Vec<ReaderDiagnostic>,
    /// How many diagnostics there were in all (both kinds).
    pub diagnostic_count: u64,
}

impl StateDir {
    /// Every event of session `key` as the typed stream of [`crate::event`]: user and assistant text, thinking,
    /// tool calls with their arguments, tool results with their status, model changes, compactions, branch
    /// summaries, spawns, announces, system events; synthetic rows flagged. Malformed lines are skipped and
    /// reported, never an error. Unknown key: [`crate::Error::SessionNotFound`].
    ///
    /// ```
    /// use clawscope::state::StateDir;
    /// use clawscope::state_detail::TranscriptEventQuery;
    /// use clawscope::event::EventKind;
    ///
    /// let state = StateDir::open(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/state/v2026-9")).unwrap();
    /// let query = TranscriptEventQuery { kinds: vec![EventKind::ToolCall], ..Default::default() };
    /// let calls = state.transcript_events("agent:main:main", &query).unwrap();
    /// let exec = &calls.events[0];
    /// assert_eq!(exec.tool.as_ref().and_then(|t| t.name.as_deref()), Some("exec"));
    /// ```
    pub fn transcript_events(&self, key: &str, query: &TranscriptEventQuery) -> Result<TranscriptEvents> {
        let session = self.find_session(key)?;
        let transcript = self.transcript(&session)?;
        let mut parser = TranscriptParser::new();
        let mut entries = Vec::new();
        let report = transcript.for_each_line(|line| {
            let entry = if line.complete {
                parser.push_line(line.bytes)
            } else {
                parser.push_last_line(line.bytes)
            };
            entries.extend(entry);
            ControlFlow::Continue(())
        })?;
        let mut events = events_from_entries(&entries, query.include_abandoned);
        if !query.kinds.is_empty() {
            events.retain(|e| query.kinds.contains(&e.kind));
        }
        if let Some(limit) = query.limit {
            let skip = events.len().saturating_sub(limit);
            events.drain(..skip);
        }
        let (diagnostics, count) = parser.finish();
        Ok(TranscriptEvents {
            session_key: session.key,
            events,
            diagnostics,
            read_diagnostics: report.diagnostics,
            diagnostic_count: count + report.diagnostic_count,
        })
    }
}
