//! Python binding of clawscope (`clawscope._native`): each function converts its arguments, calls one `clawscope`
//! function and converts the result or the error. One file per area: [`gateway`], [`listeners`], [`session_key`], [`state`], with the shared conversions in
//! [`convert`] and the exception mapping in [`errors`].

mod convert;
mod decide_input;
mod errors;
mod gateway;
mod listeners;
mod pyser;
mod session_key;
mod state;

/// The native module `clawscope._native`.
#[pyo3::pymodule]
mod _native {
    use pyo3::prelude::*;

    #[allow(non_upper_case_globals)]
    #[pymodule_export]
    const __version__: &str = env!("CARGO_PKG_VERSION");

    #[pymodule_export]
    use crate::gateway::{
        PyGateway, decide_ownership, decide_ownership_json, discover_installs, discover_installs_json,
        foreign_gateway_message, gateway_evidence, gateway_evidence_json, parse_owner_record,
        parse_owner_record_json, probe_port, probe_port_json,
    };
    #[pymodule_export]
    use crate::listeners::{parse_launchctl_print, parse_listeners, parse_listeners_json};
    #[pymodule_export]
    use crate::session_key::{parse_session_key, parse_session_key_json};
    #[pymodule_export]
    use crate::state::PyStateDir;

    /// Panics inside the binding boundary, to show that a Rust panic reaches Python as `InternalError`
    /// (`INTERNAL`) and never as `PanicException`. For tests only.
    #[pyfunction]
    fn _panic_for_tests(py: Python<'_>, message: &str) -> PyResult<()> {
        crate::convert::pure(py, || -> clawscope::Result<()> { panic!("{message}") })
    }

    /// Every stable error code, in declaration order.
    #[pyfunction]
    fn error_codes() -> Vec<&'static str> {
        clawscope::ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
    }
}
