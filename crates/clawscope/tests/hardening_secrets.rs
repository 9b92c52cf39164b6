//! Secrets never leak (issue 6 §4): a gateway token and password are planted in `openclaw.json`, in the
//! environment snapshot and in the environment of a process listening on the gateway port; every API that
//! returns data is called and each result and error is serialised, `Debug`- and `Display`-formatted — the
//! secrets appear nowhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};

use camino::Utf8PathBuf;
use clawscope::gateway::evidence::gateway_evidence;
use clawscope::gateway::installs::discover_installs;
use clawscope::gateway::owner_file::write_owner_file;
use clawscope::gateway::{Gateway, GatewayOptions};
use clawscope::state::StateDir;
use clawscope::state_detail::{DetailOptions, EventQuery, SessionQuery, UsageQuery};
use clawscope_core::Env;
use clawscope_core::gateway::config::{GatewayConfig, parse_config_text};
use clawscope_core::gateway::owner::OwnerRecord;

const TOKEN: &str = "tok-9f8e7d6c5b4a-PLANTED";
const PASSWORD: &str = "pw-1a2b3c4d5e6f-PLANTED";
const CHILD_ENV: &str = "CLAWSCOPE_SECRETS_CHILD";

/// Collects every rendering of every result.
#[derive(Default)]
struct Outputs(Vec<String>);

impl Outputs {
    fn debug(&mut self, what: &str, value: &impl std::fmt::Debug) {
        self.0.push(format!("{what}: {value:?} {value:#?}"));
    }
    fn json(&mut self, what: &str, value: &impl serde::Serialize) {
        self.0
            .push(format!("{what}: {}", serde_json::to_string(value).unwrap()));
    }
    fn both(&mut self, what: &str, value: &(impl std::fmt::Debug + serde::Serialize)) {
        self.debug(what, value);
        self.json(what, value);
    }
    fn result<T: std::fmt::Debug + serde::Serialize>(&mut self, what: &str, r: &clawscope_core::Result<T>) {
        match r {
            Ok(v) => self.both(what, v),
            Err(e) => self.error(what, e),
        }
    }
    fn error(&mut self, what: &str, e: &clawscope_core::Error) {
        self.0.push(format!("{what}: {e} {e:?} {:?}", e.details()));
        self.json(what, &e.details());
    }
    fn assert_clean(&self) {
        assert!(self.0.len() > 20, "too few outputs: {}", self.0.len());
        for out in &self.0 {
            for secret in [TOKEN, PASSWORD] {
                assert!(!out.contains(secret), "secret leaked in {out}");
                // Also no recognisable part of it.
                assert!(!out.contains(&secret[4..16]), "secret fragment leaked in {out}");
            }
        }
    }
}

/// Child: listens on 127.0.0.1 (any port), prints the port, waits for stdin to close.
#[test]
fn child_listener() {
    if std::env::var(CHILD_ENV).is_err() {
        // In-process: the listener accepts a connection on the port it reports.
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
        return;
    }
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    println!("PORT {}", l.local_addr().unwrap().port());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

fn config_text(port: u16) -> String {
    format!(
        r#"{{
  // planted secrets
  gateway: {{ port: {port}, mode: "local", auth: {{ mode: "token", token: "{TOKEN}", password: "{PASSWORD}" }} }},
  agents: {{ list: [ {{ id: "main" }} ] }},
}}"#
    )
}

#[test]
fn planted_secrets_appear_in_no_output() {
    // A "gateway" whose environment holds the secrets.
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_listener",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .env(CHILD_ENV, "1")
        .env("OPENCLAW_GATEWAY_TOKEN", TOKEN)
        .env("OPENCLAW_GATEWAY_PASSWORD", PASSWORD)
        .env("OPENCLAW_STATE_DIR", "/srv/planted-state")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = 0u16;
    for line in BufReader::new(child.stdout.as_mut().unwrap()).lines() {
        if let Some(p) = line.unwrap().strip_prefix("PORT ") {
            port = p.trim().parse().unwrap();
            break;
        }
    }
    assert!(port > 0);

    let home = tempfile::tempdir().unwrap();
    let home_path = Utf8PathBuf::from_path_buf(home.path().to_path_buf()).unwrap();
    let state = home_path.join(".openclaw");
    let sessions = state.join("agents/main/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(state.join("openclaw.json"), config_text(port)).unwrap();
    std::fs::write(
        sessions.join("sessions.json"),
        r#"{"agent:main:main":{"sessionId":"0199a1b2-c3d4-7e5f-8a6b-000000000001","updatedAt":1790000000000}}"#,
    )
    .unwrap();
    std::fs::write(
        sessions.join("0199a1b2-c3d4-7e5f-8a6b-000000000001.jsonl"),
        concat!(
            r#"{"type":"message","id":"a","parentId":null,"timestamp":"2026-09-21T13:46:40.000Z","message":{"role":"user","content":"hello"}}"#,
            "\n",
            r#"{"type":"message","id":"b","parentId":"a","timestamp":"2026-09-21T13:46:41.000Z","message":{"role":"assistant","content":[{"type":"text","text":"hi"}],"usage":{"input":1,"output":2,"totalTokens":3},"model":"gpt-x"}}"#,
            "\n"
        ),
    )
    .unwrap();
    let env = Env::new(home_path.as_str())
        .with_var("OPENCLAW_STATE_DIR", state.as_str())
        .with_var("OPENCLAW_GATEWAY_TOKEN", TOKEN)
        .with_var("OPENCLAW_GATEWAY_PASSWORD", PASSWORD);

    let mut out = Outputs::default();
    out.debug("env", &env);
    // Config parsing, valid and broken around the secret.
    let config = GatewayConfig::resolve(Some(config_text(port).as_bytes()), &env);
    out.both("config", &config);
    let broken = format!(r#"{{gateway: {{auth: {{token: "{TOKEN}", password: {PASSWORD} }}"#);
    out.result("broken config", &parse_config_text(broken.as_bytes()));
    let broken_gw = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("openclaw.json"), &broken).unwrap();
        Gateway::new(GatewayOptions {
            openclaw_dir: Some(dir.path().to_str().unwrap().into()),
            ..GatewayOptions::default()
        })
        .map(|g| format!("{g:?} {:?}", g.config()))
    };
    out.debug("gateway with broken config", &broken_gw);

    // The gateway APIs.
    let gw = Gateway::discover(&env).unwrap();
    assert_eq!(gw.port(), port);
    out.debug("gateway", &gw);
    out.both("gateway config", gw.config());
    out.result("runtime", &gw.runtime());
    out.result("read_owner", &gw.read_owner());
    out.result("decide", &gw.decide());
    out.result("status", &gw.status());
    out.result("explain", &gw.explain());
    out.result("evidence", &gw.evidence());
    out.result("gateway_evidence", &gateway_evidence(&env, port));
    out.result("installs", &discover_installs(&env));
    // A foreign owner record, so ensure_owned fails with evidence in its details.
    let now = "2026-07-23T11:18:47.123Z".parse().unwrap();
    write_owner_file(
        gw.owner_path().as_std_path(),
        &OwnerRecord::claim(port, "/somewhere/else", None, Some(1), now),
    )
    .unwrap();
    out.result("decide foreign", &gw.decide());
    match gw.ensure_owned(None) {
        Ok(d) => out.both("ensure_owned", &d),
        Err(e) => out.error("ensure_owned", &e),
    }
    out.result("adopt", &gw.adopt(None));
    out.result("claim", &gw.claim(None));
    out.result("status after claim", &gw.status());

    // The state APIs.
    let sd = StateDir::discover(&env).unwrap();
    out.debug("state dir", &sd);
    out.result("agents", &sd.agents());
    out.result("sessions", &sd.sessions("main"));
    out.result("scan", &sd.scan_all_sessions());
    out.result("list", &sd.list_sessions(&SessionQuery::default()));
    out.result(
        "detail",
        &sd.session_detail("agent:main:main", &DetailOptions::default()),
    );
    out.result("events", &sd.events("agent:main:main", &EventQuery::default()));
    out.result("usage", &sd.usage(&UsageQuery::default()));
    out.result("runs", &sd.subagent_runs());
    out.result(
        "missing",
        &sd.session_detail("agent:main:nope", &DetailOptions::default()),
    );

    // The evidence saw the listener and its environment (so the planted variables were really read).
    let evidence = serde_json::to_string(&gw.evidence().unwrap()).unwrap();
    assert!(
        evidence.contains(&format!("{}", child.id())),
        "the listener was not observed"
    );
    assert!(
        evidence.contains("/srv/planted-state"),
        "the listener's environment was not read: {evidence}"
    );
    let _ = child.stdin.take();
    child.wait().unwrap();
    out.assert_clean();
}
