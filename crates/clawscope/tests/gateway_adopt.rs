//! `Gateway::adopt`, `Gateway::explain` and the evidence in `ensure_owned`'s foreign error, against a fake gateway:
//! a real child process listening on 127.0.0.1, titled `openclaw-gateway`, with an OpenClaw lock file.
#![cfg(target_os = "linux")]

#[path = "probe_support/mod.rs"]
mod support;

use std::fs;

use camino::Utf8Path;
use clawscope::gateway::decide::Ownership;
use clawscope::gateway::install::Confidence;
use clawscope::gateway::lockfile::lock_file_name;
use clawscope::gateway::{Gateway, GatewayOptions};
use clawscope_core::ErrorCode;
use support::{Guard, Spec, World, spawn_listener, start_time};

impl World {
    /// A fake 2026.9 gateway serving `state`: environment and a lock file in `$STATE/tmp/openclaw-<uid>/`.
    fn gateway_for(&self, state: &Utf8Path) -> Guard {
        let child = spawn_listener(&Spec {
            arg0: Some("openclaw-gateway"),
            env: &[("OPENCLAW_STATE_DIR", state.as_str())],
            ..Spec::default()
        });
        let config = state.join("openclaw.json");
        let dir = state.join(format!("tmp/openclaw-{}", self.uid));
        fs::create_dir_all(&dir).expect("lock dir");
        let text = format!(
            "{{\"pid\":{},\"createdAt\":\"2026-11-26T09:00:00.000Z\",\"configPath\":\"{config}\",\"startTime\":{}}}    ",
            child.pid(),
            start_time(child.pid())
        );
        fs::write(dir.join(lock_file_name(config.as_str())), text).expect("lock");
        child
    }

    fn gateway(&self, dir: &Utf8Path, port: u16) -> Gateway {
        let options = GatewayOptions {
            openclaw_dir: Some(dir.to_path_buf()),
            port: Some(port),
            cli_path: Some(String::new()),
            ..GatewayOptions::default()
        };
        Gateway::discover_with(&self.env(), options).expect("gateway")
    }
}

#[test]
fn adopt_claims_the_gateway_that_serves_this_install() {
    let w = World::new();
    let state = w.install(".openclaw-work", 1);
    let child = w.gateway_for(&state);
    let gw = w.gateway(&state, child.port);

    let record = gw.adopt(None).expect("adopted");
    assert_eq!(record.pid, Some(child.pid()));
    assert_eq!(record.port, Some(child.port));
    assert_eq!(gw.decide().expect("decide").ownership, Ownership::Owned);

    let explanation = gw.explain().expect("explain");
    assert_eq!(explanation.evidence.confidence, Confidence::Certain);
    let json = serde_json::to_value(&explanation).expect("json");
    assert_eq!(json["decision"]["ownership"], "owned");
    assert!(
        json["evidence"]["otherFacts"]
            .as_array()
            .expect("facts")
            .iter()
            .any(|f| f["kind"] == "owner_record")
    );
}

#[test]
fn adopt_refuses_a_gateway_of_another_install_and_writes_nothing() {
    let w = World::new();
    let work = w.install(".openclaw-work", 1);
    let mine = w.install(".openclaw", 1);
    let child = w.gateway_for(&work);
    let gw = w.gateway(&mine, child.port);

    let err = gw.adopt(None).expect_err("refused");
    assert_eq!(err.code(), ErrorCode::GatewayAdoptRefused);
    let expected = format!(
        "serves `{}` (lock file, pid {})",
        work.join("openclaw.json"),
        child.pid()
    );
    assert!(err.to_string().contains(&expected), "{err}");
    assert!(err.details().is_some());
    assert!(
        !mine.join("gateway-owner.json").exists(),
        "a refused adoption must not write"
    );

    let err = gw.adopt(Some(1)).expect_err("pid 1 does not listen");
    assert_eq!(err.code(), ErrorCode::GatewayAdoptRefused);
}

#[test]
fn adopt_with_a_pid_that_does_not_listen_is_refused() {
    let w = World::new();
    let state = w.install(".openclaw", 1);
    let child = w.gateway_for(&state);
    let gw = w.gateway(&state, child.port);
    let err = gw.adopt(Some(child.pid() + 100_000)).expect_err("refused");
    assert!(err.to_string().contains("does not listen"), "{err}");
}

#[test]
fn foreign_error_of_ensure_owned_carries_the_evidence() {
    let w = World::new();
    let work = w.install(".openclaw-work", 1);
    let mine = w.install(".openclaw", 1);
    let child = w.gateway_for(&work);
    // A record for the other install makes this one foreign.
    w.gateway(&work, child.port).adopt(None).expect("adopt for work");
    fs::copy(work.join("gateway-owner.json"), mine.join("gateway-owner.json")).expect("copy");
    let gw = w.gateway(&mine, child.port);

    let err = gw.ensure_owned(Some(child.pid())).expect_err("foreign");
    assert_eq!(err.code(), ErrorCode::GatewayForeign);
    assert!(err.to_string().contains("不属于当前面板实例"), "{err}");
    let details = err.details().expect("details");
    assert_eq!(details["decision"]["ownership"], "foreign");
    assert_eq!(
        details["evidence"]["serves"]["configPath"],
        work.join("openclaw.json").as_str()
    );
}

#[test]
fn adopt_when_nothing_listens_says_not_running() {
    let w = World::new();
    let state = w.install(".openclaw", 1);
    let port = support::free_port();
    let err = w.gateway(&state, port).adopt(None).expect_err("nothing listens");
    assert_eq!(err.code(), ErrorCode::GatewayNotRunning);
}

#[test]
fn a_token_on_the_gateway_command_line_never_reaches_the_evidence() {
    let w = World::new();
    let state = w.install(".openclaw", 1);
    let child = spawn_listener(&Spec {
        arg0: Some("openclaw-gateway"),
        extra_args: &["gateway", "--token", "argv-secret-123", "--password=argv-pw-456"],
        ..Spec::default()
    });
    let gw = w.gateway(&state, child.port);
    let explanation = gw.explain().expect("explain");
    let json = serde_json::to_string(&explanation).expect("json");
    assert!(
        !json.contains("argv-secret-123") && !json.contains("argv-pw-456"),
        "{json}"
    );
    assert!(json.contains("--token <redacted>"), "{json}");
    let probe = clawscope::gateway::probe::probe_port(child.port).expect("probe");
    let text = format!("{probe:?} {}", serde_json::to_string(&probe).expect("json"));
    assert!(!text.contains("argv-secret-123"), "{text}");
}
