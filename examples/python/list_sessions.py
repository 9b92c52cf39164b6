"""List the sessions of an OpenClaw state dir, newest activity first.

    python examples/python/list_sessions.py [--state-dir DIR] [--agent ID] [--state STATE] [-q TEXT] [--json]

Without --state-dir it reads the bundled sample state (tests/fixtures/state/file-era).
"""

from __future__ import annotations

import argparse
import json
import sys

import clawscope
from _sample import FILE_ERA_STATE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", default=str(FILE_ERA_STATE), help="the OpenClaw state dir")
    parser.add_argument("--agent", help="only this agent")
    parser.add_argument("--state", choices=["idle", "running", "blocked", "waiting_approval", "error"])
    parser.add_argument("-q", help="text in the key, label or agent id")
    parser.add_argument("--now", help="RFC 3339 time used for the recency rule (default: now)")
    parser.add_argument("--json", action="store_true", help="print the canonical JSON instead of a table")
    args = parser.parse_args(argv)

    try:
        state = clawscope.StateDir(args.state_dir)
        sessions = state.list_sessions(args.agent, args.state, args.q, page_size=100, now=args.now)
    except clawscope.ClawscopeError as err:
        print(f"error [{err.code}]: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(sessions, ensure_ascii=False, indent=2))
        return 0
    print(f"{'KEY':<72} {'AGENT':<14} {'STATE':<8} {'LAST ACTIVITY':<24} EVENTS")
    for s in sessions:
        print(
            f"{s['sessionKey']:<72} {s['agentId']:<14} {s['state']:<8} "
            f"{s['lastActivityAt'] or '-':<24} {s['historyCount']}"
        )
    print(f"{len(sessions)} sessions in {state.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
