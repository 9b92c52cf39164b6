//! Every failure crosses into JavaScript as a plain `Error` whose `.code` is the stable
//! [`clawscope::ErrorCode`] string and whose `.details` is the error's structured data (or `undefined`).
//!
//! The binding functions return [`Failure`] internally; [`guard`] runs a body, catches a panic (which becomes an
//! `INTERNAL` error instead of aborting Node) and turns a [`Failure`] into the JS error object. napi 3 keeps a
//! reference to that object and throws (or rejects with) it as is.

use std::panic::{AssertUnwindSafe, catch_unwind};

use napi::bindgen_prelude::{JsObjectValue, JsValue};
use napi::{Env, JsError};

/// A failure inside a binding function: a clawscope error, or an error of the napi layer itself.
pub(crate) enum Failure {
    /// A clawscope error: becomes an `Error` with `.code` and `.details`.
    Core(clawscope::Error),
    /// A napi error (the JS engine refused an operation): passed through unchanged.
    Napi(napi::Error),
}

impl From<clawscope::Error> for Failure {
    fn from(err: clawscope::Error) -> Self {
        Failure::Core(err)
    }
}

impl From<napi::Error> for Failure {
    fn from(err: napi::Error) -> Self {
        Failure::Napi(err)
    }
}

/// The result type of the binding internals.
pub(crate) type Outcome<T> = Result<T, Failure>;

/// The text of a panic payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic with a non-text payload".to_owned()
    }
}

/// The `INTERNAL` error a caught panic becomes.
pub(crate) fn panic_error(payload: &(dyn std::any::Any + Send)) -> clawscope::Error {
    clawscope::Error::Internal {
        message: format!("panic in clawscope: {}", panic_message(payload)),
    }
}

/// Runs `body`, turning a panic into `INTERNAL` and any failure into the JS error object.
pub(crate) fn guard<T>(env: Env, body: impl FnOnce() -> Outcome<T>) -> napi::Result<T> {
    let result = catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(Failure::Core(panic_error(payload.as_ref()))));
    result.map_err(|failure| match failure {
        Failure::Core(err) => js_error(env, &err),
        Failure::Napi(err) => err,
    })
}

/// Runs `body` (off the JS thread, in an async task), turning a panic into `INTERNAL`.
pub(crate) fn guard_core<T>(body: impl FnOnce() -> clawscope::Result<T>) -> clawscope::Result<T> {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| Err(panic_error(payload.as_ref())))
}

/// The JS `Error` for `err`: `message` is the error's text (ClawPanel's exact text for the gateway errors),
/// `code` its stable code, `details` its structured data or `undefined`. Wrapped so napi throws the object as is.
pub(crate) fn js_error(env: Env, err: &clawscope::Error) -> napi::Error {
    build_js_error(env, err).unwrap_or_else(|_| {
        // The engine could not build the object (it is shutting down): keep at least code and message.
        napi::Error::new(napi::Status::GenericFailure, format!("{}: {err}", err.code()))
    })
}

/// The JS `Error` object for `err`, not thrown (for `foreignGatewayError`).
pub(crate) fn js_error_value<'env>(
    env: &'env Env,
    err: &clawscope::Error,
) -> napi::Result<napi::bindgen_prelude::Object<'env>> {
    let code = err.code().as_str().to_owned();
    let unknown = JsError::from(napi::Error::new(code, err.to_string())).into_unknown(*env);
    let mut object = unknown.coerce_to_object()?;
    match err.details() {
        Some(details) => object.set_named_property("details", details.clone())?,
        None => object.set_named_property("details", ())?,
    }
    Ok(object)
}

fn build_js_error(env: Env, err: &clawscope::Error) -> napi::Result<napi::Error> {
    let object = js_error_value(&env, err)?;
    Ok(napi::Error::from(object.to_unknown()))
}

/// Serialises a clawscope value to the plain JS object napi builds from serde JSON.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Outcome<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| {
        Failure::Core(clawscope::Error::Internal {
            message: format!("serialising a result: {e}"),
        })
    })
}

/// The canonical serde JSON string of a clawscope value (the `*Json` variants).
pub(crate) fn to_json_string<T: serde::Serialize>(value: &T) -> Outcome<String> {
    serde_json::to_string(value).map_err(|e| {
        Failure::Core(clawscope::Error::Internal {
            message: format!("serialising a result: {e}"),
        })
    })
}
