//! Property (issue 6 §2): the tail reader returns exactly the last N events of the full reader, for random
//! transcripts (lines yielding 0, 1 or several events, blank lines, CRLF, a half-written last line) and random N.
#![allow(clippy::unwrap_used)]

use camino::Utf8PathBuf;
use clawscope::state::{LineReader, tail_lines};
use clawscope_core::event::count_events;
use proptest::prelude::*;

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#"{"type":"message","id":"a","message":{"role":"user","content":"hello"}}"#.to_owned()),
        Just(r#"{"type":"message","id":"b","message":{"role":"assistant","content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"ok"},{"type":"toolCall","id":"1","name":"exec","arguments":{}}]}}"#.to_owned()),
        Just(r#"{"type":"message","id":"c","message":{"role":"toolResult","toolCallId":"1","toolName":"exec","content":[{"type":"text","text":"done"}]}}"#.to_owned()),
        Just(r#"{"type":"session","version":3,"id":"s"}"#.to_owned()),
        Just(r#"{"type":"model_change","provider":"openai","modelId":"gpt"}"#.to_owned()),
        Just("not json".to_owned()),
        Just(String::new()),
        "[a-z ]{0,20}".prop_map(|t| format!(r#"{{"type":"message","message":{{"role":"user","content":"{t}"}}}}"#)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn tail_is_the_last_n_events_of_the_full_read(
        lines in proptest::collection::vec((line(), any::<bool>()), 0..60),
        partial in proptest::option::of("[{a-z\":]{1,12}"),
        want in 1usize..40,
    ) {
        let mut text = String::new();
        for (l, crlf) in &lines {
            text.push_str(l);
            text.push_str(if *crlf { "\r\n" } else { "\n" });
        }
        if let Some(p) = &partial {
            text.push_str(p);
        }
        let dir = tempfile::tempdir().unwrap();
        let path = Utf8PathBuf::from_path_buf(dir.path().join("t.jsonl")).unwrap();
        std::fs::write(&path, &text).unwrap();

        // Full read: complete lines with their events, in file order.
        let mut full: Vec<(u64, Vec<u8>, usize)> = Vec::new();
        let mut reader = LineReader::new(std::fs::File::open(&path).unwrap());
        while let Some(l) = reader.next_line().unwrap() {
            let events = count_events(l.bytes);
            if l.complete && events > 0 {
                full.push((l.offset, l.bytes.to_vec(), events));
            }
        }
        // The newest lines that together hold at least `want` events.
        let mut expected = Vec::new();
        let mut sum = 0;
        for item in full.iter().rev() {
            if sum >= want {
                break;
            }
            sum += item.2;
            expected.push(item.clone());
        }
        expected.reverse();

        let tail = tail_lines(&path, want, count_events).unwrap();
        let got: Vec<(u64, Vec<u8>, usize)> = tail.lines.iter().map(|l| (l.offset, l.bytes.clone(), l.events)).collect();
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(tail.events, sum);
        if sum < want {
            prop_assert!(tail.reached_start, "fewer events than wanted, so the whole file was read");
        }
    }
}
