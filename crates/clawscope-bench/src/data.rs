//! Deterministic data generation: transcripts, state dirs with JSON and SQLite stores. Files are reused when a
//! `.done` marker records the same seed and size.

use std::fmt::Write as _;
use std::fs;
use std::io::Write;

use camino::{Utf8Path, Utf8PathBuf};

/// A small xorshift generator (deterministic across runs and machines).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const WORDS: [&str; 16] = [
    "gateway", "session", "deploy", "the", "script", "failed", "with", "exit", "code", "retry", "feishu",
    "build", "agent", "token", "please", "check",
];

fn words(rng: &mut Rng, n: u64, out: &mut String) {
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[usize::try_from(rng.below(16)).unwrap_or(0)]);
    }
}

/// The session id of transcript `i`.
pub(crate) fn session_id(i: usize) -> String {
    format!("0199a1b2-c3d4-7e5f-8a6b-{i:012}")
}

/// Appends one turn (user, assistant tool call, tool result, assistant text) to `out`.
fn turn(rng: &mut Rng, n: &mut u64, out: &mut String) {
    let ts = |k: u64| {
        let ms = 1_790_000_000_000_u64 + k * 1500;
        let secs = ms / 1000;
        format!(
            "2026-09-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            21 + (secs / 86_400) % 7,
            (secs / 3600) % 24,
            (secs / 60) % 60,
            secs % 60,
            ms % 1000
        )
    };
    let id = |k: u64| format!("{k:08x}");
    let mut text = String::new();
    let n_words = 10 + rng.below(60);
    words(rng, n_words, &mut text);
    let k = *n;
    let _ = writeln!(
        out,
        r#"{{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"user","content":[{{"type":"text","text":"{text}"}}],"timestamp":{}}}}}"#,
        id(k + 1),
        id(k),
        ts(k),
        1_790_000_000_000_u64 + k * 1500
    );
    let (input, output) = (100 + rng.below(5000), 10 + rng.below(800));
    let _ = writeln!(
        out,
        r#"{{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"assistant","content":[{{"type":"toolCall","id":"call_{k}","name":"exec","arguments":{{"command":"sh run.sh {k}"}}}}],"api":"openai-responses","provider":"openai","model":"gpt-5.2","usage":{{"input":{input},"output":{output},"cacheRead":0,"cacheWrite":0,"totalTokens":{},"cost":{{"input":0.001,"output":0.002,"cacheRead":0,"cacheWrite":0,"total":0.003}}}},"stopReason":"toolUse","timestamp":{}}}}}"#,
        id(k + 2),
        id(k + 1),
        ts(k + 1),
        input + output,
        1_790_000_000_000_u64 + (k + 1) * 1500
    );
    let mut result = String::new();
    for _ in 0..(2 + rng.below(40)) {
        words(rng, 12, &mut result);
        result.push_str("\\n");
    }
    let _ = writeln!(
        out,
        r#"{{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"toolResult","toolCallId":"call_{k}","toolName":"exec","content":[{{"type":"text","text":"{result}"}}],"details":{{"status":"completed","exitCode":0}},"isError":false,"timestamp":{}}}}}"#,
        id(k + 3),
        id(k + 2),
        ts(k + 2),
        1_790_000_000_000_u64 + (k + 2) * 1500
    );
    let mut answer = String::new();
    let n_words = 20 + rng.below(120);
    words(rng, n_words, &mut answer);
    let (input, output) = (100 + rng.below(5000), 10 + rng.below(800));
    let _ = writeln!(
        out,
        r#"{{"type":"message","id":"{}","parentId":"{}","timestamp":"{}","message":{{"role":"assistant","content":[{{"type":"text","text":"{answer}"}}],"api":"anthropic-messages","provider":"anthropic","model":"claude-sonnet-4-6","usage":{{"input":{input},"output":{output},"cacheRead":1200,"cacheWrite":30,"totalTokens":{},"cost":{{"total":0.0045}}}},"stopReason":"stop","timestamp":{}}}}}"#,
        id(k + 4),
        id(k + 3),
        ts(k + 3),
        input + output + 1230,
        1_790_000_000_000_u64 + (k + 3) * 1500
    );
    *n += 4;
}

/// Writes a transcript of about `size` bytes (whole lines) to `path`.
pub(crate) fn write_transcript(path: &Utf8Path, size: u64, seed: u64) -> std::io::Result<u64> {
    let mut rng = Rng::new(seed);
    let mut file = std::io::BufWriter::with_capacity(8 << 20, fs::File::create(path)?);
    let mut out = String::with_capacity(1 << 20);
    let _ = writeln!(
        out,
        r#"{{"type":"session","version":3,"id":"{seed}","timestamp":"2026-09-21T00:00:00.000Z","cwd":"/home/bench"}}"#
    );
    let mut written = 0u64;
    let mut n = 0u64;
    while written + (out.len() as u64) < size {
        turn(&mut rng, &mut n, &mut out);
        if out.len() > (1 << 20) {
            file.write_all(out.as_bytes())?;
            written += out.len() as u64;
            out.clear();
        }
    }
    file.write_all(out.as_bytes())?;
    written += out.len() as u64;
    file.flush()?;
    Ok(written)
}

fn done_marker(dir: &Utf8Path) -> Utf8PathBuf {
    dir.join(".done")
}

fn is_done(dir: &Utf8Path, stamp: &str) -> bool {
    fs::read_to_string(done_marker(dir)).is_ok_and(|s| s == stamp)
}

/// A state dir whose `files` transcripts (total about `total` bytes) are spread over `agents` agents, with
/// JSON stores. Returns its path; reuses an identical earlier generation.
pub(crate) fn transcript_state(
    root: &Utf8Path,
    name: &str,
    total: u64,
    files: usize,
    agents: usize,
    seed: u64,
) -> std::io::Result<Utf8PathBuf> {
    let dir = root.join(name);
    let stamp = format!("transcripts seed={seed} total={total} files={files} agents={agents}");
    if is_done(&dir, &stamp) {
        return Ok(dir);
    }
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    let per_file = total / files as u64;
    let mut stores: Vec<serde_json::Map<String, serde_json::Value>> = vec![serde_json::Map::new(); agents];
    for i in 0..files {
        let agent = i % agents;
        let sessions = dir.join(format!("agents/agent-{agent:02}/sessions"));
        fs::create_dir_all(&sessions)?;
        let sid = session_id(i);
        write_transcript(
            &sessions.join(format!("{sid}.jsonl")),
            per_file,
            seed.wrapping_add(i as u64),
        )?;
        let key = if i < agents {
            format!("agent:agent-{agent:02}:main")
        } else {
            format!("agent:agent-{agent:02}:explicit:s{i}")
        };
        stores[agent].insert(
            key,
            serde_json::json!({"sessionId": sid, "updatedAt": 1_790_000_000_000_u64 + i as u64, "model": "gpt-5.2"}),
        );
    }
    for (agent, store) in stores.into_iter().enumerate() {
        let path = dir.join(format!("agents/agent-{agent:02}/sessions/sessions.json"));
        fs::write(
            path,
            serde_json::to_vec_pretty(&serde_json::Value::Object(store)).unwrap_or_default(),
        )?;
    }
    fs::write(done_marker(&dir), stamp)?;
    Ok(dir)
}

fn entry_json(i: usize, rng: &mut Rng) -> serde_json::Value {
    serde_json::json!({
        "sessionId": session_id(i),
        "updatedAt": 1_790_000_000_000_u64 + rng.below(10_000_000),
        "sessionStartedAt": 1_789_000_000_000_u64,
        "chatType": "direct",
        "channel": "feishu",
        "origin": {"label": format!("ou_{i:032x}"), "provider": "feishu", "surface": "feishu", "chatType": "direct"},
        "deliveryContext": {"channel": "feishu", "to": format!("user:ou_{i:032x}"), "accountId": "default"},
        "model": "gpt-5.2",
        "modelProvider": "openai",
        "inputTokens": rng.below(100_000),
        "outputTokens": rng.below(10_000),
        "totalTokens": rng.below(110_000),
        "contextTokens": 200_000,
        "skillsSnapshot": {"prompt": "skills ".repeat(20), "skills": [{"name": "exec"}, {"name": "browser"}]},
        "systemPromptReport": {"source": "run", "generatedAt": 1_789_000_000_000_u64, "systemPrompt": {"chars": 12000}}
    })
}

/// 10,000 sessions over 20 agents with JSON stores (`<root>/b3-json`) and with SQLite stores (`<root>/b3-sqlite`).
pub(crate) fn listing_states(
    root: &Utf8Path,
    per_agent: usize,
    seed: u64,
) -> std::io::Result<(Utf8PathBuf, Utf8PathBuf)> {
    let json_dir = root.join("b3-json");
    let sqlite_dir = root.join("b3-sqlite");
    let stamp = format!("listing seed={seed} per_agent={per_agent}");
    if !is_done(&json_dir, &stamp) {
        if json_dir.exists() {
            fs::remove_dir_all(&json_dir)?;
        }
        let mut rng = Rng::new(seed);
        for a in 0..20 {
            let sessions = json_dir.join(format!("agents/agent-{a:02}/sessions"));
            fs::create_dir_all(&sessions)?;
            let mut store = serde_json::Map::new();
            for s in 0..per_agent {
                let i = a * per_agent + s;
                store.insert(
                    format!("agent:agent-{a:02}:feishu:direct:ou_{i:032x}"),
                    entry_json(i, &mut rng),
                );
            }
            fs::write(
                sessions.join("sessions.json"),
                serde_json::to_vec_pretty(&serde_json::Value::Object(store)).unwrap_or_default(),
            )?;
        }
        fs::write(done_marker(&json_dir), &stamp)?;
    }
    if !is_done(&sqlite_dir, &stamp) {
        if sqlite_dir.exists() {
            fs::remove_dir_all(&sqlite_dir)?;
        }
        let mut rng = Rng::new(seed);
        for a in 0..20 {
            let agent_dir = sqlite_dir.join(format!("agents/agent-{a:02}/agent"));
            fs::create_dir_all(&agent_dir)?;
            let conn = rusqlite::Connection::open(agent_dir.join("openclaw-agent.sqlite"))
                .map_err(std::io::Error::other)?;
            conn.execute_batch(SCHEMA).map_err(std::io::Error::other)?;
            conn.execute("INSERT INTO schema_meta VALUES ('schema_version', '23')", [])
                .map_err(std::io::Error::other)?;
            conn.execute_batch("BEGIN").map_err(std::io::Error::other)?;
            for s in 0..per_agent {
                let i = a * per_agent + s;
                let entry = entry_json(i, &mut rng);
                let updated = entry["updatedAt"].as_u64().unwrap_or(0);
                conn.execute(
                    "INSERT INTO session_nodes (session_key, current_session_id, entry_json, entry_valid, updated_at, status, created_at) VALUES (?1, ?2, ?3, 1, ?4, 'active', ?4)",
                    rusqlite::params![format!("agent:agent-{a:02}:feishu:direct:ou_{i:032x}"), session_id(i), entry.to_string(), i64::try_from(updated).unwrap_or(0)],
                )
                .map_err(std::io::Error::other)?;
            }
            conn.execute_batch("COMMIT").map_err(std::io::Error::other)?;
        }
        fs::write(done_marker(&sqlite_dir), &stamp)?;
    }
    Ok((json_dir, sqlite_dir))
}

const SCHEMA: &str = include_str!("../../../tests/fixtures/state/sqlite-era.schema.sql");
