"""An incremental build repeats the warnings of pages it did not re-read, so -W keeps failing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from project_scripts import gnu_make, project_copy

SITE = Path(__file__).parent.parent
ROOT = Path(__file__).parent / "roots" / "test-talks"
#: a build in a subprocess imports the extension from the repository
EXT_ENV = {"PYTHONPATH": str(SITE / "_ext")}

BROKEN = """

Uses :tool:`no-such-tool`.

.. talk:: broken-date
   :title: A talk on a bad day
   :speaker: unknown
   :kind: talk
   :date: 2013-99-01
"""
STRAY = "Stray\n=====\n\nIn no toctree.\n"
#: a file a talk page includes, with a talk of a bad date and a link to no tool
INCLUDED = """Included notes.

.. talk:: included-date
   :title: A talk in an included file
   :speaker: unknown
   :kind: talk
   :date: 2013-99-01

Uses :tool:`no-such-tool`.
"""


def builds_clean_twice(build: Callable[..., tuple[int, list[str], Any]], parallel: int) -> None:
    """The project, fixed, builds without a warning, and again with nothing changed."""
    assert build(parallel=parallel)[:2] == (0, [])
    assert build(parallel=parallel)[:2] == (0, [])


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def remove(path: Path, text: str) -> None:
    before = path.read_text(encoding="utf-8")
    assert text in before
    path.write_text(before.replace(text, ""), encoding="utf-8")


@pytest.fixture
def src(tmp_path: Path) -> Path:
    dest = tmp_path / "src"
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


@pytest.fixture
def build(make_app: Any, src: Path, warnings_of: Any) -> Callable[..., tuple[int, list[str], Any]]:
    """Build *src* incrementally and strictly; return (status, sorted warnings, app)."""

    def run(**kwargs: Any) -> tuple[int, list[str], Any]:
        app = make_app("html", srcdir=src, warningiserror=True, **kwargs)
        app.build()
        app.cleanup()  # forget the directives, as a new process would
        return app.statuscode, sorted(warnings_of(app)), app

    return run


@pytest.mark.parametrize("parallel", [0, 2])
def test_warnings_repeat_until_the_page_is_fixed(
    build: Callable[..., tuple[int, list[str], Any]], src: Path, parallel: int
) -> None:
    circus = src / "talks" / "circus.rst"
    append(circus, BROKEN)
    (src / "stray.rst").write_text(STRAY, encoding="utf-8")
    status, first, _app = build(parallel=parallel)
    assert status == 1
    lines = circus.read_text(encoding="utf-8").splitlines()
    uses, talk = (
        lines.index("Uses :tool:`no-such-tool`.") + 1,
        lines.index("   :date: 2013-99-01") + 1,  # the option's own line
    )
    assert first == [
        "stray.rst: document isn't included in any toctree [toc.not_included]",
        f"talks/circus.rst:{uses}: unknown tool: 'no-such-tool'; tools are declared in"
        " tools.rst [ref.tool]",
        f"talks/circus.rst:{talk}: invalid :date: '2013-99-01' (expected an ISO date,"
        " YYYY-MM-DD, or unknown) [confnotes.bad_option]",
    ]

    # nothing changed: Sphinx reads and writes nothing, the warnings come again
    status, again, app = build(parallel=parallel)
    assert "no targets are out of date" in app.status.getvalue()
    assert (status, again) == (1, first)

    # another page changed: the consistency check runs again, nothing doubles
    append(src / "talks" / "kopernik.rst", "\nOne more line of notes.\n")
    status, other, _app = build(parallel=parallel)
    assert (status, other) == (1, first)

    # the talk page fixed: its warnings go, the stray page's stays
    remove(circus, BROKEN)
    status, fixed, _app = build(parallel=parallel)
    assert (status, fixed) == (1, first[:1])
    status, fixed_again, _app = build(parallel=parallel)
    assert (status, fixed_again) == (1, first[:1])

    (src / "stray.rst").write_text(":orphan:\n\n" + STRAY, encoding="utf-8")
    builds_clean_twice(build, parallel)


@pytest.mark.parametrize("parallel", [0, 2])
def test_warnings_in_an_included_file_are_at_its_lines_and_repeat(
    build: Callable[..., tuple[int, list[str], Any]], src: Path, parallel: int
) -> None:
    """A directive's warning names the included file's own line, and comes again.

    The file is no page: its warnings are the including page's, repeated
    while that page is not read again, at the file's lines.
    """
    part = src / "talks" / "part.txt"
    part.write_text(INCLUDED, encoding="utf-8")
    append(src / "talks" / "circus.rst", "\n.. include:: part.txt\n")
    lines = INCLUDED.splitlines()
    talk, uses = (
        lines.index("   :date: 2013-99-01") + 1,  # the option's own line
        lines.index("Uses :tool:`no-such-tool`.") + 1,
    )
    expected = [
        f"talks/part.txt:{talk}: invalid :date: '2013-99-01' (expected an ISO date,"
        " YYYY-MM-DD, or unknown) [confnotes.bad_option]",
        f"talks/part.txt:{uses}: unknown tool: 'no-such-tool'; tools are declared in"
        " tools.rst [ref.tool]",
    ]
    assert build(parallel=parallel)[:2] == (1, expected)
    assert build(parallel=parallel)[:2] == (1, expected)  # nothing read again
    part.write_text(
        INCLUDED.replace("2013-99-01", "2013-05-16").replace(":tool:`no-such-tool`", "it"),
        encoding="utf-8",
    )
    builds_clean_twice(build, parallel)


@pytest.mark.parametrize("parallel", [0, 2])
def test_an_included_files_warning_is_the_including_pages_only(
    build: Callable[..., tuple[int, list[str], Any]], src: Path, parallel: int
) -> None:
    """Not a page that only shows the file as code, nor a page read once more.

    ``circus`` includes ``_parts/part.rst`` (excluded from the pages, as
    included files are) and ``kopernik`` shows it with ``literalinclude``;
    the warning in it is ``circus``'s: once ``circus`` includes it no more,
    no build shows it.
    """
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8").replace('["_build"]', '["_build", "_parts"]'), "utf-8")
    (src / "_parts").mkdir()
    (src / "_parts" / "part.rst").write_text("Notes.\n\nBad *emphasis here.\n", "utf-8")
    circus, kopernik = src / "talks" / "circus.rst", src / "talks" / "kopernik.rst"
    append(circus, "\n.. include:: ../_parts/part.rst\n")
    append(kopernik, "\n.. literalinclude:: ../_parts/part.rst\n")
    warning = "_parts/part.rst:3: Inline emphasis start-string without end-string. [docutils]"

    def in_src(result: tuple[int, list[str], Any]) -> tuple[int, list[str]]:
        """Docutils names an included file from the working directory: name it from *src*."""
        named = []
        for line in result[1]:
            path, rest = line.split(":", 1)
            if not (src / path).is_file():  # named from the working directory
                path = os.path.relpath(Path(path).resolve(), src.resolve())
            named.append(f"{path}:{rest}")
        return result[0], named

    assert in_src(build(parallel=parallel)) == (1, [warning])
    assert in_src(build(parallel=parallel)) == (1, [warning])  # nothing read again
    remove(circus, "\n.. include:: ../_parts/part.rst\n")
    builds_clean_twice(build, parallel)


def test_switched_off_in_conf(build: Callable[..., tuple[int, list[str], Any]], src: Path) -> None:
    append(src / "talks" / "circus.rst", BROKEN)
    overrides = {"confnotes_repeat_warnings": False}
    assert build(confoverrides=overrides)[0] == 1
    assert build(confoverrides=overrides)[:2] == (0, [])  # Sphinx's own behaviour


def make_project(dest: Path) -> Path:
    """A copy of the root with the repository's Makefile: ``make html`` as a contributor runs it."""
    return project_copy(ROOT, dest, "Makefile")


def test_make_html_fails_again_with_nothing_changed(tmp_path: Path) -> None:
    """Each ``make html`` is a new process over the same ``_build``: the replay crosses them."""
    make = gnu_make()
    root = make_project(tmp_path / "site")
    page = root / "talks" / "circus.rst"
    append(page, "\nDeployed with :tool:`no-such-tool`.\n")
    # -o env-docs: this interpreter has the requirements; never make a venv in the copy
    cmd = [make, "-s", "-C", str(root), "-o", "env-docs", "html", f"PYTHON={sys.executable}"]
    cmd.append("O=-q")
    environ = {**os.environ, **EXT_ENV}

    def make_html() -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, capture_output=True, text=True, check=False, env=environ)

    first = make_html()
    assert first.returncode != 0
    warnings = [line for line in first.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "unknown tool: 'no-such-tool'" in warnings[0]
    second = make_html()
    assert second.returncode != 0
    assert [line for line in second.stderr.splitlines() if "WARNING" in line] == warnings

    remove(page, "\nDeployed with :tool:`no-such-tool`.\n")
    fixed = make_html()
    assert fixed.returncode == 0, fixed.stderr
    assert make_html().returncode == 0


def test_a_warning_made_three_times_is_repeated_three_times(tmp_path: Path) -> None:
    """Three links to one missing label on one line: three warnings, on the no-op too."""
    import shutil

    from root_builds import add_pages, build_root

    srcdir = shutil.copytree(Path(__file__).parent / "roots" / "test-page-files", tmp_path / "src")
    add_pages(srcdir, {"thrice.rst": "Thrice\n======\n\n:ref:`gone`, :ref:`gone`, :ref:`gone`.\n"})
    said = []
    for fresh in (True, False):
        _app, warnings = build_root(srcdir, tmp_path / "out", "html", fresh=fresh)
        said.append([w for w in warnings if w.startswith("thrice.rst:4: ")])
    assert len(said[0]) == 3, said
    assert said[1] == said[0]
