//! Node binding of clawscope: converts arguments, calls one `clawscope` function, converts the result or error.
#![allow(missing_docs)]

mod errors;

use napi_derive::napi;

/// The library version.
#[napi(catch_unwind)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Every stable error code, in declaration order.
#[napi(catch_unwind)]
pub fn error_codes() -> Vec<String> {
    clawscope::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect()
}
