//! The rows of the 会话详情 (session detail) history table: 最近消息 / 工具事件.
//!
//! Control-center compatible (`control-center-session-detail.md` §4) — same kinds (`message`, `inter_session`,
//! `tool_event`), same roles (`user`, `assistant`, `toolResult`), same content rules (text blocks joined by a space,
//! thinking only when there is no text, whitespace collapsed, tool-call-only assistant turns dropped) — but better:
//!
//! - the **real tool name** (`toolName` of the result, else the name of the matching tool call) instead of `tool`;
//! - the **real tool status**: [`ToolStatus::Error`] when `isError` is true, `details.status` names a failure, or
//!   `details.exitCode` is non-zero (OpenClaw 2026.9 records a failed command as `isError: false, exitCode: 2`);
//! - the limit counts **rows** (events), not raw JSONL lines ([`is_history_event`] is the predicate a tail reader
//!   uses);
//! - user text is also available with OpenClaw's injected envelope removed ([`HistoryRow::clean_text`]) and the
//!   sender metadata as data.
//!
//! The input is the transcript line as JSON (`serde_json::Value`), so rows can be built from files and from the
//! SQLite `transcript_events.event_json` column alike.
//!
//! ```
//! use clawscope_core::history::{HistoryBuilder, HistoryKind, ToolStatus};
//! use serde_json::json;
//!
//! let lines = [
//!     json!({"type":"message","timestamp":"2026-04-02T06:34:29.000Z","message":{"role":"assistant",
//!         "content":[{"type":"toolCall","id":"c1","name":"exec","arguments":{"command":"false"}}]}}),
//!     json!({"type":"message","timestamp":"2026-04-02T06:34:30.786Z","message":{"role":"toolResult",
//!         "toolCallId":"c1","toolName":"exec","content":[{"type":"text","text":"boom"}],
//!         "isError":false,"details":{"status":"completed","exitCode":2}}}),
//! ];
//! let rows = HistoryBuilder::new().rows(lines.iter());
//! assert_eq!(rows.len(), 1); // the tool-call-only assistant turn has no visible content
//! assert_eq!(rows[0].kind, HistoryKind::ToolEvent);
//! assert_eq!(rows[0].tool_name.as_deref(), Some("exec"));
//! assert_eq!(rows[0].tool_status, Some(ToolStatus::Error));
//! ```

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::time::iso_millis;

/// Default number of history rows on the page (`historyLimit`).
pub const DEFAULT_HISTORY_LIMIT: usize = 50;
/// Largest accepted `historyLimit`.
pub const MAX_HISTORY_LIMIT: usize = 200;
/// Characters of content shown in a table cell before it is cut (`...` included).
pub const PAGE_CONTENT_CHARS: usize = 700;
/// Characters of content kept in a JSON history entry before it is cut (`...` included), as the control center does.
pub const ENTRY_CONTENT_CHARS: usize = 1200;
/// Characters of the `latestSnippet` (`...` included).
pub const SNIPPET_CHARS: usize = 220;

/// Checks a `historyLimit`: it must lie in `1..=200`.
///
/// ```
/// use clawscope_core::history::validate_history_limit;
/// assert_eq!(validate_history_limit(50).unwrap(), 50);
/// assert_eq!(validate_history_limit(0).unwrap_err().code().as_str(), "INVALID_ARGUMENT");
/// assert!(validate_history_limit(201).is_err());
/// ```
pub fn validate_history_limit(limit: usize) -> Result<usize> {
    if (1..=MAX_HISTORY_LIMIT).contains(&limit) {
        Ok(limit)
    } else {
        Err(Error::invalid_argument(
            "historyLimit",
            format!("must be an integer in range 1..{MAX_HISTORY_LIMIT}, got {limit}"),
        ))
    }
}

/// What a history row shows (`kind` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    /// A user or assistant message (or another message-like entry such as a compaction summary).
    Message,
    /// A user message delivered by another session (`provenance.kind == "inter_session"`).
    InterSession,
    /// A tool result.
    ToolEvent,
}

impl HistoryKind {
    /// The wire string: `message`, `inter_session` or `tool_event`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HistoryKind::Message => "message",
            HistoryKind::InterSession => "inter_session",
            HistoryKind::ToolEvent => "tool_event",
        }
    }
}

/// The outcome of a tool call (the event model's type: `ok` or `error`).
pub use crate::event::ToolStatus;

/// Sender metadata parsed out of an injected `Sender (untrusted metadata)` / `Conversation info` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SenderMeta {
    /// Channel sender id (`sender_id` / `id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name (`name` / `sender`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Label (`label`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Channel message id (`message_id`, or the `[message_id: …]` line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// Channel timestamp text (`timestamp` of the conversation block).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_timestamp: Option<String>,
}

impl SenderMeta {
    fn is_empty(&self) -> bool {
        self == &SenderMeta::default()
    }
}

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRow {
    /// Row kind.
    pub kind: HistoryKind,
    /// Role as written (`user`, `assistant`, `toolResult`, or `unknown` for summaries).
    pub role: String,
    /// Line timestamp (ISO-8601, as written), else the message's epoch-ms timestamp as ISO.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Real tool name of a tool event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
    /// Real tool status of a tool event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_status: Option<ToolStatus>,
    /// Full content, whitespace collapsed (not cut).
    pub content: String,
    /// User text with OpenClaw's injected envelope removed, when that removed something and left some text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clean_text: Option<String>,
    /// Sender metadata parsed from the envelope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<SenderMeta>,
    /// Transcript entry id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<String>,
    /// Tool call id of a tool event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
    /// `delivery-mirror` or `gateway-injected` for assistant rows OpenClaw synthesised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synthetic: Option<String>,
    /// `provenance.kind` of a user message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance_kind: Option<String>,
    /// `provenance.sourceSessionKey` of a user message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_session_key: Option<String>,
    /// `provenance.sourceTool` of a user message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_tool: Option<String>,
}

impl HistoryRow {
    /// The content as a page cell: whitespace collapsed and cut at 700 characters with `...`.
    ///
    /// ```
    /// use clawscope_core::history::{HistoryBuilder};
    /// let line = serde_json::json!({"type":"message","message":{"role":"user","content":"x".repeat(800)}});
    /// let row = HistoryBuilder::new().row(&line).unwrap();
    /// let cell = row.page_cell();
    /// assert_eq!(cell.chars().count(), 700);
    /// assert!(cell.ends_with("..."));
    /// ```
    pub fn page_cell(&self) -> String {
        truncate_chars(&self.content, PAGE_CONTENT_CHARS)
    }
}

/// Collapses every run of whitespace to one space and trims both ends (JavaScript's `\s+` → `" "`, then `trim()`).
///
/// ```
/// assert_eq!(clawscope_core::history::collapse_whitespace("  a\n\n  b\tc "), "a b c");
/// ```
pub fn collapse_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    loop {
        // Skip whitespace.
        let start = loop {
            match bytes.get(at) {
                None => return out,
                Some(&b) if b.is_ascii() => {
                    if !is_ascii_js_whitespace(b) {
                        break at;
                    }
                    at += 1;
                }
                Some(_) => {
                    let c = text.get(at..).and_then(|t| t.chars().next()).unwrap_or(' ');
                    if !is_js_whitespace(c) {
                        break at;
                    }
                    at += c.len_utf8();
                }
            }
        };
        // The word: printable ASCII in a tight loop, anything else checked as a character.
        loop {
            match bytes.get(at) {
                Some(&b) if b > b' ' && b.is_ascii() => at += 1,
                Some(&b) if b.is_ascii() => {
                    if is_ascii_js_whitespace(b) {
                        break;
                    }
                    at += 1;
                }
                Some(_) => {
                    let c = text.get(at..).and_then(|t| t.chars().next()).unwrap_or(' ');
                    if is_js_whitespace(c) {
                        break;
                    }
                    at += c.len_utf8();
                }
                None => break,
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(text.get(start..at).unwrap_or_default());
    }
}

/// JavaScript's `\s` for an ASCII byte: tab, line feed, vertical tab, form feed, carriage return, space.
fn is_ascii_js_whitespace(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// JavaScript's `\s`: Unicode `White_Space` except U+0085 (NEXT LINE), plus U+FEFF.
fn is_js_whitespace(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// Cuts `text` to at most `max` characters: the first `max - 3` characters plus `...` when it is longer.
///
/// ```
/// use clawscope_core::history::truncate_chars;
/// assert_eq!(truncate_chars("abcdef", 5), "ab...");
/// assert_eq!(truncate_chars("abcde", 5), "abcde");
/// ```
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(3);
    let cut = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    format!("{}...", &text[..cut])
}

/// Whether a transcript line produces a history row (the predicate a tail reader counts with).
///
/// Tool-call-only assistant turns, headers, model changes and extension state produce none.
///
/// ```
/// use clawscope_core::history::is_history_event;
/// let header = serde_json::json!({"type":"session","version":3,"id":"s"});
/// let user = serde_json::json!({"type":"message","message":{"role":"user","content":"hi"}});
/// assert!(!is_history_event(&header));
/// assert!(is_history_event(&user));
/// ```
pub fn is_history_event(line: &Value) -> bool {
    history_kind(line).is_some()
}

/// The kind of row a transcript line produces, `None` when it produces none: the same as
/// `HistoryBuilder::new().row(line).map(|r| r.kind)`, without building the row (no text is copied or collapsed).
/// Tail readers call it on every line they walk back over.
///
/// ```
/// use clawscope_core::history::{HistoryKind, history_kind};
/// let result = serde_json::json!({"type":"message","message":{"role":"toolResult","content":"ok"}});
/// assert_eq!(history_kind(&result), Some(HistoryKind::ToolEvent));
/// let blank = serde_json::json!({"type":"message","message":{"role":"user","content":" \n "}});
/// assert_eq!(history_kind(&blank), None);
/// ```
pub fn history_kind(line: &Value) -> Option<HistoryKind> {
    let source = row_source(line)?;
    content_text(source.content)
        .chars()
        .any(|c| !is_js_whitespace(c))
        .then_some(source.kind)
}

/// What a line's row is made of: the content value, the row's kind and, for a `message` line, the message.
struct RowSource<'a> {
    content: Option<&'a Value>,
    kind: HistoryKind,
    message: Option<&'a Value>,
}

/// The row source of a line that can produce a row (`message`, `compaction`, `branch_summary`,
/// `custom_message`); whether it does depends on its text.
fn row_source(line: &Value) -> Option<RowSource<'_>> {
    let summary = |field: &str| RowSource {
        content: line.get(field),
        kind: HistoryKind::Message,
        message: None,
    };
    match line.get("type").and_then(Value::as_str).unwrap_or("") {
        "message" => {
            let message = line.get("message")?;
            Some(RowSource {
                content: message.get("content"),
                kind: message_kind(message),
                message: Some(message),
            })
        }
        "compaction" | "branch_summary" => Some(summary("summary")),
        "custom_message" => Some(summary("content")),
        _ => None,
    }
}

/// A message's row kind: tool results are tool events, user messages whose provenance is `inter_session` are
/// inter-session messages, everything else is a message.
fn message_kind(message: &Value) -> HistoryKind {
    match message.get("role").and_then(Value::as_str) {
        Some("toolResult") => HistoryKind::ToolEvent,
        Some("user")
            if message
                .get("provenance")
                .and_then(|p| p.get("kind"))
                .and_then(Value::as_str)
                .map(str::trim)
                == Some("inter_session") =>
        {
            HistoryKind::InterSession
        }
        _ => HistoryKind::Message,
    }
}

/// The lines of a window (the newest lines of a transcript, oldest first) that lie on the **active branch**: the
/// path from the last line with an `id` up through `parentId` links. Lines without an `id` (v1 files, headers
/// without a parent chain) are kept; lines of abandoned branches are dropped. Because parents are always written
/// before their children, no line older than the first parent outside the window can be on the active path, so a
/// window is enough.
///
/// ```
/// use clawscope_core::history::active_branch_window;
/// use serde_json::json;
/// let lines = [
///     json!({"type":"message","id":"a","parentId":null}),
///     json!({"type":"message","id":"b","parentId":"a"}),   // abandoned
///     json!({"type":"message","id":"c","parentId":"a"}),
/// ];
/// let kept: Vec<&str> = active_branch_window(&lines).iter().filter_map(|l| l["id"].as_str()).collect();
/// assert_eq!(kept, ["a", "c"]);
/// ```
pub fn active_branch_window(lines: &[Value]) -> Vec<&Value> {
    fn id_of(l: &Value) -> Option<&str> {
        l.get("id").and_then(Value::as_str)
    }
    let chained = |l: &Value| l.get("parentId").is_some() && id_of(l).is_some();
    let Some(leaf) = lines.iter().rev().find(|l| chained(l)) else {
        return lines.iter().collect();
    };
    let by_id: HashMap<&str, &Value> = lines
        .iter()
        .filter(|l| chained(l))
        .filter_map(|l| id_of(l).map(|id| (id, l)))
        .collect();
    let mut on_path: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut cur = Some(leaf);
    while let Some(line) = cur {
        let Some(id) = id_of(line) else { break };
        if !on_path.insert(id) {
            break; // a cycle in hostile input
        }
        cur = line
            .get("parentId")
            .and_then(Value::as_str)
            .and_then(|p| by_id.get(p).copied());
    }
    lines
        .iter()
        .filter(|l| !chained(l) || id_of(l).is_some_and(|id| on_path.contains(id)))
        .collect()
}

/// Builds rows from transcript lines, remembering tool-call names so results without `toolName` still get one.
#[derive(Debug, Default, Clone)]
pub struct HistoryBuilder {
    call_names: HashMap<String, String>,
}

impl HistoryBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Rows of all lines, in file order (oldest first).
    pub fn rows<'a>(&mut self, lines: impl IntoIterator<Item = &'a Value>) -> Vec<HistoryRow> {
        lines.into_iter().filter_map(|l| self.row(l)).collect()
    }

    /// The row of one line, if it has visible content.
    pub fn row(&mut self, line: &Value) -> Option<HistoryRow> {
        let source = row_source(line)?;
        match source.message {
            Some(message) => self.message_row(line, message, &source),
            None => summary_row(line, source.content),
        }
    }

    fn message_row(&mut self, line: &Value, message: &Value, source: &RowSource<'_>) -> Option<HistoryRow> {
        let role = message.get("role").and_then(Value::as_str).unwrap_or("unknown");
        let content = source.content;
        if role == "assistant" {
            for block in blocks(content) {
                if block.get("type").and_then(Value::as_str) == Some("toolCall")
                    && let (Some(id), Some(name)) = (
                        block.get("id").and_then(Value::as_str),
                        block.get("name").and_then(Value::as_str),
                    )
                {
                    self.call_names.insert(id.to_owned(), name.to_owned());
                }
            }
        }
        let raw = content_text(content);
        let text = collapse_whitespace(&raw);
        if text.is_empty() {
            return None;
        }
        let mut row = base_row(line, role, text);
        row.kind = source.kind;
        match role {
            "toolResult" => {
                let call_id = str_field(message, "toolCallId");
                row.tool_name = str_field(message, "toolName")
                    .or_else(|| call_id.as_ref().and_then(|id| self.call_names.get(id).cloned()))
                    .or_else(|| Some("tool".to_owned()));
                row.tool_call_id = call_id;
                row.tool_status = Some(tool_status(message));
            }
            "user" => {
                if let Some(prov) = message.get("provenance") {
                    row.provenance_kind = str_field(prov, "kind");
                    row.source_session_key = str_field(prov, "sourceSessionKey");
                    row.source_tool = str_field(prov, "sourceTool");
                }
                let (clean, sender) = envelope_of(&raw);
                let clean = collapse_whitespace(&clean);
                // Only when something was removed and something is left (an announce may be all envelope).
                if clean != row.content && !clean.is_empty() {
                    row.clean_text = Some(clean);
                }
                if !sender.is_empty() {
                    row.sender = Some(sender);
                }
            }
            "assistant" => row.synthetic = synthetic_kind(message).map(str::to_owned),
            _ => {}
        }
        Some(row)
    }
}

fn summary_row(line: &Value, content: Option<&Value>) -> Option<HistoryRow> {
    let text = collapse_whitespace(&content_text(content));
    if text.is_empty() {
        return None;
    }
    Some(base_row(line, "unknown", text))
}

fn base_row(line: &Value, role: &str, content: String) -> HistoryRow {
    HistoryRow {
        kind: HistoryKind::Message,
        role: role.to_owned(),
        timestamp: line_timestamp(line),
        tool_name: None,
        tool_status: None,
        content,
        clean_text: None,
        sender: None,
        entry_id: str_field(line, "id"),
        tool_call_id: None,
        synthetic: None,
        provenance_kind: None,
        source_session_key: None,
        source_tool: None,
    }
}

/// The timestamp of a transcript line: the top-level ISO `timestamp`, else the message's epoch-ms `timestamp`.
pub fn line_timestamp(line: &Value) -> Option<String> {
    match line.get("timestamp") {
        Some(Value::String(s)) if !s.trim().is_empty() => return Some(s.trim().to_owned()),
        Some(Value::Number(n)) => return n.as_i64().and_then(iso_millis),
        _ => {}
    }
    match line.get("message").and_then(|m| m.get("timestamp")) {
        Some(Value::Number(n)) => n.as_i64().and_then(iso_millis),
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// `delivery-mirror` / `gateway-injected` when an assistant message was synthesised by OpenClaw, not a model.
///
/// ```
/// let m = serde_json::json!({"role":"assistant","provider":"openclaw","model":"delivery-mirror"});
/// assert_eq!(clawscope_core::history::synthetic_kind(&m), Some("delivery-mirror"));
/// ```
pub fn synthetic_kind(message: &Value) -> Option<&'static str> {
    if message.get("openclawDeliveryMirror").is_some() {
        return Some("delivery-mirror");
    }
    if message.get("provider").and_then(Value::as_str) != Some("openclaw") {
        return None;
    }
    match message.get("model").and_then(Value::as_str) {
        Some("delivery-mirror") => Some("delivery-mirror"),
        Some("gateway-injected") => Some("gateway-injected"),
        _ => None,
    }
}

/// The status of a `toolResult` message: an error when `isError` is true, `details.status` names a failure,
/// `details.exitCode` is non-zero, or (without `details.status`) the whole text is a JSON result with a failing
/// `status` — the event model's rule ([`crate::event::tool_result_status`]) applied to the JSON.
///
/// ```
/// use clawscope_core::history::{tool_status, ToolStatus};
/// use serde_json::json;
/// assert_eq!(tool_status(&json!({"isError":false,"details":{"exitCode":2}})), ToolStatus::Error);
/// assert_eq!(tool_status(&json!({"isError":false,"details":{"status":"running"}})), ToolStatus::Ok);
/// ```
pub fn tool_status(message: &Value) -> ToolStatus {
    let details = message.get("details").map(|d| crate::transcript::ToolDetails {
        status: d.get("status").and_then(Value::as_str).map(str::to_owned),
        exit_code: d
            .get("exitCode")
            .and_then(|c| c.as_i64().or_else(|| c.as_f64().map(|f| i64::from(f != 0.0)))),
        ..Default::default()
    });
    let text = content_text(message.get("content"));
    crate::event::tool_result_status(
        message.get("isError").and_then(Value::as_bool),
        details.as_ref(),
        &text,
    )
}

fn str_field(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn blocks(content: Option<&Value>) -> &[Value] {
    match content {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

/// The visible text of a message `content`: a plain string, else the `text` blocks joined by a space, else the
/// `thinking` blocks. Tool calls and images contribute nothing.
pub fn content_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => {
            let texts = join_blocks(items, "text", "text");
            if texts.is_empty() {
                join_blocks(items, "thinking", "thinking")
            } else {
                texts
            }
        }
        _ => String::new(),
    }
}

fn join_blocks(items: &[Value], ty: &str, field: &str) -> String {
    let mut out = String::new();
    for item in items {
        let text = match item {
            Value::String(s) if ty == "text" => Some(s.as_str()),
            Value::Object(_) if item.get("type").and_then(Value::as_str) == Some(ty) => {
                item.get(field).and_then(Value::as_str)
            }
            _ => None,
        };
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(text);
        }
    }
    out
}

/// The clean body and sender metadata of a user text, from [`crate::envelope::parse_envelope`].
fn envelope_of(text: &str) -> (String, SenderMeta) {
    let env = crate::envelope::parse_envelope(text);
    let conv = env.conversation.as_ref();
    let sender = env.sender.as_ref();
    let meta = SenderMeta {
        id: sender
            .and_then(|s| s.id.clone())
            .or_else(|| conv.and_then(|c| c.sender_id.clone()))
            .or_else(|| env.speaker.clone()),
        name: sender
            .and_then(|s| s.name.clone())
            .or_else(|| conv.and_then(|c| c.sender.clone())),
        label: sender.and_then(|s| s.label.clone()),
        message_id: env
            .message_id
            .clone()
            .or_else(|| conv.and_then(|c| c.message_id.clone())),
        channel_timestamp: env
            .channel_timestamp
            .clone()
            .or_else(|| conv.and_then(|c| c.timestamp.clone())),
    };
    (env.clean_text, meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    /// The obvious reading of JavaScript's `text.replace(/\s+/g, " ").trim()`: split on `\s`, join the words.
    fn collapse_oracle(text: &str) -> String {
        text.split(is_js_whitespace)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn whitespace_is_javascripts_set() {
        assert_eq!(
            collapse_whitespace("\u{feff}a\u{a0}\u{2028}b\u{3000}\u{b}\u{c}c"),
            "a b c"
        );
        // U+0085 is Unicode White_Space but not JavaScript's `\s`: kept, like the control bytes.
        assert_eq!(collapse_whitespace("a\u{85}b \u{1}c"), "a\u{85}b \u{1}c");
        assert_eq!(collapse_whitespace(""), "");
        assert_eq!(collapse_whitespace(" \t\n "), "");
        assert_eq!(collapse_whitespace("é  ü\u{2003}日本"), "é ü 日本");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]
        #[test]
        fn collapse_matches_the_split_reading(
            text in proptest::collection::vec(
                prop_oneof![
                    Just(" "), Just("\t"), Just("\n"), Just("\r\n"), Just("\u{b}"), Just("\u{c}"), Just("\u{85}"),
                    Just("\u{a0}"), Just("\u{1680}"), Just("\u{2009}"), Just("\u{2028}"), Just("\u{3000}"),
                    Just("\u{feff}"), Just("\u{1f}"), Just("\u{7f}"), Just("a"), Just("word"), Just("é"), Just("日"),
                    Just("🙂"), Just("\u{200b}"),
                ],
                0..40,
            ).prop_map(|parts| parts.concat()),
        ) {
            prop_assert_eq!(collapse_whitespace(&text), collapse_oracle(&text));
        }

        #[test]
        fn history_kind_is_the_kind_of_the_row(
            ty in prop_oneof![Just("message"), Just("compaction"), Just("branch_summary"), Just("custom_message"),
                Just("session"), Just("model_change")],
            role in prop_oneof![Just(json!("user")), Just(json!("assistant")), Just(json!("toolResult")),
                Just(json!("system")), Just(json!(7)), Just(Value::Null)],
            provenance in prop_oneof![Just(Value::Null), Just(json!({"kind":"inter_session"})),
                Just(json!({"kind":" inter_session "})), Just(json!({"kind":"external"})), Just(json!({"kind":3}))],
            content in prop_oneof![Just(json!("hi")), Just(json!(" \u{feff}\u{a0} ")), Just(json!("\u{85}")),
                Just(json!([])), Just(json!([{"type":"text","text":" "}])), Just(json!([{"type":"thinking","thinking":"t"}])),
                Just(json!([{"type":"toolCall","id":"c","name":"exec"}])), Just(json!(["plain"])), Just(json!({"x":1})),
                Just(Value::Null)],
        ) {
            let mut message = json!({"role": role, "content": content});
            if !provenance.is_null() {
                message["provenance"] = provenance;
            }
            let line = json!({"type": ty, "message": message, "summary": content, "content": content});
            prop_assert_eq!(history_kind(&line), HistoryBuilder::new().row(&line).map(|r| r.kind));
        }

        #[test]
        fn collapse_matches_the_split_reading_on_any_text(text in any::<String>()) {
            prop_assert_eq!(collapse_whitespace(&text), collapse_oracle(&text));
        }
    }

    fn msg(role: &str, content: &Value) -> Value {
        json!({"type":"message","id":"e1","timestamp":"2026-04-02T06:00:00.000Z","message":{"role":role,"content":content}})
    }

    #[test]
    fn assistant_text_beats_thinking_and_tool_calls_are_hidden() {
        let mut b = HistoryBuilder::new();
        let both = msg(
            "assistant",
            &json!([{"type":"thinking","thinking":"plan"},{"type":"text","text":"reply"}]),
        );
        assert_eq!(b.row(&both).map(|r| r.content), Some("reply".to_owned()));
        let thinking_only = msg(
            "assistant",
            &json!([{"type":"thinking","thinking":"let me  check"},{"type":"toolCall","id":"c","name":"exec","arguments":{}}]),
        );
        assert_eq!(
            b.row(&thinking_only).map(|r| r.content),
            Some("let me check".to_owned())
        );
        let call_only = msg(
            "assistant",
            &json!([{"type":"toolCall","id":"c2","name":"read","arguments":{}}]),
        );
        assert!(b.row(&call_only).is_none());
    }

    #[test]
    fn tool_name_falls_back_to_the_call_then_to_tool() {
        let mut b = HistoryBuilder::new();
        b.row(&msg(
            "assistant",
            &json!([{"type":"toolCall","id":"c9","name":"process","arguments":{}}]),
        ));
        let res = json!({"type":"message","message":{"role":"toolResult","toolCallId":"c9","content":[{"type":"text","text":"ok"}]}});
        let row = b.row(&res).expect("row");
        assert_eq!(row.tool_name.as_deref(), Some("process"));
        assert_eq!(row.tool_status, Some(ToolStatus::Ok));
        let orphan =
            json!({"type":"message","message":{"role":"toolResult","toolCallId":"zz","content":"x"}});
        assert_eq!(b.row(&orphan).and_then(|r| r.tool_name), Some("tool".to_owned()));
    }

    #[test]
    fn tool_status_rules() {
        assert_eq!(tool_status(&json!({"isError":true})), ToolStatus::Error);
        assert_eq!(
            tool_status(&json!({"details":{"status":"error"}})),
            ToolStatus::Error
        );
        assert_eq!(
            tool_status(&json!({"details":{"status":"completed","exitCode":0}})),
            ToolStatus::Ok
        );
        assert_eq!(tool_status(&json!({})), ToolStatus::Ok);
        // A structured result whose whole text is JSON with a failing status is an error (the event rule)...
        let structured = json!({"content":[{"type":"text","text":"{\"status\":\"error\"}"}]});
        assert_eq!(tool_status(&structured), ToolStatus::Error);
        // ...but prose that merely contains the word is not, and `details.status` wins over the text.
        let prose = json!({"content":[{"type":"text","text":"no error here: status ok"}]});
        assert_eq!(tool_status(&prose), ToolStatus::Ok);
        let details_win = json!({"details":{"status":"completed"},"content":[{"type":"text","text":"{\"status\":\"error\"}"}]});
        assert_eq!(tool_status(&details_win), ToolStatus::Ok);
    }

    #[test]
    fn timestamps_prefer_the_line_iso_then_message_epoch() {
        let line = json!({"type":"message","message":{"role":"user","content":"hi","timestamp":1_775_110_000_000_i64}});
        assert_eq!(line_timestamp(&line).as_deref(), Some("2026-04-02T06:06:40.000Z"));
    }

    #[test]
    fn inter_session_and_synthetic_rows_are_flagged() {
        let mut b = HistoryBuilder::new();
        let line = json!({"type":"message","message":{"role":"user","content":"done",
            "provenance":{"kind":"inter_session","sourceSessionKey":"agent:a:subagent:x","sourceTool":"subagent_announce"}}});
        let row = b.row(&line).expect("row");
        assert_eq!(row.kind, HistoryKind::InterSession);
        assert_eq!(row.source_session_key.as_deref(), Some("agent:a:subagent:x"));
        let mirror = json!({"type":"message","message":{"role":"assistant","provider":"openclaw","model":"delivery-mirror","content":[{"type":"text","text":"sent"}]}});
        assert_eq!(
            b.row(&mirror).and_then(|r| r.synthetic),
            Some("delivery-mirror".to_owned())
        );
    }

    #[test]
    fn summaries_show_as_unknown_role_messages() {
        let mut b = HistoryBuilder::new();
        let line = json!({"type":"compaction","summary":"User asked about disk.","firstKeptEntryId":"x"});
        let row = b.row(&line).expect("row");
        assert_eq!((row.kind, row.role.as_str()), (HistoryKind::Message, "unknown"));
        assert!(b.row(&json!({"type":"model_change","modelId":"m"})).is_none());
        assert!(b.row(&json!("not an object")).is_none());
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        let text = "汉".repeat(701);
        let cut = truncate_chars(&text, 700);
        assert_eq!(cut.chars().count(), 700);
        assert!(cut.starts_with(&"汉".repeat(697)));
        assert_eq!(truncate_chars("", 3), "");
    }

    #[test]
    fn user_rows_carry_clean_text_and_sender_metadata() {
        let text = "[media attached: /m/a.jpg (image/jpeg) | /m/a.jpg]\nTo send an image back, prefer the message tool (media/path/filePath). Keep caption in the text body.\nSystem: [2026-04-02 13:47:16 GMT+8] Exec completed (faint-at, code 0) :: ok\n\nConversation info (untrusted metadata):\n```json\n{\n  \"message_id\": \"om_9\",\n  \"sender_id\": \"ou_1\"\n}\n```\n\nSender (untrusted metadata):\n```json\n{\n  \"label\": \"Li\",\n  \"id\": \"ou_1\",\n  \"name\": \"Li\"\n}\n```\n\n[message_id: om_9]\nou_1: 看看这张图";
        let row = HistoryBuilder::new()
            .row(&msg("user", &json!(text)))
            .expect("row");
        assert_eq!(row.clean_text.as_deref(), Some("看看这张图"));
        // The page content keeps everything, whitespace collapsed (as the control center shows it).
        assert!(
            row.content
                .starts_with("[media attached: /m/a.jpg (image/jpeg) | /m/a.jpg] To send")
        );
        let sender = row.sender.expect("sender");
        assert_eq!(sender.name.as_deref(), Some("Li"));
        assert_eq!(sender.id.as_deref(), Some("ou_1"));
        assert_eq!(sender.message_id.as_deref(), Some("om_9"));
        let plain = HistoryBuilder::new()
            .row(&msg("user", &json!("just text")))
            .expect("row");
        assert_eq!((plain.clean_text, plain.sender), (None, None));
    }

    #[test]
    fn abandoned_branches_are_dropped_and_cycles_terminate() {
        let lines = [
            json!({"type":"session","id":"s"}),
            json!({"type":"message","id":"a","parentId":null}),
            json!({"type":"message","id":"b","parentId":"a"}),
            json!({"type":"branch_summary","id":"c","parentId":"a","summary":"tried b"}),
            json!({"type":"message","id":"d","parentId":"c"}),
        ];
        let kept: Vec<&str> = active_branch_window(&lines)
            .iter()
            .filter_map(|l| l["id"].as_str())
            .collect();
        assert_eq!(kept, ["s", "a", "c", "d"]);
        let cycle = [json!({"id":"x","parentId":"y"}), json!({"id":"y","parentId":"x"})];
        assert_eq!(active_branch_window(&cycle).len(), 2);
        let v1 = [json!({"type":"message"}), json!({"type":"message"})];
        assert_eq!(active_branch_window(&v1).len(), 2);
    }

    #[test]
    fn limit_validation() {
        assert!(validate_history_limit(1).is_ok());
        assert!(validate_history_limit(200).is_ok());
        assert_eq!(
            validate_history_limit(0).err().map(|e| e.code()),
            Some(crate::ErrorCode::InvalidArgument)
        );
    }
}
