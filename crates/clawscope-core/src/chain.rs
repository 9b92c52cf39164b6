//! The execution chain (执行链): who spawned a session, and which sessions it spawned — from evidence.
//!
//! Evidence is gathered strongest first (`openclaw-formats.md` §6.4):
//! 1. the store entry: `spawnedBy`, `spawnDepth`, `parentSessionKey` ([`Lineage`]);
//! 2. the sub-agent run registry (`subagent_runs` in `state/openclaw.sqlite`, or `subagents/runs.json`) ([`RunLink`]);
//! 3. the transcript: a `sessions_spawn` tool call and its result carrying `childSessionKey` / `runId`, announce
//!    messages whose `provenance` names the child (`sourceTool` `subagent_announce` / `subagent_settle`), and the
//!    child's own `[Subagent Task]` first message;
//! 4. the key shape (weakest, marked inferred): `…:cron:<job>:run:<id>`, `…:thread:<id>`, `…:subagent:<id>`.
//!
//! Both directions are reported: a child names its parent ([`ExecutionChain::parent_session_key`]) and a parent lists
//! its children ([`ExecutionChain::children`]). Chat text is **never** evidence: a message that merely contains
//! "accepted" or "spawn" changes nothing (unlike the control center, §3 of its notes).
//!
//! ```
//! use clawscope_core::chain::{build_chain, ChainInput, EvidenceKind};
//! use serde_json::json;
//!
//! let lines = [
//!     json!({"type":"message","timestamp":"2026-04-02T09:00:01Z","message":{"role":"assistant","content":[
//!         {"type":"toolCall","id":"c1","name":"sessions_spawn","arguments":{"task":"disk report"}}]}}),
//!     json!({"type":"message","timestamp":"2026-04-02T09:00:02Z","message":{"role":"toolResult","toolCallId":"c1",
//!         "toolName":"sessions_spawn","content":[{"type":"text","text":"{}"}],
//!         "details":{"status":"accepted","childSessionKey":"agent:ops:subagent:8e41","runId":"r1"}}}),
//! ];
//! let input = ChainInput { session_key: "agent:ops:main", lines: &lines, ..ChainInput::default() };
//! let chain = build_chain(&input).unwrap();
//! assert_eq!(chain.children[0].session_key, "agent:ops:subagent:8e41");
//! assert_eq!(chain.evidence[0].kind, EvidenceKind::SpawnToolResult);
//! assert!(!chain.inferred);
//!
//! let chat = [json!({"type":"message","message":{"role":"user","content":"accepted, spawn it: sessions_spawn agent:ops:subagent:1"}})];
//! let input = ChainInput { session_key: "agent:ops:main", lines: &chat, ..ChainInput::default() };
//! assert!(build_chain(&input).is_none());
//! ```

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value;

use crate::history::line_timestamp;
use crate::time::iso_millis;

/// Lineage fields of the session's store entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lineage {
    /// `spawnedBy`: the parent session key of a sub-agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawned_by: Option<String>,
    /// `spawnDepth`: 0 = main, 1 = child, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawn_depth: Option<u32>,
    /// `parentSessionKey`: the parent of a dashboard- or operator-created child.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_session_key: Option<String>,
}

impl Lineage {
    /// Reads the lineage fields of a `SessionEntry` JSON object.
    ///
    /// ```
    /// let entry = serde_json::json!({"sessionId":"s","updatedAt":1,"spawnedBy":"agent:a:main","spawnDepth":1});
    /// let l = clawscope_core::chain::Lineage::from_entry_json(&entry);
    /// assert_eq!(l.spawned_by.as_deref(), Some("agent:a:main"));
    /// assert_eq!(l.spawn_depth, Some(1));
    /// ```
    pub fn from_entry_json(entry: &Value) -> Self {
        Lineage {
            spawned_by: non_empty(entry.get("spawnedBy")),
            spawn_depth: entry
                .get("spawnDepth")
                .and_then(Value::as_u64)
                .and_then(|d| u32::try_from(d).ok()),
            parent_session_key: non_empty(entry.get("parentSessionKey")),
        }
    }
}

/// One sub-agent run from the run registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunLink {
    /// Run id.
    pub run_id: String,
    /// The spawned child session.
    pub child_session_key: String,
    /// The session that asked for the run.
    pub requester_session_key: String,
    /// Creation time, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at_ms: Option<i64>,
    /// Outcome status (`ok`, `error`, `timeout`, …) when ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

/// Where a piece of evidence came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// `spawnedBy` on the store entry.
    StoreSpawnedBy,
    /// `parentSessionKey` on the store entry.
    StoreParentSessionKey,
    /// A run-registry record.
    RunRegistry,
    /// A `sessions_spawn` tool result with `childSessionKey`.
    SpawnToolResult,
    /// An announce message whose `provenance` names the child.
    Announce,
    /// The child's first user message is a `[Subagent Task]` (parent not named).
    SubagentTask,
    /// The key shape alone (weakest; inferred).
    KeyShape,
}

impl EvidenceKind {
    /// The wire string, e.g. `store_spawned_by`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::StoreSpawnedBy => "store_spawned_by",
            EvidenceKind::StoreParentSessionKey => "store_parent_session_key",
            EvidenceKind::RunRegistry => "run_registry",
            EvidenceKind::SpawnToolResult => "spawn_tool_result",
            EvidenceKind::Announce => "announce",
            EvidenceKind::SubagentTask => "subagent_task",
            EvidenceKind::KeyShape => "key_shape",
        }
    }

    /// The control-center `source` this evidence maps to (`store`, `run_registry`, `history`, `session_key`).
    pub const fn source(self) -> &'static str {
        match self {
            EvidenceKind::StoreSpawnedBy | EvidenceKind::StoreParentSessionKey => "store",
            EvidenceKind::RunRegistry => "run_registry",
            EvidenceKind::SpawnToolResult | EvidenceKind::Announce | EvidenceKind::SubagentTask => "history",
            EvidenceKind::KeyShape => "session_key",
        }
    }
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// Where it came from.
    pub kind: EvidenceKind,
    /// The parent it names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_session_key: Option<String>,
    /// The child it names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_session_key: Option<String>,
    /// Run id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// When it happened (ISO), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// Whether this evidence is an inference (key shape) rather than a record.
    pub inferred: bool,
}

/// A child of this session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildLink {
    /// The child key.
    pub session_key: String,
    /// Run id, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// When it was spawned (ISO), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawned_at: Option<String>,
}

/// The execution chain of one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionChain {
    /// The parent of this session, when evidence names one.
    pub parent_session_key: Option<String>,
    /// Sub-agent depth (`spawnDepth`) when recorded.
    pub spawn_depth: Option<u32>,
    /// Sessions this one spawned, in order of first evidence.
    pub children: Vec<ChildLink>,
    /// All evidence, strongest first.
    pub evidence: Vec<Evidence>,
    /// True when no recorded evidence exists, only inference from the key shape.
    pub inferred: bool,
    /// When the spawn happened (ISO), when known.
    pub spawned_at: Option<String>,
}

impl ExecutionChain {
    /// The strongest evidence kind.
    pub fn strongest(&self) -> Option<EvidenceKind> {
        self.evidence.iter().map(|e| e.kind).min()
    }

    /// The control-center `source` of the strongest evidence.
    pub fn source(&self) -> &'static str {
        self.strongest().map_or("session_key", EvidenceKind::source)
    }
}

/// Everything [`build_chain`] looks at.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChainInput<'a> {
    /// The session's key.
    pub session_key: &'a str,
    /// Lineage fields of its store entry.
    pub lineage: Option<&'a Lineage>,
    /// Run-registry records (any; the relevant ones are picked).
    pub runs: &'a [RunLink],
    /// Transcript lines of the session (any window, oldest first).
    pub lines: &'a [Value],
    /// Session activity time (ISO), used as the time of key-shape evidence.
    pub last_activity: Option<&'a str>,
}

/// Builds the chain, or `None` when there is no evidence at all.
pub fn build_chain(input: &ChainInput<'_>) -> Option<ExecutionChain> {
    let key = input.session_key;
    let mut evidence: Vec<Evidence> = Vec::new();
    let record = |kind, parent: Option<String>, child: Option<String>, run_id, at| Evidence {
        kind,
        parent_session_key: parent,
        child_session_key: child,
        run_id,
        at,
        inferred: kind == EvidenceKind::KeyShape,
    };
    if let Some(lineage) = input.lineage {
        if let Some(parent) = &lineage.spawned_by {
            evidence.push(record(
                EvidenceKind::StoreSpawnedBy,
                Some(parent.clone()),
                Some(key.to_owned()),
                None,
                None,
            ));
        }
        if let Some(parent) = &lineage.parent_session_key {
            evidence.push(record(
                EvidenceKind::StoreParentSessionKey,
                Some(parent.clone()),
                Some(key.to_owned()),
                None,
                None,
            ));
        }
    }
    for run in input.runs {
        let at = run.created_at_ms.and_then(iso_millis);
        if run.child_session_key.eq_ignore_ascii_case(key)
            || run.requester_session_key.eq_ignore_ascii_case(key)
        {
            evidence.push(record(
                EvidenceKind::RunRegistry,
                Some(run.requester_session_key.clone()),
                Some(run.child_session_key.clone()),
                Some(run.run_id.clone()),
                at,
            ));
        }
    }
    transcript_evidence(key, input.lines, &mut evidence);
    key_shape_evidence(key, input.last_activity, &mut evidence);
    if evidence.is_empty() {
        return None;
    }
    evidence.sort_by_key(|e| e.kind);

    let is_self = |k: &str| k.eq_ignore_ascii_case(key);
    let parent = evidence
        .iter()
        .filter(|e| e.child_session_key.as_deref().is_some_and(is_self))
        .find_map(|e| e.parent_session_key.clone());
    let mut seen = HashSet::new();
    let mut children: Vec<ChildLink> = Vec::new();
    for e in &evidence {
        let (Some(p), Some(c)) = (&e.parent_session_key, &e.child_session_key) else {
            continue;
        };
        if is_self(p) && !is_self(c) {
            if seen.insert(c.to_ascii_lowercase()) {
                children.push(ChildLink {
                    session_key: c.clone(),
                    run_id: e.run_id.clone(),
                    spawned_at: e.at.clone(),
                });
            } else if let Some(existing) = children
                .iter_mut()
                .find(|l| l.session_key.eq_ignore_ascii_case(c))
            {
                existing.run_id = existing.run_id.take().or_else(|| e.run_id.clone());
                existing.spawned_at = existing.spawned_at.take().or_else(|| e.at.clone());
            }
        }
    }
    let spawned_at = evidence
        .iter()
        .filter(|e| e.child_session_key.as_deref().is_some_and(is_self))
        .find_map(|e| e.at.clone());
    let inferred = evidence.iter().all(|e| e.inferred);
    Some(ExecutionChain {
        parent_session_key: parent,
        spawn_depth: input.lineage.and_then(|l| l.spawn_depth),
        children,
        evidence,
        inferred,
        spawned_at,
    })
}

fn transcript_evidence(key: &str, lines: &[Value], out: &mut Vec<Evidence>) {
    let mut spawn_calls: HashSet<String> = HashSet::new();
    let mut first_user_seen = false;
    for line in lines {
        if line.get("type").and_then(Value::as_str) != Some("message") {
            continue;
        }
        let Some(message) = line.get("message") else {
            continue;
        };
        let at = line_timestamp(line);
        match message.get("role").and_then(Value::as_str) {
            Some("assistant") => {
                if let Some(Value::Array(blocks)) = message.get("content") {
                    for b in blocks {
                        if b.get("type").and_then(Value::as_str) == Some("toolCall")
                            && b.get("name").and_then(Value::as_str) == Some("sessions_spawn")
                            && let Some(id) = b.get("id").and_then(Value::as_str)
                        {
                            spawn_calls.insert(id.to_owned());
                        }
                    }
                }
            }
            Some("toolResult") => {
                let by_name = message.get("toolName").and_then(Value::as_str) == Some("sessions_spawn");
                let by_call = message
                    .get("toolCallId")
                    .and_then(Value::as_str)
                    .is_some_and(|id| spawn_calls.contains(id));
                if !(by_name || by_call) {
                    continue;
                }
                if let Some((child, run_id)) = spawn_result(message) {
                    out.push(Evidence {
                        kind: EvidenceKind::SpawnToolResult,
                        parent_session_key: Some(key.to_owned()),
                        child_session_key: Some(child),
                        run_id,
                        at,
                        inferred: false,
                    });
                }
            }
            Some("user") => {
                let first = !first_user_seen;
                first_user_seen = true;
                if let Some(prov) = message.get("provenance") {
                    let tool = prov.get("sourceTool").and_then(Value::as_str).unwrap_or("");
                    let source = non_empty(prov.get("sourceSessionKey"));
                    if prov.get("kind").and_then(Value::as_str) == Some("inter_session")
                        && tool.starts_with("subagent_")
                        && let Some(child) = source
                    {
                        out.push(Evidence {
                            kind: EvidenceKind::Announce,
                            parent_session_key: Some(key.to_owned()),
                            child_session_key: Some(child),
                            run_id: non_empty(prov.get("runId")),
                            at: at.clone(),
                            inferred: false,
                        });
                    }
                }
                if first && starts_with_subagent_marker(message.get("content")) {
                    out.push(Evidence {
                        kind: EvidenceKind::SubagentTask,
                        parent_session_key: None,
                        child_session_key: Some(key.to_owned()),
                        run_id: None,
                        at,
                        inferred: false,
                    });
                }
            }
            _ => {}
        }
    }
}

/// `childSessionKey` and `runId` of an accepted `sessions_spawn` result, from `details` or the JSON result text.
fn spawn_result(message: &Value) -> Option<(String, Option<String>)> {
    let from = |v: &Value| -> Option<(String, Option<String>)> {
        let status = v.get("status").and_then(Value::as_str).unwrap_or("accepted");
        if !matches!(status, "accepted" | "ok" | "spawned") {
            return None;
        }
        let child = non_empty(v.get("childSessionKey"))?;
        Some((child, non_empty(v.get("runId"))))
    };
    if let Some(found) = message.get("details").and_then(from) {
        return Some(found);
    }
    let text = crate::history::content_text(message.get("content"));
    serde_json::from_str::<Value>(text.trim())
        .ok()
        .as_ref()
        .and_then(from)
}

fn starts_with_subagent_marker(content: Option<&Value>) -> bool {
    let text = crate::history::content_text(content);
    let t = text.trim_start();
    t.starts_with("[Subagent Context]") || t.starts_with("[Subagent Task]")
}

fn key_shape_evidence(key: &str, at: Option<&str>, out: &mut Vec<Evidence>) {
    let lower = key.to_ascii_lowercase();
    let parent = if let Some(i) = lower.find(":run:").filter(|i| *i > 0) {
        Some(key[..i].to_owned())
    } else {
        lower
            .rfind(":thread:")
            .filter(|i| *i > 0)
            .map(|i| key[..i].to_owned())
    };
    if let Some(parent) = parent {
        out.push(Evidence {
            kind: EvidenceKind::KeyShape,
            parent_session_key: Some(parent),
            child_session_key: Some(key.to_owned()),
            run_id: None,
            at: at.map(str::to_owned),
            inferred: true,
        });
    } else if lower.contains(":subagent:") || lower.starts_with("subagent:") {
        out.push(Evidence {
            kind: EvidenceKind::KeyShape,
            parent_session_key: None,
            child_session_key: Some(key.to_owned()),
            run_id: None,
            at: at.map(str::to_owned),
            inferred: true,
        });
    }
}

fn non_empty(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input<'a>(key: &'a str, lines: &'a [Value]) -> ChainInput<'a> {
        ChainInput {
            session_key: key,
            lines,
            ..ChainInput::default()
        }
    }

    #[test]
    fn chat_text_is_never_evidence() {
        let lines = [
            json!({"type":"message","message":{"role":"assistant","content":[{"type":"text","text":"Task accepted. I spawned agent:a:subagent:1 via sessions_spawn."}]}}),
            json!({"type":"message","message":{"role":"user","content":"spawn accepted accepting spawning"}}),
            json!({"event":"accepted","kind":"spawn","parentSessionKey":"agent:a:main"}),
        ];
        assert!(build_chain(&input("agent:a:feishu:direct:ou_1", &lines)).is_none());
    }

    #[test]
    fn a_non_spawn_tool_result_with_child_key_is_not_evidence() {
        let lines = [
            json!({"type":"message","message":{"role":"toolResult","toolName":"exec","toolCallId":"x",
            "content":[{"type":"text","text":"{\"status\":\"accepted\",\"childSessionKey\":\"agent:a:subagent:1\"}"}]}}),
        ];
        assert!(build_chain(&input("agent:a:main", &lines)).is_none());
    }

    #[test]
    fn spawn_result_text_json_and_failed_spawns() {
        let ok = [
            json!({"type":"message","message":{"role":"assistant","content":[{"type":"toolCall","id":"c","name":"sessions_spawn","arguments":{}}]}}),
            json!({"type":"message","timestamp":"2026-04-02T00:00:00Z","message":{"role":"toolResult","toolCallId":"c",
                "content":[{"type":"text","text":"{\n  \"status\": \"accepted\",\n  \"childSessionKey\": \"agent:a:subagent:9\",\n  \"runId\": \"r9\"\n}"}]}}),
        ];
        let chain = build_chain(&input("agent:a:main", &ok)).expect("chain");
        assert_eq!(chain.children.len(), 1);
        assert_eq!(chain.children[0].run_id.as_deref(), Some("r9"));
        assert_eq!(chain.parent_session_key, None);
        assert_eq!(chain.source(), "history");
        let failed = [
            json!({"type":"message","message":{"role":"toolResult","toolName":"sessions_spawn",
            "details":{"status":"forbidden","error":"no","childSessionKey":"agent:a:subagent:9"},"content":"x"}}),
        ];
        assert!(build_chain(&input("agent:a:main", &failed)).is_none());
    }

    #[test]
    fn store_and_registry_name_the_parent_strongest_first() {
        let lineage = Lineage {
            spawned_by: Some("agent:a:main".into()),
            spawn_depth: Some(1),
            parent_session_key: None,
        };
        let runs = [
            RunLink {
                run_id: "r1".into(),
                child_session_key: "agent:a:subagent:1".into(),
                requester_session_key: "agent:a:main".into(),
                created_at_ms: Some(1_775_120_400_000),
                outcome: None,
            },
            RunLink {
                run_id: "other".into(),
                child_session_key: "agent:b:subagent:2".into(),
                requester_session_key: "agent:b:main".into(),
                created_at_ms: None,
                outcome: None,
            },
        ];
        let child = ChainInput {
            session_key: "agent:a:subagent:1",
            lineage: Some(&lineage),
            runs: &runs,
            lines: &[],
            last_activity: None,
        };
        let chain = build_chain(&child).expect("chain");
        assert_eq!(chain.parent_session_key.as_deref(), Some("agent:a:main"));
        assert_eq!(chain.spawn_depth, Some(1));
        let kinds: Vec<_> = chain.evidence.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EvidenceKind::StoreSpawnedBy,
                EvidenceKind::RunRegistry,
                EvidenceKind::KeyShape
            ]
        );
        assert!(!chain.inferred);
        assert_eq!(chain.source(), "store");
        assert_eq!(chain.spawned_at.as_deref(), Some("2026-04-02T09:00:00.000Z"));

        let parent = ChainInput {
            session_key: "agent:a:main",
            runs: &runs,
            ..ChainInput::default()
        };
        let chain = build_chain(&parent).expect("chain");
        assert_eq!(chain.children.len(), 1);
        assert_eq!(chain.children[0].session_key, "agent:a:subagent:1");
        assert_eq!(chain.parent_session_key, None);
    }

    #[test]
    fn key_shapes_are_inferred() {
        let chain = build_chain(&input("agent:main:cron:job-1:run:child-1", &[])).expect("chain");
        assert_eq!(chain.parent_session_key.as_deref(), Some("agent:main:cron:job-1"));
        assert!(chain.inferred);
        assert_eq!(chain.source(), "session_key");
        let thread = build_chain(&input("agent:main:slack:channel:c1:thread:17.1", &[])).expect("chain");
        assert_eq!(
            thread.parent_session_key.as_deref(),
            Some("agent:main:slack:channel:c1")
        );
        let sub = build_chain(&input("agent:main:subagent:abc", &[])).expect("chain");
        assert_eq!(sub.parent_session_key, None);
        assert!(sub.inferred);
        assert!(build_chain(&input("agent:main:main", &[])).is_none());
    }

    #[test]
    fn announce_provenance_and_subagent_task() {
        let parent_lines = [
            json!({"type":"message","message":{"role":"user","content":"[Internal task completion event] ...",
            "provenance":{"kind":"inter_session","sourceSessionKey":"agent:a:subagent:7","sourceTool":"subagent_announce"}}}),
        ];
        let chain = build_chain(&input("agent:a:main", &parent_lines)).expect("chain");
        assert_eq!(chain.children[0].session_key, "agent:a:subagent:7");
        let send = [json!({"type":"message","message":{"role":"user","content":"hi",
            "provenance":{"kind":"inter_session","sourceSessionKey":"agent:b:main","sourceTool":"sessions_send"}}})];
        assert!(build_chain(&input("agent:a:main", &send)).is_none());
        let child_lines = [
            json!({"type":"message","message":{"role":"user","content":"[Subagent Context] You are running as a subagent.\n\n[Subagent Task]: report"}}),
        ];
        let chain = build_chain(&input("agent:a:explicit:x", &child_lines)).expect("chain");
        assert_eq!(chain.evidence[0].kind, EvidenceKind::SubagentTask);
        assert!(!chain.inferred);
    }
}
