//! `clawscope.StateDir`: sessions, the session-detail page, events and usage of one OpenClaw state dir. Every
//! method reads files, so every method releases the GIL.

use clawscope::detail::SessionState;
use clawscope::event::EventKind;
use clawscope::history::HistoryKind;
use clawscope::state::StateDir;
use clawscope::state_detail::{DetailOptions, EventQuery, SessionQuery, TranscriptEventQuery, UsageQuery};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::{blocking, count_arg, env_arg, key_arg, opt_path_arg, raise, time_arg, to_json, to_py};

const STATES: [SessionState; 5] = [
    SessionState::Idle,
    SessionState::Running,
    SessionState::Blocked,
    SessionState::WaitingApproval,
    SessionState::Error,
];

const KINDS: [HistoryKind; 3] = [
    HistoryKind::Message,
    HistoryKind::InterSession,
    HistoryKind::ToolEvent,
];

/// A wire string (`"idle"`, `"tool_event"`, …) as its enum value, by the Rust `as_str` names.
fn wire_enum<T: Copy>(
    obj: &Bound<'_, PyAny>,
    name: &str,
    values: &[T],
    as_str: fn(T) -> &'static str,
) -> PyResult<T> {
    let text = obj
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be a str")))?
        .to_str()?;
    values
        .iter()
        .copied()
        .find(|v| as_str(*v) == text)
        .ok_or_else(|| {
            let allowed: Vec<&str> = values.iter().map(|v| as_str(*v)).collect();
            raise(
                obj.py(),
                &clawscope::Error::invalid_argument(
                    name,
                    format!("{text:?} is not one of {}", allowed.join(", ")),
                ),
            )
        })
}

/// An optional `str` argument.
fn opt_str(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<String>> {
    match obj.filter(|o| !o.is_none()) {
        Some(o) => Ok(Some(
            o.cast::<PyString>()
                .map_err(|_| PyTypeError::new_err(format!("{name} must be a str or None")))?
                .to_str()?
                .to_owned(),
        )),
        None => Ok(None),
    }
}

/// The options of one session-detail call.
fn detail_options(
    history_limit: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    include_abandoned: bool,
) -> PyResult<DetailOptions> {
    Ok(DetailOptions {
        history_limit: count_arg(
            history_limit,
            "history_limit",
            DetailOptions::default().history_limit,
        )?,
        now: time_arg(now, "now")?,
        include_abandoned,
    })
}

/// An OpenClaw state dir (`~/.openclaw` or the one the environment names): agents, session stores (JSON and
/// SQLite), transcripts. Read-only: nothing under the state dir is ever written. Immutable and thread-safe.
#[pyclass(frozen, module = "clawscope._native", name = "StateDir")]
pub(crate) struct PyStateDir {
    inner: StateDir,
}

#[pymethods]
impl PyStateDir {
    /// Opens `path` (an existing directory), or — without a path — finds the state dir like OpenClaw does from
    /// the process environment (or `env`, a `Mapping[str, str]`).
    #[new]
    #[pyo3(signature = (path=None, *, env=None))]
    fn new(
        py: Python<'_>,
        path: Option<&Bound<'_, PyAny>>,
        env: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let inner = if let Some(path) = opt_path_arg(path, "path")? {
            blocking(py, move || StateDir::open(&path))?
        } else {
            let env = env_arg(env)?;
            blocking(py, move || StateDir::discover(&env))?
        };
        Ok(PyStateDir { inner })
    }

    /// The state dir.
    #[getter]
    fn path(&self) -> &str {
        self.inner.path().as_str()
    }

    /// Its `openclaw.json` (or legacy config) path.
    #[getter]
    fn config_path(&self) -> &str {
        self.inner.config_path().as_str()
    }

    /// The agents (from `agents/*` and the config's `agents.list`).
    fn agents<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let agents = blocking(py, || self.inner.agents())?;
        to_py(py, &agents)
    }

    /// The transcript windows of the session stored under `key` (SQLite era: which transcript belonged to the key
    /// when, and why the next one started), oldest first; empty for file-era stores.
    fn session_windows<'py>(&self, py: Python<'py>, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let key = key_arg(key)?;
        let windows = blocking(py, || self.inner.session_windows(&key))?;
        to_py(py, &windows)
    }

    /// Sessions filtered by agent, state (`"idle"`, `"running"`, `"blocked"`, `"waiting_approval"`, `"error"`)
    /// and text, newest activity first, one page.
    #[pyo3(
        signature = (agent_id=None, state=None, q=None, *, page=None, page_size=None, history_limit=None, now=None),
        text_signature = "($self, agent_id=None, state=None, q=None, *, page=1, page_size=12, history_limit=8, now=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn list_sessions<'py>(
        &self,
        py: Python<'py>,
        agent_id: Option<&Bound<'py, PyAny>>,
        state: Option<&Bound<'py, PyAny>>,
        q: Option<&Bound<'py, PyAny>>,
        page: Option<&Bound<'py, PyAny>>,
        page_size: Option<&Bound<'py, PyAny>>,
        history_limit: Option<&Bound<'py, PyAny>>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let query = session_query(agent_id, state, q, page, page_size, history_limit, now)?;
        let items = blocking(py, || self.inner.list_sessions(&query))?;
        to_py(py, &items)
    }

    /// `list_sessions()` as its canonical JSON string.
    #[pyo3(
        signature = (agent_id=None, state=None, q=None, *, page=None, page_size=None, history_limit=None, now=None),
        text_signature = "($self, agent_id=None, state=None, q=None, *, page=1, page_size=12, history_limit=8, now=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn list_sessions_json(
        &self,
        py: Python<'_>,
        agent_id: Option<&Bound<'_, PyAny>>,
        state: Option<&Bound<'_, PyAny>>,
        q: Option<&Bound<'_, PyAny>>,
        page: Option<&Bound<'_, PyAny>>,
        page_size: Option<&Bound<'_, PyAny>>,
        history_limit: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let query = session_query(agent_id, state, q, page, page_size, history_limit, now)?;
        let items = blocking(py, || self.inner.list_sessions(&query))?;
        to_json(py, &items)
    }

    /// The session-detail page as the control-center JSON document (`GET /api/sessions/:key`). `now` (an RFC 3339
    /// `str` or an aware `datetime`) fixes `generatedAt` and the recency rule; default: the clock.
    #[pyo3(
        signature = (key, history_limit=None, *, now=None, include_abandoned=false),
        text_signature = "($self, key, history_limit=50, *, now=None, include_abandoned=False)"
    )]
    fn session_detail<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'_, PyAny>,
        history_limit: Option<&Bound<'py, PyAny>>,
        now: Option<&Bound<'py, PyAny>>,
        include_abandoned: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let key = key_arg(key)?;
        let opts = detail_options(history_limit, now, include_abandoned)?;
        let detail = blocking(py, || self.inner.session_detail(&key, &opts))?;
        to_py(py, &detail.to_json())
    }

    /// `session_detail()` as its canonical JSON string.
    #[pyo3(
        signature = (key, history_limit=None, *, now=None, include_abandoned=false),
        text_signature = "($self, key, history_limit=50, *, now=None, include_abandoned=False)"
    )]
    fn session_detail_json(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        history_limit: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        include_abandoned: bool,
    ) -> PyResult<String> {
        let key = key_arg(key)?;
        let opts = detail_options(history_limit, now, include_abandoned)?;
        let detail = blocking(py, || self.inner.session_detail(&key, &opts))?;
        to_json(py, &detail.to_json())
    }

    /// The session-detail page as plain text (the control center's page; table cells separated by a tab).
    #[pyo3(
        signature = (key, history_limit=None, *, now=None, include_abandoned=false),
        text_signature = "($self, key, history_limit=50, *, now=None, include_abandoned=False)"
    )]
    fn session_detail_text(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        history_limit: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        include_abandoned: bool,
    ) -> PyResult<String> {
        let key = key_arg(key)?;
        let opts = detail_options(history_limit, now, include_abandoned)?;
        blocking(py, || Ok(self.inner.session_detail(&key, &opts)?.render_text()))
    }

    /// The session-detail page as a self-contained, escaped HTML document.
    #[pyo3(
        signature = (key, history_limit=None, *, now=None, include_abandoned=false),
        text_signature = "($self, key, history_limit=50, *, now=None, include_abandoned=False)"
    )]
    fn session_detail_html(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        history_limit: Option<&Bound<'_, PyAny>>,
        now: Option<&Bound<'_, PyAny>>,
        include_abandoned: bool,
    ) -> PyResult<String> {
        let key = key_arg(key)?;
        let opts = detail_options(history_limit, now, include_abandoned)?;
        blocking(py, || Ok(self.inner.session_detail(&key, &opts)?.render_html()))
    }

    /// The latest history events of a session, oldest first, optionally only some kinds (`"message"`,
    /// `"inter_session"`, `"tool_event"`).
    #[pyo3(
        signature = (key, limit=None, kinds=None),
        text_signature = "($self, key, limit=50, kinds=None)"
    )]
    fn events<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'_, PyAny>,
        limit: Option<&Bound<'py, PyAny>>,
        kinds: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let key = key_arg(key)?;
        let query = event_query(limit, kinds)?;
        let rows = blocking(py, || self.inner.events(&key, &query))?;
        to_py(py, &rows)
    }

    /// `events()` as its canonical JSON string.
    #[pyo3(
        signature = (key, limit=None, kinds=None),
        text_signature = "($self, key, limit=50, kinds=None)"
    )]
    fn events_json(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        limit: Option<&Bound<'_, PyAny>>,
        kinds: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let key = key_arg(key)?;
        let query = event_query(limit, kinds)?;
        let rows = blocking(py, || self.inner.events(&key, &query))?;
        to_json(py, &rows)
    }

    /// The full typed event stream of a session (tool calls with arguments, thinking, tool results with status,
    /// compactions, spawns, …), oldest first, with line diagnostics. `kinds` filters by event kind
    /// (`"tool_call"`, `"tool_result"`, `"message"`, …); `limit` keeps the last N.
    #[pyo3(
        signature = (key, limit=None, kinds=None, *, include_abandoned=false),
        text_signature = "($self, key, limit=None, kinds=None, *, include_abandoned=False)"
    )]
    fn transcript_events<'py>(
        &self,
        py: Python<'py>,
        key: &Bound<'_, PyAny>,
        limit: Option<&Bound<'py, PyAny>>,
        kinds: Option<&Bound<'py, PyAny>>,
        include_abandoned: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let key = key_arg(key)?;
        let query = transcript_event_query(limit, kinds, include_abandoned)?;
        let events = blocking(py, || self.inner.transcript_events(&key, &query))?;
        to_py(py, &events)
    }

    /// `transcript_events()` as its canonical JSON string.
    #[pyo3(
        signature = (key, limit=None, kinds=None, *, include_abandoned=false),
        text_signature = "($self, key, limit=None, kinds=None, *, include_abandoned=False)"
    )]
    fn transcript_events_json(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        limit: Option<&Bound<'_, PyAny>>,
        kinds: Option<&Bound<'_, PyAny>>,
        include_abandoned: bool,
    ) -> PyResult<String> {
        let key = key_arg(key)?;
        let query = transcript_event_query(limit, kinds, include_abandoned)?;
        let events = blocking(py, || self.inner.transcript_events(&key, &query))?;
        to_json(py, &events)
    }

    /// Tokens and cost recorded in the transcripts: totals and per day (UTC, `YYYY-MM-DD`), model, provider,
    /// agent and session.
    #[pyo3(signature = (agent_id=None, session_key=None, since_day=None, until_day=None))]
    fn usage<'py>(
        &self,
        py: Python<'py>,
        agent_id: Option<&Bound<'py, PyAny>>,
        session_key: Option<&Bound<'py, PyAny>>,
        since_day: Option<&Bound<'py, PyAny>>,
        until_day: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let query = usage_query(agent_id, session_key, since_day, until_day)?;
        let report = blocking(py, || self.inner.usage(&query))?;
        to_py(py, &report)
    }

    /// `usage()` as its canonical JSON string.
    #[pyo3(signature = (agent_id=None, session_key=None, since_day=None, until_day=None))]
    fn usage_json(
        &self,
        py: Python<'_>,
        agent_id: Option<&Bound<'_, PyAny>>,
        session_key: Option<&Bound<'_, PyAny>>,
        since_day: Option<&Bound<'_, PyAny>>,
        until_day: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let query = usage_query(agent_id, session_key, since_day, until_day)?;
        let report = blocking(py, || self.inner.usage(&query))?;
        to_json(py, &report)
    }

    fn __repr__(&self) -> String {
        format!("StateDir({:?})", self.inner.path().as_str())
    }
}

#[allow(clippy::too_many_arguments)]
fn session_query(
    agent_id: Option<&Bound<'_, PyAny>>,
    state: Option<&Bound<'_, PyAny>>,
    q: Option<&Bound<'_, PyAny>>,
    page: Option<&Bound<'_, PyAny>>,
    page_size: Option<&Bound<'_, PyAny>>,
    history_limit: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
) -> PyResult<SessionQuery> {
    let defaults = SessionQuery::default();
    Ok(SessionQuery {
        agent_id: opt_str(agent_id, "agent_id")?,
        state: match state.filter(|s| !s.is_none()) {
            Some(s) => Some(wire_enum(s, "state", &STATES, SessionState::as_str)?),
            None => None,
        },
        q: opt_str(q, "q")?,
        page: count_arg(page, "page", defaults.page)?,
        page_size: count_arg(page_size, "page_size", defaults.page_size)?,
        history_limit: count_arg(history_limit, "history_limit", defaults.history_limit)?,
        now: time_arg(now, "now")?,
    })
}

fn event_query(limit: Option<&Bound<'_, PyAny>>, kinds: Option<&Bound<'_, PyAny>>) -> PyResult<EventQuery> {
    let mut wanted = Vec::new();
    if let Some(kinds) = kinds.filter(|k| !k.is_none()) {
        if kinds.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("kinds must be a list of str, not a str"));
        }
        for kind in kinds.try_iter()? {
            wanted.push(wire_enum(&kind?, "kinds", &KINDS, HistoryKind::as_str)?);
        }
    }
    Ok(EventQuery {
        limit: count_arg(limit, "limit", EventQuery::default().limit)?,
        kinds: wanted,
    })
}

fn transcript_event_query(
    limit: Option<&Bound<'_, PyAny>>,
    kinds: Option<&Bound<'_, PyAny>>,
    include_abandoned: bool,
) -> PyResult<TranscriptEventQuery> {
    let mut wanted = Vec::new();
    if let Some(kinds) = kinds.filter(|k| !k.is_none()) {
        if kinds.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("kinds must be a list of str, not a str"));
        }
        for kind in kinds.try_iter()? {
            let kind = kind?;
            let Ok(text) = kind.cast::<PyString>() else {
                let type_name = kind.get_type().name()?;
                return Err(PyTypeError::new_err(format!(
                    "kinds must hold str, not {type_name}"
                )));
            };
            let text = text.to_str()?;
            let parsed: EventKind = serde_json::from_value(serde_json::Value::String(text.to_owned()))
                .map_err(|_| {
                    raise(
                        kind.py(),
                        &clawscope::Error::invalid_argument("kinds", format!("unknown event kind {text:?}")),
                    )
                })?;
            wanted.push(parsed);
        }
    }
    let limit = match limit.filter(|l| !l.is_none()) {
        Some(l) => Some(count_arg(Some(l), "limit", 0)?),
        None => None,
    };
    Ok(TranscriptEventQuery {
        limit,
        kinds: wanted,
        include_abandoned,
    })
}

fn usage_query(
    agent_id: Option<&Bound<'_, PyAny>>,
    session_key: Option<&Bound<'_, PyAny>>,
    since_day: Option<&Bound<'_, PyAny>>,
    until_day: Option<&Bound<'_, PyAny>>,
) -> PyResult<UsageQuery> {
    Ok(UsageQuery {
        agent_id: opt_str(agent_id, "agent_id")?,
        session_key: opt_str(session_key, "session_key")?,
        since_day: opt_str(since_day, "since_day")?,
        until_day: opt_str(until_day, "until_day")?,
    })
}
