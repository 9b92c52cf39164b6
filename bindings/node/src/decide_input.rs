//! The `DecideInput` argument of `decideOwnership`.
//!
//! The object, `signature.port` and `runtime.pid` are validated first, as for every port and pid
//! (`INVALID_ARGUMENT`, `INVALID_PORT`, `INVALID_PID`). Then the documented fields are read one by one, straight
//! into the Rust struct, when each has the type serde expects (strings, booleans, `null`/`undefined` for the
//! optional ones). Anything else — a missing required field, a value of another type, an unknown `pathStyle` —
//! goes through napi's serde conversion of the whole object, which produces the same `INVALID_ARGUMENT` error as
//! before. Properties are read with ordinary property access, and other properties are not looked at.
//!
//! The readers return `Option<Option<T>>`: `None` means "not the plain shape, use the serde conversion",
//! `Some(None)` an absent (`null`/`undefined`) optional field. [`plain_decide_input`] also serves the positional
//! fast path (`__decideOwnership`, called by the JS wrapper in `index.js`).
#![allow(clippy::option_option)]

use clawscope::gateway::decide::{DecideInput, GatewaySignature};
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::paths::PathStyle;
use napi::Env;
use napi::bindgen_prelude::{FromNapiValue, Unknown, ValueType};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use crate::args;
use crate::errors::{Failure, Outcome};

/// The validated `DecideInput` of a JS value.
pub(crate) fn decide_input(env: Env, input: Option<Unknown<'_>>) -> Outcome<DecideInput> {
    let Some(object) = args::opt_object("input", input)? else {
        return Err(Failure::Core(clawscope::Error::invalid_argument(
            "input",
            "an object is required",
        )));
    };
    let signature = args::opt_object("signature", args::prop(&object, "signature")?)?;
    let port = match &signature {
        Some(signature) => Some(args::prop(signature, "port")?),
        None => None,
    };
    if let Some(port) = port {
        args::port(port)?;
    }
    let runtime = args::opt_object("runtime", args::prop(&object, "runtime")?)?;
    let pid = match &runtime {
        Some(runtime) => args::prop(runtime, "pid")?,
        None => None,
    };
    args::opt_pid(pid)?;
    if let (Some(signature), Some(runtime)) = (&signature, &runtime) {
        let fields = DecideArgs {
            owner_text: args::prop(&object, "ownerText")?,
            port: port.flatten(),
            openclaw_dir: args::prop(signature, "openclawDir")?,
            cli_path: args::prop(signature, "cliPath")?,
            running: args::prop(runtime, "running")?,
            pid,
            command_line: args::prop(runtime, "commandLine")?,
            is_gateway: args::prop(runtime, "isGateway")?,
            home: args::prop(&object, "home")?,
            cwd: args::prop(&object, "cwd")?,
            path_style: args::prop(&object, "pathStyle")?,
        };
        if let Some(input) = plain_decide_input(&fields)? {
            return Ok(input);
        }
    }
    env.from_js_value(object)
        .map_err(|e| Failure::Core(clawscope::Error::invalid_argument("input", e.reason.clone())))
}

/// The documented fields of a `DecideInput`, as raw JS values (from the object, or the positional arguments of
/// the fast path).
pub(crate) struct DecideArgs<'a> {
    pub(crate) owner_text: Option<Unknown<'a>>,
    pub(crate) port: Option<Unknown<'a>>,
    pub(crate) openclaw_dir: Option<Unknown<'a>>,
    pub(crate) cli_path: Option<Unknown<'a>>,
    pub(crate) running: Option<Unknown<'a>>,
    pub(crate) pid: Option<Unknown<'a>>,
    pub(crate) command_line: Option<Unknown<'a>>,
    pub(crate) is_gateway: Option<Unknown<'a>>,
    pub(crate) home: Option<Unknown<'a>>,
    pub(crate) cwd: Option<Unknown<'a>>,
    pub(crate) path_style: Option<Unknown<'a>>,
}

/// `value`: `Some(None)` when absent, `null` or `undefined`, `Some(Some(v))` for a value of type `want`, `None` for
/// another type (not the plain shape).
fn typed(value: Option<Unknown<'_>>, want: ValueType) -> Outcome<Option<Option<Unknown<'_>>>> {
    let Some(value) = value else {
        return Ok(Some(None));
    };
    Ok(match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Some(None),
        t if t == want => Some(Some(value)),
        _ => None,
    })
}

/// An optional string (see [`typed`]).
fn opt_string(value: Option<Unknown<'_>>) -> Outcome<Option<Option<String>>> {
    Ok(match typed(value, ValueType::String)? {
        Some(Some(value)) => Some(Some(String::from_unknown(value)?)),
        Some(None) => Some(None),
        None => None,
    })
}

/// An optional boolean (see [`typed`]).
fn opt_bool(value: Option<Unknown<'_>>) -> Outcome<Option<Option<bool>>> {
    Ok(match typed(value, ValueType::Boolean)? {
        Some(Some(value)) => Some(Some(bool::from_unknown(value)?)),
        Some(None) => Some(None),
        None => None,
    })
}

/// An optional path style: absent, or a name serde accepts.
fn opt_path_style(value: Option<Unknown<'_>>) -> Outcome<Option<Option<PathStyle>>> {
    Ok(match opt_string(value)? {
        Some(Some(name)) => {
            let de: StrDeserializer<'_, ValueError> = name.as_str().into_deserializer();
            PathStyle::deserialize(de).ok().map(Some)
        }
        Some(None) => Some(None),
        None => None,
    })
}

/// The input of the documented plain shape — every field of the type serde expects, a valid port and pid — or
/// `None` (the caller then takes the validating path, which reports what is wrong).
pub(crate) fn plain_decide_input(fields: &DecideArgs<'_>) -> Outcome<Option<DecideInput>> {
    let Ok(Some(port)) = args::opt_port(fields.port) else {
        return Ok(None);
    };
    let Ok(pid) = args::opt_pid(fields.pid) else {
        return Ok(None);
    };
    let Some(Some(dir)) = opt_string(fields.openclaw_dir)? else {
        return Ok(None);
    };
    let Some(cli) = opt_string(fields.cli_path)? else {
        return Ok(None);
    };
    let Some(Some(running)) = opt_bool(fields.running)? else {
        return Ok(None);
    };
    let Some(command_line) = opt_string(fields.command_line)? else {
        return Ok(None);
    };
    let Some(is_gateway) = opt_bool(fields.is_gateway)? else {
        return Ok(None);
    };
    let Some(owner_text) = opt_string(fields.owner_text)? else {
        return Ok(None);
    };
    let Some(home) = opt_string(fields.home)? else {
        return Ok(None);
    };
    let Some(cwd) = opt_string(fields.cwd)? else {
        return Ok(None);
    };
    let Some(path_style) = opt_path_style(fields.path_style)? else {
        return Ok(None);
    };
    Ok(Some(DecideInput {
        owner_text,
        signature: GatewaySignature::new(port, dir, cli),
        runtime: GatewayRuntime {
            running,
            pid,
            command_line,
            is_gateway,
        },
        home,
        cwd,
        path_style,
    }))
}
