//! Session keys (`openclaw-formats.md` §1): parse any key OpenClaw writes into a typed [`SessionKey`].
//!
//! ```text
//! agent:<agentId>:main                                   main
//! agent:<agentId>:direct:<peer>                           direct (per-peer; legacy `dm`)
//! agent:<agentId>:<channel>:direct:<peer>                 direct (per-channel-peer)
//! agent:<agentId>:<channel>:<account>:direct:<peer>       direct (per-account-channel-peer)
//! agent:<agentId>:<channel>:group|channel:<peer>          group / channel
//! …:<base>:thread:<threadId>                              thread   (parent: base)
//! agent:<agentId>:telegram:group:<chat>:topic:<id>        topic    (parent: the group)
//! agent:<agentId>:subagent:<uuid>                         subagent
//! agent:<agentId>:cron:<job>[:run:<runId>]                cron / cron_run (parent: the job)
//! agent:<agentId>:acp:<id>, hook:<id>                     acp / hook
//! <base>:heartbeat                                        heartbeat (parent: base)
//! global, unknown, main, cron:…, group:…, node-<id>, …    legacy bare keys
//! ```
//!
//! The canonical form is lower case, except Signal group ids and Matrix room tails, which are opaque and keep
//! their case (§1.7). `parse(k.as_str()) == k` for every parsed key.
//!
//! ```
//! use clawscope_core::session_key::{SessionKey, SessionKeyKind};
//!
//! let key = SessionKey::parse("agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e").unwrap();
//! assert_eq!(key.kind(), SessionKeyKind::Direct);
//! assert_eq!(key.agent_id(), Some("opc-ops-agent"));
//! assert_eq!(key.channel(), Some("feishu"));
//! assert_eq!(key.peer_id(), Some("ou_1054cd24fb96e4b98b5200863f69cf4e"));
//!
//! let thread = SessionKey::parse("agent:main:Slack:channel:C05ABCD1234:thread:1712345678.123456").unwrap();
//! assert_eq!(thread.as_str(), "agent:main:slack:channel:c05abcd1234:thread:1712345678.123456");
//! assert_eq!(thread.parent().unwrap().as_str(), "agent:main:slack:channel:c05abcd1234");
//!
//! let err = SessionKey::parse("agent::main").unwrap_err();
//! assert_eq!(err.code().as_str(), "INVALID_SESSION_KEY");
//! ```

#[cfg(test)]
mod oracle;
mod parse;

use std::fmt;

use serde::Serialize;

use crate::{Error, Result};

/// The longest key accepted, in characters.
pub const MAX_SESSION_KEY_CHARS: usize = 240;

/// What a key's shape says the session is (serialized in `snake_case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SessionKeyKind {
    /// The agent's main session (`agent:<id>:main`, bare `main`).
    Main,
    /// A direct-message session.
    Direct,
    /// A group session.
    Group,
    /// A channel session (Slack/Discord channels, Matrix rooms).
    Channel,
    /// A thread of a group/channel/direct session (`…:thread:<id>`).
    Thread,
    /// A Telegram forum topic (`…:group:<chat>:topic:<id>`).
    Topic,
    /// A spawned sub-agent (`subagent:<uuid>`).
    Subagent,
    /// A cron job's session (`cron:<job>`).
    Cron,
    /// One isolated run of a cron job (`cron:<job>:run:<id>`).
    CronRun,
    /// An ACP harness session (`acp:<id>`).
    Acp,
    /// A webhook session (`hook:<id>`).
    Hook,
    /// An isolated heartbeat session (`<base>:heartbeat`).
    Heartbeat,
    /// A node run (`node-<id>`).
    Node,
    /// The shared session of `session.scope: "global"` (`global`, `agent:<id>:global`).
    Global,
    /// The `unknown` bucket.
    Unknown,
    /// A bare key of an old release that matches no other shape.
    Legacy,
    /// Any other agent key (explicit `--session-key` values, `explicit:model-run-…`, …).
    Other,
}

impl SessionKeyKind {
    /// The `snake_case` name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKeyKind::Main => "main",
            SessionKeyKind::Direct => "direct",
            SessionKeyKind::Group => "group",
            SessionKeyKind::Channel => "channel",
            SessionKeyKind::Thread => "thread",
            SessionKeyKind::Topic => "topic",
            SessionKeyKind::Subagent => "subagent",
            SessionKeyKind::Cron => "cron",
            SessionKeyKind::CronRun => "cron_run",
            SessionKeyKind::Acp => "acp",
            SessionKeyKind::Hook => "hook",
            SessionKeyKind::Heartbeat => "heartbeat",
            SessionKeyKind::Node => "node",
            SessionKeyKind::Global => "global",
            SessionKeyKind::Unknown => "unknown",
            SessionKeyKind::Legacy => "legacy",
            SessionKeyKind::Other => "other",
        }
    }
}

/// The chat type of a peer segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerKind {
    /// `direct` (or legacy `dm`).
    Direct,
    /// `group`.
    Group,
    /// `channel`.
    Channel,
}

/// A parsed session key. Construct with [`SessionKey::parse`]; compare and hash by value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionKey {
    pub(crate) canonical: String,
    pub(crate) kind: SessionKeyKind,
    pub(crate) agent_id: Option<String>,
    pub(crate) rest: String,
    pub(crate) channel: Option<String>,
    pub(crate) account_id: Option<String>,
    pub(crate) peer_kind: Option<PeerKind>,
    pub(crate) peer_id: Option<String>,
    pub(crate) thread_id: Option<String>,
    pub(crate) topic_id: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) run_id: Option<String>,
    pub(crate) parent: Option<String>,
    pub(crate) legacy: bool,
    pub(crate) legacy_dm: bool,
}

impl SessionKey {
    /// Parses a key; see the [module docs](self) for the grammar.
    ///
    /// Surrounding whitespace is ignored. Empty keys, keys over [`MAX_SESSION_KEY_CHARS`] characters, control
    /// characters, empty `:` segments and malformed `agent:` keys give [`Error::InvalidSessionKey`]
    /// (`INVALID_SESSION_KEY`).
    pub fn parse(text: &str) -> Result<SessionKey> {
        parse::parse(text)
    }

    /// The canonical key (lower case except opaque Signal/Matrix ids).
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The kind the shape implies.
    pub fn kind(&self) -> SessionKeyKind {
        self.kind
    }

    /// The agent id (`None` for bare legacy keys, which belong to the default agent).
    pub fn agent_id(&self) -> Option<&str> {
        self.agent_id.as_deref()
    }

    /// Everything after `agent:<id>:` (the whole key for legacy keys): OpenClaw's request key.
    ///
    /// ```
    /// let key = clawscope_core::session_key::SessionKey::parse("agent:ops:cron:nightly").unwrap();
    /// assert_eq!(key.rest(), "cron:nightly");
    /// ```
    pub fn rest(&self) -> &str {
        &self.rest
    }

    /// The channel (`feishu`, `telegram`, …) for channel-scoped keys.
    pub fn channel(&self) -> Option<&str> {
        self.channel.as_deref()
    }

    /// The account id of per-account-channel-peer keys.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// The peer kind of direct/group/channel keys (also on their threads and topics).
    pub fn peer_kind(&self) -> Option<PeerKind> {
        self.peer_kind
    }

    /// The peer id (may contain `:`; for topics, the chat id without the topic).
    pub fn peer_id(&self) -> Option<&str> {
        self.peer_id.as_deref()
    }

    /// The thread id of `:thread:` keys.
    pub fn thread_id(&self) -> Option<&str> {
        self.thread_id.as_deref()
    }

    /// The Telegram topic id of `:topic:` keys.
    pub fn topic_id(&self) -> Option<&str> {
        self.topic_id.as_deref()
    }

    /// The sub-agent uuid, cron job id, ACP id, hook id, node id or explicit id, depending on the kind.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The run id of `cron:<job>:run:<id>` keys.
    pub fn run_id(&self) -> Option<&str> {
        self.run_id.as_deref()
    }

    /// Whether this is a bare key of an old release (no `agent:<id>:` prefix).
    pub fn is_legacy(&self) -> bool {
        self.legacy
    }

    /// Whether the key uses the pre-2026 `dm` segment instead of `direct`.
    pub fn is_legacy_dm(&self) -> bool {
        self.legacy_dm
    }

    /// The key this one hangs off when the shape says so: a thread's base, a topic's group, a cron run's job, a
    /// heartbeat's base. Sub-agent keys do not encode their parent (use `spawnedBy`).
    ///
    /// ```
    /// use clawscope_core::session_key::SessionKey;
    /// let run = SessionKey::parse("agent:main:cron:nightly:run:7f3a").unwrap();
    /// assert_eq!(run.parent().unwrap().as_str(), "agent:main:cron:nightly");
    /// assert!(SessionKey::parse("agent:main:subagent:8e41").unwrap().parent().is_none());
    /// ```
    pub fn parent(&self) -> Option<SessionKey> {
        self.parent.as_deref().and_then(|p| SessionKey::parse(p).ok())
    }

    /// The JSON form (camelCase fields, `parent` as a string).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

impl fmt::Display for SessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl std::str::FromStr for SessionKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        SessionKey::parse(s)
    }
}

impl AsRef<str> for SessionKey {
    fn as_ref(&self) -> &str {
        &self.canonical
    }
}

impl Serialize for SessionKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Repr<'a> {
            key: &'a str,
            kind: SessionKeyKind,
            #[serde(skip_serializing_if = "Option::is_none")]
            agent_id: Option<&'a str>,
            rest: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            channel: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            account_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            peer_kind: Option<PeerKind>,
            #[serde(skip_serializing_if = "Option::is_none")]
            peer_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            thread_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            topic_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            run_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            parent: Option<&'a str>,
            legacy: bool,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            legacy_dm: bool,
        }
        Repr {
            key: &self.canonical,
            kind: self.kind,
            agent_id: self.agent_id.as_deref(),
            rest: &self.rest,
            channel: self.channel.as_deref(),
            account_id: self.account_id.as_deref(),
            peer_kind: self.peer_kind,
            peer_id: self.peer_id.as_deref(),
            thread_id: self.thread_id.as_deref(),
            topic_id: self.topic_id.as_deref(),
            id: self.id.as_deref(),
            run_id: self.run_id.as_deref(),
            parent: self.parent.as_deref(),
            legacy: self.legacy,
            legacy_dm: self.legacy_dm,
        }
        .serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for SessionKey {
    /// Deserializes from the key string.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        SessionKey::parse(&text).map_err(serde::de::Error::custom)
    }
}
