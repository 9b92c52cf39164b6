//! The route handlers. Each validates its input, then reads the state dir on the blocking pool.
//!
//! Validation helpers return the finished error [`Response`] as their `Err`: it is the value the handler returns.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::Extension;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json as json_value};

use super::AppState;
use super::http::{RequestId, error, html, json, library_error, text, validation};
use super::query::{check_allowed, lenient_int, route_key, strict_int, value};
use crate::data::{ListQuery, SESSION_STATES};

type RawQuery = Result<Query<Vec<(String, String)>>, QueryRejection>;
type RawKey = Result<Path<String>, PathRejection>;

/// Runs `work` on the blocking pool; a panic or cancellation becomes a 500.
async fn blocking<T: Send + 'static>(
    rid: &str,
    work: impl FnOnce() -> clawscope::Result<T> + Send + 'static,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(library_error(rid, &e)),
        Err(join) => Err(error(
            rid,
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            &format!("request task failed: {join}"),
        )),
    }
}

fn pairs_of(rid: &str, query: RawQuery) -> Result<Vec<(String, String)>, Response> {
    query
        .map(|Query(pairs)| pairs)
        .map_err(|e| validation(rid, &e.body_text()))
}

fn key_of(rid: &str, key: RawKey) -> Result<String, Response> {
    let Path(raw) = key.map_err(|e| validation(rid, &e.body_text()))?;
    route_key(&raw).map_err(|m| validation(rid, &m))
}

/// `GET /healthz`.
pub(crate) async fn healthz(Extension(RequestId(rid)): Extension<RequestId>) -> Response {
    json(
        &rid,
        StatusCode::OK,
        json_value!({ "ok": true, "name": "clawscope", "version": env!("CARGO_PKG_VERSION") }),
    )
}

/// `GET /api/sessions/{key}?historyLimit=N` — strict.
pub(crate) async fn detail(
    State(state): State<Arc<AppState>>,
    Extension(RequestId(rid)): Extension<RequestId>,
    key: RawKey,
    query: RawQuery,
) -> Response {
    let prepared = (|| {
        let pairs = pairs_of(&rid, query)?;
        check_allowed(&pairs, &["historyLimit"]).map_err(|m| validation(&rid, &m))?;
        let limit = strict_int(&pairs, "historyLimit", 50, 1..=200).map_err(|m| validation(&rid, &m))?;
        Ok::<_, Response>((key_of(&rid, key)?, limit))
    })();
    let (key, limit) = match prepared {
        Ok(p) => p,
        Err(response) => return response,
    };
    let source = state.source.clone();
    match blocking(&rid, move || source.detail_json(&key, limit)).await {
        Ok(body) => json(&rid, StatusCode::OK, body),
        Err(response) => response,
    }
}

/// `GET /session/{key}` — the HTML page; `historyLimit` is lenient, any other parameter (e.g. `lang`) is ignored.
pub(crate) async fn page(
    State(state): State<Arc<AppState>>,
    Extension(RequestId(rid)): Extension<RequestId>,
    key: RawKey,
    query: RawQuery,
) -> Response {
    let limit = query.map_or(50, |Query(pairs)| {
        lenient_int(&pairs, "historyLimit", 50, 1..=200)
    });
    let Ok(key) = key_of(&rid, key) else {
        return text(StatusCode::BAD_REQUEST, "Invalid session key");
    };
    let source = state.source.clone();
    match tokio::task::spawn_blocking(move || source.detail_html(&key, limit)).await {
        Ok(Ok(page)) => html(StatusCode::OK, page),
        Ok(Err(e)) if e.code() == clawscope::ErrorCode::SessionNotFound => {
            text(StatusCode::NOT_FOUND, "Session not found")
        }
        Ok(Err(e)) => library_error(&rid, &e),
        Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, "Internal error"),
    }
}

/// `GET /api/sessions` — strict: `state, agentId, q, page, pageSize, historyLimit`.
pub(crate) async fn list(
    State(state): State<Arc<AppState>>,
    Extension(RequestId(rid)): Extension<RequestId>,
    query: RawQuery,
) -> Response {
    let prepared = (|| {
        let pairs = pairs_of(&rid, query)?;
        let bad = |m: String| validation(&rid, &m);
        check_allowed(
            &pairs,
            &["state", "agentId", "q", "page", "pageSize", "historyLimit"],
        )
        .map_err(bad)?;
        let state_filter = value(&pairs, "state").map(str::to_owned);
        if let Some(s) = state_filter.as_deref()
            && !SESSION_STATES.contains(&s)
        {
            return Err(validation(
                &rid,
                &format!("state must be one of {}", SESSION_STATES.join(", ")),
            ));
        }
        Ok(ListQuery {
            agent_id: value(&pairs, "agentId")
                .map(str::to_owned)
                .filter(|a| !a.trim().is_empty()),
            state: state_filter,
            q: value(&pairs, "q")
                .map(str::to_owned)
                .filter(|q| !q.trim().is_empty()),
            page: strict_int(&pairs, "page", 1, 1..=1_000_000).map_err(bad)?,
            page_size: strict_int(&pairs, "pageSize", 12, 1..=100).map_err(bad)?,
            history_limit: strict_int(&pairs, "historyLimit", 8, 1..=200).map_err(bad)?,
        })
    })();
    let query = match prepared {
        Ok(q) => q,
        Err(response) => return response,
    };
    let source = state.source.clone();
    match blocking(&rid, move || source.list_json(&query)).await {
        Ok(body) => json(&rid, StatusCode::OK, body),
        Err(response) => response,
    }
}

/// `GET /api/gateway/status` — read-only: nothing is claimed or refreshed.
pub(crate) async fn gateway_status(
    State(state): State<Arc<AppState>>,
    Extension(RequestId(rid)): Extension<RequestId>,
) -> Response {
    let args = state.gateway.clone();
    let work = move || -> clawscope::Result<Value> {
        let view = crate::cmd::gateway::status_value(&args)?;
        Ok(view)
    };
    match blocking(&rid, work).await {
        Ok(mut body) => {
            if let Value::Object(map) = &mut body {
                map.shift_insert(0, "ok".into(), Value::Bool(true));
            }
            json(&rid, StatusCode::OK, body)
        }
        Err(response) => response,
    }
}
