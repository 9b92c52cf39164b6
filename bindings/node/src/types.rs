//! TypeScript declarations of the documents the binding returns. Values cross as serde JSON (so Rust, Python and
//! Node give identical JSON); these type-only `#[napi(object)]` structs generate no conversion code
//! (`object_to_js = false, object_from_js = false`), only the interfaces in `index.d.ts`.
#![allow(dead_code)]

use napi_derive::napi;

/// ClawPanel's `ServiceStatus` (snake-case keys, as ClawPanel returns them) plus the decision behind it.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct ServiceStatus {
    /// Always `"ai.openclaw.gateway"`.
    pub label: String,
    /// Something listens on the gateway port.
    pub running: bool,
    /// The listening pid, when known.
    #[napi(ts_type = "number | null")]
    pub pid: u32,
    /// Always `"OpenClaw Gateway"`.
    pub description: String,
    /// A CLI path is known and the file exists.
    #[napi(js_name = "cli_installed")]
    pub cli_installed: bool,
    /// Stopped, owned or foreign.
    #[napi(ts_type = "'stopped' | 'owned' | 'foreign'")]
    pub ownership: String,
    /// True only when owned.
    #[napi(js_name = "owned_by_current_instance")]
    pub owned_by_current_instance: bool,
    /// The ownership decision behind `ownership`.
    pub decision: OwnershipDecision,
    /// When the decision asked for an owner-file write and it failed: why (the status is still returned).
    #[napi(js_name = "owner_write_error")]
    pub owner_write_error: Option<String>,
}

/// The outcome of the ownership rules.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct OwnershipDecision {
    /// `'stopped' | 'owned' | 'foreign'`.
    #[napi(ts_type = "'stopped' | 'owned' | 'foreign'")]
    pub ownership: String,
    /// What to write to the owner file to make the decision true.
    #[napi(ts_type = "'none' | 'refresh_pid' | 'claim'")]
    pub action: String,
    /// Why, with the values compared.
    #[napi(
        ts_type = "{ kind: 'not_running' } | { kind: 'no_record' } | { kind: 'signature_match', recordedPid: number | null } | { kind: 'not_written_by_clawpanel', startedBy: string | null } | { kind: 'cli_mismatch', recorded: string, current: string } | { kind: 'port_mismatch', recorded: number | null, current: number } | { kind: 'dir_mismatch', recorded: string | null, current: string } | { kind: 'corrupt', corruptKind: 'empty' | 'too_large' | 'invalid_utf8' | 'invalid_json' | 'not_an_object' | 'invalid_field', detail: string }"
    )]
    pub reason: String,
    /// The live pid the decision was made with.
    #[napi(ts_type = "number | null")]
    pub pid: u32,
}

/// A readable `gateway-owner.json` record, normalised from either ClawPanel dialect.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct OwnerRecord {
    /// The gateway port the record was written for.
    #[napi(ts_type = "number | null")]
    pub port: u32,
    /// The CLI path (`cliPath` / `cli_path`).
    #[napi(ts_type = "string | null")]
    pub cli_path: String,
    /// The openclaw data dir (`openclawDir` / `openclaw_dir`).
    #[napi(ts_type = "string | null")]
    pub openclaw_dir: String,
    /// The gateway pid (invalid values are `null`).
    #[napi(ts_type = "number | null")]
    pub pid: u32,
    /// When it was written, as written.
    #[napi(ts_type = "string | null")]
    pub started_at: String,
    /// Who wrote it (`"clawpanel"`).
    #[napi(ts_type = "string | null")]
    pub started_by: String,
    /// Which key set(s) the file used.
    #[napi(ts_type = "'web' | 'tauri' | 'both' | 'unknown'")]
    pub dialect: String,
    /// Keys whose camelCase and snake-case values disagree.
    pub conflicts: Option<Vec<String>>,
    /// Unknown keys, preserved.
    #[napi(ts_type = "Record<string, unknown>")]
    pub extra: Option<String>,
}

/// The result of reading or parsing an owner file.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct OwnerReadOutcome {
    /// `missing` (no file), `valid` (see `record`) or `corrupt` (see `kind` and `reason`).
    #[napi(ts_type = "'missing' | 'valid' | 'corrupt'")]
    pub status: String,
    /// The record, when valid.
    pub record: Option<OwnerRecord>,
    /// The kind of damage, when corrupt.
    #[napi(
        ts_type = "'empty' | 'too_large' | 'invalid_utf8' | 'invalid_json' | 'not_an_object' | 'invalid_field'"
    )]
    pub kind: Option<String>,
    /// What is wrong, when corrupt.
    pub reason: Option<String>,
}

/// What identifies "our" gateway.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct GatewaySignature {
    /// The current gateway port.
    pub port: u32,
    /// The current openclaw data dir.
    pub openclaw_dir: String,
    /// The current CLI path, when a CLI was found.
    #[napi(ts_type = "string | null")]
    pub cli_path: String,
}

/// The runtime state of the gateway port.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct GatewayRuntime {
    /// Something listens on the port.
    pub running: bool,
    /// The listening pid, when found.
    #[napi(ts_type = "number | null")]
    pub pid: Option<u32>,
    /// The listener's command line, when readable.
    #[napi(ts_type = "string | null")]
    pub command_line: Option<String>,
    /// Whether the listener looks like an OpenClaw gateway (`null`: unknown).
    #[napi(ts_type = "boolean | null")]
    pub is_gateway: Option<bool>,
}

/// ClawPanel's `checkGateway()` answer plus the listener's identity.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct GatewayCheck {
    /// Something listens on the port.
    pub running: bool,
    /// The listening pid, when found.
    #[napi(ts_type = "number | null")]
    pub pid: u32,
    /// ClawPanel's `manageable`: false only when the listener is known not to be an OpenClaw process.
    pub manageable: bool,
    /// The listener's command line, when readable.
    #[napi(ts_type = "string | null")]
    pub command_line: String,
    /// Whether the listener looks like an OpenClaw gateway (`null`: unknown).
    #[napi(ts_type = "boolean | null")]
    pub is_gateway: bool,
}

/// The input of `decideOwnership`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct DecideInput {
    /// The owner file's text; `null`/absent when there is no file.
    #[napi(ts_type = "string | null")]
    pub owner_text: Option<String>,
    /// The current signature.
    #[napi(ts_type = "{ port: number, openclawDir: string, cliPath?: string | null }")]
    pub signature: String,
    /// The runtime state.
    #[napi(
        ts_type = "{ running: boolean, pid?: number | null, commandLine?: string | null, isGateway?: boolean | null }"
    )]
    pub runtime: String,
    /// The home dir for `~`.
    #[napi(ts_type = "string | null")]
    pub home: Option<String>,
    /// The working dir for relative paths.
    #[napi(ts_type = "string | null")]
    pub cwd: Option<String>,
    /// The path style (guessed from the dir when absent).
    #[napi(ts_type = "'posix' | 'windows' | null")]
    pub path_style: Option<String>,
}

/// Everything listening on one TCP port.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct PortProbe {
    /// The probed port.
    pub port: u32,
    /// One entry per (socket, process).
    pub listeners: Vec<ProbedListener>,
}

/// One process (or an unknown one) listening on a probed port.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct ProbedListener {
    /// The owning pid (`null`: another user's socket).
    #[napi(ts_type = "number | null")]
    pub pid: u32,
    /// The local address.
    #[napi(ts_type = "string | null")]
    pub local_address: String,
    /// The socket inode (Linux).
    #[napi(ts_type = "number | null")]
    pub inode: u32,
    /// The socket owner's uid (Linux).
    #[napi(ts_type = "number | null")]
    pub uid: u32,
    /// The command line, when readable.
    #[napi(ts_type = "string | null")]
    pub command_line: String,
    /// The start time in clock ticks after boot.
    #[napi(ts_type = "number | null")]
    pub start_time: u32,
    /// Whether it looks like an OpenClaw gateway.
    #[napi(ts_type = "boolean | null")]
    pub is_gateway: bool,
    /// Where the pid came from.
    #[napi(ts_type = "'proc' | 'ss' | 'lsof' | 'netstat'")]
    pub source: String,
}

/// One listening socket parsed from a command output.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Listener {
    /// The owning pid, when named.
    #[napi(ts_type = "number | null")]
    pub pid: u32,
    /// The process name, when named.
    #[napi(ts_type = "string | null")]
    pub process: String,
    /// The local address.
    #[napi(ts_type = "string | null")]
    pub local_address: String,
    /// The local port.
    #[napi(ts_type = "number | null")]
    pub port: u32,
    /// The socket inode.
    #[napi(ts_type = "number | null")]
    pub inode: u32,
    /// The socket owner's uid.
    #[napi(ts_type = "number | null")]
    pub uid: u32,
}

/// An OpenClaw install found on this machine.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct Install {
    /// The state dir.
    pub state_dir: String,
    /// Its `openclaw.json`.
    pub config_path: String,
    /// Whether the config exists.
    pub config_exists: bool,
    /// How it was found.
    pub origins: Vec<String>,
    /// The profile name, for `~/.openclaw-<profile>`.
    #[napi(ts_type = "string | null")]
    pub profile: String,
    /// Its configured gateway port.
    pub port: u32,
    /// Where the port came from.
    #[napi(ts_type = "'env' | 'config' | 'default'")]
    pub port_source: String,
    /// Why the configured port was not usable, when it was not.
    #[napi(ts_type = "string | null")]
    pub port_problem: String,
    /// The CLIs that belong to it.
    #[napi(ts_type = "Array<{ path: string, source: string, version: string | null }>")]
    pub clis: Vec<String>,
    /// The service definitions present.
    #[napi(
        ts_type = "Array<{ kind: 'systemd' | 'launchd' | 'windows_task', name: string, path: string | null, profile: string | null }>"
    )]
    pub services: Vec<String>,
    /// Whether ClawPanel's panel config points at it.
    pub panel_points_here: bool,
}

/// Evidence about the gateway on a port and the install it serves.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct GatewayEvidence {
    /// The port.
    pub port: u32,
    /// Per listening pid, its facts.
    #[napi(ts_type = "Array<{ pid: number, isGateway: boolean | null, facts: EvidenceFact[] }>")]
    pub listeners: Vec<String>,
    /// Facts not tied to one listener (owner record, invisible sockets, …).
    #[napi(ts_type = "EvidenceFact[]")]
    pub other_facts: Vec<String>,
    /// The install the gateway serves, when known.
    #[napi(ts_type = "{ configPath: string, stateDir: string | null, pid: number, via: string } | null")]
    pub serves: String,
    /// How sure the conclusion is.
    #[napi(ts_type = "'certain' | 'likely' | 'unknown'")]
    pub confidence: String,
}

/// One piece of evidence and where it came from.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct EvidenceFact {
    /// What kind of fact.
    pub kind: String,
    /// Where it came from.
    pub source: String,
    /// The fact, as text.
    pub value: String,
    /// The file it came from, when any.
    #[napi(ts_type = "string | null")]
    pub path: Option<String>,
}

/// `Gateway.explain()`: the decision next to the evidence.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct GatewayExplanation {
    /// The ownership decision (read-only).
    pub decision: OwnershipDecision,
    /// The evidence.
    pub evidence: GatewayEvidence,
}

/// A JS `Error` thrown (or returned) by clawscope.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct ClawscopeErrorFields {
    /// The stable code (`GATEWAY_FOREIGN`, `INVALID_PORT`, …), one of `errorCodes()`.
    pub code: String,
    /// The message (ClawPanel's exact text for the gateway errors).
    pub message: String,
    /// Structured data, or `undefined`.
    #[napi(ts_type = "unknown")]
    pub details: String,
}

/// A parsed session key (absent parts are omitted).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct SessionKey {
    /// The canonical key (lower-case except opaque ids).
    pub key: String,
    /// `main`, `direct`, `group`, `channel`, `thread`, `topic`, `subagent`, `cron`, `cron_run`, `acp`, `hook`,
    /// `heartbeat`, `global`, `unknown`, `legacy`, `other`, …
    pub kind: String,
    /// The agent id.
    pub agent_id: Option<String>,
    /// Everything after `agent:<id>:`.
    pub rest: String,
    /// The channel (`feishu`, `telegram`, …).
    pub channel: Option<String>,
    /// The account id.
    pub account_id: Option<String>,
    /// `direct`, `group` or `channel`.
    pub peer_kind: Option<String>,
    /// The peer id.
    pub peer_id: Option<String>,
    /// The thread id.
    pub thread_id: Option<String>,
    /// The Telegram topic id.
    pub topic_id: Option<String>,
    /// The sub-agent / cron / acp / hook id.
    pub id: Option<String>,
    /// The cron run id.
    pub run_id: Option<String>,
    /// The parent key, when the shape implies one.
    pub parent: Option<String>,
    /// A legacy (pre-agent) key.
    pub legacy: bool,
    /// A legacy `:dm:` key.
    pub legacy_dm: Option<bool>,
}

/// Filters and paging of `StateDir.listSessions`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct SessionQuery {
    /// Only this agent (case-insensitive).
    pub agent_id: Option<String>,
    /// Only this state.
    #[napi(ts_type = "'idle' | 'running' | 'blocked' | 'waiting_approval' | 'error' | null")]
    pub state: Option<String>,
    /// Case-insensitive substring of the key, label or agent id.
    pub q: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1–100 (default 12).
    pub page_size: Option<u32>,
    /// History events read per item, 1–200 (default 8).
    pub history_limit: Option<u32>,
    /// "Now" for the recency rule (RFC 3339 string or `Date`); default: the clock.
    #[napi(ts_type = "string | Date | null")]
    pub now: Option<String>,
}

/// Options of the session-detail calls.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct DetailOptions {
    /// Rows to show, 1–200 (default 50).
    pub history_limit: Option<u32>,
    /// "Now" for `generatedAt` and the recency rule (RFC 3339 string or `Date`); default: the clock.
    #[napi(ts_type = "string | Date | null")]
    pub now: Option<String>,
    /// Also show rows of abandoned branches (default false).
    pub include_abandoned: Option<bool>,
}

/// One item of `StateDir.listSessions`.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct SessionSummary {
    /// Session key.
    pub session_key: String,
    /// Agent id.
    pub agent_id: String,
    /// `sessionId`.
    #[napi(ts_type = "string | null")]
    pub session_id: String,
    /// Label.
    #[napi(ts_type = "string | null")]
    pub label: String,
    /// State.
    #[napi(ts_type = "'idle' | 'running' | 'blocked' | 'waiting_approval' | 'error'")]
    pub state: String,
    /// Store `updatedAt` (ISO).
    #[napi(ts_type = "string | null")]
    pub last_message_at: String,
    /// Newest activity (ISO): the sort key.
    #[napi(ts_type = "string | null")]
    pub last_activity_at: String,
    /// Latest event's clean text, cut to 220 characters.
    #[napi(ts_type = "string | null")]
    pub latest_snippet: String,
    /// Latest event's role.
    #[napi(ts_type = "string | null")]
    pub latest_role: String,
    /// Latest event's kind.
    #[napi(ts_type = "'message' | 'inter_session' | 'tool_event' | null")]
    pub latest_kind: String,
    /// Latest event's tool name.
    #[napi(ts_type = "string | null")]
    pub latest_tool_name: String,
    /// Latest event's timestamp.
    #[napi(ts_type = "string | null")]
    pub latest_history_at: String,
    /// History events read.
    pub history_count: u32,
    /// Tool events among them.
    pub tool_event_count: u32,
    /// Transcript read error, when any.
    #[napi(ts_type = "string | null")]
    pub history_error: String,
    /// Execution-chain summary, when there is evidence.
    #[napi(
        ts_type = "{ parentSessionKey: string | null, childCount: number, source: string, inferred: boolean } | null"
    )]
    pub chain: String,
}

/// The session-detail document (control-center `GET /api/sessions/:key` shape plus clawscope's extra fields).
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct SessionDetail {
    /// Always true.
    pub ok: bool,
    /// When the page was built (ISO).
    pub generated_at: String,
    /// `{sessionKey, label?, agentId?, lastMessageAt?, state}`.
    #[napi(
        ts_type = "{ sessionKey: string, label?: string, agentId?: string, lastMessageAt?: string, state: string }"
    )]
    pub session: String,
    /// `{sessionKey, model?, tokensIn?, tokensOut?, cost, costSource, updatedAt?}`.
    #[napi(ts_type = "Record<string, unknown>")]
    pub status: String,
    /// The latest event's clean text.
    pub latest_snippet: Option<String>,
    /// The latest event's role.
    pub latest_role: Option<String>,
    /// The latest event's kind.
    #[napi(ts_type = "'message' | 'inter_session' | 'tool_event'")]
    pub latest_kind: Option<String>,
    /// The latest event's tool name.
    pub latest_tool_name: Option<String>,
    /// The latest event's timestamp.
    pub latest_history_at: Option<String>,
    /// History events shown.
    pub history_count: u32,
    /// The limit the page was built with.
    pub history_limit: u32,
    /// The history rows, oldest first.
    #[napi(ts_type = "HistoryRow[]")]
    pub history: Vec<String>,
    /// A transcript read error, when any.
    pub history_error: Option<String>,
    /// The execution chain, when there is evidence.
    #[napi(ts_type = "Record<string, unknown>")]
    pub execution_chain: Option<String>,
    /// Tokens and cost of the session.
    #[napi(ts_type = "Record<string, unknown>")]
    pub usage: Option<String>,
}

/// `StateDir.transcriptEvents()`: the typed events of one transcript, oldest first, with line diagnostics.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct TranscriptEvents {
    /// The session key.
    pub session_key: String,
    /// The events (`kind`, `role`, `timestampMs`, `timestamp`, `text`, `tool`, `usage`, … — the Rust `Event`).
    #[napi(ts_type = "Array<Record<string, unknown>>")]
    pub events: Vec<String>,
    /// Lines that could not be parsed, the first 100.
    #[napi(ts_type = "Array<Record<string, unknown>>")]
    pub diagnostics: Vec<String>,
    /// Problems the line reader reported, the first 100.
    #[napi(ts_type = "Array<Record<string, unknown>>")]
    pub read_diagnostics: Vec<String>,
    /// How many diagnostics there were in all.
    pub diagnostic_count: u32,
}

/// One history row (`StateDir.events`, `SessionDetail.history`); absent values are omitted.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct HistoryRow {
    /// What the row shows.
    #[napi(ts_type = "'message' | 'inter_session' | 'tool_event'")]
    pub kind: String,
    /// `user`, `assistant`, `tool`, …
    pub role: String,
    /// When (ISO).
    pub timestamp: Option<String>,
    /// The real tool name (tool events).
    pub tool_name: Option<String>,
    /// The real tool status (tool events).
    #[napi(ts_type = "'ok' | 'error'")]
    pub tool_status: Option<String>,
    /// The content as shown (whitespace collapsed, cut at 700 characters).
    pub content: String,
    /// The content with OpenClaw's injected envelope removed.
    pub clean_text: Option<String>,
    /// Sender metadata parsed from the envelope.
    #[napi(ts_type = "Record<string, unknown>")]
    pub sender: Option<String>,
    /// The transcript entry id.
    pub entry_id: Option<String>,
    /// The tool call id (tool events).
    pub tool_call_id: Option<String>,
    /// `delivery-mirror` or `gateway-injected` for rows OpenClaw synthesised.
    pub synthetic: Option<String>,
    /// The provenance kind of an inter-session message.
    pub provenance_kind: Option<String>,
    /// The session that sent an inter-session message.
    pub source_session_key: Option<String>,
    /// The tool that delivered an inter-session message.
    pub source_tool: Option<String>,
}

/// One item of `StateDir.sessionWindows` (SQLite era): a transcript that belonged to a session key.
#[napi(object, object_to_js = false, object_from_js = false)]
pub struct SessionWindow {
    /// The transcript's session id.
    pub session_id: String,
    /// The session key it belonged to.
    pub session_key: String,
    /// The window before it, when it continued one.
    pub previous_session_id: Option<String>,
    /// Why it started (`initial`, `reset`, `rollover`, `fork`, `rewind`, `switch`, `recovery`, `compaction`, …).
    pub reason: Option<String>,
    /// Start (epoch ms).
    pub started_at: Option<f64>,
    /// End (epoch ms); absent for the open window.
    pub ended_at: Option<f64>,
    /// Status as written (e.g. `open`).
    pub status: Option<String>,
    /// Chat type.
    pub chat_type: Option<String>,
    /// Channel id.
    pub channel: Option<String>,
    /// Channel account id.
    pub account_id: Option<String>,
    /// Whether the session reads this transcript now.
    pub current: bool,
    /// Where its lines are.
    #[napi(
        ts_type = "{ kind: 'file', path: string } | { kind: 'sqlite', database: string, sessionId: string }"
    )]
    pub transcript: String,
}
