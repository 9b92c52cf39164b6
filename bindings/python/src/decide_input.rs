//! The `DecideInput` argument of `decide_ownership`.
//!
//! A dict of the documented shape (only the keys of `DecideInput`, `GatewaySignature` and `GatewayRuntime`, each
//! value of the type serde expects) is read field by field, straight into the Rust struct. Anything else — an
//! unknown key, a wrong type, a missing field, a string that is not valid Unicode — goes through the generic
//! conversion ([`from_py`]: dict → JSON → serde), which also produces every error, so both paths accept the same
//! inputs with the same result and reject the others with the same exception.
//!
//! The readers return `Option<Option<T>>`: `None` means "not the plain shape, use the generic conversion",
//! `Some(None)` a `None` value.
#![allow(clippy::option_option)]

use clawscope::gateway::decide::{DecideInput, GatewaySignature};
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::paths::PathStyle;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use crate::convert::from_py;

/// The `DecideInput` of a Python dict (`TypeError` for a non-dict, `InvalidArgumentError` for the wrong shape).
pub(crate) fn decide_input_arg(obj: &Bound<'_, PyAny>) -> PyResult<DecideInput> {
    match plain_input(obj) {
        Some(input) => Ok(input),
        None => from_py(obj, "input"),
    }
}

/// Each `(key, value)` of a dict whose keys are all `str`; `None` when a key is not.
fn items<'py>(
    dict: &Bound<'py, PyDict>,
) -> impl Iterator<Item = Option<(Bound<'py, PyString>, Bound<'py, PyAny>)>> {
    dict.iter()
        .map(|(k, v)| k.cast_into::<PyString>().ok().map(|k| (k, v)))
}

/// `None` → `Some(None)`; a `str` → `Some(Some(text))`; anything else → `None` (not the plain shape).
fn opt_string(value: &Bound<'_, PyAny>) -> Option<Option<String>> {
    if value.is_none() {
        return Some(None);
    }
    let text = value.cast::<PyString>().ok()?.to_str().ok()?;
    Some(Some(text.to_owned()))
}

/// An `int` (not a `bool`) that fits `T`.
fn int<'py, T: FromPyObjectOwned<'py>>(value: &Bound<'py, PyAny>) -> Option<T> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return None;
    }
    value.extract::<T>().ok()
}

/// `None`, or an `int` that fits `T`.
fn opt_int<'py, T: FromPyObjectOwned<'py>>(value: &Bound<'py, PyAny>) -> Option<Option<T>> {
    if value.is_none() {
        Some(None)
    } else {
        int(value).map(Some)
    }
}

/// A `bool`.
fn boolean(value: &Bound<'_, PyAny>) -> Option<bool> {
    value.cast::<PyBool>().ok().map(PyBoolMethods::is_true)
}

/// `None`, or a `bool`.
fn opt_bool(value: &Bound<'_, PyAny>) -> Option<Option<bool>> {
    if value.is_none() {
        Some(None)
    } else {
        boolean(value).map(Some)
    }
}

/// `None`, or a path-style name that serde accepts.
fn opt_path_style(value: &Bound<'_, PyAny>) -> Option<Option<PathStyle>> {
    match opt_string(value)? {
        None => Some(None),
        Some(name) => {
            let de: StrDeserializer<'_, ValueError> = name.as_str().into_deserializer();
            PathStyle::deserialize(de).ok().map(Some)
        }
    }
}

fn signature(value: &Bound<'_, PyAny>) -> Option<GatewaySignature> {
    let dict = value.cast::<PyDict>().ok()?;
    let (mut port, mut dir, mut cli) = (None, None, None);
    for item in items(dict) {
        let (k, v) = item?;
        match k.to_str().ok()? {
            "port" => port = Some(int::<u16>(&v)?),
            "openclawDir" => dir = Some(opt_string(&v)??),
            "cliPath" => cli = Some(opt_string(&v)?),
            _ => return None,
        }
    }
    Some(GatewaySignature::new(port?, dir?, cli.flatten()))
}

fn runtime(value: &Bound<'_, PyAny>) -> Option<GatewayRuntime> {
    let dict = value.cast::<PyDict>().ok()?;
    let mut runtime = GatewayRuntime::default();
    let mut running = None;
    for item in items(dict) {
        let (k, v) = item?;
        match k.to_str().ok()? {
            "running" => running = Some(boolean(&v)?),
            "pid" => runtime.pid = opt_int::<u32>(&v)?,
            "commandLine" => runtime.command_line = opt_string(&v)?,
            "isGateway" => runtime.is_gateway = opt_bool(&v)?,
            _ => return None,
        }
    }
    runtime.running = running?;
    Some(runtime)
}

/// The input read field by field, or `None` when the dict is not of the plain documented shape.
fn plain_input(obj: &Bound<'_, PyAny>) -> Option<DecideInput> {
    let dict = obj.cast::<PyDict>().ok()?;
    let (mut owner_text, mut sig, mut rt, mut home, mut cwd, mut style) =
        (None, None, None, None, None, None);
    for item in items(dict) {
        let (k, v) = item?;
        match k.to_str().ok()? {
            "ownerText" => owner_text = opt_string(&v)?,
            "signature" => sig = Some(signature(&v)?),
            "runtime" => rt = Some(runtime(&v)?),
            "home" => home = opt_string(&v)?,
            "cwd" => cwd = opt_string(&v)?,
            "pathStyle" => style = opt_path_style(&v)?,
            _ => return None,
        }
    }
    Some(DecideInput {
        owner_text,
        signature: sig?,
        runtime: rt?,
        home,
        cwd,
        path_style: style,
    })
}
