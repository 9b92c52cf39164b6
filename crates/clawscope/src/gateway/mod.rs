//! The gateway: current context (openclaw dir, config, port, CLI), the owner file, the runtime probe, status and
//! ownership operations.
//!
//! Everything of [`clawscope_core::gateway`] is re-exported here (`clawscope::gateway::decide`, `::owner`, …), next
//! to the I/O modules [`owner_file`] and [`probe`] and the [`Gateway`] handle.
//!
//! ```
//! # fn main() -> clawscope::Result<()> {
//! use clawscope::gateway::{Gateway, GatewayOptions};
//! use clawscope::gateway::decide::{Ownership, OwnerAction};
//! use clawscope::gateway::runtime::GatewayRuntime;
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("openclaw.json"), "{ gateway: { port: 18790 } }").unwrap();
//! let options = GatewayOptions { openclaw_dir: Some(dir.path().to_str().unwrap().into()), ..Default::default() };
//! let gw = Gateway::new(options)?.with_runtime_source(|_port: u16| Ok(GatewayRuntime::running(Some(4242))));
//! assert_eq!(gw.port(), 18790);
//! let status = gw.status()?;
//! assert_eq!((status.running, status.ownership), (true, Ownership::Owned));
//! assert_eq!(status.decision.action, OwnerAction::Claim);
//! // The claim was written: the next decision is a plain match.
//! assert_eq!(gw.decide()?.action, OwnerAction::None);
//! # Ok(()) }
//! ```

pub mod evidence;
mod explain;
pub mod installs;
pub mod lockfiles;
pub mod owner_file;
pub mod probe;
#[cfg(target_os = "linux")]
mod socket_owners;

pub use clawscope_core::gateway::*;

use std::fmt;
use std::io::ErrorKind;
use std::path::Path;

use camino::{Utf8Path, Utf8PathBuf};
use clawscope_core::gateway::cli::{cli_candidates, first_existing_cli, is_rejected_cli_path};
use clawscope_core::gateway::config::{
    CONFIG_FILE_NAME, ConfigPathSource, GatewayConfig, OpenclawDirSource, PanelConfig, PortSource,
    panel_config_path, resolve_openclaw_paths,
};
use clawscope_core::gateway::decide::{
    GatewaySignature, OwnerAction, Ownership, OwnershipDecision, decide_with,
};
use clawscope_core::gateway::owner::{OWNER_FILE_NAME, OwnerReadOutcome, OwnerRecord};
use clawscope_core::gateway::runtime::GatewayRuntime;
use clawscope_core::paths::{PathContext, PathResolver, PathStyle};
use clawscope_core::time::Timestamp;
use clawscope_core::{Env, Error, Result};
use serde::Serialize;

use crate::atomic::FileLock;
use clawscope_core::gateway::install::{
    GatewayEvidence, Install, InstallOrigin, PortSource as InstallPortSource, adoption_verdict,
};
use evidence::gateway_evidence_with;
pub use explain::GatewayExplanation;
use explain::owner_fact;
use owner_file::{clear_owner_file, owner_lock_path, read_owner_file, write_owner_file};

/// ClawPanel's service label for the gateway.
pub const GATEWAY_LABEL: &str = "ai.openclaw.gateway";
/// ClawPanel's description for the gateway service.
pub const GATEWAY_DESCRIPTION: &str = "OpenClaw Gateway";

/// Where the runtime state of the gateway port comes from. The default is [`probe::current_runtime`]; tests and
/// embedders can inject their own (any `Fn(u16) -> Result<GatewayRuntime>` works).
pub trait RuntimeSource: Send + Sync {
    /// The runtime state of `port`.
    fn runtime(&self, port: u16) -> Result<GatewayRuntime>;
}

impl<F> RuntimeSource for F
where
    F: Fn(u16) -> Result<GatewayRuntime> + Send + Sync,
{
    fn runtime(&self, port: u16) -> Result<GatewayRuntime> {
        self(port)
    }
}

/// The real probe ([`probe::current_runtime`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct ProbeRuntime;

impl RuntimeSource for ProbeRuntime {
    fn runtime(&self, port: u16) -> Result<GatewayRuntime> {
        probe::current_runtime(port)
    }
}

/// Symlink resolution through [`std::fs::canonicalize`] (non-UTF-8 results count as unresolvable).
#[derive(Debug, Clone, Copy, Default)]
pub struct FsResolver;

impl PathResolver for FsResolver {
    fn resolve(&self, path: &str) -> Option<String> {
        std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.to_str().map(str::to_owned))
    }
}

/// What to build a [`Gateway`] from. Unset fields are discovered ([`Gateway::discover_with`]) or defaulted
/// ([`Gateway::new`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GatewayOptions {
    /// The openclaw data dir (required by [`Gateway::new`]).
    pub openclaw_dir: Option<Utf8PathBuf>,
    /// The gateway port; overrides env and config.
    pub port: Option<u16>,
    /// The OpenClaw CLI path. A blank string means "no CLI" (and stops [`Gateway::discover_with`] from
    /// searching for one).
    pub cli_path: Option<String>,
    /// The `openclaw.json` path; default `<openclaw_dir>/openclaw.json`.
    pub config_path: Option<Utf8PathBuf>,
}

/// ClawPanel's `ServiceStatus` (snake-case keys as ClawPanel returns them), plus the full decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceStatus {
    /// Always `"ai.openclaw.gateway"`.
    pub label: String,
    /// Something listens on the gateway port.
    pub running: bool,
    /// The listening pid, when known.
    pub pid: Option<u32>,
    /// Always `"OpenClaw Gateway"`.
    pub description: String,
    /// A CLI path is known and the file exists.
    pub cli_installed: bool,
    /// Stopped, owned or foreign.
    pub ownership: Ownership,
    /// True only when owned.
    pub owned_by_current_instance: bool,
    /// The decision behind `ownership` (camelCase inside).
    pub decision: OwnershipDecision,
    /// When the decision asked for a write and it failed: the error text (the status is still returned, as the
    /// ClawPanel desktop app does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_write_error: Option<String>,
}

type Clock = Box<dyn Fn() -> Timestamp + Send + Sync>;

/// The gateway of one openclaw dir: its context, owner file and runtime.
pub struct Gateway {
    openclaw_dir: Utf8PathBuf,
    dir_source: OpenclawDirSource,
    config_path: Utf8PathBuf,
    config_path_source: ConfigPathSource,
    config: GatewayConfig,
    cli_path: Option<String>,
    paths: PathContext,
    runtime: Box<dyn RuntimeSource>,
    clock: Clock,
    /// The environment evidence is gathered with (lock-file dirs, other installs).
    env: Env,
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gateway")
            .field("openclaw_dir", &self.openclaw_dir)
            .field("dir_source", &self.dir_source)
            .field("config_path", &self.config_path)
            .field("config", &self.config)
            .field("cli_path", &self.cli_path)
            .finish_non_exhaustive()
    }
}

/// Reads a file that may be missing (`Ok(None)`).
fn read_optional(path: &Utf8Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read", path, e)),
    }
}

fn is_file(path: &str) -> bool {
    Path::new(path).is_file()
}

impl Gateway {
    /// A gateway for an explicit openclaw dir. The port comes from `options.port`, else `gateway.port` in the
    /// config file, else 18789 (environment variables such as `OPENCLAW_GATEWAY_PORT` are **not** consulted: use
    /// [`Gateway::discover`] for that; only the home directory is read, to expand `~`).
    /// The CLI is `options.cli_path` or none.
    pub fn new(options: GatewayOptions) -> Result<Gateway> {
        let Some(dir) = options.openclaw_dir.as_deref() else {
            return Err(Error::invalid_argument(
                "openclaw_dir",
                "required by Gateway::new; use Gateway::discover to find it",
            ));
        };
        // Only the home, working dir and OS shape an explicit gateway; the full process environment is kept for
        // evidence (lock-file dirs, other installs).
        let process_env = crate::env::from_process();
        let mut env = Env::default()
            .with_os(process_env.os())
            .with_home(process_env.home().map(Utf8Path::to_path_buf));
        if let Some(cwd) = process_env.cwd() {
            env = env.with_cwd(cwd);
        }
        if dir.as_str().trim().is_empty() {
            return Err(Error::invalid_path(dir, "empty openclaw dir"));
        }
        let paths = PathContext::from_env(&env);
        let dir = paths.normalize(dir.as_str());
        let mut gw = Self::build(
            &env,
            paths,
            dir.into(),
            OpenclawDirSource::Explicit,
            None,
            options,
        )?;
        gw.env = process_env;
        Ok(gw)
    }

    /// A gateway discovered from `env`: ClawPanel's panel config (`~/.openclaw/clawpanel.json`, its
    /// `openclawDir`, `openclawCliPath` and `openclawSearchPaths`), `OPENCLAW_STATE_DIR`/`OPENCLAW_HOME`,
    /// `OPENCLAW_CONFIG_PATH`, `OPENCLAW_GATEWAY_PORT` and the CLI search of `clawpanel-gateway.md` §2.3.
    pub fn discover(env: &Env) -> Result<Gateway> {
        Self::discover_with(env, GatewayOptions::default())
    }

    /// Like [`Gateway::discover`], with the set fields of `options` taking precedence.
    pub fn discover_with(env: &Env, options: GatewayOptions) -> Result<Gateway> {
        let mut panel = None;
        if let Some(path) = panel_config_path(env) {
            // Like ClawPanel, an unreadable or unparsable panel config is ignored.
            panel = read_optional(Utf8Path::new(&path))
                .ok()
                .flatten()
                .and_then(|b| PanelConfig::parse(&b).ok());
        }
        let paths = PathContext::from_env(env);
        let (dir, dir_source, config) = if let Some(dir) = options.openclaw_dir.as_deref() {
            if dir.as_str().trim().is_empty() {
                return Err(Error::invalid_path(dir, "empty openclaw dir"));
            }
            (paths.normalize(dir.as_str()), OpenclawDirSource::Explicit, None)
        } else {
            let found = resolve_openclaw_paths(env, panel.as_ref())?;
            let config = Some((found.config_path.clone(), found.config_path_source));
            (found.openclaw_dir, found.dir_source, config)
        };
        let search_cli = options.cli_path.is_none();
        let mut gw = Self::build(env, paths, dir.into(), dir_source, config, options)?;
        if search_cli {
            let bound = panel.as_ref().and_then(|p| p.openclaw_cli_path.as_deref());
            let search = panel
                .as_ref()
                .map(|p| p.openclaw_search_paths.as_slice())
                .unwrap_or_default();
            let candidates = cli_candidates(env, bound, search);
            gw.cli_path = first_existing_cli(&candidates, env.os(), &is_file);
        }
        Ok(gw)
    }

    fn build(
        env: &Env,
        paths: PathContext,
        openclaw_dir: Utf8PathBuf,
        dir_source: OpenclawDirSource,
        discovered_config: Option<(String, ConfigPathSource)>,
        options: GatewayOptions,
    ) -> Result<Gateway> {
        let (config_path, config_path_source) = match (&options.config_path, discovered_config) {
            (Some(p), _) => (
                Utf8PathBuf::from(paths.normalize(p.as_str())),
                ConfigPathSource::Explicit,
            ),
            (None, Some((p, source))) => (Utf8PathBuf::from(p), source),
            (None, None) => (openclaw_dir.join(CONFIG_FILE_NAME), ConfigPathSource::Dir),
        };
        let bytes = read_optional(&config_path)?;
        let mut config = GatewayConfig::resolve(bytes.as_deref(), env);
        if let Some(port) = options.port {
            if port == 0 {
                return Err(Error::InvalidPort {
                    value: "0".into(),
                    reason: "a port is in 1-65535".into(),
                });
            }
            config.port = port;
            config.port_source = PortSource::Explicit;
        }
        Ok(Gateway {
            openclaw_dir,
            dir_source,
            config_path,
            config_path_source,
            config,
            cli_path: options.cli_path.filter(|c| !c.trim().is_empty()),
            paths,
            runtime: Box::new(ProbeRuntime),
            clock: Box::new(Timestamp::now),
            env: env.clone(),
        })
    }

    /// Replaces the runtime source (builder style), e.g. with a closure in tests.
    #[must_use]
    pub fn with_runtime_source(mut self, source: impl RuntimeSource + 'static) -> Self {
        self.runtime = Box::new(source);
        self
    }

    /// Replaces the clock used for `startedAt` (builder style).
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> Timestamp + Send + Sync + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// The gateway port.
    pub fn port(&self) -> u16 {
        self.config.port
    }

    /// Where the port came from.
    pub fn port_source(&self) -> PortSource {
        self.config.port_source
    }

    /// The gateway config (bind, auth mode, redacted secrets, diagnostics).
    pub fn config(&self) -> &GatewayConfig {
        &self.config
    }

    /// The openclaw data dir (normalised).
    pub fn openclaw_dir(&self) -> &Utf8Path {
        &self.openclaw_dir
    }

    /// Where the openclaw dir came from.
    pub fn openclaw_dir_source(&self) -> OpenclawDirSource {
        self.dir_source
    }

    /// The `openclaw.json` path.
    pub fn config_path(&self) -> &Utf8Path {
        &self.config_path
    }

    /// Where the config path came from.
    pub fn config_path_source(&self) -> ConfigPathSource {
        self.config_path_source
    }

    /// The CLI path, when one is known.
    pub fn cli_path(&self) -> Option<&str> {
        self.cli_path.as_deref()
    }

    /// `<openclaw dir>/gateway-owner.json`.
    pub fn owner_path(&self) -> Utf8PathBuf {
        self.openclaw_dir.join(OWNER_FILE_NAME)
    }

    /// The current signature (port, dir, CLI).
    pub fn signature(&self) -> GatewaySignature {
        GatewaySignature::new(self.port(), self.openclaw_dir.as_str(), self.cli_path.clone())
    }

    /// The runtime state of the gateway port, from the runtime source.
    pub fn runtime(&self) -> Result<GatewayRuntime> {
        self.runtime.runtime(self.port())
    }

    /// Reads the owner file (never writes).
    pub fn read_owner(&self) -> Result<OwnerReadOutcome> {
        read_owner_file(self.owner_path().as_std_path())
    }

    /// Removes the owner file, under the claim lock. Returns whether a file was removed.
    pub fn clear_owner(&self) -> Result<bool> {
        let _lock = self.lock()?;
        clear_owner_file(self.owner_path().as_std_path())
    }

    /// The ownership decision for the current runtime. Pure read: nothing is written.
    pub fn decide(&self) -> Result<OwnershipDecision> {
        let runtime = self.runtime()?;
        self.decide_for(&runtime)
    }

    /// The ownership decision for a given runtime state. Pure read: nothing is written.
    pub fn decide_for(&self, runtime: &GatewayRuntime) -> Result<OwnershipDecision> {
        let record = self.read_owner()?;
        Ok(self.decide_record(&record, runtime))
    }

    fn decide_record(&self, record: &OwnerReadOutcome, runtime: &GatewayRuntime) -> OwnershipDecision {
        decide_with(record, &self.signature(), runtime, &self.paths, Some(&FsResolver))
    }

    fn lock(&self) -> Result<FileLock> {
        FileLock::acquire(&owner_lock_path(self.owner_path().as_std_path()))
    }

    /// Writes a fresh record for the current signature, keeping the unknown keys of `previous`.
    fn write_claim(&self, pid: Option<u32>, previous: Option<&OwnerRecord>) -> Result<OwnerRecord> {
        let mut record = OwnerRecord::claim(
            self.port(),
            self.openclaw_dir.as_str(),
            self.cli_path.clone(),
            pid,
            (self.clock)(),
        );
        if let Some(previous) = previous {
            record.extra.clone_from(&previous.extra);
        }
        write_owner_file(self.owner_path().as_std_path(), &record)?;
        Ok(record)
    }

    /// Reads, decides and applies the decision's action under the lock.
    fn decide_and_apply(&self, runtime: &GatewayRuntime) -> Result<(OwnershipDecision, Result<()>)> {
        let _lock = self.lock()?;
        let record = self.read_owner()?;
        let decision = self.decide_record(&record, runtime);
        let applied = match decision.action {
            OwnerAction::None => Ok(()),
            OwnerAction::RefreshPid | OwnerAction::Claim => {
                self.write_claim(decision.pid, record.record()).map(|_| ())
            }
        };
        Ok((decision, applied))
    }

    /// ClawPanel's service status (`clawpanel-gateway.md` §1.10): probes the port, decides, and — when running —
    /// refreshes the pid or auto-claims as the decision says. A failed write (or lock) is reported in
    /// [`ServiceStatus::owner_write_error`], not as an error; an unreadable owner file is an error.
    pub fn status(&self) -> Result<ServiceStatus> {
        let runtime = self.runtime()?;
        let (decision, owner_write_error) = if runtime.running {
            match self.decide_and_apply(&runtime) {
                Ok((decision, applied)) => (decision, applied.err().map(|e| e.to_string())),
                // The lock could not be taken (read-only dir, …): decide without writing, say why.
                Err(lock_error) => (self.decide_for(&runtime)?, Some(lock_error.to_string())),
            }
        } else {
            (self.decide_for(&runtime)?, None)
        };
        Ok(ServiceStatus {
            label: GATEWAY_LABEL.to_owned(),
            running: runtime.running,
            pid: runtime.pid,
            description: GATEWAY_DESCRIPTION.to_owned(),
            cli_installed: self
                .cli_path
                .as_deref()
                .is_some_and(|c| is_file(c) && !is_rejected_cli_path(c)),
            ownership: decision.ownership,
            owned_by_current_instance: decision.owned_by_current_instance(),
            decision,
            owner_write_error,
        })
    }

    /// ClawPanel's `ensureOwnedGatewayOrThrow(pid)` (§1.8): the gateway is taken as running with `pid` (when `None`,
    /// the probe's pid, if any); an owned record gets its pid refreshed, an auto-claimable one is claimed, and a
    /// foreign one gives [`Error::GatewayForeign`] with ClawPanel's text and the decision in `details`.
    pub fn ensure_owned(&self, pid: Option<u32>) -> Result<OwnershipDecision> {
        let pid = match pid.filter(|p| *p > 0) {
            Some(p) => Some(p),
            None => self.runtime()?.pid,
        };
        let runtime = GatewayRuntime::running(pid);
        let (decision, applied) = self.decide_and_apply(&runtime)?;
        if decision.ownership == Ownership::Foreign {
            return Err(self.foreign_error_with_evidence(&decision));
        }
        applied?;
        Ok(decision)
    }

    /// ClawPanel's `claim_gateway`: when the gateway runs, writes a fresh record unconditionally (with `pid`, or
    /// the probe's pid; unknown keys of a readable old record are kept); otherwise [`Error::GatewayNotRunning`] (`Gateway 未运行，无需认领`).
    pub fn claim(&self, pid: Option<u32>) -> Result<OwnerRecord> {
        let runtime = self.runtime()?;
        if !runtime.running {
            return Err(Error::GatewayNotRunning);
        }
        let _lock = self.lock()?;
        let previous = self.read_owner().ok();
        self.write_claim(
            pid.filter(|p| *p > 0).or(runtime.pid),
            previous.as_ref().and_then(OwnerReadOutcome::record),
        )
    }

    /// ClawPanel's `writeGatewayOwner(pid)`: writes a fresh record without checks (used after starting the
    /// gateway), under the lock.
    pub fn write_owner(&self, pid: Option<u32>) -> Result<OwnerRecord> {
        let _lock = self.lock()?;
        let previous = self.read_owner().ok();
        self.write_claim(pid, previous.as_ref().and_then(OwnerReadOutcome::record))
    }

    /// Evidence about the gateway on this port (`clawscope::gateway::evidence`): listening pids, process identity,
    /// OpenClaw variables of the process environment, OpenClaw's lock files, the installs configured for the port
    /// (this openclaw dir among them) and the owner record, with the conclusion of which install it serves.
    pub fn evidence(&self) -> Result<GatewayEvidence> {
        let mut evidence = gateway_evidence_with(&self.env, self.port(), vec![self.own_install()])?;
        if let Ok(outcome) = self.read_owner() {
            evidence
                .other_facts
                .push(owner_fact(&outcome, &self.owner_path()));
        }
        Ok(evidence)
    }

    /// Why the gateway is owned or foreign: the ownership decision (read-only, nothing written) with the evidence.
    pub fn explain(&self) -> Result<GatewayExplanation> {
        let decision = self.decide()?;
        let evidence = self.evidence()?;
        Ok(GatewayExplanation { decision, evidence })
    }

    /// Claims the running gateway for this openclaw dir **only** when the evidence says it serves this install (a
    /// live lock file or the process environment names this dir's config): then the owner record is written with
    /// the gateway's pid (or `pid`, when given and it is one of the listeners). Otherwise
    /// [`Error::GatewayAdoptRefused`] names what the gateway serves instead, with the evidence in `details`;
    /// [`Error::GatewayNotRunning`] when nothing listens.
    pub fn adopt(&self, pid: Option<u32>) -> Result<OwnerRecord> {
        let evidence = self.evidence()?;
        adoption_verdict(&evidence, &self.openclaw_dir)?;
        let serving = evidence.serves.as_ref().map(|s| s.pid);
        let pid = match pid.filter(|p| *p > 0) {
            Some(p) if evidence.listeners.iter().any(|l| l.pid == p) => Some(p),
            Some(p) => {
                return Err(Error::GatewayAdoptRefused {
                    reason: format!("pid {p} does not listen on port {}", self.port()),
                    details: serde_json::to_value(&evidence).ok().map(Box::new),
                });
            }
            None => serving,
        };
        let _lock = self.lock()?;
        let previous = self.read_owner().ok();
        self.write_claim(pid, previous.as_ref().and_then(OwnerReadOutcome::record))
    }

    /// ClawPanel's foreign error; `details` holds the decision and, when it could be gathered, the evidence.
    fn foreign_error_with_evidence(&self, decision: &OwnershipDecision) -> Error {
        let mut details = serde_json::Map::new();
        details.insert(
            "decision".into(),
            serde_json::to_value(decision).unwrap_or_default(),
        );
        if let Ok(evidence) = self.evidence() {
            details.insert(
                "evidence".into(),
                serde_json::to_value(&evidence).unwrap_or_default(),
            );
        }
        Error::GatewayForeign {
            port: self.port(),
            pid: decision.pid,
            details: Some(Box::new(serde_json::Value::Object(details))),
        }
    }

    /// This openclaw dir as an install, so evidence can name it even when discovery would not find it.
    fn own_install(&self) -> Install {
        Install {
            state_dir: self.openclaw_dir.clone(),
            config_path: self.config_path.clone(),
            config_exists: self.config_path.is_file(),
            origins: vec![InstallOrigin::Explicit],
            profile: None,
            port: self.port(),
            port_source: match self.port_source() {
                PortSource::Env => InstallPortSource::Env,
                PortSource::Config | PortSource::Explicit => InstallPortSource::Config,
                PortSource::Default => InstallPortSource::Default,
            },
            port_problem: None,
            clis: Vec::new(),
            services: Vec::new(),
            panel_points_here: false,
        }
    }

    /// The path style this gateway compares paths with.
    pub fn path_style(&self) -> PathStyle {
        self.paths.style()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use clawscope_core::ErrorCode;

    #[test]
    fn an_empty_explicit_dir_is_refused_by_new_and_discover_alike() {
        for dir in ["", "  "] {
            let options = || GatewayOptions {
                openclaw_dir: Some(dir.into()),
                ..GatewayOptions::default()
            };
            assert_eq!(
                Gateway::new(options()).unwrap_err().code(),
                ErrorCode::InvalidPath
            );
            let err = Gateway::discover_with(&Env::new("/home/a"), options()).unwrap_err();
            assert_eq!(err.code(), ErrorCode::InvalidPath);
        }
    }

    fn gw(dir: &Path, runtime: GatewayRuntime) -> Gateway {
        let options = GatewayOptions {
            openclaw_dir: Some(dir.to_str().unwrap().into()),
            ..GatewayOptions::default()
        };
        Gateway::new(options)
            .unwrap()
            .with_runtime_source(move |_: u16| Ok(runtime.clone()))
    }

    #[test]
    fn gateway_can_be_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Gateway>();
        let dir = tempfile::tempdir().unwrap();
        let g = std::sync::Arc::new(gw(dir.path(), GatewayRuntime::running(Some(5))));
        let g2 = std::sync::Arc::clone(&g);
        let handle = std::thread::spawn(move || g2.ensure_owned(None).unwrap().action);
        assert_eq!(handle.join().unwrap(), OwnerAction::Claim);
        assert_eq!(g.decide().unwrap().action, OwnerAction::None);
    }

    #[test]
    fn new_requires_a_dir_and_rejects_port_zero() {
        assert_eq!(
            Gateway::new(GatewayOptions::default()).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
        let dir = tempfile::tempdir().unwrap();
        let options = GatewayOptions {
            openclaw_dir: Some(dir.path().to_str().unwrap().into()),
            port: Some(0),
            ..GatewayOptions::default()
        };
        assert_eq!(Gateway::new(options).unwrap_err().code(), ErrorCode::InvalidPort);
    }

    #[test]
    fn claim_needs_a_running_gateway() {
        let dir = tempfile::tempdir().unwrap();
        let err = gw(dir.path(), GatewayRuntime::stopped())
            .claim(Some(1))
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::GatewayNotRunning);
        assert_eq!(err.to_string(), "Gateway 未运行，无需认领");
        let rec = gw(dir.path(), GatewayRuntime::running(Some(77)))
            .claim(None)
            .unwrap();
        assert_eq!(rec.pid, Some(77));
    }

    #[test]
    fn stopped_status_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let status = gw(dir.path(), GatewayRuntime::stopped()).status().unwrap();
        assert_eq!(status.ownership, Ownership::Stopped);
        assert!(!dir.path().join("gateway-owner.json").exists());
        assert!(!dir.path().join("gateway-owner.json.lock").exists());
        let v = serde_json::to_value(&status).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            [
                "label",
                "running",
                "pid",
                "description",
                "cli_installed",
                "ownership",
                "owned_by_current_instance",
                "decision"
            ]
        );
    }

    #[test]
    fn ensure_owned_refreshes_pid_then_is_stable() {
        let dir = tempfile::tempdir().unwrap();
        let g = gw(dir.path(), GatewayRuntime::running(None));
        assert_eq!(g.ensure_owned(Some(10)).unwrap().action, OwnerAction::Claim);
        assert_eq!(g.ensure_owned(Some(10)).unwrap().action, OwnerAction::None);
        assert_eq!(g.ensure_owned(Some(11)).unwrap().action, OwnerAction::RefreshPid);
        assert_eq!(g.read_owner().unwrap().record().unwrap().pid, Some(11));
        assert!(g.clear_owner().unwrap());
        assert_eq!(g.read_owner().unwrap(), OwnerReadOutcome::Missing);
    }

    #[test]
    fn discover_reads_panel_config_and_env() {
        let home = tempfile::tempdir().unwrap();
        let home_str = home.path().to_str().unwrap();
        let panel_dir = home.path().join(".openclaw");
        std::fs::create_dir_all(&panel_dir).unwrap();
        std::fs::write(
            panel_dir.join("clawpanel.json"),
            r#"{"openclawDir":"~/custom-oc"}"#,
        )
        .unwrap();
        let oc = home.path().join("custom-oc");
        std::fs::create_dir_all(oc.join("bin")).unwrap();
        std::fs::write(oc.join("openclaw.json"), "{gateway:{port:18800}}").unwrap();
        std::fs::write(oc.join("bin/openclaw"), "#!/bin/sh\n").unwrap();
        let env = Env::new(home_str)
            .with_var("OPENCLAW_GATEWAY_PORT", "18801")
            .with_var("PATH", oc.join("bin").to_str().unwrap());
        let g = Gateway::discover(&env).unwrap();
        assert_eq!(g.openclaw_dir().as_str(), oc.to_str().unwrap());
        assert_eq!(g.openclaw_dir_source(), OpenclawDirSource::PanelConfig);
        assert_eq!((g.port(), g.port_source()), (18801, PortSource::Env));
        assert_eq!(g.cli_path(), oc.join("bin/openclaw").to_str());
        assert_eq!(
            g.config_path().as_str(),
            oc.join("openclaw.json").to_str().unwrap()
        );
    }
}
