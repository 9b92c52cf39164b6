//! `clawscope gateway status|claim|clear|probe|explain|adopt`.

use std::path::Path;

use clawscope::gateway::cli::is_rejected_cli_path;
use clawscope::gateway::config::{ConfigDiagnostic, ConfigPathSource, OpenclawDirSource, PortSource};
use clawscope::gateway::decide::{DecisionReason, OwnerAction, Ownership, OwnershipDecision};
use clawscope::gateway::install::{Confidence, Fact, GatewayEvidence, adoption_verdict};
use clawscope::gateway::owner::OwnerReadOutcome;
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::gateway::{GATEWAY_DESCRIPTION, GATEWAY_LABEL, Gateway, ServiceStatus};
use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::{GatewayArgs, GatewayCommand, GatewayPidArgs};
use crate::context;
use crate::failure::{CmdResult, EXIT_FOREIGN};
use crate::output::{Style, colour_enabled, paint, print_json, print_text};

/// Runs one gateway command.
pub(crate) fn run(command: &GatewayCommand) -> CmdResult {
    match command {
        GatewayCommand::Status(args) => status(args),
        GatewayCommand::Claim(args) => claim(args),
        GatewayCommand::Clear(args) => clear(args),
        GatewayCommand::Probe(args) => probe(args),
        GatewayCommand::Explain(args) => explain(args),
        GatewayCommand::Adopt(args) => adopt(args),
    }
}

/// The gateway's context, without secrets (only whether a token or password is set).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ContextView {
    openclaw_dir: String,
    openclaw_dir_source: OpenclawDirSource,
    config_path: String,
    config_path_source: ConfigPathSource,
    port: u16,
    port_source: PortSource,
    cli_path: Option<String>,
    owner_path: String,
    bind: Option<String>,
    auth_mode: String,
    auth_token_set: bool,
    auth_password_set: bool,
    diagnostics: Vec<ConfigDiagnostic>,
}

impl ContextView {
    pub(crate) fn of(gw: &Gateway) -> Self {
        let config = gw.config();
        ContextView {
            openclaw_dir: gw.openclaw_dir().to_string(),
            openclaw_dir_source: gw.openclaw_dir_source(),
            config_path: gw.config_path().to_string(),
            config_path_source: gw.config_path_source(),
            port: gw.port(),
            port_source: gw.port_source(),
            cli_path: gw.cli_path().map(str::to_owned),
            owner_path: gw.owner_path().to_string(),
            bind: config.bind.clone(),
            auth_mode: config.effective_auth_mode().to_owned(),
            auth_token_set: config.auth_token.is_some(),
            auth_password_set: config.auth_password.is_some(),
            diagnostics: config.diagnostics.clone(),
        }
    }
}

/// `gateway status --json`: ClawPanel's `ServiceStatus` keys, plus the context and the owner file.
#[derive(Debug, Serialize)]
pub(crate) struct StatusView {
    #[serde(flatten)]
    status: ServiceStatus,
    gateway: ContextView,
    owner: OwnerReadOutcome,
    runtime: RuntimeView,
}

/// The probe's answer, with secrets on the command line redacted.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RuntimeView {
    port: u16,
    running: bool,
    pid: Option<u32>,
    command_line: Option<String>,
    is_gateway: Option<bool>,
    manageable: bool,
}

impl RuntimeView {
    fn of(port: u16, runtime: &GatewayRuntime) -> Self {
        RuntimeView {
            port,
            running: runtime.running,
            pid: runtime.pid,
            command_line: runtime.command_line.clone(),
            is_gateway: runtime.is_gateway,
            manageable: runtime.manageable(),
        }
    }
}

/// The status without writing anything (ClawPanel's status would claim or refresh the pid; this only says so).
pub(crate) fn read_only_status(gw: &Gateway) -> clawscope::Result<StatusView> {
    let runtime = gw.runtime()?;
    let owner = gw.read_owner()?;
    let decision = gw.decide_for(&runtime)?;
    let status = ServiceStatus {
        label: GATEWAY_LABEL.to_owned(),
        running: runtime.running,
        pid: runtime.pid,
        description: GATEWAY_DESCRIPTION.to_owned(),
        cli_installed: gw
            .cli_path()
            .is_some_and(|c| Path::new(c).is_file() && !is_rejected_cli_path(c)),
        ownership: decision.ownership,
        owned_by_current_instance: decision.owned_by_current_instance(),
        decision,
        owner_write_error: None,
    };
    Ok(StatusView {
        status,
        gateway: ContextView::of(gw),
        owner,
        runtime: RuntimeView::of(gw.port(), &runtime),
    })
}

/// The read-only status of the gateway of `args`, as JSON (for `GET /api/gateway/status`).
pub(crate) fn status_value(args: &GatewayArgs) -> clawscope::Result<serde_json::Value> {
    let view = read_only_status(&context::gateway(args)?)?;
    serde_json::to_value(&view).map_err(|e| clawscope::Error::Internal {
        message: e.to_string(),
    })
}

fn exit_for(ownership: Ownership) -> u8 {
    if ownership == Ownership::Foreign {
        EXIT_FOREIGN
    } else {
        0
    }
}

fn ownership_painted(ownership: Ownership, colour: bool) -> String {
    let style = match ownership {
        Ownership::Owned => Style::Green,
        Ownership::Foreign => Style::Red,
        Ownership::Stopped => Style::Dim,
    };
    paint(ownership.as_str(), style, colour)
}

fn action_str(action: OwnerAction) -> &'static str {
    match action {
        OwnerAction::None => "none",
        OwnerAction::RefreshPid => "refresh_pid (the owner record would be rewritten with the live pid)",
        OwnerAction::Claim => "claim (a new owner record would be written)",
    }
}

/// One sentence saying why the decision came out as it did.
pub(crate) fn describe_reason(reason: &DecisionReason) -> String {
    match reason {
        DecisionReason::NotRunning => "nothing listens on the gateway port".into(),
        DecisionReason::NoRecord => "no owner file: the running gateway can be claimed".into(),
        DecisionReason::SignatureMatch { recorded_pid } => match recorded_pid {
            Some(pid) => format!("the owner record matches this port, dir and CLI (recorded pid {pid})"),
            None => "the owner record matches this port, dir and CLI".into(),
        },
        DecisionReason::NotWrittenByClawpanel { started_by } => format!(
            "port and dir match, but the record was written by {} rather than clawpanel: it is claimed",
            started_by.as_deref().unwrap_or("an unknown writer")
        ),
        DecisionReason::CliMismatch { recorded, current } => {
            format!(
                "port and dir match, but the CLI differs ({recorded} recorded, {current} now): it is claimed"
            )
        }
        DecisionReason::PortMismatch { recorded, current } => format!(
            "the owner record is for port {}, this gateway uses port {current}",
            recorded.map_or_else(|| "(none)".to_owned(), |p| p.to_string())
        ),
        DecisionReason::DirMismatch { recorded, current } => format!(
            "the owner record is for the openclaw dir {}, not {current}",
            recorded.as_deref().unwrap_or("(none)")
        ),
        DecisionReason::Corrupt { detail, .. } => {
            format!("the owner file cannot be understood ({detail}): it is claimed, like ClawPanel does")
        }
    }
}

fn describe_owner(owner: &OwnerReadOutcome) -> String {
    match owner {
        OwnerReadOutcome::Missing => "missing".into(),
        OwnerReadOutcome::Valid { record } => format!(
            "port {}, dir {}, pid {}, started by {}",
            record.port.map_or_else(|| "-".to_owned(), |p| p.to_string()),
            record.openclaw_dir.as_deref().unwrap_or("-"),
            record.pid.map_or_else(|| "-".to_owned(), |p| p.to_string()),
            record.started_by.as_deref().unwrap_or("-"),
        ),
        OwnerReadOutcome::Corrupt { reason, .. } => format!("corrupt: {reason}"),
    }
}

fn status_text(view: &StatusView, colour: bool) -> String {
    let g = &view.gateway;
    let s = &view.status;
    let decision: &OwnershipDecision = &s.decision;
    let mut rows: Vec<(&str, String)> = vec![
        ("openclaw dir", g.openclaw_dir.clone()),
        ("config", g.config_path.clone()),
        (
            "port",
            format!("{} (from {})", g.port, port_source_str(g.port_source)),
        ),
        ("cli", g.cli_path.clone().unwrap_or_else(|| "not found".into())),
        (
            "owner file",
            format!("{}: {}", g.owner_path, describe_owner(&view.owner)),
        ),
        (
            "running",
            match (s.running, s.pid) {
                (true, Some(pid)) => format!("yes, pid {pid}"),
                (true, None) => "yes, pid unknown".into(),
                (false, _) => "no".into(),
            },
        ),
    ];
    if let Some(cmd) = &view.runtime.command_line {
        rows.push(("command", cmd.clone()));
    }
    rows.push(("ownership", ownership_painted(s.ownership, colour)));
    rows.push(("action", action_str(decision.action).into()));
    rows.push(("reason", describe_reason(&decision.reason)));
    let mut out = format!(
        "{} — {}\n",
        paint(GATEWAY_DESCRIPTION, Style::Bold, colour),
        GATEWAY_LABEL
    );
    for (k, v) in rows {
        let _ = writeln!(out, "  {k:<13}{v}");
    }
    out
}

fn port_source_str(source: PortSource) -> &'static str {
    match source {
        PortSource::Env => "OPENCLAW_GATEWAY_PORT",
        PortSource::Config => "openclaw.json",
        PortSource::Default => "default",
        PortSource::Explicit => "--port",
    }
}

fn status(args: &GatewayArgs) -> CmdResult {
    let gw = context::gateway(args)?;
    let view = read_only_status(&gw)?;
    if args.json.json {
        print_json(&view)?;
    } else {
        print_text(&status_text(&view, colour_enabled()))?;
    }
    Ok(exit_for(view.status.ownership))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimView<'a> {
    owner_path: String,
    record: &'a clawscope::gateway::owner::OwnerRecord,
}

fn claim(args: &GatewayPidArgs) -> CmdResult {
    let gw = context::gateway(&args.gateway)?;
    let record = gw.claim(args.pid)?;
    if args.gateway.json.json {
        print_json(&ClaimView {
            owner_path: gw.owner_path().to_string(),
            record: &record,
        })?;
    } else {
        print_text(&format!(
            "claimed: wrote {} (port {}, pid {})\n",
            gw.owner_path(),
            gw.port(),
            record.pid.map_or_else(|| "unknown".to_owned(), |p| p.to_string())
        ))?;
    }
    Ok(0)
}

fn clear(args: &GatewayArgs) -> CmdResult {
    let gw = context::gateway(args)?;
    let removed = gw.clear_owner()?;
    if args.json.json {
        print_json(&serde_json::json!({ "ownerPath": gw.owner_path().as_str(), "removed": removed }))?;
    } else if removed {
        print_text(&format!("removed {}\n", gw.owner_path()))?;
    } else {
        print_text(&format!("no owner file at {}\n", gw.owner_path()))?;
    }
    Ok(0)
}

fn probe(args: &GatewayArgs) -> CmdResult {
    let gw = context::gateway(args)?;
    let view = RuntimeView::of(gw.port(), &gw.runtime()?);
    if args.json.json {
        print_json(&view)?;
    } else {
        let mut out = format!("port {}: ", view.port);
        match (view.running, view.pid) {
            (false, _) => out.push_str("nothing listens\n"),
            (true, pid) => {
                let _ = writeln!(
                    out,
                    "listening, pid {}, {}",
                    pid.map_or_else(|| "unknown".to_owned(), |p| p.to_string()),
                    match view.is_gateway {
                        Some(true) => "an OpenClaw gateway",
                        Some(false) => "not an OpenClaw gateway",
                        None => "identity unknown",
                    }
                );
                if let Some(cmd) = &view.command_line {
                    let _ = writeln!(out, "  command: {cmd}");
                }
            }
        }
        print_text(&out)?;
    }
    Ok(0)
}

/// `gateway explain --json`: the status plus the evidence and the adoption verdict.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ExplainView {
    #[serde(flatten)]
    status: StatusView,
    evidence: GatewayEvidence,
    adoption: AdoptionView,
}

/// Whether `gateway adopt` would claim the gateway, and why not.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AdoptionView {
    allowed: bool,
    code: Option<&'static str>,
    reason: Option<String>,
}

fn adoption_of(evidence: &GatewayEvidence, gw: &Gateway) -> AdoptionView {
    match adoption_verdict(evidence, gw.openclaw_dir()) {
        Ok(()) => AdoptionView {
            allowed: true,
            code: None,
            reason: None,
        },
        Err(e) => AdoptionView {
            allowed: false,
            code: Some(e.code().as_str()),
            reason: Some(e.to_string()),
        },
    }
}

fn confidence_str(c: Confidence) -> &'static str {
    match c {
        Confidence::Certain => "certain",
        Confidence::Likely => "likely",
        Confidence::Unknown => "unknown",
    }
}

fn fact_line(fact: &Fact) -> String {
    let kind = serde_json::to_value(fact.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let source = serde_json::to_value(fact.source)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut line = format!("    {kind} ({source}): {}", fact.value);
    if let Some(path) = &fact.path {
        let _ = write!(line, " [{path}]");
    }
    line
}

fn explain_text(view: &ExplainView, colour: bool) -> String {
    let mut out = status_text(&view.status, colour);
    let e = &view.evidence;
    let _ = writeln!(out, "{}", paint("Evidence", Style::Bold, colour));
    match &e.serves {
        Some(s) => {
            let _ = writeln!(
                out,
                "  serves       {} (pid {}, confidence {})",
                s.config_path,
                s.pid,
                confidence_str(e.confidence)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  serves       unknown (confidence {})",
                confidence_str(e.confidence)
            );
        }
    }
    for l in &e.listeners {
        let _ = writeln!(
            out,
            "  pid {}{}",
            l.pid,
            match l.is_gateway {
                Some(true) => ", an OpenClaw gateway",
                Some(false) => ", not an OpenClaw gateway",
                None => "",
            }
        );
        for f in &l.facts {
            out.push_str(&fact_line(f));
            out.push('\n');
        }
    }
    if !e.other_facts.is_empty() {
        out.push_str("  other facts\n");
        for f in &e.other_facts {
            out.push_str(&fact_line(f));
            out.push('\n');
        }
    }
    let a = &view.adoption;
    if a.allowed {
        let _ = writeln!(
            out,
            "  adopt        {}",
            paint("allowed: it serves this install", Style::Green, colour)
        );
    } else {
        let _ = writeln!(
            out,
            "  adopt        {}",
            paint(
                &format!("refused: {}", a.reason.as_deref().unwrap_or("-")),
                Style::Yellow,
                colour
            )
        );
    }
    out
}

fn explain(args: &GatewayArgs) -> CmdResult {
    let gw = context::gateway(args)?;
    let status = read_only_status(&gw)?;
    // Command lines in the evidence are redacted by the library (`--token`/`--password` values never leave it).
    let evidence = gw.evidence()?;
    let adoption = adoption_of(&evidence, &gw);
    let view = ExplainView {
        status,
        evidence,
        adoption,
    };
    if args.json.json {
        print_json(&view)?;
    } else {
        print_text(&explain_text(&view, colour_enabled()))?;
    }
    Ok(exit_for(view.status.status.ownership))
}

fn adopt(args: &GatewayPidArgs) -> CmdResult {
    let gw = context::gateway(&args.gateway)?;
    let record = gw.adopt(args.pid)?;
    if args.gateway.json.json {
        print_json(&ClaimView {
            owner_path: gw.owner_path().to_string(),
            record: &record,
        })?;
    } else {
        print_text(&format!(
            "adopted: the gateway (pid {}) serves this install; wrote {}\n",
            record.pid.map_or_else(|| "unknown".to_owned(), |p| p.to_string()),
            gw.owner_path()
        ))?;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_sentences() {
        let r = DecisionReason::DirMismatch {
            recorded: Some("/a".into()),
            current: "/b".into(),
        };
        assert_eq!(
            describe_reason(&r),
            "the owner record is for the openclaw dir /a, not /b"
        );
        let r = DecisionReason::PortMismatch {
            recorded: None,
            current: 5,
        };
        assert_eq!(
            describe_reason(&r),
            "the owner record is for port (none), this gateway uses port 5"
        );
        assert_eq!(exit_for(Ownership::Foreign), EXIT_FOREIGN);
        assert_eq!(exit_for(Ownership::Owned), 0);
    }

    #[test]
    fn status_of_a_stopped_gateway_writes_nothing_and_hides_secrets() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("openclaw.json"),
            r#"{ gateway: { port: 18931, auth: { token: "tok-SECRET" } } }"#,
        )
        .unwrap();
        let options = clawscope::gateway::GatewayOptions {
            openclaw_dir: Some(dir.path().to_str().unwrap().into()),
            ..Default::default()
        };
        let gw = Gateway::new(options)
            .unwrap()
            .with_runtime_source(|_: u16| Ok(GatewayRuntime::running(Some(42))));
        let view = read_only_status(&gw).unwrap();
        assert_eq!(view.status.ownership, Ownership::Owned);
        assert_eq!(view.status.decision.action, OwnerAction::Claim);
        assert!(!dir.path().join("gateway-owner.json").exists());
        let json = serde_json::to_string(&view).unwrap();
        assert!(!json.contains("tok-SECRET"));
        assert!(json.contains(r#""authTokenSet":true"#));
        let text = status_text(&view, false);
        assert!(text.contains("port         18931 (from openclaw.json)"), "{text}");
        assert!(text.contains("action       claim"), "{text}");
    }
}
