//! `SessionDetail::to_json`: the control center's `GET /api/sessions/:key` shape, plus extra fields.

use serde_json::{Map, Value, json};

use super::SessionDetail;
use crate::history::{ENTRY_CONTENT_CHARS, truncate_chars};

impl SessionDetail {
    /// The detail as JSON, in the control center's API shape (`control-center-session-detail.md` §1):
    /// `ok, generatedAt, session{sessionKey,label?,agentId?,lastMessageAt?,state}, status{sessionKey,model?,tokensIn?,
    /// tokensOut?,cost?,updatedAt}, latestSnippet?, latestRole?, latestKind?, latestToolName?, latestHistoryAt?,
    /// historyCount, history[] (oldest first), historyError?, executionChain?` — absent values are left out.
    ///
    /// Extra fields: `historyLimit`, per row `toolStatus` (real), `cleanText`, `sender`, `entryId`, `toolCallId`,
    /// `synthetic`, `truncated`; the chain's `children`, `evidence`, `spawnDepth`; `status.costSource`; `usage`.
    pub fn to_json(&self) -> Value {
        let mut root = Map::new();
        root.insert("ok".into(), Value::Bool(true));
        root.insert("generatedAt".into(), json!(self.generated_at));

        let mut session = Map::new();
        session.insert("sessionKey".into(), json!(self.session_key));
        insert_opt(&mut session, "label", self.label.as_ref());
        insert_opt(&mut session, "agentId", self.agent_id.as_ref());
        insert_opt(&mut session, "lastMessageAt", self.last_message_at.as_ref());
        session.insert("state".into(), json!(self.state.as_str()));
        root.insert("session".into(), Value::Object(session));

        let mut status = Map::new();
        status.insert("sessionKey".into(), json!(self.session_key));
        insert_opt(&mut status, "model", self.status.model.as_ref());
        insert_opt(&mut status, "tokensIn", self.status.tokens_in.as_ref());
        insert_opt(&mut status, "tokensOut", self.status.tokens_out.as_ref());
        status.insert("cost".into(), js_number_value(self.status.cost));
        status.insert("costSource".into(), json!(self.status.cost_source));
        insert_opt(&mut status, "updatedAt", self.status.updated_at.as_ref());
        root.insert("status".into(), Value::Object(status));

        if let Some(latest) = &self.latest {
            root.insert("latestSnippet".into(), json!(latest.snippet));
            root.insert("latestRole".into(), json!(latest.role));
            root.insert("latestKind".into(), json!(latest.kind.as_str()));
            insert_opt(&mut root, "latestToolName", latest.tool_name.as_ref());
            insert_opt(&mut root, "latestHistoryAt", latest.timestamp.as_ref());
        }
        root.insert("historyCount".into(), json!(self.history.len()));
        root.insert("historyLimit".into(), json!(self.history_limit));
        let history: Vec<Value> = self.history.iter().map(row_json).collect();
        root.insert("history".into(), Value::Array(history));
        insert_opt(&mut root, "historyError", self.history_error.as_ref());
        if let Some(chain) = self.chain_json() {
            root.insert("executionChain".into(), chain);
        }
        let mut usage = serde_json::to_value(&self.usage).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut usage {
            m.insert("cost".into(), js_number_value(self.usage.cost));
        }
        root.insert("usage".into(), usage);
        Value::Object(root)
    }

    fn chain_json(&self) -> Option<Value> {
        let chain = self.chain.as_ref()?;
        let (parent, child) = self.chain_parent_child();
        let at = self.chain_spawned_at();
        let mut m = Map::new();
        m.insert("accepted".into(), Value::Bool(true));
        m.insert("spawned".into(), Value::Bool(true));
        insert_opt(&mut m, "acceptedAt", at.as_ref());
        insert_opt(&mut m, "spawnedAt", at.as_ref());
        insert_opt(&mut m, "parentSessionKey", parent.as_ref());
        insert_opt(&mut m, "childSessionKey", child.as_ref());
        m.insert("stage".into(), json!(self.chain_stage()));
        m.insert("source".into(), json!(chain.source()));
        m.insert("inferred".into(), Value::Bool(chain.inferred));
        insert_opt(&mut m, "detail", self.chain_detail().as_ref());
        insert_opt(&mut m, "spawnDepth", chain.spawn_depth.as_ref());
        m.insert(
            "children".into(),
            serde_json::to_value(&chain.children).unwrap_or(Value::Null),
        );
        m.insert(
            "evidence".into(),
            serde_json::to_value(&chain.evidence).unwrap_or(Value::Null),
        );
        Some(Value::Object(m))
    }
}

fn row_json(row: &crate::history::HistoryRow) -> Value {
    let mut v = serde_json::to_value(row).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        let cut = truncate_chars(&row.content, ENTRY_CONTENT_CHARS);
        if cut.len() != row.content.len() {
            m.insert("truncated".into(), Value::Bool(true));
        }
        m.insert("content".into(), Value::String(cut));
    }
    v
}

/// A cost as a JSON number the way JavaScript writes it (rounded, integral values without a fraction: `0`, not
/// `0.0`).
pub(crate) fn js_number_value(value: f64) -> Value {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    let value = super::round_cost(value);
    if value.is_finite() && value.fract() == 0.0 && value.abs() <= SAFE {
        #[allow(clippy::cast_possible_truncation)]
        return json!(value as i64);
    }
    serde_json::Number::from_f64(value).map_or(Value::from(0), Value::Number)
}

fn insert_opt<T: serde::Serialize>(map: &mut Map<String, Value>, key: &str, value: Option<&T>) {
    if let Some(v) = value
        && let Ok(j) = serde_json::to_value(v)
    {
        map.insert(key.to_owned(), j);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DetailInput, SessionDetail, SessionFacts};
    use serde_json::json;

    #[test]
    fn shape_and_absent_fields() {
        let facts = SessionFacts::from_entry_json(
            "agent:a:main",
            None,
            &json!({"sessionId":"s","updatedAt":1_775_115_760_738_i64}),
        );
        let long = "y".repeat(1300);
        let lines = [
            json!({"type":"message","timestamp":"2026-04-02T00:00:00.000Z","message":{"role":"user","content":long}}),
        ];
        let d = SessionDetail::build(&DetailInput {
            facts: &facts,
            lines: &lines,
            history_limit: 50,
            history_error: Some("read failed".into()),
            runs: &[],
            now_ms: 0,
            include_abandoned: false,
        });
        let v = d.to_json();
        let keys: Vec<&str> = v
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "ok",
                "generatedAt",
                "session",
                "status",
                "latestSnippet",
                "latestRole",
                "latestKind",
                "latestHistoryAt",
                "historyCount",
                "historyLimit",
                "history",
                "historyError",
                "usage"
            ]
        );
        assert_eq!(v["session"]["lastMessageAt"], "2026-04-02T07:42:40.738Z");
        assert!(v["session"].get("label").is_none());
        assert!(v["status"].get("model").is_none());
        assert_eq!(v["history"][0]["truncated"], true);
        assert_eq!(
            v["history"][0]["content"].as_str().map(|s| s.chars().count()),
            Some(1200)
        );
        assert_eq!(v["latestSnippet"].as_str().map(|s| s.chars().count()), Some(220));
        assert_eq!(v["historyError"], "read failed");
        assert!(v.get("executionChain").is_none());
        assert_eq!(
            serde_json::to_string(&v["status"]["cost"]).ok().as_deref(),
            Some("0")
        );
    }

    #[test]
    fn numbers_print_like_javascript() {
        assert_eq!(super::js_number_value(0.0).to_string(), "0");
        assert_eq!(super::js_number_value(0.0045).to_string(), "0.0045");
        assert_eq!(super::js_number_value(f64::INFINITY).to_string(), "0");
    }
}
