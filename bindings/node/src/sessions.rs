//! Sessions: session keys (`clawscope::session_key`) and the state dir (`clawscope::state`).

use napi::Env;
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;
use serde_json::Value;

use crate::args;
use crate::errors::{guard, to_json};

/// Parses a session key (`agent:<id>:…`, legacy keys, `global`, …) into its parts: `{key (canonical), kind,
/// agentId, rest, channel, accountId, peerKind, peerId, threadId, topicId, id, runId, parent, legacy}`; an invalid
/// key throws `INVALID_SESSION_KEY`.
#[napi(catch_unwind, ts_args_type = "key: string", ts_return_type = "SessionKey")]
pub fn parse_session_key(env: Env, key: Option<Unknown<'_>>) -> napi::Result<Value> {
    guard(env, || {
        let key = args::string("key", key)?;
        to_json(&clawscope::session_key::SessionKey::parse(&key)?)
    })
}
