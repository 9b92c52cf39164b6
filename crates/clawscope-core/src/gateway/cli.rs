//! OpenClaw CLI path rules (`clawpanel-gateway.md` §2.3–2.4): rejected paths, Windows launchable names and
//! canonicalisation, identity keys for dedupe, source classification and the ordered candidate list.
//!
//! Everything here is pure: file existence is asked of an oracle (`&dyn Fn(&str) -> bool`), so the Windows rules
//! are testable on Linux.
//!
//! One deliberate fix: ClawPanel classifies the default Unix standalone dir `~/.openclaw-bin/openclaw` and
//! `~/.npm-global/bin/openclaw` as `unknown` because the leading dot breaks its substring match; clawscope
//! classifies them as `standalone` and `npm-official`.
//!
//! ```
//! use clawscope_core::gateway::cli::{classify_cli_source, canonical_windows_cli_path, CliSource};
//!
//! assert_eq!(classify_cli_source("/home/li/.openclaw-bin/openclaw"), CliSource::Standalone);
//! let exists = |p: &str| p == r"C:\npm\openclaw.cmd" || p == r"C:\npm\openclaw";
//! assert_eq!(canonical_windows_cli_path(r"C:\npm\openclaw", &exists).as_deref(), Some(r"C:\npm\openclaw.cmd"));
//! ```

use serde::{Deserialize, Serialize};

use crate::env::{Env, OsFamily};
use crate::paths::{PathContext, PathResolver, PathStyle};

/// The file names a Windows CLI may have, in ClawPanel's preference order.
pub const WINDOWS_LAUNCHABLE_NAMES: [&str; 4] =
    ["openclaw.cmd", "openclaw.exe", "openclaw.bat", "openclaw.js"];

/// Where an OpenClaw CLI was installed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CliSource {
    /// Inside ClawPanel's portable root.
    Portable,
    /// The standalone installer (`Programs/OpenClaw`, `.openclaw-bin`, `/opt/openclaw`).
    Standalone,
    /// The Chinese npm package `@qingchencloud/openclaw-zh`.
    NpmZh,
    /// The official npm package (npm, npm-global or `node_modules` paths).
    NpmOfficial,
    /// A system-wide bin dir (`homebrew`, `/usr/local/bin`, `/usr/bin`).
    NpmGlobal,
    /// Anything else.
    Unknown,
}

impl CliSource {
    /// The label ClawPanel uses (`"npm-zh"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            CliSource::Portable => "portable",
            CliSource::Standalone => "standalone",
            CliSource::NpmZh => "npm-zh",
            CliSource::NpmOfficial => "npm-official",
            CliSource::NpmGlobal => "npm-global",
            CliSource::Unknown => "unknown",
        }
    }
}

/// Lower-cases and turns `\` into `/`.
fn folded(path: &str) -> String {
    path.to_lowercase().replace('\\', "/")
}

/// Whether ClawPanel refuses this path as a CLI (Cherry Studio's bundled copy).
///
/// ```
/// use clawscope_core::gateway::cli::is_rejected_cli_path;
/// assert!(is_rejected_cli_path(r"C:\Users\u\.cherrystudio\bin\openclaw.exe"));
/// assert!(!is_rejected_cli_path("/usr/bin/openclaw"));
/// ```
pub fn is_rejected_cli_path(path: &str) -> bool {
    let p = folded(path);
    p.contains("/.cherrystudio/") || p.contains("cherry-studio")
}

/// The last path component (either separator).
fn basename(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The directory part, without the trailing separator; empty when there is none.
fn dirname(path: &str) -> &str {
    path.rfind(['/', '\\']).map_or("", |i| &path[..i])
}

/// Whether the file name is one Windows can launch as the CLI (`openclaw.cmd/.exe/.bat/.js`, any case).
pub fn is_windows_launchable(path: &str) -> bool {
    let name = basename(path).to_lowercase();
    WINDOWS_LAUNCHABLE_NAMES.contains(&name.as_str())
}

/// ClawPanel's Windows canonicalisation: for `openclaw`, `openclaw.exe` or `openclaw.ps1`, the first existing,
/// non-rejected sibling among `openclaw.cmd`, `.exe`, `.bat`, `.js` (so a `.cmd` wins over the `.exe` itself);
/// for any other name, the path itself if it exists, is launchable and is not rejected; else `None`.
pub fn canonical_windows_cli_path(path: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    let name = basename(path).to_lowercase();
    if matches!(name.as_str(), "openclaw" | "openclaw.exe" | "openclaw.ps1") {
        let dir = dirname(path);
        return WINDOWS_LAUNCHABLE_NAMES
            .iter()
            .map(|n| {
                if dir.is_empty() {
                    (*n).to_owned()
                } else {
                    format!("{dir}\\{n}")
                }
            })
            .find(|c| exists(c) && !is_rejected_cli_path(c));
    }
    (exists(path) && is_windows_launchable(path) && !is_rejected_cli_path(path)).then(|| path.to_owned())
}

/// The identity key used to dedupe installations: on Windows `openclaw`/`.exe`/`.ps1` with a sibling
/// `openclaw.cmd` become the `.cmd`; then the path is normalised (and resolved when a resolver is given),
/// lower-cased on Windows, `\` turned into `/`.
///
/// ```
/// use clawscope_core::gateway::cli::cli_identity_key;
/// use clawscope_core::paths::{PathContext, PathStyle};
/// let ctx = PathContext::new(PathStyle::Windows);
/// let exists = |p: &str| p.ends_with("openclaw.cmd");
/// assert_eq!(cli_identity_key(r"C:\Npm\openclaw.exe", &ctx, &exists, None), "c:/npm/openclaw.cmd");
/// ```
pub fn cli_identity_key(
    path: &str,
    paths: &PathContext,
    exists: &dyn Fn(&str) -> bool,
    resolver: Option<&dyn PathResolver>,
) -> String {
    let mut chosen = path.to_owned();
    if paths.style() == PathStyle::Windows {
        let name = basename(path).to_lowercase();
        if matches!(name.as_str(), "openclaw" | "openclaw.exe" | "openclaw.ps1") {
            let cmd = format!("{}\\openclaw.cmd", dirname(path));
            if exists(&cmd) {
                chosen = cmd;
            }
        }
    }
    let canonical = paths.resolved(&chosen, resolver);
    match paths.style() {
        PathStyle::Unix => canonical,
        PathStyle::Windows => canonical.to_lowercase().replace('\\', "/"),
    }
}

/// Classifies a CLI path by its location (`clawpanel-gateway.md` §2.4, without the portable and shim-sniffing
/// rules, which need a portable root and file contents: see [`classify_cli_source_with`]).
pub fn classify_cli_source(path: &str) -> CliSource {
    classify_cli_source_with(path, None, None)
}

/// Classifies a CLI path: `portable` when inside `portable_root`; then `standalone`, `npm-zh`, the Windows shim
/// sniff (`shim_text` is the content of a `.cmd`/`.bat`/extension-less shim, if the caller read it),
/// `npm-official`, `npm-global`, else `unknown`. `.openclaw-bin` and `.npm-global` count like their undotted
/// names (ClawPanel's quirk is fixed).
pub fn classify_cli_source_with(
    path: &str,
    portable_root: Option<&str>,
    shim_text: Option<&str>,
) -> CliSource {
    let p = folded(path);
    if let Some(root) = portable_root {
        let root = folded(root);
        let root = root.trim_end_matches('/');
        if !root.is_empty() && p.starts_with(&format!("{root}/")) {
            return CliSource::Portable;
        }
    }
    if [
        "/programs/openclaw/",
        "/openclaw-bin/",
        "/.openclaw-bin/",
        "/opt/openclaw/",
    ]
    .iter()
    .any(|s| p.contains(s))
    {
        return CliSource::Standalone;
    }
    if p.contains("openclaw-zh") || p.contains("@qingchencloud") {
        return CliSource::NpmZh;
    }
    if let Some(text) = shim_text {
        let t = folded(text);
        if t.contains("@qingchencloud") || t.contains("openclaw-zh") {
            return CliSource::NpmZh;
        }
        if t.contains("/node_modules/openclaw/") {
            return CliSource::NpmOfficial;
        }
    }
    if ["/npm/", "/npm-global/", "/.npm-global/", "/node_modules/"]
        .iter()
        .any(|s| p.contains(s))
    {
        return CliSource::NpmOfficial;
    }
    if ["/homebrew/", "/usr/local/bin/", "/usr/bin/"]
        .iter()
        .any(|s| p.contains(s))
    {
        return CliSource::NpmGlobal;
    }
    CliSource::Unknown
}

/// The directories searched for the CLI, in order (after the bound path): the panel's search paths, each
/// `PATH` entry, then the fixed per-OS list of `clawpanel-gateway.md` §2.3 (version-manager globs such as
/// `~/.nvm/versions/node/*/bin` need a directory listing and are not included).
pub fn cli_search_dirs(env: &Env, search_paths: &[String]) -> Vec<String> {
    let ctx = PathContext::from_env(env);
    let mut dirs: Vec<String> = search_paths.iter().map(|p| ctx.normalize(p)).collect();
    let list_sep = if env.os() == OsFamily::Windows { ';' } else { ':' };
    if let Some(path) = env.var("PATH") {
        dirs.extend(
            path.split(list_sep)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
    }
    let home = env.home().map(|h| h.as_str().to_owned());
    let in_home = |rel: &str| home.as_ref().map(|h| ctx.normalize(&format!("{h}/{rel}")));
    match env.os() {
        OsFamily::Windows => {
            let var = |name: &str| env.var(name).map(str::to_owned);
            let mut push = |base: Option<String>, rel: &str| {
                if let Some(b) = base {
                    dirs.push(ctx.normalize(&format!("{b}\\{rel}")));
                }
            };
            push(var("APPDATA"), "npm");
            push(var("NPM_CONFIG_PREFIX"), "");
            push(var("LOCALAPPDATA"), r"Programs\OpenClaw");
            push(var("LOCALAPPDATA"), "OpenClaw");
            push(var("LOCALAPPDATA"), r"Programs\nodejs");
            push(var("USERPROFILE").or(home.clone()), ".openclaw-bin");
            push(var("ProgramFiles"), "nodejs");
            push(var("ProgramFiles"), "OpenClaw");
            push(var("ProgramFiles(x86)"), "nodejs");
            for drive in ['C', 'D', 'E', 'F', 'G'] {
                dirs.push(format!(r"{drive}:\OpenClaw"));
                dirs.push(format!(r"{drive}:\AI\OpenClaw"));
            }
        }
        OsFamily::Linux | OsFamily::Macos => {
            for rel in [
                ".openclaw-bin",
                ".npm-global/bin",
                ".local/bin",
                ".npm/bin",
                ".volta/bin",
                ".nodenv/shims",
            ] {
                dirs.extend(in_home(rel));
            }
            if let Some(prefix) = env.var("NPM_CONFIG_PREFIX") {
                dirs.push(ctx.normalize(&format!("{prefix}/bin")));
            }
            for rel in [".nvm/current/bin", ".fnm/current/bin", "bin"] {
                dirs.extend(in_home(rel));
            }
            dirs.extend(
                [
                    "/opt/openclaw",
                    "/opt/homebrew/bin",
                    "/usr/local/bin",
                    "/usr/bin",
                    "/snap/bin",
                ]
                .map(str::to_owned),
            );
        }
    }
    let mut seen = std::collections::HashSet::new();
    dirs.retain(|d| !d.is_empty() && seen.insert(ctx.compare_key(d)));
    dirs
}

/// The ordered CLI candidates: the bound path first (`openclawCliPath`), then `openclaw` (Unix) or the four
/// launchable names (Windows) in each search dir. Nothing is checked for existence here.
pub fn cli_candidates(env: &Env, bound: Option<&str>, search_paths: &[String]) -> Vec<String> {
    let ctx = PathContext::from_env(env);
    let mut out = Vec::new();
    if let Some(b) = bound.map(str::trim).filter(|b| !b.is_empty()) {
        out.push(ctx.normalize(b));
    }
    for dir in cli_search_dirs(env, search_paths) {
        if env.os() == OsFamily::Windows {
            out.extend(WINDOWS_LAUNCHABLE_NAMES.iter().map(|n| format!("{dir}\\{n}")));
        } else {
            out.push(format!("{dir}/openclaw"));
        }
    }
    out
}

/// The first usable CLI among `candidates`: on Windows after [`canonical_windows_cli_path`], elsewhere a path
/// that exists and is not rejected.
///
/// ```
/// use clawscope_core::{Env, gateway::cli::{cli_candidates, first_existing_cli}};
/// let env = Env::new("/home/li").with_var("PATH", "/nope:/usr/bin");
/// let exists = |p: &str| p == "/usr/bin/openclaw" || p == "/usr/local/bin/openclaw";
/// let found = first_existing_cli(&cli_candidates(&env, None, &[]), env.os(), &exists);
/// assert_eq!(found.as_deref(), Some("/usr/bin/openclaw"));
/// ```
pub fn first_existing_cli(
    candidates: &[String],
    os: OsFamily,
    exists: &dyn Fn(&str) -> bool,
) -> Option<String> {
    candidates.iter().find_map(|c| match os {
        OsFamily::Windows => canonical_windows_cli_path(c, exists),
        OsFamily::Linux | OsFamily::Macos => (exists(c) && !is_rejected_cli_path(c)).then(|| c.clone()),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        for (path, source) in [
            ("/home/li/.openclaw-bin/openclaw", CliSource::Standalone),
            ("/home/li/.npm-global/bin/openclaw", CliSource::NpmOfficial),
            (
                r"C:\Users\u\AppData\Local\Programs\OpenClaw\openclaw.cmd",
                CliSource::Standalone,
            ),
            ("/opt/openclaw/bin/openclaw", CliSource::Standalone),
            (
                "/usr/lib/node_modules/@qingchencloud/openclaw-zh/bin/openclaw.js",
                CliSource::NpmZh,
            ),
            (
                r"C:\Users\u\AppData\Roaming\npm\openclaw.cmd",
                CliSource::NpmOfficial,
            ),
            (
                "/usr/local/lib/node_modules/openclaw/openclaw.mjs",
                CliSource::NpmOfficial,
            ),
            ("/opt/homebrew/bin/openclaw", CliSource::NpmGlobal),
            ("/usr/bin/openclaw", CliSource::NpmGlobal),
            ("/srv/tools/openclaw", CliSource::Unknown),
        ] {
            assert_eq!(classify_cli_source(path), source, "{path}");
        }
        assert_eq!(
            classify_cli_source_with(r"D:\Panel\engines\openclaw\openclaw.cmd", Some(r"D:\Panel"), None),
            CliSource::Portable
        );
        assert_eq!(
            classify_cli_source_with(
                r"C:\tools\openclaw.cmd",
                None,
                Some(r#"node "%~dp0\node_modules\openclaw\x""#)
            ),
            CliSource::NpmOfficial
        );
        assert_eq!(serde_json::to_value(CliSource::NpmZh).unwrap(), "npm-zh");
    }

    #[test]
    fn windows_canonicalisation_prefers_cmd_and_refuses_bare_shim() {
        let only_bare = |p: &str| p == r"C:\npm\openclaw";
        assert_eq!(canonical_windows_cli_path(r"C:\npm\openclaw", &only_bare), None);
        let with_exe = |p: &str| p == r"C:\npm\openclaw.exe" || p == r"C:\npm\openclaw.cmd";
        assert_eq!(
            canonical_windows_cli_path(r"C:\npm\openclaw.exe", &with_exe).as_deref(),
            Some(r"C:\npm\openclaw.cmd")
        );
        let js = |p: &str| p == r"C:\x\OpenClaw.JS";
        assert_eq!(
            canonical_windows_cli_path(r"C:\x\OpenClaw.JS", &js).as_deref(),
            Some(r"C:\x\OpenClaw.JS")
        );
        let node = |_: &str| true;
        assert_eq!(canonical_windows_cli_path(r"C:\x\node.cmd", &node), None);
        let cherry = |_: &str| true;
        assert_eq!(
            canonical_windows_cli_path(r"C:\Users\u\.cherrystudio\bin\openclaw.cmd", &cherry),
            None
        );
    }

    #[test]
    fn candidates_order_and_first_existing() {
        let env = Env::new("/home/li").with_var("PATH", "/p1:/usr/bin");
        let c = cli_candidates(&env, Some(" ~/bound/openclaw "), &["/sp".to_owned()]);
        assert_eq!(
            &c[..4],
            [
                "/home/li/bound/openclaw",
                "/sp/openclaw",
                "/p1/openclaw",
                "/usr/bin/openclaw"
            ]
        );
        assert_eq!(
            c.iter().filter(|p| *p == "/usr/bin/openclaw").count(),
            1,
            "deduped"
        );
        assert!(c.contains(&"/home/li/.openclaw-bin/openclaw".to_owned()));
        let exists = |p: &str| p == "/p1/openclaw";
        assert_eq!(
            first_existing_cli(&c, OsFamily::Linux, &exists).as_deref(),
            Some("/p1/openclaw")
        );
    }

    #[test]
    fn windows_candidates() {
        let env = Env::new(r"C:\Users\Li")
            .with_os(OsFamily::Windows)
            .with_var("APPDATA", r"C:\Users\Li\AppData\Roaming");
        let c = cli_candidates(&env, None, &[]);
        assert_eq!(c[0], r"C:\Users\Li\AppData\Roaming\npm\openclaw.cmd");
        let exists = |p: &str| p == r"C:\Users\Li\AppData\Roaming\npm\openclaw.exe";
        assert_eq!(
            first_existing_cli(&c, OsFamily::Windows, &exists).as_deref(),
            Some(r"C:\Users\Li\AppData\Roaming\npm\openclaw.exe")
        );
    }

    #[test]
    fn identity_on_unix_uses_resolver() {
        let ctx = PathContext::new(PathStyle::Unix);
        let resolver = |p: &str| {
            (p == "/usr/bin/openclaw").then(|| "/usr/lib/node_modules/openclaw/openclaw.mjs".to_owned())
        };
        let none = |_: &str| false;
        assert_eq!(
            cli_identity_key("/usr/bin//openclaw", &ctx, &none, Some(&resolver)),
            "/usr/lib/node_modules/openclaw/openclaw.mjs"
        );
    }
}
