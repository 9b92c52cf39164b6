//! Property tests: hostile input never panics, and the cheap event counter always agrees with the builder.

use clawscope_core::envelope::parse_envelope;
use clawscope_core::event::{count_events, events_from_entry};
use clawscope_core::session_key::SessionKey;
use clawscope_core::transcript::{parse_line, parse_transcript};
use proptest::prelude::*;

/// Fragments that steer random lines towards the interesting shapes.
fn json_line() -> impl Strategy<Value = String> {
    let role = prop_oneof![
        Just("user"),
        Just("assistant"),
        Just("toolResult"),
        Just("custom"),
        Just("x")
    ];
    let block = prop_oneof![
        "[ a-z]{0,8}".prop_map(|t| format!(r#"{{"type":"text","text":"{t}"}}"#)),
        "[ a-z]{0,8}".prop_map(|t| format!(r#"{{"type":"thinking","thinking":"{t}"}}"#)),
        Just(r#"{"type":"toolCall","id":"1","name":"sessions_spawn","arguments":{"task":"t"}}"#.to_owned()),
        Just(r#"{"type":"image","data":"AAAA","mimeType":"image/png"}"#.to_owned()),
        Just(r#"{"type":"weird","text":" "}"#.to_owned()),
        Just("7".to_owned()),
        Just(r#""bare""#.to_owned()),
    ];
    let kind = prop_oneof![
        Just("message"),
        Just("compaction"),
        Just("custom"),
        Just("custom_message"),
        Just("label"),
        Just("reset"),
        Just("model_change"),
        Just("session"),
        Just("nope"),
    ];
    (kind, role, prop::collection::vec(block, 0..4), any::<bool>(), any::<bool>()).prop_map(
        |(kind, role, blocks, string_content, error)| {
            let content = if string_content { r#""System: [t] Exec failed (a, code 1)""#.to_owned() } else { format!("[{}]", blocks.join(",")) };
            let err = if error { r#","errorMessage":"boom""# } else { "" };
            format!(
                r#"{{"type":"{kind}","id":"a","customType":"openclaw:prompt-error","message":{{"role":"{role}","content":{content}{err},"toolName":"sessions_spawn","details":{{"status":"accepted","childSessionKey":"k"}}}}}}"#
            )
        },
    )
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = parse_line(&bytes);
        prop_assert_eq!(count_events(&bytes), match parse_line(&bytes) {
            Ok(Some(entry)) => events_from_entry(&entry).len(),
            _ => 0,
        });
        let t = parse_transcript(&bytes);
        prop_assert!(t.diagnostics.len() as u64 <= t.diagnostic_count);
    }

    #[test]
    fn counter_matches_builder(line in json_line()) {
        let entry = parse_line(line.as_bytes()).unwrap().unwrap();
        prop_assert_eq!(count_events(line.as_bytes()), events_from_entry(&entry).len(), "{}", line);
    }

    #[test]
    fn envelope_never_panics_and_never_grows(text in "\\PC{0,200}") {
        let env = parse_envelope(&text);
        prop_assert!(env.clean_text.len() <= text.len());
    }

    #[test]
    fn envelope_markers_in_random_order(parts in prop::collection::vec(prop_oneof![
        Just("System: [2026-04-02 13:47:16 GMT+8] Exec completed (a, code 0) :: x"),
        Just("[media attached: /a.png (image/png) | /a.png]"),
        Just("Sender: ⟦openclaw:ctx⟧ {\"id\":\"1\"}"),
        Just("Conversation info (untrusted metadata): ```json { \"message_id\": \"m\" } ```"),
        Just("[message_id: m]"),
        Just("<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>"),
        Just("[Subagent Task]:"),
        Just("hello"),
        Just("é"),
    ], 0..8)) {
        for sep in [" ", "\n", "\n\n"] {
            let text = parts.join(sep);
            let env = parse_envelope(&text);
            prop_assert!(env.clean_text.len() <= text.len());
        }
    }

    #[test]
    fn session_keys_round_trip(key in "(agent:[a-z0-9]{1,8}:)?[a-zA-Z0-9!$._+-]{1,12}(:[a-zA-Z0-9!$._+-]{1,12}){0,6}") {
        if let Ok(parsed) = SessionKey::parse(&key) {
            let again = SessionKey::parse(parsed.as_str()).unwrap();
            prop_assert_eq!(&again, &parsed);
            prop_assert!(parsed.as_str().eq_ignore_ascii_case(key.trim()));
            if let Some(parent) = parsed.parent() {
                prop_assert!(parsed.as_str().len() > parent.as_str().len());
            }
        }
    }

    #[test]
    fn session_key_parse_never_panics(key in "\\PC{0,300}") {
        let _ = SessionKey::parse(&key);
    }
}
