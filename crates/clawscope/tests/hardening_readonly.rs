//! Read-only, continued (issue 6 §4): `state_readonly.rs` covers the state-dir readers; this covers the page
//! APIs (`list_sessions`, `session_detail`, `events`, `usage`) and the read-only gateway APIs (`config`,
//! `read_owner`, `decide`, `explain`, `evidence`, `runtime`, install discovery) on the same kind of tree — the
//! tree hash (names, kinds and contents) is identical before and after.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod state_support;

use clawscope::gateway::installs::discover_installs;
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::gateway::{Gateway, GatewayOptions};
use clawscope::state::StateDir;
use clawscope::state_detail::{DetailOptions, EventQuery, SessionQuery, UsageQuery};
use clawscope_core::Env;
use state_support::{build_sqlite_state, copy_tree, file_era, fixtures, temp, tree_hash};

#[test]
fn page_and_gateway_read_apis_write_nothing() {
    let (_g, root) = temp();
    copy_tree(&file_era(), &root);
    build_sqlite_state(&root);
    // An owner file and the seed agent too, so the gateway readers and the page builder have data.
    copy_tree(&fixtures().join("seed/agents"), &root.join("agents"));
    std::fs::write(
        root.join("gateway-owner.json"),
        format!(r#"{{"port":18789,"pid":1,"openclawDir":"{root}","startedBy":"clawpanel"}}"#),
    )
    .unwrap();
    let before = tree_hash(&root);

    let state = StateDir::open(&root).unwrap();
    let list = state
        .list_sessions(&SessionQuery {
            page_size: 100,
            ..SessionQuery::default()
        })
        .unwrap();
    assert!(list.len() > 5, "{}", list.len());
    let mut details = 0;
    for s in state.scan_all_sessions().unwrap().sessions {
        if state.session_detail(&s.key, &DetailOptions::default()).is_ok() {
            details += 1;
        }
        let _ = state.events(&s.key, &EventQuery::default());
    }
    assert!(details > 5);
    let usage = state.usage(&UsageQuery::default()).unwrap();
    assert!(!serde_json::to_string(&usage).unwrap().is_empty());

    let env = Env::new("/nonexistent-home").with_var("OPENCLAW_STATE_DIR", root.as_str());
    let gw = Gateway::new(GatewayOptions {
        openclaw_dir: Some(root.clone()),
        ..GatewayOptions::default()
    })
    .unwrap();
    let _ = gw.config();
    assert!(gw.read_owner().unwrap().record().is_some());
    let _ = gw.decide_for(&GatewayRuntime::running(Some(1))).unwrap();
    let _ = gw.decide_for(&GatewayRuntime::stopped()).unwrap();
    let _ = gw.decide();
    let _ = gw.runtime();
    let _ = gw.explain();
    let _ = gw.evidence();
    let _ = discover_installs(&env).unwrap();
    let _ = Gateway::discover(&env).unwrap().explain();

    assert_eq!(before, tree_hash(&root));
}
