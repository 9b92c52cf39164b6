//! Argument and result conversion shared by every binding file, and the one boundary every call goes through.
//!
//! Conventions (documented for users in `clawscope/__init__.py`):
//! - a value of the wrong Python type (a `str` or `float` or `bool` where an `int` port is expected, a list where
//!   a mapping is expected) raises the builtin `TypeError`, as for every other argument `PyO3` extracts;
//! - an `int` of the right type but out of range (`-1`, `70000`, `2**70`) raises `InvalidArgumentError` with the
//!   code `INVALID_PORT` or `INVALID_PID` — never `OverflowError`;
//! - a path is `str` or `os.PathLike[str]`; one that is not valid UTF-8 raises `InvalidPathError` (`INVALID_PATH`);
//! - documents come back as plain `dict`/`list` values built from the serde JSON, so keys are the Rust serde names;
//! - a Rust panic becomes `InternalError` (`INTERNAL`); the interpreter never sees a `PanicException`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use camino::Utf8PathBuf;
use clawscope::time::Timestamp;
use clawscope::{Env, Error};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::{json_to_py, to_py_err};

/// Nesting limit of mappings converted to JSON (a self-referencing dict must not overflow the stack).
const MAX_DEPTH: usize = 64;

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_owned())
}

/// Runs `f` with panics turned into [`Error::Internal`].
fn guarded<T>(f: impl FnOnce() -> clawscope::Result<T>) -> clawscope::Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        Err(Error::Internal {
            message: panic_message(payload.as_ref()),
        })
    })
}

/// Calls one `clawscope` function with the GIL released (for anything that touches the file system or processes),
/// mapping its error (or a panic) to the Python exception.
pub(crate) fn blocking<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> clawscope::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| guarded(f)).map_err(|e| to_py_err(py, &e))
}

/// Calls one pure, fast `clawscope` function while holding the GIL (releasing it would cost more than the call).
pub(crate) fn pure<T>(py: Python<'_>, f: impl FnOnce() -> clawscope::Result<T>) -> PyResult<T> {
    guarded(f).map_err(|e| to_py_err(py, &e))
}

/// A Python exception for a clawscope error built in the binding (argument validation).
pub(crate) fn raise(py: Python<'_>, err: &Error) -> PyErr {
    to_py_err(py, err)
}

/// A serde value as plain Python objects (keys are the serde names).
///
/// Built directly by [`crate::pyser`]; a value that serializer leaves to `serde_json` (see its docs) goes through
/// `serde_json::Value`, which gives the same objects, or the error `serde_json` gives.
pub(crate) fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(obj) = crate::pyser::to_py_direct(py, value) {
        return Ok(obj);
    }
    to_py_via_json(py, value)
}

/// [`to_py`] through `serde_json::Value` (the reference conversion).
pub(crate) fn to_py_via_json<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| {
        raise(
            py,
            &Error::Internal {
                message: format!("serialisation failed: {e}"),
            },
        )
    })?;
    json_to_py(py, &json)
}

/// The canonical serde JSON string of a value (`serde_json::to_string`), what the `*_json` methods return.
pub(crate) fn to_json<T: Serialize>(py: Python<'_>, value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| {
        raise(
            py,
            &Error::Internal {
                message: format!("serialisation failed: {e}"),
            },
        )
    })
}

/// `str(obj)`, shortened, for error messages.
fn describe(obj: &Bound<'_, PyAny>) -> String {
    let text = obj
        .str()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    clawscope::error::shorten(&text, 40)
}

/// A Python `int` (not `bool`) as `i128`, or `None` when it does not even fit that (`2**200`).
fn strict_int(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<i128>> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        let type_name = obj.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not {type_name}"
        )));
    }
    Ok(obj.extract::<i128>().ok())
}

/// A port argument: `None`, or an `int` in 1–65535 (`INVALID_PORT` otherwise).
pub(crate) fn port_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u16>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    match strict_int(obj, "port")?.and_then(|v| u16::try_from(v).ok()) {
        Some(port) if port > 0 => Ok(Some(port)),
        _ => Err(raise(
            obj.py(),
            &Error::InvalidPort {
                value: describe(obj),
                reason: "a port is an int in 1-65535".into(),
            },
        )),
    }
}

/// A required port argument.
pub(crate) fn required_port(obj: &Bound<'_, PyAny>) -> PyResult<u16> {
    port_arg(Some(obj))?.ok_or_else(|| PyTypeError::new_err("port must be an int, not None"))
}

/// A pid argument: `None`, or an `int` in 0–4294967295 (`INVALID_PID` otherwise). `0` is passed on: the Rust API
/// reads it as "no pid", as ClawPanel does.
pub(crate) fn pid_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u32>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    match strict_int(obj, "pid")?.and_then(|v| u32::try_from(v).ok()) {
        Some(pid) => Ok(Some(pid)),
        None => Err(raise(
            obj.py(),
            &Error::InvalidPid {
                value: describe(obj),
                reason: "a pid is an int in 0-4294967295".into(),
            },
        )),
    }
}

/// A path argument (`str` or `os.PathLike[str]`) as UTF-8 (`INVALID_PATH` when it is not).
pub(crate) fn path_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Utf8PathBuf> {
    if obj.is_instance_of::<pyo3::types::PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be str or os.PathLike[str], not bytes"
        )));
    }
    let path: PathBuf = obj.extract().map_err(|_| {
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!("{name} must be str or os.PathLike[str], not {type_name}"))
    })?;
    Utf8PathBuf::try_from(path).map_err(|e| {
        raise(
            obj.py(),
            &Error::invalid_path(
                e.as_path().to_string_lossy(),
                format!("{name} is not valid UTF-8"),
            ),
        )
    })
}

/// An optional path argument.
pub(crate) fn opt_path_arg(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Utf8PathBuf>> {
    match obj.filter(|o| !o.is_none()) {
        Some(o) => path_arg(o, name).map(Some),
        None => Ok(None),
    }
}

/// A Python value (mapping, list/tuple, str, int, float, bool, None) as JSON. Other types raise `TypeError`.
pub(crate) fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    py_to_json_at(obj, 0)
}

fn py_to_json_at(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Err(raise(
            obj.py(),
            &Error::invalid_argument("input", format!("nested deeper than {MAX_DEPTH} levels")),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(raise(
            obj.py(),
            &Error::invalid_argument("input", format!("integer {} does not fit 64 bits", describe(obj))),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| {
                raise(
                    obj.py(),
                    &Error::invalid_argument("input", "NaN and infinity are not JSON"),
                )
            });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in dict.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err("mapping keys must be str"))?
                .to_str()?
                .to_owned();
            map.insert(key, py_to_json_at(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for item in obj.try_iter()? {
            items.push(py_to_json_at(&item?, depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    let type_name = obj.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "expected dict, list, str, int, float, bool or None, not {type_name}"
    )))
}

/// A serde value from a Python mapping; a mapping of the wrong shape raises `InvalidArgumentError`
/// (`INVALID_ARGUMENT`), anything but a `dict` raises `TypeError`.
pub(crate) fn from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<T> {
    if !obj.is_instance_of::<PyDict>() {
        let type_name = obj.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "{name} must be a dict, not {type_name}"
        )));
    }
    let json = py_to_json(obj)?;
    serde_json::from_value(json).map_err(|e| raise(obj.py(), &Error::invalid_argument(name, e.to_string())))
}

/// An environment built from a Python mapping: its variables replace the process's, the home directory is its
/// `HOME` (else `USERPROFILE`), and the working and temp directories, uid and OS are the process's.
fn env_from_mapping(mapping: &Bound<'_, PyAny>) -> PyResult<Env> {
    let mapping = mapping.cast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err("env must be a Mapping[str, str] (or None for the process environment)")
    })?;
    let items = mapping.items()?;
    let process = clawscope::env::from_process();
    let mut env = Env::default().with_os(process.os());
    if let Some(cwd) = process.cwd() {
        env = env.with_cwd(cwd);
    }
    if let Some(tmp) = process.temp_dir() {
        env = env.with_temp_dir(tmp);
    }
    if let Some(uid) = process.uid() {
        env = env.with_uid(uid);
    }
    let mut home = None;
    for item in items.iter() {
        let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let (Ok(k), Ok(v)) = (k.cast::<PyString>(), v.cast::<PyString>()) else {
            return Err(PyTypeError::new_err("env must map str to str"));
        };
        let (k, v) = (k.to_str()?, v.to_str()?);
        if !v.trim().is_empty() && (k == "HOME" || (k == "USERPROFILE" && home.is_none())) {
            home = Some(camino::Utf8PathBuf::from(v));
        }
        env = env.with_var(k, v);
    }
    Ok(env.with_home(home))
}

/// The environment to discover with: the given mapping, or the process's.
pub(crate) fn env_arg(env: Option<&Bound<'_, PyAny>>) -> PyResult<Env> {
    match env.filter(|e| !e.is_none()) {
        Some(mapping) => env_from_mapping(mapping),
        None => Ok(clawscope::env::from_process()),
    }
}

/// A count argument (a limit, a page number): `None` for `default`, or an `int` of at least 0, passed on for the
/// Rust API to range-check (`INVALID_ARGUMENT` for a negative or huge value, `TypeError` for another type).
pub(crate) fn count_arg(obj: Option<&Bound<'_, PyAny>>, name: &str, default: usize) -> PyResult<usize> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(default);
    };
    strict_int(obj, name)?
        .and_then(|v| usize::try_from(v).ok())
        .ok_or_else(|| {
            raise(
                obj.py(),
                &Error::invalid_argument(name, format!("{} is not a count", describe(obj))),
            )
        })
}

/// A point in time: `None`, an RFC 3339 `str` or a timezone-aware `datetime.datetime` (`INVALID_ARGUMENT` for a
/// string that is not a time or a naive datetime).
pub(crate) fn time_arg(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Timestamp>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    let text: String = if let Ok(s) = obj.cast::<PyString>() {
        s.to_str()?.to_owned()
    } else if obj.is_instance(&obj.py().import("datetime")?.getattr("datetime")?)? {
        obj.call_method0("isoformat")?.extract()?
    } else {
        let type_name = obj.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "{name} must be str or datetime.datetime, not {type_name}"
        )));
    };
    text.trim().parse::<Timestamp>().map(Some).map_err(|e| {
        raise(
            obj.py(),
            &Error::invalid_argument(
                name,
                format!("{text:?} is not an RFC 3339 time with an offset: {e}"),
            ),
        )
    })
}

/// A session-key argument: a `str` (`TypeError` otherwise); one that cannot be UTF-8 (a lone surrogate) is an
/// invalid session key (`INVALID_SESSION_KEY`), not a `UnicodeEncodeError`.
pub(crate) fn key_arg(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let s = obj.cast::<PyString>().map_err(|_| {
        let type_name = obj.get_type().name().map(|n| n.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!("key must be a str, not {type_name}"))
    })?;
    match s.to_str() {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => Err(raise(
            obj.py(),
            &Error::invalid_session_key(&s.to_string_lossy(), "not valid Unicode (lone surrogate)"),
        )),
    }
}
