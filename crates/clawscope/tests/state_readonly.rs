//! Read-only by construction: every read API leaves the state dir byte-for-byte unchanged (names and contents),
//! including SQLite databases in WAL mode whose `-wal`/`-shm` files are absent.

mod state_support;

use std::ops::ControlFlow;

use clawscope::state::{LineReader, StateDir, run_registry, sqlite, store_json, store_sqlite, tail_lines};
use clawscope_core::Env;
use state_support::{build_sqlite_state, copy_tree, file_era, temp, tree_hash};

#[test]
fn no_read_api_writes_anything() {
    let (_g, root) = temp();
    copy_tree(&file_era(), &root);
    build_sqlite_state(&root);
    let before = tree_hash(&root);
    assert!(before.keys().any(|k| k.ends_with("openclaw-agent.sqlite")));

    let mut touched = 0usize;
    let state = StateDir::open(&root).unwrap();
    let discovered =
        StateDir::discover(&Env::new("/nonexistent-home").with_var("OPENCLAW_STATE_DIR", root.as_str()))
            .unwrap();
    assert_eq!(discovered.path(), state.path());
    let _ = state.config_path();
    for agent in state.agents().unwrap() {
        let _ = state.agent_dir(&agent.id).unwrap();
        let _ = state.archives(&agent.id).unwrap();
        if let Ok(scan) = state.scan_sessions(&agent.id) {
            touched += scan.sessions.len();
        }
        let _ = state.sessions(&agent.id);
    }
    let all = state.scan_all_sessions().unwrap();
    assert!(
        all.sessions.len() > 10,
        "JSON and SQLite sessions: {}",
        all.sessions.len()
    );
    let _ = state.all_sessions().unwrap();
    for s in &all.sessions {
        let found = state.find_session(&s.key).unwrap();
        assert_eq!(found.key, s.key);
        if let Ok(t) = state.transcript(s) {
            let _ = t.for_each_line(|_| ControlFlow::Continue(()));
            let _ = t.tail(3, |_| 1);
            if let clawscope::state::Transcript::File { path } = &t
                && path.is_file()
            {
                let _ = tail_lines(path, 2, |_| 1).unwrap();
                let mut reader = LineReader::new(std::fs::File::open(path).unwrap());
                while reader.next_line().unwrap().is_some() {}
            }
            touched += 1;
        }
    }
    let _ = state.subagent_runs().unwrap();
    let _ = state.scan_subagent_runs().unwrap();
    let _ = run_registry::read_runs_json(&run_registry::runs_json_path(&state)).unwrap();
    let _ = run_registry::read_runs_sqlite(&run_registry::state_db_path(&state)).unwrap();
    let _ = store_json::read_json_store(&root.join("agents/main/sessions/sessions.json")).unwrap();
    let db = root.join("agents/main/agent/openclaw-agent.sqlite");
    let _ = store_sqlite::read_sqlite_store(&db).unwrap();
    let _ = sqlite::open_read_only(&db).unwrap();
    assert!(touched > 10);

    let after = tree_hash(&root);
    assert_eq!(before, after);
}
