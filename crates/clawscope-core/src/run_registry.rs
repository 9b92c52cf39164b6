//! The sub-agent run registry (`openclaw-formats.md` §2.6, §6.4 item 2, §7): which parent session (the
//! requester) started which child session, with task, label, times and outcome.
//!
//! Two sources hold it: `<stateDir>/subagents/runs.json` (documented file era, [`parse_runs_json`]) and the
//! `subagent_runs` table of `<stateDir>/state/openclaw.sqlite`, which real 2026.7.1 and 2026.9.6 installs use
//! (columns `run_id, child_session_key, controller_session_key, requester_session_key, created_at, payload_json`;
//! [`SubagentRun::from_row`]). `payload_json` holds the same camelCase record as `runs.json`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::store::lenient;
use crate::{Error, Result};

/// How a run ended (`outcome` in the registry). Unknown fields are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunOutcome {
    /// `ok`, `error`, `timeout`, … (open set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Error text for failed runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Other fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One sub-agent run. Timestamps are epoch milliseconds (normalised from any unit).
///
/// ```
/// use clawscope_core::run_registry::SubagentRun;
///
/// let run: SubagentRun = serde_json::from_str(r#"{
///   "runId": "r-1", "childSessionKey": "agent:ops:subagent:8e41", "requesterSessionKey": "agent:ops:main",
///   "task": "disk report", "createdAt": 1775811200000, "outcome": {"status": "ok"}
/// }"#).unwrap();
/// assert_eq!(run.parent_key(), Some("agent:ops:main"));
/// assert_eq!(run.status(), Some("ok"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubagentRun {
    /// The run id.
    pub run_id: String,
    /// The child session's key.
    pub child_session_key: String,
    /// The parent (requester) session's internal key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_session_key: Option<String>,
    /// The controlling session's key (SQLite era), when it differs from the requester.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_session_key: Option<String>,
    /// The requester's display key (e.g. `main`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_display_key: Option<String>,
    /// The task text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// The label given at spawn time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `keep` or `delete`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleanup: Option<String>,
    /// `run` or `session`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spawn_mode: Option<String>,
    /// Registration time, epoch ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub created_at: Option<i64>,
    /// Start time, epoch ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub started_at: Option<i64>,
    /// End time, epoch ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub ended_at: Option<i64>,
    /// Cleanup completion time, epoch ms.
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub cleanup_completed_at: Option<i64>,
    /// Run timeout in seconds.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub run_timeout_seconds: Option<u64>,
    /// How the run ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<RunOutcome>,
    /// Other fields (`requesterOrigin`, …), kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The columns of one `subagent_runs` row (`state/openclaw.sqlite`, `openclaw-formats.md` §7).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubagentRunRow {
    /// `run_id`.
    pub run_id: String,
    /// `child_session_key`.
    pub child_session_key: String,
    /// `controller_session_key`.
    pub controller_session_key: Option<String>,
    /// `requester_session_key`.
    pub requester_session_key: Option<String>,
    /// `created_at` (epoch, any unit).
    pub created_at: Option<i64>,
    /// `payload_json`: the camelCase run record.
    pub payload_json: Option<String>,
}

impl SubagentRun {
    /// The parent session key: the requester, else the controller (blank values ignored).
    pub fn parent_key(&self) -> Option<&str> {
        [&self.requester_session_key, &self.controller_session_key]
            .into_iter()
            .filter_map(|v| v.as_deref())
            .map(str::trim)
            .find(|v| !v.is_empty())
    }

    /// The outcome status (`outcome.status`, else a top-level `status` field of newer records).
    pub fn status(&self) -> Option<&str> {
        self.outcome
            .as_ref()
            .and_then(|o| o.status.as_deref())
            .or_else(|| self.extra.get("status").and_then(Value::as_str))
    }

    /// Parses one registry record; `fallback_run_id` (the map key in `runs.json`) fills a missing `runId`.
    ///
    /// ```
    /// use clawscope_core::run_registry::SubagentRun;
    /// let v = serde_json::json!({"childSessionKey": "agent:a:subagent:x"});
    /// assert_eq!(SubagentRun::from_value(&v, Some("r9")).unwrap().run_id, "r9");
    /// assert!(SubagentRun::from_value(&serde_json::json!({}), Some("r9")).is_err());
    /// ```
    pub fn from_value(value: &Value, fallback_run_id: Option<&str>) -> std::result::Result<Self, String> {
        let Value::Object(map) = value else {
            return Err("run record is not a JSON object".to_owned());
        };
        let mut map = map.clone();
        let has_id = map
            .get("runId")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty());
        if !has_id {
            match fallback_run_id {
                Some(id) => {
                    map.insert("runId".to_owned(), Value::String(id.to_owned()));
                }
                None => return Err("run record has no runId".to_owned()),
            }
        }
        Self::deserialize(Value::Object(map)).map_err(|e| crate::store::value_free_message(&e.to_string()))
    }

    /// Builds a run from a `subagent_runs` row. The typed columns win over `payload_json`; a payload that is not
    /// a JSON object is ignored (the columns alone still make a run).
    ///
    /// ```
    /// use clawscope_core::run_registry::{SubagentRun, SubagentRunRow};
    /// let row = SubagentRunRow {
    ///     run_id: "r-1".into(),
    ///     child_session_key: "agent:main:subagent:c1".into(),
    ///     requester_session_key: Some("agent:main:main".into()),
    ///     created_at: Some(1_775_811_200),
    ///     payload_json: Some(r#"{"task":"t","outcome":{"status":"ok"}}"#.into()),
    ///     ..Default::default()
    /// };
    /// let run = SubagentRun::from_row(&row).unwrap();
    /// assert_eq!(run.created_at, Some(1_775_811_200_000));
    /// assert_eq!(run.task.as_deref(), Some("t"));
    /// ```
    pub fn from_row(row: &SubagentRunRow) -> std::result::Result<Self, String> {
        let mut map = row
            .payload_json
            .as_deref()
            .and_then(|p| serde_json::from_str::<Value>(p).ok())
            .and_then(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .unwrap_or_default();
        map.insert("runId".to_owned(), Value::String(row.run_id.clone()));
        map.insert(
            "childSessionKey".to_owned(),
            Value::String(row.child_session_key.clone()),
        );
        if let Some(k) = &row.requester_session_key {
            map.insert("requesterSessionKey".to_owned(), Value::String(k.clone()));
        }
        if let Some(k) = &row.controller_session_key {
            map.insert("controllerSessionKey".to_owned(), Value::String(k.clone()));
        }
        if let Some(t) = row.created_at {
            map.insert("createdAt".to_owned(), Value::from(t));
        }
        Self::deserialize(Value::Object(map)).map_err(|e| crate::store::value_free_message(&e.to_string()))
    }
}

/// A run record that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunDiagnostic {
    /// The run id (map key) or the position of the bad record.
    pub run_id: String,
    /// Why it was skipped.
    pub reason: String,
}

/// A parsed run registry: runs plus skipped records.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunRegistry {
    /// The `version` field of `runs.json`, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// Runs in file order.
    pub runs: Vec<SubagentRun>,
    /// Records that were skipped.
    pub diagnostics: Vec<RunDiagnostic>,
}

/// Parses `subagents/runs.json`: `{"version":2,"runs":{"<runId>":{…}}}` (an array under `runs` is accepted too).
/// BOM tolerated, empty document = empty registry; a document that is not an object → `STORE_CORRUPT`.
///
/// ```
/// let doc = br#"{"version":2,"runs":{"r1":{"childSessionKey":"agent:a:subagent:c","requesterSessionKey":"agent:a:main"}}}"#;
/// let reg = clawscope_core::run_registry::parse_runs_json(doc).unwrap();
/// assert_eq!(reg.version, Some(2));
/// assert_eq!(reg.runs[0].run_id, "r1");
/// ```
pub fn parse_runs_json(bytes: &[u8]) -> Result<RunRegistry> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(RunRegistry::default());
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| corrupt(format!("invalid JSON: {e}")))?;
    let Value::Object(map) = doc else {
        return Err(corrupt("the document is not a JSON object".to_owned()));
    };
    let mut reg = RunRegistry {
        version: map.get("version").and_then(Value::as_u64),
        ..RunRegistry::default()
    };
    let mut push =
        |id: String, value: &Value, fallback: Option<&str>| match SubagentRun::from_value(value, fallback) {
            Ok(run) => reg.runs.push(run),
            Err(reason) => reg.diagnostics.push(RunDiagnostic { run_id: id, reason }),
        };
    match map.get("runs") {
        Some(Value::Object(runs)) => {
            for (id, value) in runs {
                push(id.clone(), value, Some(id));
            }
        }
        Some(Value::Array(runs)) => {
            for (i, value) in runs.iter().enumerate() {
                push(format!("#{i}"), value, None);
            }
        }
        Some(Value::Null) | None => {}
        Some(_) => return Err(corrupt("`runs` is neither an object nor an array".to_owned())),
    }
    Ok(reg)
}

fn corrupt(reason: String) -> Error {
    Error::StoreCorrupt {
        path: "subagents/runs.json".to_owned(),
        reason,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documented_file_shape() {
        let doc = br#"{"version":2,"runs":{
          "f2a7":{"runId":"f2a7","childSessionKey":"agent:ops:subagent:8e41","requesterSessionKey":"agent:ops:main",
                  "requesterDisplayKey":"main","task":"disk report","label":"disk-report","cleanup":"keep",
                  "spawnMode":"run","createdAt":1775811200000,"startedAt":1775811200100,"endedAt":1775811242000,
                  "outcome":{"status":"ok"},"runTimeoutSeconds":600,"requesterOrigin":{"channel":"feishu"}},
          "bad":{"runId":"bad"},
          "nope":7}}"#;
        let reg = parse_runs_json(doc).unwrap();
        assert_eq!(reg.runs.len(), 1);
        let run = &reg.runs[0];
        assert_eq!(run.child_session_key, "agent:ops:subagent:8e41");
        assert_eq!(run.label.as_deref(), Some("disk-report"));
        assert_eq!(run.ended_at, Some(1_775_811_242_000));
        assert_eq!(run.run_timeout_seconds, Some(600));
        assert_eq!(run.status(), Some("ok"));
        assert_eq!(run.extra["requesterOrigin"], json!({"channel": "feishu"}));
        let ids: Vec<_> = reg.diagnostics.iter().map(|d| d.run_id.as_str()).collect();
        assert_eq!(ids, ["bad", "nope"]);
        // Round trip keeps the unknown field.
        let back = serde_json::to_value(run).unwrap();
        assert_eq!(back["requesterOrigin"]["channel"], json!("feishu"));
    }

    #[test]
    fn array_form_and_odd_documents() {
        let reg =
            parse_runs_json(br#"{"runs":[{"runId":"a","childSessionKey":"k"},{"childSessionKey":"k"}]}"#)
                .unwrap();
        assert_eq!(reg.runs.len(), 1);
        assert_eq!(reg.diagnostics[0].run_id, "#1");
        assert!(parse_runs_json(b"").unwrap().runs.is_empty());
        assert!(parse_runs_json(br#"{"version":2}"#).unwrap().runs.is_empty());
        for doc in [&b"[]"[..], b"{\"runs\":3}", b"{"] {
            assert_eq!(
                parse_runs_json(doc).unwrap_err().code(),
                crate::ErrorCode::StoreCorrupt
            );
        }
    }

    #[test]
    fn rows_columns_win_over_payload() {
        let row = SubagentRunRow {
            run_id: "r1".into(),
            child_session_key: "agent:main:subagent:c".into(),
            controller_session_key: Some("agent:main:main".into()),
            requester_session_key: None,
            created_at: Some(1_775_811_200_000),
            payload_json: Some(
                r#"{"runId":"other","childSessionKey":"x","task":"t","status":"done"}"#.into(),
            ),
        };
        let run = SubagentRun::from_row(&row).unwrap();
        assert_eq!(run.run_id, "r1");
        assert_eq!(run.child_session_key, "agent:main:subagent:c");
        assert_eq!(run.parent_key(), Some("agent:main:main"));
        assert_eq!(run.status(), Some("done"));
        let garbage = SubagentRunRow {
            payload_json: Some("{not json".into()),
            ..row
        };
        let run = SubagentRun::from_row(&garbage).unwrap();
        assert_eq!(run.task, None);
    }
}
