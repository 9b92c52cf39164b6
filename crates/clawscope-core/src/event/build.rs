//! Entry → events.

use serde::Deserialize;

use super::{Event, EventKind, ModelRef, SpawnInfo, ToolInfo, ToolStatus};
use crate::envelope::parse_envelope;
use crate::transcript::{
    ContentBlock, Entry, EntryBody, LooseObj, LooseStr, Message, RawJson, Role, ToolDetails,
};

/// `details.status` values that mean the tool failed (compared case-insensitively).
const FAILED_STATUSES: &[&str] = &[
    "error",
    "failed",
    "failure",
    "timeout",
    "timed_out",
    "killed",
    "forbidden",
    "blocked",
    "denied",
    "rejected",
    "aborted",
];

/// Derives a tool result's status: [`ToolStatus::Error`] when ANY of `isError: true`, a failing `details.status`
/// (`error`, `failed`, `timeout`, `forbidden`, …) or a non-zero `details.exitCode` says so.
///
/// ```
/// use clawscope_core::event::{tool_status, ToolStatus};
/// use clawscope_core::transcript::ToolDetails;
///
/// let exit2 = ToolDetails { status: Some("completed".into()), exit_code: Some(2), ..Default::default() };
/// assert_eq!(tool_status(Some(false), Some(&exit2)), ToolStatus::Error);
/// assert_eq!(tool_status(Some(true), None), ToolStatus::Error);
/// assert_eq!(tool_status(None, None), ToolStatus::Ok);
/// ```
pub fn tool_status(is_error: Option<bool>, details: Option<&ToolDetails>) -> ToolStatus {
    if is_error == Some(true) {
        return ToolStatus::Error;
    }
    if let Some(details) = details {
        if details.status.as_deref().is_some_and(is_failed_status) {
            return ToolStatus::Error;
        }
        if details.exit_code.is_some_and(|code| code != 0) {
            return ToolStatus::Error;
        }
    }
    ToolStatus::Ok
}

/// The status of a tool result given its text too: [`tool_status`], and — when `details` has no `status` — a
/// structured result whose whole text is JSON with a failing `status` (`{"status":"error",…}`, what OpenClaw's
/// tools return on failure) also counts as an error. The event stream and the history rows both use this rule.
///
/// ```
/// use clawscope_core::event::{tool_result_status, ToolStatus};
///
/// assert_eq!(tool_result_status(None, None, r#"{"status":"error","tool":"exec"}"#), ToolStatus::Error);
/// assert_eq!(tool_result_status(None, None, "the word error in prose"), ToolStatus::Ok);
/// ```
pub fn tool_result_status(is_error: Option<bool>, details: Option<&ToolDetails>, text: &str) -> ToolStatus {
    let status = tool_status(is_error, details);
    if status == ToolStatus::Ok
        && details.is_none_or(|d| d.status.is_none())
        && result_json_status(text).as_deref().is_some_and(is_failed_status)
    {
        return ToolStatus::Error;
    }
    status
}

/// The events of one transcript entry, in order (see the table in the [module docs](super)).
///
/// ```
/// use clawscope_core::event::{events_from_entry, EventKind};
/// use clawscope_core::transcript::parse_line;
///
/// let entry = parse_line(br#"{"type":"message","id":"a1","timestamp":"2026-04-02T06:51:17.131Z","message":{"role":"user","content":"[message_id: om_1]\nou_1: hi"}}"#)
///     .unwrap()
///     .unwrap();
/// let events = events_from_entry(&entry);
/// assert_eq!(events[0].kind, EventKind::Message);
/// assert_eq!(events[0].text.as_deref(), Some("hi"));
/// assert_eq!(events[0].raw(), Some("[message_id: om_1]\nou_1: hi"));
/// assert_eq!(events[0].timestamp.as_deref(), Some("2026-04-02T06:51:17.131Z"));
/// ```
pub fn events_from_entry(entry: &Entry) -> Vec<Event> {
    let base = |kind: EventKind, role: Role| -> Event {
        let mut event = Event::new(kind, role);
        event.entry_id.clone_from(&entry.id);
        event.parent_id.clone_from(&entry.parent_id);
        event.timestamp_ms = entry.timestamp_ms;
        event.timestamp = entry
            .timestamp_ms
            .and_then(crate::time::iso_millis)
            .or_else(|| entry.timestamp.clone());
        event
    };
    match &entry.body {
        EntryBody::Message(message) => message_events(message, &base),
        EntryBody::ModelChange(change) => {
            let mut event = base(EventKind::ModelChange, Role::System);
            event.model = Some(ModelRef {
                provider: change.provider.clone(),
                model: change.model_id.clone(),
                api: None,
            });
            vec![event]
        }
        EntryBody::ThinkingLevelChange(change) => {
            let mut event = base(EventKind::ThinkingLevelChange, Role::System);
            event.text.clone_from(&change.thinking_level);
            vec![event]
        }
        EntryBody::Compaction(compaction) => {
            let mut event = base(EventKind::Compaction, Role::System);
            event.text.clone_from(&compaction.summary);
            vec![event]
        }
        EntryBody::BranchSummary(summary) => {
            let mut event = base(EventKind::BranchSummary, Role::System);
            event.text.clone_from(&summary.summary);
            vec![event]
        }
        EntryBody::CustomMessage(custom) => {
            let mut event = base(EventKind::CustomMessage, Role::Custom);
            let text = join_text(&custom.content);
            event.text = (!text.is_empty()).then_some(text);
            event.custom_type.clone_from(&custom.custom_type);
            vec![event]
        }
        EntryBody::Reset(reset) => {
            let mut event = base(EventKind::Reset, Role::System);
            event.text.clone_from(&reset.reason);
            vec![event]
        }
        EntryBody::Custom(custom) if is_prompt_error(custom.custom_type.as_deref()) => {
            let mut event = base(EventKind::Error, Role::System);
            event.text = custom.data.as_ref().and_then(error_text);
            event.custom_type.clone_from(&custom.custom_type);
            vec![event]
        }
        _ => Vec::new(),
    }
}

/// The events of a whole transcript in file order: the active branch only, or every entry when
/// `include_abandoned` is true.
///
/// ```
/// use clawscope_core::event::events_from_entries;
/// use clawscope_core::transcript::parse_transcript;
///
/// let t = parse_transcript(concat!(
///     r#"{"type":"message","id":"a","parentId":null,"message":{"role":"user","content":"q"}}"#, "\n",
///     r#"{"type":"message","id":"b","parentId":"a","message":{"role":"assistant","content":[{"type":"text","text":"old"}]}}"#, "\n",
///     r#"{"type":"message","id":"c","parentId":"a","message":{"role":"assistant","content":[{"type":"text","text":"new"}]}}"#, "\n",
/// ).as_bytes());
/// let active: Vec<_> = events_from_entries(&t.entries, false).into_iter().filter_map(|e| e.text).collect();
/// assert_eq!(active, ["q", "new"]);
/// assert_eq!(events_from_entries(&t.entries, true).len(), 3);
/// ```
pub fn events_from_entries(entries: &[Entry], include_abandoned: bool) -> Vec<Event> {
    if include_abandoned {
        return entries.iter().flat_map(events_from_entry).collect();
    }
    crate::transcript::active_branch(entries)
        .into_iter()
        .filter_map(|i| entries.get(i))
        .flat_map(events_from_entry)
        .collect()
}

pub(super) fn is_prompt_error(custom_type: Option<&str>) -> bool {
    custom_type == Some("openclaw:prompt-error")
}

fn error_text(data: &RawJson) -> Option<String> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct ErrorData {
        error: LooseStr,
        message: LooseStr,
        reason: LooseStr,
    }
    let parsed: LooseObj<ErrorData> = serde_json::from_str(data.get()).ok()?;
    let data = parsed.0?;
    data.error.0.or(data.message.0).or(data.reason.0)
}

fn join_text(blocks: &[ContentBlock]) -> String {
    let mut out = String::new();
    for block in blocks {
        if let ContentBlock::Text { text } = block {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(text);
        }
    }
    out
}

fn block_index(i: usize) -> Option<u32> {
    u32::try_from(i).ok()
}

fn message_events(message: &Message, base: &dyn Fn(EventKind, Role) -> Event) -> Vec<Event> {
    match message.role {
        Role::Assistant => assistant_events(message, base),
        Role::ToolResult => vec![tool_result_event(message, base)],
        _ => input_events(message, base),
    }
}

fn assistant_events(message: &Message, base: &dyn Fn(EventKind, Role) -> Event) -> Vec<Event> {
    let mut events = Vec::with_capacity(message.content.len());
    let synthetic = message.synthetic();
    let model = ModelRef {
        provider: message.provider.clone(),
        model: message.model.clone(),
        api: message.api.clone(),
    };
    for (i, block) in message.content.iter().enumerate() {
        let mut event = match block {
            ContentBlock::Text { text } | ContentBlock::Other { text: Some(text), .. } => {
                if text.trim().is_empty() {
                    continue;
                }
                let mut event = base(EventKind::Message, Role::Assistant);
                let clean = strip_directives(text);
                if clean != *text {
                    event.raw_text = Some(text.clone());
                }
                event.text = Some(clean);
                event
            }
            ContentBlock::Thinking { thinking } => {
                if thinking.trim().is_empty() {
                    continue;
                }
                let mut event = base(EventKind::Thinking, Role::Assistant);
                event.text = Some(thinking.clone());
                event
            }
            ContentBlock::ToolCall { id, name, arguments } => {
                let mut event = base(EventKind::ToolCall, Role::Assistant);
                if name.as_deref() == Some("sessions_spawn") {
                    event.spawn = arguments.as_ref().and_then(spawn_request);
                }
                event.tool = Some(ToolInfo {
                    name: name.clone(),
                    call_id: id.clone(),
                    arguments: arguments.clone(),
                    is_error: None,
                    details_status: None,
                    result_status: None,
                    exit_code: None,
                    status: None,
                });
                event
            }
            ContentBlock::Image { mime_type, .. } => {
                let mut event = base(EventKind::Image, Role::Assistant);
                event.text.clone_from(mime_type);
                event
            }
            ContentBlock::Other { text: None, .. } => continue,
        };
        event.block_index = block_index(i);
        event.model = Some(model.clone());
        event.synthetic = synthetic;
        event.stop_reason.clone_from(&message.stop_reason);
        events.push(event);
    }
    if events.is_empty()
        && let Some(error) = message.error_message.as_deref().filter(|e| !e.trim().is_empty())
    {
        let mut event = base(EventKind::Error, Role::Assistant);
        event.text = Some(error.to_owned());
        event.model = Some(model);
        event.synthetic = synthetic;
        event.stop_reason.clone_from(&message.stop_reason);
        events.push(event);
    }
    if let Some(first) = events.first_mut() {
        first.usage = message.usage;
    }
    events
}

/// Hides what OpenClaw's UIs hide from assistant text (`openclaw-formats.md` §4.7): the directive tags
/// `[[reply_to_current]]`, `[[reply_to: id]]`, `[[audio_as_voice]]`, `<think>…</think>` blocks, the `<final>` tags
/// (their content stays) and `MEDIA:<url>` lines.
fn strip_directives(text: &str) -> String {
    if !text.contains("[[") && !text.contains('<') && !text.contains("MEDIA:") {
        return text.to_owned();
    }
    let mut out = remove_directive_tags(text);
    out = remove_think_blocks(&out);
    out = out.replace("<final>", "").replace("</final>", "");
    if out.contains("MEDIA:") {
        out = out
            .lines()
            .filter(|line| !line.trim_start().starts_with("MEDIA:"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    out.trim().to_owned()
}

fn remove_directive_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[[") {
        let (before, tail) = rest.split_at(start);
        out.push_str(before);
        let known_end = tail.find("]]").filter(|&end| {
            let inner = tail.get(2..end).unwrap_or_default().trim();
            inner == "reply_to_current" || inner == "audio_as_voice" || inner.starts_with("reply_to:")
        });
        if let Some(end) = known_end {
            rest = tail.get(end + 2..).unwrap_or_default();
        } else {
            out.push_str("[[");
            rest = tail.get(2..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
}

fn remove_think_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<think>") {
        out.push_str(rest.get(..start).unwrap_or_default());
        let tail = rest.get(start..).unwrap_or_default();
        rest = tail
            .find("</think>")
            .and_then(|end| tail.get(end + "</think>".len()..))
            .unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn tool_result_event(message: &Message, base: &dyn Fn(EventKind, Role) -> Event) -> Event {
    let text = join_text(&message.content);
    let details = message.tool_details.as_ref();
    let mut status = tool_status(message.is_error, details);
    let mut kind = EventKind::ToolResult;
    let mut spawn = None;
    if message.tool_name.as_deref() == Some("sessions_spawn") {
        let info = spawn_result(details, &text);
        if info.status.as_deref().is_some_and(is_failed_status) {
            status = ToolStatus::Error;
        }
        if status == ToolStatus::Ok
            && info.child_session_key.is_some()
            && info
                .status
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case("accepted"))
        {
            kind = EventKind::SubagentSpawn;
        }
        spawn = Some(info);
    }
    // Without `details.status`, a structured result (`{"status":"error",…}` as the whole text) still counts.
    let result_status = if details.is_none_or(|d| d.status.is_none()) {
        result_json_status(&text)
    } else {
        None
    };
    if result_status.as_deref().is_some_and(is_failed_status) {
        status = ToolStatus::Error;
    }
    let mut event = base(kind, Role::ToolResult);
    event.text = (!text.is_empty()).then_some(text);
    event.tool = Some(ToolInfo {
        name: message.tool_name.clone(),
        call_id: message.tool_call_id.clone(),
        arguments: None,
        is_error: message.is_error,
        details_status: details.and_then(|d| d.status.clone()),
        exit_code: details.and_then(|d| d.exit_code),
        result_status,
        status: Some(status),
    });
    event.spawn = spawn;
    event
}

fn is_failed_status(status: &str) -> bool {
    let status = status.trim();
    FAILED_STATUSES.iter().any(|f| status.eq_ignore_ascii_case(f))
}

/// The top-level `status` of a tool result whose whole text is a JSON object.
fn result_json_status(text: &str) -> Option<String> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct StatusJson {
        status: LooseStr,
    }
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        return None;
    }
    serde_json::from_str::<LooseObj<StatusJson>>(trimmed)
        .ok()?
        .0?
        .status
        .0
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct SpawnJson {
    task: LooseStr,
    label: LooseStr,
    agent_id: LooseStr,
    status: LooseStr,
    child_session_key: LooseStr,
    run_id: LooseStr,
    mode: LooseStr,
    error: LooseStr,
}

fn spawn_json(text: &str) -> Option<SpawnJson> {
    let trimmed = text.trim();
    if !trimmed.starts_with('{') {
        return None;
    }
    serde_json::from_str::<LooseObj<SpawnJson>>(trimmed)
        .ok()
        .and_then(|o| o.0)
}

fn spawn_request(arguments: &RawJson) -> Option<SpawnInfo> {
    let args = spawn_json(arguments.get())?;
    Some(SpawnInfo {
        task: args.task.0,
        label: args.label.0,
        agent_id: args.agent_id.0,
        ..SpawnInfo::default()
    })
}

fn spawn_result(details: Option<&ToolDetails>, text: &str) -> SpawnInfo {
    let mut info = SpawnInfo::default();
    if let Some(details) = details {
        info.child_session_key.clone_from(&details.child_session_key);
        info.run_id.clone_from(&details.run_id);
        info.status.clone_from(&details.status);
        info.mode.clone_from(&details.mode);
        info.error.clone_from(&details.error);
    }
    if info.child_session_key.is_none()
        && info.status.is_none()
        && let Some(json) = spawn_json(text)
    {
        info.child_session_key = json.child_session_key.0;
        info.run_id = json.run_id.0;
        info.status = json.status.0;
        info.mode = json.mode.0;
        info.error = json.error.0;
    }
    info
}

fn input_events(message: &Message, base: &dyn Fn(EventKind, Role) -> Event) -> Vec<Event> {
    let mut events = Vec::new();
    let role = match &message.role {
        Role::Unknown => Role::User,
        other => other.clone(),
    };
    let raw = join_text(&message.content);
    if !raw.trim().is_empty() {
        let envelope = parse_envelope(&raw);
        let provenance = message.provenance.as_ref();
        let source_tool = provenance.and_then(|p| p.source_tool.as_deref());
        let completion = envelope
            .internal_context
            .iter()
            .find_map(|c| c.task_completion.clone());
        let is_announce =
            completion.is_some() || matches!(source_tool, Some("subagent_announce" | "subagent_settle"));
        let kind = if is_announce {
            EventKind::SubagentAnnounce
        } else if provenance.and_then(|p| p.kind.as_deref()) == Some("inter_session")
            || envelope.inter_session.is_some()
        {
            EventKind::InterSession
        } else if envelope.subagent_task.is_some() {
            EventKind::SubagentTask
        } else if envelope.clean_text.is_empty() && !envelope.system_events.is_empty() {
            EventKind::SystemEvent
        } else {
            EventKind::Message
        };
        let mut event = base(kind, role.clone());
        if is_announce {
            let mut announce = completion.unwrap_or_default();
            if announce.session_key.is_none() {
                announce.session_key = provenance.and_then(|p| p.source_session_key.clone());
            }
            event.announce = Some(announce);
        }
        event.block_index = message
            .content
            .iter()
            .position(|b| matches!(b, ContentBlock::Text { .. }))
            .and_then(block_index);
        event.provenance.clone_from(&message.provenance);
        if envelope.has_metadata() {
            event.raw_text = Some(raw);
            // An announce is all metadata: show the child's result (or the block text) instead of nothing.
            let shown = if envelope.clean_text.is_empty() && is_announce {
                event
                    .announce
                    .as_ref()
                    .and_then(|a| a.result.clone())
                    .or_else(|| envelope.internal_context.first().map(|c| c.text.clone()))
                    .unwrap_or_default()
            } else {
                envelope.clean_text.clone()
            };
            event.text = Some(shown);
            event.envelope = Some(Box::new(envelope));
        } else {
            event.text = Some(envelope.clean_text);
        }
        events.push(event);
    }
    for (i, block) in message.content.iter().enumerate() {
        if let ContentBlock::Image { mime_type, .. } = block {
            let mut event = base(EventKind::Image, role.clone());
            event.text.clone_from(mime_type);
            event.block_index = block_index(i);
            events.push(event);
        }
    }
    events
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::transcript::parse_line;

    fn events(line: &str) -> Vec<Event> {
        events_from_entry(&parse_line(line.as_bytes()).unwrap().unwrap())
    }

    #[test]
    fn user_message_kinds_come_from_provenance_and_envelope() {
        let ev = events(
            r#"{"type":"message","message":{"role":"user","content":"System: [2026-04-02 17:43:10 GMT+8] Exec completed (kind-orb, code 0) :: ok"}}"#,
        );
        assert_eq!(ev[0].kind, EventKind::SystemEvent);
        assert_eq!(ev[0].text.as_deref(), Some(""));
        let env = ev[0].envelope.as_ref().unwrap();
        assert_eq!(env.system_events[0].exec.as_ref().unwrap().code, Some(0));

        let ev = events(
            r#"{"type":"message","message":{"role":"user","content":"please rotate logs","provenance":{"kind":"inter_session","sourceSessionKey":"agent:main:main","sourceTool":"sessions_send"}}}"#,
        );
        assert_eq!(ev[0].kind, EventKind::InterSession);
        assert_eq!(
            ev[0].provenance.as_ref().unwrap().source_tool.as_deref(),
            Some("sessions_send")
        );

        let ev = events(
            r#"{"type":"message","message":{"role":"user","content":"[Subagent Context] You are running as a subagent (depth 1/1).\n\n[Subagent Task]: count files"}}"#,
        );
        assert_eq!(ev[0].kind, EventKind::SubagentTask);
        assert_eq!(ev[0].text.as_deref(), Some("count files"));

        // Announce known only from provenance: the child key comes from there.
        let ev = events(
            r#"{"type":"message","message":{"role":"user","content":"done: 3 files","provenance":{"kind":"inter_session","sourceSessionKey":"agent:ops:subagent:1","sourceTool":"subagent_settle"}}}"#,
        );
        assert_eq!(ev[0].kind, EventKind::SubagentAnnounce);
        assert_eq!(
            ev[0].announce.as_ref().unwrap().session_key.as_deref(),
            Some("agent:ops:subagent:1")
        );
        assert_eq!(ev[0].text.as_deref(), Some("done: 3 files"));
    }

    #[test]
    fn chat_text_mentioning_spawn_is_not_a_spawn() {
        let ev = events(
            r#"{"type":"message","message":{"role":"assistant","content":[{"type":"text","text":"status accepted, childSessionKey agent:x:subagent:1 spawned"}]}}"#,
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].kind, EventKind::Message);
        assert!(ev[0].spawn.is_none());
        let ev = events(
            r#"{"type":"message","message":{"role":"toolResult","toolName":"exec","content":[{"type":"text","text":"{\"status\":\"accepted\",\"childSessionKey\":\"agent:x:subagent:1\"}"}]}}"#,
        );
        assert_eq!(ev[0].kind, EventKind::ToolResult);
        assert!(ev[0].spawn.is_none());
    }

    #[test]
    fn kind_names_match_serde() {
        for kind in [
            EventKind::Message,
            EventKind::Thinking,
            EventKind::ToolCall,
            EventKind::ToolResult,
            EventKind::Image,
            EventKind::ModelChange,
            EventKind::ThinkingLevelChange,
            EventKind::Compaction,
            EventKind::BranchSummary,
            EventKind::CustomMessage,
            EventKind::InterSession,
            EventKind::SubagentSpawn,
            EventKind::SubagentAnnounce,
            EventKind::SubagentTask,
            EventKind::SystemEvent,
            EventKind::Error,
            EventKind::Reset,
        ] {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.as_str())
            );
        }
        for status in [ToolStatus::Ok, ToolStatus::Error] {
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::from(status.as_str())
            );
        }
    }

    #[test]
    fn directives_are_hidden() {
        assert_eq!(strip_directives("<think>plan</think><final>done</final>"), "done");
        assert_eq!(
            strip_directives("see chart\nMEDIA:https://x.test/a.png"),
            "see chart"
        );
        assert_eq!(strip_directives("a < b"), "a < b");
        assert_eq!(strip_directives("[[reply_to_current]] hi"), "hi");
        assert_eq!(strip_directives("a [[reply_to: 12]]b"), "a b");
        assert_eq!(strip_directives("keep [[this]]"), "keep [[this]]");
    }

    #[test]
    fn usage_is_on_the_first_event_only() {
        let ev = events(
            r#"{"type":"message","message":{"role":"assistant","content":[{"type":"thinking","thinking":"x"},{"type":"text","text":"y"}],"usage":{"input":1,"output":2}}}"#,
        );
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].usage.unwrap().output, 2);
        assert!(ev[1].usage.is_none());
    }

    #[test]
    fn spawn_result_from_text() {
        let ev = events(
            r#"{"type":"message","message":{"role":"toolResult","toolName":"sessions_spawn","toolCallId":"c1","content":[{"type":"text","text":"{\n  \"status\": \"accepted\",\n  \"childSessionKey\": \"agent:ops:subagent:8e41\",\n  \"runId\": \"f2a7\"\n}"}],"isError":false}}"#,
        );
        assert_eq!(ev[0].kind, EventKind::SubagentSpawn);
        let spawn = ev[0].spawn.as_ref().unwrap();
        assert_eq!(
            spawn.child_session_key.as_deref(),
            Some("agent:ops:subagent:8e41")
        );
        assert_eq!(spawn.run_id.as_deref(), Some("f2a7"));
    }

    #[test]
    fn structured_result_text_counts_without_details() {
        let ev = events(
            r#"{"type":"message","message":{"role":"toolResult","toolName":"exec","content":[{"type":"text","text":"{\n  \"status\": \"error\",\n  \"tool\": \"exec\"\n}"}],"isError":false}}"#,
        );
        let tool = ev[0].tool.as_ref().unwrap();
        assert_eq!(tool.result_status.as_deref(), Some("error"));
        assert_eq!(tool.status, Some(ToolStatus::Error));
        // Chat-like text that merely mentions an error is not a status.
        let ev = events(
            r#"{"type":"message","message":{"role":"toolResult","toolName":"exec","content":[{"type":"text","text":"status: error (just a log line)"}]}}"#,
        );
        assert_eq!(ev[0].tool.as_ref().unwrap().status, Some(ToolStatus::Ok));
    }

    #[test]
    fn refused_spawn_is_an_error_tool_result() {
        let ev = events(
            r#"{"type":"message","message":{"role":"toolResult","toolName":"sessions_spawn","content":[{"type":"text","text":"{\"status\":\"forbidden\",\"error\":\"depth\"}"}]}}"#,
        );
        assert_eq!(ev[0].kind, EventKind::ToolResult);
        assert_eq!(ev[0].tool.as_ref().unwrap().status, Some(ToolStatus::Error));
    }

    #[test]
    fn assistant_error_without_content() {
        let ev = events(
            r#"{"type":"message","message":{"role":"assistant","content":[],"stopReason":"error","errorMessage":"429 rate limited"}}"#,
        );
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].kind, EventKind::Error);
    }
}
