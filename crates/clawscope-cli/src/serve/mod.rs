//! `clawscope serve`: a read-only HTTP JSON API (axum on tokio), compatible with openclaw-control-center's routes.
//!
//! | route | answer |
//! |---|---|
//! | `GET /api/sessions` | the session list; strict query allow-list `state, agentId, q, page, pageSize, historyLimit` |
//! | `GET /api/sessions/{key}` | `session_detail().to_json()` plus `requestId`; strict: only `historyLimit` (1..=200) |
//! | `GET /session/{key}` | the HTML page (`historyLimit` lenient, `lang` accepted) |
//! | `GET /api/gateway/status` | the read-only gateway status (nothing is claimed) |
//! | `GET /healthz` | `{ok: true}`; never needs the token |
//!
//! Every JSON body starts with `requestId` (the client's valid `x-request-id`, else a new UUID), echoed in the
//! `x-request-id` header. Errors are `{requestId, ok:false, error:{code, status, message, requestId}}`. Other
//! methods give 405, unknown paths 404. File reads run on the blocking pool (`spawn_blocking`).

mod handlers;
mod http;
mod query;
mod security;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::get;

use crate::cli::ServeArgs;
use crate::data::Source;
use crate::failure::{CmdResult, EXIT_ERROR, Failure};
use crate::output::{print_json, print_text};

/// What the handlers share.
pub(crate) struct AppState {
    /// The state dir the session routes read.
    pub(crate) source: Source,
    /// The gateway of `/api/gateway/status`.
    pub(crate) gateway: crate::cli::GatewayArgs,
    /// The bearer token, when one is required.
    pub(crate) token: Option<String>,
}

/// The router of every route, with the request-id and token middleware.
pub(crate) fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route(
            "/api/sessions",
            get(handlers::list).fallback(http::method_not_allowed),
        )
        .route(
            "/api/sessions/{key}",
            get(handlers::detail).fallback(http::method_not_allowed),
        )
        .route(
            "/session/{key}",
            get(handlers::page).fallback(http::method_not_allowed),
        )
        .route(
            "/api/gateway/status",
            get(handlers::gateway_status).fallback(http::method_not_allowed),
        )
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            http::require_token,
        ));
    Router::new()
        .route(
            "/healthz",
            get(handlers::healthz).fallback(http::method_not_allowed),
        )
        .merge(api)
        .fallback(http::not_found)
        .layer(middleware::from_fn(http::request_id))
        .with_state(state)
}

fn check_listen(addr: SocketAddr, allow_remote: bool) -> Result<(), Failure> {
    if addr.ip().is_loopback() || allow_remote {
        Ok(())
    } else {
        Err(Failure::usage(format!(
            "refusing to listen on {addr}: not a loopback address (pass --allow-remote, and set a token)"
        )))
    }
}

/// Resolves on Ctrl-C or (Unix) SIGTERM. A handler that cannot be installed never fires.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Runs the server until Ctrl-C or SIGTERM.
pub(crate) fn run(args: &ServeArgs) -> CmdResult {
    check_listen(args.listen, args.allow_remote)?;
    let source = Source::open(&args.state_args)?;
    let state = Arc::new(AppState {
        source,
        gateway: crate::cli::GatewayArgs {
            openclaw_dir: args.openclaw_dir.clone(),
            port: args.port,
            json: crate::cli::JsonArg { json: true },
        },
        token: args.token.clone().filter(|t| !t.is_empty()),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| Failure {
                code: "IO_ERROR",
                message: format!("cannot listen on {}: {e}", args.listen),
                exit: EXIT_ERROR,
            })?;
        let local = listener.local_addr()?;
        if args.json {
            print_json(&serde_json::json!({ "listen": local.to_string() }))?;
        } else {
            print_text(&format!("clawscope serve: listening on http://{local}\n"))?;
        }
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_without_allow_remote() {
        assert!(check_listen("127.0.0.1:1".parse().unwrap(), false).is_ok());
        assert!(check_listen("[::1]:1".parse().unwrap(), false).is_ok());
        let err = check_listen("0.0.0.0:1".parse().unwrap(), false).unwrap_err();
        assert_eq!(
            (err.code, err.exit),
            ("INVALID_ARGUMENT", crate::failure::EXIT_USAGE)
        );
        assert!(check_listen("0.0.0.0:1".parse().unwrap(), true).is_ok());
    }
}
