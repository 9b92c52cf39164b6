//! Runs every case of `tests/fixtures/gateway/listeners/` through the parsers.

use std::path::{Path, PathBuf};

use clawscope_core::gateway::listeners::{
    ListenerFormat, ProcNetFamily, listening_pids, parse_launchctl_print, parse_listeners, parse_sock_diag,
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

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

    /// No parser panics, whatever the text; listeners found for a port are on that port.
    #[test]
    fn parsers_never_panic(text in "(LISTEN|TCP|侦听|users:\\(\\(\"|pid=|fd=|0A|\\[::1\\]|:18789|\\(LISTEN\\)|[ \t\n0-9A-Fa-z:.,*()%\\[\\]\"=-]){0,40}") {
        let formats = [
            ListenerFormat::Ss,
            ListenerFormat::LsofPids,
            ListenerFormat::Lsof,
            ListenerFormat::ProcNetTcp,
            ListenerFormat::ProcNetTcp6,
            ListenerFormat::Netstat,
        ];
        for format in formats {
            let _ = parse_listeners(format, &text, None);
            for l in parse_listeners(format, &text, Some(18789)) {
                proptest::prop_assert_eq!(l.port, Some(18789));
            }
        }
        let _ = parse_launchctl_print(&text);
        let _ = clawscope_core::gateway::listeners::parse_tasklist_line(&text);
        let _ = clawscope_core::gateway::process::parse_proc_stat(&text);
    }

    /// Binary inputs: lock files, `/proc` bytes and netlink answers never panic.
    #[test]
    fn byte_parsers_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
        let _ = clawscope_core::gateway::lockfile::parse_lock(&bytes);
        let _ = clawscope_core::gateway::process::cmdline_args(&bytes);
        let _ = clawscope_core::gateway::process::openclaw_environ(&bytes);
        for family in [ProcNetFamily::V4, ProcNetFamily::V6] {
            let _ = parse_sock_diag(&bytes, Some(family), Some(18789));
            let _ = parse_sock_diag(&bytes, None, Some(18789));
        }
    }
}
