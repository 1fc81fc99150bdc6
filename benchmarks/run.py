"""Benchmark the Sphinx build of a synthetic conference: confnotes, the floor and the peers.

For each size N (``--sizes``, default 200, 1000 and 2000) and repetition,
rotating the order of the variants from one repetition to the next, each
variant of the same generated conference (``generate.py``, ``peers.py``):

* ``ext``    the site as it ships: confnotes, its sidebar, the open-web extensions;
* ``plain``  the same text in plain reST, no navigation (the floor);
* ``ablog``  the conference as an ablog blog (a post per talk, archive pages);
* ``needs``  the conference as sphinx-needs records (needs, links, needtables);

gets, in fresh output directories:

* a full serial build (the row named after the variant);
* ``edit-prose``, ``edit`` (a new tool mention), ``noop``, ``edit-title``:
  rebuilds after editing one talk, each on top of the previous one (rows
  ``<variant>-<kind>``; confnotes' have no prefix, as before issue 21);
* ``<variant>-j2``: a full build with ``-j 2``;
* ``ext-paired`` and ``plain-paired``: confnotes' and the floor's full
  builds again, at the same time, each on a CPU of its own (swapped from
  one pair to the next; ``--pairs`` pairs a repetition). The machine's
  speed drifts over minutes (benchmarks/README.md, "Why pairs"), and a
  ratio of two builds made minutes apart drifts with it. Two builds that
  run together share the slow and fast minutes ("duet benchmarking":
  Bulej et al., ICPE 2020). The build that ends first hands its CPU to an
  unmeasured filler until the other ends, so neither runs alone. Issue
  21's "full build / floor" verdicts stand on the median of the pairs'
  ratios; the ratio of the lone builds' medians is shown beside them.

Each build is ``<python> -m sphinx -b html -q -N SRC OUT`` in a subprocess
(``measure.py``): wall and CPU seconds, peak memory (``ru_maxrss`` of the
process and its children; the sampled peak of the process tree's sum),
documents re-read and re-written, other pages written, warnings. A build
that runs past ``--budget`` seconds is stopped and recorded as not
finished; that variant is not built at larger sizes. The first full build
of each variant and size, the new-mention edit and the retitle are checked
for what the site shows (``checks.py``). It prints medians, the ratios of
confnotes to the floor and to each peer, and PASS/FAIL against the targets
of issues 10 and 21, and writes everything to
``benchmarks/results/<timestamp>.json``.

One interpreter builds every variant: without ``--python``, a virtualenv
``benchmarks/.venv`` made from the site's requirements and
``benchmarks/requirements-peers.txt`` (created on first use).

It is a script, never a test: ``python benchmarks/run.py --quick`` is the
smoke run (N=30, every variant and row, one repetition).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import checks  # noqa: E402
import generate  # noqa: E402
from measure import SPECIAL_PAGES, build, pairable_cpus, paired  # noqa: E402

VARIANTS = generate.VARIANTS
PEERS = generate.PEERS
LABELS = {"ext": "confnotes", "plain": "floor", "ablog": "ablog", "needs": "sphinx-needs"}
#: the targets of issue 10 (they stay)
TARGETS = {
    "overhead": 1.25,  # ext (as shipped) / plain (no navigation), full build
    "growth": 11.0,  # time(10 N) / time(N), ext full build
    "edit": 2.0,  # ext edit / plain edit, at the largest size
    "parallel": 1.0,  # -j 2 / serial
}
#: the raised targets of issue 21
TARGETS_21 = {
    "overhead": 1.05,  # ext / plain full build (CPU), every size
    "overhead_growth": 0.02,  # the ratio may not grow by more than this from a size to the next
    "edit": 1.5,  # new-mention edit / the floor's, largest size
    "noop": 1.2,  # no-op rebuild / the floor's, largest size
    "memory": 1.25,  # peak memory (ru_maxrss of the full serial build) / the floor's, every size
    "parallel": 0.8,  # -j 2 / serial wall time, every size
}
#: Serial builds are one process: its CPU seconds equal its wall seconds on an
#: idle machine and stay put when other processes share the CPUs, so the
#: serial ratios are judged on CPU (wall shown as info); ``-j 2`` on wall.
VERDICT_ON = "cpu"
#: the rebuilds, in the order they run (each on top of the previous one)
REBUILDS = ("edit-prose", "edit", "noop", "edit-title")
#: the rows of the ratio table: (row kind, measure)
RATIO_ROWS = (
    ("full", "cpu"),
    ("full", "wall"),
    ("full", "maxrss_mb"),
    ("j2", "wall"),
    ("j2", "tree_mb"),
    ("edit-prose", "cpu"),
    ("edit", "cpu"),
    ("noop", "cpu"),
    ("edit-title", "cpu"),
)
MEASURES = ("wall", "cpu", "maxrss_mb", "tree_mb", "read", "written", "generated")
VENV = HERE / ".venv"
REQUIREMENTS = (HERE.parent / "requirements.txt", HERE / "requirements-peers.txt")


def row(variant: str, kind: str) -> str:
    """The name of a row: ``ext``, ``plain-edit``, ``ablog-j2``, ``edit-title``..."""
    if kind == "full":
        return variant
    if kind in ("j2", "paired"):
        return f"{variant}-{kind}"
    return kind if variant == "ext" else f"{variant}-{kind}"


def log(msg: str) -> None:
    """Progress on stderr, with the time of day."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


class Run:
    """What one run measures, and where."""

    def __init__(self, args: argparse.Namespace, work: Path, results: dict) -> None:
        self.args, self.work, self.results = args, work, results
        self.python: str = args.python
        self.variants: list[str] = args.variants
        self.sources: dict[int, dict[str, dict]] = {}
        self.conferences: dict[int, generate.Conference] = {}
        #: variant -> the size at which a build ran past the budget
        self.dnf: dict[str, int] = {}

    def reps(self, n: int, sizes: list[int]) -> int:
        """Repetitions of size *n*."""
        if self.args.quick:
            return 1
        if n == max(sizes) and len(sizes) > 1:
            return self.args.repeat_largest
        return self.args.repeat_large if n >= 1000 else self.args.repeat

    def generate(self, n: int) -> None:
        """Write every variant's sources for size *n*."""
        self.sources[n] = {}
        self.conferences[n] = generate.make_conference(n, self.args.seed)
        self.results[str(n)] = {"runs": {}, "checks": {}, "manifests": {}}
        for variant in self.variants:
            src = self.work / f"src-{n}-{variant}"
            manifest = generate.write_site(
                n,
                src,
                variant=variant,
                seed=self.args.seed,
                ext_dir=self.args.ext_dir.resolve(),
                drop_nav=True if self.args.drop_nav and variant == "ext" else None,
            )
            self.sources[n][variant] = {"src": src, "manifest": manifest}
            self.results[str(n)]["manifests"][variant] = manifest
        self.results[str(n)]["manifest"] = self.results[str(n)]["manifests"].get("ext")

    def record(self, n: int, rep: int, name: str, res: dict) -> None:
        """Keep one build's measures and log them."""
        self.results[str(n)]["runs"].setdefault(name, []).append(res)
        if res.get("dnf"):
            log(f"N={n} rep={rep + 1} {name:<16} DID NOT FINISH within {res['budget']:g} s")
            return
        log(
            f"N={n} rep={rep + 1} {name:<16} wall {res['wall']:7.2f}s cpu {res['cpu']:7.2f}s "
            f"mem {res['maxrss_mb']:6.0f}/{res['tree_mb']:6.0f} MiB read {res['read']:5d} "
            f"wrote {res['written']:5d}+{res['generated']} load {res['load1_before']}"
        )

    def finished(self, variant: str, n: int, res: dict) -> bool:
        """False (and remembered) if *res* ran past the budget."""
        if res.get("dnf"):
            self.dnf.setdefault(variant, n)
            return False
        return True

    def one_size(self, n: int, rep: int) -> None:
        """All the builds of one repetition for one size."""
        todo = [v for v in self.variants if n < self.dnf.get(v, n + 1)]
        shift = rep % len(todo) if todo else 0
        order = todo[shift:] + todo[:shift]
        for variant in order:
            src = self.sources[n][variant]["src"]
            out = self.work / f"out-{n}-{variant}"
            shutil.rmtree(out, ignore_errors=True)
            res = build(self.python, src, out, budget=self.args.budget)
            self.record(n, rep, row(variant, "full"), res)
            if self.finished(variant, n, res):
                if rep == 0:
                    check = checks.site(variant, out, n, self.args.seed)
                    self.results[str(n)]["checks"][variant] = check
                    for problem in check["problems"]:
                        log(f"N={n} {variant}: CHECK FAILED: {problem}")
                self.rebuilds(n, rep, variant, src, out)
            shutil.rmtree(out, ignore_errors=True)
        for variant in order:
            if n >= self.dnf.get(variant, n + 1):
                continue
            out = self.work / f"out-{n}-{variant}-j2"
            shutil.rmtree(out, ignore_errors=True)
            res = build(self.python, self.sources[n][variant]["src"], out, 2, self.args.budget)
            self.record(n, rep, row(variant, "j2"), res)
            self.finished(variant, n, res)
            shutil.rmtree(out, ignore_errors=True)
        self.pair_with_floor(n, rep)

    def pair_with_floor(self, n: int, rep: int) -> None:
        """confnotes' and the floor's full builds at once, one CPU each (swapped each time)."""
        cpus = pairable_cpus()
        pair = ("ext", "plain")
        if cpus is None or any(v not in self.variants or n >= self.dnf.get(v, n + 1) for v in pair):
            return
        count = min(1, self.args.pairs) if self.args.quick else self.args.pairs
        for k in range(count):
            order = cpus if (rep * count + k) % 2 == 0 else (cpus[1], cpus[0])
            outs = [self.work / f"out-{n}-{v}-paired" for v in pair]
            for out in outs:
                shutil.rmtree(out, ignore_errors=True)
            builds = paired(
                self.python,
                *((self.sources[n][v]["src"], out) for v, out in zip(pair, outs, strict=True)),
                cpus=order,
                budget=self.args.budget,
            )
            for variant, cpu, res in zip(pair, order, builds, strict=True):
                self.record(n, rep, row(variant, "paired"), {**res, "cpu_pinned": cpu})
            for out in outs:
                shutil.rmtree(out, ignore_errors=True)

    def rebuilds(self, n: int, rep: int, variant: str, src: Path, out: Path) -> None:
        """The edits of one talk, each rebuilt on top of the previous one."""
        edit = self.sources[n][variant]["manifest"]["edit"]
        talk = src / f"{edit['docname']}.rst"
        original = talk.read_text()
        steps = {step["kind"]: step for step in edit["steps"]}
        try:
            text = original
            for kind in REBUILDS:
                step = steps.get(kind, {})
                shown = checks.showing(out, step["old_title"]) if kind == "edit-title" else set()
                for old, new in step.get("replace", ()):
                    if old and old not in text:
                        raise SystemExit(f"{talk}: cannot apply {kind}: {old!r} not found")
                    text = text.replace(old, new, 1) if old else text + new
                if text != talk.read_text():  # a no-op leaves the file (and its mtime) alone
                    talk.write_text(text)
                res = build(self.python, src, out, budget=self.args.budget)
                if not res.get("dnf") and kind == "edit":
                    conf = self.conferences[n]
                    res["mention_listed"] = checks.mention_listed(variant, out, conf, edit)
                if not res.get("dnf") and kind == "edit-title":
                    res["title_shown_on"] = len(shown)
                    res["stale"] = checks.stale(out, shown, step["new_title"])
                self.record(n, rep, row(variant, kind), res)
                if not self.finished(variant, n, res):
                    return
        finally:
            talk.write_text(original)


def median(runs: list[dict], key: str) -> float:
    """Median of one measure over the finished repetitions."""
    return round(statistics.median(r[key] for r in runs), 3)


def medians(results: dict, sizes: list[int]) -> dict:
    """Median of each measure of each row and size (rows that never finished: ``dnf``)."""
    out: dict = {}
    for n in sizes:
        med: dict = {}
        for name, runs in results[str(n)]["runs"].items():
            done = [r for r in runs if not r.get("dnf")]
            if not done:
                med[name] = {"dnf": True, "budget": runs[0]["budget"], "runs": 0}
                continue
            med[name] = {key: median(done, key) for key in MEASURES}
            med[name]["warnings"] = max(r["warnings"] for r in done)
            med[name]["runs"] = len(done)
            if len(done) < len(runs):
                med[name]["dnf_runs"] = len(runs) - len(done)
        out[str(n)] = med
    return out


def paired_ratios(results: dict, n: int) -> list[float]:
    """confnotes / floor CPU seconds of each pair of builds made together at size *n*."""
    runs = results[str(n)]["runs"]
    return [
        round(ext["cpu"] / plain["cpu"], 3)
        for ext, plain in zip(
            runs.get(row("ext", "paired"), []), runs.get(row("plain", "paired"), []), strict=True
        )
        if not ext.get("dnf") and not plain.get("dnf")
    ]


def value(med: dict, variant: str, kind: str, key: str) -> float | None:
    """One median, or None if that build did not run or finish."""
    m = med.get(row(variant, kind))
    return None if m is None or m.get("dnf") else m[key]


def ratios(summary: dict, sizes: list[int], variants: list[str]) -> dict:
    """confnotes / each other variant, for each size, row and measure."""
    out: dict = {}
    for n in sizes:
        med = summary["sizes"][str(n)]
        table: dict = {}
        for kind, key in RATIO_ROWS:
            ext = value(med, "ext", kind, key)
            cells = {}
            for other in variants:
                if other == "ext":
                    continue
                theirs = value(med, other, kind, key)
                cells[other] = round(ext / theirs, 3) if ext is not None and theirs else None
            table[f"{kind} {key}"] = cells
        out[str(n)] = table
    return out


def summarize(results: dict, sizes: list[int], variants: list[str]) -> dict:
    """Medians, ratios, checks and target verdicts."""
    summary: dict = {"sizes": medians(results, sizes), "targets": []}
    summary["paired"] = {str(n): paired_ratios(results, n) for n in sizes}
    summary["ratios"] = ratios(summary, sizes, variants)
    summary["wins"] = [
        {"n": int(n), "row": name, "peer": other, "ratio": r}
        for n, table in summary["ratios"].items()
        for name, cells in table.items()
        for other, r in cells.items()
        if other in PEERS and r is not None and r > 1
    ]
    summary["dnf"] = results.get("dnf", {})
    summary["checks"] = {
        n: {
            variant: {
                "site": results[n]["checks"].get(variant, {}).get("ok"),
                "problems": results[n]["checks"].get(variant, {}).get("problems", []),
                "mention_listed": [
                    r.get("mention_listed")
                    for r in results[n]["runs"].get(row(variant, "edit"), [])
                ],
                "stale_after_retitle": [
                    r.get("stale") for r in results[n]["runs"].get(row(variant, "edit-title"), [])
                ],
            }
            for variant in variants
        }
        for n in map(str, sizes)
    }
    if "ext" in variants and "plain" in variants:
        targets_10(summary, results, sizes)
        targets_21(summary, sizes)
    return summary


def add(
    summary: dict, name: str, value: float | str, limit: str, ok: bool | None, note: str = ""
) -> None:
    """One row of the targets table (``ok`` None: for information)."""
    summary["targets"].append(
        {
            "target": name,
            "value": value,
            "limit": limit,
            "result": "PASS" if ok else ("FAIL" if ok is not None else "info"),
            "note": note,
        }
    )


def targets_10(summary: dict, results: dict, sizes: list[int]) -> None:
    """Issue 10's targets: confnotes against the floor."""
    for n in sizes:
        med = summary["sizes"][str(n)]
        for key in ("wall", "cpu"):
            ext, plain = value(med, "ext", "full", key), value(med, "plain", "full", key)
            if ext is None or not plain:
                continue
            ratio = ext / plain
            add(
                summary,
                f"N={n}: ext / plain full build ({key})",
                round(ratio, 3),
                f"<= {TARGETS['overhead']}",
                ratio <= TARGETS["overhead"] if key == VERDICT_ON else None,
            )
    big, small = max(sizes), min(sizes)
    if big != small:
        factor = big / small
        med_b, med_s = summary["sizes"][str(big)], summary["sizes"][str(small)]
        limit = TARGETS["growth"] * factor / 10
        for variant in ("ext", "plain"):
            for key in ("wall", "cpu"):
                b, s = value(med_b, variant, "full", key), value(med_s, variant, "full", key)
                if b is None or not s:
                    continue
                add(
                    summary,
                    f"{variant} full build time(N={big}) / time(N={small}) ({key})",
                    round(b / s, 2),
                    f"<= {limit:g}",
                    b / s <= limit if (variant, key) == ("ext", VERDICT_ON) else None,
                    "" if variant == "ext" else "the floor: Sphinx + furo + bibtex alone",
                )
        eb, pb = value(med_b, "ext", "full", "cpu"), value(med_b, "plain", "full", "cpu")
        es, ps = value(med_s, "ext", "full", "cpu"), value(med_s, "plain", "full", "cpu")
        if None not in (eb, pb, es, ps) and es - ps > 0:
            own_b, own_s = eb - pb, es - ps
            add(
                summary,
                f"confnotes' own cost (ext - plain cpu) N={big} / N={small}",
                round(own_b / own_s, 2),
                f"<= {limit:g}",
                None,
                f"{own_b:.1f}s vs {own_s:.1f}s: how the extension's share grows",
            )
    for n in sizes:
        med = summary["sizes"][str(n)]
        edit = results[str(n)]["manifests"]["ext"]["edit"]
        for step in edit["steps"]:
            kind = step["kind"]
            runs = [r for r in results[str(n)]["runs"].get(kind, []) if not r.get("dnf")]
            if not runs:
                continue
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
                summary,
                f"N={n}: {kind}: re-reads 1 doc, re-writes the pages that show the change",
                f"read {med[kind]['read']:g}, wrote {med[kind]['written']:g}",
                f"read 1, wrote {len(minimum)}..{len(allowed)}",
                reads_ok and not beyond and not missing,
                "; ".join(notes),
            )
            floor = med.get(f"plain-{kind}")
            if floor is None or floor.get("dnf"):
                continue
            add(
                summary,
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
                    summary,
                    f"N={n}: {kind} / floor's {kind} ({key})",
                    round(ratio, 3),
                    f"<= {TARGETS['edit']}",
                    ratio <= TARGETS["edit"] if target else None,
                    f"{med[kind][key]:.1f}s vs {floor[key]:.1f}s" if key == "wall" else "",
                )
        noop = results[str(n)]["runs"].get("noop", [])
        if noop and not any(r.get("dnf") for r in noop):
            add(
                summary,
                f"N={n}: no-op rebuild reads 0, writes 0",
                f"read {med['noop']['read']:g}, wrote {med['noop']['written']:g}",
                "0 / 0",
                all(r["read"] == 0 and r["written"] == 0 for r in noop),
            )
        j2, serial = value(med, "ext", "j2", "wall"), value(med, "ext", "full", "wall")
        if j2 is not None and serial:
            add(
                summary,
                f"N={n}: -j 2 / serial full build (wall)",
                round(j2 / serial, 3),
                f"<= {TARGETS['parallel']}",
                j2 / serial <= TARGETS["parallel"],
            )


def targets_21(summary: dict, sizes: list[int]) -> None:
    """Issue 21's raised targets: confnotes against the floor, memory included."""
    t = TARGETS_21
    big = max(sizes)
    overheads = []
    for n in sizes:
        med = summary["sizes"][str(n)]
        ext, plain = value(med, "ext", "full", "cpu"), value(med, "plain", "full", "cpu")
        pairs = summary["paired"].get(str(n), [])
        if pairs:
            ratio = statistics.median(pairs)
            overheads.append((n, ratio))
            add(
                summary,
                f"[21] N={n}: full build as shipped / floor (cpu, built together)",
                round(ratio, 3),
                f"<= {t['overhead']}",
                ratio <= t["overhead"],
                "median of " + ", ".join(f"{r:.3f}" for r in pairs),
            )
        if ext is not None and plain:
            if not pairs:
                overheads.append((n, ext / plain))
            add(
                summary,
                f"[21] N={n}: full build as shipped / floor (cpu"
                + (", built apart)" if pairs else ")"),
                round(ext / plain, 3),
                f"<= {t['overhead']}",
                None if pairs else ext / plain <= t["overhead"],
                "medians of builds made minutes apart: the machine's drift moves them"
                if pairs
                else "",
            )
        mem, floor = (
            value(med, "ext", "full", "maxrss_mb"),
            value(med, "plain", "full", "maxrss_mb"),
        )
        if mem is not None and floor:
            add(
                summary,
                f"[21] N={n}: peak memory / floor's (full serial build, ru_maxrss)",
                round(mem / floor, 3),
                f"<= {t['memory']}",
                mem / floor <= t["memory"],
                f"{mem:.0f} MiB vs {floor:.0f} MiB",
            )
        tree, tfloor = value(med, "ext", "j2", "tree_mb"), value(med, "plain", "j2", "tree_mb")
        if tree is not None and tfloor:
            add(
                summary,
                f"[21] N={n}: peak memory / floor's (-j 2, process tree sampled)",
                round(tree / tfloor, 3),
                "-",
                None,
                f"{tree:.0f} MiB vs {tfloor:.0f} MiB (shared pages counted once per process)",
            )
        j2, serial = value(med, "ext", "j2", "wall"), value(med, "ext", "full", "wall")
        if j2 is not None and serial:
            add(
                summary,
                f"[21] N={n}: -j 2 / serial full build (wall)",
                round(j2 / serial, 3),
                f"<= {t['parallel']}",
                j2 / serial <= t["parallel"],
            )
    if len(overheads) > 1:
        together = all(summary["paired"].get(str(n)) for n, _ in overheads)
        grows = [
            b for (_, a), (_, b) in itertools.pairwise(overheads) if b > a + t["overhead_growth"]
        ]
        add(
            summary,
            "[21] full build / floor does not grow with size (cpu)"
            + (", built together" if together else ""),
            " -> ".join(f"{r:.3f}" for _, r in overheads),
            f"each <= previous + {t['overhead_growth']}",
            # pairs at some sizes and lone builds at others measure two things
            not grows if together or not any(summary["paired"].values()) else None,
            "at N = " + ", ".join(str(n) for n, _ in overheads),
        )
    med = summary["sizes"][str(big)]
    for kind, limit in (("edit", t["edit"]), ("noop", t["noop"])):
        ext, plain = value(med, "ext", kind, "cpu"), value(med, "plain", kind, "cpu")
        if ext is not None and plain:
            add(
                summary,
                f"[21] N={big}: {kind} / floor's {kind} (cpu)",
                round(ext / plain, 3),
                f"<= {limit}",
                ext / plain <= limit,
                f"{ext:.2f}s vs {plain:.2f}s",
            )


def cell(x: float | None, width: int = 7) -> str:
    """A ratio cell: ``-`` where a build did not run or finish."""
    return f"{x:>{width}.3f}" if x is not None else f"{'-':>{width}}"


def table(summary: dict, sizes: list[int], variants: list[str]) -> str:
    """The text tables printed at the end (also stored in the JSON)."""
    kinds = [row(v, k) for v in variants for k in ("full", "j2", *REBUILDS, "paired")]
    lines = [
        f"{'N':>5}  {'build':<17} {'wall s':>8} {'cpu s':>8} {'MiB':>6} {'treeMiB':>7} "
        f"{'read':>5} {'wrote':>5} {'gen':>5} {'warn':>4}",
    ]
    for n in sizes:
        med = summary["sizes"][str(n)]
        for kind in kinds:
            m = med.get(kind)
            if m is None:
                continue
            if m.get("dnf"):
                lines.append(f"{n:>5}  {kind:<17} did not finish within {m['budget']:g} s")
                continue
            lines.append(
                f"{n:>5}  {kind:<17} {m['wall']:8.2f} {m['cpu']:8.2f} {m['maxrss_mb']:6.0f} "
                f"{m['tree_mb']:7.0f} {m['read']:5g} {m['written']:5g} {m['generated']:5g} "
                f"{m['warnings']:4d}"
            )
    others = [v for v in variants if v != "ext"]
    if "ext" in variants and others:
        lines += ["", "confnotes / other (below 1: confnotes needs less)"]
        lines.append(f"{'N':>5}  {'row':<18}" + "".join(f" {LABELS[v]:>12}" for v in others))
        for n in sizes:
            for name, cells in summary["ratios"][str(n)].items():
                lines.append(
                    f"{n:>5}  {name:<18}" + "".join(f" {cell(cells.get(v), 12)}" for v in others)
                )
    lines += ["", "checks: what the sites show (checks.py)"]
    for n, per in summary["checks"].items():
        for variant, c in per.items():
            site = {True: "ok", False: "FAILED", None: "-"}[c["site"]]
            listed = (
                "/".join({True: "yes", False: "NO", None: "-"}[x] for x in c["mention_listed"])
                or "-"
            )
            stale = (
                "/".join(str(len(x)) if x is not None else "-" for x in c["stale_after_retitle"])
                or "-"
            )
            lines.append(
                f"{n:>5}  {variant:<6} site {site:<6} new mention listed: {listed:<8} "
                f"pages stale after retitle: {stale}"
            )
            for problem in c["problems"]:
                lines.append(f"{'':>14}{problem}")
    for variant, d in summary["dnf"].items():
        lines.append(f"{LABELS[variant]}: did not finish within {d['budget']:g} s at N={d['n']}")
    if summary["targets"]:
        lines.append("")
        width = max(len(t["target"]) for t in summary["targets"])
        for t in summary["targets"]:
            lines.append(
                f"{t['target']:<{width}}  {t['value']!s:>18}  {t['limit']:>14}  {t['result']}"
            )
            if t["note"]:
                lines.append(f"{'':<{width}}    {t['note']}")
    return "\n".join(lines)


def machine(python: str) -> dict:
    """nproc, CPU model, Python, and the versions of Sphinx, its extensions and the peers."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    packages = (
        "sphinx",
        "docutils",
        "furo",
        "sphinx-design",
        "myst-parser",
        "sphinxcontrib-bibtex",
        "ablog",
        "sphinx-needs",
    )
    versions = json.loads(
        subprocess.run(
            [
                python,
                "-c",
                "import sys, json, importlib.metadata as m\n"
                "def v(p):\n"
                "    try:\n"
                "        return m.version(p)\n"
                "    except m.PackageNotFoundError:\n"
                "        return None\n"
                f"print(json.dumps({{'python': sys.version.split()[0], "
                f"**{{p: v(p) for p in {packages!r}}}}}))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
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
        **versions,
    }


def has_peers(python: str, variants: list[str]) -> bool:
    """Whether *python* imports Sphinx and every peer in *variants*."""
    modules = ["sphinx"] + [
        {"ablog": "ablog", "needs": "sphinx_needs"}[v] for v in variants if v in PEERS
    ]
    code = "import " + ", ".join(modules)
    return subprocess.run([python, "-c", code], capture_output=True, check=False).returncode == 0


def bench_python() -> str:
    """``benchmarks/.venv``'s interpreter, made (or brought up to date) from the requirements.

    One interpreter builds every variant, so that all of them run on the
    same Sphinx and the same extensions.
    """
    stamp = hashlib.sha256(b"".join(p.read_bytes() for p in REQUIREMENTS)).hexdigest()
    python = VENV / "bin" / "python"
    marker = VENV / "requirements.sha256"
    if python.exists() and marker.exists() and marker.read_text().strip() == stamp:
        return str(python)
    log(f"setting up {VENV} from {', '.join(p.name for p in REQUIREMENTS)} (once)")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    for req in REQUIREMENTS:
        pip += ["-r", str(req)]
    if subprocess.run(pip, check=False).returncode:
        raise SystemExit(
            f"could not install the benchmark's requirements in {VENV}; "
            "pass --python with an interpreter that has them, or --variants ext,plain"
        )
    marker.write_text(stamp + "\n")
    return str(python)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="200,1000,2000",
        help="comma-separated numbers of talks (default: 200,1000,2000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="repetitions of sizes below 1000 (default: 3)"
    )
    parser.add_argument(
        "--repeat-large",
        type=int,
        default=3,
        help="repetitions of the other sizes of 1000 and more, whose medians the growth "
        "verdict stands on (default: 3)",
    )
    parser.add_argument(
        "--repeat-largest",
        type=int,
        default=3,
        help="repetitions of the largest size, whose medians the verdicts stand on (default: 3)",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=2,
        help="pairs of confnotes' and the floor's full builds made together (one CPU each, "
        "swapped from one pair to the next) per repetition, whose ratios the full-build "
        "verdicts of issue 21 stand on (default: 2; 0: none, the verdicts then stand on "
        "the builds made apart)",
    )
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help=f"comma-separated variants to build (default: {','.join(VARIANTS)})",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=1200,
        help="seconds one build may take; past it the build is stopped, recorded as not "
        "finished, and that variant is not built at larger sizes (default: 1200)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: --sizes 30, one repetition, every variant and row, --budget 300",
    )
    parser.add_argument(
        "--python",
        default=None,
        help="interpreter that runs Sphinx for every variant (default: benchmarks/.venv, "
        "made from the requirements; this one when only ext and plain are built)",
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
        "what the navigation costs; the floor and the peers never have one)",
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
        args.sizes = "30"
        args.budget = min(args.budget, 300)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = set(args.variants) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown variants: {', '.join(sorted(unknown))}")
    if args.python is None:
        args.python = bench_python() if any(v in PEERS for v in args.variants) else sys.executable
    if not has_peers(args.python, args.variants):
        raise SystemExit(
            f"{args.python} cannot import Sphinx and the peers of {args.variants}: "
            "install benchmarks/requirements-peers.txt there, or leave --python out"
        )

    work = args.workdir or Path(tempfile.mkdtemp(prefix="confnotes-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.UTC)
    results: dict = {}
    run = Run(args, work, results)
    log(
        f"work dir {work}; variants {args.variants}; repetitions "
        + ", ".join(f"{run.reps(n, sizes)} at N={n}" for n in sizes)
        + f"; budget {args.budget:g} s a build; python {args.python}"
    )
    results |= {
        "started": started.isoformat(timespec="seconds"),
        "args": {
            "sizes": sizes,
            "variants": args.variants,
            "repeat": args.repeat,
            "repeat_large": args.repeat_large,
            "repeat_largest": args.repeat_largest,
            "pairs": args.pairs,
            "budget": args.budget,
            "quick": args.quick,
            "seed": args.seed,
            "python": args.python,
            "drop_nav": args.drop_nav,
            "ext_dir": str(args.ext_dir),
        },
        "machine": machine(args.python),
        "load_before": list(os.getloadavg()),
    }
    for n in sizes:
        run.generate(n)
    try:
        for rep in range(max(run.reps(n, sizes) for n in sizes)):
            for n in sizes:
                if rep < run.reps(n, sizes):
                    run.one_size(n, rep)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    results["dnf"] = {v: {"n": n, "budget": args.budget} for v, n in run.dnf.items()}

    summary = summarize(results, sizes, args.variants)
    results["summary"] = summary
    results["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    results["load_after"] = list(os.getloadavg())
    text = table(summary, sizes, args.variants)
    results["table"] = text.splitlines()
    args.results.mkdir(parents=True, exist_ok=True)
    path = args.results / f"{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(text)
    m = results["machine"]
    print(
        f"\nmachine: {m['nproc']} x {m['cpu_model']}; Python {m['python']}, "
        f"Sphinx {m['sphinx']}, docutils {m['docutils']}, ablog {m['ablog']}, "
        f"sphinx-needs {m['sphinx-needs']}; "
        f"load {results['load_before'][0]:.2f} -> {results['load_after'][0]:.2f}"
    )
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
