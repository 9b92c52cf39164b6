//! `discover_installs` in a temporary HOME holding every kind of install.
#![cfg(unix)]

use std::fs;

use camino::{Utf8Path, Utf8PathBuf};
use clawscope::gateway::installs::discover_installs;
use clawscope_core::Env;
use clawscope_core::gateway::install::{Install, InstallOrigin, PortSource, ServiceKind};

fn write(path: &Utf8Path, text: &str) {
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write");
}

struct Machine {
    _tmp: tempfile::TempDir,
    home: Utf8PathBuf,
    state: Utf8PathBuf,
}

/// A HOME with a default install (JSON5 port, clawpanel.json pointing to a custom dir), a custom dir (string port),
/// a profile install with its systemd unit, a legacy `.clawdbot` dir (legacy config name), an `OPENCLAW_STATE_DIR`
/// dir outside HOME, a standalone CLI with a VERSION file and an npm-global CLI symlinked into its package.
fn machine() -> Machine {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = Utf8PathBuf::from_path_buf(tmp.path().to_path_buf()).expect("utf8");
    let home = root.join("home");
    let state = root.join("srv/openclaw-state");
    write(
        &home.join(".openclaw/openclaw.json"),
        "// default\n{ gateway: { port: 18790, }, }\n",
    );
    write(
        &home.join(".openclaw/clawpanel.json"),
        "{\"openclawDir\": \"~/custom-oc\"}",
    );
    write(
        &home.join("custom-oc/openclaw.json"),
        "{\"gateway\": {\"port\": \"18795\"}}",
    );
    write(
        &home.join(".openclaw-work/openclaw.json"),
        "{gateway: {port: 18800}}",
    );
    write(&home.join(".clawdbot/clawdbot.json"), "{gateway: {port: 18801}}");
    write(&home.join(".openclaw-bin/openclaw"), "#!/bin/sh\n");
    write(
        &home.join(".openclaw-bin/VERSION"),
        "openclaw_version=2026.9.6\nnode_version=24.16.0\n",
    );
    let pkg = home.join(".npm-global/lib/node_modules/openclaw");
    write(
        &pkg.join("package.json"),
        "{\"name\": \"openclaw\", \"version\": \"2026.7.1\"}",
    );
    write(&pkg.join("openclaw.mjs"), "#!/usr/bin/env node\n");
    fs::create_dir_all(home.join(".npm-global/bin")).expect("mkdir");
    std::os::unix::fs::symlink(
        "../lib/node_modules/openclaw/openclaw.mjs",
        home.join(".npm-global/bin/openclaw"),
    )
    .expect("symlink");
    write(
        &home.join(".config/systemd/user/openclaw-gateway-work.service"),
        "[Service]\nExecStart=/x gateway\n",
    );
    write(
        &home.join(".config/systemd/user/openclaw-gateway.service"),
        "[Service]\nExecStart=/x gateway\n",
    );
    write(
        &home.join(".config/systemd/user/openclaw-gateway-srv.service"),
        &format!("[Service]\nEnvironment=\"OPENCLAW_STATE_DIR={state}\"\n"),
    );
    write(
        &home.join(".config/systemd/user/openclaw-node.service"),
        "[Service]\n",
    );
    write(&state.join("openclaw.json"), "{}");
    Machine {
        _tmp: tmp,
        home,
        state,
    }
}

fn find<'a>(installs: &'a [Install], dir: &Utf8Path) -> &'a Install {
    installs
        .iter()
        .find(|i| i.state_dir == dir)
        .unwrap_or_else(|| panic!("no install at {dir}: {installs:#?}"))
}

#[test]
fn finds_every_kind_of_install_with_port_source_and_cli() {
    let m = machine();
    let env = Env::new(m.home.clone())
        .with_var("OPENCLAW_STATE_DIR", m.state.as_str())
        .with_var("OPENCLAW_GATEWAY_PORT", "19000")
        .with_var("PATH", "");
    let installs = discover_installs(&env).expect("discover");
    assert_eq!(installs.len(), 5, "{installs:#?}");

    let from_env = &installs[0];
    assert_eq!(from_env.state_dir, m.state);
    assert_eq!(from_env.origins, vec![InstallOrigin::StateDirEnv]);
    assert_eq!((from_env.port, from_env.port_source), (19000, PortSource::Env));
    assert_eq!(from_env.services.len(), 1);
    assert_eq!(from_env.services[0].name, "openclaw-gateway-srv.service");

    let default = find(&installs, &m.home.join(".openclaw"));
    assert_eq!(default.origins, vec![InstallOrigin::Default]);
    assert_eq!((default.port, default.port_source), (18790, PortSource::Config));
    assert!(!default.panel_points_here);
    let names: Vec<&str> = default.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["openclaw-gateway.service"]);

    let profile = find(&installs, &m.home.join(".openclaw-work"));
    assert_eq!(profile.origins, vec![InstallOrigin::Profile]);
    assert_eq!(profile.profile.as_deref(), Some("work"));
    assert_eq!((profile.port, profile.port_source), (18800, PortSource::Config));
    assert_eq!(profile.services.len(), 1);
    assert_eq!(profile.services[0].kind, ServiceKind::Systemd);
    assert_eq!(profile.services[0].profile.as_deref(), Some("work"));

    let legacy = find(&installs, &m.home.join(".clawdbot"));
    assert_eq!(legacy.origins, vec![InstallOrigin::Legacy]);
    assert_eq!(legacy.config_path, m.home.join(".clawdbot/clawdbot.json"));
    assert_eq!((legacy.port, legacy.port_source), (18801, PortSource::Config));
    assert!(legacy.services.is_empty());

    let custom = find(&installs, &m.home.join("custom-oc"));
    assert_eq!(custom.origins, vec![InstallOrigin::Clawpanel]);
    assert!(custom.panel_points_here);
    assert_eq!((custom.port, custom.port_source), (18795, PortSource::Config));

    for install in &installs {
        assert!(install.config_exists, "{install:?}");
        let clis: Vec<(&str, &str, Option<&str>)> = install
            .clis
            .iter()
            .map(|c| {
                (
                    c.path.file_name().unwrap_or_default(),
                    c.source.as_str(),
                    c.version.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            clis,
            vec![
                ("openclaw", "standalone", Some("2026.9.6")),
                ("openclaw", "npm-official", Some("2026.7.1"))
            ],
            "{install:?}"
        );
    }
}

#[test]
fn without_env_the_default_install_gets_the_env_free_port_and_profile_env_is_honoured() {
    let m = machine();
    let env = Env::new(m.home.clone())
        .with_var("OPENCLAW_PROFILE", "work")
        .with_var("PATH", "");
    let installs = discover_installs(&env).expect("discover");
    assert_eq!(installs[0].state_dir, m.home.join(".openclaw-work"));
    assert_eq!(installs[0].origins, vec![InstallOrigin::Profile]);
    assert!(installs.iter().all(|i| i.port_source != PortSource::Env));
    assert!(!installs.iter().any(|i| i.state_dir == m.state));
}

#[test]
fn openclaw_home_and_config_path_and_bad_port() {
    let m = machine();
    let other_home = m.home.join("alt");
    write(
        &other_home.join(".openclaw/settings.json5"),
        "{gateway: {port: 70000}}",
    );
    let env = Env::new(m.home.clone())
        .with_var("OPENCLAW_HOME", "~/alt")
        .with_var(
            "OPENCLAW_CONFIG_PATH",
            other_home.join(".openclaw/settings.json5").as_str(),
        )
        .with_var("PATH", "");
    let installs = discover_installs(&env).expect("discover");
    let first = &installs[0];
    assert_eq!(first.state_dir, other_home.join(".openclaw"));
    assert!(first.origins.contains(&InstallOrigin::OpenclawHome));
    assert_eq!(first.config_path, other_home.join(".openclaw/settings.json5"));
    assert_eq!((first.port, first.port_source), (18789, PortSource::Default));
    assert!(
        first.port_problem.as_deref().is_some_and(|p| p.contains("70000")),
        "{first:?}"
    );
    // The real home's installs are still listed.
    assert!(installs.iter().any(|i| i.state_dir == m.home.join(".openclaw")));
}

#[test]
fn empty_home_has_no_installs_and_json_is_camel_case() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let home = Utf8PathBuf::from_path_buf(tmp.path().to_path_buf()).expect("utf8");
    let installs = discover_installs(&Env::new(home.clone()).with_var("PATH", "")).expect("discover");
    assert!(installs.is_empty(), "{installs:?}");

    let m = machine();
    let installs = discover_installs(&Env::new(m.home.clone()).with_var("PATH", "")).expect("discover");
    let json = serde_json::to_value(&installs[0]).expect("json");
    for key in [
        "stateDir",
        "configPath",
        "portSource",
        "panelPointsHere",
        "clis",
        "services",
    ] {
        assert!(json.get(key).is_some(), "{key} missing in {json}");
    }
    assert_eq!(json["portSource"], "config");
}
