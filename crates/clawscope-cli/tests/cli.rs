//! The `clawscope` binary against the bundled fixtures: output, JSON, exit codes, secrets.

mod common;

use common::*;

fn seed() -> String {
    seed_dir().to_str().unwrap().to_owned()
}

/// The `generatedAt=` value of a printed page.
fn generated_at(page: &str) -> String {
    let start = page.find("generatedAt=").unwrap() + "generatedAt=".len();
    page[start..].lines().next().unwrap().to_owned()
}

#[test]
fn session_prints_the_seed_page() {
    let out = run(&["session", SEED_KEY, "--state-dir", &seed()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    let at = generated_at(&page);
    assert!(
        clawscope::time::parse_iso_millis(&at).is_some(),
        "generatedAt {at:?}"
    );
    assert_eq!(page, expected_seed_page(&at));
}

#[test]
fn session_with_now_is_the_golden_page_and_json_byte_for_byte() {
    let now = "2026-04-19T13:28:38.791Z";
    let out = run(&["session", SEED_KEY, "--state-dir", &seed(), "--now", now]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = std::fs::read_to_string(seed_dir().join("expected-page.txt")).unwrap();
    assert_eq!(stdout(&out), expected);
    let out = run(&[
        "session",
        SEED_KEY,
        "--state-dir",
        &seed(),
        "--now",
        now,
        "--json",
    ]);
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(seed_dir().join("expected-detail.json")).unwrap())
            .unwrap();
    assert_eq!(got, want);
    let out = run(&["session", SEED_KEY, "--state-dir", &seed(), "--now", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn session_text_is_render_text_and_json_is_to_json() {
    let state = clawscope::state::StateDir::open(seed()).unwrap();
    let options = clawscope::state_detail::DetailOptions {
        history_limit: 7,
        ..Default::default()
    };
    let detail = state.session_detail(SEED_KEY, &options).unwrap();

    let out = run(&["session", SEED_KEY, "--state-dir", &seed(), "--limit", "7"]);
    let page = stdout(&out);
    let expected = detail
        .render_text()
        .replace(&detail.generated_at, &generated_at(&page));
    assert_eq!(page, expected);

    let out = run(&[
        "session",
        SEED_KEY,
        "--state-dir",
        &seed(),
        "--limit",
        "7",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let mut got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut want = detail.to_json();
    got["generatedAt"] = serde_json::Value::Null;
    want["generatedAt"] = serde_json::Value::Null;
    assert_eq!(got, want);
    assert_eq!(got["history"].as_array().unwrap().len(), 7);
}

#[test]
fn session_html_is_a_page() {
    let out = run(&["session", SEED_KEY, "--state-dir", &seed(), "--html"]);
    assert_eq!(out.status.code(), Some(0));
    let html = stdout(&out);
    assert!(
        html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"),
        "{}",
        &html[..60]
    );
    assert!(html.contains("会话详情"));
}

#[test]
fn unknown_session_exits_4_with_a_coded_error() {
    let out = run(&["session", "agent:nobody:main", "--state-dir", &seed()]);
    assert_eq!(out.status.code(), Some(4));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "error[SESSION_NOT_FOUND]: session not found: agent:nobody:main\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["session", SEED_KEY, "--state-dir", &seed(), "--limit", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error[INVALID_ARGUMENT]: "),
        "{}",
        stderr(&out)
    );
    let out = run(&["session"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error[INVALID_ARGUMENT]: unrecognized subcommand 'frobnicate'"),
        "{}",
        stderr(&out)
    );
    let out = run(&["usage", "--by", "color"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_documents_the_exit_codes() {
    for args in [
        &["--help"][..],
        &["session", "--help"],
        &["gateway", "status", "--help"],
        &["serve", "--help"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0));
        let text = stdout(&out);
        assert!(
            text.contains("Exit codes:") && text.contains("3  the gateway"),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn sessions_lists_the_seed_session() {
    let out = run(&["sessions", "--state-dir", &seed()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("KEY") && header.contains("LAST ACTIVITY") && header.ends_with("COST"),
        "{header}"
    );
    assert!(
        text.contains(SEED_KEY) && text.contains("opc-ops-agent") && text.contains("idle"),
        "{text}"
    );

    let out = run(&["sessions", "--state-dir", &seed(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["sessionKey"], SEED_KEY);
    assert!(v["items"][0]["tokens"].is_u64());

    let out = run(&["sessions", "--state-dir", &seed(), "--json", "--agent", "nobody"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 0);
    let out = run(&["sessions", "--state-dir", &seed(), "--json", "-q", "OU_1054"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], 1);
    let out = run(&["sessions", "--state-dir", &seed(), "--state", "sleepy"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn events_prints_the_latest_events() {
    let out = run(&["events", SEED_KEY, "--state-dir", &seed(), "--limit", "3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[2].starts_with("2026-04-02T07:42:40.712Z\tmessage\tassistant\t-\t-\t"),
        "{}",
        lines[2]
    );

    let out = run(&[
        "events",
        SEED_KEY,
        "--state-dir",
        &seed(),
        "--limit",
        "3",
        "--json",
    ]);
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["timestamp"], "2026-04-02T07:42:40.712Z");
}

#[test]
fn usage_reports_json_and_a_table() {
    let out = run(&["usage", "--state-dir", &seed(), "--json", "--by", "model"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["by"], "model");
    assert!(v["totals"]["requests"].is_u64());
    assert!(v["groups"].is_object());
    let all = v["totals"]["requests"].as_u64().unwrap();
    assert!(all > 0);
    // The seed's usage is from April 2026: the last day has none of it.
    let out = run(&["usage", "--state-dir", &seed(), "--json", "--days", "1"]);
    let recent: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(recent["totals"]["requests"], 0);
    assert_eq!(recent["sinceDay"].as_str().map(str::len), Some(10));
    let out = run(&["usage", "--state-dir", &seed(), "--by", "day", "--days", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("DAY") && text.lines().last().unwrap().starts_with("total"),
        "{text}"
    );
}

#[test]
fn gateway_status_of_the_sample_dir_is_stopped_and_hides_the_token() {
    let dir = openclaw_fixture();
    let port = free_port().to_string();
    let out = run(&[
        "gateway",
        "status",
        "--openclaw-dir",
        dir.to_str().unwrap(),
        "--port",
        &port,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["label"], "ai.openclaw.gateway");
    assert_eq!(v["running"], false);
    assert_eq!(v["ownership"], "stopped");
    assert_eq!(v["decision"]["reason"]["kind"], "not_running");
    assert_eq!(v["gateway"]["authTokenSet"], true);
    assert_eq!(v["owner"]["record"]["openclawDir"], "/home/admin/.openclaw");
    assert!(!stdout(&out).contains(CANARY_TOKEN));

    let out = run(&["gateway", "status", "--openclaw-dir", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("port         16478 (from openclaw.json)"), "{text}");
    assert!(!text.contains(CANARY_TOKEN));
}

#[test]
fn gateway_status_with_a_listener_on_the_port_is_foreign_exit_3() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let dir = openclaw_fixture();
    let out = run(&[
        "gateway",
        "status",
        "--openclaw-dir",
        dir.to_str().unwrap(),
        "--port",
        &port,
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["running"], true, "{v}");
    assert_eq!(v["ownership"], "foreign");
    assert_eq!(out.status.code(), Some(3));
    let out = run(&[
        "gateway",
        "explain",
        "--openclaw-dir",
        dir.to_str().unwrap(),
        "--port",
        &port,
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).contains("foreign"));
    assert!(!dir.join("gateway-owner.json.lock").exists());
    drop(listener);
}

#[test]
fn claim_and_clear_on_a_copy() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        openclaw_fixture().join("openclaw.json"),
        tmp.path().join("openclaw.json"),
    )
    .unwrap();
    let dir = tmp.path().to_str().unwrap();
    let out = run(&[
        "gateway",
        "claim",
        "--openclaw-dir",
        dir,
        "--port",
        &port,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["record"]["port"].to_string(), port);
    assert_eq!(v["record"]["pid"], std::process::id());
    let out = run(&[
        "gateway",
        "status",
        "--openclaw-dir",
        dir,
        "--port",
        &port,
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["ownership"].as_str(), out.status.code()),
        (Some("owned"), Some(0))
    );
    let out = run(&["gateway", "clear", "--openclaw-dir", dir, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["removed"], true);
    assert!(!tmp.path().join("gateway-owner.json").exists());
    drop(listener);
}

#[test]
fn claim_without_a_gateway_fails_with_clawpanels_text() {
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    let out = run(&[
        "gateway",
        "claim",
        "--openclaw-dir",
        tmp.path().to_str().unwrap(),
        "--port",
        &port,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error[GATEWAY_NOT_RUNNING]: Gateway 未运行，无需认领\n"
    );
}

#[test]
fn gateway_probe_reports_the_listener() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let out = run(&[
        "gateway",
        "probe",
        "--openclaw-dir",
        openclaw_fixture().to_str().unwrap(),
        "--port",
        &port,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["running"], true);
    assert_eq!(v["pid"], std::process::id());
    drop(listener);
}

#[test]
fn serve_refuses_a_remote_address() {
    let out = run(&["serve", "--listen", "0.0.0.0:0", "--state-dir", &seed()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error[INVALID_ARGUMENT]: refusing to listen on 0.0.0.0:0"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn adopt_claims_only_the_gateway_that_serves_this_install() {
    // A stand-in gateway: a process listening on loopback whose environment names its state dir.
    let ours = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    for dir in [&ours, &other] {
        std::fs::copy(
            openclaw_fixture().join("openclaw.json"),
            dir.path().join("openclaw.json"),
        )
        .unwrap();
    }
    let ours_dir = ours.path().to_str().unwrap();
    let seed = seed();
    let gateway = Server::start(&["--state-dir", &seed], &[("OPENCLAW_STATE_DIR", ours_dir)]);
    let port = gateway.port();

    let out = run(&[
        "gateway",
        "explain",
        "--openclaw-dir",
        ours_dir,
        "--port",
        &port,
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["evidence"]["confidence"], "certain", "{v}");
    assert_eq!(v["adoption"]["allowed"], true);

    let other_dir = other.path().to_str().unwrap();
    let out = run(&["gateway", "adopt", "--openclaw-dir", other_dir, "--port", &port]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("error[GATEWAY_ADOPT_REFUSED]: gateway adoption refused: serves `"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "/openclaw.json` (process environment, pid {})",
            gateway.pid()
        )),
        "{err}"
    );
    assert!(!other.path().join("gateway-owner.json").exists());

    let out = run(&[
        "gateway",
        "adopt",
        "--openclaw-dir",
        ours_dir,
        "--port",
        &port,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["record"]["pid"], gateway.pid());
    let out = run(&[
        "gateway",
        "status",
        "--openclaw-dir",
        ours_dir,
        "--port",
        &port,
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ownership"], "owned");
}

#[test]
fn installs_lists_the_install_in_home() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".openclaw");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        openclaw_fixture().join("openclaw.json"),
        dir.join("openclaw.json"),
    )
    .unwrap();
    let out = clawscope(home.path())
        .args(["installs", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let installs = v.as_array().unwrap();
    assert_eq!(installs.len(), 1, "{v}");
    assert_eq!(installs[0]["port"], 16478);
    assert_eq!(installs[0]["stateDir"], dir.to_str().unwrap());
    assert!(!stdout(&out).contains(CANARY_TOKEN));
    let out = clawscope(home.path()).args(["installs"]).output().unwrap();
    let text = stdout(&out);
    assert!(
        text.starts_with("STATE DIR") && text.contains("16478 (config)"),
        "{text}"
    );

    let empty = tempfile::tempdir().unwrap();
    let out = clawscope(empty.path()).args(["installs"]).output().unwrap();
    assert_eq!(stdout(&out), "no OpenClaw install found\n");
}

#[test]
fn adopt_without_a_gateway_is_not_running() {
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    let out = run(&[
        "gateway",
        "adopt",
        "--openclaw-dir",
        tmp.path().to_str().unwrap(),
        "--port",
        &port,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error[GATEWAY_NOT_RUNNING]"),
        "{}",
        stderr(&out)
    );
}
