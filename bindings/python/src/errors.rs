//! Maps `clawscope::Error` to the Python exception classes defined in `clawscope/errors.py`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The Python class name for an error code.
fn class_name(code: clawscope::ErrorCode) -> &'static str {
    use clawscope::ErrorCode as C;
    match code {
        C::GatewayForeign => "ForeignGatewayError",
        C::GatewayAdoptRefused => "AdoptRefusedError",
        C::GatewayNotRunning | C::PortInUse => "GatewayError",
        C::OwnerRecordCorrupt => "OwnerRecordCorruptError",
        C::ConfigInvalid => "ConfigError",
        C::InvalidSessionKey => "InvalidSessionKeyError",
        C::InvalidPort | C::InvalidPid | C::InvalidArgument => "InvalidArgumentError",
        C::SessionNotFound => "SessionNotFoundError",
        C::AgentNotFound => "AgentNotFoundError",
        C::InvalidPath => "InvalidPathError",
        C::StoreCorrupt | C::TranscriptCorrupt | C::Sqlite => "StoreError",
        C::NotFound => "NotFoundError",
        C::PermissionDenied => "PermissionDeniedError",
        C::Io => "ClawscopeOSError",
        C::Timeout => "ClawscopeTimeoutError",
        _ => "InternalError",
    }
}

/// Converts a clawscope error into a Python exception instance with `.code` and `.details`.
pub(crate) fn to_py_err(py: Python<'_>, err: &clawscope::Error) -> PyErr {
    let code = err.code();
    let build = || -> PyResult<PyErr> {
        let module = py.import("clawscope.errors")?;
        let class = module.getattr(class_name(code))?;
        let details = match err.details() {
            Some(value) => crate::errors::json_to_py(py, value)?,
            None => py.None().into_bound(py),
        };
        let instance = class.call1((err.to_string(), code.as_str(), details))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// Converts a JSON value into plain Python objects (dict, list, str, int, float, bool, None).
pub(crate) fn json_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::IntoPyObjectExt;
    Ok(match value {
        serde_json::Value::Null => py.None().into_bound(py),
        serde_json::Value::Bool(b) => b.into_bound_py_any(py)?,
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)?
            }
        }
        serde_json::Value::String(s) => s.into_bound_py_any(py)?,
        serde_json::Value::Array(items) => {
            let list = pyo3::types::PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        serde_json::Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
