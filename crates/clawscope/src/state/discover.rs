//! Finding the state dir (`openclaw-formats.md` §2.1).

use camino::Utf8Path;

use super::StateDir;
use clawscope_core::{Env, Result};

pub(crate) fn open(path: &Utf8Path, config: Option<&Utf8Path>) -> Result<StateDir> {
    Ok(StateDir {
        root: path.to_owned(),
        config_path: config.map_or_else(|| path.join("openclaw.json"), ToOwned::to_owned),
    })
}

pub(crate) fn discover(env: &Env) -> Result<StateDir> {
    let home = env.home().map(ToOwned::to_owned).unwrap_or_default();
    open(&home.join(".openclaw"), None)
}
