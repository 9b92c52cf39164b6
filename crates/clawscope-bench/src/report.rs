//! The result table, the machine description and `docs/performance.md`.

use std::fmt::Write as _;
use std::process::Command;

use camino::Utf8Path;
use serde_json::Value;

use crate::Options;

/// One line of the table.
pub(crate) struct Row {
    pub(crate) op: String,
    pub(crate) bytes: u64,
    pub(crate) ours_ms: f64,
    pub(crate) ours_peak_kib: u64,
    pub(crate) baseline_ms: Option<f64>,
    pub(crate) baseline_peak_kib: Option<u64>,
    pub(crate) baseline_label: String,
    pub(crate) note: String,
}

/// The median of a JSON array of numbers.
pub(crate) fn median(ms: &Value) -> f64 {
    let mut v: Vec<f64> = ms
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn growth(v: &Value) -> u64 {
    v["hwmKib"]
        .as_u64()
        .unwrap_or(0)
        .saturating_sub(v["startHwmKib"].as_u64().unwrap_or(0))
}

impl Row {
    pub(crate) fn new(op: &str, bytes: u64, ours: &Value, baseline: Option<Result<Value, String>>) -> Row {
        let mut row = Row {
            op: op.to_owned(),
            bytes,
            ours_ms: median(&ours["ms"]),
            ours_peak_kib: growth(ours),
            baseline_ms: None,
            baseline_peak_kib: None,
            baseline_label: "Node".into(),
            note: String::new(),
        };
        match baseline {
            Some(Ok(b)) => {
                row.baseline_ms = Some(if b["ms"].is_array() {
                    median(&b["ms"])
                } else {
                    b["ms"].as_f64().unwrap_or(f64::NAN)
                });
                row.baseline_peak_kib = b["hwmKib"].as_u64();
                let (oc, bc) = (
                    ours.get("count").or(ours.get("tokens")),
                    b.get("count").or(b.get("tokens")),
                );
                row.note = format!(
                    "result clawscope {} / baseline {}",
                    oc.unwrap_or(&Value::Null),
                    bc.unwrap_or(&Value::Null)
                );
            }
            Some(Err(e)) => row.note = format!("baseline failed: {e}"),
            None => row.baseline_label = "—".into(),
        }
        row
    }

    fn ratio(&self) -> Option<f64> {
        self.baseline_ms.map(|b| b / self.ours_ms)
    }
}

fn size(bytes: u64) -> String {
    if bytes == 0 {
        "—".into()
    } else if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

fn ms(v: f64) -> String {
    if v < 1.0 {
        format!("{:.1} µs", v * 1e3)
    } else {
        format!("{v:.1} ms")
    }
}

/// The Markdown table (also printed to the terminal).
pub(crate) fn table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| operation | data | clawscope | baseline | baseline time | ratio | clawscope peak growth | baseline peak RSS | note |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} | {:.1} MiB | {} | {} |",
            r.op,
            size(r.bytes),
            ms(r.ours_ms),
            r.baseline_label,
            r.baseline_ms.map_or("—".into(), ms),
            r.ratio().map_or("—".into(), |x| format!("{x:.1}×")),
            r.ours_peak_kib as f64 / 1024.0,
            r.baseline_peak_kib
                .map_or("—".into(), |k| format!("{:.0} MiB", k as f64 / 1024.0)),
            r.note
        );
    }
    t
}

/// The size of every file under `dir`.
pub(crate) fn tree_bytes(dir: &Utf8Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.as_std_path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(e.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}

fn command_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unavailable".into())
}

/// CPU, cores, memory, kernel, toolchain.
pub(crate) fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map_or("unknown", |l| l.trim_start_matches([' ', '\t', ':']));
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:").map(|v| v.trim().to_owned()))
        .unwrap_or_default();
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!(
        "- CPU: {cpu}\n- cores (nproc): {}\n- memory: {mem}\n- kernel: {}\n- rustc: {}\n- node: {}\n",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        kernel.trim(),
        command_line("rustc", &["--version"]),
        command_line("node", &["--version"]),
    )
}

/// Runs the bindings' bench scripts when present.
pub(crate) fn binding_benches() -> Vec<(String, String)> {
    let root = Utf8Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    // scripts/bench builds the Python binding into the repo's venv and names its interpreter here.
    let python = std::env::var("CLAWSCOPE_BENCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    for (name, cmd, script) in [
        ("Python", python.as_str(), "examples/python/bench_calls.py"),
        ("Node", "node", "examples/node/bench_calls.mjs"),
    ] {
        let path = root.join(script);
        if !path.is_file() {
            out.push((name.to_owned(), format!("not run: {script} is not present")));
            continue;
        }
        let result = Command::new(cmd).arg(&path).current_dir(&root).output();
        let text = match result {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().replace('\n', "; "),
            Ok(o) => format!(
                "binding not built or script failed: {}",
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
            ),
            Err(e) => format!("not run: {e}"),
        };
        out.push((name.to_owned(), text));
    }
    out
}

fn check(ok: bool) -> &'static str {
    if ok { "met" } else { "**missed**" }
}

/// Target verdicts computed from the rows.
fn verdicts(rows: &[Row], b5: &Value) -> String {
    let mut v = String::new();
    let largest = |prefix: &str| {
        rows.iter()
            .filter(|r| r.op.starts_with(prefix))
            .max_by_key(|r| r.bytes)
    };
    if let Some(r) = largest("B1 session") {
        let _ = writeln!(
            v,
            "- B1 ≤ 10 ms: {} ({}); ≥ 5× baseline: {} ({}); peak growth ≤ 16 MiB: {} ({:.1} MiB)",
            check(r.ours_ms <= 10.0),
            ms(r.ours_ms),
            check(r.ratio().is_some_and(|x| x >= 5.0)),
            r.ratio().map_or("—".into(), |x| format!("{x:.1}×")),
            check(r.ours_peak_kib <= 16 * 1024),
            r.ours_peak_kib as f64 / 1024.0
        );
    }
    if let Some(r) = rows.iter().find(|r| r.op.starts_with("B1 raw")) {
        let _ = writeln!(
            v,
            "- B1 reading part only (the same work as the baseline): {} vs {} ({})",
            ms(r.ours_ms),
            r.baseline_ms.map_or("—".into(), ms),
            r.ratio().map_or("—".into(), |x| format!("{x:.1}×"))
        );
    }
    if let Some(r) = rows
        .iter()
        .filter(|r| r.op.starts_with("B2 usage scan, 200 files, 1 thread"))
        .max_by_key(|r| r.bytes)
    {
        let mbps = r.bytes as f64 / 1e6 / (r.ours_ms / 1e3);
        let _ = writeln!(
            v,
            "- B2 ≥ 300 MB/s on one core: {} ({mbps:.0} MB/s); ≥ 4× baseline: {} ({})",
            check(mbps >= 300.0),
            check(r.ratio().is_some_and(|x| x >= 4.0)),
            r.ratio().map_or("—".into(), |x| format!("{x:.1}×"))
        );
    }
    if let Some(r) = rows.iter().find(|r| r.op.contains("threads")) {
        let _ = writeln!(
            v,
            "- B2 scaling: {:.2}× faster with more threads ({} vs {} on one thread)",
            r.ratio().unwrap_or(f64::NAN),
            ms(r.ours_ms),
            r.baseline_ms.map_or("—".into(), ms)
        );
    }
    if let Some(r) = rows.iter().find(|r| r.op.contains("JSON stores")) {
        let _ = writeln!(
            v,
            "- B3 ≤ 100 ms: {} ({}); ≥ 2× baseline: {} ({})",
            check(r.ours_ms <= 100.0),
            ms(r.ours_ms),
            check(r.ratio().is_some_and(|x| x >= 2.0)),
            r.ratio().map_or("—".into(), |x| format!("{x:.1}×"))
        );
    }
    if let Some(r) = rows.iter().find(|r| r.op.contains("SQLite stores")) {
        let _ = writeln!(
            v,
            "- B3 SQLite ≤ 100 ms: {} ({})",
            check(r.ours_ms <= 100.0),
            ms(r.ours_ms)
        );
    }
    for r in rows
        .iter()
        .filter(|r| r.op.starts_with("B4") && r.baseline_label.starts_with("Rust spawn"))
    {
        let _ = writeln!(
            v,
            "- {} ≥ 10× a spawn of `ss`: {} ({} vs {}, {})",
            r.op,
            check(r.ratio().is_some_and(|x| x >= 10.0)),
            ms(r.ours_ms),
            r.baseline_ms.map_or("—".into(), ms),
            r.ratio().map_or("—".into(), |x| format!("{x:.1}×"))
        );
    }
    let _ = writeln!(
        v,
        "- B5 (Rust, for reference): decide {:.0} ns/call (owner text → decision, what the bindings call: {:.0} ns), parse_session_key {:.0} ns/call; the < 5 µs target is for the bindings (below)",
        b5["decideNs"].as_f64().unwrap_or(f64::NAN),
        b5["decideTextNs"].as_f64().unwrap_or(f64::NAN),
        b5["parseKeyNs"].as_f64().unwrap_or(f64::NAN)
    );
    v
}

fn curve(rows: &[Row], prefix: &str) -> String {
    let mut c = String::from("| data | clawscope | per MiB | baseline |\n|---|---|---|---|\n");
    for r in rows.iter().filter(|r| r.op.starts_with(prefix)) {
        let _ = writeln!(
            c,
            "| {} | {} | {} | {} |",
            size(r.bytes),
            ms(r.ours_ms),
            ms(r.ours_ms / (r.bytes as f64 / (1024.0 * 1024.0))),
            r.baseline_ms.map_or("—".into(), ms)
        );
    }
    c
}

/// `docs/performance.md`.
pub(crate) fn markdown(
    machine: &str,
    table: &str,
    rows: &[Row],
    b5: &Value,
    bindings: &[(String, String)],
    o: &Options,
) -> String {
    let notes = std::fs::read_to_string(Utf8Path::new(env!("CARGO_MANIFEST_DIR")).join("notes.md"))
        .unwrap_or_default();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Performance\n\n<!-- Generated by scripts/bench (crates/clawscope-bench); edit crates/clawscope-bench/notes.md for the analysis. -->\n"
    );
    let _ = writeln!(
        md,
        "Run: `scripts/bench{}` ({} thread(s) for the scaling row). Each clawscope measurement runs in a fresh child process; \"peak growth\" is that process's `VmHWM` minus its `VmHWM` before the measured work. Baselines are Node re-creations of today's dashboards (`crates/clawscope-bench/baselines/`), run on the same data in the same run; their peak is the whole Node process's `VmHWM`. Times are medians of repeated runs with a warm page cache (B2: one run).\n",
        if o.quick { " --quick" } else { "" },
        o.threads
    );
    let _ = writeln!(
        md,
        "## Machine\n\n{machine}\n## Results\n\n{table}\n## Targets\n\n{}",
        verdicts(rows, b5)
    );
    let _ = writeln!(
        md,
        "## B6 scaling\n\nB1 (tail, must stay flat):\n\n{}\nB2 (full scan, must be linear):\n\n{}",
        curve(rows, "B1 session"),
        curve(rows, "B2 usage scan, 200 files, 1 thread")
    );
    let _ = writeln!(md, "## B5 binding overhead\n");
    for (name, text) in bindings {
        let _ = writeln!(md, "- {name}: {text}");
    }
    let _ = writeln!(md, "\n{notes}");
    md
}
