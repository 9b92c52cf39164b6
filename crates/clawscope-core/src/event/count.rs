//! Counting the events of a line without building them.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::build::is_prompt_error;
use crate::transcript::{
    ContentBlock, Entry, EntryBody, LooseCow, LooseObj, LooseStr, LooseTime, NonBlank, RawUsage, RawValue,
    Role, SyntheticKind, Usage, synthetic_kind,
};

/// What a tail reader or a usage scan needs from one line, read without building the entry: no text is copied,
/// content blocks are only classified.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LineSummary {
    /// The line's `type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_type: Option<String>,
    /// The entry id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The parent entry id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Epoch ms from `timestamp`, else `message.timestamp` (same rule as [`Entry::timestamp_ms`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp_ms: Option<i64>,
    /// The message role, for `message` lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Assistant provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Assistant model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Assistant usage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// Set for OpenClaw-synthesised assistant rows (exclude them from usage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synthetic: Option<SyntheticKind>,
    /// Tool-result tool name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_name: Option<String>,
    /// How many events [`events_from_entry`](super::events_from_entry) gives for this line.
    pub event_count: usize,
}

/// Summarises one raw line with a light parse (see [`LineSummary`]). `None` for blank and malformed lines.
///
/// ```
/// use clawscope_core::event::summarize_line;
///
/// let line = br#"{"type":"message","id":"e1","timestamp":"2026-04-02T09:00:03.500Z","message":{"role":"assistant","content":[{"type":"text","text":"hi"}],"provider":"openclaw","model":"delivery-mirror","usage":{"input":0,"output":0}}}"#;
/// let s = summarize_line(line).unwrap();
/// assert_eq!(s.event_count, 1);
/// assert_eq!(s.timestamp_ms, Some(1_775_120_403_500));
/// assert!(s.synthetic.is_some());
/// assert!(summarize_line(b"{broken").is_none());
/// ```
pub fn summarize_line(line: &[u8]) -> Option<LineSummary> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if memchr::memchr(0, line).is_some() {
        return None;
    }
    let text = std::str::from_utf8(line).ok()?.trim_ascii();
    if !text.starts_with('{') {
        return None;
    }
    let light = serde_json::from_str::<LightLine>(text).ok()?;
    let mut summary = LineSummary {
        timestamp_ms: light.timestamp.epoch_ms(),
        id: light.id.0,
        parent_id: light.parent_id.0,
        ..LineSummary::default()
    };
    summary.event_count = match light.kind.as_deref() {
        Some("message") => {
            let message = light.message.0.unwrap_or_default();
            let role = message.role.as_deref().map_or(Role::Unknown, Role::parse);
            if summary.timestamp_ms.is_none() {
                summary.timestamp_ms = message.timestamp.epoch_ms();
            }
            summary.synthetic = synthetic_kind(
                &role,
                message.provider.0.as_deref(),
                message.model.0.as_deref(),
                message.openclaw_delivery_mirror.is_some() || message.openclaw_message_tool_mirror.is_some(),
            );
            let count = count_message(&role, message.content.0.into_iter(), message.error_message.0);
            summary.provider = message.provider.0;
            summary.model = message.model.0;
            summary.usage = message.usage.0.map(RawUsage::into_usage);
            summary.tool_name = message.tool_name.0;
            summary.role = Some(role);
            count
        }
        Some(
            "model_change"
            | "thinking_level_change"
            | "compaction"
            | "branch_summary"
            | "custom_message"
            | "reset",
        ) => 1,
        Some("custom") => usize::from(is_prompt_error(light.custom_type.0.as_deref())),
        _ => 0,
    };
    summary.entry_type = light.kind.0.map(std::borrow::Cow::into_owned);
    Some(summary)
}

/// How many events [`events_from_entry`](super::events_from_entry) gives for this raw line, computed with a light
/// parse that copies no text. Malformed and blank lines give 0.
///
/// ```
/// use clawscope_core::event::count_events;
///
/// let line = br#"{"type":"message","message":{"role":"assistant","content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"  "},{"type":"toolCall","id":"1","name":"exec","arguments":{}}]}}"#;
/// assert_eq!(count_events(line), 2); // the blank text block gives no event
/// assert_eq!(count_events(b"{\"type\":\"label\"}"), 0);
/// assert_eq!(count_events(b"not json"), 0);
/// ```
pub fn count_events(line: &[u8]) -> usize {
    summarize_line(line).map_or(0, |s| s.event_count)
}

/// How many events an already parsed entry gives (same rules as [`count_events`]).
pub fn count_entry_events(entry: &Entry) -> usize {
    match &entry.body {
        EntryBody::Message(message) => {
            let blocks = message.content.iter().map(|b| match b {
                ContentBlock::Text { text } => LightBlock {
                    kind: BlockKind::Text,
                    non_blank: !text.trim().is_empty(),
                },
                ContentBlock::Other { text, .. } => LightBlock {
                    kind: BlockKind::OtherText,
                    non_blank: text.as_deref().is_some_and(|t| !t.trim().is_empty()),
                },
                ContentBlock::Thinking { thinking } => LightBlock {
                    kind: BlockKind::Thinking,
                    non_blank: !thinking.trim().is_empty(),
                },
                ContentBlock::ToolCall { .. } => LightBlock {
                    kind: BlockKind::ToolCall,
                    non_blank: true,
                },
                ContentBlock::Image { .. } => LightBlock {
                    kind: BlockKind::Image,
                    non_blank: true,
                },
            });
            count_message(
                &message.role,
                blocks,
                message
                    .error_message
                    .as_deref()
                    .is_some_and(|e| !e.trim().is_empty()),
            )
        }
        EntryBody::ModelChange(_)
        | EntryBody::ThinkingLevelChange(_)
        | EntryBody::Compaction(_)
        | EntryBody::BranchSummary(_)
        | EntryBody::CustomMessage(_)
        | EntryBody::Reset(_) => 1,
        EntryBody::Custom(custom) => usize::from(is_prompt_error(custom.custom_type.as_deref())),
        _ => 0,
    }
}

fn count_message(role: &Role, blocks: impl Iterator<Item = LightBlock>, has_error: bool) -> usize {
    match role {
        Role::ToolResult => 1,
        Role::Assistant => {
            let n = blocks
                .filter(|b| match b.kind {
                    BlockKind::Text | BlockKind::Thinking | BlockKind::OtherText => b.non_blank,
                    BlockKind::ToolCall | BlockKind::Image => true,
                    BlockKind::Ignored => false,
                })
                .count();
            if n == 0 && has_error { 1 } else { n }
        }
        _ => {
            let mut text = false;
            let mut images = 0;
            for b in blocks {
                match b.kind {
                    BlockKind::Text => text |= b.non_blank,
                    BlockKind::Image => images += 1,
                    _ => {}
                }
            }
            usize::from(text) + images
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Text,
    OtherText,
    Thinking,
    ToolCall,
    Image,
    Ignored,
}

#[derive(Clone, Copy)]
struct LightBlock {
    kind: BlockKind,
    non_blank: bool,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct LightLine<'a> {
    #[serde(rename = "type", borrow)]
    kind: LooseCow<'a>,
    id: LooseStr,
    parent_id: LooseStr,
    timestamp: LooseTime,
    #[serde(borrow)]
    message: LooseObj<LightMessage<'a>>,
    custom_type: LooseStr,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct LightMessage<'a> {
    #[serde(borrow)]
    role: LooseCow<'a>,
    content: LightContent,
    error_message: NonBlank,
    timestamp: LooseTime,
    provider: LooseStr,
    model: LooseStr,
    usage: LooseObj<RawUsage>,
    tool_name: LooseStr,
    #[serde(borrow)]
    openclaw_delivery_mirror: Option<&'a RawValue>,
    #[serde(borrow)]
    openclaw_message_tool_mirror: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLightBlock<'a> {
    #[serde(rename = "type", borrow)]
    kind: LooseCow<'a>,
    text: NonBlank,
    thinking: NonBlank,
}

#[derive(Default)]
struct LightContent(Vec<LightBlock>);

impl<'de> Deserialize<'de> for LightContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LightContent;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("content")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LightContent, E> {
                Ok(LightContent(vec![LightBlock {
                    kind: BlockKind::Text,
                    non_blank: !v.trim().is_empty(),
                }]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LightContent, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<LightItem>()? {
                    out.push(item.0);
                }
                Ok(LightContent(out))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<LightContent, A::Error> {
                while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(LightContent::default())
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<LightContent, E> {
                Ok(LightContent::default())
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<LightContent, E> {
                Ok(LightContent::default())
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<LightContent, E> {
                Ok(LightContent::default())
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<LightContent, E> {
                Ok(LightContent::default())
            }
            fn visit_unit<E: de::Error>(self) -> Result<LightContent, E> {
                Ok(LightContent::default())
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One array element: an object block, a bare string (text), or something ignored.
struct LightItem(LightBlock);

impl<'de> Deserialize<'de> for LightItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LightItem;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a block")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<LightItem, A::Error> {
                let raw = RawLightBlock::<'de>::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let (kind, non_blank) = match raw.kind.as_deref() {
                    Some("text") => (BlockKind::Text, raw.text.0),
                    Some("thinking" | "redacted_thinking") => (BlockKind::Thinking, raw.thinking.0),
                    Some("toolCall" | "tool_use" | "toolUse" | "functionCall") => (BlockKind::ToolCall, true),
                    Some("image") => (BlockKind::Image, true),
                    _ => (BlockKind::OtherText, raw.text.0),
                };
                Ok(LightItem(LightBlock { kind, non_blank }))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<LightItem, E> {
                Ok(LightItem(LightBlock {
                    kind: BlockKind::Text,
                    non_blank: !v.trim().is_empty(),
                }))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LightItem, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(LightItem::ignored())
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<LightItem, E> {
                Ok(LightItem::ignored())
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<LightItem, E> {
                Ok(LightItem::ignored())
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<LightItem, E> {
                Ok(LightItem::ignored())
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<LightItem, E> {
                Ok(LightItem::ignored())
            }
            fn visit_unit<E: de::Error>(self) -> Result<LightItem, E> {
                Ok(LightItem::ignored())
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl LightItem {
    fn ignored() -> Self {
        LightItem(LightBlock {
            kind: BlockKind::Ignored,
            non_blank: false,
        })
    }
}
