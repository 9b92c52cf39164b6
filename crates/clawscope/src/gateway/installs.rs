//! Every OpenClaw install on this machine (read-only): state dirs from the environment, `~/.openclaw`, profile and
//! legacy dirs and ClawPanel's panel config, each with its config, configured port, CLIs and service definitions.
//!
//! ```no_run
//! let env = clawscope::env::from_process();
//! for install in clawscope::gateway::installs::discover_installs(&env)? {
//!     println!("{} port {} ({:?})", install.state_dir, install.port, install.port_source);
//! }
//! # Ok::<(), clawscope::Error>(())
//! ```

use camino::{Utf8Path, Utf8PathBuf};
use clawscope_core::gateway::install::{
    Install, InstallCli, InstallOrigin, ServiceDefinition, ServiceKind, cli_source, configured_port,
    expand_tilde, parse_package_version, parse_version_file, service_profile, service_state_dir,
};
use clawscope_core::{Env, Result};

/// Legacy state-dir names, in OpenClaw's order.
const LEGACY_DIRS: &[&str] = &[".clawdbot", ".moldbot", ".moltbot"];
/// Config file names, current first.
const CONFIG_NAMES: &[&str] = &["openclaw.json", "clawdbot.json", "moldbot.json", "moltbot.json"];
/// Config files bigger than this are not parsed for the port.
const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// One candidate state dir before merging.
struct Candidate {
    dir: Utf8PathBuf,
    origin: InstallOrigin,
    profile: Option<String>,
}

/// Every OpenClaw install that can be found from `env`, in discovery order: `$OPENCLAW_STATE_DIR`,
/// `$OPENCLAW_HOME/.openclaw`, `~/.openclaw`, profile dirs `~/.openclaw-<profile>`, legacy dirs (`~/.clawdbot`,
/// `~/.moldbot`, `~/.moltbot`) and the `openclawDir` of ClawPanel's `~/.openclaw/clawpanel.json`.
///
/// Dirs named by the environment or the panel config are listed even when missing (`configExists: false`); the
/// others only when they exist (a profile dir must hold `openclaw.json` or `agents/`). The environment's
/// `OPENCLAW_CONFIG_PATH` and `OPENCLAW_GATEWAY_PORT` apply to the install OpenClaw would use with this
/// environment (the first one found). Nothing is written.
pub fn discover_installs(env: &Env) -> Result<Vec<Install>> {
    let home = env.home().map(Utf8Path::to_path_buf);
    let openclaw_home = env.var("OPENCLAW_HOME").map(|h| expand_tilde(h, home.as_deref()));
    let effective_home = openclaw_home.clone().or_else(|| home.clone());
    let mut candidates = Vec::new();
    if let Some(dir) = env.var("OPENCLAW_STATE_DIR") {
        candidates.push(Candidate {
            dir: expand_tilde(dir, effective_home.as_deref()),
            origin: InstallOrigin::StateDirEnv,
            profile: None,
        });
    }
    if let (Some(profile), Some(h)) = (env.var("OPENCLAW_PROFILE"), effective_home.as_deref()) {
        candidates.push(Candidate {
            dir: h.join(format!(".openclaw-{profile}")),
            origin: InstallOrigin::Profile,
            profile: Some(profile.to_owned()),
        });
    }
    if let Some(h) = &openclaw_home {
        candidates.push(Candidate {
            dir: h.join(".openclaw"),
            origin: InstallOrigin::OpenclawHome,
            profile: None,
        });
    }
    let mut homes: Vec<Utf8PathBuf> = effective_home.iter().chain(home.iter()).cloned().collect();
    homes.dedup();
    for h in &homes {
        let default = h.join(".openclaw");
        if default.is_dir() {
            candidates.push(Candidate {
                dir: default,
                origin: InstallOrigin::Default,
                profile: None,
            });
        }
        candidates.extend(profile_dirs(h));
        for name in LEGACY_DIRS {
            let dir = h.join(name);
            if dir.is_dir() {
                candidates.push(Candidate {
                    dir,
                    origin: InstallOrigin::Legacy,
                    profile: None,
                });
            }
        }
    }
    let panel_dir = home.as_deref().and_then(|h| panel_openclaw_dir(h, env));
    if let Some(dir) = &panel_dir {
        candidates.push(Candidate {
            dir: dir.clone(),
            origin: InstallOrigin::Clawpanel,
            profile: None,
        });
    }
    let machine_clis = machine_clis(env, home.as_deref());
    let services = service_definitions(home.as_deref());
    let mut installs: Vec<Install> = Vec::new();
    for candidate in candidates {
        if let Some(existing) = installs
            .iter_mut()
            .find(|i| same_dir(&i.state_dir, &candidate.dir))
        {
            if !existing.origins.contains(&candidate.origin) {
                existing.origins.push(candidate.origin);
            }
            if existing.profile.is_none() {
                existing.profile = candidate.profile;
            }
            continue;
        }
        let active = installs.is_empty();
        installs.push(build_install(env, candidate, active));
    }
    for install in &mut installs {
        install.panel_points_here = panel_dir
            .as_deref()
            .is_some_and(|d| same_dir(d, &install.state_dir));
        install.clis.clone_from(&machine_clis);
        install.services = services
            .iter()
            .filter(|(state, svc)| match state {
                Some(state) => same_dir(state, &install.state_dir),
                None => match &svc.profile {
                    Some(profile) => install.profile.as_ref() == Some(profile),
                    None => install
                        .origins
                        .iter()
                        .any(|o| matches!(o, InstallOrigin::Default | InstallOrigin::OpenclawHome)),
                },
            })
            .map(|(_, svc)| svc.clone())
            .collect();
    }
    Ok(installs)
}

/// `~/.openclaw-<profile>` dirs that look like state dirs (hold `openclaw.json` or `agents/`).
fn profile_dirs(home: &Utf8Path) -> Vec<Candidate> {
    let Ok(entries) = home.read_dir_utf8() else {
        return Vec::new();
    };
    let mut out: Vec<Candidate> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            let profile = name.strip_prefix(".openclaw-")?;
            let dir = e.path();
            let looks_like_state = dir.join("openclaw.json").is_file() || dir.join("agents").is_dir();
            (profile != "bin" && !profile.is_empty() && looks_like_state).then(|| Candidate {
                dir: dir.to_path_buf(),
                origin: InstallOrigin::Profile,
                profile: Some(profile.to_owned()),
            })
        })
        .collect();
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out
}

/// The `openclawDir` of ClawPanel's panel config (`~/.openclaw/clawpanel.json`), `~` expanded, relative paths
/// resolved against the working directory.
fn panel_openclaw_dir(home: &Utf8Path, env: &Env) -> Option<Utf8PathBuf> {
    let text = read_small(&home.join(".openclaw").join("clawpanel.json"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let dir = value.get("openclawDir")?.as_str()?.trim();
    if dir.is_empty() {
        return None;
    }
    let dir = expand_tilde(dir, Some(home));
    Some(match env.cwd() {
        Some(cwd) if dir.is_relative() => cwd.join(dir),
        _ => dir,
    })
}

/// Builds one install; `active` is the install OpenClaw would use with this environment.
fn build_install(env: &Env, candidate: Candidate, active: bool) -> Install {
    let dir = candidate.dir;
    let env_config = active
        .then(|| env.var("OPENCLAW_CONFIG_PATH"))
        .flatten()
        .map(|p| expand_tilde(p, env.home()));
    let config_path = env_config.unwrap_or_else(|| {
        CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
            .unwrap_or_else(|| dir.join("openclaw.json"))
    });
    let config_text = read_small(&config_path);
    let env_port = active.then(|| env.var("OPENCLAW_GATEWAY_PORT")).flatten();
    let port = configured_port(env_port, config_text.as_deref());
    Install {
        config_exists: config_path.is_file(),
        state_dir: dir,
        config_path,
        origins: vec![candidate.origin],
        profile: candidate.profile,
        port: port.port,
        port_source: port.source,
        port_problem: (!port.problems.is_empty()).then(|| port.problems.join("; ")),
        clis: Vec::new(),
        services: Vec::new(),
        panel_points_here: false,
    }
}

/// Reads a text file of at most [`MAX_CONFIG_BYTES`].
fn read_small(path: &Utf8Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_CONFIG_BYTES {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// Lexical, then canonical, directory equality.
pub(crate) fn same_dir(a: &Utf8Path, b: &Utf8Path) -> bool {
    let trim = |p: &Utf8Path| p.as_str().trim_end_matches(['/', '\\']).to_owned();
    if trim(a) == trim(b) {
        return true;
    }
    match (a.canonicalize_utf8(), b.canonicalize_utf8()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The OpenClaw CLIs in the usual places (`clawpanel-gateway.md` §2.3): `~/.openclaw-bin`, `~/.npm-global/bin`,
/// `~/.local/bin`, `~/bin`, `/opt/openclaw`, `/opt/homebrew/bin`, `/usr/local/bin`, then the `PATH` dirs; deduplicated
/// by real path.
fn machine_clis(env: &Env, home: Option<&Utf8Path>) -> Vec<InstallCli> {
    let mut dirs: Vec<Utf8PathBuf> = Vec::new();
    if let Some(h) = home {
        for rel in [".openclaw-bin", ".npm-global/bin", ".local/bin", "bin"] {
            dirs.push(h.join(rel));
        }
    }
    for fixed in ["/opt/openclaw", "/opt/homebrew/bin", "/usr/local/bin"] {
        dirs.push(Utf8PathBuf::from(fixed));
    }
    if let Some(path) = env.var("PATH") {
        let sep = if env.os() == clawscope_core::env::OsFamily::Windows {
            ';'
        } else {
            ':'
        };
        dirs.extend(path.split(sep).filter(|d| !d.is_empty()).map(Utf8PathBuf::from));
    }
    let mut out: Vec<InstallCli> = Vec::new();
    let mut seen: Vec<Utf8PathBuf> = Vec::new();
    for dir in dirs {
        let cli = dir.join("openclaw");
        if !cli.is_file() {
            continue;
        }
        let real = cli.canonicalize_utf8().unwrap_or_else(|_| cli.clone());
        if seen.contains(&real) {
            continue;
        }
        seen.push(real.clone());
        out.push(InstallCli {
            source: cli_source(cli.as_str()).to_owned(),
            version: cli_version(&cli, &real),
            path: cli,
        });
    }
    out
}

/// A CLI's version: a `VERSION` file (`openclaw_version=`) next to the CLI or its real file, else the `package.json`
/// of the package it belongs to (`openclaw` or `@qingchencloud/openclaw-zh`).
fn cli_version(cli: &Utf8Path, real: &Utf8Path) -> Option<String> {
    let dirs: Vec<&Utf8Path> = [cli.parent(), real.parent()].into_iter().flatten().collect();
    for dir in &dirs {
        if let Some(v) = read_small(&dir.join("VERSION"))
            .as_deref()
            .and_then(parse_version_file)
        {
            return Some(v);
        }
    }
    for dir in &dirs {
        let mut candidates = vec![dir.join("package.json"), dir.join("../package.json")];
        for base in [dir.to_path_buf(), dir.join(".."), dir.join("../lib")] {
            for pkg in ["@qingchencloud/openclaw-zh", "openclaw"] {
                candidates.push(base.join("node_modules").join(pkg).join("package.json"));
            }
        }
        for file in candidates {
            let Some(text) = read_small(&file) else { continue };
            let is_openclaw = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'))
                .ok()
                .and_then(|v| {
                    v.get("name")
                        .and_then(|n| n.as_str())
                        .map(|n| n.contains("openclaw"))
                })
                .unwrap_or(false);
            if is_openclaw && let Some(v) = parse_package_version(&text) {
                return Some(v);
            }
        }
    }
    None
}

/// Gateway service definitions: systemd user units `openclaw-gateway*.service` and launchd agents
/// `ai.openclaw.*.plist` (node-host services excluded), each with the state dir it sets, when it sets one. A
/// definition that sets `OPENCLAW_STATE_DIR` belongs to that install; otherwise a profile name (`-work`) belongs to
/// that profile's install and a plain name to `~/.openclaw` (or `$OPENCLAW_HOME/.openclaw`). Windows scheduled
/// tasks are not listed (they have no file to read).
fn service_definitions(home: Option<&Utf8Path>) -> Vec<(Option<Utf8PathBuf>, ServiceDefinition)> {
    let Some(home) = home else { return Vec::new() };
    let mut out = Vec::new();
    for (dir, kind) in [
        (home.join(".config/systemd/user"), ServiceKind::Systemd),
        (home.join("Library/LaunchAgents"), ServiceKind::Launchd),
    ] {
        let Ok(entries) = dir.read_dir_utf8() else {
            continue;
        };
        let mut files: Vec<Utf8PathBuf> = entries.flatten().map(|e| e.path().to_path_buf()).collect();
        files.sort();
        for path in files {
            let Some(name) = path.file_name() else { continue };
            let matches = match kind {
                ServiceKind::Systemd => name.starts_with("openclaw-gateway") && name.ends_with(".service"),
                _ => {
                    name.starts_with("ai.openclaw.")
                        && Utf8Path::new(name).extension() == Some("plist")
                        && name != "ai.openclaw.node.plist"
                }
            };
            if !matches {
                continue;
            }
            let state = read_small(&path)
                .as_deref()
                .and_then(service_state_dir)
                .map(|s| expand_tilde(&s, Some(home)));
            let label = name.strip_suffix(".plist").unwrap_or(name).to_owned();
            out.push((
                state,
                ServiceDefinition {
                    kind,
                    name: label,
                    profile: service_profile(name),
                    path: Some(path),
                },
            ));
        }
    }
    out
}
