#!/usr/bin/env python3
"""Run every stage of ``make check``, then say which passed and which failed.

A contributor should learn about every problem from one run, not fix the
first failing stage and wait again for the next.  Each stage runs as a
subprocess (its output streams through as usual); at the end there is one
line per stage with the number of problems it found (warnings, lint
findings, failed tests), and the exit status is 1 if any stage failed.

The Makefile passes its settings (builders, Sphinx options, paths), so the
commands are the ones ``make html``, ``make lint`` and ``make test`` run.
``--stages`` (``make check STAGES="html mentions"``) runs only some stages.
Standard library only; run it with the interpreter that has the dev
requirements, as ``make check`` does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDERS = "html dirhtml singlehtml epub latex text man gettext"
LINTERS = ("ruff", "ruff-format", "sphinx-lint", "mypy")
#: builders that read pages with other settings, so they keep their own doctrees:
#: gettext (versioning), text and man (no smart quotes, Sphinx's default
#: ``smartquotes_excludes``); sharing html's would give them curly quotes and
#: builds that differ from a build of that builder alone
OWN_DOCTREES = frozenset({"gettext", "text", "man"})
SPHINX_PROBLEM = re.compile(r"(?:^|: )(?:WARNING|ERROR|CRITICAL|SEVERE):")
#: the tests read the site's builds from this manifest instead of building again
SITE_BUILDS_ENV = "CONFNOTES_SITE_BUILDS"
#: folders that are no input of a site build (VCS, environments, outputs, caches, tests)
NOT_SOURCES = frozenset(
    {
        ".git",
        ".venv",
        ".tox",
        "_build",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        "test-artifacts",
        "tests",
        "benchmarks",
    }
)


def source_fingerprint(srcdir: Path) -> str:
    """Hash every file a build of *srcdir* may read, with the interpreter that builds it.

    ``make check`` records it beside its builds, and the tests reuse those
    builds only while the sources still hash the same: a build of other
    sources is never taken for this one.
    """
    digest = hashlib.sha256(sys.executable.encode())
    for folder, dirnames, filenames in os.walk(srcdir):
        dirnames[:] = sorted(d for d in dirnames if d not in NOT_SOURCES)
        for name in sorted(filenames):
            path = Path(folder, name)
            digest.update(path.relative_to(srcdir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class Stage:
    """One stage: what it runs and how to count its problems in the output."""

    name: str
    title: str
    command: list[str]
    count: Callable[[str], int]
    unit: str
    prepare: Callable[[], None] | None = None
    #: the builder, output and doctree folders of a strict site build (None: not a build)
    build: tuple[str, Path, Path] | None = None


@dataclass
class Result:
    """What one stage gave."""

    stage: Stage
    returncode: int
    problems: int
    seconds: float
    output: str = ""

    @property
    def passed(self) -> bool:
        """A stage passes when its command exits 0."""
        return self.returncode == 0

    def line(self, width: int) -> str:
        """Format the summary line: ``passed  strict html build``, ``FAILED  ruff  3 findings``."""
        status = "passed" if self.passed else "FAILED"
        if self.problems:
            detail = f"{self.problems} {self.stage.unit}{'' if self.problems == 1 else 's'}"
        elif not self.passed:
            detail = f"exit status {self.returncode}"
        else:
            detail = ""
        return f"  {status}  {self.stage.title:<{width}}  {detail}".rstrip()


# -- Counting problems in a stage's output ---------------------------------------------


def count_sphinx(output: str) -> int:
    """Warnings and errors Sphinx printed (one per line)."""
    return sum(1 for line in output.splitlines() if SPHINX_PROBLEM.search(line))


def count_ruff(output: str) -> int:
    """``Found 3 errors.`` from ``ruff check``."""
    match = re.search(r"^Found (\d+) errors?", output, re.MULTILINE)
    return int(match[1]) if match else 0


def count_ruff_format(output: str) -> int:
    """Files ``ruff format --check`` would reformat (``1 file would be reformatted``)."""
    match = re.search(r"^(\d+) files? would be reformatted", output, re.MULTILINE)
    if match:
        return int(match[1])
    return sum(1 for line in output.splitlines() if line.startswith("Would reformat"))


def count_sphinx_lint(output: str) -> int:
    """sphinx-lint prints one ``file:line: message (check)`` line per problem."""
    return sum(1 for line in output.splitlines() if re.match(r"\S+:\d+: ", line))


def count_mypy(output: str) -> int:
    """``Found 2 errors in 1 file`` from mypy."""
    match = re.search(r"^Found (\d+) errors? in", output, re.MULTILINE)
    return int(match[1]) if match else 0


def count_pytest(output: str) -> int:
    """Failed tests and errors from pytest's summary line."""
    summary = [line for line in output.splitlines() if re.search(r"\bin [\d.]+s\b", line)]
    if not summary:
        return 0
    return sum(int(n) for n in re.findall(r"(\d+) (?:failed|errors?)\b", summary[-1]))


# -- The stages ------------------------------------------------------------------------------


def stages(args: argparse.Namespace) -> list[Stage]:
    """Every stage, in the order ``make check`` runs them."""
    py = sys.executable
    srcdir, builddir = str(args.srcdir), args.builddir / "check"
    opts = shlex.split(args.sphinxopts)
    found: list[Stage] = []
    doctrees = builddir / "doctrees"

    def fresh(path: Path) -> Callable[[], None]:
        return lambda: shutil.rmtree(path, ignore_errors=True)

    shared = [b for b in args.builders.split() if b not in OWN_DOCTREES]
    for builder in args.builders.split():
        # builders that read pages differently keep their own doctrees (see
        # OWN_DOCTREES); the others share one, made fresh before the first of them
        own = builder in OWN_DOCTREES
        tree = doctrees.with_name(f"doctrees-{builder}") if own else doctrees
        first = own or builder == shared[0]
        out = str(builddir / builder)
        found.append(
            Stage(
                builder,
                f"strict {builder} build",
                [py, "-m", "sphinx", "-b", builder, "-d", str(tree), "-q", *opts, srcdir, out],
                count_sphinx,
                "warning",
                fresh(tree) if first else None,
                build=(builder, builddir / builder, tree),
            )
        )
    # the prose checks: tool names in plain prose, and stated days and counts
    mentions_opts = [
        "-D",
        "confnotes_check_plain_mentions=1",
        "-D",
        "confnotes_check_stated_facts=1",
        "-d",
        str(builddir / "doctrees-mentions"),
    ]
    mentions_opts += [srcdir, str(builddir / "mentions")]
    found.append(
        Stage(
            "mentions",
            "plain prose: tool mentions, days, counts",
            [py, "-m", "sphinx", "-b", "html", "-q", "-E", *opts, *mentions_opts],
            count_sphinx,
            "warning",
        )
    )
    sources = [s for s in args.py_sources.split() if (args.srcdir / s).exists()]
    ignore = shlex.split(args.sphinxlint_ignore)
    found += [
        Stage("ruff", "ruff check", [py, "-m", "ruff", "check", *sources], count_ruff, "finding"),
        Stage(
            "ruff-format",
            "ruff format --check",
            [py, "-m", "ruff", "format", "--check", *sources],
            count_ruff_format,
            "file",
        ),
        Stage(
            "sphinx-lint",
            "sphinx-lint",
            [py, "-m", "sphinxlint", *ignore, "."],
            count_sphinx_lint,
            "finding",
        ),
        Stage("mypy", "mypy", [py, "-m", "mypy"], count_mypy, "error"),
        Stage(
            "tests",
            "tests (pytest)",
            [py, "-m", "pytest", *shlex.split(args.pytestopts)],
            count_pytest,
            "failed test",
        ),
    ]
    return found


def run(
    stage: Stage, cwd: Path, env: dict[str, str] | None = None, lock: threading.Lock | None = None
) -> Result:
    """Run a stage and count its problems; its output streams through, or comes as one block.

    With *lock* (stages running side by side) the output is held until the
    stage ends and printed under the lock, heading first, so each stage's
    lines stay together under its ``== title: command`` heading (what
    ``scripts/annotate.py`` reads).
    """
    heading = f"== {stage.title}: {shlex.join(stage.command[1:])}\n"
    if lock is None:
        print(heading, end="", flush=True)
    if stage.prepare:
        stage.prepare()
    start = time.monotonic()
    lines = []
    with subprocess.Popen(
        stage.command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if lock is None:
                sys.stdout.write(line)
            lines.append(line)
    output = "".join(lines)
    if lock is not None:
        with lock:
            sys.stdout.write(heading + output)
    sys.stdout.flush()
    return Result(stage, proc.returncode, stage.count(output), time.monotonic() - start, output)


def lanes(chosen: list[Stage]) -> list[list[Stage]]:
    """Split the stages into lanes that may run side by side (each in order), longest first.

    The builders that share one doctree folder make one lane: the first
    reads the sources, the others reuse what it pickled, and two of them
    must never write the folder at once. Every other stage (a builder with
    doctrees of its own, the prose checks, a linter) is a lane of its own.
    """
    shared: dict[Path, list[Stage]] = {}
    found: list[list[Stage]] = []
    for stage in chosen:
        tree = stage.build[2] if stage.build else None
        if tree is not None and tree.name == "doctrees":
            if tree not in shared:
                shared[tree] = []
                found.append(shared[tree])
            shared[tree].append(stage)
        else:
            found.append([stage])
    return sorted(found, key=len, reverse=True)


def run_lanes(chosen: list[Stage], cwd: Path, jobs: int) -> list[Result]:
    """Run the lanes of *chosen* on *jobs* threads; the results in the stages' order.

    Each stage is a process of its own on one core (a Sphinx build, a
    linter), so on two cores two lanes take about half the time of one.
    """
    groups = lanes(chosen)
    if jobs <= 1 or len(groups) <= 1:
        return [run(stage, cwd) for stage in chosen]
    lock = threading.Lock()

    def run_lane(lane: list[Stage]) -> list[Result]:
        return [run(stage, cwd, lock=lock) for stage in lane]

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        done = [result for lane in pool.map(run_lane, groups) for result in lane]
    order = {id(stage): index for index, stage in enumerate(chosen)}
    return sorted(done, key=lambda result: order[id(result.stage)])


def write_manifest(path: Path, fingerprint: str, builds: list[Result]) -> None:
    """Record the site builds of this run, for the tests stage to reuse."""
    entries = {}
    for result in builds:
        assert result.stage.build is not None
        builder, outdir, doctrees = result.stage.build
        entries[builder] = {
            "outdir": str(outdir),
            "doctrees": str(doctrees),
            "returncode": result.returncode,
            "output": result.output,
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest = {"fingerprint": fingerprint, "builds": entries}
    path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def run_all(chosen: list[Stage], srcdir: Path, builddir: Path, jobs: int = 1) -> list[Result]:
    """Run the stages, side by side on *jobs* cores; the tests last, with the builds made before.

    Each builder of the site is built once per ``make check``: the build
    stages write a manifest with their outputs and the sources' fingerprint,
    and the tests stage reads it (``CONFNOTES_SITE_BUILDS``) instead of
    building the same sources again. The tests use every core themselves
    (pytest-xdist), so they run alone, after the rest.
    """
    fingerprint = source_fingerprint(srcdir) if any(s.build for s in chosen) else ""
    manifest = builddir / "check" / "site-builds.json"
    manifest.unlink(missing_ok=True)
    before = [stage for stage in chosen if stage.name != "tests"]
    results = run_lanes(before, srcdir, jobs)
    for stage in chosen:
        if stage.name != "tests":
            continue
        env = None
        if fingerprint:
            write_manifest(manifest, fingerprint, [r for r in results if r.stage.build])
            env = {**os.environ, SITE_BUILDS_ENV: str(manifest)}
        results.append(run(stage, srcdir, env))
    return results


def select(every: list[Stage], wanted: str) -> list[Stage]:
    """Pick the stages named in *wanted* (spaces or commas; groups: ``lint``, ``builds``)."""
    names = [n for n in re.split(r"[\s,]+", wanted) if n]
    if not names:
        return every
    groups = {
        "lint": set(LINTERS),
        "builds": {s.name for s in every if s.title.startswith("strict ")},
    }
    chosen: set[str] = set()
    known = {s.name for s in every}
    for name in names:
        if name not in known and name not in groups:
            raise SystemExit(
                f"check: unknown stage {name!r}; stages: {' '.join(s.name for s in every)}"
                " (groups: builds, lint)"
            )
        chosen |= groups.get(name, {name})
    return [s for s in every if s.name in chosen]


def main(argv: list[str] | None = None) -> int:
    """Run the stages; print the summary; 1 if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--srcdir", type=Path, default=ROOT)
    parser.add_argument("--builddir", type=Path, help="default: <srcdir>/_build")
    parser.add_argument("--builders", default=BUILDERS)
    parser.add_argument("--sphinxopts", default="-W --keep-going -n")
    parser.add_argument("--py-sources", default="conf.py _ext scripts tests benchmarks")
    parser.add_argument("--sphinxlint-ignore", default="-i .venv -i .tox -i _build -i tests")
    parser.add_argument("--pytestopts", default="")
    parser.add_argument("--stages", default="", help="only these stages (or groups)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="stages run side by side before the tests (default: the cores this may use)",
    )
    args = parser.parse_args(argv)
    args.srcdir = args.srcdir.resolve()
    args.builddir = (args.builddir or args.srcdir / "_build").resolve()

    results = run_all(select(stages(args), args.stages), args.srcdir, args.builddir, args.jobs)
    width = max(len(r.stage.title) for r in results)
    failed = [r for r in results if not r.passed]
    print("\nmake check: summary")
    for result in results:
        print(result.line(width))
    if failed:
        print(f"make check: {len(failed)} of {len(results)} stages failed")
        return 1
    print(f"make check: all {len(results)} stages passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
