//! The ownership decision: given the owner record, the current signature and the runtime, is the gateway
//! stopped, owned by this panel instance or foreign, and what should be written?
//!
//! The rules are ClawPanel's (`clawpanel-gateway.md` §1.4–1.10), applied in this order for a running gateway:
//! 1. **Current owner** (§1.4): `startedBy` is `"clawpanel"`, the port equals the current port, the dir equals the
//!    current dir, and the CLI paths are equal *or either side has none* (an empty string counts as none, as in
//!    ClawPanel Web). Owned; when the live pid is known and differs from the stored one the action is
//!    [`OwnerAction::RefreshPid`] (§1.5).
//! 2. **Auto-claim** (§1.7): no record, or a record whose port and dir match (whatever its `startedBy` and CLI).
//!    Owned, action [`OwnerAction::Claim`].
//! 3. Otherwise **foreign**: the port differs, or the dir differs or is missing (§1.9).
//!
//! A gateway that is not running is [`Ownership::Stopped`] with no action (§1.10).
//!
//! **A corrupt owner file** (see [`OwnerReadOutcome::Corrupt`]) is treated like ClawPanel does in practice — both
//! backends read an unparsable file as "no owner" and claim — but the decision says so explicitly with
//! [`DecisionReason::Corrupt`], so a caller can refuse or log instead.
//!
//! Paths are compared after normalisation by [`PathContext`] (trailing separators, `~`, `.`/`..`, case on
//! Windows) and, when a [`PathResolver`] is given, after symlink resolution, so the JavaScript/Rust string
//! differences of §1.12 do not make a gateway foreign.
//!
//! ```
//! use clawscope_core::gateway::decide::{decide, GatewaySignature, OwnerAction, Ownership};
//! use clawscope_core::gateway::owner::parse_owner_record;
//! use clawscope_core::gateway::runtime::GatewayRuntime;
//!
//! let record = parse_owner_record(br#"{"port":18789,"openclaw_dir":"/home/li/.openclaw/","pid":1,
//!     "started_at":"2026-05-24T04:08:42+08:00","started_by":"clawpanel"}"#);
//! let sig = GatewaySignature::new(18789, "/home/li/.openclaw", None);
//! let d = decide(&record, &sig, &GatewayRuntime::running(Some(4242)));
//! assert_eq!(d.ownership, Ownership::Owned);
//! assert_eq!(d.action, OwnerAction::RefreshPid);
//! assert_eq!(serde_json::to_value(&d).unwrap()["reason"]["kind"], "signature_match");
//! ```

use serde::{Deserialize, Serialize};

use super::owner::{CorruptKind, OwnerReadOutcome, OwnerRecord};
use super::runtime::GatewayRuntime;
use crate::error::Error;
use crate::paths::{PathContext, PathResolver, PathStyle};

/// What identifies "our" gateway: the port, the openclaw data dir and the CLI path (`clawpanel-gateway.md` §1.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewaySignature {
    /// The current gateway port.
    pub port: u16,
    /// The current openclaw data dir (absolute).
    pub openclaw_dir: String,
    /// The current CLI path, when a CLI was found.
    pub cli_path: Option<String>,
}

impl GatewaySignature {
    /// A signature.
    pub fn new(port: u16, openclaw_dir: impl Into<String>, cli_path: Option<String>) -> Self {
        GatewaySignature {
            port,
            openclaw_dir: openclaw_dir.into(),
            cli_path,
        }
    }
}

/// Who owns the gateway, in ClawPanel's words (`ServiceStatus.ownership`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    /// Nothing runs on the port.
    Stopped,
    /// It runs and belongs to this panel instance (possibly after the action is applied).
    Owned,
    /// It runs and belongs to another instance or install.
    Foreign,
}

impl Ownership {
    /// `"stopped"`, `"owned"` or `"foreign"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Ownership::Stopped => "stopped",
            Ownership::Owned => "owned",
            Ownership::Foreign => "foreign",
        }
    }
}

/// What to write to the owner file to make the decision true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerAction {
    /// Nothing.
    None,
    /// Rewrite the record with the live pid (the whole record is rewritten, as ClawPanel does).
    RefreshPid,
    /// Write a new record with the current signature.
    Claim,
}

impl OwnerAction {
    /// `"none"`, `"refresh_pid"` or `"claim"` (the serde name).
    ///
    /// ```
    /// use clawscope_core::gateway::decide::OwnerAction;
    /// assert_eq!(OwnerAction::RefreshPid.as_str(), serde_json::to_value(OwnerAction::RefreshPid)?);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerAction::None => "none",
            OwnerAction::RefreshPid => "refresh_pid",
            OwnerAction::Claim => "claim",
        }
    }
}

/// Why the decision came out as it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum DecisionReason {
    /// The gateway is not running; the record was not consulted.
    NotRunning,
    /// There is no owner file: claim it.
    NoRecord,
    /// The record matches the current signature.
    SignatureMatch {
        /// The pid stored in the record.
        recorded_pid: Option<u32>,
    },
    /// Port and dir match but `startedBy` is not `"clawpanel"`: auto-claim.
    NotWrittenByClawpanel {
        /// The recorded writer.
        started_by: Option<String>,
    },
    /// Port and dir match but both CLI paths are set and differ: auto-claim.
    CliMismatch {
        /// The recorded CLI path.
        recorded: String,
        /// The current CLI path.
        current: String,
    },
    /// The recorded port is not the current one: foreign.
    PortMismatch {
        /// The recorded port (`None` when the record has none).
        recorded: Option<u16>,
        /// The current port.
        current: u16,
    },
    /// The recorded dir is not the current one (or missing): foreign.
    DirMismatch {
        /// The recorded dir.
        recorded: Option<String>,
        /// The current dir.
        current: String,
    },
    /// The owner file could not be understood: claimed, like ClawPanel does, but said explicitly.
    Corrupt {
        /// The kind of damage.
        corrupt_kind: CorruptKind,
        /// The parser's explanation.
        detail: String,
    },
}

/// The outcome of [`decide`]: ownership, the action to take and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipDecision {
    /// Stopped, owned or foreign.
    pub ownership: Ownership,
    /// What to write.
    pub action: OwnerAction,
    /// Why.
    pub reason: DecisionReason,
    /// The live pid the decision was made with.
    pub pid: Option<u32>,
}

impl OwnershipDecision {
    /// `ServiceStatus.owned_by_current_instance`: true only when owned.
    pub fn owned_by_current_instance(&self) -> bool {
        self.ownership == Ownership::Owned
    }

    /// The foreign-gateway error ([`Error::GatewayForeign`], ClawPanel's exact text, code `GATEWAY_FOREIGN`) for
    /// `port`, with this decision as JSON in `details`.
    ///
    /// ```
    /// use clawscope_core::gateway::decide::{decide, GatewaySignature};
    /// use clawscope_core::gateway::owner::parse_owner_record;
    /// use clawscope_core::gateway::runtime::GatewayRuntime;
    ///
    /// let rec = parse_owner_record(br#"{"port":18789,"openclawDir":"/elsewhere","startedBy":"clawpanel"}"#);
    /// let sig = GatewaySignature::new(18789, "/home/li/.openclaw", None);
    /// let err = decide(&rec, &sig, &GatewayRuntime::running(Some(7))).foreign_error(18789);
    /// assert!(err.to_string().contains("正在运行 (PID: 7)，且不属于当前面板实例"));
    /// assert_eq!(err.details().unwrap()["reason"]["kind"], "dir_mismatch");
    /// ```
    pub fn foreign_error(&self, port: u16) -> Error {
        Error::GatewayForeign {
            port,
            pid: self.pid,
            details: serde_json::to_value(self).ok().map(Box::new),
        }
    }
}

/// [`decide_with`] using a lexical [`PathContext`] whose style is guessed from the signature's dir, without
/// symlink resolution or `~` expansion.
pub fn decide(
    record: &OwnerReadOutcome,
    signature: &GatewaySignature,
    runtime: &GatewayRuntime,
) -> OwnershipDecision {
    let paths = PathContext::new(PathStyle::detect(&signature.openclaw_dir));
    decide_with(record, signature, runtime, &paths, None)
}

/// The ownership decision of `clawpanel-gateway.md` §1.4–1.10 (see the module docs), comparing paths with `paths`
/// and, when given, `resolver`.
pub fn decide_with(
    record: &OwnerReadOutcome,
    signature: &GatewaySignature,
    runtime: &GatewayRuntime,
    paths: &PathContext,
    resolver: Option<&dyn PathResolver>,
) -> OwnershipDecision {
    let live_pid = runtime.pid.filter(|p| *p > 0);
    let make = |ownership, action, reason| OwnershipDecision {
        ownership,
        action,
        reason,
        pid: live_pid,
    };
    if !runtime.running {
        return make(Ownership::Stopped, OwnerAction::None, DecisionReason::NotRunning);
    }
    let record = match record {
        OwnerReadOutcome::Missing => {
            return make(Ownership::Owned, OwnerAction::Claim, DecisionReason::NoRecord);
        }
        OwnerReadOutcome::Corrupt { kind, reason } => {
            return make(
                Ownership::Owned,
                OwnerAction::Claim,
                DecisionReason::Corrupt {
                    corrupt_kind: *kind,
                    detail: reason.clone(),
                },
            );
        }
        OwnerReadOutcome::Valid { record } => record,
    };
    if record.port != Some(signature.port) {
        return make(
            Ownership::Foreign,
            OwnerAction::None,
            DecisionReason::PortMismatch {
                recorded: record.port,
                current: signature.port,
            },
        );
    }
    let dir_matches = record
        .openclaw_dir
        .as_deref()
        .is_some_and(|dir| paths.same_path(dir, &signature.openclaw_dir, resolver));
    if !dir_matches {
        return make(
            Ownership::Foreign,
            OwnerAction::None,
            DecisionReason::DirMismatch {
                recorded: record.openclaw_dir.clone(),
                current: signature.openclaw_dir.clone(),
            },
        );
    }
    if !record.written_by_clawpanel() {
        return make(
            Ownership::Owned,
            OwnerAction::Claim,
            DecisionReason::NotWrittenByClawpanel {
                started_by: record.started_by.clone(),
            },
        );
    }
    if let Some((recorded, current)) = cli_mismatch(record, signature, paths, resolver) {
        return make(
            Ownership::Owned,
            OwnerAction::Claim,
            DecisionReason::CliMismatch { recorded, current },
        );
    }
    let action = match live_pid {
        Some(pid) if record.pid != Some(pid) => OwnerAction::RefreshPid,
        _ => OwnerAction::None,
    };
    make(
        Ownership::Owned,
        action,
        DecisionReason::SignatureMatch {
            recorded_pid: record.pid,
        },
    )
}

/// Everything [`decide_with`] needs, as one serde value: what the Python `decide_ownership` and Node
/// `decideOwnership` functions accept. The owner file is given as its raw text, so callers never parse it.
///
/// ```
/// use clawscope_core::gateway::decide::{DecideInput, Ownership};
///
/// let input: DecideInput = serde_json::from_str(r#"{
///     "ownerText": "{\"port\":18789,\"openclawDir\":\"~/.openclaw\",\"startedBy\":\"clawpanel\"}",
///     "signature": {"port": 18789, "openclawDir": "/home/li/.openclaw", "cliPath": null},
///     "runtime": {"running": true, "pid": 7},
///     "home": "/home/li"
/// }"#).unwrap();
/// assert_eq!(input.decide().ownership, Ownership::Owned);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecideInput {
    /// The owner file's content; `None` when there is no file.
    #[serde(default)]
    pub owner_text: Option<String>,
    /// The current signature.
    pub signature: GatewaySignature,
    /// The runtime state.
    pub runtime: GatewayRuntime,
    /// The home directory for `~` (none: `~` is not expanded).
    #[serde(default)]
    pub home: Option<String>,
    /// The working directory for relative paths.
    #[serde(default)]
    pub cwd: Option<String>,
    /// The path style; guessed from the signature's dir when absent.
    #[serde(default)]
    pub path_style: Option<PathStyle>,
}

impl DecideInput {
    /// The decision (lexical path comparison; no symlink resolution in the pure core).
    pub fn decide(&self) -> OwnershipDecision {
        let record = match &self.owner_text {
            Some(text) => super::owner::parse_owner_record(text.as_bytes()),
            None => OwnerReadOutcome::Missing,
        };
        let style = self
            .path_style
            .unwrap_or_else(|| PathStyle::detect(&self.signature.openclaw_dir));
        let mut paths = PathContext::new(style);
        if let Some(home) = &self.home {
            paths = paths.with_home(home.clone());
        }
        if let Some(cwd) = &self.cwd {
            paths = paths.with_cwd(cwd.clone());
        }
        decide_with(&record, &self.signature, &self.runtime, &paths, None)
    }
}

/// The two CLI paths when both are present (non-blank) and name different files.
fn cli_mismatch(
    record: &OwnerRecord,
    signature: &GatewaySignature,
    paths: &PathContext,
    resolver: Option<&dyn PathResolver>,
) -> Option<(String, String)> {
    let recorded = record.cli_path.as_deref().filter(|s| !s.trim().is_empty())?;
    let current = signature.cli_path.as_deref().filter(|s| !s.trim().is_empty())?;
    if paths.same_path(recorded, current, resolver) {
        None
    } else {
        Some((recorded.to_owned(), current.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::gateway::owner::parse_owner_record;

    const DIR: &str = "/home/li/.openclaw";

    #[test]
    fn enum_names_are_the_serde_names() {
        for o in [Ownership::Stopped, Ownership::Owned, Ownership::Foreign] {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
        for a in [OwnerAction::None, OwnerAction::RefreshPid, OwnerAction::Claim] {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
    }

    fn sig(cli: Option<&str>) -> GatewaySignature {
        GatewaySignature::new(18789, DIR, cli.map(str::to_owned))
    }

    fn rec(json: &str) -> OwnerReadOutcome {
        parse_owner_record(json.as_bytes())
    }

    fn run(pid: Option<u32>) -> GatewayRuntime {
        GatewayRuntime::running(pid)
    }

    #[test]
    fn stopped_ignores_the_record() {
        let d = decide(&rec("garbage"), &sig(None), &GatewayRuntime::stopped());
        assert_eq!((d.ownership, d.action), (Ownership::Stopped, OwnerAction::None));
        assert_eq!(d.reason, DecisionReason::NotRunning);
        assert!(!d.owned_by_current_instance());
    }

    #[test]
    fn missing_and_corrupt_claim() {
        let d = decide(&OwnerReadOutcome::Missing, &sig(None), &run(None));
        assert_eq!(
            (d.ownership, d.action, d.reason),
            (Ownership::Owned, OwnerAction::Claim, DecisionReason::NoRecord)
        );
        let d = decide(&rec("[]"), &sig(None), &run(None));
        assert_eq!(d.action, OwnerAction::Claim);
        assert!(matches!(
            d.reason,
            DecisionReason::Corrupt {
                corrupt_kind: CorruptKind::NotAnObject,
                ..
            }
        ));
    }

    #[test]
    fn port_is_checked_before_dir() {
        let d = decide(
            &rec(r#"{"port":18790,"openclawDir":"/x","startedBy":"clawpanel"}"#),
            &sig(None),
            &run(Some(3)),
        );
        assert_eq!(d.ownership, Ownership::Foreign);
        assert_eq!(
            d.reason,
            DecisionReason::PortMismatch {
                recorded: Some(18790),
                current: 18789
            }
        );
        let d = decide(
            &rec(r#"{"startedBy":"clawpanel","openclawDir":"/home/li/.openclaw"}"#),
            &sig(None),
            &run(None),
        );
        assert_eq!(
            d.reason,
            DecisionReason::PortMismatch {
                recorded: None,
                current: 18789
            }
        );
    }

    #[test]
    fn dir_mismatch_and_missing_dir_are_foreign() {
        let d = decide(
            &rec(r#"{"port":18789,"openclawDir":"/other","startedBy":"clawpanel"}"#),
            &sig(None),
            &run(None),
        );
        assert_eq!(d.ownership, Ownership::Foreign);
        let d = decide(
            &rec(r#"{"port":18789,"startedBy":"clawpanel"}"#),
            &sig(None),
            &run(None),
        );
        assert_eq!(
            d.reason,
            DecisionReason::DirMismatch {
                recorded: None,
                current: DIR.into()
            }
        );
    }

    #[test]
    fn started_by_other_is_claimed_even_with_other_cli() {
        let d = decide(
            &rec(
                r#"{"port":18789,"openclawDir":"/home/li/.openclaw/","startedBy":"someone-else","cliPath":"/a"}"#,
            ),
            &sig(Some("/b")),
            &run(None),
        );
        assert_eq!((d.ownership, d.action), (Ownership::Owned, OwnerAction::Claim));
        assert_eq!(
            d.reason,
            DecisionReason::NotWrittenByClawpanel {
                started_by: Some("someone-else".into())
            }
        );
    }

    #[test]
    fn cli_leniency() {
        let base = |cli: &str| {
            format!(
                r#"{{"port":18789,"openclawDir":"{DIR}","startedBy":"clawpanel","pid":5,"cliPath":{cli}}}"#
            )
        };
        for (recorded, current) in [
            ("null", Some("/b")),
            ("\"\"", Some("/b")),
            ("\"/a\"", None),
            ("\"/a\"", Some(" ")),
        ] {
            let d = decide(&rec(&base(recorded)), &sig(current), &run(Some(5)));
            assert_eq!(
                (d.ownership, d.action),
                (Ownership::Owned, OwnerAction::None),
                "{recorded} {current:?}"
            );
        }
        let d = decide(&rec(&base("\"/a\"")), &sig(Some("/b")), &run(Some(5)));
        assert_eq!(
            d.reason,
            DecisionReason::CliMismatch {
                recorded: "/a".into(),
                current: "/b".into()
            }
        );
        assert_eq!(d.action, OwnerAction::Claim);
    }

    #[test]
    fn tilde_and_symlinked_cli_match_with_context() {
        let record = rec(&format!(
            r#"{{"port":18789,"openclawDir":"{DIR}","startedBy":"clawpanel","cliPath":"~/bin/openclaw"}}"#
        ));
        let paths = PathContext::new(PathStyle::Unix).with_home("/home/li");
        let d = decide_with(
            &record,
            &sig(Some("/home/li/bin/openclaw")),
            &run(None),
            &paths,
            None,
        );
        assert_eq!(d.reason, DecisionReason::SignatureMatch { recorded_pid: None });
        let resolver = |p: &str| (p == "/usr/bin/openclaw").then(|| "/home/li/bin/openclaw".to_owned());
        let d = decide_with(
            &record,
            &sig(Some("/usr/bin/openclaw")),
            &run(None),
            &paths,
            Some(&resolver),
        );
        assert_eq!(d.action, OwnerAction::None);
    }

    #[test]
    fn pid_refresh_only_with_a_live_pid() {
        let r = rec(&format!(
            r#"{{"port":18789,"openclawDir":"{DIR}","startedBy":"clawpanel","pid":5}}"#
        ));
        assert_eq!(decide(&r, &sig(None), &run(Some(5))).action, OwnerAction::None);
        assert_eq!(decide(&r, &sig(None), &run(None)).action, OwnerAction::None);
        assert_eq!(decide(&r, &sig(None), &run(Some(0))).action, OwnerAction::None);
        assert_eq!(
            decide(&r, &sig(None), &run(Some(6))).action,
            OwnerAction::RefreshPid
        );
    }

    #[test]
    fn windows_verbatim_dir_matches() {
        let r = rec(
            r#"{"port":18789,"openclaw_dir":"\\\\?\\C:\\Users\\Li\\.openclaw","started_by":"clawpanel","started_at":"x"}"#,
        );
        let s = GatewaySignature::new(18789, r"c:\users\li\.openclaw\", None);
        assert_eq!(decide(&r, &s, &run(None)).ownership, Ownership::Owned);
    }

    #[test]
    fn decision_json_shape() {
        let d = decide(
            &rec(r#"{"port":1,"openclawDir":"/x","startedBy":"clawpanel"}"#),
            &sig(None),
            &run(Some(9)),
        );
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["ownership"], "foreign");
        assert_eq!(v["action"], "none");
        assert_eq!(v["reason"]["kind"], "port_mismatch");
        assert_eq!(v["reason"]["recorded"], 1);
        assert_eq!(v["pid"], 9);
        let err = d.foreign_error(18789);
        assert_eq!(err.code(), crate::ErrorCode::GatewayForeign);
        assert!(err.to_string().contains("(PID: 9)"));
    }
}
