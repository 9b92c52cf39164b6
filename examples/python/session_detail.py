"""Print the 会话详情 (session detail) page of one session, as text, HTML or JSON.

    python examples/python/session_detail.py [--state-dir DIR] [--key KEY] [--limit N] [--now TIME] [--html|--json]

Without arguments it prints the seed page of the bundled sample state (tests/fixtures/state/seed).
"""

from __future__ import annotations

import argparse
import sys

import clawscope
from _sample import SEED_KEY, SEED_STATE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", default=str(SEED_STATE), help="the OpenClaw state dir")
    parser.add_argument("--key", default=SEED_KEY, help="the session key")
    parser.add_argument("--limit", type=int, default=50, help="history rows, 1-200")
    parser.add_argument("--now", help="RFC 3339 time shown as generatedAt (default: now)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--html", action="store_true", help="print the HTML page")
    form.add_argument("--json", action="store_true", help="print the control-center JSON document")
    args = parser.parse_args(argv)

    try:
        state = clawscope.StateDir(args.state_dir)
        if args.html:
            page = state.session_detail_html(args.key, args.limit, now=args.now)
        elif args.json:
            page = state.session_detail_json(args.key, args.limit, now=args.now)
        else:
            page = state.session_detail_text(args.key, args.limit, now=args.now)
    except clawscope.ClawscopeError as err:
        print(f"error [{err.code}]: {err}", file=sys.stderr)
        return 1
    sys.stdout.write(page if page.endswith("\n") else page + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
