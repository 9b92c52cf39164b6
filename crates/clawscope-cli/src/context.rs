//! What a command works on: the process environment, the gateway and the state dir, found like OpenClaw and
//! ClawPanel find them unless given on the command line.

use clawscope::Env;
use clawscope::gateway::{Gateway, GatewayOptions};

use crate::cli::GatewayArgs;

/// This process's environment, as an explicit [`Env`] value.
pub(crate) fn process_env() -> Env {
    clawscope::env::from_process()
}

/// The gateway of `--openclaw-dir`/`--port`, the rest discovered (`Gateway::discover_with`).
pub(crate) fn gateway(args: &GatewayArgs) -> clawscope::Result<Gateway> {
    let options = GatewayOptions {
        openclaw_dir: args.openclaw_dir.clone(),
        port: args.port,
        ..GatewayOptions::default()
    };
    Gateway::discover_with(&process_env(), options)
}
