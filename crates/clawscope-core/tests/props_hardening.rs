//! Property tests of issue 6 §2 not covered elsewhere (the owner-record round trip and arbitrary bytes to the
//! owner parser live in `gateway/owner.rs`; the tail-vs-full reader property in `clawscope/tests/state_lines.rs`):
//! session-key parse ∘ format, `decide` never owning a record of another port or dir, and arbitrary bytes to
//! every parser giving `Ok` or a typed error, never a panic.
#![allow(clippy::unwrap_used)]

use clawscope_core::ErrorCode;
use clawscope_core::envelope::{parse_envelope, strip_envelope};
use clawscope_core::event::{count_events, summarize_line};
use clawscope_core::gateway::config::{PanelConfig, parse_config_text};
use clawscope_core::gateway::decide::{GatewaySignature, Ownership, decide};
use clawscope_core::gateway::listeners::{
    ListenerFormat, ProcNetFamily, parse_launchctl_print, parse_listeners, parse_lsof_pids,
    parse_netstat_pids, parse_proc_net_tcp, split_host_port,
};
use clawscope_core::gateway::lockfile::parse_lock;
use clawscope_core::gateway::owner::{OwnerRecord, parse_owner_record};
use clawscope_core::gateway::process::{cmdline_args, openclaw_environ, parse_proc_stat, parse_status_uid};
use clawscope_core::gateway::runtime::GatewayRuntime;
use clawscope_core::run_registry::parse_runs_json;
use clawscope_core::session_key::SessionKey;
use clawscope_core::store::parse_session_store;
use clawscope_core::transcript::{parse_line, parse_transcript};
use proptest::prelude::*;

fn segment() -> impl Strategy<Value = String> {
    "[a-z0-9_-]{1,12}"
}

/// Agent ids start with a letter or digit.
fn agent() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9_-]{0,11}"
}

/// Keys shaped like the ones OpenClaw writes (agent keys with channels, peers, threads, sub-agents, cron runs,
/// plus legacy keys).
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        (agent(), segment()).prop_map(|(a, r)| format!("agent:{a}:{r}")),
        (
            agent(),
            segment(),
            prop_oneof![Just("direct"), Just("group"), Just("channel")],
            segment()
        )
            .prop_map(|(a, ch, kind, peer)| format!("agent:{a}:{ch}:{kind}:{peer}")),
        (agent(), segment(), segment(), segment())
            .prop_map(|(a, ch, peer, t)| format!("agent:{a}:{ch}:group:{peer}:thread:{t}")),
        (agent(), segment()).prop_map(|(a, id)| format!("agent:{a}:subagent:{id}")),
        (agent(), segment(), segment()).prop_map(|(a, j, r)| format!("agent:{a}:cron:{j}:run:{r}")),
        segment(),
        (segment(), segment()).prop_map(|(a, b)| format!("{a}:{b}")),
    ]
}

fn is_typed(code: ErrorCode) -> bool {
    // Everything but the catch-all: a parser never reports an internal error for bad input.
    code != ErrorCode::Internal
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// parse ∘ format is the identity on canonical keys, and format ∘ parse is idempotent.
    #[test]
    fn session_key_round_trip(k in key(), pad in "[ \t]{0,2}") {
        let parsed = SessionKey::parse(&format!("{pad}{k}{pad}")).unwrap();
        let again = SessionKey::parse(parsed.as_str()).unwrap();
        prop_assert_eq!(again.as_str(), parsed.as_str());
        prop_assert_eq!(again.kind(), parsed.kind());
        prop_assert_eq!(again.agent_id(), parsed.agent_id());
        prop_assert_eq!(parsed.as_str(), k.as_str(), "lower-case input is already canonical");
    }

    /// Any text: a key or INVALID_SESSION_KEY; a parsed key re-parses to itself.
    #[test]
    fn session_key_any_text(text in any::<String>()) {
        match SessionKey::parse(&text) {
            Ok(k) => {
                let again = SessionKey::parse(k.as_str()).unwrap();
                prop_assert_eq!(again.as_str(), k.as_str());
            }
            Err(e) => prop_assert_eq!(e.code(), ErrorCode::InvalidSessionKey),
        }
    }

    /// `decide` never says owned for a record of another port or another dir, whatever the other fields.
    #[test]
    fn decide_never_owns_another_port_or_dir(
        port in 1u16..,
        other_port in 1u16..,
        dir in "[a-z]{1,8}",
        other_dir in "[a-z]{1,8}",
        pid in proptest::option::of(1u32..100_000),
        live in proptest::option::of(1u32..100_000),
        by_clawpanel in any::<bool>(),
        cli in proptest::option::of("/[a-z]{1,6}/openclaw"),
    ) {
        prop_assume!(port != other_port || dir != other_dir);
        let now = "2026-07-23T11:18:47.123Z".parse().unwrap();
        let mut record = OwnerRecord::claim(other_port, format!("/srv/{other_dir}"), cli.clone(), pid, now);
        if !by_clawpanel {
            record.started_by = Some("someone-else".into());
        }
        let outcome = parse_owner_record(&record.to_json_bytes());
        let sig = GatewaySignature::new(port, format!("/srv/{dir}"), cli);
        let d = decide(&outcome, &sig, &GatewayRuntime::running(live));
        prop_assert_ne!(d.ownership, Ownership::Owned, "{:?}", d);
    }

    /// Arbitrary bytes to every parser: `Ok` or a typed error, never a panic.
    #[test]
    fn any_bytes_to_any_parser(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_owner_record(&bytes);
        let _ = parse_line(&bytes);
        let _ = parse_transcript(&bytes);
        let _ = summarize_line(&bytes);
        let _ = count_events(&bytes);
        for r in [
            parse_session_store(&bytes).map(|_| ()),
            parse_config_text(&bytes).map(|_| ()),
            PanelConfig::parse(&bytes).map(|_| ()),
            parse_lock(&bytes).map(|_| ()),
            parse_runs_json(&bytes).map(|_| ()),
            parse_proc_stat(&text).map(|_| ()),
            SessionKey::parse(&text).map(|_| ()),
        ] {
            if let Err(e) = r {
                prop_assert!(is_typed(e.code()), "{e:?}");
                prop_assert!(!e.to_string().is_empty());
            }
        }
        let _ = parse_envelope(&text);
        let _ = strip_envelope(&text);
        for format in [
            ListenerFormat::Ss,
            ListenerFormat::LsofPids,
            ListenerFormat::Lsof,
            ListenerFormat::ProcNetTcp,
            ListenerFormat::ProcNetTcp6,
            ListenerFormat::Netstat,
        ] {
            let _ = parse_listeners(format, &text, None);
            let _ = parse_listeners(format, &text, Some(18789));
        }
        let _ = parse_lsof_pids(&text);
        let _ = parse_netstat_pids(&text, 18789);
        let _ = parse_proc_net_tcp(&text, ProcNetFamily::V4, Some(18789));
        let _ = parse_proc_net_tcp(&text, ProcNetFamily::V6, None);
        let _ = parse_launchctl_print(&text);
        let _ = split_host_port(&text);
        let _ = cmdline_args(&bytes);
        let _ = openclaw_environ(&bytes);
        let _ = parse_status_uid(&text);
    }

    /// Line-shaped text (mostly JSON-ish) reaches deeper into the parsers than random bytes.
    #[test]
    fn json_shaped_text_to_the_line_parsers(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("{".to_owned()), Just("}".to_owned()), Just("[".to_owned()), Just("]".to_owned()),
                Just("\"type\":\"message\"".to_owned()), Just("\"message\":".to_owned()),
                Just("\"role\":\"assistant\"".to_owned()), Just("\"content\":".to_owned()),
                Just("\"usage\":{\"input\":1e308,\"totalTokens\":-1}".to_owned()),
                Just(",".to_owned()), Just(":".to_owned()), Just("null".to_owned()),
                Just("\"text\":\"x\"".to_owned()), Just("\"type\":\"toolCall\"".to_owned()),
                "[ -~]{0,6}",
            ],
            0..40,
        )
    ) {
        let line = parts.concat();
        let _ = parse_line(line.as_bytes());
        let _ = summarize_line(line.as_bytes());
        let _ = parse_transcript(line.as_bytes());
        if let Err(e) = parse_session_store(line.as_bytes()) {
            prop_assert_eq!(e.code(), ErrorCode::StoreCorrupt);
        }
    }
}

/// Pieces of assistant lines, including the edge cases of the light usage parse (null and duplicate fields,
/// exponents, escapes, nesting).
fn usage_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#"{"type":"message","timestamp":"2026-04-02T09:00:03.500Z","message":{"role":"assistant","#.to_owned()),
        Just(r#""usage":{"input":12,"output":48,"cacheRead":9100,"totalTokens":9460,"cost":{"total":0.0045}},"#.to_owned()),
        Just(r#""usage":{"input":1e2,"output":-3,"totalTokens":0},"#.to_owned()),
        Just(r#""usage":null,"#.to_owned()),
        Just(r#""openclawDeliveryMirror":null,"#.to_owned()),
        Just(r#""provider":"openclaw","model":"gateway-injected","#.to_owned()),
        Just(r#""model":"claude-x","#.to_owned()),
        Just(r#""role":"assistant","#.to_owned()),
        Just(r#""timestamp":1790000000000,"#.to_owned()),
        Just(r#""content":[{"type":"text","text":"a\"b\\u0041"}],"#.to_owned()),
        Just(r#""content":[[[[[[1e400]]]]]],"#.to_owned()),
        Just("\"x\":\"\t\",".to_owned()),
        Just(r#""type":"message","#.to_owned()),
        Just(r#""message":"text","#.to_owned()),
        Just(r#""z":0}}"#.to_owned()),
        Just("}".to_owned()),
        "[ -~]{0,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The light usage parse gives exactly what parsing the whole line into a `Value` gives.
    #[test]
    fn usage_record_from_line_equals_the_value_path(parts in proptest::collection::vec(usage_piece(), 1..12)) {
        use clawscope_core::usage::{usage_record, usage_record_from_line};
        let line = parts.concat();
        let expected = serde_json::from_slice::<serde_json::Value>(line.as_bytes()).ok().and_then(|v| usage_record(&v));
        prop_assert_eq!(usage_record_from_line(line.as_bytes()), expected, "{}", line);
    }
}
