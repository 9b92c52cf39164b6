//! [`SessionDetail`]: the whole 会话详情 (session detail) page as data.
//!
//! Built from what the I/O layer read — the store entry ([`SessionFacts`]), the last transcript lines (a bounded tail
//! window), the run registry — and a clock value passed in. Three renderings:
//! [`SessionDetail::to_json`] (the control center's `GET /api/sessions/:key` shape plus our extra fields),
//! [`SessionDetail::render_text`] (the page as plain text, lines in exactly the seed page's form) and
//! [`SessionDetail::render_html`] (a self-contained, escaped HTML page).
//!
//! ```
//! use clawscope_core::detail::{DetailInput, SessionDetail, SessionFacts};
//! use serde_json::json;
//!
//! let entry = json!({"sessionId":"s1","updatedAt":1775115760738_i64,"model":"MiniMax-M2.5"});
//! let facts = SessionFacts::from_entry_json("agent:ops:main", Some("ops"), &entry);
//! let lines = [json!({"type":"message","timestamp":"2026-04-02T07:42:40.712Z",
//!     "message":{"role":"assistant","content":[{"type":"text","text":"已回复。"}]}})];
//! let detail = SessionDetail::build(&DetailInput {
//!     facts: &facts, lines: &lines, history_limit: 50, history_error: None, runs: &[],
//!     now_ms: 1776605318791, include_abandoned: false,
//! });
//! let text = detail.render_text();
//! assert!(text.contains("agent:ops:main | state=idle | generatedAt=2026-04-19T13:28:38.791Z\n"));
//! assert!(text.contains("historyCount=1 historyLimit=readonly-safe\n"));
//! assert_eq!(detail.to_json()["history"][0]["content"], "已回复。");
//! ```

mod html;
mod json;
mod state;
mod text;

use serde::Serialize;
use serde_json::Value;

pub use html::{encode_uri_component, escape_html};
pub use state::{SessionState, to_state};

use crate::chain::{ChainInput, ExecutionChain, Lineage, RunLink, build_chain};
use crate::history::{HistoryBuilder, HistoryKind, HistoryRow, synthetic_kind};
use crate::time::iso_millis;
use crate::usage::{UsageTotals, usage_record};

/// A store row is considered active for this long after its `updatedAt` when it carries no explicit state or
/// `active` flag (the control center's fallback recency window, 45 minutes).
pub const ACTIVE_RECENCY_MS: i64 = 45 * 60 * 1000;

/// What the store says about one session (the fields the page needs).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionFacts {
    /// The session key.
    pub session_key: String,
    /// Owning agent id.
    pub agent_id: Option<String>,
    /// `sessionId`.
    pub session_id: Option<String>,
    /// `label`.
    pub label: Option<String>,
    /// `updatedAt`, epoch ms (normalised).
    pub updated_at_ms: Option<i64>,
    /// `model`.
    pub model: Option<String>,
    /// `inputTokens`.
    pub input_tokens: Option<u64>,
    /// `outputTokens`.
    pub output_tokens: Option<u64>,
    /// `estimatedCostUsd`.
    pub estimated_cost_usd: Option<f64>,
    /// An explicit `active` / `isActive` flag.
    pub active: Option<bool>,
    /// The explicit state: first of `state`, `status`, `runState`, `lifecycleState`, `acp.state`.
    pub explicit_state: Option<String>,
    /// Lineage (`spawnedBy`, `spawnDepth`, `parentSessionKey`).
    pub lineage: Lineage,
}

impl SessionFacts {
    /// Reads the facts from a `SessionEntry` JSON object (a `sessions.json` value or a SQLite `entry_json`).
    pub fn from_entry_json(session_key: &str, agent_id: Option<&str>, entry: &Value) -> Self {
        let s = |k: &str| {
            entry
                .get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let explicit_state = ["state", "status", "runState", "lifecycleState"]
            .iter()
            .find_map(|k| s(k))
            .or_else(|| {
                entry
                    .get("acp")
                    .and_then(|a| a.get("state"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
        let updated_at_ms = entry
            .get("updatedAt")
            .and_then(epoch_number)
            .map(crate::time::normalize_epoch);
        SessionFacts {
            session_key: session_key.to_owned(),
            agent_id: agent_id.map(str::to_owned).or_else(|| agent_of_key(session_key)),
            session_id: s("sessionId"),
            label: s("label"),
            updated_at_ms,
            model: s("model"),
            input_tokens: entry.get("inputTokens").and_then(Value::as_u64),
            output_tokens: entry.get("outputTokens").and_then(Value::as_u64),
            estimated_cost_usd: entry
                .get("estimatedCostUsd")
                .and_then(Value::as_f64)
                .filter(|c| c.is_finite() && *c >= 0.0),
            active: entry
                .get("active")
                .or_else(|| entry.get("isActive"))
                .and_then(Value::as_bool),
            explicit_state,
            lineage: Lineage::from_entry_json(entry),
        }
    }

    /// The state by the control center's `toState` rules; without an explicit state or flag, a row updated within
    /// [`ACTIVE_RECENCY_MS`] of `now_ms` counts as active.
    pub fn state(&self, now_ms: i64) -> SessionState {
        let active = self.active.or_else(|| {
            self.updated_at_ms
                .map(|u| now_ms.saturating_sub(u) <= ACTIVE_RECENCY_MS)
        });
        to_state(active, self.explicit_state.as_deref())
    }
}

/// An epoch number that may be written as a float; values outside the `i64` range are ignored.
fn epoch_number(v: &Value) -> Option<i64> {
    if let Some(i) = v.as_i64() {
        return Some(i);
    }
    let f = v.as_f64().filter(|f| f.is_finite())?.trunc();
    // i64::MAX as f64 rounds up to 2^63, so the bound is exclusive.
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    ((-9.2e18..9.2e18).contains(&f)).then_some(f as i64)
}

/// The agent id of an `agent:<id>:…` key.
fn agent_of_key(key: &str) -> Option<String> {
    let mut parts = key.split(':');
    (parts.next()? == "agent")
        .then(|| parts.next())
        .flatten()
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Everything [`SessionDetail::build`] needs.
#[derive(Debug, Clone)]
pub struct DetailInput<'a> {
    /// Store facts.
    pub facts: &'a SessionFacts,
    /// The last transcript lines (oldest first); must hold at least `history_limit` history events when the
    /// transcript has that many.
    pub lines: &'a [Value],
    /// Rows to show (already validated, `1..=200`).
    pub history_limit: usize,
    /// A read error to show instead of swallowing it.
    pub history_error: Option<String>,
    /// Run-registry records.
    pub runs: &'a [RunLink],
    /// "Now", epoch ms (the clock is an argument).
    pub now_ms: i64,
    /// Show rows of abandoned branches too (default: only the active branch, see
    /// [`active_branch_window`](crate::history::active_branch_window)).
    pub include_abandoned: bool,
}

/// The latest history event (`latestEvent=… role=… tool=… latestHistoryAt=…`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LatestEvent {
    /// Row kind.
    pub kind: HistoryKind,
    /// Role.
    pub role: String,
    /// Tool name of a tool event.
    pub tool_name: Option<String>,
    /// Timestamp.
    pub timestamp: Option<String>,
    /// Content cut to 220 characters.
    pub snippet: String,
}

/// The `status` line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionStatus {
    /// Model (store `model`, else the last real assistant message's).
    pub model: Option<String>,
    /// Store `inputTokens` (OpenClaw's counters for the last run).
    pub tokens_in: Option<u64>,
    /// Store `outputTokens`.
    pub tokens_out: Option<u64>,
    /// Real cost in USD: store `estimatedCostUsd`, else the recorded `usage.cost.total` of the messages read.
    pub cost: f64,
    /// `store` or `transcript` — where `cost` came from.
    pub cost_source: &'static str,
    /// Store `updatedAt` as ISO.
    pub updated_at: Option<String>,
}

/// The whole session-detail page as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionDetail {
    /// Session key.
    pub session_key: String,
    /// State (`toState` rules).
    pub state: SessionState,
    /// When the page was generated (ISO; from the clock argument).
    pub generated_at: String,
    /// Label.
    pub label: Option<String>,
    /// Agent id.
    pub agent_id: Option<String>,
    /// Store `updatedAt` as ISO (the control center calls it `lastMessageAt`).
    pub last_message_at: Option<String>,
    /// The latest event with content.
    pub latest: Option<LatestEvent>,
    /// Requested row limit.
    pub history_limit: usize,
    /// History rows, oldest first (the page shows them newest first).
    pub history: Vec<HistoryRow>,
    /// A read error, shown on the page.
    pub history_error: Option<String>,
    /// The status line.
    pub status: SessionStatus,
    /// The execution chain, when there is evidence.
    pub chain: Option<ExecutionChain>,
    /// Usage recorded in the transcript lines read (real assistant messages only).
    pub usage: UsageTotals,
}

impl SessionDetail {
    /// Builds the page data.
    pub fn build(input: &DetailInput<'_>) -> Self {
        let facts = input.facts;
        let active;
        let visible: Vec<&Value> = if input.include_abandoned {
            input.lines.iter().collect()
        } else {
            active = crate::history::active_branch_window(input.lines);
            active
        };
        let mut rows = HistoryBuilder::new().rows(visible.iter().copied());
        let skip = rows.len().saturating_sub(input.history_limit);
        rows.drain(..skip);
        let latest = rows.last().map(|r| LatestEvent {
            kind: r.kind,
            role: r.role.clone(),
            tool_name: r.tool_name.clone(),
            timestamp: r.timestamp.clone(),
            snippet: crate::history::truncate_chars(&r.content, crate::history::SNIPPET_CHARS),
        });
        let mut usage = UsageTotals::default();
        for r in input.lines.iter().filter_map(usage_record) {
            usage.add(&r);
        }
        let last_model = input.lines.iter().rev().find_map(|l| {
            let m = l.get("message")?;
            (m.get("role")?.as_str()? == "assistant" && synthetic_kind(m).is_none())
                .then(|| m.get("model")?.as_str().map(str::to_owned))
                .flatten()
        });
        let (cost, cost_source) = match facts.estimated_cost_usd {
            Some(c) => (c, "store"),
            None => (usage.cost, "transcript"),
        };
        let last_message_at = facts.updated_at_ms.and_then(iso_millis);
        let state = facts.state(input.now_ms);
        let chain = build_chain(&ChainInput {
            session_key: &facts.session_key,
            lineage: Some(&facts.lineage),
            runs: input.runs,
            lines: input.lines,
            last_activity: last_message_at.as_deref(),
        });
        SessionDetail {
            session_key: facts.session_key.clone(),
            state,
            generated_at: iso_millis(input.now_ms).unwrap_or_else(|| "-".to_owned()),
            label: facts.label.clone(),
            agent_id: facts.agent_id.clone(),
            last_message_at: last_message_at.clone(),
            latest,
            history_limit: input.history_limit,
            history: rows,
            history_error: input.history_error.clone(),
            status: SessionStatus {
                model: facts.model.clone().or(last_model),
                tokens_in: facts.input_tokens,
                tokens_out: facts.output_tokens,
                cost,
                cost_source,
                updated_at: last_message_at,
            },
            chain,
            usage,
        }
    }

    /// The chain stage: `running` while the session is running/blocked/waiting/errored, else `spawned` when a chain
    /// exists, else `idle`.
    pub fn chain_stage(&self) -> &'static str {
        match (&self.chain, self.state) {
            (None, _) => "idle",
            (
                Some(_),
                SessionState::Running
                | SessionState::Blocked
                | SessionState::WaitingApproval
                | SessionState::Error,
            ) => "running",
            (Some(_), SessionState::Idle) => "spawned",
        }
    }

    /// The chain's parent and child keys as the control center reports them: a child names its parent and itself,
    /// a parent names itself and its latest child.
    pub fn chain_parent_child(&self) -> (Option<String>, Option<String>) {
        let Some(chain) = &self.chain else {
            return (None, None);
        };
        if chain.parent_session_key.is_some() || chain.children.is_empty() {
            (chain.parent_session_key.clone(), Some(self.session_key.clone()))
        } else {
            (
                Some(self.session_key.clone()),
                chain.children.last().map(|c| c.session_key.clone()),
            )
        }
    }

    /// When the chain's spawn happened: this session's spawn time, else its latest child's.
    pub fn chain_spawned_at(&self) -> Option<String> {
        let chain = self.chain.as_ref()?;
        chain
            .spawned_at
            .clone()
            .or_else(|| chain.children.iter().rev().find_map(|c| c.spawned_at.clone()))
    }

    /// The control center's one-line chain `detail`.
    pub fn chain_detail(&self) -> Option<String> {
        let chain = self.chain.as_ref()?;
        let (parent, child) = self.chain_parent_child();
        let at = self.chain_spawned_at();
        let mut parts = vec!["accepted=yes".to_owned(), "spawned=yes".to_owned()];
        if let Some(p) = parent {
            parts.push(format!("parent={p}"));
        }
        if let Some(c) = child {
            parts.push(format!("child={c}"));
        }
        if let Some(a) = &at {
            parts.push(format!("acceptedAt={a}"));
            parts.push(format!("spawnedAt={a}"));
        }
        parts.push(format!("source={}", chain.source()));
        if chain.inferred {
            parts.push("inferred=yes".to_owned());
        }
        Some(parts.join(" | "))
    }
}

/// Rounds a cost to 10 decimal places, hiding floating-point summation noise (`0.021400000000000002` → `0.0214`);
/// non-finite values become 0.
pub(crate) fn round_cost(value: f64) -> f64 {
    if value.is_finite() {
        (value * 1e10).round() / 1e10
    } else {
        0.0
    }
}

/// Formats a cost the way JavaScript prints a number for the common cases (`0`, `12`, `0.0045`), after
/// [`round_cost`].
pub(crate) fn js_number(value: f64) -> String {
    format!("{}", round_cost(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facts(entry: &Value) -> SessionFacts {
        SessionFacts::from_entry_json("agent:ops:feishu:direct:ou_1", None, entry)
    }

    fn detail(facts: &SessionFacts, lines: &[Value], limit: usize) -> SessionDetail {
        SessionDetail::build(&DetailInput {
            facts,
            lines,
            history_limit: limit,
            history_error: None,
            runs: &[],
            now_ms: 1_776_605_318_791,
            include_abandoned: false,
        })
    }

    fn user(text: &str, ts: &str) -> Value {
        json!({"type":"message","timestamp":ts,"message":{"role":"user","content":text}})
    }

    #[test]
    fn facts_read_the_entry() {
        let f = facts(
            &json!({"sessionId":"s","updatedAt":1_775_115_760_i64,"model":"m","inputTokens":5,
            "estimatedCostUsd":0.25,"acp":{"state":"busy"},"label":"Ops"}),
        );
        assert_eq!(f.agent_id.as_deref(), Some("ops"));
        assert_eq!(f.updated_at_ms, Some(1_775_115_760_000));
        assert_eq!(f.explicit_state.as_deref(), Some("busy"));
        assert_eq!(f.state(0), SessionState::Running);
        assert_eq!(f.label.as_deref(), Some("Ops"));
    }

    #[test]
    fn recency_makes_a_plain_row_running() {
        let f = facts(&json!({"sessionId":"s","updatedAt":1_776_605_000_000_i64}));
        assert_eq!(f.state(1_776_605_318_791), SessionState::Running);
        assert_eq!(
            f.state(1_776_605_000_000 + ACTIVE_RECENCY_MS + 1),
            SessionState::Idle
        );
    }

    #[test]
    fn limit_keeps_the_last_events_and_latest_is_the_last_row() {
        let f = facts(&json!({"sessionId":"s","updatedAt":1}));
        let lines: Vec<Value> = (0..5)
            .map(|i| user(&format!("m{i}"), &format!("2026-04-02T00:00:0{i}.000Z")))
            .chain([json!({"type":"custom","customType":"openclaw.cache-ttl"})])
            .collect();
        let d = detail(&f, &lines, 3);
        assert_eq!(
            d.history.iter().map(|r| r.content.as_str()).collect::<Vec<_>>(),
            ["m2", "m3", "m4"]
        );
        let latest = d.latest.expect("latest");
        assert_eq!(latest.timestamp.as_deref(), Some("2026-04-02T00:00:04.000Z"));
        assert_eq!(latest.snippet, "m4");
    }

    #[test]
    fn cost_comes_from_the_store_or_the_recorded_usage() {
        let line = json!({"type":"message","message":{"role":"assistant","model":"gpt-5","provider":"openai",
            "content":[{"type":"text","text":"x"}],"usage":{"input":3,"output":4,"cost":{"total":0.125}}}});
        let d = detail(
            &facts(&json!({"sessionId":"s","updatedAt":1})),
            std::slice::from_ref(&line),
            50,
        );
        assert!((d.status.cost - 0.125).abs() < 1e-12);
        assert_eq!(d.status.cost_source, "transcript");
        assert_eq!(d.status.model.as_deref(), Some("gpt-5"));
        let d = detail(
            &facts(&json!({"sessionId":"s","updatedAt":1,"estimatedCostUsd":2.5,"model":"m"})),
            &[line],
            50,
        );
        assert!((d.status.cost - 2.5).abs() < 1e-12);
        assert_eq!(d.status.model.as_deref(), Some("m"));
    }

    #[test]
    fn chain_fields_for_a_child() {
        let f = SessionFacts::from_entry_json(
            "agent:ops:subagent:1",
            Some("ops"),
            &json!({"sessionId":"s","updatedAt":1,"spawnedBy":"agent:ops:main"}),
        );
        let d = detail(&f, &[], 50);
        assert_eq!(d.chain_stage(), "spawned");
        assert_eq!(
            d.chain_parent_child(),
            (Some("agent:ops:main".into()), Some("agent:ops:subagent:1".into()))
        );
        let text = d.chain_detail().expect("detail");
        assert!(text.starts_with("accepted=yes | spawned=yes | parent=agent:ops:main"));
        assert!(text.contains("source=store"));
    }

    #[test]
    fn js_numbers() {
        assert_eq!(js_number(0.0), "0");
        assert_eq!(js_number(12.0), "12");
        assert_eq!(js_number(0.0045), "0.0045");
        assert_eq!(js_number(f64::NAN), "0");
        assert_eq!(js_number(0.0123 + 0.0041 + 0.005), "0.0214");
    }
}
