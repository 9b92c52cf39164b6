//! The session-key parser: validate, lower-case outside opaque spans, then classify the segments.
//!
//! The canonical key is built once; segments are byte ranges of it, so a run of segments (a peer id, a thread
//! id, the rest, a parent) is a slice of the canonical key and each field costs one copy.

use std::borrow::Cow;

use super::{MAX_SESSION_KEY_CHARS, PeerKind, SessionKey, SessionKeyKind};
use crate::{Error, Result};

/// The most segments a valid key can have: every segment holds at least one character and a `:` follows all
/// but the last.
const MAX_SEGMENTS: usize = MAX_SESSION_KEY_CHARS.div_ceil(2);

pub(super) fn parse(text: &str) -> Result<SessionKey> {
    let key = text.trim();
    if key.is_empty() {
        return Err(Error::invalid_session_key(text, "empty key"));
    }
    // A key of at most that many bytes has at most that many characters.
    if key.len() > MAX_SESSION_KEY_CHARS && key.chars().count() > MAX_SESSION_KEY_CHARS {
        return Err(Error::invalid_session_key(
            text,
            format!("longer than {MAX_SESSION_KEY_CHARS} characters"),
        ));
    }
    let ascii = key.is_ascii();
    let control = if ascii {
        // No early exit: a fold over the bytes vectorises.
        key.bytes().fold(false, |seen, b| seen | b.is_ascii_control())
    } else {
        key.chars().any(char::is_control)
    };
    if control {
        return Err(Error::invalid_session_key(text, "contains control characters"));
    }
    let mut key_ends = [0usize; MAX_SEGMENTS];
    let count = segment_ends(key, &mut key_ends)
        .ok_or_else(|| Error::invalid_session_key(text, "empty ':' segment"))?;
    let original = Segs {
        text: key,
        start: 0,
        ends: key_ends.get(..count).unwrap_or_default(),
    };
    if (0..count).any(|i| original.seg(i).chars().all(char::is_whitespace)) {
        return Err(Error::invalid_session_key(text, "empty ':' segment"));
    }
    let is_agent = original.first().eq_ignore_ascii_case("agent");
    if is_agent && count < 3 {
        return Err(Error::invalid_session_key(
            text,
            "an agent key needs agent:<agentId>:<rest>",
        ));
    }
    let offset = if is_agent { 2 } else { 0 };
    let opaque = opaque_range(original, offset);

    let (canonical, ends) = canonical_key(original, &opaque, ascii);
    let all = Segs {
        text: &canonical,
        start: 0,
        ends: &ends,
    };
    let agent_id = if is_agent {
        let id = all.seg(1);
        if !valid_agent_id(id) {
            return Err(Error::invalid_session_key(
                text,
                format!("invalid agent id {id:?}"),
            ));
        }
        Some(id.to_owned())
    } else {
        None
    };
    let rest = all.slice(offset, all.len());
    let mut parsed = SessionKey {
        canonical: String::new(),
        kind: SessionKeyKind::Other,
        agent_id,
        rest: rest.join().to_owned(),
        channel: None,
        account_id: None,
        peer_kind: None,
        peer_id: None,
        thread_id: None,
        topic_id: None,
        id: None,
        run_id: None,
        parent: None,
        legacy: !is_agent,
        legacy_dm: false,
    };
    classify(&mut parsed, rest);
    if parsed.legacy && parsed.kind == SessionKeyKind::Other {
        parsed.kind = SessionKeyKind::Legacy;
    }
    parsed.canonical = canonical;
    Ok(parsed)
}

/// Fills `ends` with where each `:`-separated segment of `key` ends and returns how many there are, in one pass
/// without allocating. `None` when there are more than [`MAX_SEGMENTS`], which in a key of at most
/// [`MAX_SESSION_KEY_CHARS`] characters means some segment is empty.
fn segment_ends(key: &str, ends: &mut [usize; MAX_SEGMENTS]) -> Option<usize> {
    let mut count = 0;
    let colons = memchr::memchr_iter(b':', key.as_bytes());
    for end in colons.chain(std::iter::once(key.len())) {
        *ends.get_mut(count)? = end;
        count += 1;
    }
    Some(count)
}

/// The canonical key (each segment lower-cased on its own, except the `opaque` ones) and where its segments
/// end: `original.ends` for an ASCII key (lower-casing ASCII keeps every byte offset), else new offsets.
fn canonical_key<'e>(
    original: Segs<'e>,
    opaque: &std::ops::Range<usize>,
    ascii: bool,
) -> (String, Cow<'e, [usize]>) {
    let count = original.len();
    if ascii {
        let mut canonical = original.text.to_owned();
        for i in (0..count).filter(|i| !opaque.contains(i)) {
            let end = original.ends.get(i).copied().unwrap_or_default();
            if let Some(segment) = canonical.get_mut(original.start_of(i)..end) {
                segment.make_ascii_lowercase();
            }
        }
        return (canonical, Cow::Borrowed(original.ends));
    }
    let mut canonical = String::with_capacity(original.text.len());
    let mut ends = Vec::with_capacity(count);
    for i in 0..count {
        if i > 0 {
            canonical.push(':');
        }
        let segment = original.seg(i);
        if opaque.contains(&i) {
            canonical.push_str(segment);
        } else {
            // Like `str::to_lowercase` of the segment alone (a final sigma depends on what follows it).
            canonical.push_str(&segment.to_lowercase());
        }
        ends.push(canonical.len());
    }
    (canonical, Cow::Owned(ends))
}

/// A run of consecutive segments of the canonical key.
#[derive(Clone, Copy)]
struct Segs<'a> {
    /// The whole canonical key.
    text: &'a str,
    /// Where the first segment starts.
    start: usize,
    /// Where each segment ends.
    ends: &'a [usize],
}

impl<'a> Segs<'a> {
    fn len(self) -> usize {
        self.ends.len()
    }

    fn start_of(self, i: usize) -> usize {
        match i.checked_sub(1) {
            None => self.start,
            Some(prev) => self.ends.get(prev).map_or(self.start, |end| end + 1),
        }
    }

    /// Segment `i`, or `""` past the end.
    fn seg(self, i: usize) -> &'a str {
        self.ends
            .get(i)
            .and_then(|&end| self.text.get(self.start_of(i)..end))
            .unwrap_or_default()
    }

    fn first(self) -> &'a str {
        self.seg(0)
    }

    /// Segments `from..to`.
    fn slice(self, from: usize, to: usize) -> Segs<'a> {
        Segs {
            text: self.text,
            start: self.start_of(from),
            ends: self.ends.get(from..to).unwrap_or_default(),
        }
    }

    fn from(self, from: usize) -> Segs<'a> {
        self.slice(from, self.len())
    }

    fn upto(self, to: usize) -> Segs<'a> {
        self.slice(0, to)
    }

    /// The segments joined with `:` (a slice of the canonical key).
    fn join(self) -> &'a str {
        self.ends
            .last()
            .and_then(|&end| self.text.get(self.start..end))
            .unwrap_or_default()
    }

    /// The canonical key up to the end of these segments: `agent:<id>:` plus the segments, for a run that
    /// starts at the key's rest.
    fn key_through(self) -> String {
        let end = self.ends.last().copied().unwrap_or(self.start);
        self.text.get(..end).unwrap_or_default().to_owned()
    }

    fn rposition(self, word: &str) -> Option<usize> {
        (0..self.len()).rev().find(|&i| self.seg(i) == word)
    }
}

/// `[a-z0-9][a-z0-9_-]{0,63}` (`normalizeAgentId`'s output alphabet).
fn valid_agent_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// Segment indices whose case is kept: a Signal group id (one segment) and a Matrix group/channel tail.
fn opaque_range(original: Segs<'_>, offset: usize) -> std::ops::Range<usize> {
    let is = |i: usize, word: &str| original.seg(i).eq_ignore_ascii_case(word);
    let is_room_kind = |i: usize| is(i, "group") || is(i, "channel");
    if is(offset, "matrix") {
        if is_room_kind(offset + 1) {
            offset + 2..original.len()
        } else if is_room_kind(offset + 2) {
            offset + 3..original.len()
        } else {
            0..0
        }
    } else if is(offset, "signal") {
        if is(offset + 1, "group") {
            offset + 2..offset + 3
        } else if is(offset + 2, "group") {
            offset + 3..offset + 4
        } else {
            0..0
        }
    } else {
        0..0
    }
}

fn peer_kind(segment: &str) -> Option<(PeerKind, bool)> {
    match segment {
        "direct" => Some((PeerKind::Direct, false)),
        "dm" => Some((PeerKind::Direct, true)),
        "group" => Some((PeerKind::Group, false)),
        "channel" => Some((PeerKind::Channel, false)),
        _ => None,
    }
}

fn kind_of_peer(kind: PeerKind) -> SessionKeyKind {
    match kind {
        PeerKind::Direct => SessionKeyKind::Direct,
        PeerKind::Group => SessionKeyKind::Group,
        PeerKind::Channel => SessionKeyKind::Channel,
    }
}

/// Classifies `segs`, a run of segments starting at the key's rest (parents are canonical-key prefixes).
fn classify(key: &mut SessionKey, segs: Segs<'_>) {
    let n = segs.len();
    let first = segs.first();
    // `<base>:heartbeat`
    if n >= 2 && segs.seg(n - 1) == "heartbeat" {
        let base = segs.upto(n - 1);
        classify(key, base);
        key.kind = SessionKeyKind::Heartbeat;
        key.parent = Some(base.key_through());
        return;
    }
    // `<base>:thread:<id>` (the last marker wins; the thread id may itself contain ':').
    if let Some(i) = segs.rposition("thread")
        && i >= 1
        && i + 1 < n
        && !matches!(first, "subagent" | "cron" | "acp" | "hook" | "explicit")
    {
        let base = segs.upto(i);
        classify(key, base);
        key.thread_id = Some(segs.from(i + 1).join().to_owned());
        key.kind = SessionKeyKind::Thread;
        key.parent = Some(base.key_through());
        return;
    }
    let tail = |from: usize| Some(segs.from(from).join().to_owned());
    match (first, n) {
        ("main", 1) => key.kind = SessionKeyKind::Main,
        ("global", 1) => key.kind = SessionKeyKind::Global,
        ("unknown", 1) => key.kind = SessionKeyKind::Unknown,
        ("subagent", _) if n >= 2 => {
            key.kind = SessionKeyKind::Subagent;
            key.id = tail(1);
        }
        ("cron", _) if n >= 4 && segs.seg(2) == "run" => {
            key.kind = SessionKeyKind::CronRun;
            key.id = Some(segs.seg(1).to_owned());
            key.run_id = tail(3);
            key.parent = Some(segs.upto(2).key_through());
        }
        ("cron", _) if n >= 2 => {
            key.kind = SessionKeyKind::Cron;
            key.id = tail(1);
        }
        ("acp", _) if n >= 2 => {
            key.kind = SessionKeyKind::Acp;
            key.id = tail(1);
        }
        ("hook", _) if n >= 2 => {
            key.kind = SessionKeyKind::Hook;
            key.id = tail(1);
        }
        ("explicit", _) if n >= 2 => {
            key.kind = SessionKeyKind::Other;
            key.id = tail(1);
        }
        (node, 1) if node.len() > 5 && node.starts_with("node-") => {
            key.kind = SessionKeyKind::Node;
            key.id = node.get(5..).map(str::to_owned);
        }
        _ => classify_peer(key, segs),
    }
}

/// Direct / group / channel shapes, with or without channel and account.
fn classify_peer(key: &mut SessionKey, segs: Segs<'_>) {
    let n = segs.len();
    // (index of the peer-kind segment, channel, account)
    let shape = if n >= 2 && peer_kind(segs.seg(0)).is_some() {
        Some((0, None, None))
    } else if n >= 3 && peer_kind(segs.seg(1)).is_some() {
        Some((1, Some(segs.seg(0)), None))
    } else if n >= 4 && peer_kind(segs.seg(2)).is_some() {
        Some((2, Some(segs.seg(0)), Some(segs.seg(1))))
    } else {
        None
    };
    let Some((at, channel, account)) = shape else {
        key.kind = SessionKeyKind::Other;
        if n == 1 {
            key.id = Some(segs.first().to_owned());
        }
        return;
    };
    let Some((kind, legacy_dm)) = peer_kind(segs.seg(at)) else {
        return;
    };
    let peer = segs.from(at + 1);
    key.channel = channel.map(str::to_owned);
    key.account_id = account.map(str::to_owned);
    key.peer_kind = Some(kind);
    key.legacy_dm = legacy_dm;
    key.kind = kind_of_peer(kind);
    // Telegram forum topics: `<chatId>:topic:<threadId>` inside a group peer.
    if kind != PeerKind::Direct
        && let Some(t) = peer.rposition("topic")
        && t >= 1
        && t + 1 < peer.len()
    {
        key.peer_id = Some(peer.upto(t).join().to_owned());
        key.topic_id = Some(peer.from(t + 1).join().to_owned());
        key.kind = SessionKeyKind::Topic;
        key.parent = Some(segs.upto(at + 1 + t).key_through());
        return;
    }
    key.peer_id = Some(peer.join().to_owned());
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn per_account_direct() {
        let k = parse("agent:ops:feishu:work:direct:ou_7C1E").unwrap();
        assert_eq!(k.kind, SessionKeyKind::Direct);
        assert_eq!(k.account_id.as_deref(), Some("work"));
        assert_eq!(k.peer_id.as_deref(), Some("ou_7c1e"));
        assert_eq!(k.canonical, "agent:ops:feishu:work:direct:ou_7c1e");
    }

    #[test]
    fn opaque_ids_keep_case() {
        let k = parse("agent:main:signal:group:AbCdEf==:thread:X1").unwrap();
        assert_eq!(k.canonical, "agent:main:signal:group:AbCdEf==:thread:x1");
        let k = parse("Agent:Main:Matrix:Channel:!RoomId:Example.org:thread:$Ev1").unwrap();
        assert_eq!(
            k.canonical,
            "agent:main:matrix:channel:!RoomId:Example.org:thread:$Ev1"
        );
        assert_eq!(k.kind, SessionKeyKind::Thread);
        assert_eq!(k.thread_id.as_deref(), Some("$Ev1"));
        assert_eq!(
            k.parent.as_deref(),
            Some("agent:main:matrix:channel:!RoomId:Example.org")
        );
    }

    #[test]
    fn kind_names_match_serde() {
        for key in [
            "main",
            "agent:a:main",
            "agent:a:direct:x",
            "agent:a:c:group:x",
            "agent:a:c:channel:x",
            "agent:a:c:channel:x:thread:1",
            "agent:a:telegram:group:x:topic:2",
            "agent:a:subagent:u",
            "agent:a:cron:j",
            "agent:a:cron:j:run:r",
            "agent:a:acp:x",
            "agent:a:hook:x",
            "agent:a:main:heartbeat",
            "node-x",
            "global",
            "unknown",
            "zzz",
            "agent:a:zzz",
        ] {
            let k = parse(key).unwrap();
            assert_eq!(
                serde_json::to_value(k.kind).unwrap(),
                serde_json::Value::from(k.kind.as_str()),
                "{key}"
            );
        }
    }

    #[test]
    fn invalid_keys() {
        for bad in [
            "",
            "   ",
            "agent:main",
            "agent::main",
            "agent:main:",
            "a\u{7}b",
            "agent:-x:main",
            "x::y",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse(&"a".repeat(241)).is_err());
        assert!(parse(&"a".repeat(240)).is_ok());
    }
}
