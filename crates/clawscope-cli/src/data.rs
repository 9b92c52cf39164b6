//! The state dir the session commands and the server read, and the JSON bodies built from it.

use std::sync::Arc;

use clawscope::detail::{SessionDetail, SessionState};
use clawscope::state::StateDir;
use clawscope::state_detail::{DetailOptions, SessionQuery, SessionSummary};
use clawscope::time::Timestamp;
use serde_json::{Value, json};

use crate::cli::StateArgs;
use crate::context;
use crate::failure::Failure;

/// The session states a filter may name (control-center's `AgentRunState`).
pub(crate) const SESSION_STATES: [&str; 5] = ["idle", "running", "blocked", "waiting_approval", "error"];

/// The largest page [`StateDir::list_sessions`] answers.
const MAX_PAGE_SIZE: usize = 100;

/// Filters and paging of a session list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    /// Only this agent (case-insensitive).
    pub(crate) agent_id: Option<String>,
    /// Only this state (one of [`SESSION_STATES`]).
    pub(crate) state: Option<String>,
    /// Case-insensitive substring of key, label or agent.
    pub(crate) q: Option<String>,
    /// Page, from 1.
    pub(crate) page: usize,
    /// Items per page, 1..=100.
    pub(crate) page_size: usize,
    /// History events read per item, 1..=200.
    pub(crate) history_limit: usize,
}

/// One page of sessions and the number of sessions that matched.
#[derive(Debug)]
pub(crate) struct ListPage {
    /// Sessions matching the filters, over all pages.
    pub(crate) total: usize,
    /// The requested page.
    pub(crate) items: Vec<SessionSummary>,
}

/// A shared, read-only handle on a state dir.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    state: Arc<StateDir>,
}

impl Source {
    /// `--state-dir`, else the state dir OpenClaw itself would use.
    pub(crate) fn open(args: &StateArgs) -> Result<Source, Failure> {
        let state = match &args.state_dir {
            Some(dir) => StateDir::open(dir)?,
            None => StateDir::discover(&context::process_env())?,
        };
        Ok(Source {
            state: Arc::new(state),
        })
    }

    /// The state dir.
    pub(crate) fn state(&self) -> &StateDir {
        &self.state
    }

    /// The session-detail page of `key` with `limit` history rows, as of `now` (default: the system clock).
    pub(crate) fn detail(
        &self,
        key: &str,
        limit: usize,
        now: Option<Timestamp>,
    ) -> clawscope::Result<SessionDetail> {
        let options = DetailOptions {
            history_limit: limit,
            now,
            ..DetailOptions::default()
        };
        self.state.session_detail(key, &options)
    }

    /// `session_detail().to_json()`.
    pub(crate) fn detail_json(&self, key: &str, limit: usize) -> clawscope::Result<Value> {
        Ok(self.detail(key, limit, None)?.to_json())
    }

    /// `session_detail().render_html()`.
    pub(crate) fn detail_html(&self, key: &str, limit: usize) -> clawscope::Result<String> {
        Ok(self.detail(key, limit, None)?.render_html())
    }

    /// One page of sessions, with the total over all pages.
    pub(crate) fn list(&self, query: &ListQuery) -> clawscope::Result<ListPage> {
        if query.page == 0 {
            return Err(clawscope::Error::invalid_argument("page", "must be at least 1"));
        }
        if !(1..=MAX_PAGE_SIZE).contains(&query.page_size) {
            return Err(clawscope::Error::invalid_argument(
                "pageSize",
                "must be in range 1..100",
            ));
        }
        let state = match query.state.as_deref() {
            None => None,
            Some(s) => Some(SessionState::parse(s).ok_or_else(|| {
                clawscope::Error::invalid_argument(
                    "state",
                    format!("must be one of {}", SESSION_STATES.join(", ")),
                )
            })?),
        };
        let base = SessionQuery {
            agent_id: query.agent_id.clone(),
            state,
            q: query.q.clone(),
            page: 1,
            page_size: MAX_PAGE_SIZE,
            history_limit: query.history_limit,
            now: None,
        };
        // The library pages by at most 100: walk the pages to count every match.
        let mut all = Vec::new();
        loop {
            let page = self
                .state
                .list_sessions(&base_with_page(&base, all.len() / MAX_PAGE_SIZE + 1))?;
            let short = page.len() < MAX_PAGE_SIZE;
            all.extend(page);
            if short {
                break;
            }
        }
        let total = all.len();
        let start = (query.page - 1).saturating_mul(query.page_size);
        let items = all.into_iter().skip(start).take(query.page_size).collect();
        Ok(ListPage { total, items })
    }

    /// control-center's list body: `{ok, generatedAt, total, page, pageSize, filters, items}`.
    pub(crate) fn list_json(&self, query: &ListQuery) -> clawscope::Result<Value> {
        let page = self.list(query)?;
        let mut filters = serde_json::Map::new();
        for (name, value) in [
            ("state", &query.state),
            ("agentId", &query.agent_id),
            ("q", &query.q),
        ] {
            if let Some(v) = value {
                filters.insert(name.into(), json!(v));
            }
        }
        Ok(json!({
            "ok": true,
            "generatedAt": now_iso(),
            "total": page.total,
            "page": query.page,
            "pageSize": query.page_size,
            "filters": filters,
            "items": page.items,
        }))
    }
}

fn base_with_page(base: &SessionQuery, page: usize) -> SessionQuery {
    SessionQuery { page, ..base.clone() }
}

/// Now, as ISO-8601 with milliseconds.
pub(crate) fn now_iso() -> String {
    clawscope::time::iso_millis(now_ms()).unwrap_or_default()
}

/// Now, epoch milliseconds.
pub(crate) fn now_ms() -> i64 {
    clawscope::time::Timestamp::now().as_millisecond()
}
