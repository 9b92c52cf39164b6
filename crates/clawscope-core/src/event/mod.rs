//! The flat event stream a UI shows, built from transcript entries.
//!
//! One [`Entry`](crate::transcript::Entry) gives zero or more [`Event`]s ([`events_from_entry`]):
//!
//! | entry | events |
//! |---|---|
//! | user / custom / system message | one text event if the text is not blank (kind [`EventKind::Message`], or [`EventKind::SubagentAnnounce`], [`EventKind::InterSession`], [`EventKind::SubagentTask`], [`EventKind::SystemEvent`] from provenance and the envelope), plus one [`EventKind::Image`] per image block |
//! | assistant message | one event per non-blank text / thinking block, per tool call and per image, in order; an [`EventKind::Error`] when there are none and `errorMessage` is set |
//! | tool result | one [`EventKind::ToolResult`] (or [`EventKind::SubagentSpawn`] for an accepted `sessions_spawn`) |
//! | `model_change`, `thinking_level_change`, `compaction`, `branch_summary`, `custom_message`, `reset` | one event |
//! | `custom` `openclaw:prompt-error` | one [`EventKind::Error`] |
//! | header, `label`, `session_info`, other `custom`, unknown | none |
//!
//! [`count_events`] gives the same number from the raw line without building the events (for tail readers).
//!
//! ```
//! use clawscope_core::event::{count_events, events_from_entry, EventKind, ToolStatus};
//! use clawscope_core::transcript::parse_line;
//!
//! let line = br#"{"type":"message","id":"f6a7b8c9","parentId":"e5f6a7b8","timestamp":"2026-11-02T09:00:03.620Z","message":{"role":"toolResult","toolCallId":"call_1","toolName":"exec","content":[{"type":"text","text":"boom"}],"details":{"status":"completed","exitCode":2},"isError":false}}"#;
//! let entry = parse_line(line).unwrap().unwrap();
//! let events = events_from_entry(&entry);
//! assert_eq!(events.len(), count_events(line));
//! let tool = events[0].tool.as_ref().unwrap();
//! assert_eq!(events[0].kind, EventKind::ToolResult);
//! assert_eq!(tool.name.as_deref(), Some("exec"));
//! assert_eq!(tool.status, Some(ToolStatus::Error)); // exit code 2 although isError is false (2026.9)
//! ```

mod build;
mod count;

use serde::Serialize;

use crate::envelope::{Envelope, TaskCompletion};
use crate::transcript::{Provenance, RawJson, SyntheticKind, Usage};

pub use crate::transcript::Role;
pub use build::{events_from_entries, events_from_entry, tool_result_status, tool_status};
pub use count::{LineSummary, count_entry_events, count_events, summarize_line};

/// One row of the event stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// Who: the message role (`user`, `assistant`, `toolResult`, …), `system` for entries without one.
    pub role: Role,
    /// The transcript entry id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<String>,
    /// The transcript entry's parent id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Index of the content block this event comes from, for events from messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_index: Option<u32>,
    /// Epoch milliseconds: the entry `timestamp`, else `message.timestamp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_ms: Option<i64>,
    /// The same time as ISO-8601 (`…T…Z`, millisecond precision).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Display text: the clean body for user text (envelope stripped), the text/thinking/summary otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The text as stored, when it differs from `text` (user messages with an envelope).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_text: Option<String>,
    /// Tool call / result details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<ToolInfo>,
    /// Token usage of the assistant message; set on the **first** event of that message only, so summing over
    /// events never double-counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// Provider / model / API (assistant messages and model changes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
    /// The assistant `stopReason`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_reason: Option<String>,
    /// Set on assistant rows OpenClaw wrote itself (delivery mirror, gateway injection).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synthetic: Option<SyntheticKind>,
    /// The metadata stripped from user text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub envelope: Option<Box<Envelope>>,
    /// The message's input provenance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// Sub-agent spawn data (`sessions_spawn` calls and results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawn: Option<SpawnInfo>,
    /// Sub-agent announce data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub announce: Option<TaskCompletion>,
    /// The `customType` of custom messages and custom entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_type: Option<String>,
}

impl Event {
    /// An empty event of `kind` and `role`, for builders.
    pub fn new(kind: EventKind, role: Role) -> Self {
        Event {
            kind,
            role,
            entry_id: None,
            parent_id: None,
            block_index: None,
            timestamp_ms: None,
            timestamp: None,
            text: None,
            raw_text: None,
            tool: None,
            usage: None,
            model: None,
            stop_reason: None,
            synthetic: None,
            envelope: None,
            provenance: None,
            spawn: None,
            announce: None,
            custom_type: None,
        }
    }

    /// The stored text: `raw_text` when set, else `text`.
    pub fn raw(&self) -> Option<&str> {
        self.raw_text.as_deref().or(self.text.as_deref())
    }

    /// Whether this is a tool call or a tool result (including sub-agent spawn calls and results).
    pub fn is_tool_event(&self) -> bool {
        self.tool.is_some()
    }
}

/// The kind of an [`Event`] (serialized in `snake_case`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// User or assistant text.
    Message,
    /// Assistant reasoning.
    Thinking,
    /// An assistant tool call (name, id, arguments).
    ToolCall,
    /// A tool result (name, call id, status).
    ToolResult,
    /// An image block.
    Image,
    /// The model changed.
    ModelChange,
    /// The thinking level changed.
    ThinkingLevelChange,
    /// A compaction (text = summary).
    Compaction,
    /// An abandoned branch's summary.
    BranchSummary,
    /// An extension message in context.
    CustomMessage,
    /// A message from another session (`provenance.kind == "inter_session"`, or the inter-session header).
    InterSession,
    /// An accepted `sessions_spawn` result: a child session was created (`spawn` holds `childSessionKey`, `runId`).
    SubagentSpawn,
    /// A sub-agent completion announced to the parent.
    SubagentAnnounce,
    /// A child session's task message (`[Subagent Task]`).
    SubagentTask,
    /// A user message that only carries queued `System:` lines.
    SystemEvent,
    /// An error (assistant `errorMessage` without content, `openclaw:prompt-error`).
    Error,
    /// A reset boundary.
    Reset,
}

impl EventKind {
    /// The snake-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Message => "message",
            EventKind::Thinking => "thinking",
            EventKind::ToolCall => "tool_call",
            EventKind::ToolResult => "tool_result",
            EventKind::Image => "image",
            EventKind::ModelChange => "model_change",
            EventKind::ThinkingLevelChange => "thinking_level_change",
            EventKind::Compaction => "compaction",
            EventKind::BranchSummary => "branch_summary",
            EventKind::CustomMessage => "custom_message",
            EventKind::InterSession => "inter_session",
            EventKind::SubagentSpawn => "subagent_spawn",
            EventKind::SubagentAnnounce => "subagent_announce",
            EventKind::SubagentTask => "subagent_task",
            EventKind::SystemEvent => "system_event",
            EventKind::Error => "error",
            EventKind::Reset => "reset",
        }
    }
}

/// The derived outcome of a tool result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolStatus {
    /// Nothing says it failed.
    Ok,
    /// `isError`, `details.status` `error`/`failed`/…, or a non-zero `details.exitCode` says it failed.
    Error,
}

impl ToolStatus {
    /// `"ok"` or `"error"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ToolStatus::Ok => "ok",
            ToolStatus::Error => "error",
        }
    }
}

/// Tool data of a call or result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolInfo {
    /// The tool name (`exec`, `sessions_spawn`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The call id (`toolCall.id` / `toolCallId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// Call: the arguments, raw JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<RawJson>,
    /// Result: `isError` as recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_error: Option<bool>,
    /// Result: `details.status` as recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details_status: Option<String>,
    /// Result: `details.exitCode`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i64>,
    /// Result: the top-level `status` of a result whose whole text is a JSON object, read only when `details` has
    /// no `status` (older tools and the seed's `{"status":"error",…}` results).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_status: Option<String>,
    /// Result: the derived status — `error` if ANY of `isError`, `details.status`, a non-zero `details.exitCode`
    /// or `result_status` says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ToolStatus>,
}

/// Provider / model / API of an assistant message or a model change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelRef {
    /// Provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Model id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// API family.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api: Option<String>,
}

/// `sessions_spawn` data: request fields on the call, outcome fields on the result.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpawnInfo {
    /// Result: the child's session key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_session_key: Option<String>,
    /// Result: the run id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// Result: `accepted`, `forbidden`, `error`, `blocked`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Result: `run` / `session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Result: the error text of a refused spawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Call: the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Call: the label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Call: the target agent id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
}
