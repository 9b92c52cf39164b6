//! Session-key fixture table: `tests/fixtures/session_keys/cases.json` lists inputs with either the expected parsed
//! JSON (`expected`) or an error code (`error`). Set `CLAWSCOPE_BLESS=1` to fill in `expected` after a deliberate
//! change, then review the diff.

use std::fs;
use std::path::PathBuf;

use clawscope_core::session_key::SessionKey;
use serde_json::Value;

fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/session_keys/cases.json")
}

#[test]
fn session_key_table() {
    let bless = std::env::var_os("CLAWSCOPE_BLESS").is_some();
    let text = fs::read_to_string(cases_path()).unwrap();
    let mut cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 40);
    for case in &mut cases {
        let input = case["input"].as_str().unwrap().to_owned();
        match SessionKey::parse(&input) {
            Ok(key) => {
                assert!(
                    case.get("error").is_none(),
                    "{input:?} should fail but parsed as {key}"
                );
                // Round trip through the canonical form.
                let again = SessionKey::parse(key.as_str()).unwrap();
                assert_eq!(again, key, "round trip of {input:?}");
                assert_eq!(key.to_string(), key.as_str());
                if let Some(parent) = key.parent() {
                    assert!(key.as_str().starts_with(parent.as_str()), "{input:?}");
                    assert_eq!(parent.agent_id(), key.agent_id());
                }
                let json = key.to_json();
                if bless {
                    case["expected"] = json;
                } else {
                    assert_eq!(json, case["expected"], "{input:?}");
                }
            }
            Err(err) => {
                let expected = case.get("error").and_then(Value::as_str);
                assert_eq!(Some(err.code().as_str()), expected, "{input:?}: {err}");
            }
        }
    }
    if bless {
        fs::write(cases_path(), serde_json::to_string_pretty(&cases).unwrap() + "\n").unwrap();
    }
}

#[test]
fn deserializes_from_a_string() {
    let key: SessionKey = serde_json::from_str("\"agent:ops:cron:nightly:run:1\"").unwrap();
    assert_eq!(key.run_id(), Some("1"));
    assert!(serde_json::from_str::<SessionKey>("\"agent::x\"").is_err());
}

#[test]
fn errors_never_echo_more_than_80_characters() {
    let long = format!("agent:main:{}", "y".repeat(500));
    let err = SessionKey::parse(&long).unwrap_err();
    assert!(err.to_string().len() < 200);
}
