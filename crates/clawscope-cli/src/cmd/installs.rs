//! `clawscope installs`: the OpenClaw installs on this machine.

use crate::cli::InstallsArgs;
use crate::failure::{CmdResult, Failure};

/// Lists the installs.
pub(crate) fn run(args: &InstallsArgs) -> CmdResult {
    let _ = args;
    Err(Failure::usage("installs is not available yet"))
}
