//! The fuzzed entry points, shared by the libFuzzer targets (`fuzz_targets/`, nightly + cargo-fuzz) and the
//! stable smoke fuzzer (`smoke/`). Each takes arbitrary bytes and must return without panicking; a typed error
//! is a normal outcome.

use clawscope_core::Env;
use clawscope_core::envelope::{parse_envelope, strip_envelope};
use clawscope_core::event::summarize_line;
use clawscope_core::gateway::config::{GatewayConfig, PanelConfig, parse_config_text};
use clawscope_core::gateway::listeners::{
    ListenerFormat, parse_launchctl_print, parse_listeners, parse_lsof_pids, parse_netstat_pids,
};
use clawscope_core::gateway::owner::parse_owner_record;
use clawscope_core::session_key::SessionKey;
use clawscope_core::transcript::{parse_line, parse_transcript};

/// Target names, in the order of [`run`].
pub const TARGETS: [&str; 10] = [
    "session_key",
    "owner_record",
    "transcript_line",
    "envelope",
    "gateway_config",
    "ss",
    "lsof",
    "netstat",
    "proc_net_tcp",
    "launchctl",
];

/// Runs target `name` on `data`.
pub fn run(name: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match name {
        "session_key" => {
            if let Ok(k) = SessionKey::parse(&text) {
                let again = SessionKey::parse(k.as_str()).expect("a canonical key re-parses");
                assert_eq!(again.as_str(), k.as_str());
                let _ = k.parent();
                let _ = k.to_json();
            }
        }
        "owner_record" => {
            let outcome = parse_owner_record(data);
            if let Some(record) = outcome.record() {
                // write ∘ read round trip of whatever was read
                let again = parse_owner_record(&record.to_json_bytes());
                let back = again.record().expect("a written record reads back");
                assert_eq!(back.port, record.port);
                assert_eq!(back.pid, record.pid);
                assert_eq!(back.openclaw_dir, record.openclaw_dir);
            }
        }
        "transcript_line" => {
            let _ = parse_line(data);
            let _ = summarize_line(data);
            let _ = parse_transcript(data);
        }
        "envelope" => {
            let _ = parse_envelope(&text);
            let _ = strip_envelope(&text);
        }
        "gateway_config" => {
            let _ = parse_config_text(data);
            let _ = PanelConfig::parse(data);
            let _ = GatewayConfig::resolve(Some(data), &Env::new("/home/fuzz"));
        }
        "ss" => {
            let _ = parse_listeners(ListenerFormat::Ss, &text, Some(18789));
            let _ = parse_listeners(ListenerFormat::Ss, &text, None);
        }
        "lsof" => {
            let _ = parse_listeners(ListenerFormat::Lsof, &text, Some(18789));
            let _ = parse_lsof_pids(&text);
        }
        "netstat" => {
            let _ = parse_listeners(ListenerFormat::Netstat, &text, Some(18789));
            let _ = parse_netstat_pids(&text, 18789);
        }
        "proc_net_tcp" => {
            let _ = parse_listeners(ListenerFormat::ProcNetTcp, &text, Some(18789));
            let _ = parse_listeners(ListenerFormat::ProcNetTcp6, &text, None);
        }
        "launchctl" => {
            let _ = parse_launchctl_print(&text);
        }
        other => panic!("unknown target {other}"),
    }
}
