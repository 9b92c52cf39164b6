//! Fast paths of the two calls dashboards make in loops, `decideOwnership` and `parseSessionKey`, for the JS
//! wrappers in `index.js`.
//!
//! Across N-API, reading a property of a JS object or setting one on a new object costs far more than the Rust
//! work behind these calls (each property name is converted and looked up by the engine). So the wrappers read the
//! input's properties in JavaScript and pass them as positional arguments, and these functions return the result
//! as few values as possible: a session key as JSON text, a decision as an array of its three scalar fields and
//! its reason as JSON text. The wrappers rebuild the document with `JSON.parse` and one object literal. The JSON is
//! serde's, so the documents are the ones the other exports build (the tests compare both paths).
//!
//! Hidden from the type declarations: the public functions are the wrappers, whose signatures are the native
//! ones.

use napi::Env;
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::args;
use crate::decide_input::{DecideArgs, plain_decide_input};
use crate::errors::{Outcome, guard, to_json_string};

/// The parts of an ownership decision that cross the boundary: `[ownership, action, pid, reason]`, the reason
/// as JSON text.
type DecisionParts = (&'static str, &'static str, Option<u32>, String);

/// `decideOwnership` with the input's documented fields as arguments, in the order of [`DecideArgs`]; the
/// decision as `[ownership, action, pid, reasonJson]`, or `null` when an argument is not of the plain documented
/// type (the wrapper then calls `decideOwnership`, which validates and throws).
#[napi(js_name = "__decideOwnershipParts", catch_unwind, skip_typescript)]
#[allow(clippy::too_many_arguments)] // one argument per documented input field: no object to read across N-API
pub fn decide_ownership_parts(
    env: Env,
    owner_text: Unknown<'_>,
    port: Unknown<'_>,
    openclaw_dir: Unknown<'_>,
    cli_path: Unknown<'_>,
    running: Unknown<'_>,
    pid: Unknown<'_>,
    command_line: Unknown<'_>,
    is_gateway: Unknown<'_>,
    home: Unknown<'_>,
    cwd: Unknown<'_>,
    path_style: Unknown<'_>,
) -> napi::Result<Option<DecisionParts>> {
    guard(env, || -> Outcome<Option<DecisionParts>> {
        // Every argument is there (napi passes `undefined` for a missing one): no `Option` check per argument.
        let fields = DecideArgs {
            owner_text: Some(owner_text),
            port: Some(port),
            openclaw_dir: Some(openclaw_dir),
            cli_path: Some(cli_path),
            running: Some(running),
            pid: Some(pid),
            command_line: Some(command_line),
            is_gateway: Some(is_gateway),
            home: Some(home),
            cwd: Some(cwd),
            path_style: Some(path_style),
        };
        let Some(input) = plain_decide_input(&fields)? else {
            return Ok(None);
        };
        let decision = input.decide();
        Ok(Some((
            decision.ownership.as_str(),
            decision.action.as_str(),
            decision.pid,
            to_json_string(&decision.reason)?,
        )))
    })
}

/// `parseSessionKey` returning JSON text; throws `INVALID_SESSION_KEY` (or `INVALID_ARGUMENT` for a non-string)
/// exactly like `parseSessionKey`.
#[napi(js_name = "__parseSessionKeyJson", catch_unwind, skip_typescript)]
pub fn parse_session_key_json(env: Env, key: Unknown<'_>) -> napi::Result<String> {
    guard(env, || -> Outcome<String> {
        let key = args::string("key", Some(key))?;
        to_json_string(&clawscope::session_key::SessionKey::parse(&key)?)
    })
}
