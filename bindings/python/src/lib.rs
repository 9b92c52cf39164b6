//! Python binding of clawscope: converts arguments, calls one `clawscope` function, converts the result or error.

#[allow(dead_code)] // used by the APIs being added
mod errors;

/// The native module `clawscope._native`.
#[pyo3::pymodule]
mod _native {
    use pyo3::prelude::*;

    #[allow(non_upper_case_globals)]
    #[pymodule_export]
    const __version__: &str = env!("CARGO_PKG_VERSION");

    /// Every stable error code, in declaration order.
    #[pyfunction]
    fn error_codes() -> Vec<&'static str> {
        clawscope::ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
    }
}
