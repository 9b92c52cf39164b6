"""Where the bundled sample state lives (the repository's shared test fixtures)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_STATE = REPO / "tests" / "fixtures" / "state" / "seed"
"""The state dir of the 会话详情 golden page (one Feishu DM session of agent opc-ops-agent)."""
FILE_ERA_STATE = REPO / "tests" / "fixtures" / "state" / "file-era"
"""An OpenClaw 2026.7-style state dir with several agents, a sub-agent, cron runs and broken entries."""
SEED_KEY = "agent:opc-ops-agent:feishu:direct:ou_1054cd24fb96e4b98b5200863f69cf4e"
"""The session of the seed page."""
