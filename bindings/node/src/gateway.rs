//! The gateway: the `Gateway` class (`clawscope::gateway::Gateway`), the pure ownership decision, owner-record
//! parsing, the port probe, listener parsers, installs and evidence.

use std::collections::BTreeMap;
use std::sync::Arc;

use clawscope::Env as CoreEnv;
use clawscope::gateway::decide::decide_with;
use clawscope::gateway::listeners::{ListenerFormat, listening_pids, parse_listeners};
use clawscope::gateway::owner::OwnerReadOutcome;
use clawscope::gateway::runtime::GatewayRuntime;
use clawscope::gateway::{FsResolver, Gateway as CoreGateway, GatewayOptions};
use clawscope::paths::PathContext;
use napi::bindgen_prelude::{
    AsyncTask, Buffer, Either, JsObjectValue, JsValue, Object, ToNapiValue, TypeName, Unknown, ValueType,
};
use napi::{Env, Task};
use napi_derive::napi;
use serde_json::Value;

use crate::args;
use crate::errors::{Failure, Outcome, guard, guard_core, js_error, to_json, to_json_string};

/// Reads the `env` option (`{vars, home, cwd, tempDir}`): an explicit environment snapshot instead of the process's.
/// Only the given variables are in it, and a home/cwd only when given; the temp dir (unless given), the user id and
/// the OS family are this process's. Absent: the process environment (`clawscope::env::from_process`).
pub(crate) fn env_option(env: Env, options: Option<&Object<'_>>) -> Outcome<CoreEnv> {
    let Some(raw) = options.map(|o| args::prop(o, "env")).transpose()?.flatten() else {
        return Ok(clawscope::env::from_process());
    };
    let Some(snapshot) = args::opt_object("env", Some(raw))? else {
        return Ok(clawscope::env::from_process());
    };
    let mut core = CoreEnv::default()
        .with_os(clawscope::env::os_family())
        .with_home(args::opt_string("env.home", args::prop(&snapshot, "home")?)?.map(Into::into));
    if let Some(cwd) = args::opt_string("env.cwd", args::prop(&snapshot, "cwd")?)? {
        core = core.with_cwd(cwd);
    }
    let temp = args::opt_string("env.tempDir", args::prop(&snapshot, "tempDir")?)?;
    let temp = temp
        .map(camino::Utf8PathBuf::from)
        .or_else(|| camino::Utf8PathBuf::from_path_buf(std::env::temp_dir()).ok());
    if let Some(temp) = temp {
        core = core.with_temp_dir(temp);
    }
    if let Some(uid) = clawscope::env::current_uid() {
        core = core.with_uid(uid);
    }
    if let Some(vars) = args::opt_object("env.vars", args::prop(&snapshot, "vars")?)? {
        let vars: BTreeMap<String, String> = env.from_js_value(vars).map_err(|e| {
            Failure::Core(clawscope::Error::invalid_argument(
                "env.vars",
                format!("must map names to strings: {e}"),
            ))
        })?;
        for (k, v) in vars {
            core = core.with_var(k, v);
        }
    }
    Ok(core)
}

/// Reads a `{running, pid, commandLine, isGateway}` object.
fn runtime_arg(name: &str, value: Unknown<'_>) -> Outcome<GatewayRuntime> {
    let Some(object) = args::opt_object(name, Some(value))? else {
        return Err(Failure::Core(clawscope::Error::invalid_argument(
            name,
            "a runtime object is required",
        )));
    };
    let running = object.get_named_property::<Unknown<'_>>("running")?;
    if running.get_type()? != ValueType::Boolean {
        return Err(Failure::Core(clawscope::Error::invalid_argument(
            format!("{name}.running"),
            "must be a boolean",
        )));
    }
    let is_gateway = object.get_named_property::<Unknown<'_>>("isGateway")?;
    let is_gateway = match is_gateway.get_type()? {
        ValueType::Undefined | ValueType::Null => None,
        ValueType::Boolean => Some(is_gateway.coerce_to_bool()?),
        _ => {
            return Err(Failure::Core(clawscope::Error::invalid_argument(
                format!("{name}.isGateway"),
                "must be a boolean or null",
            )));
        }
    };
    Ok(GatewayRuntime {
        running: running.coerce_to_bool()?,
        pid: args::opt_pid(args::prop(&object, "pid")?)?,
        command_line: args::opt_string("commandLine", args::prop(&object, "commandLine")?)?,
        is_gateway,
    })
}

/// The owner record argument of `decideRecord`: `null`/`undefined` (no file), the file's text, or an object (any
/// record shape: ClawPanel's camelCase, the Tauri snake case, or what `readOwner()` returned).
fn owner_arg(env: Env, owner: Option<Unknown<'_>>) -> Outcome<OwnerReadOutcome> {
    let Some(owner) = owner else {
        return Ok(OwnerReadOutcome::Missing);
    };
    match owner.get_type()? {
        ValueType::Undefined | ValueType::Null => Ok(OwnerReadOutcome::Missing),
        ValueType::String => {
            let text = owner.coerce_to_string()?.into_utf8()?.into_owned()?;
            Ok(clawscope::gateway::owner::parse_owner_record(text.as_bytes()))
        }
        ValueType::Object => {
            let value: Value = env.from_js_value(owner).map_err(|e| {
                Failure::Core(clawscope::Error::invalid_argument(
                    "owner",
                    format!("not JSON data: {e}"),
                ))
            })?;
            Ok(clawscope::gateway::owner::parse_owner_record(
                to_json_string(&value)?.as_bytes(),
            ))
        }
        _ => Err(Failure::Core(clawscope::Error::invalid_argument(
            "owner",
            "must be an owner record object, its JSON text, or null",
        ))),
    }
}

/// The gateway of one openclaw dir (`clawscope::gateway::Gateway`): its context (dir, config, port, CLI), the
/// owner file, the runtime probe, ClawPanel's status and ownership operations.
///
/// The settings are read once, when the object is built: build a new one to see a changed `openclaw.json`.
#[napi]
pub struct Gateway {
    inner: Arc<CoreGateway>,
    env: CoreEnv,
}

#[napi]
impl Gateway {
    /// `new Gateway({openclawDir, port, cliPath, configPath, env, runtime})`, all optional.
    ///
    /// The gateway is discovered like ClawPanel and OpenClaw do (`Gateway::discover_with`): the openclaw dir from
    /// `openclawDir`, else ClawPanel's panel config, `OPENCLAW_STATE_DIR`/`OPENCLAW_HOME`, `~/.openclaw`; the port
    /// from `port`, else `OPENCLAW_GATEWAY_PORT`, else `gateway.port`, else 18789; the CLI from `cliPath` (`''`:
    /// none), else the panel binding and the CLI search. `env` replaces the process environment by an explicit
    /// snapshot `{vars, home, cwd, tempDir}`; `runtime` (`{running, pid}`) replaces the port probe by a fixed
    /// answer, for callers that probe themselves.
    #[napi(
        constructor,
        catch_unwind,
        ts_args_type = "options?: { openclawDir?: string | null, port?: number | null, cliPath?: string | null, configPath?: string | null, env?: { vars?: Record<string, string>, home?: string | null, cwd?: string | null, tempDir?: string | null } | null, runtime?: { running: boolean, pid?: number | null, commandLine?: string | null, isGateway?: boolean | null } | null } | null"
    )]
    pub fn new(env: Env, options: Option<Unknown<'_>>) -> napi::Result<Self> {
        guard(env, || {
            let options = args::opt_object("options", options)?;
            let o = options.as_ref();
            let get = |key: &str| -> Outcome<Option<Unknown<'_>>> {
                o.map(|o| args::prop(o, key)).transpose().map(Option::flatten)
            };
            let openclaw_dir = args::opt_string("openclawDir", get("openclawDir")?)?;
            if let Some(dir) = openclaw_dir.as_deref().filter(|d| d.trim().is_empty()) {
                // Like `Gateway::new`: an empty dir would silently mean "the working directory".
                return Err(Failure::Core(clawscope::Error::invalid_path(
                    dir,
                    "empty openclaw dir",
                )));
            }
            let gateway_options = GatewayOptions {
                openclaw_dir: openclaw_dir.map(Into::into),
                port: args::opt_port(get("port")?)?,
                cli_path: args::opt_string("cliPath", get("cliPath")?)?,
                config_path: args::opt_string("configPath", get("configPath")?)?.map(Into::into),
            };
            let runtime = match get("runtime")? {
                Some(raw) if !matches!(raw.get_type()?, ValueType::Undefined | ValueType::Null) => {
                    Some(runtime_arg("runtime", raw)?)
                }
                _ => None,
            };
            let core_env = env_option(env, o)?;
            let mut gateway = CoreGateway::discover_with(&core_env, gateway_options)?;
            if let Some(runtime) = runtime {
                gateway = gateway.with_runtime_source(move |_: u16| Ok(runtime.clone()));
            }
            Ok(Gateway {
                inner: Arc::new(gateway),
                env: core_env,
            })
        })
    }

    /// The gateway port.
    #[napi(getter, catch_unwind)]
    pub fn port(&self) -> u32 {
        u32::from(self.inner.port())
    }

    /// Where the port came from: `'env'`, `'config'`, `'default'` or `'explicit'`.
    #[napi(
        getter,
        catch_unwind,
        ts_return_type = "'env' | 'config' | 'default' | 'explicit'"
    )]
    pub fn port_source(&self) -> String {
        serde_json::to_value(self.inner.port_source())
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The openclaw data dir (normalised, absolute).
    #[napi(getter, catch_unwind)]
    pub fn openclaw_dir(&self) -> String {
        self.inner.openclaw_dir().to_string()
    }

    /// The `openclaw.json` path.
    #[napi(getter, catch_unwind)]
    pub fn config_path(&self) -> String {
        self.inner.config_path().to_string()
    }

    /// The CLI path, or `null` when none is known.
    #[napi(getter, catch_unwind)]
    pub fn cli_path(&self) -> Option<String> {
        self.inner.cli_path().map(str::to_owned)
    }

    /// `<openclawDir>/gateway-owner.json`.
    #[napi(getter, catch_unwind)]
    pub fn owner_path(&self) -> String {
        self.inner.owner_path().to_string()
    }

    /// The current signature `{port, openclawDir, cliPath}`.
    #[napi(catch_unwind, ts_return_type = "GatewaySignature")]
    pub fn signature(&self, env: Env) -> napi::Result<Value> {
        guard(env, || to_json(&self.inner.signature()))
    }

    /// ClawPanel's `checkGateway()`: `{running, pid, manageable, commandLine, isGateway}` of the listener on the
    /// port (from the probe, or the fixed `runtime` option).
    #[napi(catch_unwind, ts_return_type = "GatewayCheck")]
    pub fn check(&self, env: Env) -> napi::Result<Value> {
        guard(env, || {
            let runtime = self.inner.runtime()?;
            let mut value = to_json(&runtime)?;
            if let Some(map) = value.as_object_mut() {
                map.insert("manageable".into(), Value::Bool(runtime.manageable()));
            }
            Ok(value)
        })
    }

    /// ClawPanel's service status: probes the port, decides, and — when running — refreshes the pid or
    /// auto-claims as the decision says. A failed owner-file write is reported in `owner_write_error`.
    #[napi(catch_unwind, ts_return_type = "ServiceStatus")]
    pub fn status(&self, env: Env) -> napi::Result<Value> {
        guard(env, || to_json(&self.inner.status()?))
    }

    /// `status()` as a Promise, computed off the JS thread.
    #[napi(catch_unwind, ts_return_type = "Promise<ServiceStatus>")]
    pub fn status_async(&self) -> AsyncTask<CoreTask> {
        let gateway = Arc::clone(&self.inner);
        AsyncTask::new(CoreTask::new(move || to_value(&gateway.status()?)))
    }

    /// `status()` as the canonical serde JSON string.
    #[napi(catch_unwind)]
    pub fn status_json(&self, env: Env) -> napi::Result<String> {
        guard(env, || to_json_string(&self.inner.status()?))
    }

    /// ClawPanel's `ensureOwnedGatewayOrThrow(pid)`: an owned record gets its pid refreshed, an auto-claimable one
    /// is claimed; a foreign gateway throws `GATEWAY_FOREIGN` with ClawPanel's exact text and
    /// `details = {decision, evidence}`. Without `pid`, the probe's pid is used.
    #[napi(
        catch_unwind,
        ts_args_type = "pid?: number | null",
        ts_return_type = "OwnershipDecision"
    )]
    pub fn ensure_owned(&self, env: Env, pid: Option<Unknown<'_>>) -> napi::Result<Value> {
        guard(env, || {
            let pid = args::opt_pid(pid)?;
            to_json(&self.inner.ensure_owned(pid)?)
        })
    }

    /// ClawPanel's `claim_gateway`: writes a fresh owner record unconditionally when the gateway runs (with `pid`,
    /// else the probe's); `GATEWAY_NOT_RUNNING` (`Gateway 未运行，无需认领`) otherwise.
    #[napi(
        catch_unwind,
        ts_args_type = "pid?: number | null",
        ts_return_type = "OwnerRecord"
    )]
    pub fn claim(&self, env: Env, pid: Option<Unknown<'_>>) -> napi::Result<Value> {
        guard(env, || {
            let pid = args::opt_pid(pid)?;
            to_json(&self.inner.claim(pid)?)
        })
    }

    /// ClawPanel's `writeGatewayOwner(pid)`: writes a fresh record for the current signature without checks
    /// (atomic, private, in both dialects), under the claim lock.
    #[napi(
        catch_unwind,
        ts_args_type = "pid?: number | null",
        ts_return_type = "OwnerRecord"
    )]
    pub fn write_owner(&self, env: Env, pid: Option<Unknown<'_>>) -> napi::Result<Value> {
        guard(env, || {
            let pid = args::opt_pid(pid)?;
            to_json(&self.inner.write_owner(pid)?)
        })
    }

    /// Reads the owner file: `{status: 'missing'}`, `{status: 'valid', record}` or
    /// `{status: 'corrupt', kind, reason}`. Never writes.
    #[napi(catch_unwind, ts_return_type = "OwnerReadOutcome")]
    pub fn read_owner(&self, env: Env) -> napi::Result<Value> {
        guard(env, || to_json(&self.inner.read_owner()?))
    }

    /// Removes the owner file under the claim lock; whether a file was removed.
    #[napi(catch_unwind)]
    pub fn clear_owner(&self, env: Env) -> napi::Result<bool> {
        guard(env, || Ok(self.inner.clear_owner()?))
    }

    /// The ownership decision for the current runtime. Read-only.
    #[napi(catch_unwind, ts_return_type = "OwnershipDecision")]
    pub fn decide(&self, env: Env) -> napi::Result<Value> {
        guard(env, || to_json(&self.inner.decide()?))
    }

    /// The ownership decision for a given owner record (an object of either dialect, the file's text, or `null` for
    /// "no file"), with the gateway taken as running with `pid` — the question behind ClawPanel's
    /// `isCurrentGatewayOwner`, `gatewayOwnerPidNeedsRefresh` and `shouldAutoClaimGateway`. Paths are compared like
    /// `decide()` (normalised, symlinks resolved). Read-only.
    #[napi(
        catch_unwind,
        ts_args_type = "owner: OwnerRecord | Record<string, unknown> | string | null | undefined, pid?: number | null",
        ts_return_type = "OwnershipDecision"
    )]
    pub fn decide_record(
        &self,
        env: Env,
        owner: Option<Unknown<'_>>,
        pid: Option<Unknown<'_>>,
    ) -> napi::Result<Value> {
        guard(env, || {
            let record = owner_arg(env, owner)?;
            let runtime = GatewayRuntime::running(args::opt_pid(pid)?);
            let paths = PathContext::from_env(&self.env);
            let decision = decide_with(
                &record,
                &self.inner.signature(),
                &runtime,
                &paths,
                Some(&FsResolver),
            );
            to_json(&decision)
        })
    }

    /// Evidence about the gateway on this port: listeners, process identity, environment, lock files, installs
    /// and the owner record, with the install it serves.
    #[napi(catch_unwind, ts_return_type = "GatewayEvidence")]
    pub fn evidence(&self, env: Env) -> napi::Result<Value> {
        guard(env, || to_json(&self.inner.evidence()?))
    }

    /// Why the gateway is owned or foreign: `{decision, evidence}`. Read-only.
    #[napi(catch_unwind, ts_return_type = "GatewayExplanation")]
    pub fn explain(&self, env: Env) -> napi::Result<Value> {
        guard(env, || to_json(&self.inner.explain()?))
    }

    /// Claims the running gateway only when the evidence says it serves this install; otherwise throws
    /// `GATEWAY_ADOPT_REFUSED` naming what it serves (evidence in `details`), or `GATEWAY_NOT_RUNNING`.
    #[napi(
        catch_unwind,
        ts_args_type = "pid?: number | null",
        ts_return_type = "OwnerRecord"
    )]
    pub fn adopt(&self, env: Env, pid: Option<Unknown<'_>>) -> napi::Result<Value> {
        guard(env, || {
            let pid = args::opt_pid(pid)?;
            to_json(&self.inner.adopt(pid)?)
        })
    }
}

/// A blocking clawscope call run on the libuv thread pool; its error becomes the same JS `Error` as the sync call.
pub struct CoreTask {
    job: Option<Box<dyn FnOnce() -> clawscope::Result<Value> + Send>>,
}

impl CoreTask {
    pub(crate) fn new(job: impl FnOnce() -> clawscope::Result<Value> + Send + 'static) -> Self {
        CoreTask {
            job: Some(Box::new(job)),
        }
    }

    /// A task that only reports `err` (an argument that failed validation rejects the Promise).
    pub(crate) fn failed(err: clawscope::Error) -> Self {
        CoreTask::new(move || Err(err))
    }
}

impl Task for CoreTask {
    type Output = clawscope::Result<Value>;
    type JsValue = JsonDocument;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        let job = self.job.take();
        Ok(guard_core(move || match job {
            Some(job) => job(),
            None => Err(clawscope::Error::Internal {
                message: "task run twice".into(),
            }),
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        output.map(JsonDocument).map_err(|err| js_error(env, &err))
    }
}

/// A serde JSON document resolved by a Promise (napi's `Value` conversion, with the type name tasks need).
pub struct JsonDocument(Value);

impl TypeName for JsonDocument {
    fn type_name() -> &'static str {
        "unknown"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ToNapiValue for JsonDocument {
    unsafe fn to_napi_value(env: napi::sys::napi_env, val: Self) -> napi::Result<napi::sys::napi_value> {
        // SAFETY: the same contract as the caller's: `env` is the live env of the resolving callback.
        unsafe { Value::to_napi_value(env, val.0) }
    }
}

/// serde JSON of a clawscope value, as a clawscope result (for tasks).
pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> clawscope::Result<Value> {
    serde_json::to_value(value).map_err(|e| clawscope::Error::Internal {
        message: format!("serialising a result: {e}"),
    })
}

/// The pure ownership decision (`DecideInput::decide`): `{ownerText, signature, runtime, home?, cwd?, pathStyle?}`
/// → `{ownership, action, reason, pid}`. Paths are compared lexically (no symlink resolution: use
/// `Gateway.decideRecord` for that). `signature.port` and `runtime.pid` are validated like every port and pid.
#[napi(
    catch_unwind,
    ts_args_type = "input: DecideInput",
    ts_return_type = "OwnershipDecision"
)]
pub fn decide_ownership<'env>(env: &'env Env, input: Option<Unknown<'_>>) -> napi::Result<Unknown<'env>> {
    guard(*env, || {
        let input = crate::decide_input::decide_input(*env, input)?;
        // Built directly by napi's serde serializer (no `serde_json::Value` in between): for this document — fixed
        // keys, small integers, strings, `null`s — the same object as the `Value` conversion.
        Ok(env.to_js_value(&input.decide())?)
    })
}

/// Parses the bytes (or text) of a `gateway-owner.json` of either ClawPanel dialect: `{status: 'valid', record}`
/// or `{status: 'corrupt', kind, reason}`; never throws on bad content.
#[napi(
    catch_unwind,
    ts_args_type = "data: string | Uint8Array",
    ts_return_type = "OwnerReadOutcome"
)]
#[allow(clippy::needless_pass_by_value)] // napi hands arguments over by value
pub fn parse_owner_record(env: Env, data: Either<String, Buffer>) -> napi::Result<Value> {
    guard(env, || {
        let outcome = match &data {
            Either::A(text) => clawscope::gateway::owner::parse_owner_record(text.as_bytes()),
            Either::B(bytes) => clawscope::gateway::owner::parse_owner_record(bytes),
        };
        to_json(&outcome)
    })
}

/// Everything listening on TCP `port` (IPv4 and IPv6) with pid, command line, start time and whether it is a
/// gateway. Nothing listening gives `{port, listeners: []}`.
#[napi(catch_unwind, ts_args_type = "port: number", ts_return_type = "PortProbe")]
pub fn probe_port(env: Env, port: Option<Unknown<'_>>) -> napi::Result<Value> {
    guard(env, || {
        let port = args::port(port)?;
        to_json(&clawscope::gateway::probe::probe_port(port)?)
    })
}

/// `probePort` as a Promise, computed off the JS thread; a bad port rejects with `INVALID_PORT`.
#[napi(
    catch_unwind,
    ts_args_type = "port: number",
    ts_return_type = "Promise<PortProbe>"
)]
pub fn probe_port_async(port: Option<Unknown<'_>>) -> AsyncTask<CoreTask> {
    let task = match port_for_task(port) {
        Ok(port) => CoreTask::new(move || to_value(&clawscope::gateway::probe::probe_port(port)?)),
        Err(err) => CoreTask::failed(err),
    };
    AsyncTask::new(task)
}

/// A validated port, or the clawscope error to reject with.
fn port_for_task(port: Option<Unknown<'_>>) -> clawscope::Result<u16> {
    match args::port(port) {
        Ok(p) => Ok(p),
        Err(Failure::Core(e)) => Err(e),
        Err(Failure::Napi(e)) => Err(clawscope::Error::invalid_argument("port", e.reason.clone())),
    }
}

/// The format names of `parseListeners`.
fn listener_format(format: &str) -> Outcome<ListenerFormat> {
    serde_json::from_value(Value::String(format.to_owned())).map_err(|_| {
        Failure::Core(clawscope::Error::invalid_argument(
            "format",
            format!("unknown listener format {format:?}: one of ss, lsof_pids, lsof, proc_net_tcp, proc_net_tcp6, netstat"),
        ))
    })
}

/// Parses a command output (`ss -ltnp`, `lsof -t`, `lsof -iTCP -sTCP:LISTEN`, `/proc/net/tcp{,6}`, Windows
/// `netstat -ano` in English or Chinese), keeping listeners on `port` (all when absent).
#[napi(
    js_name = "parseListeners",
    catch_unwind,
    ts_args_type = "format: 'ss' | 'lsof_pids' | 'lsof' | 'proc_net_tcp' | 'proc_net_tcp6' | 'netstat', text: string, port?: number | null",
    ts_return_type = "Listener[]"
)]
pub fn parse_listeners_output(
    env: Env,
    format: Option<Unknown<'_>>,
    text: Option<Unknown<'_>>,
    port: Option<Unknown<'_>>,
) -> napi::Result<Value> {
    guard(env, || {
        let format = listener_format(&args::string("format", format)?)?;
        let text = args::string("text", text)?;
        let port = args::opt_port(port)?;
        to_json(&parse_listeners(format, &text, port))
    })
}

/// The distinct listening pids (ascending) of a command output: `parseListeners` + `listeningPids` in one call.
/// ClawPanel's `parseWindowsListeningPids(output, port)` is `listeningPids('netstat', output, port)`.
#[napi(
    js_name = "listeningPids",
    catch_unwind,
    ts_args_type = "format: 'ss' | 'lsof_pids' | 'lsof' | 'proc_net_tcp' | 'proc_net_tcp6' | 'netstat', text: string, port?: number | null"
)]
pub fn listening_pids_of(
    env: Env,
    format: Option<Unknown<'_>>,
    text: Option<Unknown<'_>>,
    port: Option<Unknown<'_>>,
) -> napi::Result<Vec<u32>> {
    guard(env, || {
        let format = listener_format(&args::string("format", format)?)?;
        let text = args::string("text", text)?;
        let port = args::opt_port(port)?;
        Ok(listening_pids(&parse_listeners(format, &text, port)))
    })
}

/// Every OpenClaw install found on this machine (state dir, config, port and its source, CLIs, services, whether
/// ClawPanel points at it). `options.env` replaces the process environment.
#[napi(
    catch_unwind,
    ts_args_type = "options?: { env?: { vars?: Record<string, string>, home?: string | null, cwd?: string | null, tempDir?: string | null } | null } | null",
    ts_return_type = "Install[]"
)]
pub fn discover_installs(env: Env, options: Option<Unknown<'_>>) -> napi::Result<Value> {
    guard(env, || {
        let options = args::opt_object("options", options)?;
        let core_env = env_option(env, options.as_ref())?;
        to_json(&clawscope::gateway::installs::discover_installs(&core_env)?)
    })
}

/// Evidence about the gateway on `port` (listeners, identity, environment, lock files, installs) and the install
/// it serves, with a confidence. `options.env` replaces the process environment.
#[napi(
    catch_unwind,
    ts_args_type = "port: number, options?: { env?: { vars?: Record<string, string>, home?: string | null, cwd?: string | null, tempDir?: string | null } | null } | null",
    ts_return_type = "GatewayEvidence"
)]
pub fn gateway_evidence(
    env: Env,
    port: Option<Unknown<'_>>,
    options: Option<Unknown<'_>>,
) -> napi::Result<Value> {
    guard(env, || {
        let port = args::port(port)?;
        let options = args::opt_object("options", options)?;
        let core_env = env_option(env, options.as_ref())?;
        to_json(&clawscope::gateway::evidence::gateway_evidence(&core_env, port)?)
    })
}

/// `gatewayEvidence(port)` (process environment) as a Promise; a bad port rejects with `INVALID_PORT`.
#[napi(
    catch_unwind,
    ts_args_type = "port: number",
    ts_return_type = "Promise<GatewayEvidence>"
)]
pub fn gateway_evidence_async(port: Option<Unknown<'_>>) -> AsyncTask<CoreTask> {
    let task = match port_for_task(port) {
        Ok(port) => CoreTask::new(move || {
            let core_env = clawscope::env::from_process();
            to_value(&clawscope::gateway::evidence::gateway_evidence(&core_env, port)?)
        }),
        Err(err) => CoreTask::failed(err),
    };
    AsyncTask::new(task)
}

/// ClawPanel's exact foreign-gateway text for `port` (with ` (PID: N)` when `pid` is given).
#[napi(catch_unwind, ts_args_type = "port: number, pid?: number | null")]
pub fn foreign_gateway_message(
    env: Env,
    port: Option<Unknown<'_>>,
    pid: Option<Unknown<'_>>,
) -> napi::Result<String> {
    guard(env, || {
        let port = args::port(port)?;
        let pid = args::opt_pid(pid)?;
        Ok(clawscope::error::foreign_gateway_message(port, pid))
    })
}

/// The `GATEWAY_FOREIGN` error object (not thrown) for `port` and `pid`: ClawPanel's exact text, `.code`, and
/// `.details` undefined — what `Gateway.ensureOwned` throws, minus the evidence.
#[napi(
    catch_unwind,
    ts_args_type = "port: number, pid?: number | null",
    ts_return_type = "Error & { code: 'GATEWAY_FOREIGN', details: unknown }"
)]
pub fn foreign_gateway_error<'env>(
    env: &'env Env,
    port: Option<Unknown<'_>>,
    pid: Option<Unknown<'_>>,
) -> napi::Result<Object<'env>> {
    let err = guard(*env, || {
        let port = args::port(port)?;
        let pid = args::opt_pid(pid)?;
        Ok(clawscope::Error::foreign_gateway(port, pid))
    })?;
    crate::errors::js_error_value(env, &err)
}
