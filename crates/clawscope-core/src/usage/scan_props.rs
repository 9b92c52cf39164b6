//! Property tests: the fast scan gives exactly what the `Value` path gives, on generated assistant lines (keys
//! in any order, whitespace, escapes, repeated keys, number forms, nulls, decoy `usage` objects in content
//! blocks, synthesised rows) and on byte-level mutations of them (invalid UTF-8, control bytes, broken syntax).
//! Lines built only from forms the scan promises to decide must not fall back.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::Value;

use super::{scan, usage_record, usage_record_from_line};

/// A JSON value to print; scalars and keys are raw tokens.
#[derive(Debug, Clone)]
enum J {
    Raw(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// A generated value, and whether the scan may hand it to the `Value` parse.
#[derive(Debug, Clone)]
struct Gen {
    json: J,
    doubtful: bool,
}

type Entry = Option<(String, Gen)>;

/// Whitespace between tokens (usually none, as OpenClaw writes).
const WS: &[&str] = &["", "", "", "", " ", "  "];

/// Whitespace with the control bytes JSON allows (the scan hands such lines to the `Value` parse).
const CONTROL_WS: &[&str] = &["", " ", "\t", "\n", "\r"];

/// Scalars of skipped places: (token, doubtful).
const SCALARS: &[(&str, bool)] = &[
    ("\"text\"", false),
    ("\"\"", false),
    (r#""a\"b\\c\/\n\r\t\b\f \u00e9\u0041\u20AC""#, false),
    ("\"日本語 ü €\"", false),
    (r#""\ud83d\ude00""#, true),
    (r#""\ud83d""#, true),
    (r#""\udc00x""#, true),
    ("12", false),
    ("-1", false),
    ("0", false),
    ("-0", false),
    ("1.25", false),
    ("-0.5e-2", false),
    ("1e3", false),
    ("1E+400", true),
    ("-1e400", true),
    ("1e-400", false),
    ("123456789012345678901234567890", false),
    ("true", false),
    ("false", false),
    ("null", false),
];

/// Keys of skipped objects (decoys of the keys that are read, and escapes, which are harmless there).
const SKIP_KEYS: &[&str] = &[
    "\"type\"",
    "\"usage\"",
    "\"input\"",
    "\"totalTokens\"",
    "\"cost\"",
    "\"total\"",
    "\"role\"",
    "\"model\"",
    "\"timestamp\"",
    "\"message\"",
    "\"text\"",
    r#""us\u0061ge""#,
    "\"id\"",
];

const NON_OBJECTS: &[(&str, bool)] = &[
    ("null", false),
    ("[]", false),
    ("[{\"input\":1}]", false),
    ("\"usage\"", false),
    ("3", false),
    ("true", false),
];

const TYPES: &[(&str, bool)] = &[
    ("\"message\"", false),
    ("\"message\"", false),
    ("\"message\"", false),
    ("\"message\"", false),
    ("\"message\"", false),
    ("\"message\"", false),
    (r#""mess\u0061ge""#, false),
    ("\"session\"", false),
    ("\"Message\"", false),
    ("1", false),
    ("null", false),
];

const TIMESTAMPS: &[(&str, bool)] = &[
    ("\"2026-04-02T09:00:03.500Z\"", false),
    ("\" 2026-04-02T23:59:59+08:00 \"", false),
    ("\"2026-04-02T23:59:59-08:00\"", false),
    ("\"2026-02-30T00:00:00Z\"", false),
    ("\"not a time\"", false),
    ("\"\"", false),
    ("\"   \"", false),
    (r#""\u0032026-04-02T09:00:00Z""#, false),
    (r#""\t2026-04-02T09:00:00Z""#, false),
    ("1790000001500", false),
    ("1790000001500.5", false),
    ("-1", false),
    ("0", false),
    ("253402300800000", false),
    ("99999999999999999999", false),
    ("1.79e12", false),
    ("null", false),
    ("{}", false),
];

const ROLES: &[(&str, bool)] = &[
    ("\"assistant\"", false),
    ("\"assistant\"", false),
    ("\"assistant\"", false),
    ("\"assistant\"", false),
    ("\"assistant\"", false),
    ("\"assistant\"", false),
    (r#""assist\u0061nt""#, false),
    ("\"user\"", false),
    ("\"Assistant\"", false),
    ("null", false),
];

const PROVIDERS: &[(&str, bool)] = &[
    ("\"openai\"", false),
    ("\"anthropic\"", false),
    ("\"openclaw\"", false),
    (r#""open\u0063law""#, false),
    ("\"\"", false),
    ("5", false),
    ("null", false),
];

const MODELS: &[(&str, bool)] = &[
    ("\"gpt-5.2\"", false),
    ("\"claude-sonnet-4-6\"", false),
    ("\"delivery-mirror\"", false),
    ("\"gateway-injected\"", false),
    (r#""gateway-injecte\u0064""#, false),
    ("\"MiniMax-M2.5\"", false),
    ("\"O3-mini\"", false),
    ("\"gemini-2.5-pro\"", false),
    ("null", false),
    ("[\"gpt\"]", false),
];

const COUNTS: &[(&str, bool)] = &[
    ("435", false),
    ("0", false),
    ("1", false),
    ("-1", false),
    ("-0", false),
    ("1.0", false),
    ("2.5", false),
    ("0.5", false),
    ("1e3", false),
    ("1E+2", false),
    ("2.5e-3", false),
    ("0.0", false),
    ("9007199254740993", false),
    ("9999999999999999999", false),
    ("18446744073709551615", false),
    ("18446744073709551616", false),
    ("17999999999999999999.0", false),
    ("1.8e19", false),
    ("99999999999999999999999", false),
    ("1e400", true),
    ("\"12\"", false),
    ("null", false),
    ("true", false),
    ("[]", false),
    ("{}", false),
];

const COSTS: &[(&str, bool)] = &[
    ("0.0045", false),
    ("0.003", false),
    ("0.30000000000000004", false),
    ("1e-3", false),
    ("12", false),
    ("0", false),
    ("-1", false),
    ("-0.0", false),
    ("1.7976931348623157e308", false),
    ("18446744073709551616", false),
    ("\"1\"", false),
    ("null", false),
];

/// Bytes a mutation inserts or writes.
const MUTATION_BYTES: &[u8] = &[
    0xff, 0xc3, 0x80, 0x00, 0x1f, b'\t', b'"', b'{', b'}', b'[', b']', b',', b':', b'\\', b'1', b'e', b'-',
    b' ',
];

/// One of `items`; a doubtful one is ten times rarer than a sure one.
fn pick(items: &'static [(&'static str, bool)]) -> BoxedStrategy<Gen> {
    let weighted: Vec<(&str, bool)> = items
        .iter()
        .flat_map(|&(t, d)| std::iter::repeat_n((t, d), if d { 1 } else { 10 }))
        .collect();
    select(weighted)
        .prop_map(|(t, d)| Gen {
            json: J::Raw(t.to_owned()),
            doubtful: d,
        })
        .boxed()
}

/// Any value of a skipped place, nested up to 4 levels, often with decoy keys.
fn skipped() -> BoxedStrategy<Gen> {
    pick(SCALARS)
        .prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(|items| Gen {
                    doubtful: items.iter().any(|g| g.doubtful),
                    json: J::Arr(items.into_iter().map(|g| g.json).collect()),
                }),
                prop::collection::vec((select(SKIP_KEYS), inner), 0..4).prop_map(|entries| Gen {
                    doubtful: entries.iter().any(|(_, g)| g.doubtful),
                    json: J::Obj(entries.into_iter().map(|(k, g)| (k.to_owned(), g.json)).collect()),
                }),
            ]
        })
        .boxed()
}

/// An entry `key: value` present with probability `p`.
fn entry(p: f64, key: &'static str, value: BoxedStrategy<Gen>) -> BoxedStrategy<Entry> {
    prop::option::weighted(p, value)
        .prop_map(move |g| g.map(|g| (key.to_owned(), g)))
        .boxed()
}

/// An object whose keys are read: `read` entries (each maybe absent), fillers under keys not read at this level
/// (`fillers`, possibly repeated), sometimes one read key twice (with another value) or spelled with an escape
/// (`escaped_keys`), in any order.
fn object(
    read: Vec<BoxedStrategy<Entry>>,
    fillers: &'static [&'static str],
    escaped_keys: &'static [&'static str],
) -> BoxedStrategy<Gen> {
    let again = read.clone();
    (
        read,
        again,
        prop::collection::vec((select(fillers), skipped()), 0..3),
        prop::option::weighted(0.05, any::<Index>()),
        prop::option::weighted(0.03, (select(escaped_keys), skipped())),
    )
        .prop_flat_map(|(read, again, fillers, repeat, escaped)| {
            let mut doubtful = false;
            let mut entries: Vec<(String, Gen)> = read.iter().flatten().cloned().collect();
            if let Some(i) = repeat {
                let i = i.index(read.len());
                if let (Some(_), Some(second)) = (&read[i], &again[i]) {
                    entries.push(second.clone());
                    doubtful = true;
                }
            }
            if let Some((key, g)) = escaped {
                entries.push((key.to_owned(), g));
                doubtful = true;
            }
            entries.extend(fillers.into_iter().map(|(k, g)| (k.to_owned(), g)));
            Just(entries).prop_shuffle().prop_map(move |e| (e, doubtful))
        })
        .prop_map(|(entries, doubtful)| Gen {
            doubtful: doubtful || entries.iter().any(|(_, g)| g.doubtful),
            json: J::Obj(entries.into_iter().map(|(k, g)| (k, g.json)).collect()),
        })
        .boxed()
}

fn cost() -> BoxedStrategy<Gen> {
    prop_oneof![
        8 => object(
            vec![entry(0.85, "\"total\"", pick(COSTS))],
            &["\"input\"", "\"output\"", "\"totalTokens\"", "\"cost\"", "\"usage\""],
            &[r#""tot\u0061l""#],
        ),
        1 => pick(NON_OBJECTS),
    ]
    .boxed()
}

fn usage() -> BoxedStrategy<Gen> {
    let counts = [
        "\"input\"",
        "\"output\"",
        "\"cacheRead\"",
        "\"cacheWrite\"",
        "\"totalTokens\"",
    ]
    .into_iter()
    .map(|k| entry(0.8, k, pick(COUNTS)));
    let mut read: Vec<_> = counts.collect();
    read.push(entry(0.7, "\"cost\"", cost()));
    prop_oneof![
        9 => object(
            read,
            &["\"total\"", "\"usage\"", "\"type\"", "\"input \"", "\"reasoning\""],
            &[r#""\u0069nput""#, r#""c\u006fst""#],
        ),
        1 => pick(NON_OBJECTS),
    ]
    .boxed()
}

fn message() -> BoxedStrategy<Gen> {
    let read = vec![
        entry(0.95, "\"role\"", pick(ROLES)),
        entry(0.8, "\"model\"", pick(MODELS)),
        entry(0.7, "\"provider\"", pick(PROVIDERS)),
        entry(0.3, "\"timestamp\"", pick(TIMESTAMPS)),
        entry(0.05, "\"openclawDeliveryMirror\"", pick(NON_OBJECTS)),
        entry(0.9, "\"usage\"", usage()),
        entry(0.7, "\"content\"", skipped()),
    ];
    prop_oneof![
        12 => object(
            read,
            &["\"api\"", "\"stopReason\"", "\"type\"", "\"input\"", "\"cost\"", "\"message\"", "\"content\""],
            &[r#""r\u006fle""#, r#""\u0075sage""#, r#""m\u006fdel""#],
        ),
        1 => pick(NON_OBJECTS),
    ]
    .boxed()
}

fn line() -> BoxedStrategy<Gen> {
    object(
        vec![
            entry(0.95, "\"type\"", pick(TYPES)),
            entry(0.7, "\"timestamp\"", pick(TIMESTAMPS)),
            entry(0.95, "\"message\"", message()),
        ],
        &[
            "\"id\"",
            "\"parentId\"",
            "\"role\"",
            "\"usage\"",
            "\"model\"",
            "\"total\"",
        ],
        &[r#""typ\u0065""#, r#""mess\u0061ge""#],
    )
}

/// Prints `j`, taking the whitespace between tokens from `ws` in turn.
fn print(j: &J, ws: &mut impl Iterator<Item = &'static str>, out: &mut String) {
    fn space(ws: &mut impl Iterator<Item = &'static str>, out: &mut String) {
        out.push_str(ws.next().unwrap_or(""));
    }
    match j {
        J::Raw(t) => out.push_str(t),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                space(ws, out);
                print(item, ws, out);
                space(ws, out);
            }
            out.push(']');
        }
        J::Obj(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                space(ws, out);
                out.push_str(k);
                space(ws, out);
                out.push(':');
                space(ws, out);
                print(v, ws, out);
                space(ws, out);
            }
            out.push('}');
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Mutation {
    Delete,
    Insert(u8),
    Replace(u8),
    Truncate,
}

/// A generated line: its bytes, and whether the scan may refuse it.
#[derive(Debug, Clone)]
struct Case {
    bytes: Vec<u8>,
    doubtful: bool,
}

fn case() -> impl Strategy<Value = Case> {
    let mutation = prop_oneof![
        Just(Mutation::Delete),
        select(MUTATION_BYTES).prop_map(Mutation::Insert),
        select(MUTATION_BYTES).prop_map(Mutation::Replace),
        Just(Mutation::Truncate),
    ];
    (
        line(),
        prop_oneof![
            6 => prop::collection::vec(select(WS), 64),
            1 => prop::collection::vec(select(CONTROL_WS), 64),
        ],
        prop::option::weighted(0.15, (any::<Index>(), mutation)),
    )
        .prop_map(|(g, ws, mutation)| {
            let mut text = String::new();
            print(&g.json, &mut ws.into_iter().cycle(), &mut text);
            let mut bytes = text.into_bytes();
            if let Some((at, m)) = mutation {
                let i = at.index(bytes.len());
                match m {
                    Mutation::Delete => {
                        bytes.remove(i);
                    }
                    Mutation::Insert(b) => bytes.insert(i, b),
                    Mutation::Replace(b) => bytes[i] = b,
                    Mutation::Truncate => bytes.truncate(i),
                }
            }
            let doubtful = g.doubtful || mutation.is_some() || bytes.iter().any(|b| *b < 0x20);
            Case { bytes, doubtful }
        })
}

fn reference(line: &[u8]) -> Option<super::UsageRecord> {
    serde_json::from_slice::<Value>(line)
        .ok()
        .and_then(|v| usage_record(&v))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    /// The public function equals the `Value` path on every line; lines made only of forms the scan promises
    /// to decide are decided by the scan itself (no fallback).
    #[test]
    fn the_scan_agrees_with_the_value_parse(case in case()) {
        let expected = reference(&case.bytes);
        let shown = String::from_utf8_lossy(&case.bytes).into_owned();
        prop_assert_eq!(usage_record_from_line(&case.bytes), expected.clone(), "{}", shown);
        if !case.doubtful {
            prop_assert_eq!(scan::usage_record(&case.bytes), Ok(expected), "{}", shown);
        }
    }
}

/// The generator reaches what it must: records, rejections of each kind, fallbacks that still find a record.
#[test]
fn the_generated_lines_cover_records_rejections_and_fallbacks() {
    let mut runner = TestRunner::deterministic();
    let strategy = case();
    let (mut records, mut none, mut fallbacks, mut fallback_records, mut clean) = (0, 0, 0, 0, 0);
    for _ in 0..3000 {
        let case = strategy.new_tree(&mut runner).unwrap().current();
        let expected = reference(&case.bytes);
        let scanned = scan::usage_record(&case.bytes);
        assert_eq!(usage_record_from_line(&case.bytes), expected);
        match (&scanned, &expected) {
            (Ok(_), Some(_)) => records += 1,
            (Ok(_), None) => none += 1,
            (Err(_), Some(_)) => {
                fallbacks += 1;
                fallback_records += 1;
            }
            (Err(_), None) => fallbacks += 1,
        }
        clean += usize::from(!case.doubtful);
    }
    eprintln!(
        "records {records}, none {none}, fallbacks {fallbacks} ({fallback_records} with a record), clean {clean}"
    );
    assert!(records > 200, "records {records}");
    assert!(none > 600, "none {none}");
    assert!(fallbacks > 300, "fallbacks {fallbacks}");
    assert!(fallback_records > 50, "fallback records {fallback_records}");
    assert!(clean > 900, "clean {clean}");
}
