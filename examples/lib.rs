//! Shared helpers for the Rust examples (see `examples/*.rs`, run with `cargo run -p clawscope-examples --example NAME`).
//!
//! Every example reads the bundled sample state when no path is given, so it runs without OpenClaw installed.

use std::path::PathBuf;

/// The key of the bundled sample session.
pub const SEED_KEY: &str = "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e";

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The bundled sample state dir (`tests/fixtures/state/seed`).
pub fn sample_state_dir() -> String {
    repo_root()
        .join("tests/fixtures/state/seed")
        .to_string_lossy()
        .into_owned()
}

/// The bundled sample openclaw dir of the gateway examples (`tests/fixtures/cli/openclaw`).
pub fn sample_openclaw_dir() -> String {
    repo_root()
        .join("tests/fixtures/cli/openclaw")
        .to_string_lossy()
        .into_owned()
}

/// The command-line arguments after the program name.
pub fn args() -> Vec<String> {
    std::env::args().skip(1).collect()
}

/// Runs an example's `run` on stdout and turns an error into `error[CODE]: message` and exit code 1.
pub fn main_with(run: impl FnOnce(&mut dyn std::io::Write, &[String]) -> clawscope::Result<()>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = run(&mut out, &args()) {
        eprintln!("error[{}]: {e}", e.code());
        std::process::exit(1);
    }
}

/// Writes a line; an I/O error becomes a clawscope error.
pub fn line(out: &mut dyn std::io::Write, text: &str) -> clawscope::Result<()> {
    writeln!(out, "{text}").map_err(|e| clawscope::Error::io("write", "stdout", e))
}
