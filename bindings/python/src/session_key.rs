//! `parse_session_key`: the session-key grammar of `clawscope::session_key`.

use clawscope::session_key::SessionKey;
use pyo3::prelude::*;

use crate::convert::{key_arg, pure, to_json, to_py};

/// Parses a session key into a dict (`key` — the canonical form —, `kind`, `agentId`, `rest`, `channel`,
/// `accountId`, `peerKind`, `peerId`, `threadId`, `topicId`, `id`, `runId`, `parent`, `legacy`, `legacyDm`; absent
/// parts are left out). Raises `InvalidSessionKeyError` (`INVALID_SESSION_KEY`) for an invalid key.
#[pyfunction]
pub(crate) fn parse_session_key<'py>(
    py: Python<'py>,
    key: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let key = key_arg(key)?;
    let parsed = pure(py, || SessionKey::parse(&key))?;
    to_py(py, &parsed)
}

/// `parse_session_key()` as its canonical JSON string.
#[pyfunction]
pub(crate) fn parse_session_key_json(py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<String> {
    let key = key_arg(key)?;
    let parsed = pure(py, || SessionKey::parse(&key))?;
    to_json(py, &parsed)
}
