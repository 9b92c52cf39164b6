//! [`StateDir::session_detail`].

use super::read::{facts_of, read_page_tail, run_links};
use super::{DetailOptions, now_ms};
use crate::Result;
use crate::detail::{DetailInput, SessionDetail};
use crate::history::validate_history_limit;
use crate::state::StateDir;

impl StateDir {
    /// The whole 会话详情 page of one session. Unknown key → `SESSION_NOT_FOUND`; a limit outside `1..=200` →
    /// `INVALID_ARGUMENT`. A transcript that cannot be read does not fail the call: the error is shown as
    /// `historyError` (the control center swallows it).
    ///
    /// Reads the store entry and only the **end** of the transcript (backwards, until `history_limit` history
    /// events are found), so the cost does not grow with the transcript's size.
    pub fn session_detail(&self, key: &str, opts: &DetailOptions) -> Result<SessionDetail> {
        let limit = validate_history_limit(opts.history_limit)?;
        let session = self.find_session(key)?;
        let facts = facts_of(&session);
        let (lines, history_error) = read_page_tail(self, &session, limit);
        let runs = run_links(self);
        Ok(SessionDetail::build(&DetailInput {
            facts: &facts,
            lines: &lines,
            history_limit: limit,
            history_error,
            runs: &runs,
            now_ms: now_ms(opts.now),
            include_abandoned: opts.include_abandoned,
        }))
    }
}
