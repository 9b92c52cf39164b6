//! Evidence about a running gateway and the conclusion drawn from it: which install it serves, how sure we are.

use std::collections::BTreeMap;

use camino::{Utf8Component, Utf8Path, Utf8PathBuf};
use serde::{Deserialize, Serialize};

use super::Install;
use crate::gateway::lockfile::{GatewayLock, LockLayout, LockStatus};
use crate::gateway::process::{GatewayCommandKind, gateway_command_kind};
use crate::gateway::runtime::ProbeSource;
use crate::{Error, Result};

/// How sure the conclusion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A live lock file of the listening pid (start time checked where known) or the process environment names the
    /// config.
    Certain,
    /// Only the port matches exactly one install's configuration (or the environment names a home or profile).
    Likely,
    /// Nothing says which install it serves.
    Unknown,
}

/// Where a fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactSource {
    /// `/proc` (Linux) or the platform's process table.
    Proc,
    /// `ss`.
    Ss,
    /// `lsof`.
    Lsof,
    /// `netstat`.
    Netstat,
    /// The process environment (`/proc/<pid>/environ`).
    Environ,
    /// An OpenClaw gateway lock file.
    LockFile,
    /// An install's configuration (`openclaw.json`, `OPENCLAW_GATEWAY_PORT`).
    Config,
    /// ClawPanel's owner file (`gateway-owner.json`).
    OwnerFile,
}

impl From<ProbeSource> for FactSource {
    fn from(source: ProbeSource) -> Self {
        match source {
            ProbeSource::Proc => FactSource::Proc,
            ProbeSource::Ss => FactSource::Ss,
            ProbeSource::Lsof => FactSource::Lsof,
            ProbeSource::Netstat => FactSource::Netstat,
        }
    }
}

/// What a fact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// The pid listens on the port.
    Listening,
    /// The command line.
    CommandLine,
    /// The rewritten process title `openclaw-gateway` (OpenClaw ≥ 2026.9).
    ProcessTitle,
    /// The executable.
    Executable,
    /// The start time (clock ticks after boot).
    StartTime,
    /// The user id.
    User,
    /// One OpenClaw variable of the process environment (`NAME=value`).
    EnvVar,
    /// The process environment could not be read (another user's process, or not Linux).
    EnvUnreadable,
    /// A live lock file of this pid names the config.
    LockFile,
    /// A lock file whose pid is dead: ignored.
    StaleLock,
    /// A lock file whose pid is alive but started at another time (pid reuse): ignored.
    LockPidReused,
    /// A live lock file of a pid that does not listen on the port: not about this gateway.
    LockOtherProcess,
    /// A lock file that cannot be parsed: ignored.
    LockUnreadable,
    /// An install is configured for this port.
    PortMatch,
    /// The lock file and the environment name different configs; the lock file wins.
    Conflict,
    /// ClawPanel's owner record (`gateway-owner.json`): who claimed the gateway, for which dir and port.
    OwnerRecord,
}

/// One piece of evidence and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fact {
    /// What it is about.
    pub kind: FactKind,
    /// Where it was read.
    pub source: FactSource,
    /// The value, as text.
    pub value: String,
    /// The file it was read from, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Utf8PathBuf>,
}

impl Fact {
    fn new(kind: FactKind, source: FactSource, value: impl Into<String>) -> Self {
        Fact {
            kind,
            source,
            value: value.into(),
            path: None,
        }
    }

    fn at(mut self, path: &Utf8Path) -> Self {
        self.path = Some(path.to_owned());
        self
    }
}

/// What was observed about one listening process (input of [`conclude`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerObservation {
    /// The pid.
    pub pid: u32,
    /// Where the pid came from.
    pub source: Option<ProbeSource>,
    /// The arguments (`/proc/<pid>/cmdline` split on NUL, empties dropped); empty when unreadable.
    pub args: Vec<String>,
    /// The executable path.
    pub exe: Option<String>,
    /// The start time (clock ticks after boot).
    pub start_time: Option<u64>,
    /// The real user id.
    pub uid: Option<u32>,
    /// The OpenClaw variables of its environment (only those; see `process::OPENCLAW_ENV_VARS`); `None` when the
    /// environment could not be read.
    pub environ: Option<BTreeMap<String, String>>,
}

/// A lock file found on disk, with what is known about its pid (input of [`conclude`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedLock {
    /// The file.
    pub path: Utf8PathBuf,
    /// The layout of its directory.
    pub layout: LockLayout,
    /// For the 2026.9 layout, the state dir it lives in.
    pub state_dir: Option<Utf8PathBuf>,
    /// The parsed payload, or `None` when unreadable.
    pub lock: Option<GatewayLock>,
    /// Why it could not be read or parsed.
    pub error: Option<String>,
    /// Whether its pid is alive.
    pub pid_alive: bool,
    /// Its pid's current start time, when alive and readable.
    pub pid_start_time: Option<u64>,
}

/// The evidence about one listening pid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerEvidence {
    /// The pid.
    pub pid: u32,
    /// Whether its command line looks like a gateway; `None` when unreadable.
    pub is_gateway: Option<bool>,
    /// Every fact about it.
    pub facts: Vec<Fact>,
}

/// The install a gateway serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Serves {
    /// The config file.
    pub config_path: Utf8PathBuf,
    /// The state dir, when known.
    pub state_dir: Option<Utf8PathBuf>,
    /// The gateway pid.
    pub pid: u32,
    /// The kind of fact that decided it ([`FactKind::LockFile`], [`FactKind::EnvVar`] or [`FactKind::PortMatch`]).
    pub via: FactKind,
}

/// Everything known about the gateway on a port, and the conclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayEvidence {
    /// The port.
    pub port: u16,
    /// The listening pids with their facts.
    pub listeners: Vec<ListenerEvidence>,
    /// Facts about no listener in particular: stale or foreign lock files, and [`FactKind::Listening`] for a socket
    /// whose owning process is not visible (another user's, without root).
    pub other_facts: Vec<Fact>,
    /// The install it serves, when known.
    pub serves: Option<Serves>,
    /// How sure.
    pub confidence: Confidence,
}

/// A candidate conclusion for one listener.
struct Candidate {
    serves: Serves,
    confidence: Confidence,
}

/// Draws the conclusion from observations: for each listening process, its identity, environment and the lock files
/// matching its pid (checked against pid reuse with the start time); then `installs` for a port match.
///
/// Rules: a live lock of the listening pid → `certain` (the lock's config; its state dir for the 2026.9 layout);
/// else `OPENCLAW_CONFIG_PATH` or `OPENCLAW_STATE_DIR` in its environment → `certain`; else `OPENCLAW_HOME`
/// (→ `<home>/.openclaw`) → `likely`; else a gateway-looking process on a port exactly one install is configured for
/// → `likely`; else `unknown`. Stale locks (dead pid) and reused pids (start-time mismatch) are only reported.
pub fn conclude(
    port: u16,
    observations: &[ListenerObservation],
    locks: &[ObservedLock],
    installs: &[Install],
) -> GatewayEvidence {
    let mut listeners = Vec::new();
    let mut best: Option<Candidate> = None;
    let mut used_locks = vec![false; locks.len()];
    for obs in observations {
        let (evidence, candidate) = observe_listener(port, obs, locks, &mut used_locks, installs);
        listeners.push(evidence);
        if let Some(c) = candidate
            && best.as_ref().is_none_or(|b| c.confidence < b.confidence)
        {
            best = Some(c);
        }
    }
    let mut other_facts = Vec::new();
    for (lock, used) in locks.iter().zip(used_locks) {
        if !used {
            other_facts.push(lock_fact(lock, None));
        }
    }
    let (serves, confidence) = match best {
        Some(c) => (Some(c.serves), c.confidence),
        None => (None, Confidence::Unknown),
    };
    GatewayEvidence {
        port,
        listeners,
        other_facts,
        serves,
        confidence,
    }
}

/// The facts about one listener and the best conclusion it supports.
fn observe_listener(
    port: u16,
    obs: &ListenerObservation,
    locks: &[ObservedLock],
    used_locks: &mut [bool],
    installs: &[Install],
) -> (ListenerEvidence, Option<Candidate>) {
    let (mut facts, is_gateway) = identity_facts(port, obs);
    let mut candidate: Option<Candidate> = None;
    // Lock files of this pid.
    for (i, lock) in locks.iter().enumerate() {
        let Some(payload) = lock.lock.as_ref().filter(|l| l.pid == obs.pid) else {
            continue;
        };
        if let Some(flag) = used_locks.get_mut(i) {
            *flag = true;
        }
        let status = payload.status(true, obs.start_time.or(lock.pid_start_time));
        facts.push(lock_fact(lock, Some(status)));
        if status == LockStatus::Live
            && candidate.is_none()
            && let Some(config) = &payload.config_path
        {
            let config_path = Utf8PathBuf::from(config);
            let state_dir = match lock.layout {
                LockLayout::StateDir => lock.state_dir.clone(),
                LockLayout::OsTemp => config_path.parent().map(Utf8Path::to_path_buf),
            };
            candidate = Some(Candidate {
                serves: Serves {
                    config_path,
                    state_dir,
                    pid: obs.pid,
                    via: FactKind::LockFile,
                },
                confidence: Confidence::Certain,
            });
        }
    }
    // The environment.
    match &obs.environ {
        None => facts.push(Fact::new(
            FactKind::EnvUnreadable,
            FactSource::Environ,
            "environment not readable",
        )),
        Some(vars) => {
            for (name, value) in vars {
                facts.push(Fact::new(
                    FactKind::EnvVar,
                    FactSource::Environ,
                    format!("{name}={value}"),
                ));
            }
            if let Some(env_candidate) = environ_candidate(obs.pid, vars) {
                match &candidate {
                    Some(c) if same_path(&c.serves.config_path, &env_candidate.serves.config_path) => {}
                    Some(c) if env_candidate.confidence == Confidence::Certain => facts.push(Fact::new(
                        FactKind::Conflict,
                        FactSource::Environ,
                        format!(
                            "environment names {} but the lock file names {}",
                            env_candidate.serves.config_path, c.serves.config_path
                        ),
                    )),
                    Some(_) => {}
                    None => candidate = Some(env_candidate),
                }
            }
        }
    }
    // Installs configured for this port.
    let matching: Vec<&Install> = installs.iter().filter(|i| i.port == port).collect();
    for install in &matching {
        facts.push(
            Fact::new(
                FactKind::PortMatch,
                FactSource::Config,
                format!("{} is configured for port {port}", install.config_path),
            )
            .at(&install.config_path),
        );
    }
    if candidate.is_none()
        && is_gateway != Some(false)
        && let [install] = matching.as_slice()
    {
        candidate = Some(Candidate {
            serves: Serves {
                config_path: install.config_path.clone(),
                state_dir: Some(install.state_dir.clone()),
                pid: obs.pid,
                via: FactKind::PortMatch,
            },
            confidence: Confidence::Likely,
        });
    }
    (
        ListenerEvidence {
            pid: obs.pid,
            is_gateway,
            facts,
        },
        candidate,
    )
}

/// The identity facts of a listener (pid, command line or title, executable, start time, user) and whether it looks
/// like a gateway (`None` when its command line is unknown).
fn identity_facts(port: u16, obs: &ListenerObservation) -> (Vec<Fact>, Option<bool>) {
    let source = obs.source.map_or(FactSource::Proc, FactSource::from);
    let mut facts = vec![Fact::new(
        FactKind::Listening,
        source,
        format!("pid {} listens on port {port}", obs.pid),
    )];
    let kind = gateway_command_kind(&obs.args);
    let is_gateway = (!obs.args.is_empty()).then_some(kind.is_some());
    if !obs.args.is_empty() {
        let fact_kind = if kind == Some(GatewayCommandKind::RewrittenTitle) {
            FactKind::ProcessTitle
        } else {
            FactKind::CommandLine
        };
        facts.push(Fact::new(fact_kind, FactSource::Proc, obs.args.join(" ")));
    }
    if let Some(exe) = &obs.exe {
        facts.push(Fact::new(FactKind::Executable, FactSource::Proc, exe.clone()));
    }
    if let Some(start) = obs.start_time {
        facts.push(Fact::new(
            FactKind::StartTime,
            FactSource::Proc,
            start.to_string(),
        ));
    }
    if let Some(uid) = obs.uid {
        facts.push(Fact::new(FactKind::User, FactSource::Proc, uid.to_string()));
    }
    (facts, is_gateway)
}

/// What the OpenClaw variables of a process environment say about its config.
fn environ_candidate(pid: u32, vars: &BTreeMap<String, String>) -> Option<Candidate> {
    let state_dir = vars.get("OPENCLAW_STATE_DIR").map(Utf8PathBuf::from);
    let config = vars.get("OPENCLAW_CONFIG_PATH").map(Utf8PathBuf::from);
    let (config_path, state_dir, confidence) = match (config, state_dir) {
        (Some(config), state) => (config, state, Confidence::Certain),
        (None, Some(state)) => (state.join("openclaw.json"), Some(state), Confidence::Certain),
        (None, None) => {
            let state = Utf8PathBuf::from(vars.get("OPENCLAW_HOME")?).join(".openclaw");
            (state.join("openclaw.json"), Some(state), Confidence::Likely)
        }
    };
    Some(Candidate {
        serves: Serves {
            config_path,
            state_dir,
            pid,
            via: FactKind::EnvVar,
        },
        confidence,
    })
}

/// The fact a lock file contributes; `status` is `None` for a lock of a pid that does not listen.
fn lock_fact(lock: &ObservedLock, status: Option<LockStatus>) -> Fact {
    let Some(payload) = &lock.lock else {
        let why = lock.error.clone().unwrap_or_else(|| "unreadable".to_owned());
        return Fact::new(FactKind::LockUnreadable, FactSource::LockFile, why).at(&lock.path);
    };
    let config = payload.config_path.as_deref().unwrap_or("(no config path)");
    let (status, of_listener) = match status {
        Some(status) => (status, true),
        None => (payload.status(lock.pid_alive, lock.pid_start_time), false),
    };
    let (kind, value) = match status {
        LockStatus::Live if of_listener => {
            (FactKind::LockFile, format!("pid {} serves {config}", payload.pid))
        }
        LockStatus::Live => (
            FactKind::LockOtherProcess,
            format!("pid {} (not listening on this port) serves {config}", payload.pid),
        ),
        LockStatus::DeadPid => (
            FactKind::StaleLock,
            format!("pid {} is not running ({config})", payload.pid),
        ),
        LockStatus::StartTimeMismatch => (
            FactKind::LockPidReused,
            format!(
                "pid {} started at {} but the lock records {} ({config})",
                payload.pid,
                lock.pid_start_time
                    .map_or_else(|| "?".to_owned(), |t| t.to_string()),
                payload
                    .start_time
                    .map_or_else(|| "?".to_owned(), |t| t.to_string()),
            ),
        ),
    };
    Fact::new(kind, FactSource::LockFile, value).at(&lock.path)
}

/// Lexical path equality: `.` components and trailing separators are ignored.
fn same_path(a: &Utf8Path, b: &Utf8Path) -> bool {
    normalize(a) == normalize(b)
}

fn normalize(path: &Utf8Path) -> Vec<String> {
    path.components()
        .filter(|c| !matches!(c, Utf8Component::CurDir))
        .map(|c| c.as_str().to_owned())
        .collect()
}

/// Whether `serves` is the install whose state dir is `openclaw_dir`.
fn serves_dir(serves: &Serves, openclaw_dir: &Utf8Path) -> bool {
    serves
        .state_dir
        .as_deref()
        .is_some_and(|d| same_path(d, openclaw_dir))
        || serves
            .config_path
            .parent()
            .is_some_and(|d| same_path(d, openclaw_dir))
}

/// Whether the gateway may be adopted for the install at `openclaw_dir`: only when the evidence is `certain` and
/// names this install. Otherwise [`Error::GatewayAdoptRefused`] says what it serves instead (e.g.
/// "serves `/home/a/.openclaw-work/openclaw.json` (lock file, pid 9860)"), with the evidence as `details`;
/// nothing listening gives [`Error::GatewayNotRunning`].
///
/// ```
/// use camino::Utf8Path;
/// use clawscope_core::gateway::install::{Confidence, FactKind, GatewayEvidence, Serves, adoption_verdict};
///
/// let evidence = GatewayEvidence {
///     port: 18789,
///     listeners: vec![],
///     other_facts: vec![],
///     serves: Some(Serves {
///         config_path: "/home/a/.openclaw-work/openclaw.json".into(),
///         state_dir: Some("/home/a/.openclaw-work".into()),
///         pid: 9860,
///         via: FactKind::LockFile,
///     }),
///     confidence: Confidence::Certain,
/// };
/// assert!(adoption_verdict(&evidence, Utf8Path::new("/home/a/.openclaw-work/")).is_ok());
/// let err = adoption_verdict(&evidence, Utf8Path::new("/home/a/.openclaw")).unwrap_err();
/// assert_eq!(err.code().as_str(), "GATEWAY_ADOPT_REFUSED");
/// assert!(err.to_string().contains("serves `/home/a/.openclaw-work/openclaw.json` (lock file, pid 9860)"));
/// ```
pub fn adoption_verdict(evidence: &GatewayEvidence, openclaw_dir: &Utf8Path) -> Result<()> {
    let refuse = |reason: String| Error::GatewayAdoptRefused {
        reason,
        details: serde_json::to_value(evidence).ok().map(Box::new),
    };
    match (&evidence.serves, evidence.confidence) {
        (Some(serves), Confidence::Certain) if serves_dir(serves, openclaw_dir) => Ok(()),
        (Some(serves), confidence) => {
            let via = match serves.via {
                FactKind::LockFile => "lock file",
                FactKind::EnvVar => "process environment",
                _ => "port match only",
            };
            let mut reason = format!("serves `{}` ({via}, pid {})", serves.config_path, serves.pid);
            if confidence != Confidence::Certain {
                reason.push_str("; no lock file or environment confirms which install it serves");
            }
            Err(refuse(reason))
        }
        (None, _) => match evidence.listeners.first() {
            None if evidence.other_facts.iter().any(|f| f.kind == FactKind::Listening) => {
                Err(refuse(format!(
                    "the process listening on port {} is not visible (another user's); cannot tell which install it serves",
                    evidence.port
                )))
            }
            None => Err(Error::GatewayNotRunning),
            Some(l) => Err(refuse(format!(
                "pid {} on port {} serves an unknown install (no lock file, environment or configured port names it)",
                l.pid, evidence.port
            ))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateway::install::PortSource;

    fn gateway(pid: u32, start: u64) -> ListenerObservation {
        ListenerObservation {
            pid,
            source: Some(ProbeSource::Proc),
            args: vec!["openclaw-gateway".to_owned()],
            start_time: Some(start),
            environ: Some(BTreeMap::new()),
            ..ListenerObservation::default()
        }
    }

    fn lock(pid: u32, start: Option<u64>, config: &str, alive: bool, layout: LockLayout) -> ObservedLock {
        ObservedLock {
            path: "/tmp/openclaw-1000/gateway.00000000.lock".into(),
            layout,
            state_dir: (layout == LockLayout::StateDir).then(|| "/srv/state".into()),
            lock: Some(GatewayLock {
                pid,
                config_path: Some(config.to_owned()),
                start_time: start,
                created_at: None,
                port: None,
            }),
            error: None,
            pid_alive: alive,
            pid_start_time: alive.then_some(500),
        }
    }

    fn install(dir: &str, port: u16) -> Install {
        Install {
            state_dir: dir.into(),
            config_path: Utf8PathBuf::from(dir).join("openclaw.json"),
            config_exists: true,
            origins: vec![],
            profile: None,
            port,
            port_source: PortSource::Config,
            port_problem: None,
            clis: vec![],
            services: vec![],
            panel_points_here: false,
        }
    }

    fn kinds(e: &GatewayEvidence) -> Vec<FactKind> {
        e.listeners
            .iter()
            .flat_map(|l| l.facts.iter().map(|f| f.kind))
            .chain(e.other_facts.iter().map(|f| f.kind))
            .collect()
    }

    #[test]
    fn live_lock_is_certain() {
        let locks = [lock(
            9860,
            Some(500),
            "/srv/state/openclaw.json",
            true,
            LockLayout::StateDir,
        )];
        let e = conclude(18789, &[gateway(9860, 500)], &locks, &[]);
        assert_eq!(e.confidence, Confidence::Certain);
        let serves = e.serves.clone().unwrap_or_else(|| panic!("no conclusion"));
        assert_eq!(serves.via, FactKind::LockFile);
        assert_eq!(serves.state_dir.as_deref(), Some(Utf8Path::new("/srv/state")));
        assert!(kinds(&e).contains(&FactKind::ProcessTitle));
        assert!(adoption_verdict(&e, Utf8Path::new("/srv/state")).is_ok());
    }

    #[test]
    fn reused_pid_and_stale_lock_are_ignored() {
        let locks = [
            lock(9860, Some(499), "/a/openclaw.json", true, LockLayout::OsTemp),
            lock(1234, Some(1), "/b/openclaw.json", false, LockLayout::OsTemp),
        ];
        let e = conclude(18789, &[gateway(9860, 500)], &locks, &[]);
        assert_eq!(e.confidence, Confidence::Unknown);
        assert_eq!(e.serves, None);
        let k = kinds(&e);
        assert!(k.contains(&FactKind::LockPidReused), "{k:?}");
        assert!(k.contains(&FactKind::StaleLock), "{k:?}");
        let err = adoption_verdict(&e, Utf8Path::new("/a")).expect_err("refused");
        assert!(err.to_string().contains("unknown install"), "{err}");
    }

    #[test]
    fn environment_names_the_config() {
        let mut obs = gateway(7, 1);
        obs.environ = Some(BTreeMap::from([(
            "OPENCLAW_STATE_DIR".to_owned(),
            "/home/a/.openclaw-work".to_owned(),
        )]));
        let e = conclude(18789, &[obs], &[], &[install("/home/a/.openclaw", 18789)]);
        assert_eq!(e.confidence, Confidence::Certain);
        let err = adoption_verdict(&e, Utf8Path::new("/home/a/.openclaw")).expect_err("refused");
        assert!(
            err.to_string()
                .contains("serves `/home/a/.openclaw-work/openclaw.json` (process environment, pid 7)"),
            "{err}"
        );
        assert!(err.details().is_some());
    }

    #[test]
    fn lock_beats_conflicting_environment() {
        let mut obs = gateway(9860, 500);
        obs.environ = Some(BTreeMap::from([(
            "OPENCLAW_CONFIG_PATH".to_owned(),
            "/x/openclaw.json".to_owned(),
        )]));
        let locks = [lock(9860, None, "/y/openclaw.json", true, LockLayout::OsTemp)];
        let e = conclude(18789, &[obs], &locks, &[]);
        assert_eq!(e.serves.map(|s| s.config_path), Some("/y/openclaw.json".into()));
        assert!(kinds(&conclude(18789, &[gateway(9860, 500)], &locks, &[])).contains(&FactKind::LockFile));
    }

    #[test]
    fn port_match_is_only_likely_and_ambiguity_is_unknown() {
        let e = conclude(
            18789,
            &[gateway(7, 1)],
            &[],
            &[install("/a", 18789), install("/b", 18800)],
        );
        assert_eq!(e.confidence, Confidence::Likely);
        let err = adoption_verdict(&e, Utf8Path::new("/a")).expect_err("likely is not enough");
        assert!(err.to_string().contains("port match only"), "{err}");
        let e = conclude(
            18789,
            &[gateway(7, 1)],
            &[],
            &[install("/a", 18789), install("/b", 18789)],
        );
        assert_eq!(e.confidence, Confidence::Unknown);
    }

    #[test]
    fn non_gateway_listener_gets_no_port_match() {
        let obs = ListenerObservation {
            pid: 5,
            args: vec!["nginx".to_owned()],
            ..ListenerObservation::default()
        };
        let e = conclude(18789, &[obs], &[], &[install("/a", 18789)]);
        assert_eq!(e.confidence, Confidence::Unknown);
        assert_eq!(e.listeners[0].is_gateway, Some(false));
        assert!(kinds(&e).contains(&FactKind::EnvUnreadable));
    }

    #[test]
    fn nothing_listening_is_not_running() {
        let e = conclude(18789, &[], &[], &[]);
        let err = adoption_verdict(&e, Utf8Path::new("/a")).expect_err("not running");
        assert_eq!(err.code().as_str(), "GATEWAY_NOT_RUNNING");
    }

    #[test]
    fn invisible_owner_is_refused_not_stopped() {
        let mut e = conclude(18789, &[], &[], &[]);
        e.other_facts
            .push(Fact::new(FactKind::Listening, FactSource::Proc, "uid 0 listens"));
        let err = adoption_verdict(&e, Utf8Path::new("/a")).expect_err("refused");
        assert_eq!(err.code().as_str(), "GATEWAY_ADOPT_REFUSED");
        assert!(err.to_string().contains("not visible"), "{err}");
    }

    #[test]
    fn unreadable_lock_is_reported() {
        let mut bad = lock(1, None, "/a", false, LockLayout::OsTemp);
        bad.lock = None;
        bad.error = Some("invalid JSON".to_owned());
        let e = conclude(18789, &[], &[bad], &[]);
        assert_eq!(e.other_facts[0].kind, FactKind::LockUnreadable);
    }

    #[test]
    fn serde_names() {
        let json = serde_json::to_string(&FactKind::LockPidReused).unwrap_or_default();
        assert_eq!(json, "\"lock_pid_reused\"");
        let json = serde_json::to_string(&Confidence::Certain).unwrap_or_default();
        assert_eq!(json, "\"certain\"");
    }
}
