//! HTTP plumbing: the request-id and token middleware, JSON bodies with `requestId` first, and the error shape.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::AppState;
use super::security::{bearer_matches, is_valid_request_id, new_request_id};

/// The request id of the current request (set by [`request_id`]).
#[derive(Debug, Clone)]
pub(crate) struct RequestId(pub(crate) String);

/// Takes the client's `x-request-id` when valid, else makes one; stores it for the handlers and echoes it.
pub(crate) async fn request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_valid_request_id(v))
        .map_or_else(new_request_id, str::to_owned);
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn rid_of(request: &Request) -> String {
    request
        .extensions()
        .get::<RequestId>()
        .map_or_else(new_request_id, |r| r.0.clone())
}

/// Answers 401 unless the request carries the configured bearer token (compared in constant time).
pub(crate) async fn require_token(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(token) = state.token.as_deref() {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .map(HeaderValue::as_bytes);
        if !bearer_matches(given, token) {
            let mut response = error(
                &rid_of(&request),
                StatusCode::UNAUTHORIZED,
                "UNAUTHORIZED",
                "missing or wrong bearer token",
            );
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
    }
    next.run(request).await
}

/// A pretty JSON response whose body starts with `requestId`, followed by the keys of `body`.
pub(crate) fn json(rid: &str, status: StatusCode, body: Value) -> Response {
    let mut map = Map::new();
    map.insert("requestId".into(), Value::String(rid.to_owned()));
    match body {
        Value::Object(fields) => {
            for (k, v) in fields {
                if k != "requestId" {
                    map.insert(k, v);
                }
            }
        }
        other => {
            map.insert("data".into(), other);
        }
    }
    let text = serde_json::to_string_pretty(&Value::Object(map)).unwrap_or_else(|_| "{}".to_owned());
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        text,
    )
        .into_response()
}

/// control-center's error body: `{requestId, ok:false, error:{code, status, message, requestId}}`.
pub(crate) fn error(rid: &str, status: StatusCode, code: &str, message: &str) -> Response {
    json(
        rid,
        status,
        serde_json::json!({
            "ok": false,
            "error": { "code": code, "status": status.as_u16(), "message": message, "requestId": rid },
        }),
    )
}

/// A 400 `VALIDATION_ERROR`.
pub(crate) fn validation(rid: &str, message: &str) -> Response {
    error(rid, StatusCode::BAD_REQUEST, "VALIDATION_ERROR", message)
}

/// Maps a library error: unknown session → 404, bad input → 400, anything else → 500.
pub(crate) fn library_error(rid: &str, e: &clawscope::Error) -> Response {
    use clawscope::ErrorCode;
    match e.code() {
        ErrorCode::SessionNotFound | ErrorCode::AgentNotFound => {
            error(rid, StatusCode::NOT_FOUND, "NOT_FOUND", &e.to_string())
        }
        ErrorCode::InvalidArgument | ErrorCode::InvalidSessionKey => validation(rid, &e.to_string()),
        _ => error(
            rid,
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_ERROR",
            &e.to_string(),
        ),
    }
}

/// 404 for a path no route knows.
pub(crate) async fn not_found(request: Request) -> Response {
    let message = format!("no route for {} {}", request.method(), request.uri().path());
    error(&rid_of(&request), StatusCode::NOT_FOUND, "NOT_FOUND", &message)
}

/// 405 for a method other than GET/HEAD: the API is read-only.
pub(crate) async fn method_not_allowed(request: Request) -> Response {
    let mut response = error(
        &rid_of(&request),
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        &format!("{} is not allowed: this API is read-only", request.method()),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// An HTML response.
pub(crate) fn html(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// A plain-text response.
pub(crate) fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        Body::from(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(response: Response) -> Value {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let bytes = runtime
            .block_on(axum::body::to_bytes(response.into_body(), 1 << 20))
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn request_id_comes_first_and_replaces_a_body_request_id() {
        let response = json(
            "rid-1",
            StatusCode::OK,
            serde_json::json!({"ok": true, "requestId": "x", "a": 1}),
        );
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/json; charset=utf-8"
        );
        let v = body(response);
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["requestId", "ok", "a"]);
        assert_eq!(v["requestId"], "rid-1");
    }

    #[test]
    fn library_errors_map_to_http_statuses() {
        let not_found = clawscope::Error::SessionNotFound { key: "k".into() };
        let response = library_error("r", &not_found);
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let v = body(response);
        assert_eq!(v["error"]["code"], "NOT_FOUND");
        assert_eq!(v["error"]["requestId"], "r");
        let bad = clawscope::Error::invalid_argument("historyLimit", "too big");
        assert_eq!(library_error("r", &bad).status(), StatusCode::BAD_REQUEST);
        let io = clawscope::Error::io("read", "/x", std::io::Error::other("disk"));
        let response = library_error("r", &io);
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body(response)["error"]["code"], "INTERNAL_ERROR");
    }
}
