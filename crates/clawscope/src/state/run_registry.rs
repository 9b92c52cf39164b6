//! (in progress)
use super::StateDir;
pub(crate) fn read(_s: &StateDir) -> clawscope_core::Result<clawscope_core::run_registry::RunRegistry> {
    Ok(Default::default())
}
