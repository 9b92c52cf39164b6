//! `clawscope-bench`: measures clawscope against faithful re-creations of how today's dashboards read the same
//! data (Node baselines in `crates/clawscope-bench/baselines/`), on generated data, in one run, and prints the
//! table (and writes `docs/performance.md` with `--out`).
//!
//! ```text
//! clawscope-bench [--quick] [--threads N] [--data DIR] [--out FILE]
//! clawscope-bench measure <b1|b2|b3|b4|b4-cold|b4-ss|b5> ARGS…   (internal: one measurement in a fresh process)
//! ```

// Byte counts and KiB become f64 only for display; the orchestration functions read top to bottom as the list
// of benchmarks.
#![allow(clippy::cast_precision_loss, clippy::too_many_lines)]

mod data;
mod measure;
mod report;

use std::process::Command;

use camino::{Utf8Path, Utf8PathBuf};
use serde_json::Value;

const MIB: u64 = 1024 * 1024;
const SEED: u64 = 0x00c1_a550_5c0b_e5e5;

/// Command-line options.
struct Options {
    quick: bool,
    threads: usize,
    data: Utf8PathBuf,
    out: Option<Utf8PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        quick: false,
        threads: 2,
        data: "bench-data".into(),
        out: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--threads" => o.threads = it.next().and_then(|t| t.parse().ok()).ok_or("--threads N")?,
            "--data" => o.data = it.next().ok_or("--data DIR")?.into(),
            "--out" => o.out = Some(it.next().ok_or("--out FILE")?.into()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

/// Runs `clawscope-bench measure …` in a child process and parses its JSON line.
fn child(what: &str, args: &[String]) -> Result<Value, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .arg("measure")
        .arg(what)
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{what}: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("{what}: {e}"))
}

/// Runs a Node baseline script; `None` when Node is missing.
fn node(script: &str, args: &[String]) -> Option<Result<Value, String>> {
    let dir = Utf8Path::new(env!("CARGO_MANIFEST_DIR")).join("baselines");
    let out = Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return Some(Err(String::from_utf8_lossy(&out.stderr).trim().to_owned()));
    }
    Some(serde_json::from_slice(&out.stdout).map_err(|e| e.to_string()))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("measure") {
        let what = args.get(1).cloned().unwrap_or_default();
        match measure::run(&what, args.get(2..).unwrap_or_default()) {
            Ok(v) => println!("{v}"),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let options = match parse_args(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("clawscope-bench: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&options) {
        eprintln!("clawscope-bench: {e}");
        std::process::exit(1);
    }
}

fn run(o: &Options) -> Result<(), String> {
    std::fs::create_dir_all(&o.data).map_err(|e| e.to_string())?;
    let data = Utf8PathBuf::from_path_buf(std::fs::canonicalize(&o.data).map_err(|e| e.to_string())?)
        .map_err(|_| "non-UTF-8 data dir")?;
    let sizes: Vec<u64> = if o.quick {
        vec![MIB, 16 * MIB]
    } else {
        vec![MIB, 16 * MIB, 256 * MIB, 1024 * MIB]
    };
    let mut rows = Vec::new();
    let t0 = std::time::Instant::now();
    eprintln!("generating data under {data} …");
    let mut b1_states = Vec::new();
    let mut b2_states = Vec::new();
    for &size in &sizes {
        b1_states.push((
            size,
            data::transcript_state(&data, &format!("b1-{}m", size / MIB), size, 1, 1, SEED)
                .map_err(|e| e.to_string())?,
        ));
        b2_states.push((
            size,
            data::transcript_state(&data, &format!("b2-{}m", size / MIB), size, 200, 20, SEED)
                .map_err(|e| e.to_string())?,
        ));
    }
    let per_agent = if o.quick { 50 } else { 500 };
    let (b3_json, b3_sqlite) = data::listing_states(&data, per_agent, SEED).map_err(|e| e.to_string())?;
    eprintln!("data ready in {:.1} s", t0.elapsed().as_secs_f64());

    for (size, dir) in &b1_states {
        eprintln!("B1 {} MiB …", size / MIB);
        let ours = child("b1", &[dir.to_string(), "20".into()])?;
        let file = dir.join(format!("agents/agent-00/sessions/{}.jsonl", data::session_id(0)));
        let base = node("b1_tail.mjs", &[file.to_string(), "50".into(), "5".into()]);
        rows.push(report::Row::new(
            "B1 session-detail tail (last 50 events)",
            *size,
            &ours,
            base,
        ));
        if *size == *sizes.last().unwrap_or(&0) {
            let raw = child("b1-raw", &[file.to_string(), "20".into()])?;
            let base = node("b1_tail.mjs", &[file.to_string(), "50".into(), "5".into()]);
            rows.push(report::Row::new(
                "B1 raw tail only (tail_lines + JSON parse of 50 lines)",
                *size,
                &raw,
                base,
            ));
        }
    }
    for (size, dir) in &b2_states {
        eprintln!("B2 {} MiB …", size / MIB);
        let ours = child("b2", &[dir.to_string(), "1".into()])?;
        let base = node("b2_usage.mjs", &[dir.to_string()]);
        rows.push(report::Row::new(
            "B2 usage scan, 200 files, 1 thread",
            *size,
            &ours,
            base,
        ));
        if *size == *sizes.last().unwrap_or(&0) && o.threads > 1 {
            let par = child("b2", &[dir.to_string(), o.threads.to_string()])?;
            let mut row = report::Row::new(
                &format!("B2 usage scan, {} threads", o.threads),
                *size,
                &par,
                None,
            );
            row.baseline_ms = Some(report::median(&ours["ms"]));
            row.baseline_label = "clawscope, 1 thread".into();
            rows.push(row);
        }
    }
    eprintln!("B3 …");
    let b3_bytes = report::tree_bytes(&b3_json);
    let ours = child("b3", &[b3_json.to_string(), "10".into()])?;
    let base = node("b3_list.mjs", &[b3_json.to_string(), "10".into()]);
    rows.push(report::Row::new(
        &format!("B3 list {} sessions, 20 agents, JSON stores", per_agent * 20),
        b3_bytes,
        &ours,
        base,
    ));
    let ours = child("b3", &[b3_sqlite.to_string(), "10".into()])?;
    rows.push(report::Row::new(
        &format!("B3 list {} sessions, 20 agents, SQLite stores", per_agent * 20),
        report::tree_bytes(&b3_sqlite),
        &ours,
        None,
    ));
    for (label, dir) in [("JSON", &b3_json), ("SQLite", &b3_sqlite)] {
        let ours = child("b3-list", &[dir.to_string(), "10".into()])?;
        rows.push(report::Row::new(
            &format!(
                "B3 `list_sessions` first page of {} sessions, {label} (filter, sort, 12 snippets)",
                per_agent * 20
            ),
            report::tree_bytes(dir),
            &ours,
            None,
        ));
    }
    eprintln!("B4 …");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener
        .local_addr()
        .map_err(|e| e.to_string())?
        .port()
        .to_string();
    let cold = child("b4-cold", &[port.clone(), "200".into()])?;
    let warm = child("b4", &[port.clone(), "200".into()])?;
    let ss = child("b4-ss", &[port.clone(), "50".into()])?;
    let node_ss = node("b4_ss.mjs", &[port.clone(), "50".into()]);
    let mut row = report::Row::new(
        "B4 first probe of a port (nothing remembered: /proc scan, newest first)",
        0,
        &cold,
        node_ss,
    );
    row.baseline_label = "Node `execSync(ss …)` (ClawPanel)".into();
    rows.push(row);
    for (label, ours) in [
        (
            "B4 first probe of a port (nothing remembered: /proc scan, newest first)",
            &cold,
        ),
        ("B4 repeated probe (remembered holder, re-checked)", &warm),
    ] {
        let mut row = report::Row::new(label, 0, ours, None);
        row.baseline_ms = Some(report::median(&ss["ms"]));
        row.baseline_label = "Rust spawn `ss -ltnp` + parse".into();
        row.note = format!("pids found: clawscope {} / ss {}", ours["pids"], ss["pids"]);
        rows.push(row);
    }
    drop(listener);
    eprintln!("B5 …");
    let b5 = child("b5", &["1000000".into()])?;
    let bindings = report::binding_benches();

    let machine = report::machine();
    let table = report::table(&rows);
    println!("{machine}\n{table}");
    println!(
        "B5 Rust: decide {:.0} ns/call, parse_session_key {:.0} ns/call",
        b5["decideNs"].as_f64().unwrap_or(0.0),
        b5["parseKeyNs"].as_f64().unwrap_or(0.0)
    );
    for (name, result) in &bindings {
        println!("B5 {name}: {result}");
    }
    if let Some(out) = &o.out {
        let md = report::markdown(&machine, &table, &rows, &b5, &bindings, o);
        std::fs::write(out, md).map_err(|e| e.to_string())?;
        eprintln!("wrote {out}");
    }
    eprintln!("total {:.0} s", t0.elapsed().as_secs_f64());
    Ok(())
}
