//! Runs every case of `tests/fixtures/gateway/listeners/` through the parsers.

use std::path::{Path, PathBuf};

use clawscope_core::gateway::listeners::{
    ListenerFormat, listening_pids, parse_launchctl_print, parse_listeners,
};
use serde_json::Value;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/gateway/listeners")
}

#[test]
fn every_listener_fixture_matches_its_expected_json() {
    let mut cases = 0;
    let mut entries: Vec<_> = std::fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    for json_path in entries {
        let expected: Value =
            serde_json::from_slice(&std::fs::read(&json_path).expect("read json")).expect("json");
        let text = std::fs::read_to_string(json_path.with_extension("txt")).expect("read txt");
        let format = expected["format"].as_str().expect("format");
        if format == "launchctl" {
            let got = serde_json::to_value(parse_launchctl_print(&text)).expect("to json");
            assert_eq!(got, expected["service"], "{}", json_path.display());
        } else {
            let format: ListenerFormat =
                serde_json::from_value(expected["format"].clone()).expect("format name");
            let port = expected["port"].as_u64().map(|p| u16::try_from(p).expect("port"));
            let found = parse_listeners(format, &text, port);
            let got = serde_json::to_value(&found).expect("to json");
            assert_eq!(got, expected["listeners"], "{}", json_path.display());
            let pids = serde_json::to_value(listening_pids(&found)).expect("to json");
            assert_eq!(pids, expected["pids"], "{}", json_path.display());
        }
        cases += 1;
    }
    assert!(cases >= 13, "only {cases} fixtures found");
}

#[test]
fn clawpanel_verified_netstat_sample_gives_three_pids() {
    let text = std::fs::read_to_string(fixture_dir().join("netstat_clawpanel_verified.txt")).expect("read");
    assert_eq!(
        clawscope_core::gateway::listeners::parse_netstat_pids(&text, 18789),
        vec![4242, 5151, 6161]
    );
}

#[test]
fn parsers_never_panic_on_arbitrary_bytes() {
    let formats = [
        ListenerFormat::Ss,
        ListenerFormat::LsofPids,
        ListenerFormat::Lsof,
        ListenerFormat::ProcNetTcp,
        ListenerFormat::ProcNetTcp6,
        ListenerFormat::Netstat,
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let alphabet: Vec<char> = "LISTEN 0A:[]()*,=\"pid=fd=users:\t\n侦听0123456789ABCDEF.%-> x"
        .chars()
        .collect();
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..(seed % 120) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let idx = usize::try_from(seed % alphabet.len() as u64).expect("index");
            text.push(alphabet[idx]);
        }
        for format in formats {
            let _ = parse_listeners(format, &text, None);
            let _ = parse_listeners(format, &text, Some(18789));
        }
        let _ = parse_launchctl_print(&text);
        let _ = clawscope_core::gateway::listeners::parse_tasklist_line(&text);
        let _ = clawscope_core::gateway::process::parse_proc_stat(&text);
    }
}
