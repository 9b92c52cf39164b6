//! What OpenClaw injects into user-message text (`openclaw-formats.md` §4), parsed into data and stripped.
//!
//! The stored user `content` is model-facing: media notes and the reply hint, queued `System:` lines, the
//! Conversation info / Sender JSON blocks (old `(untrusted metadata):` headers and the late-2026 `⟦openclaw:ctx⟧`
//! marker), reply / forward / thread / history context, `[message_id: …]`, the `<speaker>:` prefix, the
//! `[<Channel> <from> <time>]` envelope, a trailing untrusted-context block, internal runtime-context blocks
//! (sub-agent completions), sub-agent task markers, inter-session and cron headers. [`parse_envelope`] returns the
//! clean body in [`Envelope::clean_text`] and everything else as fields. It works on both the original multi-line
//! text and text whose whitespace was already collapsed (as on the control-center page).
//!
//! ```
//! use clawscope_core::envelope::parse_envelope;
//!
//! let text = "Conversation info (untrusted metadata):\n```json\n{\n  \"message_id\": \"om_x1\",\n  \"sender_id\": \"ou_7c\",\n  \"timestamp\": \"Thu 2026-04-02 17:43 GMT+8\"\n}\n```\n\nSender (untrusted metadata):\n```json\n{\n  \"label\": \"Li Wei (ou_7c)\",\n  \"id\": \"ou_7c\",\n  \"name\": \"Li Wei\"\n}\n```\n\n[message_id: om_x1]\nou_7c: 在干嘛呢？";
//! let env = parse_envelope(text);
//! assert_eq!(env.clean_text, "在干嘛呢？");
//! assert_eq!(env.message_id.as_deref(), Some("om_x1"));
//! assert_eq!(env.sender.as_ref().unwrap().name.as_deref(), Some("Li Wei"));
//! assert_eq!(env.channel_timestamp.as_deref(), Some("Thu 2026-04-02 17:43 GMT+8"));
//! ```

mod parse;

use serde::Serialize;

pub use parse::{parse_envelope, strip_envelope};

/// The clean body of a user message plus everything OpenClaw injected around it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// The text the person actually wrote (trimmed; inner line breaks kept).
    pub clean_text: String,
    /// The sender (Sender block, Conversation info `sender*` keys, or the `<speaker>:` prefix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<Sender>,
    /// The Conversation info block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation: Option<ConversationInfo>,
    /// The channel message id (`[message_id: …]` or Conversation info `message_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The id of the message this one replies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to_id: Option<String>,
    /// The `<speaker>:` prefix of the channel body (Feishu writes the sender id there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The channel named by a `[<Channel> <from> <time>]` envelope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The channel-side time as written (`Thu 2026-04-02 17:43 GMT+8`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_timestamp: Option<String>,
    /// Attached media (`[media attached: …]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<MediaAttachment>,
    /// Whether the "To send an image back…" reply hint was present.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub media_reply_hint: bool,
    /// Queued system events (`System: [time] text`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub system_events: Vec<SystemEvent>,
    /// The replied-to / quoted message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<QuotedMessage>,
    /// Forwarded-message context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded: Option<ForwardedContext>,
    /// Thread context (starter, thread history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread: Option<ThreadContext>,
    /// Chat history since the last reply, as given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryMessage>,
    /// The trailing untrusted channel-metadata block, as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub untrusted_context: Option<String>,
    /// Internal runtime-context blocks (`<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub internal_context: Vec<InternalContext>,
    /// The sub-agent task marker of a child session's first message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subagent_task: Option<SubagentTask>,
    /// The `[Inter-session message]` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inter_session: Option<InterSessionHeader>,
    /// The `[cron:<jobId> <name>]` tag of an isolated cron turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cron: Option<CronTag>,
    /// Set when the body is a prompt OpenClaw generated rather than something a person wrote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated: Option<GeneratedPrompt>,
    /// The parts found, in order of appearance (`conversation_info`, `sender`, `media`, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<EnvelopePart>,
}

impl Envelope {
    /// Whether anything was stripped (the clean text differs from the trimmed input).
    pub fn has_metadata(&self) -> bool {
        !self.parts.is_empty()
    }
}

/// The kinds of injected parts, as listed in [`Envelope::parts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EnvelopePart {
    /// Conversation info block.
    ConversationInfo,
    /// Sender block.
    Sender,
    /// Thread starter block or thread history marker.
    Thread,
    /// Replied / quoted message.
    ReplyTo,
    /// Forwarded message context.
    Forwarded,
    /// Chat history block or pending group history.
    History,
    /// Any other `⟦openclaw:ctx⟧` / untrusted-metadata block.
    OtherContext,
    /// `[message_id: …]`.
    MessageId,
    /// `<speaker>:` prefix.
    Speaker,
    /// `[Channel from time]` or `[Thu 2026-04-02 17:43 GMT+8]` envelope.
    ChannelEnvelope,
    /// `[media attached…]` notes.
    Media,
    /// The media reply hint.
    MediaReplyHint,
    /// `System:` lines.
    SystemEvents,
    /// Trailing untrusted context.
    UntrustedContext,
    /// Internal runtime-context block.
    InternalContext,
    /// Sub-agent task marker.
    SubagentTask,
    /// Inter-session header.
    InterSession,
    /// Cron tag.
    Cron,
}

/// Prompts OpenClaw writes as user turns (`openclaw-formats.md` §4.7), recognised by their fixed openings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GeneratedPrompt {
    /// `A new session was started via /new or /reset. …`
    SessionStart,
    /// `Read HEARTBEAT.md if it exists …`
    HeartbeatPoll,
    /// `Pre-compaction memory flush. …`
    PreCompactionFlush,
}

/// Who sent the message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sender {
    /// `Name (id)` label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Channel user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// User name / handle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Tag (Discord).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Phone number (E.164).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e164: Option<String>,
}

/// The Conversation info block's keys (all optional).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationInfo {
    /// `message_id`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// `reply_to_id`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to_id: Option<String>,
    /// `sender_id`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_id: Option<String>,
    /// `sender`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// `conversation_label`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_label: Option<String>,
    /// `timestamp`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// `group_subject`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_subject: Option<String>,
    /// `group_channel`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_channel: Option<String>,
    /// `thread_label`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_label: Option<String>,
    /// `topic_id`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic_id: Option<String>,
    /// `is_group_chat`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_group_chat: Option<bool>,
    /// `was_mentioned`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was_mentioned: Option<bool>,
    /// `history_count`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_count: Option<u64>,
}

/// One `[media attached…]` note.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaAttachment {
    /// The local path.
    pub path: String,
    /// The MIME type, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// The URL or second path after `|`, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One `System: [time] text` line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemEvent {
    /// The bracketed time as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The event text.
    pub text: String,
    /// The parsed exec notice, for `Exec completed|failed|started (…)` lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec: Option<ExecNotice>,
}

/// `Exec completed (kind-orb, code 0) :: output`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecNotice {
    /// `completed`, `failed` or `started`.
    pub outcome: String,
    /// The short process-session id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The exit code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    /// The output tail after `::`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// A replied-to or quoted message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotedMessage {
    /// Who wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// Its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// Forwarded-message context.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardedContext {
    /// The original author.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// When it was written, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Thread context.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreadContext {
    /// The thread starter's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starter: Option<String>,
    /// Older `[Thread history - for context]` text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
}

/// One message of the chat-history block.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryMessage {
    /// Who wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
    /// When (epoch ms), if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_ms: Option<i64>,
    /// The text.
    pub body: String,
}

/// An internal runtime-context block.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InternalContext {
    /// The block's text (markers and the fixed preamble removed).
    pub text: String,
    /// The parsed `[Internal task completion event]`, when the block is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_completion: Option<TaskCompletion>,
}

/// A sub-agent (or other task) completion announced to the parent (`openclaw-formats.md` §6.2).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskCompletion {
    /// `source:` (`subagent`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `session_key:` / `sessionKey` of the child.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_key: Option<String>,
    /// `session_id:` / `sessionId` of the child.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// `type:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_type: Option<String>,
    /// `task:` or the quoted label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// `status:` (`completed successfully`, `failed: …`, `timed out`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The result / findings text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// The `Stats:` line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<String>,
}

/// `[Subagent Context] …` / `[Subagent Task]: …` in a child's first message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubagentTask {
    /// The context paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The depth `n/m`, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<String>,
    /// The task.
    pub task: String,
}

/// `[Inter-session message] sourceSession=… sourceChannel=… sourceTool=… isUser=false`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InterSessionHeader {
    /// `sourceSession`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_session: Option<String>,
    /// `sourceChannel`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_channel: Option<String>,
    /// `sourceTool`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_tool: Option<String>,
    /// `isUser`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_user: Option<bool>,
}

/// `[cron:<jobId> <job name>]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CronTag {
    /// The job id.
    pub job_id: String,
    /// The job name, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_name: Option<String>,
}
