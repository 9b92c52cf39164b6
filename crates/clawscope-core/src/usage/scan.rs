//! The fast path of [`usage_record_from_line`](super::usage_record_from_line): one validating pass over the
//! line's bytes that keeps only what [`usage_record`](super::usage_record) reads and skips everything else
//! without building it.
//!
//! The scan answers [`Unsure`] — and the caller parses the line into a `serde_json::Value` instead — whenever it
//! could disagree with that parse:
//!
//! - the line is not valid UTF-8, or holds a byte below `0x20` anywhere (JSON allows none inside strings; raw
//!   tabs or line breaks between tokens are legal but never written by OpenClaw);
//! - any syntax error (the `Value` parse would reject the line too, but its verdict is kept as the reference);
//! - a `\u` escape of a UTF-16 surrogate (the `Value` parse pairs or rejects them);
//! - a key that is read, or could be read (any key of the line, `message`, `usage` or `usage.cost` objects),
//!   spelled with an escape, or appearing twice (the `Value` keeps the last one);
//! - nesting deeper than [`MAX_DEPTH`] (the `Value` parse stops at 128);
//! - a number with an exponent or more than [`PLAIN_NUMBER_MAX`] bytes that `serde_json` itself does not accept
//!   on its own (an overflow to infinity is an error there).
//!
//! Numbers that are read go through `serde_json`'s own number parser (a plain decimal integer of at most 19
//! digits is read directly: both give the same `u64`), and read strings with escapes through its string
//! parser, so values agree bit for bit. The rules of [`usage_record`](super::usage_record) (and of
//! [`line_timestamp`](crate::history::line_timestamp) and [`synthetic_kind`](crate::history::synthetic_kind)
//! that it calls) are applied to the extracted fields in [`Fields::record`]. The property tests in
//! `usage/scan_props.rs` compare both paths on generated and mutated lines (and check that lines made only of
//! forms the scan promises to decide never fall back); `tests/usage_scan.rs` pins a table of edge cases.

use std::borrow::Cow;

use serde_json::Value;

use super::{UsageRecord, count, infer_provider, utc_day};
use crate::time::iso_millis;

/// Deepest nesting the scan follows (the `Value` parse's limit is 128).
const MAX_DEPTH: u32 = 100;

/// Longest number token that is certainly accepted by the `Value` parse when it has no exponent.
const PLAIN_NUMBER_MAX: usize = 100;

/// The scan cannot promise the `Value` parse's answer: parse the line into a `Value` instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unsure;

type Scan<T> = Result<T, Unsure>;

/// The usage record of a raw line, or [`Unsure`].
pub(super) fn usage_record(line: &[u8]) -> Scan<Option<UsageRecord>> {
    let text = std::str::from_utf8(line).map_err(|_| Unsure)?;
    if has_control_byte(line) {
        return Err(Unsure);
    }
    let mut scanner = Scanner {
        text,
        bytes: line,
        pos: 0,
        depth: 0,
    };
    scanner.ws();
    if scanner.peek() != Some(b'{') {
        // Whatever follows, valid or not, a line that is not an object has no usage record.
        return Ok(None);
    }
    let mut fields = Fields::default();
    scanner.object(&mut fields, Level::Line)?;
    scanner.ws();
    if scanner.pos != line.len() {
        return Err(Unsure);
    }
    fields.record()
}

/// Whether any byte is below `0x20` (eight bytes at a time).
fn has_control_byte(bytes: &[u8]) -> bool {
    const LOW: u64 = u64::from_ne_bytes([0x20; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut found = 0u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(word);
        // A high bit survives only when some byte is below 0x20 (a borrow can mark a higher byte too, but only
        // after a real hit in a lower one), so the answer for the word is exact.
        found |= x.wrapping_sub(LOW) & !x & HIGH;
    }
    found != 0 || chunks.remainder().iter().any(|b| *b < 0x20)
}

/// One extracted value.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Tok<'a> {
    /// The key did not appear.
    #[default]
    Absent,
    /// A string, with its quotes; `escaped` when it holds a backslash.
    Str { quoted: &'a str, escaped: bool },
    /// A number token (grammar-checked).
    Num(&'a str),
    /// An object.
    Object,
    /// An array, `true`, `false` or `null`.
    Other,
}

impl<'a> Tok<'a> {
    /// The string value (`Value::as_str`).
    fn as_str(self) -> Scan<Option<Cow<'a, str>>> {
        match self {
            Tok::Str {
                quoted,
                escaped: false,
            } => Ok(quoted.get(1..quoted.len().saturating_sub(1)).map(Cow::Borrowed)),
            Tok::Str {
                quoted,
                escaped: true,
            } => serde_json::from_str::<String>(quoted)
                .map(|s| Some(Cow::Owned(s)))
                .map_err(|_| Unsure),
            _ => Ok(None),
        }
    }

    /// The number value as `serde_json` would hold it.
    fn as_number(self) -> Scan<Option<Value>> {
        let Tok::Num(token) = self else {
            return Ok(None);
        };
        if token.len() <= 19 && token.bytes().all(|b| b.is_ascii_digit()) {
            // The grammar check already refused a leading zero; 19 digits always fit a u64.
            return token
                .parse::<u64>()
                .map(|n| Some(Value::from(n)))
                .map_err(|_| Unsure);
        }
        serde_json::from_str::<Value>(token).map(Some).map_err(|_| Unsure)
    }

    fn is_present(self) -> bool {
        self != Tok::Absent
    }
}

/// Which object is being scanned (what its keys mean).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    /// The line itself.
    Line,
    /// `message`.
    Message,
    /// `message.usage`.
    Usage,
    /// `message.usage.cost`.
    Cost,
}

/// The counters of `usage`, in [`Fields::counts`] order.
const COUNT_KEYS: [&str; 5] = ["input", "output", "cacheRead", "cacheWrite", "totalTokens"];

/// Everything [`super::usage_record`] reads from a line.
#[derive(Debug, Default)]
struct Fields<'a> {
    kind: Tok<'a>,
    timestamp: Tok<'a>,
    message: Tok<'a>,
    role: Tok<'a>,
    model: Tok<'a>,
    provider: Tok<'a>,
    message_timestamp: Tok<'a>,
    delivery_mirror: Tok<'a>,
    usage: Tok<'a>,
    counts: [Tok<'a>; 5],
    cost: Tok<'a>,
    cost_total: Tok<'a>,
}

impl<'a> Fields<'a> {
    /// The slot of `key` in an object of `level`, if the record reads it.
    fn slot(&mut self, level: Level, key: &str) -> Option<&mut Tok<'a>> {
        Some(match (level, key) {
            (Level::Line, "type") => &mut self.kind,
            (Level::Line, "timestamp") => &mut self.timestamp,
            (Level::Line, "message") => &mut self.message,
            (Level::Message, "role") => &mut self.role,
            (Level::Message, "model") => &mut self.model,
            (Level::Message, "provider") => &mut self.provider,
            (Level::Message, "timestamp") => &mut self.message_timestamp,
            (Level::Message, "openclawDeliveryMirror") => &mut self.delivery_mirror,
            (Level::Message, "usage") => &mut self.usage,
            (Level::Usage, "cost") => &mut self.cost,
            (Level::Usage, _) => {
                let i = COUNT_KEYS.iter().position(|k| *k == key)?;
                self.counts.get_mut(i)?
            }
            (Level::Cost, "total") => &mut self.cost_total,
            _ => return None,
        })
    }

    /// [`super::usage_record`] applied to the extracted fields.
    fn record(&self) -> Scan<Option<UsageRecord>> {
        if self.kind.as_str()?.as_deref() != Some("message") || self.message != Tok::Object {
            return Ok(None);
        }
        if self.role.as_str()?.as_deref() != Some("assistant") || self.delivery_mirror.is_present() {
            return Ok(None);
        }
        let model = self.model.as_str()?;
        let provider = self.provider.as_str()?;
        if provider.as_deref() == Some("openclaw")
            && matches!(model.as_deref(), Some("delivery-mirror" | "gateway-injected"))
        {
            return Ok(None);
        }
        if self.usage != Tok::Object {
            return Ok(None);
        }
        let mut counts = [None; 5];
        for (slot, tok) in counts.iter_mut().zip(self.counts) {
            *slot = tok.as_number()?.as_ref().and_then(count);
        }
        let [input, output, cache_read, cache_write, total] = counts;
        let (input, output, cache_read, cache_write) = (
            input.unwrap_or(0),
            output.unwrap_or(0),
            cache_read.unwrap_or(0),
            cache_write.unwrap_or(0),
        );
        let total = total.filter(|t| *t > 0).unwrap_or_else(|| {
            input
                .saturating_add(output)
                .saturating_add(cache_read)
                .saturating_add(cache_write)
        });
        let cost = if self.cost == Tok::Object {
            self.cost_total.as_number()?.as_ref().and_then(Value::as_f64)
        } else {
            None
        };
        let cost = cost.filter(|c| c.is_finite() && *c >= 0.0).unwrap_or(0.0);
        let model = model.map(Cow::into_owned);
        let provider = provider
            .map(Cow::into_owned)
            .or_else(|| model.as_deref().map(infer_provider).map(str::to_owned));
        let timestamp = self.line_timestamp()?;
        let day = timestamp.as_deref().and_then(utc_day);
        Ok(Some(UsageRecord {
            timestamp,
            day,
            model,
            provider,
            input,
            output,
            cache_read,
            cache_write,
            total_tokens: total,
            cost,
        }))
    }

    /// [`crate::history::line_timestamp`] of the extracted fields.
    fn line_timestamp(&self) -> Scan<Option<String>> {
        match self.timestamp {
            tok @ Tok::Str { .. } => {
                if let Some(s) = tok.as_str()?
                    && !s.trim().is_empty()
                {
                    return Ok(Some(s.trim().to_owned()));
                }
            }
            tok @ Tok::Num(_) => return Ok(tok.as_number()?.and_then(|n| n.as_i64()).and_then(iso_millis)),
            _ => {}
        }
        Ok(match self.message_timestamp {
            tok @ Tok::Num(_) => tok.as_number()?.and_then(|n| n.as_i64()).and_then(iso_millis),
            tok @ Tok::Str { .. } => tok
                .as_str()?
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_owned()),
            _ => None,
        })
    }
}

/// A cursor over the line.
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips JSON whitespace.
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Consumes `byte` (after whitespace) or fails.
    fn expect(&mut self, byte: u8) -> Scan<()> {
        self.ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Unsure)
        }
    }

    /// One more level of nesting.
    fn enter(&mut self) -> Scan<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(Unsure)
        } else {
            Ok(())
        }
    }

    /// An object at the cursor whose keys mean what `level` says; the keys read are stored in `fields`.
    fn object(&mut self, fields: &mut Fields<'a>, level: Level) -> Scan<()> {
        self.expect(b'{')?;
        self.enter()?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.ws();
            let Tok::Str { quoted, escaped } = self.string()? else {
                return Err(Unsure);
            };
            if escaped {
                // An escaped key could spell a key that is read.
                return Err(Unsure);
            }
            let key = quoted.get(1..quoted.len().saturating_sub(1)).ok_or(Unsure)?;
            self.expect(b':')?;
            self.ws();
            let nested = match (level, key) {
                (Level::Line, "message") => Some(Level::Message),
                (Level::Message, "usage") => Some(Level::Usage),
                (Level::Usage, "cost") => Some(Level::Cost),
                _ => None,
            };
            let tok = match nested {
                Some(inner) if self.peek() == Some(b'{') => {
                    // Refuse a repeated key before its value's fields are stored.
                    if fields.slot(level, key).is_some_and(|t| t.is_present()) {
                        return Err(Unsure);
                    }
                    self.object(fields, inner)?;
                    Tok::Object
                }
                _ => self.value()?,
            };
            if let Some(slot) = fields.slot(level, key) {
                if slot.is_present() {
                    return Err(Unsure);
                }
                *slot = tok;
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(Unsure),
            }
        }
    }

    /// A string at the cursor (the cursor is on its opening quote), checked: escapes well-formed, no surrogate.
    fn string(&mut self) -> Scan<Tok<'a>> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return Err(Unsure);
        }
        self.pos += 1;
        let mut escaped = false;
        loop {
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let i = memchr::memchr2(b'"', b'\\', rest).ok_or(Unsure)?;
            self.pos += i;
            if self.peek() == Some(b'"') {
                self.pos += 1;
                let quoted = self.text.get(start..self.pos).ok_or(Unsure)?;
                return Ok(Tok::Str { quoted, escaped });
            }
            escaped = true;
            self.pos += 1;
            match self.peek() {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
                Some(b'u') => {
                    let hex = self.text.get(self.pos + 1..self.pos + 5).ok_or(Unsure)?;
                    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Err(Unsure);
                    }
                    let unit = u32::from_str_radix(hex, 16).map_err(|_| Unsure)?;
                    if (0xD800..=0xDFFF).contains(&unit) {
                        return Err(Unsure);
                    }
                    self.pos += 5;
                }
                _ => return Err(Unsure),
            }
        }
    }

    /// A number at the cursor, grammar-checked (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    fn number(&mut self) -> Scan<Tok<'a>> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Unsure),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        let mut exponent = false;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            exponent = true;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        let token = self.text.get(start..self.pos).ok_or(Unsure)?;
        if (exponent || token.len() > PLAIN_NUMBER_MAX) && serde_json::from_str::<Value>(token).is_err() {
            return Err(Unsure);
        }
        Ok(Tok::Num(token))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Scan<()> {
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err(Unsure);
        }
        self.digits();
        Ok(())
    }

    /// `word` at the cursor.
    fn literal(&mut self, word: &[u8]) -> Scan<()> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Unsure)
        }
    }

    /// One scalar at the cursor (after whitespace); `None` when the cursor is on `{` or `[`.
    fn scalar(&mut self) -> Scan<Option<Tok<'a>>> {
        self.ws();
        Ok(Some(match self.peek() {
            Some(b'"') => self.string()?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.literal(b"true").map(|()| Tok::Other)?,
            Some(b'f') => self.literal(b"false").map(|()| Tok::Other)?,
            Some(b'n') => self.literal(b"null").map(|()| Tok::Other)?,
            Some(b'{' | b'[') => return Ok(None),
            _ => return Err(Unsure),
        }))
    }

    /// Any value at the cursor, checked and skipped; scalars are returned, containers only by kind.
    ///
    /// Iterative: `stack` holds one bit per open container (1 = object), so depth costs no native stack.
    fn value(&mut self) -> Scan<Tok<'a>> {
        let base = self.depth;
        let mut stack: u128 = 0;
        let mut outer = None;
        loop {
            // Expecting a value.
            if let Some(tok) = self.scalar()? {
                if self.depth == base {
                    return Ok(tok);
                }
            } else {
                let object = self.peek() == Some(b'{');
                outer.get_or_insert(if object { Tok::Object } else { Tok::Other });
                self.pos += 1;
                self.enter()?;
                stack = (stack << 1) | u128::from(object);
                self.ws();
                let close = if object { b'}' } else { b']' };
                if self.peek() == Some(close) {
                    self.pos += 1;
                    self.depth -= 1;
                    stack >>= 1;
                    if self.depth == base {
                        return outer.ok_or(Unsure);
                    }
                } else {
                    if object {
                        self.key()?;
                    }
                    continue;
                }
            }
            // After a value inside a container: a separator or closers.
            loop {
                self.ws();
                let in_object = stack & 1 == 1;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if in_object {
                            self.ws();
                            self.key()?;
                        }
                        break;
                    }
                    Some(b'}') if in_object => {}
                    Some(b']') if !in_object => {}
                    _ => return Err(Unsure),
                }
                self.pos += 1;
                self.depth -= 1;
                stack >>= 1;
                if self.depth == base {
                    return outer.ok_or(Unsure);
                }
            }
        }
    }

    /// A key of a skipped object and its colon.
    fn key(&mut self) -> Scan<()> {
        self.ws();
        self.string()?;
        self.expect(b':')
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn scan(line: &str) -> Scan<Option<UsageRecord>> {
        usage_record(line.as_bytes())
    }

    fn reference(line: &str) -> Option<UsageRecord> {
        serde_json::from_str::<Value>(line)
            .ok()
            .and_then(|v| super::super::usage_record(&v))
    }

    const TYPICAL: &str = r#"{"type":"message","id":"a1","parentId":"a0","timestamp":"2026-09-25T14:13:21.500Z","message":{"role":"assistant","content":[{"type":"toolCall","id":"call_0","name":"exec","arguments":{"command":"sh run.sh 0","usage":{"input":99}}}],"api":"openai-responses","provider":"openai","model":"gpt-5.2","usage":{"input":435,"output":607,"cacheRead":0,"cacheWrite":0,"totalTokens":1042,"cost":{"input":0.001,"output":0.002,"cacheRead":0,"cacheWrite":0,"total":0.003}},"stopReason":"toolUse","timestamp":1790000001500}}"#;

    #[test]
    fn a_typical_assistant_line_is_read_without_falling_back() {
        let got = scan(TYPICAL).unwrap();
        assert_eq!(got, reference(TYPICAL));
        let r = got.unwrap();
        assert_eq!((r.input, r.output, r.total_tokens), (435, 607, 1042));
        assert_eq!(r.day.as_deref(), Some("2026-09-25"));
    }

    #[test]
    fn lines_without_a_record_are_decided_without_falling_back() {
        for line in [
            r#"{"type":"message","message":{"role":"user","content":[{"type":"text","text":"hi \"there\" \u00e9"}]}}"#,
            r#"{"type":"session","version":3}"#,
            "[1,2,3]",
            r#""text""#,
            r#"{"type":"message","message":{"role":"assistant","provider":"openclaw","model":"delivery-mirror","usage":{}}}"#,
            r#"{"type":"message","message":{"role":"assistant","openclawDeliveryMirror":null,"usage":{}}}"#,
            r#"{"type":"message","message":{"role":"assistant","usage":[]}}"#,
            r#"{"type":"message","message":"assistant"}"#,
        ] {
            assert_eq!(scan(line), Ok(reference(line)), "{line}");
        }
    }

    #[test]
    fn doubtful_lines_fall_back() {
        for line in [
            "{\"type\":\"message\",\t\"message\":{}}",
            r#"{"type":"message","type":"message","message":{}}"#,
            r#"{"typ\u0065":"message","message":{}}"#,
            r#"{"type":"message","message":{"role":"assistant","usage":{"input":1,"input":2}}}"#,
            r#"{"type":"message","message":{"content":"\ud83d\ude00"}}"#,
            r#"{"type":"message","message":{"n":1e400}}"#,
            r#"{"type":"message","message":{"n":01}}"#,
            r#"{"type":"message"} x"#,
            r#"{"type":"message","message":{"role":"assistant""#,
        ] {
            assert_eq!(scan(line), Err(Unsure), "{line}");
        }
        assert_eq!(usage_record(b"{\"type\":\"\xff\"}"), Err(Unsure));
    }

    #[test]
    fn the_control_byte_check_sees_every_position() {
        for len in 0..20 {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = 0x1f;
                assert!(has_control_byte(&bytes), "{len} {at}");
                bytes[at] = 0x20;
                assert!(!has_control_byte(&bytes));
                bytes[at] = 0xff;
                assert!(!has_control_byte(&bytes));
            }
        }
    }

    #[test]
    fn deep_skipped_nesting_is_followed_up_to_the_limit() {
        let shallow = format!(
            r#"{{"type":"message","message":{{"role":"assistant","content":{}1{},"usage":{{"input":1}}}}}}"#,
            "[".repeat(90),
            "]".repeat(90)
        );
        assert_eq!(scan(&shallow), Ok(reference(&shallow)));
        assert!(reference(&shallow).is_some());
        let deep = shallow
            .replace(&"[".repeat(90), &"[".repeat(120))
            .replace(&"]".repeat(90), &"]".repeat(120));
        assert_eq!(scan(&deep), Err(Unsure));
    }
}
