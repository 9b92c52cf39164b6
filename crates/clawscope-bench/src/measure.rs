//! The measured operations. Each runs in its own child process (`clawscope-bench measure …`) so that the peak
//! resident set (`VmHWM`) belongs to that operation alone; the child prints one JSON line.

use std::time::Instant;

use camino::Utf8Path;
use clawscope::gateway::probe::{forget_socket_holders, probe_port};
use clawscope::state::StateDir;
use clawscope::state_detail::{EventQuery, SessionQuery, UsageQuery};
use clawscope_core::gateway::decide::{DecideInput, GatewaySignature, decide};
use clawscope_core::gateway::owner::parse_owner_record;
use clawscope_core::gateway::runtime::GatewayRuntime;
use clawscope_core::session_key::SessionKey;
use serde_json::{Value, json};

/// `VmHWM` (peak resident set) of this process, KiB.
pub(crate) fn hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn timed<T>(repeats: usize, mut f: impl FnMut() -> T) -> (Vec<f64>, T) {
    let mut ms = Vec::new();
    let mut last = None;
    for _ in 0..repeats.max(1) {
        let t0 = Instant::now();
        let value = f();
        ms.push(t0.elapsed().as_secs_f64() * 1e3);
        // The previous result is dropped after the clock stops: freeing it is not part of the measured call.
        last = Some(value);
    }
    (ms, last.expect("at least one repeat"))
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Runs measurement `what` with `args`; returns the JSON line.
pub(crate) fn run(what: &str, args: &[String]) -> Result<Value, String> {
    let arg = |i: usize| {
        args.get(i)
            .cloned()
            .ok_or_else(|| format!("missing argument {i} for {what}"))
    };
    let start_hwm = hwm_kib();
    let out = match what {
        // B1: the last 50 history events of the session `agent:agent-00:main`.
        "b1" => {
            let state = StateDir::open(Utf8Path::new(&arg(0)?)).map_err(err)?;
            let repeats: usize = arg(1)?.parse().map_err(err)?;
            let query = EventQuery {
                limit: 50,
                ..EventQuery::default()
            };
            let (ms, rows) = timed(repeats, || state.events("agent:agent-00:main", &query));
            let rows = rows.map_err(err)?;
            json!({ "ms": ms, "count": rows.len() })
        }
        // B1, the reading part only: the last 50 non-empty lines, backwards, each parsed (what the Node baseline does).
        "b1-raw" => {
            let path = camino::Utf8PathBuf::from(arg(0)?);
            let repeats: usize = arg(1)?.parse().map_err(err)?;
            let (ms, n) = timed(repeats, || {
                clawscope::state::tail_lines(&path, 50, |_| 1).map(|t| {
                    t.lines
                        .iter()
                        .filter(|l| serde_json::from_slice::<Value>(&l.bytes).is_ok())
                        .count()
                })
            });
            json!({ "ms": ms, "count": n.map_err(err)? })
        }
        // B2: the usage scan of every transcript, split by agent over `threads` threads.
        "b2" => {
            let dir = arg(0)?;
            let threads: usize = arg(1)?.parse().map_err(err)?;
            let state = StateDir::open(Utf8Path::new(&dir)).map_err(err)?;
            let agents: Vec<String> = state.agents().map_err(err)?.into_iter().map(|a| a.id).collect();
            // One untimed read of every file first, so the single timed run sees a warm page cache like the
            // other measurements (and the Node baseline, which runs after it) instead of the disk.
            warm_page_cache(std::path::Path::new(&dir));
            let t0 = Instant::now();
            let (tokens, requests) = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads.max(1))
                    .map(|t| {
                        let mine: Vec<String> =
                            agents.iter().skip(t).step_by(threads.max(1)).cloned().collect();
                        let state = &state;
                        scope.spawn(move || {
                            let mut tokens = 0u64;
                            let mut requests = 0u64;
                            for agent in mine {
                                let query = UsageQuery {
                                    agent_id: Some(agent),
                                    ..UsageQuery::default()
                                };
                                if let Ok(report) = state.usage(&query) {
                                    tokens += report.totals.total_tokens;
                                    requests += report.totals.requests;
                                }
                            }
                            (tokens, requests)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or((0, 0)))
                    .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
            });
            json!({ "ms": [t0.elapsed().as_secs_f64() * 1e3], "tokens": tokens, "events": requests })
        }
        // B3: every session of every agent (store read), and the first page of the session list.
        "b3" => {
            let state = StateDir::open(Utf8Path::new(&arg(0)?)).map_err(err)?;
            let repeats: usize = arg(1)?.parse().map_err(err)?;
            let (ms, scan) = timed(repeats, || state.scan_all_sessions());
            let scan = scan.map_err(err)?;
            json!({ "ms": ms, "count": scan.sessions.len() })
        }
        // B3, what a dashboard's session list asks: `list_sessions` first page (12 items of all sessions, filtered,
        // sorted by activity; the page items' transcripts are read for their snippets).
        "b3-list" => {
            let state = StateDir::open(Utf8Path::new(&arg(0)?)).map_err(err)?;
            let repeats: usize = arg(1)?.parse().map_err(err)?;
            let (ms, page) = timed(repeats, || state.list_sessions(&SessionQuery::default()));
            json!({ "ms": ms, "count": page.map_err(err)?.len() })
        }
        // B4: probe_port through netlink / /proc; "b4-cold" forgets the remembered socket holder before each call
        // (a first probe: the full /proc/*/fd scan), "b4" keeps it (what a dashboard polling the port pays).
        "b4" | "b4-cold" => {
            let port: u16 = arg(0)?.parse().map_err(err)?;
            let repeats: usize = arg(1)?.parse().map_err(err)?;
            let cold = what == "b4-cold";
            let (ms, probe) = timed(repeats, || {
                if cold {
                    forget_socket_holders();
                }
                probe_port(port)
            });
            let probe = probe.map_err(err)?;
            json!({ "ms": ms, "count": probe.listeners.len(), "pids": probe.listeners.iter().map(|l| l.pid).collect::<Vec<_>>() })
        }
        // B4 baseline: spawn `ss -ltnp 'sport = :P'` and take the first `pid=` (ClawPanel, clawpanel-gateway.md §3.1).
        "b4-ss" => {
            let port: u16 = arg(0)?.parse().map_err(err)?;
            let repeats: usize = arg(1)?.parse().map_err(err)?;
            let (ms, pid) = timed(repeats, || ss_pid(port));
            json!({ "ms": ms, "count": usize::from(pid.is_some()), "pids": pid.into_iter().collect::<Vec<_>>() })
        }
        // B5 (Rust side): per-call cost of decide_ownership and parse_session_key.
        "b5" => {
            let calls: u32 = arg(0)?.parse().map_err(err)?;
            let record = parse_owner_record(
                br#"{"port":18789,"pid":4242,"openclawDir":"/home/li/.openclaw","startedBy":"clawpanel","cliPath":"/usr/bin/openclaw"}"#,
            );
            let sig = GatewaySignature::new(18789, "/home/li/.openclaw", Some("/usr/bin/openclaw".into()));
            let runtime = GatewayRuntime::running(Some(4242));
            let t0 = Instant::now();
            let mut owned = 0u32;
            for _ in 0..calls {
                owned += u32::from(
                    std::hint::black_box(decide(&record, &sig, &runtime)).owned_by_current_instance(),
                );
            }
            let decide_ns = t0.elapsed().as_secs_f64() * 1e9 / f64::from(calls);
            // What the bindings call: the owner file's text in, the decision out (parse + decide).
            let input = DecideInput {
                owner_text: Some(
                    r#"{"port":18789,"cliPath":null,"openclawDir":"/home/li/.openclaw","pid":4242,"startedAt":"2026-07-23T11:18:47.123Z","startedBy":"clawpanel"}"#.to_owned(),
                ),
                signature: GatewaySignature::new(18789, "/home/li/.openclaw", None),
                runtime: GatewayRuntime::running(Some(4243)),
                home: Some("/home/li".to_owned()),
                cwd: None,
                path_style: None,
            };
            let t0 = Instant::now();
            for _ in 0..calls {
                owned += u32::from(std::hint::black_box(&input).decide().owned_by_current_instance());
            }
            let decide_text_ns = t0.elapsed().as_secs_f64() * 1e9 / f64::from(calls);
            let t0 = Instant::now();
            let mut ok = 0u32;
            for _ in 0..calls {
                ok += u32::from(
                    std::hint::black_box(SessionKey::parse("agent:main:feishu:group:oc_abc:thread:42"))
                        .is_ok(),
                );
            }
            let key_ns = t0.elapsed().as_secs_f64() * 1e9 / f64::from(calls);
            json!({ "ms": [0.0], "decideNs": decide_ns, "decideTextNs": decide_text_ns, "parseKeyNs": key_ns, "count": owned.min(ok) })
        }
        other => return Err(format!("unknown measurement {other}")),
    };
    let mut out = out;
    out["hwmKib"] = json!(hwm_kib());
    out["startHwmKib"] = json!(start_hwm);
    Ok(out)
}

/// Reads every file under `dir` once (errors ignored).
fn warm_page_cache(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            warm_page_cache(&path);
        } else if let Ok(mut file) = std::fs::File::open(&path) {
            let _ = std::io::copy(&mut file, &mut std::io::sink());
        }
    }
}

fn ss_pid(port: u16) -> Option<u32> {
    let output = std::process::Command::new("ss")
        .args(["-ltnp", &format!("sport = :{port}")])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let at = text.find("pid=")?;
    let digits: String = text[at + 4..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|p| *p > 0)
}
