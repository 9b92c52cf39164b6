"""Type stubs of the native module ``clawscope._native`` (hand-written; checked by ``mypy.stubtest``)."""

import datetime
import os
from collections.abc import Iterable, Mapping
from typing import NoReturn, final

from clawscope.types import (
    AgentInfo,
    HistoryKind,
    HistoryRow,
    SessionDetail,
    SessionState,
    SessionSummary,
    UsageReport,
    DecideInput,
    GatewayEvidence,
    GatewayExplanation,
    GatewayRuntime,
    Install,
    LaunchdService,
    Listener,
    ListenerFormat,
    OpenclawDirSource,
    OwnerReadOutcome,
    OwnerRecord,
    OwnershipDecision,
    PortProbe,
    PortSource,
    ServiceStatus,
    SessionKeyInfo,
)

__all__ = [
    "Gateway",
    "StateDir",
    "__version__",
    "_panic_for_tests",
    "decide_ownership",
    "decide_ownership_json",
    "discover_installs",
    "discover_installs_json",
    "error_codes",
    "foreign_gateway_message",
    "gateway_evidence",
    "gateway_evidence_json",
    "parse_launchctl_print",
    "parse_listeners",
    "parse_listeners_json",
    "parse_owner_record",
    "parse_owner_record_json",
    "parse_session_key",
    "parse_session_key_json",
    "probe_port",
    "probe_port_json",
]

__version__: str

_Path = str | os.PathLike[str]

@final
class Gateway:
    """The gateway of one openclaw dir: context (dir, config, port, CLI), owner file and runtime."""

    def __new__(
        cls,
        openclaw_dir: _Path | None = None,
        port: int | None = None,
        cli_path: _Path | None = None,
        *,
        config_path: _Path | None = None,
        env: Mapping[str, str] | None = None,
        runtime: GatewayRuntime | None = None,
    ) -> Gateway: ...
    @property
    def port(self) -> int: ...
    @property
    def port_source(self) -> PortSource: ...
    @property
    def openclaw_dir_source(self) -> OpenclawDirSource: ...
    @property
    def openclaw_dir(self) -> str: ...
    @property
    def config_path(self) -> str: ...
    @property
    def cli_path(self) -> str | None: ...
    @property
    def owner_path(self) -> str: ...
    def status(self) -> ServiceStatus: ...
    def status_json(self) -> str: ...
    def decide(self) -> OwnershipDecision: ...
    def decide_json(self) -> str: ...
    def runtime(self) -> GatewayRuntime: ...
    def ensure_owned(self, pid: int | None = None) -> OwnershipDecision: ...
    def claim(self, pid: int | None = None) -> OwnerRecord: ...
    def adopt(self, pid: int | None = None) -> OwnerRecord: ...
    def write_owner(self, pid: int | None = None) -> OwnerRecord: ...
    def read_owner(self) -> OwnerReadOutcome: ...
    def read_owner_json(self) -> str: ...
    def clear_owner(self) -> bool: ...
    def evidence(self) -> GatewayEvidence: ...
    def evidence_json(self) -> str: ...
    def explain(self) -> GatewayExplanation: ...
    def explain_json(self) -> str: ...

_Time = str | datetime.datetime

@final
class StateDir:
    """An OpenClaw state dir: agents, session stores (JSON and SQLite), transcripts. Read-only."""

    def __new__(cls, path: _Path | None = None, *, env: Mapping[str, str] | None = None) -> StateDir: ...
    @property
    def path(self) -> str: ...
    @property
    def config_path(self) -> str: ...
    def agents(self) -> list[AgentInfo]: ...
    def list_sessions(
        self,
        agent_id: str | None = None,
        state: SessionState | None = None,
        q: str | None = None,
        *,
        page: int = 1,
        page_size: int = 12,
        history_limit: int = 8,
        now: _Time | None = None,
    ) -> list[SessionSummary]: ...
    def list_sessions_json(
        self,
        agent_id: str | None = None,
        state: SessionState | None = None,
        q: str | None = None,
        *,
        page: int = 1,
        page_size: int = 12,
        history_limit: int = 8,
        now: _Time | None = None,
    ) -> str: ...
    def session_detail(
        self, key: str, history_limit: int = 50, *, now: _Time | None = None, include_abandoned: bool = False
    ) -> SessionDetail: ...
    def session_detail_json(
        self, key: str, history_limit: int = 50, *, now: _Time | None = None, include_abandoned: bool = False
    ) -> str: ...
    def session_detail_text(
        self, key: str, history_limit: int = 50, *, now: _Time | None = None, include_abandoned: bool = False
    ) -> str: ...
    def session_detail_html(
        self, key: str, history_limit: int = 50, *, now: _Time | None = None, include_abandoned: bool = False
    ) -> str: ...
    def events(self, key: str, limit: int = 50, kinds: Iterable[HistoryKind] | None = None) -> list[HistoryRow]: ...
    def events_json(self, key: str, limit: int = 50, kinds: Iterable[HistoryKind] | None = None) -> str: ...
    def usage(
        self,
        agent_id: str | None = None,
        session_key: str | None = None,
        since_day: str | None = None,
        until_day: str | None = None,
    ) -> UsageReport: ...
    def usage_json(
        self,
        agent_id: str | None = None,
        session_key: str | None = None,
        since_day: str | None = None,
        until_day: str | None = None,
    ) -> str: ...

def decide_ownership(input: DecideInput) -> OwnershipDecision: ...
def decide_ownership_json(input: DecideInput) -> str: ...
def parse_owner_record(data: str | bytes) -> OwnerReadOutcome: ...
def parse_owner_record_json(data: str | bytes) -> str: ...
def parse_listeners(format: ListenerFormat, text: str, port: int | None = None) -> list[Listener]: ...
def parse_listeners_json(format: ListenerFormat, text: str, port: int | None = None) -> str: ...
def parse_launchctl_print(text: str) -> LaunchdService: ...
def parse_session_key(key: str) -> SessionKeyInfo: ...
def parse_session_key_json(key: str) -> str: ...
def probe_port(port: int) -> PortProbe: ...
def probe_port_json(port: int) -> str: ...
def discover_installs(env: Mapping[str, str] | None = None) -> list[Install]: ...
def discover_installs_json(env: Mapping[str, str] | None = None) -> str: ...
def gateway_evidence(port: int, env: Mapping[str, str] | None = None) -> GatewayEvidence: ...
def gateway_evidence_json(port: int, env: Mapping[str, str] | None = None) -> str: ...
def foreign_gateway_message(port: int, pid: int | None = None) -> str: ...
def error_codes() -> list[str]: ...
def _panic_for_tests(message: str) -> NoReturn: ...
