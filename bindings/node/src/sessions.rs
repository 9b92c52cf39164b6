//! Sessions: session keys (`clawscope::session_key`) and the state dir (`clawscope::state::StateDir` with the
//! session-detail queries of `clawscope::state_detail`).

use std::sync::Arc;

use clawscope::detail::SessionState;
use clawscope::event::EventKind;
use clawscope::history::HistoryKind;
use clawscope::state::StateDir as CoreStateDir;
use clawscope::state_detail::{DetailOptions, EventQuery, SessionQuery, TranscriptEventQuery, UsageQuery};
use napi::Env;
use napi::bindgen_prelude::{AsyncTask, JsObjectValue, JsValue, Object, Unknown, ValueType};
use napi_derive::napi;
use serde_json::Value;

use crate::args;
use crate::errors::{Failure, Outcome, guard, to_json, to_json_string};
use crate::gateway::{CoreTask, env_option, to_value};

const KINDS: [HistoryKind; 3] = [
    HistoryKind::Message,
    HistoryKind::InterSession,
    HistoryKind::ToolEvent,
];

/// Parses a session key (`agent:<id>:…`, legacy keys, `global`, …) into its parts: `{key (canonical), kind,
/// agentId, rest, channel, accountId, peerKind, peerId, threadId, topicId, id, runId, parent, legacy}`; an invalid
/// key throws `INVALID_SESSION_KEY`.
#[napi(catch_unwind, ts_args_type = "key: string", ts_return_type = "SessionKey")]
pub fn parse_session_key<'env>(env: &'env Env, key: Option<Unknown<'_>>) -> napi::Result<Unknown<'env>> {
    guard(*env, || {
        let key = args::string("key", key)?;
        // Built directly by napi's serde serializer (fixed keys, strings and booleans: the same object as the
        // `serde_json::Value` conversion, without the intermediate value).
        Ok(env.to_js_value(&clawscope::session_key::SessionKey::parse(&key)?)?)
    })
}

/// The property `key` of an optional options object.
fn opt_prop<'a>(options: Option<&Object<'a>>, key: &str) -> Outcome<Option<Unknown<'a>>> {
    options
        .map(|o| args::prop(o, key))
        .transpose()
        .map(Option::flatten)
}

fn detail_options(options: Option<Unknown<'_>>) -> Outcome<DetailOptions> {
    let options = args::opt_object("options", options)?;
    let o = options.as_ref();
    let defaults = DetailOptions::default();
    Ok(DetailOptions {
        history_limit: args::opt_count("historyLimit", opt_prop(o, "historyLimit")?)?
            .unwrap_or(defaults.history_limit),
        now: args::opt_time("now", opt_prop(o, "now")?)?,
        include_abandoned: args::opt_bool("includeAbandoned", opt_prop(o, "includeAbandoned")?)?
            .unwrap_or(defaults.include_abandoned),
    })
}

fn session_query(query: Option<Unknown<'_>>) -> Outcome<SessionQuery> {
    let query = args::opt_object("query", query)?;
    let o = query.as_ref();
    let defaults = SessionQuery::default();
    let state = match args::opt_string("state", opt_prop(o, "state")?)? {
        Some(text) => Some(SessionState::parse(&text).ok_or_else(|| {
            Failure::Core(clawscope::Error::invalid_argument(
                "state",
                format!("{text:?} is not one of idle, running, blocked, waiting_approval, error"),
            ))
        })?),
        None => None,
    };
    Ok(SessionQuery {
        agent_id: args::opt_string("agentId", opt_prop(o, "agentId")?)?,
        state,
        q: args::opt_string("q", opt_prop(o, "q")?)?,
        page: args::opt_count("page", opt_prop(o, "page")?)?.unwrap_or(defaults.page),
        page_size: args::opt_count("pageSize", opt_prop(o, "pageSize")?)?.unwrap_or(defaults.page_size),
        history_limit: args::opt_count("historyLimit", opt_prop(o, "historyLimit")?)?
            .unwrap_or(defaults.history_limit),
        now: args::opt_time("now", opt_prop(o, "now")?)?,
    })
}

fn event_query(options: Option<Unknown<'_>>) -> Outcome<EventQuery> {
    let options = args::opt_object("options", options)?;
    let o = options.as_ref();
    let mut kinds = Vec::new();
    if let Some(list) =
        opt_prop(o, "kinds")?.filter(|v| !matches!(v.get_type(), Ok(ValueType::Undefined | ValueType::Null)))
    {
        if !list.is_array()? {
            return Err(Failure::Core(clawscope::Error::invalid_argument(
                "kinds",
                "must be an array of kinds",
            )));
        }
        let list = list.coerce_to_object()?;
        for i in 0..list.get_array_length()? {
            let text = args::string("kinds[]", Some(list.get_element::<Unknown<'_>>(i)?))?;
            let kind = KINDS
                .iter()
                .copied()
                .find(|k| k.as_str() == text)
                .ok_or_else(|| {
                    Failure::Core(clawscope::Error::invalid_argument(
                        "kinds",
                        format!("{text:?} is not one of message, inter_session, tool_event"),
                    ))
                })?;
            kinds.push(kind);
        }
    }
    Ok(EventQuery {
        limit: args::opt_count("limit", opt_prop(o, "limit")?)?.unwrap_or(EventQuery::default().limit),
        kinds,
    })
}

fn transcript_event_query(options: Option<Unknown<'_>>) -> Outcome<TranscriptEventQuery> {
    let options = args::opt_object("options", options)?;
    let o = options.as_ref();
    let mut kinds = Vec::new();
    if let Some(list) =
        opt_prop(o, "kinds")?.filter(|v| !matches!(v.get_type(), Ok(ValueType::Undefined | ValueType::Null)))
    {
        if !list.is_array()? {
            return Err(Failure::Core(clawscope::Error::invalid_argument(
                "kinds",
                "must be an array of event kinds",
            )));
        }
        let list = list.coerce_to_object()?;
        for i in 0..list.get_array_length()? {
            let text = args::string("kinds[]", Some(list.get_element::<Unknown<'_>>(i)?))?;
            let kind: EventKind = serde_json::from_value(Value::String(text.clone())).map_err(|_| {
                Failure::Core(clawscope::Error::invalid_argument(
                    "kinds",
                    format!("unknown event kind {text:?}"),
                ))
            })?;
            kinds.push(kind);
        }
    }
    Ok(TranscriptEventQuery {
        limit: args::opt_count("limit", opt_prop(o, "limit")?)?,
        kinds,
        include_abandoned: args::opt_bool("includeAbandoned", opt_prop(o, "includeAbandoned")?)?
            .unwrap_or(false),
    })
}

fn usage_query(query: Option<Unknown<'_>>) -> Outcome<UsageQuery> {
    let query = args::opt_object("query", query)?;
    let o = query.as_ref();
    Ok(UsageQuery {
        agent_id: args::opt_string("agentId", opt_prop(o, "agentId")?)?,
        session_key: args::opt_string("sessionKey", opt_prop(o, "sessionKey")?)?,
        since_day: args::opt_string("sinceDay", opt_prop(o, "sinceDay")?)?,
        until_day: args::opt_string("untilDay", opt_prop(o, "untilDay")?)?,
    })
}

/// A task, or a task that rejects with the argument error.
fn task(
    prepared: Outcome<impl FnOnce() -> clawscope::Result<Value> + Send + 'static>,
) -> AsyncTask<CoreTask> {
    AsyncTask::new(match prepared {
        Ok(job) => CoreTask::new(job),
        Err(Failure::Core(err)) => CoreTask::failed(err),
        Err(Failure::Napi(err)) => CoreTask::failed(clawscope::Error::invalid_argument(
            "arguments",
            err.reason.clone(),
        )),
    })
}

/// An OpenClaw state dir (`~/.openclaw` or the one the environment names): agents, session stores (JSON files and
/// SQLite), transcripts, the session-detail page, events and usage. Read-only: nothing under it is ever written.
#[napi]
pub struct StateDir {
    inner: Arc<CoreStateDir>,
}

#[napi]
impl StateDir {
    /// `new StateDir(path?, {env}?)`: opens `path` (an existing directory), or — without a path — finds the state
    /// dir like OpenClaw does (`OPENCLAW_STATE_DIR`, `OPENCLAW_HOME`, `~/.openclaw`, profiles, legacy names) from
    /// the process environment or the `env` snapshot `{vars, home, cwd, tempDir}`.
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "path?: string | null, options?: { env?: { vars?: Record<string, string>, home?: string | null, cwd?: string | null, tempDir?: string | null } | null } | null"
    )]
    pub fn new(env: Env, path: Option<Unknown<'_>>, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        guard(env, || {
            let path = args::opt_string("path", path)?;
            let options = args::opt_object("options", options)?;
            let inner = match path {
                Some(path) => CoreStateDir::open(path)?,
                None => CoreStateDir::discover(&env_option(env, options.as_ref())?)?,
            };
            Ok(StateDir {
                inner: Arc::new(inner),
            })
        })
    }

    /// The state dir.
    #[napi(getter, catch_unwind)]
    pub fn path(&self) -> String {
        self.inner.path().to_string()
    }

    /// Its `openclaw.json` (or legacy config) path.
    #[napi(getter, catch_unwind)]
    pub fn config_path(&self) -> String {
        self.inner.config_path().to_string()
    }

    /// The agents (from `agents/*` and the config's `agents.list`).
    #[napi(catch_unwind, ts_return_type = "Array<Record<string, unknown>>")]
    pub fn agents(&self, env: Env) -> napi::Result<Value> {
        guard(env, || to_json(&self.inner.agents()?))
    }

    /// The transcript windows of the session stored under `key` (SQLite era: which transcript belonged to the key
    /// when, and why the next one started), oldest first; empty for file-era stores.
    #[napi(
        catch_unwind,
        ts_args_type = "key: string",
        ts_return_type = "SessionWindow[]"
    )]
    pub fn session_windows(&self, env: Env, key: Option<Unknown<'_>>) -> napi::Result<Value> {
        guard(env, || {
            let key = args::string("key", key)?;
            to_json(&self.inner.session_windows(&key)?)
        })
    }

    /// Sessions filtered by agent, state (`'idle' | 'running' | 'blocked' | 'waiting_approval' | 'error'`) and text
    /// (`q`), newest activity first, one page (`page` from 1, `pageSize` 1–100, default 12).
    #[napi(
        catch_unwind,
        ts_args_type = "query?: SessionQuery | null",
        ts_return_type = "SessionSummary[]"
    )]
    pub fn list_sessions(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<Value> {
        guard(env, || {
            to_json(&self.inner.list_sessions(&session_query(query)?)?)
        })
    }

    /// `listSessions()` as its canonical JSON string.
    #[napi(catch_unwind, ts_args_type = "query?: SessionQuery | null")]
    pub fn list_sessions_json(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<String> {
        guard(env, || {
            to_json_string(&self.inner.list_sessions(&session_query(query)?)?)
        })
    }

    /// `listSessions()` as a Promise, read off the JS thread.
    #[napi(
        catch_unwind,
        ts_args_type = "query?: SessionQuery | null",
        ts_return_type = "Promise<SessionSummary[]>"
    )]
    pub fn list_sessions_async(&self, query: Option<Unknown<'_>>) -> AsyncTask<CoreTask> {
        let inner = Arc::clone(&self.inner);
        task(session_query(query).map(|q| move || to_value(&inner.list_sessions(&q)?)))
    }

    /// The session-detail page (会话详情) as the control-center JSON document (`GET /api/sessions/:key`).
    /// `historyLimit` 1–200 (default 50); `now` (RFC 3339 string or `Date`) fixes `generatedAt`.
    /// Unknown key: `SESSION_NOT_FOUND`.
    #[napi(
        catch_unwind,
        ts_args_type = "key: string, options?: DetailOptions | null",
        ts_return_type = "SessionDetail"
    )]
    pub fn session_detail(
        &self,
        env: Env,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Value> {
        guard(env, || {
            let key = args::string("key", key)?;
            Ok(self
                .inner
                .session_detail(&key, &detail_options(options)?)?
                .to_json())
        })
    }

    /// `sessionDetail()` as its canonical JSON string.
    #[napi(catch_unwind, ts_args_type = "key: string, options?: DetailOptions | null")]
    pub fn session_detail_json(
        &self,
        env: Env,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<String> {
        guard(env, || {
            let key = args::string("key", key)?;
            to_json_string(
                &self
                    .inner
                    .session_detail(&key, &detail_options(options)?)?
                    .to_json(),
            )
        })
    }

    /// The session-detail page as plain text (the control center's page; table cells separated by a tab).
    #[napi(catch_unwind, ts_args_type = "key: string, options?: DetailOptions | null")]
    pub fn session_detail_text(
        &self,
        env: Env,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<String> {
        guard(env, || {
            let key = args::string("key", key)?;
            Ok(self
                .inner
                .session_detail(&key, &detail_options(options)?)?
                .render_text())
        })
    }

    /// The session-detail page as a self-contained, escaped HTML document.
    #[napi(catch_unwind, ts_args_type = "key: string, options?: DetailOptions | null")]
    pub fn session_detail_html(
        &self,
        env: Env,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<String> {
        guard(env, || {
            let key = args::string("key", key)?;
            Ok(self
                .inner
                .session_detail(&key, &detail_options(options)?)?
                .render_html())
        })
    }

    /// `sessionDetail()` as a Promise, read off the JS thread.
    #[napi(
        catch_unwind,
        ts_args_type = "key: string, options?: DetailOptions | null",
        ts_return_type = "Promise<SessionDetail>"
    )]
    pub fn session_detail_async(
        &self,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> AsyncTask<CoreTask> {
        let inner = Arc::clone(&self.inner);
        let prepared = args::string("key", key).and_then(|key| Ok((key, detail_options(options)?)));
        task(prepared.map(|(key, opts)| move || Ok(inner.session_detail(&key, &opts)?.to_json())))
    }

    /// The latest history events of a session, oldest first (`limit` 1–200, default 50), optionally only some
    /// `kinds` (`'message' | 'inter_session' | 'tool_event'`).
    #[napi(
        catch_unwind,
        ts_args_type = "key: string, options?: { limit?: number | null, kinds?: Array<'message' | 'inter_session' | 'tool_event'> | null } | null",
        ts_return_type = "HistoryRow[]"
    )]
    pub fn events(
        &self,
        env: Env,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Value> {
        guard(env, || {
            let key = args::string("key", key)?;
            to_json(&self.inner.events(&key, &event_query(options)?)?)
        })
    }

    /// `events()` as its canonical JSON string.
    #[napi(
        catch_unwind,
        ts_args_type = "key: string, options?: { limit?: number | null, kinds?: Array<'message' | 'inter_session' | 'tool_event'> | null } | null"
    )]
    pub fn events_json(
        &self,
        env: Env,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<String> {
        guard(env, || {
            let key = args::string("key", key)?;
            to_json_string(&self.inner.events(&key, &event_query(options)?)?)
        })
    }

    /// `events()` as a Promise, read off the JS thread.
    #[napi(
        catch_unwind,
        ts_args_type = "key: string, options?: { limit?: number | null, kinds?: Array<'message' | 'inter_session' | 'tool_event'> | null } | null",
        ts_return_type = "Promise<HistoryRow[]>"
    )]
    pub fn events_async(
        &self,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> AsyncTask<CoreTask> {
        let inner = Arc::clone(&self.inner);
        let prepared = args::string("key", key).and_then(|key| Ok((key, event_query(options)?)));
        task(prepared.map(|(key, query)| move || to_value(&inner.events(&key, &query)?)))
    }

    /// The full typed event stream of a session (tool calls with arguments, thinking, tool results with status,
    /// compactions, spawns, …), oldest first, with line diagnostics; `kinds` filters, `limit` keeps the last N.
    #[napi(
        catch_unwind,
        ts_args_type = "key: string, options?: { limit?: number | null, kinds?: Array<'message' | 'thinking' | 'tool_call' | 'tool_result' | 'image' | 'model_change' | 'thinking_level_change' | 'compaction' | 'branch_summary' | 'custom_message' | 'inter_session' | 'subagent_spawn' | 'subagent_announce' | 'subagent_task' | 'system_event' | 'error' | 'reset'> | null, includeAbandoned?: boolean | null } | null",
        ts_return_type = "TranscriptEvents"
    )]
    pub fn transcript_events(
        &self,
        env: Env,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<Value> {
        guard(env, || {
            let key = args::string("key", key)?;
            to_json(
                &self
                    .inner
                    .transcript_events(&key, &transcript_event_query(options)?)?,
            )
        })
    }

    /// `transcriptEvents()` as its canonical JSON string.
    #[napi(
        catch_unwind,
        ts_args_type = "key: string, options?: { limit?: number | null, kinds?: Array<'message' | 'thinking' | 'tool_call' | 'tool_result' | 'image' | 'model_change' | 'thinking_level_change' | 'compaction' | 'branch_summary' | 'custom_message' | 'inter_session' | 'subagent_spawn' | 'subagent_announce' | 'subagent_task' | 'system_event' | 'error' | 'reset'> | null, includeAbandoned?: boolean | null } | null"
    )]
    pub fn transcript_events_json(
        &self,
        env: Env,
        key: Option<Unknown<'_>>,
        options: Option<Unknown<'_>>,
    ) -> napi::Result<String> {
        guard(env, || {
            let key = args::string("key", key)?;
            to_json_string(
                &self
                    .inner
                    .transcript_events(&key, &transcript_event_query(options)?)?,
            )
        })
    }

    /// Tokens and cost recorded in the transcripts: totals and per UTC day, model, provider, agent and session.
    #[napi(
        catch_unwind,
        ts_args_type = "query?: { agentId?: string | null, sessionKey?: string | null, sinceDay?: string | null, untilDay?: string | null } | null",
        ts_return_type = "Record<string, unknown>"
    )]
    pub fn usage(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<Value> {
        guard(env, || to_json(&self.inner.usage(&usage_query(query)?)?))
    }

    /// `usage()` as its canonical JSON string.
    #[napi(
        catch_unwind,
        ts_args_type = "query?: { agentId?: string | null, sessionKey?: string | null, sinceDay?: string | null, untilDay?: string | null } | null"
    )]
    pub fn usage_json(&self, env: Env, query: Option<Unknown<'_>>) -> napi::Result<String> {
        guard(env, || to_json_string(&self.inner.usage(&usage_query(query)?)?))
    }

    /// `usage()` as a Promise, read off the JS thread (a full scan of the transcripts).
    #[napi(
        catch_unwind,
        ts_args_type = "query?: { agentId?: string | null, sessionKey?: string | null, sinceDay?: string | null, untilDay?: string | null } | null",
        ts_return_type = "Promise<Record<string, unknown>>"
    )]
    pub fn usage_async(&self, query: Option<Unknown<'_>>) -> AsyncTask<CoreTask> {
        let inner = Arc::clone(&self.inner);
        task(usage_query(query).map(|q| move || to_value(&inner.usage(&q)?)))
    }
}
