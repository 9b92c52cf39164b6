//! Reading what the page needs from a [`StateDir`]: store facts, the run registry, the transcript tail.

use serde_json::Value;

use crate::Result;
use crate::chain::RunLink;
use crate::detail::SessionFacts;
use crate::history::is_history_event;
use crate::state::{StateDir, StoredSession};

/// Returned by the counting closure to make the shared tail reader stop (see [`read_tail`]).
const STOP: usize = 1 << 40;

/// The facts of a stored session.
pub(super) fn facts_of(session: &StoredSession) -> SessionFacts {
    let entry = serde_json::to_value(&session.entry).unwrap_or(Value::Null);
    SessionFacts::from_entry_json(&session.key, Some(&session.agent_id), &entry)
}

/// The run registry as chain inputs. An unreadable registry gives no runs: the chain then rests on the other
/// evidence, and the page still renders.
pub(super) fn run_links(state: &StateDir) -> Vec<RunLink> {
    state
        .subagent_runs()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| {
            let requester = r
                .requester_session_key
                .clone()
                .or_else(|| r.controller_session_key.clone())?;
            Some(RunLink {
                created_at_ms: r.created_at.or(r.started_at),
                outcome: r.outcome.as_ref().and_then(|o| o.status.clone()),
                run_id: r.run_id,
                child_session_key: r.child_session_key,
                requester_session_key: requester,
            })
        })
        .collect()
}

/// The newest transcript lines (parsed JSON objects, oldest first) that hold `want` lines accepted by `counts`,
/// read backwards with the shared tail reader, so the cost depends on the window, not on the file size.
///
/// Every line of the window is kept — also lines without history events (tool-call-only assistant turns carry
/// usage and `sessions_spawn` calls) — by counting each as one and answering [`STOP`] once enough accepted lines
/// were seen. Lines that are not JSON objects are skipped.
pub(super) fn read_tail(
    state: &StateDir,
    session: &StoredSession,
    want: usize,
    counts: impl Fn(&Value) -> bool,
) -> Result<Vec<Value>> {
    let transcript = state.transcript(session)?;
    let mut found = 0usize;
    let mut newest_first: Vec<Value> = Vec::new();
    transcript.tail(STOP, |bytes| {
        if let Ok(value @ Value::Object(_)) = serde_json::from_slice::<Value>(bytes) {
            if counts(&value) {
                found += 1;
            }
            newest_first.push(value);
        }
        if found >= want { STOP } else { 1 }
    })?;
    newest_first.reverse();
    Ok(newest_first)
}

/// [`read_tail`] for a page: a read error becomes the `historyError` text instead of failing the call.
pub(super) fn read_page_tail(
    state: &StateDir,
    session: &StoredSession,
    limit: usize,
) -> (Vec<Value>, Option<String>) {
    match read_tail(state, session, limit, is_history_event) {
        Ok(lines) => (lines, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    }
}
