//! Evidence about the gateway running on a port: listening pids, process identity, the OpenClaw variables of the
//! process environment, OpenClaw's lock files and the installs configured for the port, with the conclusion.
//!
//! ```no_run
//! let env = clawscope::env::from_process();
//! let evidence = clawscope::gateway::evidence::gateway_evidence(&env, 18789)?;
//! println!("{:?} {:?}", evidence.confidence, evidence.serves);
//! # Ok::<(), clawscope::Error>(())
//! ```

use clawscope_core::gateway::install::{
    Fact, FactKind, FactSource, GatewayEvidence, Install, ListenerObservation, conclude,
};
use clawscope_core::{Env, Result};

use super::installs::{discover_installs, same_dir};
use super::lockfiles::read_lock_files;
use super::probe::{openclaw_environment, probe_port, process_info};

/// Gathers the evidence about the gateway on `port` and concludes which install it serves.
///
/// Reads: the listeners ([`probe_port`]), each listener's process (command line or title, executable, start time,
/// user), the OpenClaw variables of its environment where readable (never any other variable), the lock files of
/// both layouts (for the default state dirs, every discovered install and the state dirs named in the listeners'
/// environments), and the discovered installs' configured ports. A socket whose process is not visible (another
/// user's, without root) is reported as a [`FactKind::Listening`] fact in `other_facts`.
pub fn gateway_evidence(env: &Env, port: u16) -> Result<GatewayEvidence> {
    gateway_evidence_with(env, port, Vec::new())
}

/// Like [`gateway_evidence`], with `extra` installs considered besides the discovered ones (an install whose state
/// dir is already discovered is not added twice). `Gateway::evidence` passes its own openclaw dir this way.
pub fn gateway_evidence_with(env: &Env, port: u16, extra: Vec<Install>) -> Result<GatewayEvidence> {
    let probe = probe_port(port)?;
    let mut installs = discover_installs(env)?;
    for install in extra {
        if !installs
            .iter()
            .any(|i| same_dir(&i.state_dir, &install.state_dir))
        {
            installs.push(install);
        }
    }
    let mut observations: Vec<ListenerObservation> = Vec::new();
    for l in &probe.listeners {
        let Some(pid) = l.pid else { continue };
        if observations.iter().any(|o| o.pid == pid) {
            continue;
        }
        let info = process_info(pid).unwrap_or_default();
        observations.push(ListenerObservation {
            pid,
            source: Some(l.source),
            args: info.args,
            exe: info.exe,
            start_time: info.start_time.or(l.start_time),
            uid: info.uid.or(l.uid),
            environ: openclaw_environment(pid),
        });
    }
    let mut state_dirs: Vec<camino::Utf8PathBuf> = installs.iter().map(|i| i.state_dir.clone()).collect();
    for obs in &observations {
        if let Some(dir) = obs.environ.as_ref().and_then(|e| e.get("OPENCLAW_STATE_DIR")) {
            state_dirs.push(dir.into());
        }
    }
    let locks = read_lock_files(env, &state_dirs);
    let mut evidence = conclude(port, &observations, &locks, &installs);
    for l in probe.listeners.iter().filter(|l| l.pid.is_none()) {
        let owner = l
            .uid
            .map_or_else(|| "an unknown user".to_owned(), |uid| format!("uid {uid}"));
        let address = l.local_address.as_deref().unwrap_or("?");
        evidence.other_facts.push(Fact {
            kind: FactKind::Listening,
            source: FactSource::from(l.source),
            value: format!("a socket of {owner} listens on {address}:{port}; its process is not visible"),
            path: None,
        });
    }
    Ok(evidence)
}
