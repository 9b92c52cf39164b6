//! `clawscope.Gateway` and the gateway functions (`decide_ownership`, `parse_owner_record`, `probe_port`,
//! `discover_installs`, `gateway_evidence`, `foreign_gateway_message`): each converts its arguments, calls one
//! `clawscope::gateway` function and converts the result or error.

use clawscope::gateway::owner::parse_owner_record as parse_owner_bytes;
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::gateway::{Gateway, GatewayOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::convert::{
    blocking, env_arg, from_py, opt_path_arg, pid_arg, port_arg, pure, required_port, to_json, to_py,
};
use crate::decide_input::decide_input_arg;

/// The gateway of one openclaw dir: its context (dir, config, port, CLI), the owner file and the runtime.
///
/// Methods that read files or probe processes release the GIL. Instances are immutable and thread-safe.
#[pyclass(frozen, module = "clawscope._native", name = "Gateway")]
pub(crate) struct PyGateway {
    inner: Gateway,
}

impl PyGateway {
    fn gw(&self) -> &Gateway {
        &self.inner
    }
}

#[pymethods]
impl PyGateway {
    /// Builds the gateway handle.
    ///
    /// Without `env`: an explicit `openclaw_dir` uses it as is (port from `port`, else the config, else 18789;
    /// environment variables are not consulted), and no `openclaw_dir` discovers everything from the process
    /// environment (ClawPanel's panel config, `OPENCLAW_STATE_DIR`, `OPENCLAW_GATEWAY_PORT`, the CLI search).
    /// With `env` (a `Mapping[str, str]`), discovery runs against those variables instead (home: its `HOME`), even
    /// with an explicit dir. `cli_path=""` means "no CLI" and stops the CLI search. `runtime` (a `GatewayRuntime`
    /// dict) fixes what every probe of the port answers (for tests and embedders that probe themselves).
    #[new]
    #[pyo3(signature = (openclaw_dir=None, port=None, cli_path=None, *, config_path=None, env=None, runtime=None))]
    fn new(
        py: Python<'_>,
        openclaw_dir: Option<&Bound<'_, PyAny>>,
        port: Option<&Bound<'_, PyAny>>,
        cli_path: Option<&Bound<'_, PyAny>>,
        config_path: Option<&Bound<'_, PyAny>>,
        env: Option<&Bound<'_, PyAny>>,
        runtime: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let options = GatewayOptions {
            openclaw_dir: opt_path_arg(openclaw_dir, "openclaw_dir")?,
            port: port_arg(port)?,
            cli_path: opt_path_arg(cli_path, "cli_path")?.map(String::from),
            config_path: opt_path_arg(config_path, "config_path")?,
        };
        let runtime: Option<GatewayRuntime> = match runtime.filter(|r| !r.is_none()) {
            Some(r) => Some(from_py(r, "runtime")?),
            None => None,
        };
        let env = match env.filter(|e| !e.is_none()) {
            Some(_) => Some(env_arg(env)?),
            None => None,
        };
        let gw = blocking(py, move || match (env, options.openclaw_dir.is_some()) {
            (Some(env), _) => Gateway::discover_with(&env, options),
            (None, true) => Gateway::new(options),
            (None, false) => Gateway::discover_with(&clawscope::env::from_process(), options),
        })?;
        let gw = match runtime {
            Some(rt) => gw.with_runtime_source(move |_: u16| Ok(rt.clone())),
            None => gw,
        };
        Ok(PyGateway { inner: gw })
    }

    /// The gateway port.
    #[getter]
    fn port(&self) -> u16 {
        self.gw().port()
    }

    /// Where the port came from: `"env"`, `"config"`, `"default"` or `"explicit"`.
    #[getter]
    fn port_source<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.gw().port_source())
    }

    /// Where the openclaw dir came from: `"panel_config"`, `"state_dir_env"`, `"openclaw_home_env"`, `"default"`
    /// or `"explicit"`.
    #[getter]
    fn openclaw_dir_source<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.gw().openclaw_dir_source())
    }

    /// The openclaw data dir (absolute, normalised).
    #[getter]
    fn openclaw_dir(&self) -> &str {
        self.gw().openclaw_dir().as_str()
    }

    /// The `openclaw.json` path.
    #[getter]
    fn config_path(&self) -> &str {
        self.gw().config_path().as_str()
    }

    /// The OpenClaw CLI path, when one is known.
    #[getter]
    fn cli_path(&self) -> Option<&str> {
        self.gw().cli_path()
    }

    /// The current signature: `{"port", "openclawDir", "cliPath"}`.
    fn signature<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.gw().signature())
    }

    /// The gateway section of the config: port and its source, mode, bind, auth mode, diagnostics about unusable
    /// values; secrets (token, password) appear only as `"<redacted>"`.
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.gw().config())
    }

    /// `<openclaw_dir>/gateway-owner.json`.
    #[getter]
    fn owner_path(&self) -> String {
        self.gw().owner_path().into_string()
    }

    /// ClawPanel's `ServiceStatus` (`snake_case` keys) plus the decision; when running, refreshes the pid or claims
    /// as the decision says (a failed write is reported in `owner_write_error`).
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let status = blocking(py, || self.gw().status())?;
        to_py(py, &status)
    }

    /// `status()` as its canonical JSON string.
    fn status_json(&self, py: Python<'_>) -> PyResult<String> {
        let status = blocking(py, || self.gw().status())?;
        to_json(py, &status)
    }

    /// The ownership decision for the current runtime; nothing is written.
    fn decide<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let decision = blocking(py, || self.gw().decide())?;
        to_py(py, &decision)
    }

    /// `decide()` as its canonical JSON string.
    fn decide_json(&self, py: Python<'_>) -> PyResult<String> {
        let decision = blocking(py, || self.gw().decide())?;
        to_json(py, &decision)
    }

    /// The runtime state of the gateway port (`running`, `pid`, `commandLine`, `isGateway`).
    fn runtime<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let runtime = blocking(py, || self.gw().runtime())?;
        to_py(py, &runtime)
    }

    /// ClawPanel's `ensureOwnedGatewayOrThrow(pid)`: the decision after refreshing or claiming; raises
    /// `ForeignGatewayError` (ClawPanel's exact text, `.details = {"decision", "evidence"}`) when foreign.
    #[pyo3(signature = (pid=None))]
    fn ensure_owned<'py>(
        &self,
        py: Python<'py>,
        pid: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let pid = pid_arg(pid)?;
        let decision = blocking(py, || self.gw().ensure_owned(pid))?;
        to_py(py, &decision)
    }

    /// Writes a fresh owner record when the gateway runs (`GatewayError`, code `GATEWAY_NOT_RUNNING`, otherwise).
    #[pyo3(signature = (pid=None))]
    fn claim<'py>(&self, py: Python<'py>, pid: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let pid = pid_arg(pid)?;
        let record = blocking(py, || self.gw().claim(pid))?;
        to_py(py, &record)
    }

    /// ClawPanel's `writeGatewayOwner(pid)`: writes a fresh record without checks (after starting the gateway).
    #[pyo3(signature = (pid=None))]
    fn write_owner<'py>(
        &self,
        py: Python<'py>,
        pid: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let pid = pid_arg(pid)?;
        let record = blocking(py, || self.gw().write_owner(pid))?;
        to_py(py, &record)
    }

    /// Claims the running gateway only when the evidence says it serves this install; raises
    /// `AdoptRefusedError` (`GATEWAY_ADOPT_REFUSED`, evidence in `.details`) otherwise.
    #[pyo3(signature = (pid=None))]
    fn adopt<'py>(&self, py: Python<'py>, pid: Option<&Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        let pid = pid_arg(pid)?;
        let record = blocking(py, || self.gw().adopt(pid))?;
        to_py(py, &record)
    }

    /// Reads the owner file: `{"status": "missing"}`, `{"status": "valid", "record": …}` or
    /// `{"status": "corrupt", "kind": …, "reason": …}`. Never writes.
    fn read_owner<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let outcome = blocking(py, || self.gw().read_owner())?;
        to_py(py, &outcome)
    }

    /// `read_owner()` as its canonical JSON string.
    fn read_owner_json(&self, py: Python<'_>) -> PyResult<String> {
        let outcome = blocking(py, || self.gw().read_owner())?;
        to_json(py, &outcome)
    }

    /// Removes the owner file (under the claim lock); whether a file was removed.
    fn clear_owner(&self, py: Python<'_>) -> PyResult<bool> {
        blocking(py, || self.gw().clear_owner())
    }

    /// Evidence about the gateway on this port: listeners, process identity, environment, lock files, installs,
    /// the owner record, and which install it serves with what confidence.
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let evidence = blocking(py, || self.gw().evidence())?;
        to_py(py, &evidence)
    }

    /// `evidence()` as its canonical JSON string.
    fn evidence_json(&self, py: Python<'_>) -> PyResult<String> {
        let evidence = blocking(py, || self.gw().evidence())?;
        to_json(py, &evidence)
    }

    /// Why the gateway is owned or foreign: `{"decision": …, "evidence": …}` (read-only).
    fn explain<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let explanation = blocking(py, || self.gw().explain())?;
        to_py(py, &explanation)
    }

    /// `explain()` as its canonical JSON string.
    fn explain_json(&self, py: Python<'_>) -> PyResult<String> {
        let explanation = blocking(py, || self.gw().explain())?;
        to_json(py, &explanation)
    }

    fn __repr__(&self) -> String {
        let gw = self.gw();
        format!(
            "Gateway(openclaw_dir={:?}, port={}, cli_path={:?})",
            gw.openclaw_dir().as_str(),
            gw.port(),
            gw.cli_path()
        )
    }
}

/// The pure ownership decision for a `DecideInput` dict (`ownerText`, `signature`, `runtime`, `home`, `cwd`,
/// `pathStyle`).
#[pyfunction]
pub(crate) fn decide_ownership<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let input = decide_input_arg(input)?;
    let decision = pure(py, || Ok(input.decide()))?;
    to_py(py, &decision)
}

/// `decide_ownership()` as its canonical JSON string.
#[pyfunction]
pub(crate) fn decide_ownership_json(py: Python<'_>, input: &Bound<'_, PyAny>) -> PyResult<String> {
    let input = decide_input_arg(input)?;
    let decision = pure(py, || Ok(input.decide()))?;
    to_json(py, &decision)
}

/// The bytes of `data` (`str` is taken as UTF-8).
fn bytes_arg<'a>(data: &'a Bound<'_, PyAny>) -> PyResult<&'a [u8]> {
    if let Ok(b) = data.cast::<PyBytes>() {
        return Ok(b.as_bytes());
    }
    if let Ok(s) = data.cast::<PyString>() {
        return Ok(s.to_str()?.as_bytes());
    }
    let type_name = data.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "data must be str or bytes, not {type_name}"
    )))
}

/// Parses the content of an owner file (either ClawPanel dialect, BOM, string ports…):
/// `{"status": "valid", "record": …}` or `{"status": "corrupt", "kind": …, "reason": …}`.
#[pyfunction]
pub(crate) fn parse_owner_record<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let bytes = bytes_arg(data)?;
    let outcome = pure(py, || Ok(parse_owner_bytes(bytes)))?;
    to_py(py, &outcome)
}

/// `parse_owner_record()` as its canonical JSON string.
#[pyfunction]
pub(crate) fn parse_owner_record_json(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let bytes = bytes_arg(data)?;
    let outcome = pure(py, || Ok(parse_owner_bytes(bytes)))?;
    to_json(py, &outcome)
}

/// Everything listening on TCP `port`: `{"port", "listeners": [{pid, localAddress, inode, uid, commandLine,
/// startTime, isGateway, source}]}`.
#[pyfunction]
pub(crate) fn probe_port<'py>(py: Python<'py>, port: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let port = required_port(port)?;
    let probe = blocking(py, || clawscope::gateway::probe::probe_port(port))?;
    to_py(py, &probe)
}

/// `probe_port()` as its canonical JSON string.
#[pyfunction]
pub(crate) fn probe_port_json(py: Python<'_>, port: &Bound<'_, PyAny>) -> PyResult<String> {
    let port = required_port(port)?;
    let probe = blocking(py, || clawscope::gateway::probe::probe_port(port))?;
    to_json(py, &probe)
}

/// Every OpenClaw install found from the process environment (or `env`, a `dict[str, str]`).
#[pyfunction]
#[pyo3(signature = (env=None))]
pub(crate) fn discover_installs<'py>(
    py: Python<'py>,
    env: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let env = env_arg(env)?;
    let installs = blocking(py, || clawscope::gateway::installs::discover_installs(&env))?;
    to_py(py, &installs)
}

/// `discover_installs()` as its canonical JSON string.
#[pyfunction]
#[pyo3(signature = (env=None))]
pub(crate) fn discover_installs_json(py: Python<'_>, env: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    let env = env_arg(env)?;
    let installs = blocking(py, || clawscope::gateway::installs::discover_installs(&env))?;
    to_json(py, &installs)
}

/// Evidence about the gateway on `port` and the install it serves (environment: the process's, or `env`).
#[pyfunction]
#[pyo3(signature = (port, env=None))]
pub(crate) fn gateway_evidence<'py>(
    py: Python<'py>,
    port: &Bound<'py, PyAny>,
    env: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let port = required_port(port)?;
    let env = env_arg(env)?;
    let evidence = blocking(py, || clawscope::gateway::evidence::gateway_evidence(&env, port))?;
    to_py(py, &evidence)
}

/// `gateway_evidence()` as its canonical JSON string.
#[pyfunction]
#[pyo3(signature = (port, env=None))]
pub(crate) fn gateway_evidence_json(
    py: Python<'_>,
    port: &Bound<'_, PyAny>,
    env: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let port = required_port(port)?;
    let env = env_arg(env)?;
    let evidence = blocking(py, || clawscope::gateway::evidence::gateway_evidence(&env, port))?;
    to_json(py, &evidence)
}

/// ClawPanel's exact foreign-gateway text for `port` (with ` (PID: n)` when `pid` is a positive int).
#[pyfunction]
#[pyo3(signature = (port, pid=None))]
pub(crate) fn foreign_gateway_message(
    port: &Bound<'_, PyAny>,
    pid: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let port = required_port(port)?;
    let pid = pid_arg(pid)?;
    Ok(clawscope::error::foreign_gateway_message(port, pid))
}
