//! Test oracle: the original session-key parser, kept verbatim (it lower-cased every segment into a new
//! `String`, collected the segments into vectors and joined them again for every field), and property tests
//! showing the single-pass parser in `parse.rs` gives the same key or the same error for every input.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::{MAX_SESSION_KEY_CHARS, PeerKind, SessionKey, SessionKeyKind};
use crate::{Error, Result};

pub(super) fn oracle_parse(text: &str) -> Result<SessionKey> {
    let key = text.trim();
    if key.is_empty() {
        return Err(Error::invalid_session_key(text, "empty key"));
    }
    if key.chars().count() > MAX_SESSION_KEY_CHARS {
        return Err(Error::invalid_session_key(
            text,
            format!("longer than {MAX_SESSION_KEY_CHARS} characters"),
        ));
    }
    if key.chars().any(char::is_control) {
        return Err(Error::invalid_session_key(text, "contains control characters"));
    }
    let original: Vec<&str> = key.split(':').collect();
    if original.iter().any(|s| s.trim().is_empty()) {
        return Err(Error::invalid_session_key(text, "empty ':' segment"));
    }
    let is_agent = original.first().is_some_and(|s| s.eq_ignore_ascii_case("agent"));
    if is_agent && original.len() < 3 {
        return Err(Error::invalid_session_key(
            text,
            "an agent key needs agent:<agentId>:<rest>",
        ));
    }
    let offset = if is_agent { 2 } else { 0 };
    let opaque = opaque_range(&original, offset);
    let segments: Vec<String> = original
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if opaque.contains(&i) {
                (*s).to_owned()
            } else {
                s.to_lowercase()
            }
        })
        .collect();
    let agent_id = if is_agent {
        let id = segments.get(1).cloned().unwrap_or_default();
        if !valid_agent_id(&id) {
            return Err(Error::invalid_session_key(
                text,
                format!("invalid agent id {id:?}"),
            ));
        }
        Some(id)
    } else {
        None
    };
    let rest = segments.get(offset..).unwrap_or_default();
    let prefix = agent_id
        .as_deref()
        .map_or_else(String::new, |id| format!("agent:{id}:"));
    let mut parsed = SessionKey {
        canonical: segments.join(":"),
        kind: SessionKeyKind::Other,
        agent_id,
        rest: rest.join(":"),
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
    classify(&mut parsed, rest, &prefix);
    if parsed.legacy && parsed.kind == SessionKeyKind::Other {
        parsed.kind = SessionKeyKind::Legacy;
    }
    Ok(parsed)
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
fn opaque_range(original: &[&str], offset: usize) -> std::ops::Range<usize> {
    let lower = |i: usize| original.get(i).map(|s| s.to_ascii_lowercase());
    let is_room_kind = |i: usize| lower(i).is_some_and(|s| s == "group" || s == "channel");
    match lower(offset).as_deref() {
        Some("matrix") => {
            if is_room_kind(offset + 1) {
                offset + 2..original.len()
            } else if is_room_kind(offset + 2) {
                offset + 3..original.len()
            } else {
                0..0
            }
        }
        Some("signal") => {
            if lower(offset + 1).as_deref() == Some("group") {
                offset + 2..offset + 3
            } else if lower(offset + 2).as_deref() == Some("group") {
                offset + 3..offset + 4
            } else {
                0..0
            }
        }
        _ => 0..0,
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

fn join(segments: &[String]) -> String {
    segments.join(":")
}

fn classify(key: &mut SessionKey, segs: &[String], prefix: &str) {
    let n = segs.len();
    let first = segs.first().map_or("", String::as_str);
    // `<base>:heartbeat`
    if n >= 2 && segs.last().is_some_and(|s| s == "heartbeat") {
        let base = segs.get(..n - 1).unwrap_or_default();
        classify(key, base, prefix);
        key.kind = SessionKeyKind::Heartbeat;
        key.parent = Some(format!("{prefix}{}", join(base)));
        return;
    }
    // `<base>:thread:<id>` (the last marker wins; the thread id may itself contain ':').
    if let Some(i) = segs.iter().rposition(|s| s == "thread")
        && i >= 1
        && i + 1 < n
        && !matches!(first, "subagent" | "cron" | "acp" | "hook" | "explicit")
    {
        let base = segs.get(..i).unwrap_or_default();
        classify(key, base, prefix);
        key.thread_id = Some(join(segs.get(i + 1..).unwrap_or_default()));
        key.kind = SessionKeyKind::Thread;
        key.parent = Some(format!("{prefix}{}", join(base)));
        return;
    }
    let tail = |from: usize| Some(join(segs.get(from..).unwrap_or_default()));
    match (first, n) {
        ("main", 1) => key.kind = SessionKeyKind::Main,
        ("global", 1) => key.kind = SessionKeyKind::Global,
        ("unknown", 1) => key.kind = SessionKeyKind::Unknown,
        ("subagent", _) if n >= 2 => {
            key.kind = SessionKeyKind::Subagent;
            key.id = tail(1);
        }
        ("cron", _) if n >= 4 && segs.get(2).is_some_and(|s| s == "run") => {
            key.kind = SessionKeyKind::CronRun;
            key.id = segs.get(1).cloned();
            key.run_id = tail(3);
            key.parent = Some(format!("{prefix}cron:{}", segs.get(1).map_or("", String::as_str)));
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
        _ => classify_peer(key, segs, prefix),
    }
}

/// Direct / group / channel shapes, with or without channel and account.
fn classify_peer(key: &mut SessionKey, segs: &[String], prefix: &str) {
    let n = segs.len();
    let seg = |i: usize| segs.get(i).map_or("", String::as_str);
    // (index of the peer-kind segment, channel, account)
    let shape = if n >= 2 && peer_kind(seg(0)).is_some() {
        Some((0, None, None))
    } else if n >= 3 && peer_kind(seg(1)).is_some() {
        Some((1, Some(seg(0)), None))
    } else if n >= 4 && peer_kind(seg(2)).is_some() {
        Some((2, Some(seg(0)), Some(seg(1))))
    } else {
        None
    };
    let Some((at, channel, account)) = shape else {
        key.kind = SessionKeyKind::Other;
        if n == 1 {
            key.id = segs.first().cloned();
        }
        return;
    };
    let Some((kind, legacy_dm)) = peer_kind(seg(at)) else {
        return;
    };
    let peer = segs.get(at + 1..).unwrap_or_default();
    key.channel = channel.map(str::to_owned);
    key.account_id = account.map(str::to_owned);
    key.peer_kind = Some(kind);
    key.legacy_dm = legacy_dm;
    key.kind = kind_of_peer(kind);
    // Telegram forum topics: `<chatId>:topic:<threadId>` inside a group peer.
    if kind != PeerKind::Direct
        && let Some(t) = peer.iter().rposition(|s| s == "topic")
        && t >= 1
        && t + 1 < peer.len()
    {
        let chat = peer.get(..t).unwrap_or_default();
        key.peer_id = Some(join(chat));
        key.topic_id = Some(join(peer.get(t + 1..).unwrap_or_default()));
        key.kind = SessionKeyKind::Topic;
        let base_len = at + 1 + t;
        key.parent = Some(format!(
            "{prefix}{}",
            join(segs.get(..base_len).unwrap_or_default())
        ));
        return;
    }
    key.peer_id = Some(join(peer));
}

/// Asserts the parser and the oracle agree on `text`: the same key (every field) or the same error.
fn check(text: &str) -> std::result::Result<(), TestCaseError> {
    let new = super::parse::parse(text);
    let old = oracle_parse(text);
    prop_assert_eq!(format!("{new:?}"), format!("{old:?}"), "input {:?}", text);
    if let (Ok(new), Ok(old)) = (&new, &old) {
        prop_assert_eq!(new, old);
        prop_assert_eq!(new.to_json(), old.to_json());
    }
    Ok(())
}

/// Segments that steer the classifier, in several cases, plus non-ASCII ones whose lower case is special (a
/// final sigma, a dotted capital I, the Kelvin sign that lower-cases to ASCII `k`).
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "agent", "Agent", "AGENT", "main", "Main", "global", "unknown", "direct", "DIRECT", "dm", "group",
            "Group", "channel", "thread", "THREAD", "topic", "heartbeat", "subagent", "cron", "run", "acp", "hook",
            "HOO\u{212a}", "explicit", "node-", "node-X1", "matrix", "Matrix", "signal", "SIGNAL", "telegram",
            "feishu", "Slack", "ops", "opc-ops-agent", "-x", "A_b", "ΑΣ", "ΣΑΣ", "İx", "Ünï", "\u{212a}", " a ", "a b",
            "!RoomId", "Example.org", "$Ev1", "AbCdEf==",
        ])
        .prop_map(str::to_owned),
        3 => "[a-zA-Z0-9_=.$!-]{1,8}",
        1 => "[a-z0-9][a-z0-9_-]{63,66}",
        1 => prop::sample::select(vec!["", " ", "\t", "\u{7}", "\u{85}", "x\u{0}y"]).prop_map(str::to_owned),
    ]
}

fn session_key_text() -> impl Strategy<Value = String> {
    let padding = prop::sample::select(vec!["", " ", "\n", "\u{a0}"]);
    (padding.clone(), prop::collection::vec(segment(), 1..9), padding)
        .prop_map(|(before, segments, after)| format!("{before}{}{after}", segments.join(":")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn parser_matches_the_oracle(text in session_key_text()) {
        check(&text)?;
    }

    #[test]
    fn parser_matches_the_oracle_on_agent_keys(
        agent in prop::sample::select(vec!["main", "ops", "Ops", "-x", "a\u{212a}"]),
        rest in prop::collection::vec(segment(), 1..8),
    ) {
        check(&format!("agent:{agent}:{}", rest.join(":")))?;
    }

    #[test]
    fn parser_matches_the_oracle_on_any_text(text in "\\PC{0,40}|[a-z:]{0,40}") {
        check(&text)?;
    }
}

#[test]
fn parser_matches_the_oracle_on_hand_picked_keys() {
    let keys = [
        "",
        "   ",
        ":",
        "a:",
        ":a",
        "agent:main",
        "agent::main",
        "agent:main: :x",
        "agent:-x:main",
        "Agent:Main:Matrix:Channel:!RoomId:Example.org:thread:$Ev1",
        "agent:main:signal:group:AbCdEf==:thread:X1",
        "agent:main:signal:x:group:AbCdEf==",
        "agent:main:matrix:acc:group:!R:E.org",
        "matrix:group:!R:E.org",
        "signal:group:AbC",
        "agent:ops:telegram:group:-100:topic:7:thread:9",
        "agent:ops:telegram:group:-100:topic:7:heartbeat",
        "agent:ops:cron:job:run:r1:heartbeat",
        "agent:ops:cron:job:run",
        "cron:job:run:r",
        "thread:x",
        "a:thread:b",
        "subagent:thread:b",
        "agent:ops:main:heartbeat:heartbeat",
        "node-",
        "node-abc",
        "dm:x",
        "x:y:z:dm:w",
        "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e",
        "ΑΣ:ΣΑΣ",
        "agent:main:ΑΣ:direct:ΣΑΣ",
        "HOO\u{212a}:x",
    ];
    for key in keys {
        check(key).unwrap();
    }
    for n in [239, 240, 241] {
        check(&"a".repeat(n)).unwrap();
        check(&"é".repeat(n)).unwrap();
        check(&format!(" {} ", "a:".repeat(n / 2))).unwrap();
    }
    check(&vec!["a"; 120].join(":")).unwrap();
    check(&vec!["a"; 121].join(":")).unwrap();
}
