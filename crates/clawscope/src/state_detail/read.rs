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

#[cfg(test)]
mod tests {
    use super::*;
    use camino::Utf8PathBuf;

    fn state_with(lines: &str) -> (tempfile::TempDir, StateDir) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = Utf8PathBuf::from_path_buf(tmp.path().to_path_buf()).expect("utf8");
        let sessions = root.join("agents/main/sessions");
        std::fs::create_dir_all(&sessions).expect("mkdir");
        std::fs::write(
            sessions.join("sessions.json"),
            r#"{"agent:main:main":{"sessionId":"s","updatedAt":1}}"#,
        )
        .expect("store");
        std::fs::write(sessions.join("s.jsonl"), lines).expect("transcript");
        let state = StateDir::open(&root).expect("open");
        (tmp, state)
    }

    #[test]
    fn the_window_keeps_lines_without_events_and_stops_at_the_wanted_count() {
        let user = |n: u32| {
            format!("{{\"type\":\"message\",\"message\":{{\"role\":\"user\",\"content\":\"u{n}\"}}}}\n")
        };
        let call = "{\"type\":\"message\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"toolCall\",\"id\":\"c\",\"name\":\"exec\",\"arguments\":{}}]}}\n";
        let text = [user(1), user(2), call.to_owned(), user(3)].concat();
        let (_tmp, state) = state_with(&text);
        let session = state.find_session("agent:main:main").expect("session");
        let lines = read_tail(&state, &session, 2, is_history_event).expect("tail");
        // u2, the tool-call-only turn (no event, kept), u3; u1 is older than the window.
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["message"]["content"], "u2");
        assert_eq!(lines[1]["message"]["role"], "assistant");
        let all = read_tail(&state, &session, 50, is_history_event).expect("tail");
        assert_eq!(all.len(), 4);
    }

    #[test]
    fn a_read_error_becomes_the_history_error_text() {
        let (tmp, state) = state_with("");
        std::fs::remove_file(tmp.path().join("agents/main/sessions/s.jsonl")).expect("rm");
        let session = state.find_session("agent:main:main").expect("session");
        let (lines, error) = read_page_tail(&state, &session, 5);
        assert!(lines.is_empty());
        assert!(error.is_some_and(|e| e.contains("s.jsonl")));
    }
}
