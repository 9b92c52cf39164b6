//! One `sessions.json` entry (`SessionEntry` of OpenClaw's `src/config/sessions/types.ts`, `openclaw-formats.md` §2.3).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A thread id as OpenClaw stores it: a string (Slack `1712345678.123456`) or a number (Telegram topic ids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ThreadId {
    /// A textual id.
    Text(String),
    /// A numeric id, kept exactly as written.
    Number(serde_json::Number),
}

impl std::fmt::Display for ThreadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThreadId::Text(s) => f.write_str(s),
            ThreadId::Number(n) => write!(f, "{n}"),
        }
    }
}

/// Where a session came from (`SessionOrigin`). Unknown fields are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionOrigin {
    /// Human label of the peer (e.g. a contact name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Channel id (`feishu`, `telegram`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Surface the message arrived on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    /// `direct`, `group` or `channel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_type: Option<String>,
    /// Raw sender routing id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Raw recipient routing id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Native channel id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_channel_id: Option<String>,
    /// Native direct-message user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub native_direct_user_id: Option<String>,
    /// Channel account id (`default` when unset upstream).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Thread id, string or number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<ThreadId>,
    /// Fields this version does not know, kept for round trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where replies go (`DeliveryContext`). Unknown fields (e.g. `deliveryIntent`) are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryContext {
    /// Channel id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Channel-specific target (`user:ou_…`, `telegram:123`, `heartbeat`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Channel account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// `direct`, `group` or `channel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_type: Option<String>,
    /// Thread id, string or number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<ThreadId>,
    /// Fields this version does not know, kept for round trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One session of a store: the value under a session key in `sessions.json`, or `session_nodes.entry_json` in the
/// SQLite era.
///
/// Only `sessionId` and `updatedAt` are required. Every timestamp is normalised to epoch **milliseconds** (stores
/// holding seconds or microseconds are read correctly). Fields this version does not know are kept in
/// [`extra`](Self::extra) and written back on serialisation. `Deserialize` is implemented by hand (one pass over
/// the keys, unknown ones straight into `extra`) with exactly the behaviour a derived implementation had: `null` is
/// absent, a repeated field is an error, a missing `sessionId` or `updatedAt` is an error.
///
/// ```
/// use clawscope_core::store::SessionEntry;
///
/// let entry: SessionEntry = serde_json::from_str(
///     r#"{"sessionId":"s-1","updatedAt":1775811200,"spawnedBy":"agent:ops:main","spawnDepth":1,"x-custom":[1]}"#,
/// ).unwrap();
/// assert_eq!(entry.updated_at, 1_775_811_200_000); // seconds became milliseconds
/// assert_eq!(entry.spawned_by.as_deref(), Some("agent:ops:main"));
/// assert_eq!(entry.extra["x-custom"], serde_json::json!([1]));
/// let back = serde_json::to_value(&entry).unwrap();
/// assert_eq!(back["x-custom"], serde_json::json!([1]));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionEntry {
    /// The transcript id (UUID v4 in practice). Required.
    pub session_id: String,
    /// Time of the last row change, epoch ms. Required.
    pub updated_at: i64,

    // ---- lifecycle
    /// When the current session id started, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_started_at: Option<i64>,
    /// Last user/assistant interaction, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_interaction_at: Option<i64>,
    /// Last activity of any kind, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_activity_at: Option<i64>,
    /// When the session was archived, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<i64>,
    /// When the session was pinned, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned_at: Option<i64>,
    /// When the session was last read in a UI, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_read_at: Option<i64>,
    /// When the session was marked unread, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marked_unread_at: Option<i64>,
    /// Opaque lifecycle revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle_revision: Option<String>,
    /// Transcript file: a name relative to the agent's `sessions/` dir, or an absolute path (2026.7 stores). Never
    /// trusted as a path outside that dir.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_file: Option<String>,
    /// Whether the system prompt was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_sent: Option<bool>,
    /// Whether the last run was aborted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aborted_last_run: Option<bool>,
    /// Message id at which an abort cut the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_cutoff_message_sid: Option<String>,
    /// Time at which an abort cut the run, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_cutoff_timestamp: Option<i64>,

    // ---- sub-agent / lineage
    /// Parent session key of a spawned sub-agent (strongest chain evidence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawned_by: Option<String>,
    /// Parent session key of a dashboard- or operator-created child.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_session_key: Option<String>,
    /// Spawn depth: 0 = main, 1 = child, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawn_depth: Option<u64>,
    /// `orchestrator` or `leaf`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subagent_role: Option<String>,
    /// `children` or `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subagent_control_scope: Option<String>,
    /// Workspace dir the child was spawned in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawned_workspace_dir: Option<String>,
    /// Working dir the child was spawned in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spawned_cwd: Option<String>,
    /// Whether the session was forked from its parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forked_from_parent: Option<bool>,
    /// Plugin that owns the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plugin_owner_id: Option<String>,
    /// Tools the child inherited as allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherited_tool_allow: Option<Vec<String>>,
    /// Tools the child inherited as denied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherited_tool_deny: Option<Vec<String>>,
    /// Run start, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<i64>,
    /// Run end, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<i64>,
    /// Run time in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_ms: Option<u64>,
    /// Run status: `running`, `done`, `failed`, `killed`, `timeout`, `interrupted` (open set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Sub-agent recovery state, kept as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subagent_recovery: Option<Value>,

    // ---- routing / labels
    /// `direct`, `group`, `channel` (legacy `room`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_type: Option<String>,
    /// Channel id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Group id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// Group subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Group channel name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_channel: Option<String>,
    /// Workspace / space name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub space: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// User-set label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Automatically generated label (newer builds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_label: Option<String>,
    /// Category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Where the session came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<SessionOrigin>,
    /// Channel route reference, kept as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<Value>,
    /// Where replies go.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_context: Option<DeliveryContext>,
    /// Last channel used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_channel: Option<String>,
    /// Last target used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_to: Option<String>,
    /// Last account used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_account_id: Option<String>,
    /// Last thread id used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_thread_id: Option<ThreadId>,
    /// Legacy channel field of older stores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Legacy room field of older stores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,

    // ---- model
    /// Provider of the last run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_provider: Option<String>,
    /// Model of the last run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Provider override.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_override: Option<String>,
    /// Model override.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_override: Option<String>,
    /// `auto` or `user`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_override_source: Option<String>,
    /// Auth profile override.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_profile_override: Option<String>,
    /// Agent harness id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_harness_id: Option<String>,
    /// Agent runtime override.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_runtime_override: Option<String>,

    // ---- tokens / cost
    /// Input tokens of the latest context snapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_tokens: Option<u64>,
    /// Output tokens of the latest context snapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_tokens: Option<u64>,
    /// Total tokens of the latest context snapshot (not a lifetime sum).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_tokens: Option<u64>,
    /// Whether `totalTokens` is fresh.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_tokens_fresh: Option<bool>,
    /// Context window estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_tokens: Option<u64>,
    /// Cache-read tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_read: Option<u64>,
    /// Cache-write tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_write: Option<u64>,
    /// Estimated cost in USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_cost_usd: Option<f64>,
    /// Context budget status, kept as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_budget_status: Option<Value>,

    // ---- compaction / memory
    /// Number of compactions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compaction_count: Option<u64>,
    /// Compaction checkpoints, kept as JSON objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compaction_checkpoints: Option<Vec<Value>>,
    /// Last memory flush, epoch ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_flush_at: Option<i64>,
    /// Compaction count at the last memory flush.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_flush_compaction_count: Option<u64>,

    // ---- toggles
    /// Thinking level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thinking_level: Option<String>,
    /// Verbose level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verbose_level: Option<String>,
    /// Trace level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_level: Option<String>,
    /// Reasoning level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_level: Option<String>,
    /// Elevated level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elevated_level: Option<String>,
    /// Fast mode (boolean or mode name), kept as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fast_mode: Option<Value>,
    /// `allow` or `deny`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_policy: Option<String>,
    /// `steer`, `followup`, `collect` or `interrupt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_mode: Option<String>,
    /// `mention` or `always`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_activation: Option<String>,
    /// Response usage display setting, kept as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_usage: Option<Value>,
    /// Exec host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec_host: Option<String>,
    /// Exec security mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec_security: Option<String>,
    /// Exec approval mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec_ask: Option<String>,
    /// Exec node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exec_node: Option<String>,

    // ---- misc
    /// CLI session id of the Claude CLI harness.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claude_cli_session_id: Option<String>,
    /// ACP metadata, kept as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acp: Option<Value>,
    /// Usage family key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_family_key: Option<String>,
    /// Session ids of the same usage family.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_family_session_ids: Option<Vec<String>>,

    /// Every other field (`skillsSnapshot`, `systemPromptReport`, `cliSessionIds`, `goal`, `heartbeat*`,
    /// `pluginExtensions`, fields of future versions …), kept verbatim for round trips.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SessionEntry {
    /// A minimal entry with only the two required fields.
    ///
    /// ```
    /// let e = clawscope_core::store::SessionEntry::new("s-1", 1_775_811_200_123);
    /// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"sessionId":"s-1","updatedAt":1775811200123}"#);
    /// ```
    pub fn new(session_id: impl Into<String>, updated_at_ms: i64) -> Self {
        SessionEntry {
            session_id: session_id.into(),
            updated_at: updated_at_ms,
            session_started_at: None,
            last_interaction_at: None,
            last_activity_at: None,
            archived_at: None,
            pinned_at: None,
            last_read_at: None,
            marked_unread_at: None,
            lifecycle_revision: None,
            session_file: None,
            system_sent: None,
            aborted_last_run: None,
            abort_cutoff_message_sid: None,
            abort_cutoff_timestamp: None,
            spawned_by: None,
            parent_session_key: None,
            spawn_depth: None,
            subagent_role: None,
            subagent_control_scope: None,
            spawned_workspace_dir: None,
            spawned_cwd: None,
            forked_from_parent: None,
            plugin_owner_id: None,
            inherited_tool_allow: None,
            inherited_tool_deny: None,
            started_at: None,
            ended_at: None,
            runtime_ms: None,
            status: None,
            subagent_recovery: None,
            chat_type: None,
            channel: None,
            group_id: None,
            subject: None,
            group_channel: None,
            space: None,
            display_name: None,
            label: None,
            auto_label: None,
            category: None,
            origin: None,
            route: None,
            delivery_context: None,
            last_channel: None,
            last_to: None,
            last_account_id: None,
            last_thread_id: None,
            provider: None,
            room: None,
            model_provider: None,
            model: None,
            provider_override: None,
            model_override: None,
            model_override_source: None,
            auth_profile_override: None,
            agent_harness_id: None,
            agent_runtime_override: None,
            input_tokens: None,
            output_tokens: None,
            total_tokens: None,
            total_tokens_fresh: None,
            context_tokens: None,
            cache_read: None,
            cache_write: None,
            estimated_cost_usd: None,
            context_budget_status: None,
            compaction_count: None,
            compaction_checkpoints: None,
            memory_flush_at: None,
            memory_flush_compaction_count: None,
            thinking_level: None,
            verbose_level: None,
            trace_level: None,
            reasoning_level: None,
            elevated_level: None,
            fast_mode: None,
            send_policy: None,
            queue_mode: None,
            group_activation: None,
            response_usage: None,
            exec_host: None,
            exec_security: None,
            exec_ask: None,
            exec_node: None,
            claude_cli_session_id: None,
            acp: None,
            usage_family_key: None,
            usage_family_session_ids: None,
            extra: Map::new(),
        }
    }

    /// The parent session key from the store fields: `spawnedBy`, else `parentSessionKey` (blank values ignored).
    ///
    /// ```
    /// let mut e = clawscope_core::store::SessionEntry::new("s", 0);
    /// e.parent_session_key = Some("agent:a:main".into());
    /// assert_eq!(e.parent_key(), Some("agent:a:main"));
    /// ```
    pub fn parent_key(&self) -> Option<&str> {
        [&self.spawned_by, &self.parent_session_key]
            .into_iter()
            .filter_map(|v| v.as_deref())
            .map(str::trim)
            .find(|v| !v.is_empty())
    }

    /// The best human label: `label`, `displayName`, `autoLabel`, then `origin.label` (blank values ignored).
    ///
    /// ```
    /// let mut e = clawscope_core::store::SessionEntry::new("s", 0);
    /// assert_eq!(e.best_label(), None);
    /// e.display_name = Some("Li Wei".into());
    /// assert_eq!(e.best_label(), Some("Li Wei"));
    /// ```
    pub fn best_label(&self) -> Option<&str> {
        [
            self.label.as_deref(),
            self.display_name.as_deref(),
            self.auto_label.as_deref(),
            self.origin.as_ref().and_then(|o| o.label.as_deref()),
        ]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|v| !v.is_empty())
    }

    /// The last activity time in epoch ms: the latest of `lastInteractionAt`, `lastActivityAt` and `updatedAt`.
    ///
    /// ```
    /// let mut e = clawscope_core::store::SessionEntry::new("s", 1_000);
    /// e.last_interaction_at = Some(5_000);
    /// assert_eq!(e.last_activity_ms(), 5_000);
    /// ```
    pub fn last_activity_ms(&self) -> i64 {
        [self.last_interaction_at, self.last_activity_at]
            .into_iter()
            .flatten()
            .fold(self.updated_at, i64::max)
    }
}
