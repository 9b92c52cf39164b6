//! Fast paths of the two calls dashboards make in loops, `decideOwnership` and `parseSessionKey`, for the JS
//! wrappers in `index.js`.
//!
//! Across N-API, reading a property of a JS object or setting one on a new object costs far more than the Rust
//! work behind these calls (each property name is converted and looked up by the engine). So the wrappers read the
//! input's properties in JavaScript and pass them as positional arguments, and these functions return the result
//! as few values as possible: a session key as JSON text; a decision's reason as JSON text, with its three scalars
//! (ownership, action, pid) written into a `Float64Array` the wrapper owns, so no array or string is created for
//! them. The wrappers rebuild the document with `JSON.parse` and one object literal. The JSON is serde's, so the
//! documents are the ones the other exports build (the tests compare both paths).
//!
//! Hidden from the type declarations: the public functions are the wrappers, whose signatures are the native
//! ones.

use clawscope::gateway::decide::{OwnerAction, Ownership};
use napi::Env;
use napi::bindgen_prelude::{Float64ArraySlice, Unknown};
use napi_derive::napi;

use crate::args;
use crate::decide_input::{DecideArgs, plain_decide_input};
use crate::errors::{Outcome, guard, to_json_string};

/// The ownership values, in the order of their index in the scalar slots.
const OWNERSHIPS: [Ownership; 3] = [Ownership::Stopped, Ownership::Owned, Ownership::Foreign];

/// The action values, in the order of their index in the scalar slots.
const ACTIONS: [OwnerAction; 3] = [OwnerAction::None, OwnerAction::RefreshPid, OwnerAction::Claim];

/// The index of `ownership` in [`OWNERSHIPS`].
fn ownership_slot(ownership: Ownership) -> f64 {
    match ownership {
        Ownership::Stopped => 0.0,
        Ownership::Owned => 1.0,
        Ownership::Foreign => 2.0,
    }
}

/// The index of `action` in [`ACTIONS`].
fn action_slot(action: OwnerAction) -> f64 {
    match action {
        OwnerAction::None => 0.0,
        OwnerAction::RefreshPid => 1.0,
        OwnerAction::Claim => 2.0,
    }
}

/// The serde names of the ownership and action values, by slot index: what the wrapper maps the slots back to.
#[napi(js_name = "__decisionNames", catch_unwind, skip_typescript)]
pub fn decision_names() -> Vec<Vec<&'static str>> {
    vec![
        OWNERSHIPS.iter().map(|o| o.as_str()).collect(),
        ACTIONS.iter().map(|a| a.as_str()).collect(),
    ]
}

/// `decideOwnership` with the input's documented fields as arguments, in the order of [`DecideArgs`], after a
/// `Float64Array` of three slots that receives the decision's scalars (ownership index, action index, pid or -1);
/// returns the reason as JSON text, or `null` when an argument is not of the plain documented type (the wrapper
/// then calls `decideOwnership`, which validates and throws).
#[napi(js_name = "__decideOwnership", catch_unwind, skip_typescript)]
#[allow(clippy::too_many_arguments)] // one argument per documented input field: no object to read across N-API
pub fn decide_ownership_fast(
    env: Env,
    mut slots: Float64ArraySlice<'_>,
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
) -> napi::Result<Option<String>> {
    guard(env, || -> Outcome<Option<String>> {
        if slots.len() < 3 {
            return Ok(None);
        }
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
        let reason = to_json_string(&decision.reason)?;
        // SAFETY: this runs synchronously on the JS thread and no JavaScript runs while the slice lives (it is
        // taken after every argument was read and dropped before returning), so nothing else reads or writes the
        // buffer meanwhile; the length was checked above.
        let values = unsafe { slots.as_mut() };
        if let Some([ownership, action, live_pid]) = values.get_mut(..3) {
            *ownership = ownership_slot(decision.ownership);
            *action = action_slot(decision.action);
            *live_pid = decision.pid.map_or(-1.0, f64::from);
        }
        Ok(Some(reason))
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
