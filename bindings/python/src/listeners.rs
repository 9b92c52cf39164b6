//! The listener parsers of `clawscope::gateway::listeners` (`ss`, `lsof`, `/proc/net/tcp{,6}`, Windows `netstat`,
//! `launchctl print`), for callers that run the commands themselves.

use clawscope::gateway::listeners::{
    ListenerFormat, parse_launchctl_print as parse_launchctl, parse_listeners as parse,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::{port_arg, pure, raise, to_json, to_py};

/// The format name (`"ss"`, `"lsof_pids"`, `"lsof"`, `"proc_net_tcp"`, `"proc_net_tcp6"`, `"netstat"`) by its serde
/// name (`INVALID_ARGUMENT` for another string).
fn format_arg(obj: &Bound<'_, PyAny>) -> PyResult<ListenerFormat> {
    let name = obj
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err("format must be a str"))?
        .to_str()?;
    serde_json::from_value(serde_json::Value::String(name.to_owned())).map_err(|e| {
        raise(
            obj.py(),
            &clawscope::Error::invalid_argument("format", e.to_string()),
        )
    })
}

/// Parses a command's output into listeners (`{pid, process, localAddress, port, inode, uid}`), keeping only
/// `port` when given.
#[pyfunction]
#[pyo3(signature = (format, text, port=None))]
pub(crate) fn parse_listeners<'py>(
    py: Python<'py>,
    format: &Bound<'py, PyAny>,
    text: &str,
    port: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (format, port) = (format_arg(format)?, port_arg(port)?);
    let listeners = pure(py, || Ok(parse(format, text, port)))?;
    to_py(py, &listeners)
}

/// `parse_listeners()` as its canonical JSON string.
#[pyfunction]
#[pyo3(signature = (format, text, port=None))]
pub(crate) fn parse_listeners_json(
    py: Python<'_>,
    format: &Bound<'_, PyAny>,
    text: &str,
    port: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let (format, port) = (format_arg(format)?, port_arg(port)?);
    let listeners = pure(py, || Ok(parse(format, text, port)))?;
    to_json(py, &listeners)
}

/// Parses `launchctl print` output: `{"pid": int | None, "state": str | None}`.
#[pyfunction]
pub(crate) fn parse_launchctl_print<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let service = pure(py, || Ok(parse_launchctl(text)))?;
    to_py(py, &service)
}
