//! `parse_line`: one JSONL line → [`Entry`], in one serde pass over a flat, lenient shape.

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::loose::{LooseBool, LooseCow, LooseNum, LooseObj, LooseStr, LooseTime, StrLen};
use super::parser::{DiagnosticKind, LineError};
use super::{
    BranchSummary, Compaction, ContentBlock, Cost, Custom, CustomMessage, Entry, EntryBody, Label, Message,
    ModelChange, Provenance, RawJson, Reset, Role, SessionHeader, SessionInfo, ThinkingLevelChange,
    ToolDetails, UnknownEntry, Usage,
};

/// Parses one transcript line (without its `\n`; a trailing `\r` is tolerated).
///
/// Returns `Ok(None)` for a blank line, `Ok(Some(entry))` for any JSON object — unknown `type`s become
/// [`EntryBody::Unknown`] — and a [`LineError`] (never a panic) for invalid UTF-8, NUL bytes, invalid JSON or a
/// JSON value that is not an object. Cost is linear in the line length; large string fields (image data) are
/// measured without being copied.
///
/// ```
/// use clawscope_core::transcript::{parse_line, DiagnosticKind};
///
/// assert!(parse_line(b"   ").unwrap().is_none());
/// assert_eq!(parse_line(b"{\"type\":").unwrap_err().kind, DiagnosticKind::InvalidJson);
/// assert_eq!(parse_line(b"[1,2]").unwrap_err().kind, DiagnosticKind::NotAnObject);
/// let header = parse_line(br#"{"type":"session","version":4,"id":"0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d","timestamp":"2026-11-02T10:00:00.000Z","cwd":"/w"}"#)
///     .unwrap()
///     .unwrap();
/// assert_eq!(header.entry_type(), "session");
/// ```
pub fn parse_line(line: &[u8]) -> Result<Option<Entry>, LineError> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if memchr::memchr(0, line).is_some() {
        return Err(LineError::new(
            DiagnosticKind::NulBytes,
            "line contains NUL bytes",
        ));
    }
    let text = std::str::from_utf8(line).map_err(|e| {
        LineError::new(
            DiagnosticKind::InvalidUtf8,
            format!("invalid UTF-8 at byte {}", e.valid_up_to()),
        )
    })?;
    let trimmed = text.trim_ascii();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if !trimmed.starts_with('{') {
        // Decide between "valid JSON but not an object" and "not JSON" without building a value.
        return Err(match serde_json::from_str::<de::IgnoredAny>(trimmed) {
            Ok(_) => LineError::new(DiagnosticKind::NotAnObject, "JSON value is not an object"),
            Err(e) => LineError::new(DiagnosticKind::InvalidJson, e.to_string()),
        });
    }
    let raw: RawLine<'_> = serde_json::from_str(trimmed)
        .map_err(|e| LineError::new(DiagnosticKind::InvalidJson, e.to_string()))?;
    Ok(Some(raw.into_entry(trimmed)))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawLine<'a> {
    #[serde(rename = "type", borrow)]
    kind: LooseCow<'a>,
    id: LooseStr,
    parent_id: LooseStr,
    timestamp: LooseTime,
    message: LooseObj<RawMessage<'a>>,
    // session header
    version: LooseNum,
    cwd: LooseStr,
    parent_session: LooseStr,
    // model_change
    provider: LooseStr,
    model_id: LooseStr,
    // thinking_level_change
    thinking_level: LooseStr,
    // custom / custom_message
    custom_type: LooseStr,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
    content: RawContent,
    display: LooseBool,
    #[serde(borrow)]
    details: Option<&'a RawValue>,
    // compaction / branch_summary / reset
    summary: LooseStr,
    first_kept_entry_id: LooseStr,
    tokens_before: LooseNum,
    from_hook: LooseBool,
    from_id: LooseStr,
    reason: LooseStr,
    // label / session_info
    target_id: LooseStr,
    label: LooseStr,
    name: LooseStr,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawMessage<'a> {
    #[serde(borrow)]
    role: LooseCow<'a>,
    content: RawContent,
    timestamp: LooseTime,
    api: LooseStr,
    provider: LooseStr,
    model: LooseStr,
    usage: LooseObj<RawUsage>,
    stop_reason: LooseStr,
    error_message: LooseStr,
    response_id: LooseStr,
    tool_call_id: LooseStr,
    tool_name: LooseStr,
    is_error: LooseBool,
    #[serde(borrow)]
    details: Option<&'a RawValue>,
    provenance: LooseObj<RawProvenance>,
    #[serde(borrow)]
    openclaw_delivery_mirror: Option<&'a RawValue>,
    #[serde(borrow)]
    openclaw_message_tool_mirror: Option<&'a RawValue>,
    custom_type: LooseStr,
}

/// `usage`, read leniently (shared with the light line summary).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct RawUsage {
    input: LooseNum,
    output: LooseNum,
    cache_read: LooseNum,
    cache_write: LooseNum,
    total_tokens: LooseNum,
    cost: LooseObj<RawCost>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawCost {
    input: LooseNum,
    output: LooseNum,
    cache_read: LooseNum,
    cache_write: LooseNum,
    total: LooseNum,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawProvenance {
    kind: LooseStr,
    origin_session_id: LooseStr,
    source_session_key: LooseStr,
    source_channel: LooseStr,
    source_tool: LooseStr,
    source_role: LooseStr,
    job_id: LooseStr,
    run_id: LooseStr,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawDetails {
    status: LooseStr,
    exit_code: LooseNum,
    error: LooseStr,
    duration_ms: LooseNum,
    child_session_key: LooseStr,
    run_id: LooseStr,
    mode: LooseStr,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RawBlock<'a> {
    #[serde(rename = "type", borrow)]
    kind: LooseCow<'a>,
    text: LooseStr,
    thinking: LooseStr,
    id: LooseStr,
    name: LooseStr,
    #[serde(borrow)]
    arguments: Option<&'a RawValue>,
    mime_type: LooseStr,
    data: StrLen,
}

/// `content`: a string, an array of blocks, or anything else (treated as empty).
#[derive(Default)]
struct RawContent {
    blocks: Vec<ContentBlock>,
    was_string: bool,
}

impl<'de> Deserialize<'de> for RawContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawContent;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("message content")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawContent, E> {
                Ok(RawContent {
                    blocks: vec![ContentBlock::Text { text: v.to_owned() }],
                    was_string: true,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawContent, A::Error> {
                let mut blocks = Vec::with_capacity(seq.size_hint().unwrap_or(2).min(64));
                while let Some(block) = seq.next_element::<LooseBlock<'de>>()? {
                    if let Some(block) = block.0 {
                        blocks.push(block);
                    }
                }
                Ok(RawContent {
                    blocks,
                    was_string: false,
                })
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawContent, A::Error> {
                while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(RawContent::default())
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<RawContent, E> {
                Ok(RawContent::default())
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<RawContent, E> {
                Ok(RawContent::default())
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<RawContent, E> {
                Ok(RawContent::default())
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawContent, E> {
                Ok(RawContent::default())
            }
            fn visit_unit<E: de::Error>(self) -> Result<RawContent, E> {
                Ok(RawContent::default())
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One element of a content array: an object block, a bare string (as text), or nothing.
struct LooseBlock<'a>(Option<ContentBlock>, std::marker::PhantomData<&'a ()>);

impl<'de> Deserialize<'de> for LooseBlock<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let block = LooseObjOrStr::<RawBlock<'de>>::deserialize(deserializer)?;
        Ok(LooseBlock(
            match block {
                LooseObjOrStr::Obj(raw) => Some(raw.into_block()),
                LooseObjOrStr::Str(text) => Some(ContentBlock::Text { text }),
                LooseObjOrStr::Neither => None,
            },
            std::marker::PhantomData,
        ))
    }
}

enum LooseObjOrStr<T> {
    Obj(T),
    Str(String),
    Neither,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LooseObjOrStr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = LooseObjOrStr<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a content block")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(LooseObjOrStr::Obj)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LooseObjOrStr::Str(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(LooseObjOrStr::Neither)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(LooseObjOrStr::Neither)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(LooseObjOrStr::Neither)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(LooseObjOrStr::Neither)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(LooseObjOrStr::Neither)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(LooseObjOrStr::Neither)
            }
        }
        deserializer.deserialize_any(V(std::marker::PhantomData))
    }
}

impl RawBlock<'_> {
    fn into_block(self) -> ContentBlock {
        match self.kind.as_deref() {
            Some("text") => ContentBlock::Text {
                text: self.text.0.unwrap_or_default(),
            },
            Some("thinking" | "redacted_thinking") => ContentBlock::Thinking {
                thinking: self.thinking.0.unwrap_or_default(),
            },
            Some("toolCall" | "tool_use" | "toolUse" | "functionCall") => ContentBlock::ToolCall {
                id: self.id.0,
                name: self.name.0,
                arguments: self.arguments.map(RawJson::from_raw),
            },
            Some("image") => ContentBlock::Image {
                mime_type: self.mime_type.0,
                data_len: self.data.0.unwrap_or(0),
            },
            other => ContentBlock::Other {
                block_type: other.unwrap_or_default().to_owned(),
                text: self.text.0,
            },
        }
    }
}

fn owned(raw: Option<&RawValue>) -> Option<RawJson> {
    raw.map(RawJson::from_raw)
}

impl RawUsage {
    pub(crate) fn into_usage(self) -> Usage {
        Usage {
            input: self.input.as_u64().unwrap_or(0),
            output: self.output.as_u64().unwrap_or(0),
            cache_read: self.cache_read.as_u64().unwrap_or(0),
            cache_write: self.cache_write.as_u64().unwrap_or(0),
            total_tokens: self.total_tokens.as_u64().unwrap_or(0),
            cost: self.cost.0.map(|c| {
                let input = c.input.0.unwrap_or(0.0);
                let output = c.output.0.unwrap_or(0.0);
                let cache_read = c.cache_read.0.unwrap_or(0.0);
                let cache_write = c.cache_write.0.unwrap_or(0.0);
                Cost {
                    input,
                    output,
                    cache_read,
                    cache_write,
                    total: c.total.0.unwrap_or(input + output + cache_read + cache_write),
                }
            }),
        }
    }
}

impl RawProvenance {
    fn into_provenance(self) -> Provenance {
        Provenance {
            kind: self.kind.0,
            origin_session_id: self.origin_session_id.0,
            source_session_key: self.source_session_key.0,
            source_channel: self.source_channel.0,
            source_tool: self.source_tool.0,
            source_role: self.source_role.0,
            job_id: self.job_id.0,
            run_id: self.run_id.0,
        }
    }
}

/// Reads the well-known fields of a tool result's `details` (a second, small pass over that object only).
pub(crate) fn tool_details(raw: &RawValue) -> Option<ToolDetails> {
    let parsed: LooseObj<RawDetails> = serde_json::from_str(raw.get()).ok()?;
    parsed.0.map(|d| ToolDetails {
        status: d.status.0,
        exit_code: d.exit_code.as_i64(),
        error: d.error.0,
        duration_ms: d.duration_ms.as_u64(),
        child_session_key: d.child_session_key.0,
        run_id: d.run_id.0,
        mode: d.mode.0,
    })
}

impl RawMessage<'_> {
    fn into_message(self) -> Message {
        let tool_details = self.details.and_then(tool_details);
        Message {
            role: self.role.as_deref().map_or(Role::Unknown, Role::parse),
            content: self.content.blocks,
            content_is_string: self.content.was_string,
            timestamp_ms: self.timestamp.epoch_ms(),
            api: self.api.0,
            provider: self.provider.0,
            model: self.model.0,
            usage: self.usage.0.map(RawUsage::into_usage),
            stop_reason: self.stop_reason.0,
            error_message: self.error_message.0,
            response_id: self.response_id.0,
            tool_call_id: self.tool_call_id.0,
            tool_name: self.tool_name.0,
            is_error: self.is_error.0,
            details: owned(self.details),
            tool_details,
            provenance: self.provenance.0.map(RawProvenance::into_provenance),
            openclaw_delivery_mirror: owned(self.openclaw_delivery_mirror),
            openclaw_message_tool_mirror: owned(self.openclaw_message_tool_mirror),
            custom_type: self.custom_type.0,
        }
    }
}

impl RawLine<'_> {
    fn into_entry(self, text: &str) -> Entry {
        let mut timestamp_ms = self.timestamp.epoch_ms();
        let timestamp = match self.timestamp {
            LooseTime::Text(text) => Some(text),
            LooseTime::Number(_) => timestamp_ms.and_then(crate::time::iso_millis),
            LooseTime::None => None,
        };
        let body = match self.kind.as_deref() {
            Some("session") => EntryBody::Session(SessionHeader {
                version: self.version.as_u64().and_then(|v| u32::try_from(v).ok()),
                cwd: self.cwd.0,
                parent_session: self.parent_session.0,
            }),
            Some("message") => {
                let message = self.message.0.map(RawMessage::into_message).unwrap_or_default();
                if timestamp_ms.is_none() {
                    timestamp_ms = message.timestamp_ms;
                }
                EntryBody::Message(Box::new(message))
            }
            Some("model_change") => EntryBody::ModelChange(ModelChange {
                provider: self.provider.0,
                model_id: self.model_id.0,
            }),
            Some("thinking_level_change") => EntryBody::ThinkingLevelChange(ThinkingLevelChange {
                thinking_level: self.thinking_level.0,
            }),
            Some("custom") => EntryBody::Custom(Custom {
                custom_type: self.custom_type.0,
                data: owned(self.data),
            }),
            Some("custom_message") => EntryBody::CustomMessage(CustomMessage {
                custom_type: self.custom_type.0,
                content: self.content.blocks,
                display: self.display.0,
                details: owned(self.details),
            }),
            Some("compaction") => EntryBody::Compaction(Compaction {
                summary: self.summary.0,
                first_kept_entry_id: self.first_kept_entry_id.0,
                tokens_before: self.tokens_before.as_u64(),
                from_hook: self.from_hook.0,
                details: owned(self.details),
            }),
            Some("branch_summary") => EntryBody::BranchSummary(BranchSummary {
                from_id: self.from_id.0,
                summary: self.summary.0,
                from_hook: self.from_hook.0,
                details: owned(self.details),
            }),
            Some("label") => EntryBody::Label(Label {
                target_id: self.target_id.0,
                label: self.label.0,
            }),
            Some("session_info") => EntryBody::SessionInfo(SessionInfo { name: self.name.0 }),
            Some("reset") => EntryBody::Reset(Reset {
                first_kept_entry_id: self.first_kept_entry_id.0,
                reason: self.reason.0,
            }),
            other => EntryBody::Unknown(UnknownEntry {
                entry_type: other.map(str::to_owned),
                // The text was just parsed as a JSON object, so this cannot fail; `null` keeps it total.
                raw: RawJson::from_json(text).unwrap_or_else(RawJson::null),
            }),
        };
        Entry {
            id: self.id.0,
            parent_id: self.parent_id.0,
            timestamp,
            timestamp_ms,
            body,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn entry(line: &str) -> Entry {
        parse_line(line.as_bytes()).unwrap().unwrap()
    }

    #[test]
    fn assistant_with_usage_and_tool_call() {
        let e = entry(
            r#"{"type":"message","id":"e5f6a7b8","parentId":"d4e5f6a7","timestamp":"2026-04-02T09:00:03.500Z","message":{"role":"assistant","content":[{"type":"thinking","thinking":"Run df.","thinkingSignature":"sig-1"},{"type":"toolCall","id":"toolu_01AbC","name":"exec","arguments":{"command":"df -h /"}}],"api":"anthropic-messages","provider":"anthropic","model":"claude-sonnet-4-6","usage":{"input":12,"output":48,"cacheRead":9100,"cacheWrite":300,"totalTokens":9460,"cost":{"input":0.00004,"output":0.0007,"cacheRead":0.0027,"cacheWrite":0.0011,"total":0.0045}},"stopReason":"toolUse","timestamp":1775120400020}}"#,
        );
        let m = e.message().unwrap();
        assert_eq!(m.role, Role::Assistant);
        assert_eq!(m.content.len(), 2);
        match &m.content[1] {
            ContentBlock::ToolCall { id, name, arguments } => {
                assert_eq!(id.as_deref(), Some("toolu_01AbC"));
                assert_eq!(name.as_deref(), Some("exec"));
                assert_eq!(arguments.as_ref().unwrap().get(), r#"{"command":"df -h /"}"#);
            }
            other => panic!("{other:?}"),
        }
        let usage = m.usage.unwrap();
        assert_eq!(usage.cache_read, 9100);
        assert!((usage.cost.unwrap().total - 0.0045).abs() < 1e-12);
        assert_eq!(m.stop_reason.as_deref(), Some("toolUse"));
        assert_eq!(m.synthetic(), None);
    }

    #[test]
    fn mistyped_fields_do_not_lose_the_line() {
        let e = entry(
            r#"{"type":"message","id":7,"parentId":{"x":1},"timestamp":1775120400,"message":{"role":"assistant","content":[1,"bare",{"type":"text","text":5}],"usage":{"input":"12","output":null}}}"#,
        );
        assert_eq!(e.id.as_deref(), Some("7"));
        assert_eq!(e.parent_id, None);
        assert_eq!(e.timestamp_ms, Some(1_775_120_400_000));
        assert_eq!(e.timestamp.as_deref(), Some("2026-04-02T09:00:00.000Z"));
        let m = e.message().unwrap();
        assert_eq!(m.content.len(), 2);
        assert_eq!(m.text(), "bare\n5");
        assert_eq!(m.usage.unwrap().input, 12);
    }

    #[test]
    fn unknown_type_is_kept_raw() {
        let e = entry(r#"{"type":"future_thing","id":"a","payload":[1,2,3]}"#);
        match &e.body {
            EntryBody::Unknown(u) => {
                assert_eq!(u.entry_type.as_deref(), Some("future_thing"));
                assert_eq!(
                    u.raw.get(),
                    r#"{"type":"future_thing","id":"a","payload":[1,2,3]}"#
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_are_typed() {
        assert_eq!(
            parse_line(b"{\"a\":\x00}").unwrap_err().kind,
            DiagnosticKind::NulBytes
        );
        assert_eq!(
            parse_line(b"{\"a\":\"\xff\"}").unwrap_err().kind,
            DiagnosticKind::InvalidUtf8
        );
        assert_eq!(parse_line(b"42").unwrap_err().kind, DiagnosticKind::NotAnObject);
        assert_eq!(parse_line(b"nope").unwrap_err().kind, DiagnosticKind::InvalidJson);
        assert!(parse_line(b"{\"type\":\"label\"}\r").unwrap().is_some());
    }

    #[test]
    fn synthetic_rows_are_recognised() {
        let e = entry(
            r#"{"type":"message","message":{"role":"assistant","content":[{"type":"text","text":"hi"}],"provider":"openclaw","model":"delivery-mirror","api":"openclaw-transcript","usage":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"totalTokens":0}}}"#,
        );
        let m = e.message().unwrap();
        assert_eq!(m.synthetic(), Some(super::super::SyntheticKind::DeliveryMirror));
        assert!(m.usage.unwrap().is_zero());
    }
}
