#!/usr/bin/env python3
"""Time ``make test`` and ``make check`` against one fresh strict ``make html``, in one run.

Issue 17's budget is relative, so it holds on any machine: ``make test`` at
most 25 times, ``make check`` at most 30 times, the wall time of a fresh
strict ``make html`` of the same tree. This script measures the three on
the tree it is run in (a fresh build folder each, nothing reused from an
earlier run) and prints the ratios; ``--json`` writes them to a file too.
Never run by ``make test``: it is a measurement, not a test.

    python3 benchmarks/suite_time.py            # html (median of 3), test, check
    python3 benchmarks/suite_time.py --skip-check --html-runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = {"test": 25, "check": 30}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run *command* in the repository; return wall seconds, exit status and output tail."""
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    return seconds, proc.returncode, (proc.stdout + proc.stderr)[-2000:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="PYTHON= for make")
    parser.add_argument("--html-runs", type=int, default=3, help="fresh html builds (median)")
    parser.add_argument("--skip-test", action="store_true")
    parser.add_argument("--skip-check", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    make = shutil.which("make") or "make"
    env = {**os.environ, "NO_COLOR": "1"}
    figures: dict[str, object] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "load_before": os.getloadavg()[0],
    }
    with tempfile.TemporaryDirectory(prefix="suite-time-") as tmp:
        html = []
        for run in range(args.html_runs):
            builddir = Path(tmp, f"html-{run}")
            seconds, status, tail = timed(
                [make, "-s", "html", f"PYTHON={args.python}", f"BUILDDIR={builddir}"], env
            )
            if status:
                print(tail, file=sys.stderr)
                return status
            html.append(seconds)
        base = statistics.median(html)
        figures["html_runs"] = html
        figures["html"] = base
        print(f"fresh strict make html: {base:.1f} s (median of {html})")
        stages = [] if args.skip_test else [("test", [make, "-s", "test"])]
        if not args.skip_check:
            stages.append(("check", [make, "-s", "check", f"BUILDDIR={Path(tmp, 'check')}"]))
        for name, command in stages:
            seconds, status, tail = timed([*command, f"PYTHON={args.python}"], env)
            ratio = seconds / base
            figures[name] = seconds
            figures[f"{name}_ratio"] = ratio
            figures[f"{name}_status"] = status
            verdict = (
                "ok"
                if ratio <= BUDGETS[name] and status == 0
                else "OVER"
                if status == 0
                else "FAILED"
            )
            print(
                f"make {name}: {seconds:.1f} s = {ratio:.1f}x html"
                f" (budget {BUDGETS[name]}x) {verdict}"
            )
            if status:
                print(tail, file=sys.stderr)
    figures["load_after"] = os.getloadavg()[0]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
