"""Types of the documents clawscope returns.

Every document crosses from Rust as plain ``dict``/``list`` values built from the serde JSON, so the keys are the
Rust serde names: camelCase for OpenClaw/ClawPanel wire objects (``openclawDir``, ``recordedPid``), snake_case where
ClawPanel itself uses it (``ServiceStatus``: ``cli_installed``, ``owned_by_current_instance``). These ``TypedDict``
classes describe them for type checkers; at runtime they are ordinary dicts.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, Union

__all__ = [
    "AgentInfo",
    "SessionWindow",
    "TranscriptLocation",
    "ChainSummary",
    "CliMismatchReason",
    "Confidence",
    "ConfigDiagnostic",
    "CorruptKind",
    "CorruptReason",
    "DecideInput",
    "DecisionReason",
    "DirMismatchReason",
    "EvidenceFact",
    "GatewayConfig",
    "GatewayEvidence",
    "GatewayExplanation",
    "GatewayRuntime",
    "GatewaySignature",
    "EventKind",
    "HistoryKind",
    "HistoryRow",
    "Install",
    "LaunchdService",
    "Listener",
    "ListenerEvidence",
    "ListenerFormat",
    "NoRecordReason",
    "NotRunningReason",
    "NotWrittenByClawpanelReason",
    "OpenclawDirSource",
    "OwnerAction",
    "OwnerCorrupt",
    "OwnerDialect",
    "OwnerMissing",
    "OwnerReadOutcome",
    "OwnerRecord",
    "OwnerValid",
    "Ownership",
    "OwnershipDecision",
    "PathStyle",
    "PeerKind",
    "PortMismatchReason",
    "PortProbe",
    "PortSource",
    "ProbeSource",
    "ProbedListener",
    "Serves",
    "ServiceStatus",
    "SessionDetail",
    "SessionKeyInfo",
    "SessionKeyKind",
    "SessionState",
    "TranscriptEvents",
    "SessionSummary",
    "SignatureMatchReason",
    "StoreBackend",
    "ToolStatus",
    "UsageReport",
    "UsageTotals",
]

Ownership = Literal["stopped", "owned", "foreign"]
"""Who owns the gateway, in ClawPanel's words."""

OwnerAction = Literal["none", "refresh_pid", "claim"]
"""What to write to the owner file to make a decision true."""

PortSource = Literal["env", "config", "default", "explicit"]
"""Where the gateway port came from."""

OpenclawDirSource = Literal["panel_config", "state_dir_env", "openclaw_home_env", "default", "explicit"]
"""Where the openclaw dir came from."""

OwnerDialect = Literal["web", "tauri", "both", "unknown"]
"""Which key set an owner file used: ClawPanel Web (camelCase), the Tauri app (snake_case), both, or neither."""

CorruptKind = Literal["empty", "too_large", "invalid_utf8", "invalid_json", "not_an_object", "invalid_field"]
"""Why an owner file could not be understood."""

PathStyle = Literal["unix", "windows"]
"""Which path syntax a path follows."""

ProbeSource = Literal["proc", "ss", "lsof", "netstat"]
"""Where a listener's pid came from."""

Confidence = Literal["certain", "likely", "unknown"]
"""How sure the evidence is about which install a gateway serves."""


class GatewayRuntime(TypedDict, total=False):
    """The runtime state of the gateway port (as input, only ``running`` is required)."""

    running: bool
    pid: int | None
    commandLine: str | None
    isGateway: bool | None


class GatewaySignature(TypedDict):
    """What identifies "our" gateway: port, openclaw dir, CLI path."""

    port: int
    openclawDir: str
    cliPath: str | None


class _DecideInputRequired(TypedDict):
    signature: GatewaySignature
    runtime: GatewayRuntime


class DecideInput(_DecideInputRequired, total=False):
    """The input of :func:`clawscope.decide_ownership`: the owner file's text (absent or ``None``: no file), the
    signature, the runtime, and the home/cwd/path style used to normalise paths."""

    ownerText: str | None
    home: str | None
    cwd: str | None
    pathStyle: PathStyle | None


class NotRunningReason(TypedDict):
    """The gateway is not running; the record was not consulted."""

    kind: Literal["not_running"]


class NoRecordReason(TypedDict):
    """There is no owner file: claim it."""

    kind: Literal["no_record"]


class SignatureMatchReason(TypedDict):
    """The record matches the current signature."""

    kind: Literal["signature_match"]
    recordedPid: int | None


class NotWrittenByClawpanelReason(TypedDict):
    """Port and dir match but ``startedBy`` is not ``"clawpanel"``: auto-claim."""

    kind: Literal["not_written_by_clawpanel"]
    startedBy: str | None


class CliMismatchReason(TypedDict):
    """Port and dir match but both CLI paths are set and differ: auto-claim."""

    kind: Literal["cli_mismatch"]
    recorded: str
    current: str


class PortMismatchReason(TypedDict):
    """The recorded port is not the current one: foreign."""

    kind: Literal["port_mismatch"]
    recorded: int | None
    current: int


class DirMismatchReason(TypedDict):
    """The recorded dir is not the current one (or missing): foreign."""

    kind: Literal["dir_mismatch"]
    recorded: str | None
    current: str


class CorruptReason(TypedDict):
    """The owner file could not be understood: claimed, like ClawPanel does, but said explicitly."""

    kind: Literal["corrupt"]
    corruptKind: CorruptKind
    detail: str


DecisionReason = Union[
    NotRunningReason,
    NoRecordReason,
    SignatureMatchReason,
    NotWrittenByClawpanelReason,
    CliMismatchReason,
    PortMismatchReason,
    DirMismatchReason,
    CorruptReason,
]
"""Why a decision came out as it did (tagged by ``kind``)."""


class OwnershipDecision(TypedDict):
    """The ownership decision: ownership, the action to take, the reason, and the live pid it was made with."""

    ownership: Ownership
    action: OwnerAction
    reason: DecisionReason
    pid: int | None


class _ServiceStatusRequired(TypedDict):
    label: str
    running: bool
    pid: int | None
    description: str
    cli_installed: bool
    ownership: Ownership
    owned_by_current_instance: bool
    decision: OwnershipDecision


class ServiceStatus(_ServiceStatusRequired, total=False):
    """ClawPanel's ``ServiceStatus`` (snake_case keys), plus the decision; ``owner_write_error`` is present only
    when the decision asked for a write and it failed."""

    owner_write_error: str


class _OwnerRecordRequired(TypedDict):
    port: int | None
    cliPath: str | None
    openclawDir: str | None
    pid: int | None
    startedAt: str | None
    startedBy: str | None
    dialect: OwnerDialect


class OwnerRecord(_OwnerRecordRequired, total=False):
    """A readable owner record (``conflicts`` and ``extra`` are present only when non-empty)."""

    conflicts: list[str]
    extra: dict[str, Any]


class OwnerMissing(TypedDict):
    """There is no owner file."""

    status: Literal["missing"]


class OwnerValid(TypedDict):
    """The owner file was read."""

    status: Literal["valid"]
    record: OwnerRecord


class OwnerCorrupt(TypedDict):
    """The owner file exists but cannot be understood."""

    status: Literal["corrupt"]
    kind: CorruptKind
    reason: str


OwnerReadOutcome = Union[OwnerMissing, OwnerValid, OwnerCorrupt]
"""The result of reading an owner file (tagged by ``status``)."""


class ProbedListener(TypedDict):
    """One process (or an unknown one) listening on a probed port."""

    pid: int | None
    localAddress: str | None
    inode: int | None
    uid: int | None
    commandLine: str | None
    startTime: int | None
    isGateway: bool | None
    source: ProbeSource


class PortProbe(TypedDict):
    """Everything listening on one TCP port."""

    port: int
    listeners: list[ProbedListener]


class _EvidenceFactRequired(TypedDict):
    kind: str
    source: str
    value: str


class EvidenceFact(_EvidenceFactRequired, total=False):
    """One fact about a gateway process and where it came from (``path`` when it came from a file)."""

    path: str


class ListenerEvidence(TypedDict):
    """The facts about one listening process."""

    pid: int
    isGateway: bool | None
    facts: list[EvidenceFact]


class Serves(TypedDict):
    """The install a gateway serves, and the fact that says so."""

    configPath: str
    stateDir: str | None
    pid: int
    via: str


class GatewayEvidence(TypedDict):
    """Evidence about the gateway on a port and the conclusion: which install it serves, with what confidence."""

    port: int
    listeners: list[ListenerEvidence]
    otherFacts: list[EvidenceFact]
    serves: Serves | None
    confidence: Confidence


class GatewayExplanation(TypedDict):
    """Why a gateway is owned or foreign: the decision next to the evidence."""

    decision: OwnershipDecision
    evidence: GatewayEvidence


Install = dict[str, Any]
"""One OpenClaw install (``stateDir``, ``configPath``, ``configExists``, ``origins``, ``profile``, ``port``,
``portSource``, ``portProblem``, ``clis``, ``services``, ``panelPointsHere``): an open-ended record."""


SessionKeyKind = Literal[
    "main",
    "direct",
    "group",
    "channel",
    "thread",
    "topic",
    "subagent",
    "cron",
    "cron_run",
    "acp",
    "hook",
    "heartbeat",
    "node",
    "global",
    "unknown",
    "legacy",
    "other",
]
"""What a session key's shape says the session is."""

PeerKind = Literal["direct", "group", "channel"]
"""The chat type of a session key's peer segment."""


class _SessionKeyRequired(TypedDict):
    key: str
    kind: SessionKeyKind
    rest: str
    legacy: bool


class SessionKeyInfo(_SessionKeyRequired, total=False):
    """A parsed session key: ``key`` is the canonical form; the other parts are present only when the shape has
    them (``legacyDm`` only when true)."""

    agentId: str
    channel: str
    accountId: str
    peerKind: PeerKind
    peerId: str
    threadId: str
    topicId: str
    id: str
    runId: str
    parent: str
    legacyDm: bool


SessionState = Literal["idle", "running", "blocked", "waiting_approval", "error"]
"""A session's run state (the control center's ``toState``)."""

HistoryKind = Literal["message", "inter_session", "tool_event"]

#: The kind of a typed transcript event (`StateDir.transcript_events`).
EventKind = Literal[
    "message",
    "thinking",
    "tool_call",
    "tool_result",
    "image",
    "model_change",
    "thinking_level_change",
    "compaction",
    "branch_summary",
    "custom_message",
    "inter_session",
    "subagent_spawn",
    "subagent_announce",
    "subagent_task",
    "system_event",
    "error",
    "reset",
]


class TranscriptEvents(TypedDict):
    """`StateDir.transcript_events()`: the typed events of one transcript (each a dict with `kind`, `role`,
    `timestampMs`, `text`, `tool`, `usage`, … — see the Rust `Event`), oldest first, and line diagnostics."""

    sessionKey: str
    events: list[dict[str, Any]]
    diagnostics: list[dict[str, Any]]
    readDiagnostics: list[dict[str, Any]]
    diagnosticCount: int
"""What a history row shows."""

ToolStatus = Literal["ok", "error"]
"""The outcome of a tool call."""

StoreBackend = Literal["json", "sqlite"]
"""Which kind of store a session was read from."""


class _AgentInfoRequired(TypedDict):
    id: str
    isDefault: bool
    inConfig: bool
    dir: str
    hasDir: bool
    stores: list[StoreBackend]


class AgentInfo(_AgentInfoRequired, total=False):
    """One agent of a state dir (``name`` when ``agents.list`` sets one)."""

    name: str


class TranscriptLocation(TypedDict, total=False):
    """Where a transcript lives: ``{"kind": "file", "path"}`` or ``{"kind": "sqlite", "database", "sessionId"}``."""

    kind: Literal["file", "sqlite"]
    path: str
    database: str
    sessionId: str


class _SessionWindowRequired(TypedDict):
    sessionId: str
    sessionKey: str
    current: bool
    transcript: TranscriptLocation


class SessionWindow(_SessionWindowRequired, total=False):
    """One row of ``session_windows`` (SQLite era): a transcript that belonged to a session key; times in epoch ms."""

    previousSessionId: str
    reason: str
    startedAt: int
    endedAt: int
    status: str
    chatType: str
    channel: str
    accountId: str


class ChainSummary(TypedDict):
    """The execution-chain summary of a listed session."""

    parentSessionKey: str | None
    childCount: int
    source: str
    inferred: bool


class SessionSummary(TypedDict):
    """One item of :meth:`clawscope.StateDir.list_sessions`."""

    sessionKey: str
    agentId: str
    sessionId: str | None
    label: str | None
    state: SessionState
    lastMessageAt: str | None
    lastActivityAt: str | None
    latestSnippet: str | None
    latestRole: str | None
    latestKind: HistoryKind | None
    latestToolName: str | None
    latestHistoryAt: str | None
    historyCount: int
    toolEventCount: int
    historyError: str | None
    chain: ChainSummary | None


class _HistoryRowRequired(TypedDict):
    kind: HistoryKind
    role: str
    content: str


class HistoryRow(_HistoryRowRequired, total=False):
    """One history event (absent keys: the row has no such part)."""

    timestamp: str
    toolName: str
    toolStatus: ToolStatus
    cleanText: str
    sender: dict[str, Any]
    entryId: str
    toolCallId: str
    synthetic: str
    provenanceKind: str
    sourceSessionKey: str
    sourceTool: str


class UsageTotals(TypedDict):
    """Token and cost totals."""

    requests: int
    input: int
    output: int
    cacheRead: int
    cacheWrite: int
    totalTokens: int
    cost: float


class UsageReport(TypedDict):
    """Usage totals with breakdowns per UTC day, model, provider, agent and session (keys sorted)."""

    totals: UsageTotals
    byDay: dict[str, UsageTotals]
    byModel: dict[str, UsageTotals]
    byProvider: dict[str, UsageTotals]
    byAgent: dict[str, UsageTotals]
    bySession: dict[str, UsageTotals]


SessionDetail = dict[str, Any]
"""The session-detail page in the control center's JSON API shape (``ok``, ``generatedAt``, ``session``,
``status``, ``latest*``, ``historyCount``, ``history`` oldest first, ``historyError``, ``executionChain``) plus
clawscope's extra fields: an open-ended document."""


ListenerFormat = Literal["ss", "lsof_pids", "lsof", "proc_net_tcp", "proc_net_tcp6", "netstat"]
"""Which command output a text comes from."""


class Listener(TypedDict):
    """One listening socket (or one process holding it) as a command output reports it."""

    pid: int | None
    process: str | None
    localAddress: str | None
    port: int | None
    inode: int | None
    uid: int | None


class LaunchdService(TypedDict):
    """What ``launchctl print`` says about a service."""

    pid: int | None
    state: str | None


class ConfigDiagnostic(TypedDict):
    """A config value that could not be used, and what was done instead."""

    field: str
    value: str
    message: str


class GatewayConfig(TypedDict):
    """The gateway section of ``openclaw.json``; secrets are ``"<redacted>"``."""

    port: int
    portSource: PortSource
    mode: str | None
    bind: str | None
    customBindHost: str | None
    authMode: str | None
    authToken: str | None
    authPassword: str | None
    diagnostics: list[ConfigDiagnostic]
