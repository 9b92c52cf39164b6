//! The derive-based `SessionEntry` deserialiser as it was before the hand-written one: the oracle the property tests
//! compare against. Field attributes are copied verbatim from the old definition; the types keep their names, which
//! appear in error messages (`expected struct SessionOrigin`).

#![allow(missing_docs, clippy::struct_excessive_bools)]

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::store::ThreadId;
use crate::store::lenient;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionOrigin {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) surface: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) chat_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) native_channel_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) native_direct_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) thread_id: Option<ThreadId>,
    #[serde(flatten)]
    pub(crate) extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DeliveryContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) chat_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) thread_id: Option<ThreadId>,
    #[serde(flatten)]
    pub(crate) extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionEntry {
    pub(crate) session_id: String,
    #[serde(deserialize_with = "lenient::epoch_ms")]
    pub(crate) updated_at: i64,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) session_started_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) last_interaction_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) last_activity_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) archived_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) pinned_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) last_read_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) marked_unread_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) lifecycle_revision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) session_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) system_sent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) aborted_last_run: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) abort_cutoff_message_sid: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) abort_cutoff_timestamp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) spawned_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) parent_session_key: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) spawn_depth: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) subagent_role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) subagent_control_scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) spawned_workspace_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) spawned_cwd: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) forked_from_parent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) plugin_owner_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) inherited_tool_allow: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) inherited_tool_deny: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) started_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) ended_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) runtime_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) subagent_recovery: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) chat_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) group_channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) space: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) auto_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) origin: Option<SessionOrigin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) route: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) delivery_context: Option<DeliveryContext>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) last_thread_id: Option<ThreadId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) room: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) model_provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) provider_override: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) model_override: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) model_override_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) auth_profile_override: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) agent_harness_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) agent_runtime_override: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) input_tokens: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) output_tokens: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) total_tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) total_tokens_fresh: Option<bool>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) context_tokens: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) cache_read: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) cache_write: Option<u64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) estimated_cost_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) context_budget_status: Option<Value>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) compaction_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) compaction_checkpoints: Option<Vec<Value>>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_epoch_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) memory_flush_at: Option<i64>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) memory_flush_compaction_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) thinking_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) verbose_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) trace_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) reasoning_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) elevated_level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) fast_mode: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) send_policy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) queue_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) group_activation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) response_usage: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) exec_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) exec_security: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) exec_ask: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) exec_node: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) claude_cli_session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) acp: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) usage_family_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) usage_family_session_ids: Option<Vec<String>>,

    #[serde(flatten)]
    pub(crate) extra: Map<String, Value>,
}
