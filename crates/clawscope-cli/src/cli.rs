//! The command line: every command, argument and help text (clap derive).

use std::net::SocketAddr;

use camino::Utf8PathBuf;
use clap::{Args, Parser, Subcommand, ValueEnum};
use clawscope::time::Timestamp;

fn parse_time(text: &str) -> Result<Timestamp, String> {
    text.parse::<Timestamp>()
        .map_err(|e| format!("not an ISO-8601 time with a zone, like 2026-04-19T13:28:38.791Z: {e}"))
}

/// The exit codes, shown at the end of every `--help`.
pub(crate) const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  error (I/O, corrupt state, anything else); the message is `error[CODE]: text` on stderr
  2  usage: bad arguments or options (also INVALID_ARGUMENT, INVALID_SESSION_KEY, INVALID_PORT, INVALID_PID)
  3  the gateway on the port belongs to another install or panel (GATEWAY_FOREIGN, GATEWAY_ADOPT_REFUSED);
     `gateway status` and `gateway explain` also exit 3 when they find a foreign gateway
  4  not found: unknown session, agent or file (SESSION_NOT_FOUND, AGENT_NOT_FOUND, NOT_FOUND)

Environment:
  OPENCLAW_STATE_DIR, OPENCLAW_HOME, OPENCLAW_CONFIG_PATH, OPENCLAW_GATEWAY_PORT  found like OpenClaw finds them
  CLAWSCOPE_TOKEN  bearer token of `clawscope serve`
  NO_COLOR         no colour (colour is only used when stdout is a terminal)";

/// Understand a machine running OpenClaw: sessions, transcript events, usage and who owns the gateway.
///
/// Every command reads only, except `gateway claim`, `gateway clear` and `gateway adopt`, which write
/// `<openclaw dir>/gateway-owner.json`. Gateway tokens and passwords are never printed, not even with `--json`.
#[derive(Debug, Parser)]
#[command(name = "clawscope", version, propagate_version = true, after_long_help = EXIT_CODES_HELP)]
pub(crate) struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Where the OpenClaw state dir is (sessions, transcripts).
#[derive(Debug, Clone, Args)]
pub(crate) struct StateArgs {
    /// The OpenClaw state dir [default: found like OpenClaw does: `OPENCLAW_STATE_DIR`, `OPENCLAW_HOME`, ~/.openclaw]
    #[arg(long, value_name = "DIR")]
    pub(crate) state_dir: Option<Utf8PathBuf>,
}

/// Output format switch shared by the commands.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct JsonArg {
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

/// Every `clawscope` command.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// List sessions: key, agent, state, last activity, events, tokens, cost (newest first).
    ///
    /// EVENTS counts the history events among the last 200 of the transcript (`200+` when there are more); TOKENS
    /// and COST come from the usage OpenClaw recorded on assistant messages.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Sessions(SessionsArgs),
    /// The session-detail page (会话详情) of one session: text (exactly `render_text()`), JSON or HTML.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Session(SessionArgs),
    /// The events of a session's transcript, oldest first; `--follow` keeps printing new ones.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Events(EventsArgs),
    /// Tokens and cost from the recorded usage, grouped by agent, model, provider or day.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Usage(UsageArgs),
    /// Who owns the gateway: status, claim, clear, probe, explain, adopt.
    #[command(subcommand, after_long_help = EXIT_CODES_HELP)]
    Gateway(GatewayCommand),
    /// The OpenClaw installs found on this machine (state dir, config, port and its source, CLI, services).
    #[command(after_long_help = EXIT_CODES_HELP)]
    Installs(InstallsArgs),
    /// A read-only HTTP JSON API, compatible with openclaw-control-center's session routes.
    ///
    /// Routes: GET /api/sessions (state, agentId, q, page, pageSize, historyLimit), GET /api/sessions/:key
    /// (historyLimit 1..=200), GET /session/:key (HTML page), GET /api/gateway/status, GET /healthz.
    /// Any other method gives 405. Binds to loopback unless `--allow-remote`.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Serve(ServeArgs),
}

/// `clawscope sessions`.
#[derive(Debug, Args)]
pub(crate) struct SessionsArgs {
    /// Only this agent (case-insensitive).
    #[arg(long, value_name = "AGENT")]
    pub(crate) agent: Option<String>,
    /// Only this state: idle, running, blocked, `waiting_approval`, error.
    #[arg(long, value_name = "STATE")]
    pub(crate) state: Option<String>,
    /// Only sessions whose key, label or agent contains TEXT (case-insensitive).
    #[arg(short = 'q', long = "query", value_name = "TEXT")]
    pub(crate) q: Option<String>,
    /// Page number, from 1.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub(crate) page: usize,
    /// Sessions per page, 1..=100.
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub(crate) page_size: usize,
    #[command(flatten)]
    pub(crate) state_args: StateArgs,
    #[command(flatten)]
    pub(crate) json: JsonArg,
}

/// `clawscope session`.
#[derive(Debug, Args)]
pub(crate) struct SessionArgs {
    /// The session key, e.g. `agent:main:main`.
    pub(crate) key: String,
    /// History rows to show, 1..=200.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub(crate) limit: usize,
    /// Print the control-center JSON (`GET /api/sessions/:key`).
    #[arg(long, conflicts_with = "html")]
    pub(crate) json: bool,
    /// Print the self-contained HTML page.
    #[arg(long)]
    pub(crate) html: bool,
    /// Build the page as of this time (ISO-8601, e.g. `2026-04-19T13:28:38.791Z`) instead of now: `generatedAt`
    /// and the 45-minute activity rule use it, so the output is reproducible.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub(crate) now: Option<Timestamp>,
    #[command(flatten)]
    pub(crate) state_args: StateArgs,
}

/// `clawscope events`.
#[derive(Debug, Args)]
pub(crate) struct EventsArgs {
    /// The session key.
    pub(crate) key: String,
    /// How many of the latest events to print first, 1..=200.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub(crate) limit: usize,
    /// Keep running and print events as they are appended to the transcript (polled every 200 ms; a line is
    /// printed only once it is complete). Stop with Ctrl-C.
    #[arg(short, long)]
    pub(crate) follow: bool,
    #[command(flatten)]
    pub(crate) state_args: StateArgs,
    /// Print one JSON object per line (JSON Lines).
    #[arg(long)]
    pub(crate) json: bool,
}

/// How `clawscope usage` groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum UsageBy {
    /// Per agent.
    Agent,
    /// Per model.
    Model,
    /// Per provider.
    Provider,
    /// Per UTC day.
    Day,
}

/// `clawscope usage`.
#[derive(Debug, Args)]
pub(crate) struct UsageArgs {
    /// Only the last N UTC days, today included (default: everything).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=36_600))]
    pub(crate) days: Option<u32>,
    /// Group by.
    #[arg(long, value_enum, default_value_t = UsageBy::Agent)]
    pub(crate) by: UsageBy,
    #[command(flatten)]
    pub(crate) state_args: StateArgs,
    #[command(flatten)]
    pub(crate) json: JsonArg,
}

/// Which gateway: the openclaw dir and the port.
#[derive(Debug, Clone, Args)]
pub(crate) struct GatewayArgs {
    /// The openclaw dir [default: found like ClawPanel does: clawpanel.json, `OPENCLAW_STATE_DIR`, `OPENCLAW_HOME`,
    /// ~/.openclaw]
    #[arg(long, value_name = "DIR")]
    pub(crate) openclaw_dir: Option<Utf8PathBuf>,
    /// The gateway port [default: `OPENCLAW_GATEWAY_PORT`, else gateway.port in openclaw.json, else 18789]
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) port: Option<u16>,
    #[command(flatten)]
    pub(crate) json: JsonArg,
}

/// A gateway command that may name the gateway pid.
#[derive(Debug, Clone, Args)]
pub(crate) struct GatewayPidArgs {
    #[command(flatten)]
    pub(crate) gateway: GatewayArgs,
    /// The gateway pid [default: the pid listening on the port]
    #[arg(long, value_name = "PID", value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) pid: Option<u32>,
}

/// `clawscope gateway …`.
#[derive(Debug, Subcommand)]
pub(crate) enum GatewayCommand {
    /// The gateway's status and the ownership decision (stopped / owned / foreign, the action, the reason).
    /// Read-only: unlike ClawPanel's status, nothing is claimed or refreshed.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Status(GatewayArgs),
    /// Write the owner record for this openclaw dir (ClawPanel's "claim"). Needs a running gateway.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Claim(GatewayPidArgs),
    /// Remove the owner record.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Clear(GatewayArgs),
    /// What listens on the gateway port: pid, command line (secrets redacted), whether it is a gateway.
    #[command(after_long_help = EXIT_CODES_HELP)]
    Probe(GatewayArgs),
    /// Why the gateway is owned or foreign, with the evidence (process, environment, lock files, owner record).
    #[command(after_long_help = EXIT_CODES_HELP)]
    Explain(GatewayArgs),
    /// Claim the running gateway only when the evidence says it serves this install; otherwise refuse (exit 3).
    #[command(after_long_help = EXIT_CODES_HELP)]
    Adopt(GatewayPidArgs),
}

/// `clawscope installs`.
#[derive(Debug, Args)]
pub(crate) struct InstallsArgs {
    #[command(flatten)]
    pub(crate) json: JsonArg,
}

/// `clawscope serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on (port 0 picks a free port; the chosen address is printed).
    #[arg(long, default_value = "127.0.0.1:8797", value_name = "ADDR")]
    pub(crate) listen: SocketAddr,
    /// Allow a non-loopback listen address (the API then reaches the network: set a token).
    #[arg(long)]
    pub(crate) allow_remote: bool,
    /// Require `Authorization: Bearer TOKEN` on every route but /healthz.
    #[arg(long, env = "CLAWSCOPE_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub(crate) token: Option<String>,
    /// The openclaw dir of `/api/gateway/status` [default: discovered]
    #[arg(long, value_name = "DIR")]
    pub(crate) openclaw_dir: Option<Utf8PathBuf>,
    /// The gateway port of `/api/gateway/status` [default: discovered]
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) port: Option<u16>,
    #[command(flatten)]
    pub(crate) state_args: StateArgs,
    /// Print the listening address as JSON (`{"listen": "127.0.0.1:PORT"}`) instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn usage_errors_are_clap_errors() {
        let err = Cli::try_parse_from(["clawscope", "session"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let err = Cli::try_parse_from(["clawscope", "gateway", "status", "--port", "0"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let err = Cli::try_parse_from(["clawscope", "session", "k", "--json", "--html"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn state_dir_is_accepted_after_the_command() {
        let cli = Cli::try_parse_from(["clawscope", "sessions", "--state-dir", "/x", "--json"]).unwrap();
        let Command::Sessions(args) = cli.command else {
            panic!("not sessions")
        };
        assert_eq!(
            args.state_args.state_dir.as_deref(),
            Some(camino::Utf8Path::new("/x"))
        );
        assert!(args.json.json);
    }
}
