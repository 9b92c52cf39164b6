//! The gateway section of `openclaw.json`, and where the openclaw dir and its config live.
//!
//! `openclaw.json` is JSON5 (comments, trailing commas, unquoted keys, single quotes) and may start with a UTF-8
//! BOM; ClawPanel reads it as strict JSON and falls back to port 18789 on any of those (`clawpanel-gateway.md`
//! §2.1). clawscope parses it with a real JSON5 parser and resolves the port like OpenClaw does
//! (`openclaw-formats.md` §5.1): env `OPENCLAW_GATEWAY_PORT` > `gateway.port` > 18789, saying where the port came
//! from and reporting unusable values as [`ConfigDiagnostic`]s instead of silently ignoring them.
//!
//! Auth secrets are kept in [`Secret`], which never prints its value.
//!
//! ```
//! use clawscope_core::Env;
//! use clawscope_core::gateway::config::{GatewayConfig, PortSource};
//!
//! let text = "\u{feff}{ // JSON5\n gateway: { port: '18790', bind: 'loopback', auth: { mode: 'token', token: 's3cret' }, }, }";
//! let cfg = GatewayConfig::resolve(Some(text.as_bytes()), &Env::new("/home/li"));
//! assert_eq!((cfg.port, cfg.port_source), (18790, PortSource::Config));
//! assert_eq!(cfg.bind.as_deref(), Some("loopback"));
//! assert!(!format!("{cfg:?}").contains("s3cret"));
//! assert!(!serde_json::to_string(&cfg).unwrap().contains("s3cret"));
//!
//! let env = Env::new("/home/li").with_var("OPENCLAW_GATEWAY_PORT", "19001");
//! assert_eq!(GatewayConfig::resolve(Some(text.as_bytes()), &env).port_source, PortSource::Env);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::env::Env;
use crate::error::{Error, Result, shorten};
use crate::paths::{PathContext, PathStyle};

/// OpenClaw's default gateway port.
pub const DEFAULT_GATEWAY_PORT: u16 = 18789;

/// The config file name inside the openclaw dir.
pub const CONFIG_FILE_NAME: &str = "openclaw.json";

/// ClawPanel's panel config file name (in `~/.openclaw`).
pub const PANEL_CONFIG_FILE_NAME: &str = "clawpanel.json";

/// A secret value (gateway token or password). `Debug`, `Display` and `Serialize` print `<redacted>`; only
/// [`Secret::expose`] gives the value.
///
/// ```
/// let s = clawscope_core::gateway::config::Secret::new("hunter2");
/// assert_eq!(format!("{s} {s:?}"), "<redacted> <redacted>");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str("<redacted>")
    }
}

/// Where the gateway port came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortSource {
    /// `OPENCLAW_GATEWAY_PORT` (or the legacy `CLAWDBOT_GATEWAY_PORT`).
    Env,
    /// `gateway.port` in `openclaw.json`.
    Config,
    /// The default 18789.
    Default,
    /// Given explicitly by the caller.
    Explicit,
}

/// A value that could not be used, and what was done instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigDiagnostic {
    /// Where the value came from (`"env:OPENCLAW_GATEWAY_PORT"`, `"gateway.port"`, `"openclaw.json"`, …).
    pub field: String,
    /// The value, shortened (never a secret).
    pub value: String,
    /// What is wrong with it.
    pub message: String,
}

fn diagnostic(field: &str, value: &str, message: impl Into<String>) -> ConfigDiagnostic {
    ConfigDiagnostic {
        field: field.to_owned(),
        value: shorten(value, 60),
        message: message.into(),
    }
}

/// The gateway settings clawscope needs, from `openclaw.json` and the environment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayConfig {
    /// The port the gateway listens on.
    pub port: u16,
    /// Where [`GatewayConfig::port`] came from.
    pub port_source: PortSource,
    /// `gateway.mode` (`"local"` or `"remote"`).
    pub mode: Option<String>,
    /// `gateway.bind` (`"auto"`, `"lan"`, `"loopback"`, `"custom"`, `"tailnet"`).
    pub bind: Option<String>,
    /// `gateway.customBindHost`.
    pub custom_bind_host: Option<String>,
    /// `gateway.auth.mode` as written (unset means token in OpenClaw; see [`GatewayConfig::effective_auth_mode`]).
    pub auth_mode: Option<String>,
    /// `gateway.auth.token` (a string, or a `SecretRef` object kept as its JSON text).
    pub auth_token: Option<Secret>,
    /// `gateway.auth.password`.
    pub auth_password: Option<Secret>,
    /// Values that could not be used.
    pub diagnostics: Vec<ConfigDiagnostic>,
}

/// Parses config text: strips a UTF-8 BOM, then reads JSON5.
///
/// ```
/// let v = clawscope_core::gateway::config::parse_config_text(b"{a: 1, /* c */ b: 'x',}").unwrap();
/// assert_eq!(v["b"], "x");
/// ```
pub fn parse_config_text(bytes: &[u8]) -> Result<Value> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| Error::ConfigInvalid {
        path: None,
        reason: "not UTF-8 text".into(),
    })?;
    if json5_nesting_depth(text) > MAX_JSON5_DEPTH {
        return Err(Error::ConfigInvalid {
            path: None,
            reason: format!("nested deeper than {MAX_JSON5_DEPTH} levels"),
        });
    }
    json5::from_str::<Value>(text).map_err(|e| Error::ConfigInvalid {
        path: None,
        reason: format!("not JSON5: {e}"),
    })
}

/// The deepest `{`/`[` nesting accepted in JSON5 text (`serde_json`'s own limit). The JSON5 parser recurses once per
/// level, so deeper input would overflow the stack instead of failing.
pub const MAX_JSON5_DEPTH: usize = 128;

/// The deepest `{`/`[` nesting of JSON5 `text`, ignoring brackets inside strings (single or double quoted, with
/// escapes) and comments. Unbalanced closers are ignored, so this is an upper bound for malformed text too.
///
/// ```
/// use clawscope_core::gateway::config::json5_nesting_depth;
/// assert_eq!(json5_nesting_depth("{a: [1, {b: '[[['}], // [[[\n c: 2}"), 3);
/// assert_eq!(json5_nesting_depth("[[[[[[]]]]]]"), 6);
/// ```
pub fn json5_nesting_depth(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(&c) = bytes.get(i) {
        i += 1;
        match c {
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' | b'\'' => {
                while let Some(&d) = bytes.get(i) {
                    i += 1;
                    if d == b'\\' {
                        i += 1;
                    } else if d == c {
                        break;
                    }
                }
            }
            b'/' if bytes.get(i) == Some(&b'/') => {
                i = memchr::memchr(b'\n', bytes.get(i..).unwrap_or_default()).map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i) == Some(&b'*') => {
                i = memchr::memmem::find(bytes.get(i + 1..).unwrap_or_default(), b"*/")
                    .map_or(bytes.len(), |n| i + 1 + n + 2);
            }
            _ => {}
        }
    }
    max
}

/// Reads a port from a config value: an integer, or a string holding one, in 1–65535.
fn port_from_value(value: &Value) -> std::result::Result<u16, String> {
    let number = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    match number {
        Some(n) => match u16::try_from(n) {
            Ok(p) if p > 0 => Ok(p),
            _ => Err(format!("{n} is outside 1-65535")),
        },
        None => Err("not an integer".to_owned()),
    }
}

fn string_at(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

fn secret_at(value: Option<&Value>) -> Option<Secret> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(Secret::new(s.clone())),
        other => Some(Secret::new(other.to_string())),
    }
}

impl GatewayConfig {
    /// Resolves the gateway settings from the bytes of `openclaw.json` (`None` when the file does not exist) and
    /// the environment. Never fails: an unparsable file is a diagnostic and gives the defaults.
    pub fn resolve(config: Option<&[u8]>, env: &Env) -> GatewayConfig {
        let mut diagnostics = Vec::new();
        let root = config.and_then(|bytes| match parse_config_text(bytes) {
            Ok(v) => Some(v),
            Err(e) => {
                diagnostics.push(diagnostic(CONFIG_FILE_NAME, "", e.to_string()));
                None
            }
        });
        let gateway = root
            .as_ref()
            .and_then(|r| r.get("gateway"))
            .filter(|g| g.is_object());
        let auth = gateway.and_then(|g| g.get("auth"));

        let mut port = None;
        for name in ["OPENCLAW_GATEWAY_PORT", "CLAWDBOT_GATEWAY_PORT"] {
            if let Some(raw) = env.var(name) {
                match port_from_value(&Value::String(raw.to_owned())) {
                    Ok(p) => {
                        port = Some((p, PortSource::Env));
                        break;
                    }
                    Err(msg) => diagnostics.push(diagnostic(&format!("env:{name}"), raw, msg)),
                }
            }
        }
        if port.is_none()
            && let Some(value) = gateway.and_then(|g| g.get("port")).filter(|v| !v.is_null())
        {
            match port_from_value(value) {
                Ok(p) => port = Some((p, PortSource::Config)),
                Err(msg) => diagnostics.push(diagnostic("gateway.port", &value.to_string(), msg)),
            }
        }
        let (port, port_source) = port.unwrap_or((DEFAULT_GATEWAY_PORT, PortSource::Default));
        GatewayConfig {
            port,
            port_source,
            mode: string_at(gateway.and_then(|g| g.get("mode"))),
            bind: string_at(gateway.and_then(|g| g.get("bind"))),
            custom_bind_host: string_at(gateway.and_then(|g| g.get("customBindHost"))),
            auth_mode: string_at(auth.and_then(|a| a.get("mode"))),
            auth_token: secret_at(auth.and_then(|a| a.get("token"))),
            auth_password: secret_at(auth.and_then(|a| a.get("password"))),
            diagnostics,
        }
    }

    /// The auth mode OpenClaw applies: the configured one, or `"token"` when unset.
    pub fn effective_auth_mode(&self) -> &str {
        self.auth_mode.as_deref().unwrap_or("token")
    }
}

/// The settings clawscope reads from ClawPanel's `clawpanel.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelConfig {
    /// `openclawDir`, trimmed; `None` when absent or blank.
    pub openclaw_dir: Option<String>,
    /// `openclawCliPath` (the bound CLI), trimmed; `None` when absent or blank.
    pub openclaw_cli_path: Option<String>,
    /// `openclawSearchPaths`: extra directories searched for the CLI.
    pub openclaw_search_paths: Vec<String>,
}

impl PanelConfig {
    /// Parses `clawpanel.json` (BOM and JSON5 tolerated).
    ///
    /// ```
    /// let p = clawscope_core::gateway::config::PanelConfig::parse(br#"{"openclawDir":"  ~/oc  "}"#).unwrap();
    /// assert_eq!(p.openclaw_dir.as_deref(), Some("~/oc"));
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<PanelConfig> {
        let root = parse_config_text(bytes)?;
        let trimmed = |key: &str| {
            root.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let search = root
            .get("openclawSearchPaths")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Ok(PanelConfig {
            openclaw_dir: trimmed("openclawDir"),
            openclaw_cli_path: trimmed("openclawCliPath"),
            openclaw_search_paths: search,
        })
    }
}

/// Where the openclaw dir came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenclawDirSource {
    /// `openclawDir` in ClawPanel's `clawpanel.json`.
    PanelConfig,
    /// `OPENCLAW_STATE_DIR` (or the legacy `CLAWDBOT_STATE_DIR`).
    StateDirEnv,
    /// `OPENCLAW_HOME`/.openclaw.
    OpenclawHomeEnv,
    /// `~/.openclaw`.
    Default,
    /// Given explicitly by the caller.
    Explicit,
}

/// Where the config file path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigPathSource {
    /// `OPENCLAW_CONFIG_PATH` (or the legacy `CLAWDBOT_CONFIG_PATH`).
    Env,
    /// `<openclaw dir>/openclaw.json`.
    Dir,
    /// Given explicitly by the caller.
    Explicit,
}

/// The openclaw dir and config path, with their sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenclawPaths {
    /// The openclaw data dir (absolute, normalised).
    pub openclaw_dir: String,
    /// Where it came from.
    pub dir_source: OpenclawDirSource,
    /// The `openclaw.json` path.
    pub config_path: String,
    /// Where it came from.
    pub config_path_source: ConfigPathSource,
}

/// Joins a file name to a directory with the style's separator.
pub fn join_path(style: PathStyle, dir: &str, name: &str) -> String {
    let sep = if style == PathStyle::Windows { '\\' } else { '/' };
    let dir = dir.trim_end_matches(|c| c == '/' || (style == PathStyle::Windows && c == '\\'));
    format!("{dir}{sep}{name}")
}

/// The path of ClawPanel's panel config, `~/.openclaw/clawpanel.json`, or `None` without a home directory.
///
/// ```
/// use clawscope_core::{Env, gateway::config::panel_config_path};
/// assert_eq!(panel_config_path(&Env::new("/home/li")).as_deref(), Some("/home/li/.openclaw/clawpanel.json"));
/// ```
pub fn panel_config_path(env: &Env) -> Option<String> {
    let style = PathStyle::for_os(env.os());
    let home = env.home()?;
    Some(join_path(
        style,
        &join_path(style, home.as_str(), ".openclaw"),
        PANEL_CONFIG_FILE_NAME,
    ))
}

/// Resolves the openclaw dir and config path, in this order: the panel config's `openclawDir` (ClawPanel: trimmed,
/// `~` expanded, relative paths against the working directory), `OPENCLAW_STATE_DIR`, `OPENCLAW_HOME/.openclaw`
/// (`~` in it expands against the home), then `~/.openclaw`.
///
/// The config path is `<dir>/openclaw.json`, except that `OPENCLAW_CONFIG_PATH` wins when the dir did not come
/// from the panel config (ClawPanel points its children's `OPENCLAW_CONFIG_PATH` at `<dir>/openclaw.json`).
/// Legacy state dir names (`~/.clawdbot`, …) need the file system and are not considered here.
///
/// ```
/// use clawscope_core::Env;
/// use clawscope_core::gateway::config::{resolve_openclaw_paths, OpenclawDirSource, PanelConfig};
///
/// let env = Env::new("/home/li").with_var("OPENCLAW_STATE_DIR", "/srv/oc");
/// let paths = resolve_openclaw_paths(&env, None).unwrap();
/// assert_eq!((paths.openclaw_dir.as_str(), paths.dir_source), ("/srv/oc", OpenclawDirSource::StateDirEnv));
/// assert_eq!(paths.config_path, "/srv/oc/openclaw.json");
///
/// let panel = PanelConfig { openclaw_dir: Some("~/panel-oc/".into()), ..PanelConfig::default() };
/// assert_eq!(resolve_openclaw_paths(&env, Some(&panel)).unwrap().openclaw_dir, "/home/li/panel-oc");
/// ```
pub fn resolve_openclaw_paths(env: &Env, panel: Option<&PanelConfig>) -> Result<OpenclawPaths> {
    let ctx = PathContext::from_env(env);
    let style = ctx.style();
    let var = |a: &str, b: &str| env.var(a).or_else(|| env.var(b));
    let (dir, dir_source) = if let Some(dir) = panel.and_then(|p| p.openclaw_dir.as_deref()) {
        (ctx.normalize(dir), OpenclawDirSource::PanelConfig)
    } else if let Some(dir) = var("OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR") {
        (ctx.normalize(dir), OpenclawDirSource::StateDirEnv)
    } else if let Some(home) = env.var("OPENCLAW_HOME") {
        (
            ctx.normalize(&join_path(style, home, ".openclaw")),
            OpenclawDirSource::OpenclawHomeEnv,
        )
    } else if let Some(home) = env.home() {
        (
            ctx.normalize(&join_path(style, home.as_str(), ".openclaw")),
            OpenclawDirSource::Default,
        )
    } else {
        return Err(Error::invalid_argument(
            "env",
            "no home directory, OPENCLAW_STATE_DIR, OPENCLAW_HOME or panel openclawDir to find the openclaw dir",
        ));
    };
    let env_config = var("OPENCLAW_CONFIG_PATH", "CLAWDBOT_CONFIG_PATH");
    let (config_path, config_path_source) = match env_config {
        Some(path) if dir_source != OpenclawDirSource::PanelConfig => {
            (ctx.normalize(path), ConfigPathSource::Env)
        }
        _ => (join_path(style, &dir, CONFIG_FILE_NAME), ConfigPathSource::Dir),
    };
    Ok(OpenclawPaths {
        openclaw_dir: dir,
        dir_source,
        config_path,
        config_path_source,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {

    #[test]
    fn deep_nesting_is_a_typed_error_not_a_stack_overflow() {
        let deep = format!("{{\"gateway\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse_config_text(deep.as_bytes()).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::ConfigInvalid);
        // The deepest accepted text still parses on a 2 MiB thread (the default for spawned threads).
        let ok = format!("{}{}", "[".repeat(MAX_JSON5_DEPTH), "]".repeat(MAX_JSON5_DEPTH));
        let parsed = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse_config_text(ok.as_bytes()).is_ok())
            .unwrap()
            .join()
            .unwrap();
        assert!(parsed);
    }

    #[test]
    fn nesting_depth_skips_strings_and_comments() {
        assert_eq!(json5_nesting_depth(r#"{"a": "[[[{{{", 'b': '\'[[[', c: 1}"#), 1);
        assert_eq!(json5_nesting_depth("{/* [[[[ */ a: [1] // {{{{\n}"), 2);
        assert_eq!(json5_nesting_depth("]]]]{"), 1);
        assert_eq!(json5_nesting_depth("\"unterminated [[["), 0);
        assert_eq!(json5_nesting_depth("/* unterminated [[["), 0);
    }
    use super::*;
    use crate::env::OsFamily;

    fn cfg(text: &str) -> GatewayConfig {
        GatewayConfig::resolve(Some(text.as_bytes()), &Env::new("/h"))
    }

    #[test]
    fn port_precedence_and_sources() {
        assert_eq!(
            GatewayConfig::resolve(None, &Env::new("/h")).port_source,
            PortSource::Default
        );
        let c = cfg("{gateway:{port:18790}}");
        assert_eq!((c.port, c.port_source), (18790, PortSource::Config));
        let env = Env::new("/h").with_var("CLAWDBOT_GATEWAY_PORT", "20000");
        let c = GatewayConfig::resolve(Some(b"{gateway:{port:18790}}"), &env);
        assert_eq!((c.port, c.port_source), (20000, PortSource::Env));
    }

    #[test]
    fn bad_values_are_reported_and_fall_back() {
        let env = Env::new("/h").with_var("OPENCLAW_GATEWAY_PORT", "abc");
        let c = GatewayConfig::resolve(Some(b"{gateway:{port:70000}}"), &env);
        assert_eq!(
            (c.port, c.port_source),
            (DEFAULT_GATEWAY_PORT, PortSource::Default)
        );
        let fields: Vec<_> = c.diagnostics.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["env:OPENCLAW_GATEWAY_PORT", "gateway.port"]);
        let c = cfg("{gateway:{port:'x'}} trailing garbage");
        assert_eq!(c.port_source, PortSource::Default);
        assert_eq!(c.diagnostics[0].field, "openclaw.json");
        let c = cfg("{gateway:{port:-1}}");
        assert_eq!(c.port, DEFAULT_GATEWAY_PORT);
        assert_eq!(c.diagnostics.len(), 1);
    }

    #[test]
    fn json5_features_and_bom() {
        let text = "\u{feff}// c\n{\n  /* block */ gateway: { port: \"18795\", 'bind': 'lan', auth: {password: 'pw'},},\n}\n";
        let c = cfg(text);
        assert_eq!(c.port, 18795);
        assert_eq!(c.bind.as_deref(), Some("lan"));
        assert_eq!(c.effective_auth_mode(), "token");
        assert_eq!(c.auth_password.as_ref().map(Secret::expose), Some("pw"));
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("<redacted>") && !json.contains("\"pw\""), "{json}");
    }

    #[test]
    fn secret_ref_token_is_a_secret_too() {
        let c = cfg(r#"{gateway:{auth:{mode:"token",token:{source:"env",id:"TOKEN_VAR"}}}}"#);
        assert!(c.auth_token.is_some());
        assert!(!format!("{c:?}").contains("TOKEN_VAR"));
    }

    #[test]
    fn dir_resolution_order() {
        let env = Env::new("/home/li").with_cwd("/work");
        let p = resolve_openclaw_paths(&env, None).unwrap();
        assert_eq!(
            (p.openclaw_dir.as_str(), p.dir_source),
            ("/home/li/.openclaw", OpenclawDirSource::Default)
        );
        let env = env
            .with_var("OPENCLAW_HOME", "~/alt")
            .with_var("OPENCLAW_CONFIG_PATH", "cfg/oc.json");
        let p = resolve_openclaw_paths(&env, None).unwrap();
        assert_eq!(p.openclaw_dir, "/home/li/alt/.openclaw");
        assert_eq!(
            (p.config_path.as_str(), p.config_path_source),
            ("/work/cfg/oc.json", ConfigPathSource::Env)
        );
        let panel = PanelConfig::parse(b"\xEF\xBB\xBF{\"openclawDir\": \"rel/oc\"}").unwrap();
        let p = resolve_openclaw_paths(&env, Some(&panel)).unwrap();
        assert_eq!(p.openclaw_dir, "/work/rel/oc");
        assert_eq!(
            (p.config_path.as_str(), p.config_path_source),
            ("/work/rel/oc/openclaw.json", ConfigPathSource::Dir)
        );
        assert!(resolve_openclaw_paths(&Env::default(), None).is_err());
    }

    #[test]
    fn windows_dir_resolution() {
        let env = Env::new(r"C:\Users\Li").with_os(OsFamily::Windows);
        let p = resolve_openclaw_paths(&env, None).unwrap();
        assert_eq!(p.openclaw_dir, r"C:\Users\Li\.openclaw");
        assert_eq!(p.config_path, r"C:\Users\Li\.openclaw\openclaw.json");
        assert_eq!(
            panel_config_path(&env).as_deref(),
            Some(r"C:\Users\Li\.openclaw\clawpanel.json")
        );
    }

    #[test]
    fn panel_config_errors_are_typed() {
        let err = PanelConfig::parse(b"{oops").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::ConfigInvalid);
    }
}
