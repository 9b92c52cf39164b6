//! Node binding of clawscope (napi-rs v3): each export converts its arguments, calls one `clawscope` function and
//! converts the result or the error. Documents cross as plain JS objects built from the serde JSON of the Rust
//! values, so Rust, Python and Node produce identical JSON. Every error is a JS `Error` with `.code` (the stable
//! `ErrorCode` string) and `.details`; a panic becomes an `INTERNAL` error instead of aborting Node.
//!
//! One file per core area: [`gateway`] (ownership, probe, installs, evidence), [`sessions`] (session keys and the
//! state dir). [`args`] validates JS values, [`errors`] builds the JS errors, [`types`] declares the TypeScript
//! shapes of the returned documents.

mod args;
mod decide_input;
mod errors;
pub mod fast;
pub mod gateway;
pub mod sessions;
pub mod types;

use napi::Env;
use napi_derive::napi;

/// The library version.
#[napi(catch_unwind)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Every stable error code (`err.code` values), in declaration order.
#[napi(catch_unwind)]
pub fn error_codes() -> Vec<String> {
    clawscope::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}

/// Test hook: panics inside the binding, to check that a panic becomes an `INTERNAL` error and never aborts
/// Node. Not part of the API (hidden from the type declarations).
#[napi(js_name = "__testPanic", catch_unwind, skip_typescript)]
pub fn test_panic(env: Env) -> napi::Result<()> {
    errors::guard(env, || -> errors::Outcome<()> {
        panic!("deliberate test panic");
    })
}
