"""Markup in a file a page includes warns at that file's own line, in every builder.

The late gate located what it removed on the page being written: a link,
an image or page metadata written in an included file was named at the
page with the file's line (html), or at the front page (singlehtml, latex
and man, which gate the assembled book), and an ``http-equiv`` at no line;
the checks made while reading (icons, math, toctree entries, outside
includes) named the page with the file's line, or the page's own line.
In a copy of ``test-talks``, a talk page includes ``talks/extra.txt``; each
warning names that file and the line where the markup is written, and a
build with nothing changed repeats them (``replay``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from output_scan import scan
from root_builds import build_root

ROOT = Path(__file__).parent / "roots" / "test-talks"
INCLUDED = """\
Notes of their own.

.. meta::
   :http-equiv=refresh: 0;url=https://evil.example/

See `the demo <javascript:alert(1)>`_.

.. raw:: html

   <script>alert(1)</script>

.. image:: javascript:alert(2)

An icon :octicon:`rocket;1em;x" onload="alert(3)` in the notes.

Math :math:`\\href{javascript:alert(4)}{click}` and :math:`\\input{/etc/passwd}`.

A control character\x07 in the text, and a tool :tool:`---` with no name.

.. toctree::

   Evil <javascript://x/%0Aalert(5)>

.. include:: ../../../../../../../../../../../../../../../../etc/hostname

.. literalinclude:: ../../../../../../../../../../../../../../../../etc/hostname
"""
#: (what the warning says, the subtype, the text on its line)
EXPECTED = [
    ("page metadata with http-equiv removed", "unsafe_meta", ":http-equiv=refresh:"),
    ("link to 'javascript:alert(1)' removed", "unsafe_link", "See `the demo"),
    ("raw html content is left out", "raw_content", ".. raw:: html"),
    ("image 'javascript:alert(2)' removed", "unsafe_link", ".. image::"),
    ("icon with markup of its own removed", "unsafe_icon", "An icon"),
    ("link to 'javascript:alert(4)' in math removed", "unsafe_link", "Math :math:"),
    ("math using \\input is shown as its source", "unsafe_math", "Math :math:"),
    ("control character", "control_character", "A control character"),
    ("tool id '---' has no letter or digit", "empty_id", "A control character"),
    ("toctree entry 'Evil'", "unsafe_link", ".. toctree::"),
    ("literalinclude of '../", "outside_include", ".. literalinclude:: ../"),
    ("include of '../", "outside_include", ".. include:: ../"),
]


def project(tmp_path: Path) -> Path:
    """A copy of test-talks whose first talk page includes the file."""
    src = shutil.copytree(ROOT, tmp_path / "src", ignore=shutil.ignore_patterns("_build"))
    (src / "talks" / "extra.txt").write_text(INCLUDED, encoding="utf-8")
    page = src / "talks" / "kopernik.rst"
    page.write_text(page.read_text("utf-8") + "\n.. include:: extra.txt\n", "utf-8")
    return src


def expected() -> list[str]:
    lines = INCLUDED.splitlines()
    located = []
    for said, subtype, text in EXPECTED:
        line = next(n for n, written in enumerate(lines, 1) if written.lstrip().startswith(text))
        located.append(f"talks/extra.txt:{line}: {said} [confnotes.{subtype}]")
    return sorted(located)


def shortened(warnings: list[str]) -> list[str]:
    """Each warning's place, what it says first, and its type."""
    said = [s for s, _subtype, _text in EXPECTED]
    return sorted(
        w.split(": ", 1)[0]
        + ": "
        + next((s for s in said if s in w), w.split(": ", 1)[-1])
        + " "
        + w.rsplit(" ", 1)[-1]
        for w in warnings
    )


@pytest.mark.parametrize("builder", ["html", "singlehtml", "latex", "man"])
def test_each_warning_is_at_the_included_files_line(tmp_path: Path, builder: str) -> None:
    app, warnings = build_root(project(tmp_path), tmp_path / "out", builder)
    assert shortened(warnings) == expected()
    if builder != "man":
        assert scan(Path(app.outdir)) == []


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_build_with_nothing_changed_repeats_them(
    make_app: Any, tmp_path: Path, warnings_of: Any, parallel: int
) -> None:
    src = project(tmp_path)
    found = []
    for _build in range(2):
        app = make_app("html", srcdir=src, parallel=parallel)
        app.build()
        app.cleanup()
        found.append(shortened(warnings_of(app)))
    assert "no targets are out of date" in app.status.getvalue()
    assert found == [expected(), expected()]
