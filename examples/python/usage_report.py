"""A tiny usage report: tokens and cost per day, model and agent, with a chart.

    python examples/python/usage_report.py [--state-dir DIR] [--chart usage.png]

The chart is a PNG written with matplotlib when it is importable; otherwise a text bar chart is printed.
Without --state-dir it reads the bundled sample state (tests/fixtures/state/file-era).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import clawscope
from _sample import FILE_ERA_STATE
from clawscope.types import UsageTotals


def table(title: str, rows: dict[str, UsageTotals]) -> None:
    print(f"\n{title}")
    print(f"  {'':<28} {'REQUESTS':>8} {'INPUT':>9} {'OUTPUT':>9} {'TOKENS':>10} {'COST':>10}")
    for name, t in rows.items():
        print(
            f"  {name:<28} {t['requests']:>8} {t['input']:>9} {t['output']:>9} {t['totalTokens']:>10} "
            f"{t['cost']:>10.4f}"
        )


def text_chart(rows: dict[str, UsageTotals], width: int = 40) -> None:
    print("\ntokens per model (text chart; install matplotlib for a PNG)")
    top = max((t["totalTokens"] for t in rows.values()), default=0)
    for name, t in rows.items():
        bar = "#" * (round(width * t["totalTokens"] / top) if top else 0)
        print(f"  {name:<28} {bar} {t['totalTokens']}")


def png_chart(rows: dict[str, UsageTotals], path: Path) -> None:
    import matplotlib  # type: ignore[import-not-found, unused-ignore]

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # type: ignore[import-not-found, unused-ignore]

    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.barh(list(rows), [t["totalTokens"] for t in rows.values()])
    ax.set_xlabel("tokens")
    ax.set_title("tokens per model")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    print(f"\nchart written to {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", default=str(FILE_ERA_STATE), help="the OpenClaw state dir")
    parser.add_argument("--agent", help="only this agent")
    parser.add_argument("--chart", default="usage.png", type=Path, help="where to write the PNG chart")
    parser.add_argument("--text-chart", action="store_true", help="print a text chart even if matplotlib exists")
    args = parser.parse_args(argv)

    try:
        report = clawscope.StateDir(args.state_dir).usage(agent_id=args.agent)
    except clawscope.ClawscopeError as err:
        print(f"error [{err.code}]: {err}", file=sys.stderr)
        return 1
    t = report["totals"]
    print(f"usage of {args.state_dir}")
    print(f"  requests {t['requests']}  tokens {t['totalTokens']}  cost {t['cost']:.4f}")
    table("per day (UTC)", report["byDay"])
    table("per model", report["byModel"])
    table("per agent", report["byAgent"])
    if importlib.util.find_spec("matplotlib") is not None and not args.text_chart:
        png_chart(report["byModel"], args.chart)
    else:
        text_chart(report["byModel"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
