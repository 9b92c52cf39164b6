//! [`StateDir::events`].

use super::EventQuery;
use super::read::read_tail;
use crate::Result;
use crate::history::{HistoryBuilder, HistoryRow, history_kind, validate_history_limit};
use crate::state::StateDir;

impl StateDir {
    /// The latest history events of a session (oldest first), read from the end of the transcript, optionally
    /// only some kinds. Unlike [`StateDir::session_detail`], a transcript read error is returned as the error.
    pub fn events(&self, key: &str, query: &EventQuery) -> Result<Vec<HistoryRow>> {
        let limit = validate_history_limit(query.limit)?;
        let session = self.find_session(key)?;
        let kinds = &query.kinds;
        let wanted = |row: &HistoryRow| kinds.is_empty() || kinds.contains(&row.kind);
        let lines = read_tail(self, &session, limit, |line| {
            history_kind(line).is_some_and(|kind| kinds.is_empty() || kinds.contains(&kind))
        })?;
        let mut rows: Vec<HistoryRow> = HistoryBuilder::new()
            .rows(lines.iter())
            .into_iter()
            .filter(wanted)
            .collect();
        let skip = rows.len().saturating_sub(limit);
        rows.drain(..skip);
        Ok(rows)
    }
}
