//! The `clawscope` command: sessions, the session-detail page, events, usage, gateway ownership, installs and a
//! read-only JSON API (`clawscope serve`). Run `clawscope --help` for the commands and the exit codes.
#![forbid(unsafe_code)]

mod cli;
mod cmd;
mod context;
mod data;
mod failure;
mod output;
mod serve;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use cli::{Cli, Command};
use failure::CmdResult;

fn run(cli: &Cli) -> CmdResult {
    match &cli.command {
        Command::Sessions(args) => cmd::sessions::run(args),
        Command::Session(args) => cmd::session::run(args),
        Command::Events(args) => cmd::events::run(args),
        Command::Usage(args) => cmd::usage::run(args),
        Command::Gateway(command) => cmd::gateway::run(command),
        Command::Installs(args) => cmd::installs::run(args),
        Command::Serve(args) => serve::run(args),
    }
}

/// Parses the command line. Help and version go to stdout (exit 0); a usage error is printed as
/// `error[INVALID_ARGUMENT]: …` with clap's explanation, exit 2.
fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|e| {
        if matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        ) {
            e.exit()
        }
        let text = e.to_string();
        let text = text.strip_prefix("error: ").unwrap_or(&text).trim_end();
        eprintln!("error[INVALID_ARGUMENT]: {text}");
        ExitCode::from(failure::EXIT_USAGE)
    })
}

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("{failure}");
            failure.exit_code()
        }
    }
}
