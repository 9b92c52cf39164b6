//! (in progress)
use super::{SessionScan, StateDir, StoredSession};
use clawscope_core::{Error, Result};
pub(crate) fn scan_agent(_s: &StateDir, _a: &str) -> Result<SessionScan> {
    Ok(SessionScan::default())
}
pub(crate) fn scan_all(_s: &StateDir) -> Result<SessionScan> {
    Ok(SessionScan::default())
}
pub(crate) fn find(_s: &StateDir, key: &str) -> Result<StoredSession> {
    Err(Error::SessionNotFound { key: key.into() })
}
