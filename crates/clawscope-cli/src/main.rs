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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("{failure}");
            failure.exit_code()
        }
    }
}
