//! `sessionFile` containment (symlinks, stale absolute paths) and state dir discovery on a real file system.

mod state_support;

use clawscope::state::{StateDir, StoredSession, Transcript};
use clawscope_core::Env;
use state_support::{copy_tree, file_era, temp};

fn session(state: &StateDir, key: &str) -> StoredSession {
    state.find_session(key).unwrap()
}

fn write_store(root: &camino::Utf8Path, entries: &str) {
    let dir = root.join("agents/main/sessions");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sessions.json"), entries).unwrap();
}

#[cfg(unix)]
#[test]
fn symlinks_pointing_out_are_refused() {
    let (_g, root) = temp();
    let (_o, outside) = temp();
    std::fs::write(outside.join("secret.jsonl"), "{\"type\":\"session\"}\n").unwrap();
    write_store(
        &root,
        r#"{"agent:main:a":{"sessionId":"aaa","updatedAt":1,"sessionFile":"link.jsonl"},
            "agent:main:b":{"sessionId":"bbb","updatedAt":1},
            "agent:main:c":{"sessionId":"ccc","updatedAt":1,"sessionFile":"dangling.jsonl"},
            "agent:main:d":{"sessionId":"ddd","updatedAt":1,"sessionFile":"inner.jsonl"}}"#,
    );
    let sessions = root.join("agents/main/sessions");
    std::os::unix::fs::symlink(outside.join("secret.jsonl"), sessions.join("link.jsonl")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.jsonl"), sessions.join("bbb.jsonl")).unwrap();
    std::os::unix::fs::symlink(outside.join("nothing"), sessions.join("dangling.jsonl")).unwrap();
    std::fs::write(sessions.join("real.jsonl"), "{}\n").unwrap();
    std::os::unix::fs::symlink(sessions.join("real.jsonl"), sessions.join("inner.jsonl")).unwrap();

    let state = StateDir::open(&root).unwrap();
    for key in ["agent:main:a", "agent:main:b", "agent:main:c"] {
        let err = state.transcript(&session(&state, key)).unwrap_err();
        assert_eq!(err.code().as_str(), "INVALID_PATH", "{key}");
    }
    // A symlink that stays inside the sessions dir is fine.
    let ok = state.transcript(&session(&state, "agent:main:d")).unwrap();
    assert_eq!(ok.path(), sessions.join("inner.jsonl"));
}

#[cfg(unix)]
#[test]
fn a_sessions_dir_that_is_a_symlink_still_contains_its_files() {
    let (_g, root) = temp();
    let (_r, real) = temp();
    std::fs::create_dir_all(root.join("agents/main")).unwrap();
    std::fs::write(
        real.join("sessions.json"),
        r#"{"agent:main:x":{"sessionId":"xyz","updatedAt":1}}"#,
    )
    .unwrap();
    std::fs::write(real.join("xyz.jsonl"), "{\"type\":\"session\"}\n").unwrap();
    std::os::unix::fs::symlink(&real, root.join("agents/main/sessions")).unwrap();
    let state = StateDir::open(&root).unwrap();
    let t = state.transcript(&session(&state, "agent:main:x")).unwrap();
    assert_eq!(t.tail(5, |_| 1).unwrap().lines.len(), 1);
}

#[test]
fn a_moved_state_dir_resolves_stale_absolute_paths_by_name() {
    let (_g, root) = temp();
    copy_tree(&file_era(), &root.join("moved"));
    let state = StateDir::open(root.join("moved")).unwrap();
    let main = session(&state, "agent:main:main");
    assert!(
        main.entry
            .session_file
            .as_deref()
            .unwrap()
            .starts_with("/home/li/.openclaw/")
    );
    let Transcript::File { path } = state.transcript(&main).unwrap() else {
        panic!("file-era transcript expected")
    };
    assert_eq!(
        path,
        root.join("moved/agents/main/sessions/7d3c2b1a-5e4f-4a6b-8c9d-0e1f2a3b4c5d.jsonl")
    );
    assert!(path.is_file());
}

#[test]
fn a_wrong_session_file_falls_back_to_the_session_id() {
    let (_g, root) = temp();
    write_store(
        &root,
        r#"{"agent:main:x":{"sessionId":"xyz","updatedAt":1,"sessionFile":"/old/agents/main/sessions/renamed.jsonl"}}"#,
    );
    std::fs::write(root.join("agents/main/sessions/xyz.jsonl"), "{}\n").unwrap();
    let state = StateDir::open(&root).unwrap();
    let t = state.transcript(&session(&state, "agent:main:x")).unwrap();
    assert_eq!(t.path(), root.join("agents/main/sessions/xyz.jsonl"));
}

#[test]
fn a_directory_is_not_a_transcript() {
    let (_g, root) = temp();
    write_store(
        &root,
        r#"{"agent:main:x":{"sessionId":"xyz","updatedAt":1,"sessionFile":"sub"}}"#,
    );
    std::fs::create_dir_all(root.join("agents/main/sessions/sub")).unwrap();
    let state = StateDir::open(&root).unwrap();
    let err = state.transcript(&session(&state, "agent:main:x")).unwrap_err();
    assert_eq!(err.code().as_str(), "INVALID_PATH");
}

#[test]
fn discover_follows_openclaw_rules_on_disk() {
    let (_g, home) = temp();
    // Nothing exists yet: ~/.openclaw is the answer, and it must exist to be opened.
    let env = Env::new(home.clone());
    assert_eq!(StateDir::discover(&env).unwrap_err().code().as_str(), "NOT_FOUND");
    // A legacy dir is used when ~/.openclaw is missing.
    std::fs::create_dir_all(home.join(".clawdbot")).unwrap();
    std::fs::write(home.join(".clawdbot/clawdbot.json"), "{}").unwrap();
    let state = StateDir::discover(&env).unwrap();
    assert_eq!(state.path(), home.join(".clawdbot"));
    assert_eq!(state.config_path(), home.join(".clawdbot/clawdbot.json"));
    // ~/.openclaw wins once it exists.
    std::fs::create_dir_all(home.join(".openclaw")).unwrap();
    assert_eq!(StateDir::discover(&env).unwrap().path(), home.join(".openclaw"));
    // A profile.
    std::fs::create_dir_all(home.join(".openclaw-work")).unwrap();
    let env_p = env.clone().with_var("OPENCLAW_PROFILE", "work");
    assert_eq!(
        StateDir::discover(&env_p).unwrap().path(),
        home.join(".openclaw-work")
    );
    // OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH.
    let env_s = env
        .clone()
        .with_var("OPENCLAW_STATE_DIR", file_era().as_str())
        .with_var("OPENCLAW_CONFIG_PATH", "~/custom.json5");
    let state = StateDir::discover(&env_s).unwrap();
    assert_eq!(state.path(), file_era());
    assert_eq!(state.config_path(), home.join("custom.json5"));
    // The config does not exist, so only directories count as agents.
    let ids: Vec<_> = state.agents().unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(ids, ["main", "ops"]);
}

#[test]
fn open_refuses_files_and_missing_dirs() {
    let (_g, root) = temp();
    std::fs::write(root.join("f"), "x").unwrap();
    assert_eq!(
        StateDir::open(root.join("f")).unwrap_err().code().as_str(),
        "INVALID_PATH"
    );
    assert_eq!(
        StateDir::open(root.join("missing")).unwrap_err().code().as_str(),
        "NOT_FOUND"
    );
    assert_eq!(StateDir::open("").unwrap_err().code().as_str(), "INVALID_PATH");
}

#[test]
fn a_broken_config_is_config_invalid_but_sessions_still_list() {
    let (_g, root) = temp();
    copy_tree(&file_era(), &root);
    std::fs::write(root.join("openclaw.json"), "{ agents: { list: [ ").unwrap();
    let state = StateDir::open(&root).unwrap();
    assert_eq!(state.agents().unwrap_err().code().as_str(), "CONFIG_INVALID");
    let scan = state.scan_all_sessions().unwrap();
    assert_eq!(scan.sessions.len(), 9);
    assert!(scan.diagnostics.iter().any(|d| d.code == "CONFIG_INVALID"));
}

#[test]
fn a_corrupt_store_is_store_corrupt_and_other_agents_survive() {
    let (_g, root) = temp();
    copy_tree(&file_era(), &root);
    std::fs::write(
        root.join("agents/ops/sessions/sessions.json"),
        "[\"not\", \"an object\"]",
    )
    .unwrap();
    let state = StateDir::open(&root).unwrap();
    let err = state.sessions("ops").unwrap_err();
    assert_eq!(err.code().as_str(), "STORE_CORRUPT");
    assert!(
        err.to_string().contains("agents/ops/sessions/sessions.json"),
        "{err}"
    );
    let scan = state.scan_all_sessions().unwrap();
    assert_eq!(scan.sessions.len(), 8);
    assert!(
        scan.diagnostics
            .iter()
            .any(|d| d.agent_id == "ops" && d.code == "STORE_CORRUPT")
    );
}

#[test]
fn the_legacy_single_agent_store_is_agent_main() {
    let (_g, root) = temp();
    std::fs::create_dir_all(root.join("sessions")).unwrap();
    std::fs::write(
        root.join("sessions/sessions.json"),
        r#"{"main":{"sessionId":"old1","updatedAt":1700000000},"agent:main:x":{"sessionId":"old2","updatedAt":1700000001000,"sessionFile":"../openclaw.json"}}"#,
    )
    .unwrap();
    std::fs::write(
        root.join("sessions/old1.jsonl"),
        "{\"type\":\"session\",\"id\":\"old1\"}\n",
    )
    .unwrap();
    let state = StateDir::open(&root).unwrap();
    let agents = state.agents().unwrap();
    assert_eq!(agents.len(), 1);
    assert_eq!((agents[0].id.as_str(), agents[0].has_dir), ("main", false));
    let all = state.all_sessions().unwrap();
    assert_eq!(all.len(), 2);
    let old = state.find_session("main").unwrap();
    assert_eq!(old.entry.updated_at, 1_700_000_000_000);
    let t = state.transcript(&old).unwrap();
    assert_eq!(t.path(), root.join("sessions/old1.jsonl"));
    assert_eq!(t.tail(5, |_| 1).unwrap().lines.len(), 1);
    // Containment holds for the legacy dir too.
    let escape = state.find_session("agent:main:x").unwrap();
    assert_eq!(
        state.transcript(&escape).unwrap_err().code().as_str(),
        "INVALID_PATH"
    );
    // A caller-made session with another store path does not move the sessions dir.
    let mut forged = old.clone();
    forged.store_path = "/etc/sessions.json".into();
    assert_eq!(
        state.transcript(&forged).unwrap().path(),
        root.join("agents/main/sessions/old1.jsonl")
    );
    // An agents/main store takes precedence over the legacy one.
    std::fs::create_dir_all(root.join("agents/main/sessions")).unwrap();
    std::fs::write(
        root.join("agents/main/sessions/sessions.json"),
        r#"{"agent:main:main":{"sessionId":"new","updatedAt":1}}"#,
    )
    .unwrap();
    let keys: Vec<_> = state.all_sessions().unwrap().into_iter().map(|s| s.key).collect();
    assert_eq!(keys, ["agent:main:main"]);
}
