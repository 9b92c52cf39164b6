//! Transcript lines: one JSONL line (bytes) → a typed [`Entry`] (`openclaw-formats.md` §3).
//!
//! Every entry type OpenClaw and pi write is typed (session header v1–v4, message, `model_change`,
//! `thinking_level_change`, `custom`, `custom_message`, `compaction`, `branch_summary`, `label`, `session_info`,
//! `reset`); anything else is kept raw as [`EntryBody::Unknown`], never an error. A line that is not a JSON object
//! gives a [`LineError`]; [`TranscriptParser`] turns those into bounded [`LineDiagnostic`]s. [`active_branch`]
//! resolves the `id`/`parentId` tree.
//!
//! Parsing is single-pass and tolerant: a field of an unexpected JSON type is treated as absent rather than failing
//! the line, base64 image data is measured but not kept, and tool `arguments`/`details` and custom `data` are kept
//! as raw JSON text ([`RawValue`]) until someone asks.
//!
//! ```
//! use clawscope_core::transcript::{parse_line, EntryBody, Role};
//!
//! let line = br#"{"type":"message","id":"d4e5f6a7","parentId":null,"timestamp":"2026-04-02T09:00:00.010Z","message":{"role":"user","content":"check disk usage","timestamp":1775120400009}}"#;
//! let entry = parse_line(line).unwrap().unwrap();
//! assert_eq!(entry.id.as_deref(), Some("d4e5f6a7"));
//! assert_eq!(entry.timestamp_ms, Some(1_775_120_400_010));
//! let EntryBody::Message(message) = &entry.body else { panic!() };
//! assert_eq!(message.role, Role::User);
//! assert_eq!(message.text(), "check disk usage");
//! ```

mod branch;
mod loose;
mod parse;
mod parser;
mod raw;

pub use raw::RawJson;
use serde::Serialize;
pub use serde_json::value::RawValue;

pub use branch::{BranchIndex, BranchSplit, active_branch, branch_to, split_branches};
pub(crate) use loose::{LooseCow, LooseObj, LooseStr, LooseTime, NonBlank};
pub(crate) use parse::RawUsage;
pub use parse::parse_line;
pub use parser::{
    DiagnosticKind, LineDiagnostic, LineError, ParsedTranscript, ParserLimits, TranscriptParser,
    parse_transcript,
};

/// One transcript line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// The entry id (`id`): 8 hex digits in 2026.7 files, a UUID in 2026.9; the session id on the header line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The parent entry id (`parentId`), `None` for a root (and for v1 files, which have no tree).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// The entry time as written (`timestamp`, normally an ISO-8601 string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The entry time in epoch milliseconds, from `timestamp` (or, failing that, `message.timestamp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_ms: Option<i64>,
    /// What the line is.
    #[serde(flatten)]
    pub body: EntryBody,
}

impl Entry {
    /// The `type` string of the line (`"message"`, `"compaction"`, … or the unknown type as written).
    ///
    /// ```
    /// let e = clawscope_core::transcript::parse_line(br#"{"type":"vendor_x","id":"1"}"#).unwrap().unwrap();
    /// assert_eq!(e.entry_type(), "vendor_x");
    /// ```
    pub fn entry_type(&self) -> &str {
        self.body.type_name()
    }

    /// The message, when this is a `message` entry.
    pub fn message(&self) -> Option<&Message> {
        match &self.body {
            EntryBody::Message(message) => Some(message),
            _ => None,
        }
    }
}

/// The typed body of an [`Entry`], tagged by the line's `type`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntryBody {
    /// The header line (`type: "session"`).
    Session(SessionHeader),
    /// A user, assistant or tool-result message.
    Message(Box<Message>),
    /// The model changed (`provider`, `modelId`).
    ModelChange(ModelChange),
    /// The thinking level changed.
    ThinkingLevelChange(ThinkingLevelChange),
    /// Extension state, not in the model context (`customType`, `data`).
    Custom(Custom),
    /// An extension message that is in the model context.
    CustomMessage(CustomMessage),
    /// A compaction: the summary replaces the entries before `firstKeptEntryId`.
    Compaction(Compaction),
    /// The summary of an abandoned branch.
    BranchSummary(BranchSummary),
    /// A user label on another entry.
    Label(Label),
    /// Session metadata (`name`).
    SessionInfo(SessionInfo),
    /// A reset boundary (SQLite era).
    Reset(Reset),
    /// Any other type, kept raw.
    Unknown(UnknownEntry),
}

impl EntryBody {
    /// The line's `type` string.
    pub fn type_name(&self) -> &str {
        match self {
            EntryBody::Session(_) => "session",
            EntryBody::Message(_) => "message",
            EntryBody::ModelChange(_) => "model_change",
            EntryBody::ThinkingLevelChange(_) => "thinking_level_change",
            EntryBody::Custom(_) => "custom",
            EntryBody::CustomMessage(_) => "custom_message",
            EntryBody::Compaction(_) => "compaction",
            EntryBody::BranchSummary(_) => "branch_summary",
            EntryBody::Label(_) => "label",
            EntryBody::SessionInfo(_) => "session_info",
            EntryBody::Reset(_) => "reset",
            EntryBody::Unknown(unknown) => unknown.entry_type.as_deref().unwrap_or(""),
        }
    }
}

/// The transcript header (`{"type":"session","version":3,"id":…,"cwd":…}`); its `id` is the session id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionHeader {
    /// Format version: missing in v1 files, 3 in 2026.7, 4 in 2026.9.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The working directory of the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
    /// The parent transcript path, for forks and branches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_session: Option<String>,
}

/// Who wrote a message (`message.role`), as OpenClaw spells it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Role {
    /// `user`
    User,
    /// `assistant`
    Assistant,
    /// `toolResult`
    ToolResult,
    /// `system` (system events and generated notices)
    System,
    /// `custom` (extension messages; `hookMessage` in pi v2)
    Custom,
    /// `bashExecution` (pi, rare in OpenClaw)
    BashExecution,
    /// No role could be determined.
    #[default]
    Unknown,
    /// Any other role, as written.
    Other(String),
}

impl Role {
    /// Parses a role string; `hookMessage` is the pi v2 name of `custom`.
    ///
    /// ```
    /// use clawscope_core::transcript::Role;
    /// assert_eq!(Role::parse("toolResult"), Role::ToolResult);
    /// assert_eq!(Role::parse("hookMessage"), Role::Custom);
    /// assert_eq!(Role::parse("robot").as_str(), "robot");
    /// ```
    pub fn parse(text: &str) -> Role {
        match text {
            "user" => Role::User,
            "assistant" => Role::Assistant,
            "toolResult" => Role::ToolResult,
            "system" => Role::System,
            "custom" | "hookMessage" => Role::Custom,
            "bashExecution" => Role::BashExecution,
            "" | "unknown" => Role::Unknown,
            other => Role::Other(other.to_owned()),
        }
    }

    /// The wire string.
    pub fn as_str(&self) -> &str {
        match self {
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::ToolResult => "toolResult",
            Role::System => "system",
            Role::Custom => "custom",
            Role::BashExecution => "bashExecution",
            Role::Unknown => "unknown",
            Role::Other(other) => other,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A message entry (`type: "message"`). Fields that only one role uses are `None` for the others.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// The content blocks; a plain-string `content` (common for user messages) becomes one text block.
    pub content: Vec<ContentBlock>,
    /// True when `content` was a plain string rather than a block array.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub content_is_string: bool,
    /// `message.timestamp`, epoch milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_ms: Option<i64>,
    /// Assistant: the API family (`anthropic-messages`, `openai-responses`, `openclaw-transcript`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
    /// Assistant: the provider (`anthropic`, `openclaw` for synthesised rows, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Assistant: the model (`claude-sonnet-4-6`, `delivery-mirror`, `gateway-injected`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Assistant: token usage and cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// Assistant: `stop`, `length`, `toolUse`, `error`, `aborted`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_reason: Option<String>,
    /// Assistant: the error text when the turn failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Assistant: the provider's response id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_id: Option<String>,
    /// Tool result: the id of the tool call it answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// Tool result: the tool's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
    /// Tool result: `isError` as recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    /// Tool result: the tool-specific `details`, raw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<RawJson>,
    /// Tool result: the well-known fields of `details`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_details: Option<ToolDetails>,
    /// User: where the input came from (`provenance`), e.g. another session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Assistant: the `openclawDeliveryMirror` marker of newer delivery-mirror rows, raw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openclaw_delivery_mirror: Option<RawJson>,
    /// Assistant: the `openclawMessageToolMirror` marker (`{toolName, toolCallId}`), raw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openclaw_message_tool_mirror: Option<RawJson>,
    /// Custom-role messages: the `customType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_type: Option<String>,
}

impl Message {
    /// The text blocks joined with a newline (thinking, tool calls and images left out).
    ///
    /// ```
    /// let e = clawscope_core::transcript::parse_line(
    ///     br#"{"type":"message","message":{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"toolCall","id":"t","name":"exec","arguments":{}},{"type":"text","text":"b"}]}}"#,
    /// ).unwrap().unwrap();
    /// assert_eq!(e.message().unwrap().text(), "a\nb");
    /// ```
    pub fn text(&self) -> String {
        let mut out = String::new();
        for block in &self.content {
            if let ContentBlock::Text { text } = block {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(text);
            }
        }
        out
    }

    /// Whether OpenClaw synthesised this assistant row rather than a model (`openclaw-formats.md` §3.4).
    pub fn synthetic(&self) -> Option<SyntheticKind> {
        synthetic_kind(
            &self.role,
            self.provider.as_deref(),
            self.model.as_deref(),
            self.openclaw_delivery_mirror.is_some() || self.openclaw_message_tool_mirror.is_some(),
        )
    }
}

/// The synthetic-row rule of §3.4, shared by [`Message::synthetic`] and the light line summary.
pub(crate) fn synthetic_kind(
    role: &Role,
    provider: Option<&str>,
    model: Option<&str>,
    has_mirror_marker: bool,
) -> Option<SyntheticKind> {
    if *role != Role::Assistant {
        return None;
    }
    if has_mirror_marker {
        return Some(SyntheticKind::DeliveryMirror);
    }
    if provider != Some("openclaw") {
        return None;
    }
    match model {
        Some("delivery-mirror") => Some(SyntheticKind::DeliveryMirror),
        Some("gateway-injected") => Some(SyntheticKind::GatewayInjected),
        _ => Some(SyntheticKind::OtherOpenclaw),
    }
}

/// The kinds of assistant rows OpenClaw writes itself (excluded from usage and "real reply" logic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SyntheticKind {
    /// `provider: "openclaw"`, `model: "delivery-mirror"` (or an `openclawDeliveryMirror` marker).
    DeliveryMirror,
    /// `provider: "openclaw"`, `model: "gateway-injected"` (`chat.inject`, gateway notices).
    GatewayInjected,
    /// `provider: "openclaw"` with another model name.
    OtherOpenclaw,
}

/// One content block of a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum ContentBlock {
    /// `{type:"text", text}`
    Text {
        /// The text.
        text: String,
    },
    /// `{type:"thinking", thinking}` (the signature is not kept).
    Thinking {
        /// The reasoning text (may be empty when redacted).
        thinking: String,
    },
    /// `{type:"toolCall", id, name, arguments}`
    ToolCall {
        /// The call id, answered by a tool result's `toolCallId`.
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// The tool name.
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        /// The arguments as raw JSON (normally an object).
        #[serde(skip_serializing_if = "Option::is_none")]
        arguments: Option<RawJson>,
    },
    /// `{type:"image", data, mimeType}`; the base64 data is measured, not kept.
    #[serde(rename_all = "camelCase")]
    Image {
        /// The MIME type.
        #[serde(skip_serializing_if = "Option::is_none")]
        mime_type: Option<String>,
        /// Length of the base64 `data` in bytes.
        data_len: usize,
    },
    /// Any other block type, with its text if it had a `text` field.
    #[serde(rename_all = "camelCase")]
    Other {
        /// The block's `type` as written.
        block_type: String,
        /// Its `text`, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
}

/// Assistant token usage (`message.usage`). Token counts default to 0 when missing.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Fresh input tokens.
    pub input: u64,
    /// Output tokens.
    pub output: u64,
    /// Tokens read from the prompt cache.
    pub cache_read: u64,
    /// Tokens written to the prompt cache.
    pub cache_write: u64,
    /// `totalTokens` as recorded (0 when missing).
    pub total_tokens: u64,
    /// Cost in USD, when the provider reported it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
}

impl Usage {
    /// Whether every count and the cost are zero (the mark of a synthesised row).
    pub fn is_zero(&self) -> bool {
        self.input == 0
            && self.output == 0
            && self.cache_read == 0
            && self.cache_write == 0
            && self.total_tokens == 0
            && self.cost.is_none_or(|c| c.total == 0.0)
    }
}

/// Cost in USD (`usage.cost`).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    /// Input cost.
    pub input: f64,
    /// Output cost.
    pub output: f64,
    /// Cache-read cost.
    pub cache_read: f64,
    /// Cache-write cost.
    pub cache_write: f64,
    /// Total cost; when not recorded, the sum of the parts.
    pub total: f64,
}

/// The well-known fields of a tool result's `details` (exec: `status`, `exitCode`; `sessions_spawn`:
/// `status`, `childSessionKey`, `runId`, …).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolDetails {
    /// `details.status` (`completed`, `failed`, `error`, `accepted`, `running`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `details.exitCode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    /// `details.error`, when a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `details.durationMs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// `details.childSessionKey` (`sessions_spawn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_session_key: Option<String>,
    /// `details.runId` (`sessions_spawn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// `details.mode` (`sessions_spawn`: `run` / `session`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
}

/// Where a user message came from (`message.provenance`, `openclaw-formats.md` §6.3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    /// `external_user`, `inter_session`, `internal_system`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The originating session id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin_session_id: Option<String>,
    /// The originating session key (the child for sub-agent announces).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_session_key: Option<String>,
    /// The originating channel (`internal` for announces).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_channel: Option<String>,
    /// The tool that produced the input (`sessions_send`, `subagent_announce`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_tool: Option<String>,
    /// `subagent` when a sub-agent wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_role: Option<String>,
    /// The cron job id, for cron input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// The run id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
}

/// `model_change`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelChange {
    /// The provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The model id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_id: Option<String>,
}

/// `thinking_level_change`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThinkingLevelChange {
    /// The new level (`off`, `low`, `medium`, `high`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thinking_level: Option<String>,
}

/// `custom`: extension state (`model-snapshot`, `openclaw.cache-ttl`, `openclaw:prompt-error`, …).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Custom {
    /// The `customType` (an open enum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_type: Option<String>,
    /// The `data`, raw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<RawJson>,
}

/// `custom_message`: an extension message in the model context.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomMessage {
    /// The `customType` (`openclaw.runtime-context`, `openclaw.sessions_yield`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_type: Option<String>,
    /// The content (a string becomes one text block).
    pub content: Vec<ContentBlock>,
    /// Whether the UI should display it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<bool>,
    /// The `details`, raw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<RawJson>,
}

/// `compaction`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Compaction {
    /// The summary that replaces the compacted entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The first entry kept after the summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_kept_entry_id: Option<String>,
    /// Context tokens before compaction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_before: Option<u64>,
    /// Whether a hook produced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_hook: Option<bool>,
    /// The `details`, raw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<RawJson>,
}

/// `branch_summary`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BranchSummary {
    /// The leaf of the summarised (abandoned) branch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_id: Option<String>,
    /// The summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Whether a hook produced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_hook: Option<bool>,
    /// The `details`, raw.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<RawJson>,
}

/// `label`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    /// The labelled entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// The label (`None` clears it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// `session_info`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// The session's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `reset` (SQLite era): a boundary; entries before `firstKeptEntryId` no longer count.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reset {
    /// The first entry kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_kept_entry_id: Option<String>,
    /// Why (`new`, `reset`, …), when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A line of a type this version does not know, kept whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnknownEntry {
    /// The `type` as written (`None` when the line had none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_type: Option<String>,
    /// The whole line as raw JSON.
    pub raw: RawJson,
}
