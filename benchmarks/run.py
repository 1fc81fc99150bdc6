"""Benchmark the Sphinx build of synthetic conferences, with and without confnotes.

For each size N (``--sizes``, default 200 and 2000) and each repetition
(``--repeat``), alternating the order of the variants, it builds in fresh
output directories:

* ``ext``      full build of the site as it ships: confnotes, furo and the
               confnotes sidebar navigation (serial);
* ``plain``    full build of the same text in plain reST with no navigation
               (the floor);
* ``edit-prose`` rebuild of ``ext`` after appending a sentence of prose to
               one talk;
* ``edit``     then after appending a sentence with a new ``:tool:`` mention;
* ``noop``     then with nothing changed;
* ``edit-title`` then after retitling the talk;
* ``ext-j2``   full build of the site with confnotes and ``-j 2``;
* ``plain-edit-prose``, ``plain-edit``, ``plain-noop``, ``plain-edit-title``
               the same rebuilds on the floor, for reference (what Sphinx
               alone re-reads and re-writes).

Each build is ``<python> -m sphinx -b html -q -N SRC OUT`` in a subprocess,
timed by wall clock (and the children's CPU time). Documents re-read are the
doctree pickles, documents re-written the ``.html`` pages of documents, whose
mtime changed in the build. It prints medians, ratios and PASS/FAIL against
the targets of issue 10, and writes everything to
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

#: html pages (re)written by every build that writes anything: Sphinx's own,
#: and sphinx-notfound-page's 404 page (made at html-collect-pages, like search)
SPECIAL_PAGES = {"genindex", "search", "py-modindex", "404"}
TARGETS = {
    "overhead": 1.25,  # ext (as shipped) / plain (no navigation), full build
    "growth": 11.0,  # time(10 N) / time(N), ext full build
    "edit": 2.0,  # ext edit / plain edit, at the largest size
    "parallel": 1.0,  # -j 2 / serial
}
#: Serial builds are one process: its CPU seconds equal its wall seconds on an
#: idle machine and stay put when other processes share the CPUs, so the
#: serial ratios are judged on CPU (wall shown as info); ``-j 2`` on wall.
VERDICT_ON = "cpu"
#: the rebuilds, in the order they run (each on top of the previous one)
REBUILDS = ("edit-prose", "edit", "noop", "edit-title")


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

    # The rebuilds, on both variants (the floor shows Sphinx's own share),
    # each on top of the previous one: prose, a new mention, nothing, a title.
    for variant, src, out in (("", src_ext, out_ext), ("plain-", src_plain, out_plain)):
        edit = sources[n]["plain_edit" if variant else "edit"]
        talk = src / f"{edit['docname']}.rst"
        original = talk.read_text()
        steps = {step["kind"]: step for step in edit["steps"]}
        try:
            text = original
            for kind in REBUILDS:
                for old, new in steps[kind]["replace"] if kind in steps else ():
                    if old and old not in text:
                        raise SystemExit(f"{talk}: cannot apply {kind}: {old!r} not found")
                    text = text.replace(old, new, 1) if old else text + new
                if text != talk.read_text():  # a no-op leaves the file (and its mtime) alone
                    talk.write_text(text)
                record(f"{variant}{kind}", build(python, src, out))
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
            verdict = ratio <= TARGETS["overhead"] if key == VERDICT_ON else None
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
                    ratio <= limit if (variant, key) == ("ext", VERDICT_ON) else None,
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
        for step in edit["steps"]:
            kind = step["kind"]
            runs = results[str(n)]["runs"][kind]
            allowed, minimum = set(step["allowed"]), set(step["minimum"])
            reads_ok = all(r["read_docs"] == [edit["docname"]] for r in runs)
            written = sorted({d for r in runs for d in r["written_docs"]} - SPECIAL_PAGES)
            beyond = [d for d in written if d not in allowed]
            missing = sorted(minimum - set(written))
            extra = [d for d in written if d in allowed and d not in minimum]
            notes = []
            if beyond:
                notes.append(f"{len(beyond)} pages beyond its data, e.g. " + ", ".join(beyond[:4]))
            if missing:
                notes.append("NOT re-written although they show a change: " + ", ".join(missing))
            notes.append(
                f"{step['what']}; minimum {len(minimum)}"
                + (f" ({', '.join(sorted(minimum))})" if len(minimum) <= 4 else "")
            )
            if extra:
                notes.append(
                    "also (show the talk, unchanged): "
                    + ", ".join(extra[:6])
                    + ("..." if len(extra) > 6 else "")
                )
            add(
                f"N={n}: {kind}: re-reads 1 doc, re-writes the pages that show the change",
                f"read {med[kind]['read']:g}, wrote {med[kind]['written']:g}",
                f"read 1, wrote {len(minimum)}..{len(allowed)}",
                reads_ok and not beyond and not missing,
                "; ".join(notes),
            )
            floor = med.get(f"plain-{kind}")
            if floor is None:
                continue
            add(
                f"N={n}: {kind} floor (plain), for reference",
                f"read {floor['read']:g}, wrote {floor['written']:g}",
                "-",
                None,
                "what Sphinx alone re-reads and re-writes",
            )
            for key in ("wall", "cpu"):
                ratio = med[kind][key] / floor[key]
                target = kind == "edit" and key == VERDICT_ON and n == max(sizes)
                add(
                    f"N={n}: {kind} / floor's {kind} ({key})",
                    round(ratio, 3),
                    f"<= {TARGETS['edit']}",
                    ratio <= TARGETS["edit"] if target else None,
                    f"{med[kind][key]:.1f}s vs {floor[key]:.1f}s" if key == "wall" else "",
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
    kinds = ("ext", "plain", "ext-j2", *REBUILDS, *(f"plain-{k}" for k in REBUILDS))
    lines = [
        f"{'N':>5}  {'build':<16} {'wall s':>8} {'cpu s':>8} {'read':>6} {'wrote':>6} {'warn':>5}",
    ]
    for n in sizes:
        med = summary["sizes"][str(n)]
        for kind in kinds:
            if kind not in med:
                continue
            m = med[kind]
            lines.append(
                f"{n:>5}  {kind:<16} {m['wall']:8.2f} {m['cpu']:8.2f} {m['read']:6g} "
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
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "_ext/confnotes"],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "confnotes_commit": commit + (" (with uncommitted changes)" if dirty else ""),
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
        "--drop-nav",
        action="store_true",
        help="drop the sidebar navigation from the confnotes site too (a diagnostic: "
        "what the navigation costs; the floor never has one)",
    )
    parser.add_argument(
        "--ext-dir",
        type=Path,
        default=HERE.parent / "_ext",
        help="directory holding the confnotes package to measure (default: this "
        "checkout's _ext; point it at a copy to measure one version while editing)",
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
            "drop_nav": args.drop_nav,
            "ext_dir": str(args.ext_dir),
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
                ext_dir=args.ext_dir.resolve(),
                drop_nav=True if args.drop_nav and not plain else None,
            )
            for src, plain in ((src_ext, False), (src_plain, True))
        )
        sources[n] = {
            "ext": src_ext,
            "plain": src_plain,
            "manifest": manifest,
            "edit": manifest["edit"],
            "plain_edit": plain_manifest["edit"],
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
