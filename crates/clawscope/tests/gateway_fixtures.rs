//! Golden ownership fixtures (`tests/fixtures/gateway/ownership/<case>/`, format in
//! `tests/fixtures/gateway/README.md`): each case is copied to a temp dir, `{{dir}}` is replaced by that dir, and
//! the port, the pure decision, `status()` and `ensure_owned()` are compared with `expected.json`.
//!
//! `CLAWSCOPE_BLESS=1 cargo test -p clawscope --test gateway_fixtures` rewrites the expected files (review the diff).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use clawscope::Env;
use clawscope::gateway::decide::{DecideInput, OwnershipDecision};
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::gateway::{Gateway, GatewayOptions};
use serde_json::{Value, json};

const PLACEHOLDER: &str = "{{dir}}";

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/gateway/ownership")
}

/// `dir` escaped for use inside a JSON string.
fn json_escaped(dir: &str) -> String {
    let quoted = serde_json::to_string(dir).unwrap();
    quoted[1..quoted.len() - 1].to_owned()
}

/// Copies the case's input files into `dir`, substituting the placeholder in UTF-8 files.
fn materialise(case_dir: &Path, dir: &Path, case: &Value) {
    let dir_str = dir.to_str().unwrap();
    for name in ["openclaw.json", "gateway-owner.json"] {
        let src = case_dir.join(name);
        if let Ok(bytes) = fs::read(&src) {
            let out = match String::from_utf8(bytes.clone()) {
                Ok(text) => text.replace(PLACEHOLDER, &json_escaped(dir_str)).into_bytes(),
                Err(_) => bytes,
            };
            fs::write(dir.join(name), out).unwrap();
        }
    }
    if let Some(files) = case.get("files").and_then(Value::as_object) {
        for (rel, content) in files {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, content.as_str().unwrap()).unwrap();
        }
    }
    if let Some(links) = case.get("symlinks").and_then(Value::as_object) {
        for (rel, target) in links {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink(target.as_str().unwrap(), &path).unwrap();
            #[cfg(not(unix))]
            fs::copy(path.parent().unwrap().join(target.as_str().unwrap()), &path).unwrap();
        }
    }
}

fn substitute(value: &Value, from: &str, to: &str) -> Value {
    match value {
        Value::String(s) => Value::String(s.replace(from, to)),
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, from, to)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute(v, from, to)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn gateway(dir: &Path, case: &Value) -> Gateway {
    let dir_str = dir.to_str().unwrap();
    let mut env = Env::new(dir_str).with_cwd(dir_str);
    if let Some(vars) = case.get("env").and_then(Value::as_object) {
        for (k, v) in vars {
            env = env.with_var(k, v.as_str().unwrap());
        }
    }
    let cli = case
        .get("cliPath")
        .and_then(Value::as_str)
        .map_or_else(String::new, |c| c.replace(PLACEHOLDER, dir_str));
    let options = GatewayOptions {
        openclaw_dir: Some(dir_str.into()),
        cli_path: Some(cli),
        ..GatewayOptions::default()
    };
    let runtime: GatewayRuntime = serde_json::from_value(case["runtime"].clone()).unwrap();
    Gateway::discover_with(&env, options)
        .unwrap()
        .with_runtime_source(move |_: u16| Ok(runtime.clone()))
}

/// The pure, binding-facing [`DecideInput`] gives the same decision as the `Gateway`, except where the case needs
/// symlink resolution (only the I/O layer resolves symlinks) or holds bytes that are not text.
fn check_pure_decision(dir: &Path, case: &Value, gw: &Gateway, decision: &OwnershipDecision) {
    if case.get("symlinks").is_some() {
        return;
    }
    let owner_text = match fs::read(dir.join("gateway-owner.json")) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => return,
        },
        Err(_) => None,
    };
    let dir_str = dir.to_str().unwrap().to_owned();
    let input = DecideInput {
        owner_text,
        signature: gw.signature(),
        runtime: serde_json::from_value(case["runtime"].clone()).unwrap(),
        home: Some(dir_str.clone()),
        cwd: Some(dir_str),
        path_style: None,
    };
    assert_eq!(
        &input.decide(),
        decision,
        "pure decision differs for {}",
        dir.display()
    );
}

/// Runs one case on a fresh copy per operation, so each starts from the fixture's files.
fn run_case(case_dir: &Path) -> (Value, String) {
    let case: Value = serde_json::from_slice(&fs::read(case_dir.join("case.json")).unwrap()).unwrap();
    let fresh = || {
        let tmp = tempfile::tempdir().unwrap();
        materialise(case_dir, tmp.path(), &case);
        tmp
    };

    let tmp = fresh();
    let gw = gateway(tmp.path(), &case);
    let owner_before = fs::read(tmp.path().join("gateway-owner.json")).ok();
    let decision = gw.decide().unwrap();
    assert_eq!(
        fs::read(tmp.path().join("gateway-owner.json")).ok(),
        owner_before,
        "decide() must not write"
    );
    check_pure_decision(tmp.path(), &case, &gw, &decision);
    let port = json!({"port": gw.port(), "portSource": gw.port_source()});
    let dir_a = tmp.path().to_str().unwrap().to_owned();

    let tmp_b = fresh();
    let gw = gateway(tmp_b.path(), &case);
    let status = serde_json::to_value(gw.status().unwrap()).unwrap();
    let owner_after_status = gw.read_owner().unwrap();
    let dir_b = tmp_b.path().to_str().unwrap().to_owned();

    let tmp_c = fresh();
    let gw = gateway(tmp_c.path(), &case);
    let ensure = match gw.ensure_owned(None) {
        Ok(d) => json!({"decision": d}),
        Err(e) => {
            // `details.evidence` describes this machine's processes and lock files: not golden; the decision is.
            let decision = e.details().map(|d| json!({"decision": d["decision"]}));
            json!({"error": {"code": e.code().as_str(), "message": e.to_string(), "details": decision}})
        }
    };
    let dir_c = tmp_c.path().to_str().unwrap().to_owned();

    let actual = json!({
        "port": port["port"],
        "portSource": port["portSource"],
        "decision": substitute(&serde_json::to_value(&decision).unwrap(), &dir_a, PLACEHOLDER),
        "status": substitute(&status, &dir_b, PLACEHOLDER),
        "ownerAfterStatus": substitute(&serde_json::to_value(&owner_after_status).unwrap(), &dir_b, PLACEHOLDER)
            .get("status").cloned().unwrap_or(Value::Null),
        "ensureOwned": substitute(&ensure, &dir_c, PLACEHOLDER),
    });
    let description = case["description"].as_str().unwrap_or_default().to_owned();
    (actual, description)
}

#[test]
fn ownership_fixtures_match_expected_json() {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures_root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.json").is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "expected the fixture set, found {}",
        cases.len()
    );
    let bless = std::env::var_os("CLAWSCOPE_BLESS").is_some();
    let mut failures = Vec::new();
    for case_dir in &cases {
        let (actual, description) = run_case(case_dir);
        let expected_path = case_dir.join("expected.json");
        if bless {
            let mut text = serde_json::to_string_pretty(&actual).unwrap();
            text.push('\n');
            fs::write(&expected_path, text).unwrap();
            continue;
        }
        let expected: Value = serde_json::from_slice(&fs::read(&expected_path).unwrap()).unwrap();
        if expected != actual {
            failures.push(format!(
                "{} ({description})\nexpected: {expected:#}\nactual:   {actual:#}",
                case_dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn foreign_texts_are_clawpanels_exactly() {
    let (with_pid, _) = run_case(&fixtures_root().join("foreign-dir-with-pid"));
    assert_eq!(
        with_pid["ensureOwned"]["error"]["message"],
        "检测到端口 18789 上已有其他 OpenClaw Gateway 正在运行 (PID: 5151)，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。"
    );
    assert_eq!(with_pid["ensureOwned"]["error"]["code"], "GATEWAY_FOREIGN");
    let (without, _) = run_case(&fixtures_root().join("foreign-dir-without-pid"));
    assert_eq!(
        without["ensureOwned"]["error"]["message"],
        "检测到端口 18789 上已有其他 OpenClaw Gateway 正在运行，且不属于当前面板实例。为避免误接管，请先关闭该实例，或将当前 CLI/目录绑定到它对应的安装。"
    );
}
