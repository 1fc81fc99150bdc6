"""Benchmark the Sphinx build of synthetic conferences, with and without confnotes.

For each size N (``--sizes``, default 200 and 2000) and each repetition
(``--repeat``), alternating the order of the variants, it builds in fresh
output directories:

* ``ext``      full build of the site with confnotes (serial);
* ``plain``    full build of the same text in plain reST (the floor);
* ``edit``     rebuild of ``ext`` after appending a sentence with a new
               ``:tool:`` mention to one talk;
* ``noop``     rebuild of ``ext`` with nothing changed;
* ``ext-j2``   full build of the site with confnotes and ``-j 2``;
* ``plain-edit`` / ``plain-noop``  the same two rebuilds on the floor, for
               reference (what Sphinx alone re-writes).

Each build is ``<python> -m sphinx -b html -q -N SRC OUT`` in a subprocess,
timed by wall clock (and the children's CPU time). Documents re-read are the
doctree pickles, documents re-written the ``.html`` pages of documents, whose
mtime changed in the build. It prints medians, ratios and PASS/FAIL against
the targets of issue 7, and writes everything to
``benchmarks/results/<timestamp>.json``.

It is a script, never a test: ``python benchmarks/run.py --quick`` is the
smoke run (N=50, one repetition).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

#: html pages Sphinx (re)writes in every build that writes anything
SPECIAL_PAGES = {"genindex", "search", "py-modindex"}
TARGETS = {
    "overhead": 1.15,  # ext / plain, full build
    "growth": 11.0,  # time(10 N) / time(N), ext full build
    "parallel": 1.0,  # -j 2 / serial
}


def snapshot(outdir: Path) -> tuple[dict[str, int], dict[str, int]]:
    """``(doctrees, pages)``: docname -> mtime_ns of each file present."""
    doctrees: dict[str, int] = {}
    pages: dict[str, int] = {}
    dtdir = outdir / ".doctrees"
    if dtdir.is_dir():
        for path in dtdir.rglob("*.doctree"):
            doctrees[path.relative_to(dtdir).with_suffix("").as_posix()] = path.stat().st_mtime_ns
    if outdir.is_dir():
        for path in outdir.rglob("*.html"):
            rel = path.relative_to(outdir)
            if rel.parts[0].startswith("_"):
                continue
            pages[rel.with_suffix("").as_posix()] = path.stat().st_mtime_ns
    return doctrees, pages


def changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Keys new in *after* or with a different mtime."""
    return sorted(k for k, v in after.items() if before.get(k) != v)


def build(python: str, src: Path, out: Path, jobs: int = 1) -> dict:
    """Run one build; return wall/cpu seconds, what was read and written, warnings."""
    before = snapshot(out)
    cmd = [python, "-m", "sphinx", "-b", "html", "-q", "-N"]
    if jobs > 1:
        cmd += ["-j", str(jobs)]
    cmd += [str(src), str(out)]
    load = os.getloadavg()[0]
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(cmd)}")
    doctrees, pages = snapshot(out)
    read = changed(before[0], doctrees)
    written = changed(before[1], pages)
    warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line]
    return {
        "wall": round(wall, 3),
        "cpu": round(ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 3),
        "load1_before": round(load, 2),
        "read": len(read),
        "written": len([p for p in written if p not in SPECIAL_PAGES]),
        # names only for rebuilds (a full build reads and writes everything)
        "read_docs": read if len(read) <= 50 else [],
        "written_docs": written if len(read) <= 50 else [],
        "warnings": len(warnings),
        "first_warnings": warnings[:5],
    }


def log(msg: str) -> None:
    """Progress on stderr, with the time of day."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def one_size(python: str, work: Path, n: int, rep: int, sources: dict, results: dict) -> None:
    """All the builds of one repetition for one size."""
    src_ext, src_plain = sources[n]["ext"], sources[n]["plain"]
    manifest = sources[n]["manifest"]
    runs = results[str(n)]["runs"]

    def record(kind: str, res: dict) -> None:
        runs.setdefault(kind, []).append(res)
        log(
            f"N={n} rep={rep + 1} {kind:<10} wall {res['wall']:7.2f}s cpu {res['cpu']:7.2f}s "
            f"read {res['read']:5d} wrote {res['written']:5d} load {res['load1_before']}"
        )

    out_ext, out_plain = work / f"out-{n}-ext", work / f"out-{n}-plain"
    out_j2 = work / f"out-{n}-j2"
    for out in (out_ext, out_plain, out_j2):
        shutil.rmtree(out, ignore_errors=True)

    order = ("ext", "plain") if rep % 2 == 0 else ("plain", "ext")
    for variant in order:
        src, out = (src_ext, out_ext) if variant == "ext" else (src_plain, out_plain)
        record(variant, build(python, src, out))

    # The rebuilds, on both variants (the floor shows Sphinx's own share).
    for variant, src, out in (("", src_ext, out_ext), ("plain-", src_plain, out_plain)):
        talk = src / f"{manifest['edit']['docname']}.rst"
        original = talk.read_text()
        append = sources[n]["plain_append" if variant else "append"]
        try:
            talk.write_text(original + append)
            record(f"{variant}edit", build(python, src, out))
            record(f"{variant}noop", build(python, src, out))
        finally:
            talk.write_text(original)
    shutil.rmtree(out_plain, ignore_errors=True)
    shutil.rmtree(out_ext, ignore_errors=True)

    record("ext-j2", build(python, src_ext, out_j2, jobs=2))
    shutil.rmtree(out_j2, ignore_errors=True)


def median(runs: list[dict], key: str) -> float:
    """Median of one measure over the repetitions."""
    return round(statistics.median(r[key] for r in runs), 3)


def summarize(results: dict, sizes: list[int]) -> dict:
    """Medians, ratios and target verdicts."""
    summary: dict = {"sizes": {}, "targets": []}
    for n in sizes:
        data = results[str(n)]
        med = {
            kind: {
                "wall": median(runs, "wall"),
                "cpu": median(runs, "cpu"),
                "read": median(runs, "read"),
                "written": median(runs, "written"),
                "warnings": max(r["warnings"] for r in runs),
                "runs": len(runs),
            }
            for kind, runs in data["runs"].items()
        }
        summary["sizes"][str(n)] = med
    targets = summary["targets"]

    def add(name: str, value: float | str, limit: str, ok: bool | None, note: str = "") -> None:
        targets.append(
            {
                "target": name,
                "value": value,
                "limit": limit,
                "result": "PASS" if ok else ("FAIL" if ok is not None else "info"),
                "note": note,
            }
        )

    for n in sizes:
        med = summary["sizes"][str(n)]
        for key in ("wall", "cpu"):
            ratio = med["ext"][key] / med["plain"][key]
            verdict = ratio <= TARGETS["overhead"] if key == "wall" else None
            add(
                f"N={n}: ext / plain full build ({key})",
                round(ratio, 3),
                f"<= {TARGETS['overhead']}",
                verdict,
            )
    big, small = max(sizes), min(sizes)
    if big != small:
        factor = big / small
        med_b, med_s = summary["sizes"][str(big)], summary["sizes"][str(small)]
        limit = TARGETS["growth"] * factor / 10
        for variant in ("ext", "plain"):
            for key in ("wall", "cpu"):
                ratio = med_b[variant][key] / med_s[variant][key]
                add(
                    f"{variant} full build time(N={big}) / time(N={small}) ({key})",
                    round(ratio, 2),
                    f"<= {limit:g}",
                    ratio <= limit if (variant, key) == ("ext", "wall") else None,
                    "" if variant == "ext" else "the floor: Sphinx + furo + bibtex alone",
                )
        own_b = med_b["ext"]["cpu"] - med_b["plain"]["cpu"]
        own_s = med_s["ext"]["cpu"] - med_s["plain"]["cpu"]
        if own_s > 0:
            add(
                f"confnotes' own cost (ext - plain cpu) N={big} / N={small}",
                round(own_b / own_s, 2),
                f"<= {limit:g}",
                None,
                f"{own_b:.1f}s vs {own_s:.1f}s: how the extension's share grows",
            )
    for n in sizes:
        med = summary["sizes"][str(n)]
        edit = results[str(n)]["manifest"]["edit"]
        runs = results[str(n)]["runs"]["edit"]
        allowed = {edit["docname"], *edit["shows_its_data"], *edit["sphinx_toctree_parents"]}
        reads_ok = all(r["read_docs"] == [edit["docname"]] for r in runs)
        written = sorted({d for r in runs for d in r["written_docs"]} - SPECIAL_PAGES)
        beyond = [d for d in written if d not in allowed]
        ok = reads_ok and not beyond
        minimum = {edit["docname"], *edit["data_changed"], *edit["sphinx_toctree_parents"]}
        extra = [d for d in written if d in allowed and d not in minimum]
        add(
            f"N={n}: edit one talk re-reads 1 doc, re-writes only pages showing its data",
            f"read {med['edit']['read']:g}, wrote {med['edit']['written']:g}",
            f"read 1, wrote <= {len(allowed)}",
            ok,
            (
                f"{len(beyond)} pages beyond its data, e.g. " + ", ".join(beyond[:4]) + "; "
                if beyond
                else ""
            )
            + f"minimum {len(minimum)} ({', '.join(sorted(minimum))})"
            + (
                f"; also (show its title/link, unchanged): {', '.join(extra[:6])}"
                + ("..." if len(extra) > 6 else "")
                if extra
                else ""
            ),
        )
        if "plain-edit" in med:
            add(
                f"N={n}: floor (plain) edit, for reference",
                f"read {med['plain-edit']['read']:g}, wrote {med['plain-edit']['written']:g}",
                "-",
                None,
                "what Sphinx alone re-writes",
            )
        noop = med["noop"]
        add(
            f"N={n}: no-op rebuild reads 0, writes 0",
            f"read {noop['read']:g}, wrote {noop['written']:g}",
            "0 / 0",
            all(r["read"] == 0 and r["written"] == 0 for r in results[str(n)]["runs"]["noop"]),
        )
        ratio = med["ext-j2"]["wall"] / med["ext"]["wall"]
        add(
            f"N={n}: -j 2 / serial full build (wall)",
            round(ratio, 3),
            f"<= {TARGETS['parallel']}",
            ratio <= TARGETS["parallel"],
        )
    return summary


def table(summary: dict, sizes: list[int]) -> str:
    """The text table printed at the end (also stored in the JSON)."""
    kinds = ("ext", "plain", "ext-j2", "edit", "noop", "plain-edit", "plain-noop")
    lines = [
        f"{'N':>5}  {'build':<11} {'wall s':>8} {'cpu s':>8} {'read':>6} {'wrote':>6} {'warn':>5}",
    ]
    for n in sizes:
        med = summary["sizes"][str(n)]
        for kind in kinds:
            if kind not in med:
                continue
            m = med[kind]
            lines.append(
                f"{n:>5}  {kind:<11} {m['wall']:8.2f} {m['cpu']:8.2f} {m['read']:6g} "
                f"{m['written']:6g} {m['warnings']:5d}"
            )
    lines.append("")
    width = max(len(t["target"]) for t in summary["targets"])
    for t in summary["targets"]:
        lines.append(f"{t['target']:<{width}}  {t['value']!s:>18}  {t['limit']:>14}  {t['result']}")
        if t["note"]:
            lines.append(f"{'':<{width}}    {t['note']}")
    return "\n".join(lines)


def machine(python: str) -> dict:
    """nproc, CPU model, Python, Sphinx and docutils versions."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    versions = subprocess.run(
        [
            python,
            "-c",
            "import sys, sphinx, docutils, furo, sphinx_design, myst_parser;"
            "import importlib.metadata as m;"
            "print(sys.version.split()[0], sphinx.__version__, docutils.__version__,"
            " m.version('furo'), m.version('sphinx-design'), m.version('myst-parser'),"
            " m.version('sphinxcontrib-bibtex'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    keys = ("python", "sphinx", "docutils", "furo", "sphinx_design", "myst_parser", "bibtex")
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%h %cI", "--", "_ext/confnotes"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "confnotes_commit": commit,
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "platform": platform.platform(),
        **dict(zip(keys, versions, strict=True)),
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="200,2000", help="comma-separated numbers of talks (default: 200,2000)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="repetitions; medians are reported (default: 3)"
    )
    parser.add_argument(
        "--repeat-large",
        type=int,
        default=1,
        help="repetitions for sizes >= 1000 (default: 1, so that the default "
        "run fits in about 30 minutes on 2 cores)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: --sizes 50 --repeat 1")
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter that runs Sphinx (default: this one)"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where sources and outputs go (default: a temp dir, removed)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=HERE / "results",
        help="directory for the JSON (default: benchmarks/results)",
    )
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument(
        "--furo-nav",
        action="store_true",
        help="keep furo's global navigation in every page (O(N^2); "
        "hours at N=2000, see generate.NAV_HOOK)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "50", 1
    sizes = sorted(int(s) for s in args.sizes.split(","))

    work = args.workdir or Path(tempfile.mkdtemp(prefix="confnotes-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    log(
        f"work dir {work}; sizes {sizes}; repeat {args.repeat} "
        f"({args.repeat_large} for N >= 1000); python {args.python}"
    )
    results: dict = {
        "started": started.isoformat(timespec="seconds"),
        "args": {
            "sizes": sizes,
            "repeat": args.repeat,
            "repeat_large": args.repeat_large,
            "seed": args.seed,
            "python": args.python,
            "furo_nav": args.furo_nav,
        },
        "machine": machine(args.python),
        "load_before": list(os.getloadavg()),
    }
    sources: dict = {}
    for n in sizes:
        src_ext, src_plain = work / f"src-{n}-ext", work / f"src-{n}-plain"
        manifest, plain_manifest = (
            generate.write_site(
                n,
                src,
                plain=plain,
                seed=args.seed,
                ext_dir=HERE.parent / "_ext",
                furo_nav=args.furo_nav,
            )
            for src, plain in ((src_ext, False), (src_plain, True))
        )
        sources[n] = {
            "ext": src_ext,
            "plain": src_plain,
            "manifest": manifest,
            "append": manifest["edit"]["append"],
            "plain_append": plain_manifest["edit"]["append"],
        }
        results[str(n)] = {"manifest": manifest, "runs": {}}
    try:
        for rep in range(max(args.repeat, args.repeat_large)):
            for n in sizes:
                if rep < (args.repeat_large if n >= 1000 else args.repeat):
                    one_size(args.python, work, n, rep, sources, results)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    summary = summarize(results, sizes)
    results["summary"] = summary
    results["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    results["load_after"] = list(os.getloadavg())
    text = table(summary, sizes)
    results["table"] = text.splitlines()
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(text)
    m = results["machine"]
    print(
        f"\nmachine: {m['nproc']} x {m['cpu_model']}; Python {m['python']}, "
        f"Sphinx {m['sphinx']}, docutils {m['docutils']}; "
        f"load {results['load_before'][0]:.2f} -> {results['load_after'][0]:.2f}"
    )
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
