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
//! `Some(None)` an absent (`null`/`undefined`) optional field.
#![allow(clippy::option_option)]

use clawscope::gateway::decide::{DecideInput, GatewaySignature};
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::paths::PathStyle;
use napi::Env;
use napi::bindgen_prelude::{FromNapiValue, Object, Unknown, ValueType};
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
        Some(signature) => Some(args::port(args::prop(signature, "port")?)?),
        None => None,
    };
    let runtime = args::opt_object("runtime", args::prop(&object, "runtime")?)?;
    let pid = match &runtime {
        Some(runtime) => args::opt_pid(args::prop(runtime, "pid")?)?,
        None => None,
    };
    let checked = Checked {
        signature: signature.zip(port),
        runtime,
        pid,
    };
    if let Some(input) = plain_input(&object, &checked)? {
        return Ok(input);
    }
    env.from_js_value(object)
        .map_err(|e| Failure::Core(clawscope::Error::invalid_argument("input", e.reason.clone())))
}

/// The property `key`: `Some(None)` when `null`/`undefined`, `Some(Some(v))` for a value of type `want`,
/// `None` for another type (not the plain shape).
fn typed<'a>(object: &Object<'a>, key: &str, want: ValueType) -> Outcome<Option<Option<Unknown<'a>>>> {
    let Some(value) = args::prop(object, key)? else {
        return Ok(Some(None));
    };
    Ok(match value.get_type()? {
        ValueType::Undefined | ValueType::Null => Some(None),
        t if t == want => Some(Some(value)),
        _ => None,
    })
}

/// An optional string property (see [`typed`]).
fn opt_string(object: &Object<'_>, key: &str) -> Outcome<Option<Option<String>>> {
    Ok(match typed(object, key, ValueType::String)? {
        Some(Some(value)) => Some(Some(String::from_unknown(value)?)),
        Some(None) => Some(None),
        None => None,
    })
}

/// An optional boolean property (see [`typed`]).
fn opt_bool(object: &Object<'_>, key: &str) -> Outcome<Option<Option<bool>>> {
    Ok(match typed(object, key, ValueType::Boolean)? {
        Some(Some(value)) => Some(Some(bool::from_unknown(value)?)),
        Some(None) => Some(None),
        None => None,
    })
}

/// An optional path style: absent, or a name serde accepts.
fn opt_path_style(object: &Object<'_>) -> Outcome<Option<Option<PathStyle>>> {
    Ok(match opt_string(object, "pathStyle")? {
        Some(Some(name)) => {
            let de: StrDeserializer<'_, ValueError> = name.as_str().into_deserializer();
            PathStyle::deserialize(de).ok().map(Some)
        }
        Some(None) => Some(None),
        None => None,
    })
}

/// What the validation already read: the signature object with its port, the runtime object and its pid.
struct Checked<'a> {
    signature: Option<(Object<'a>, u16)>,
    runtime: Option<Object<'a>>,
    pid: Option<u32>,
}

/// The input read field by field, or `None` when it is not of the plain documented shape.
fn plain_input(object: &Object<'_>, checked: &Checked<'_>) -> Outcome<Option<DecideInput>> {
    let (Some((signature, port)), Some(runtime)) = (&checked.signature, &checked.runtime) else {
        return Ok(None);
    };
    let Some(Some(dir)) = opt_string(signature, "openclawDir")? else {
        return Ok(None);
    };
    let Some(cli) = opt_string(signature, "cliPath")? else {
        return Ok(None);
    };
    let Some(Some(running)) = opt_bool(runtime, "running")? else {
        return Ok(None);
    };
    let Some(command_line) = opt_string(runtime, "commandLine")? else {
        return Ok(None);
    };
    let Some(is_gateway) = opt_bool(runtime, "isGateway")? else {
        return Ok(None);
    };
    let Some(owner_text) = opt_string(object, "ownerText")? else {
        return Ok(None);
    };
    let Some(home) = opt_string(object, "home")? else {
        return Ok(None);
    };
    let Some(cwd) = opt_string(object, "cwd")? else {
        return Ok(None);
    };
    let Some(path_style) = opt_path_style(object)? else {
        return Ok(None);
    };
    Ok(Some(DecideInput {
        owner_text,
        signature: GatewaySignature::new(*port, dir, cli),
        runtime: GatewayRuntime {
            running,
            pid: checked.pid,
            command_line,
            is_gateway,
        },
        home,
        cwd,
        path_style,
    }))
}
