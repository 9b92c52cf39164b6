//! Path normalisation without touching the file system.
//!
//! ClawPanel's two backends store the same directory as different strings (lexical `path.resolve` in JavaScript,
//! `canonicalize` with a `\\?\` prefix in Rust; `clawpanel-gateway.md` §1.12). clawscope compares paths after a
//! lexical normalisation done here — `.`/`..`, repeated and trailing separators, `~` expansion, relative paths made
//! absolute, the Windows verbatim prefix stripped, Windows paths compared case-insensitively — and, when a
//! [`PathResolver`] is given, after symlink resolution (the `clawscope` crate provides one backed by the file
//! system).
//!
//! ```
//! use clawscope_core::paths::{PathContext, PathStyle};
//!
//! let ctx = PathContext::new(PathStyle::Unix).with_home("/home/li").with_cwd("/srv");
//! assert_eq!(ctx.normalize("~/.openclaw/"), "/home/li/.openclaw");
//! assert_eq!(ctx.normalize("data/./x/../openclaw"), "/srv/data/openclaw");
//!
//! let win = PathContext::new(PathStyle::Windows);
//! assert!(win.same_path(r"\\?\C:\Users\Li\.openclaw", "c:/users/li/.openclaw/", None));
//! ```

use std::borrow::Cow;

use crate::env::{Env, OsFamily};

/// Which path syntax a path follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PathStyle {
    /// `/`-separated, case-sensitive (Linux, macOS).
    #[default]
    Unix,
    /// Drive letters, `\` or `/` separators, UNC and verbatim prefixes, case-insensitive.
    Windows,
}

impl PathStyle {
    /// The style of an OS family.
    ///
    /// ```
    /// use clawscope_core::{env::OsFamily, paths::PathStyle};
    /// assert_eq!(PathStyle::for_os(OsFamily::Windows), PathStyle::Windows);
    /// assert_eq!(PathStyle::for_os(OsFamily::Macos), PathStyle::Unix);
    /// ```
    pub fn for_os(os: OsFamily) -> Self {
        match os {
            OsFamily::Windows => PathStyle::Windows,
            OsFamily::Linux | OsFamily::Macos => PathStyle::Unix,
        }
    }

    /// Guesses the style from the path itself: a drive letter (`C:`), a leading `\\` or any `\` means Windows.
    ///
    /// ```
    /// use clawscope_core::paths::PathStyle;
    /// assert_eq!(PathStyle::detect(r"C:\Users\li"), PathStyle::Windows);
    /// assert_eq!(PathStyle::detect("/home/li"), PathStyle::Unix);
    /// ```
    pub fn detect(path: &str) -> Self {
        let bytes = path.as_bytes();
        let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
        if drive || path.contains('\\') {
            PathStyle::Windows
        } else {
            PathStyle::Unix
        }
    }

    fn is_separator(self, c: char) -> bool {
        c == '/' || (self == PathStyle::Windows && c == '\\')
    }

    fn separator(self) -> char {
        match self {
            PathStyle::Unix => '/',
            PathStyle::Windows => '\\',
        }
    }
}

/// Resolves symlinks of an existing path (like `std::fs::canonicalize`). Returns `None` when the path cannot be
/// resolved (missing, unreadable); callers then fall back to the lexical form.
pub trait PathResolver {
    /// The resolved form of `path`, or `None`.
    fn resolve(&self, path: &str) -> Option<String>;
}

impl<F> PathResolver for F
where
    F: Fn(&str) -> Option<String>,
{
    fn resolve(&self, path: &str) -> Option<String> {
        self(path)
    }
}

/// The context needed to normalise a path: its style, the home directory for `~` and the working directory for
/// relative paths.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathContext {
    style: PathStyle,
    home: Option<String>,
    cwd: Option<String>,
}

impl PathContext {
    /// A context with no home and no working directory: `~` stays as is and relative paths stay relative.
    pub fn new(style: PathStyle) -> Self {
        PathContext {
            style,
            home: None,
            cwd: None,
        }
    }

    /// A context from an [`Env`]: its OS family, home and working directory.
    ///
    /// ```
    /// use clawscope_core::{Env, paths::PathContext};
    /// let ctx = PathContext::from_env(&Env::new("/home/li").with_cwd("/work"));
    /// assert_eq!(ctx.normalize("~"), "/home/li");
    /// assert_eq!(ctx.normalize("a/b/"), "/work/a/b");
    /// ```
    pub fn from_env(env: &Env) -> Self {
        PathContext {
            style: PathStyle::for_os(env.os()),
            home: env.home().map(|h| h.as_str().to_owned()),
            cwd: env.cwd().map(|c| c.as_str().to_owned()),
        }
    }

    /// Sets the home directory (builder style).
    #[must_use]
    pub fn with_home(mut self, home: impl Into<String>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// Sets the working directory (builder style).
    #[must_use]
    pub fn with_cwd(mut self, cwd: impl Into<String>) -> Self {
        self.cwd = Some(cwd.into());
        self
    }

    /// The path style.
    pub fn style(&self) -> PathStyle {
        self.style
    }

    /// The home directory, if known.
    pub fn home(&self) -> Option<&str> {
        self.home.as_deref()
    }

    /// Expands a leading `~` (alone, `~/…`, or `~\…` on Windows) against the home directory. `~user` and paths
    /// without a leading `~` are returned unchanged, as is everything when no home is known.
    ///
    /// ```
    /// use clawscope_core::paths::{PathContext, PathStyle};
    /// let ctx = PathContext::new(PathStyle::Unix).with_home("/h");
    /// assert_eq!(ctx.expand_home("~/x"), "/h/x");
    /// assert_eq!(ctx.expand_home("~bob/x"), "~bob/x");
    /// ```
    pub fn expand_home(&self, path: &str) -> String {
        let Some(home) = self.home.as_deref() else {
            return path.to_owned();
        };
        let Some(rest) = path.strip_prefix('~') else {
            return path.to_owned();
        };
        match rest.chars().next() {
            None => home.to_owned(),
            Some(c) if self.style.is_separator(c) => {
                format!(
                    "{}{}{}",
                    home.trim_end_matches(|c| self.style.is_separator(c)),
                    self.style.separator(),
                    &rest[1..]
                )
            }
            Some(_) => path.to_owned(),
        }
    }

    /// Lexically normalises `path`: trims surrounding whitespace, expands `~`, makes a relative path absolute
    /// against the working directory (when known), resolves `.` and `..`, collapses repeated separators and drops
    /// a trailing one. On Windows it also strips the `\\?\` verbatim prefix, upper-cases the drive letter and uses
    /// `\` as the separator. An empty path stays empty.
    pub fn normalize(&self, path: &str) -> String {
        let trimmed = path.trim();
        if trimmed.is_empty() {
            return String::new();
        }
        let expanded = self.expand_home(trimmed);
        match self.style {
            PathStyle::Unix => self.normalize_unix(&expanded),
            PathStyle::Windows => self.normalize_windows(&expanded),
        }
    }

    fn normalize_unix(&self, path: &str) -> String {
        let absolute = path.starts_with('/');
        let joined;
        let (path, absolute) = match (&self.cwd, absolute) {
            (Some(cwd), false) if cwd.starts_with('/') => {
                joined = format!("{cwd}/{path}");
                (joined.as_str(), true)
            }
            _ => (path, absolute),
        };
        let parts = resolve_components(path.split('/'), absolute);
        if absolute {
            format!("/{}", parts.join("/"))
        } else if parts.is_empty() {
            ".".to_owned()
        } else {
            parts.join("/")
        }
    }

    fn normalize_windows(&self, path: &str) -> String {
        let (prefix, rest) = split_windows_prefix(path);
        match prefix {
            WinPrefix::Absolute(prefix) => {
                let parts = resolve_components(rest.split(['/', '\\']), true);
                format!("{prefix}\\{}", parts.join("\\"))
            }
            WinPrefix::RootOnly => {
                // `\foo`: absolute on the working directory's drive.
                let drive = self
                    .cwd
                    .as_deref()
                    .map(split_windows_prefix)
                    .and_then(|(p, _)| match p {
                        WinPrefix::Absolute(d) => Some(d),
                        _ => None,
                    });
                let parts = resolve_components(rest.split(['/', '\\']), true);
                match drive {
                    Some(d) => format!("{d}\\{}", parts.join("\\")),
                    None => format!("\\{}", parts.join("\\")),
                }
            }
            WinPrefix::Relative => {
                if let Some(cwd) = self.cwd.as_deref()
                    && matches!(split_windows_prefix(cwd).0, WinPrefix::Absolute(_))
                {
                    return self.normalize_windows(&format!("{cwd}\\{rest}"));
                }
                let parts = resolve_components(rest.split(['/', '\\']), false);
                if parts.is_empty() {
                    ".".to_owned()
                } else {
                    parts.join("\\")
                }
            }
        }
    }

    /// The key two paths are compared by: the normalised path, lower-cased on Windows.
    ///
    /// ```
    /// use clawscope_core::paths::{PathContext, PathStyle};
    /// let win = PathContext::new(PathStyle::Windows);
    /// assert_eq!(win.compare_key(r"C:\Users\Li\"), r"c:\users\li");
    /// ```
    pub fn compare_key(&self, path: &str) -> String {
        let normalized = self.normalize(path);
        match self.style {
            PathStyle::Unix => normalized,
            PathStyle::Windows => normalized.to_lowercase(),
        }
    }

    /// [`PathContext::compare_key`], borrowing `path` when it is already its own key (the common case of an
    /// absolute, clean Unix path).
    fn compare_key_cow<'a>(&self, path: &'a str) -> Cow<'a, str> {
        if self.style == PathStyle::Unix && is_normal_unix(path) {
            Cow::Borrowed(path)
        } else {
            Cow::Owned(self.compare_key(path))
        }
    }

    /// The normalised path, then resolved through `resolver` (falling back to the normalised form when the
    /// resolver gives nothing), then normalised again (a resolver may return a `\\?\` path).
    pub fn resolved(&self, path: &str, resolver: Option<&dyn PathResolver>) -> String {
        let normalized = self.normalize(path);
        match resolver.and_then(|r| r.resolve(&normalized)) {
            Some(real) => self.normalize(&real),
            None => normalized,
        }
    }

    /// Whether two paths name the same file: equal after normalisation, or — when a resolver is given — equal
    /// after resolving both. Comparison is case-insensitive for Windows paths. Two empty paths are never equal.
    pub fn same_path(&self, a: &str, b: &str, resolver: Option<&dyn PathResolver>) -> bool {
        let (ka, kb) = (self.compare_key_cow(a), self.compare_key_cow(b));
        if ka.is_empty() || kb.is_empty() {
            return false;
        }
        if ka == kb {
            return true;
        }
        let Some(resolver) = resolver else {
            return false;
        };
        let ra = self.resolved(a, Some(resolver));
        let rb = self.resolved(b, Some(resolver));
        match self.style {
            PathStyle::Unix => ra == rb,
            PathStyle::Windows => ra.to_lowercase() == rb.to_lowercase(),
        }
    }
}

/// Whether the Unix normalisation leaves `path` unchanged: `/`, or an absolute path whose components are all
/// non-empty and neither `.` nor `..`, with no surrounding whitespace (nothing to trim, no `~`, no working
/// directory needed).
fn is_normal_unix(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    rest.is_empty()
        || (!rest.ends_with(char::is_whitespace)
            && rest.split('/').all(|c| !c.is_empty() && c != "." && c != ".."))
}

/// Resolves `.`, `..` and empty components. For an absolute path a `..` at the root is dropped; for a relative
/// one it is kept.
fn resolve_components<'a>(parts: impl Iterator<Item = &'a str>, absolute: bool) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for part in parts {
        match part {
            "" | "." => {}
            ".." => match out.last() {
                Some(&last) if last != ".." => {
                    out.pop();
                }
                _ if absolute => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

enum WinPrefix {
    /// `C:` (upper-cased) or `\\server\share`.
    Absolute(String),
    /// A leading single separator without a drive.
    RootOnly,
    /// No prefix.
    Relative,
}

/// Splits a Windows path into its prefix and the rest, stripping `\\?\` and `\\?\UNC\`.
fn split_windows_prefix(path: &str) -> (WinPrefix, &str) {
    let is_sep = |c: char| c == '/' || c == '\\';
    let mut path = path;
    for verbatim in [r"\\?\", "//?/", r"\\.\"] {
        if let Some(rest) = path.strip_prefix(verbatim) {
            if let Some(unc) = rest.strip_prefix("UNC\\").or_else(|| rest.strip_prefix("UNC/")) {
                return unc_prefix(unc);
            }
            path = rest;
            break;
        }
    }
    let bytes = path.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        let drive = format!("{}:", char::from(bytes[0].to_ascii_uppercase()));
        return (WinPrefix::Absolute(drive), &path[2..]);
    }
    let mut chars = path.chars();
    match (chars.next(), chars.next()) {
        // `\\server\share\…`; a malformed one (no server or share, or a `.`/`?` server that would read as a
        // device prefix once written back) is a rooted path, so normalising stays idempotent.
        (Some(a), Some(b)) if is_sep(a) && is_sep(b) && is_unc_body(&path[2..]) => unc_prefix(&path[2..]),
        (Some(a), Some(b)) if is_sep(a) && is_sep(b) => (WinPrefix::RootOnly, &path[2..]),
        (Some(a), _) if is_sep(a) => (WinPrefix::RootOnly, &path[1..]),
        _ => (WinPrefix::Relative, path),
    }
}

/// Whether `rest` (after the leading `\\`) names a server and a share.
fn is_unc_body(rest: &str) -> bool {
    let mut it = rest.splitn(3, ['/', '\\']);
    let server = it.next().unwrap_or_default();
    let share = it.next().unwrap_or_default();
    !server.is_empty() && !share.is_empty() && server != "." && server != "?"
}

fn unc_prefix(rest: &str) -> (WinPrefix, &str) {
    let mut it = rest.splitn(3, ['/', '\\']);
    let server = it.next().unwrap_or_default();
    let share = it.next().unwrap_or_default();
    let tail = it.next().unwrap_or_default();
    (WinPrefix::Absolute(format!(r"\\{server}\{share}")), tail)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// `same_path` as first written: both compare keys always built.
    fn same_path_oracle(ctx: &PathContext, a: &str, b: &str, resolver: Option<&dyn PathResolver>) -> bool {
        let (ka, kb) = (ctx.compare_key(a), ctx.compare_key(b));
        if ka.is_empty() || kb.is_empty() {
            return false;
        }
        if ka == kb {
            return true;
        }
        let Some(resolver) = resolver else {
            return false;
        };
        let ra = ctx.resolved(a, Some(resolver));
        let rb = ctx.resolved(b, Some(resolver));
        match ctx.style {
            PathStyle::Unix => ra == rb,
            PathStyle::Windows => ra.to_lowercase() == rb.to_lowercase(),
        }
    }

    #[test]
    fn normal_unix_paths_are_borrowed_as_their_own_key() {
        let ctx = unix();
        for path in ["/", "/home/li/.openclaw", "/a b/c", "/.x/..y/...", "/a/~"] {
            assert!(is_normal_unix(path), "{path}");
            assert!(matches!(ctx.compare_key_cow(path), Cow::Borrowed(p) if p == path));
            assert_eq!(ctx.compare_key(path), path);
        }
        for path in [
            "", "~/x", "a", " /a", "/a ", "/a/", "//a", "/a//b", "/./a", "/a/.", "/a/..", "/a\u{a0}",
        ] {
            assert!(!is_normal_unix(path), "{path}");
        }
        let resolver = |p: &str| (p == "/l").then(|| "/t".to_owned());
        for (a, b) in [("/l", "/t"), ("/t", "/l"), ("/l", "/x"), ("/a", "/a/"), ("", "/")] {
            assert_eq!(
                ctx.same_path(a, b, Some(&resolver)),
                same_path_oracle(&ctx, a, b, Some(&resolver)),
                "{a} {b}"
            );
        }
    }

    fn unix() -> PathContext {
        PathContext::new(PathStyle::Unix)
            .with_home("/home/li")
            .with_cwd("/work/x")
    }

    fn win() -> PathContext {
        PathContext::new(PathStyle::Windows)
            .with_home(r"C:\Users\Li")
            .with_cwd(r"D:\proj")
    }

    #[test]
    fn unix_lexical_rules() {
        let ctx = unix();
        assert_eq!(ctx.normalize("/a//b/./c/../d/"), "/a/b/d");
        assert_eq!(ctx.normalize("/../../x"), "/x");
        assert_eq!(ctx.normalize("/"), "/");
        assert_eq!(ctx.normalize("rel/../y"), "/work/x/y");
        assert_eq!(ctx.normalize("  ~/.openclaw  "), "/home/li/.openclaw");
        assert_eq!(ctx.normalize("~"), "/home/li");
        assert_eq!(ctx.normalize(""), "");
        let bare = PathContext::new(PathStyle::Unix);
        assert_eq!(bare.normalize("../a/./b"), "../a/b");
        assert_eq!(bare.normalize("a/.."), ".");
        assert_eq!(bare.normalize("~/x"), "~/x");
    }

    #[test]
    fn windows_lexical_rules() {
        let ctx = win();
        assert_eq!(
            ctx.normalize(r"\\?\C:\Users\Li\.openclaw\"),
            r"C:\Users\Li\.openclaw"
        );
        assert_eq!(ctx.normalize("c:/Users//Li/./a/../b"), r"C:\Users\Li\b");
        assert_eq!(ctx.normalize(r"~\.openclaw"), r"C:\Users\Li\.openclaw");
        assert_eq!(ctx.normalize("~/.openclaw"), r"C:\Users\Li\.openclaw");
        assert_eq!(ctx.normalize(r"engines\.\openclaw"), r"D:\proj\engines\openclaw");
        assert_eq!(ctx.normalize(r"\tmp\x"), r"D:\tmp\x");
        assert_eq!(ctx.normalize(r"\\server\share\a\..\b"), r"\\server\share\b");
        assert_eq!(ctx.normalize(r"\\?\UNC\server\share\c"), r"\\server\share\c");
        assert_eq!(ctx.normalize(r"C:\"), r"C:\");
    }

    #[test]
    fn windows_compare_is_case_insensitive_and_unix_is_not() {
        assert!(win().same_path(r"C:\Users\LI\.OpenClaw", r"\\?\c:\users\li\.openclaw\", None));
        assert!(!unix().same_path("/home/Li", "/home/li", None));
        assert!(!unix().same_path("", "", None));
    }

    #[test]
    fn resolver_is_used_only_when_lexical_compare_fails() {
        let resolver = |p: &str| match p {
            "/link/openclaw" | "/real/openclaw" => Some("/real/openclaw".to_owned()),
            _ => None,
        };
        let ctx = unix();
        assert!(!ctx.same_path("/link/openclaw", "/real/openclaw", None));
        assert!(ctx.same_path("/link/openclaw/", "/real//openclaw", Some(&resolver)));
        assert!(!ctx.same_path("/link/openclaw", "/other", Some(&resolver)));
    }

    #[test]
    fn resolver_output_is_normalised_again() {
        let resolver = |_: &str| Some(r"\\?\C:\Real\Dir".to_owned());
        assert_eq!(win().resolved(r"c:\link", Some(&resolver)), r"C:\Real\Dir");
    }

    #[test]
    fn malformed_unc_is_a_rooted_path_and_stays_idempotent() {
        let ctx = win();
        let once = ctx.normalize(r"\/.");
        assert_eq!(ctx.normalize(&once), once);
        assert!(!once.starts_with(r"\."), "{once}");
        assert!(ctx.normalize(r"\\.\x").starts_with("D:"));
    }

    #[test]
    fn detect_style() {
        assert_eq!(PathStyle::detect(r"\\server\share"), PathStyle::Windows);
        assert_eq!(PathStyle::detect("relative/unix"), PathStyle::Unix);
    }

    proptest::proptest! {
        #[test]
        fn unix_normalize_is_idempotent(path in "[a-z./~]{0,24}") {
            for ctx in [unix(), PathContext::new(PathStyle::Unix)] {
                let once = ctx.normalize(&path);
                proptest::prop_assert_eq!(ctx.normalize(&once), once.clone());
                proptest::prop_assert!(!once.contains("//"));
            }
        }

        #[test]
        fn borrowed_compare_key_matches_the_normalised_one(
            path in "[ \u{a0}~a./]{0,16}",
            other in "[ ~a./]{0,16}",
        ) {
            for ctx in [unix(), PathContext::new(PathStyle::Unix), win()] {
                proptest::prop_assert_eq!(ctx.compare_key_cow(&path), ctx.compare_key(&path));
                proptest::prop_assert_eq!(
                    ctx.same_path(&path, &other, None),
                    same_path_oracle(&ctx, &path, &other, None)
                );
            }
        }

        #[test]
        fn windows_normalize_is_idempotent(path in "(C:|[\\\\]{2}s[\\\\]h|)[a-zA-Z./\\\\~]{0,24}") {
            for ctx in [win(), PathContext::new(PathStyle::Windows)] {
                let once = ctx.normalize(&path);
                proptest::prop_assert_eq!(ctx.normalize(&once), once.clone());
                proptest::prop_assert!(ctx.same_path(&path, &once.to_uppercase(), None) || once.is_empty());
            }
        }
    }
}
