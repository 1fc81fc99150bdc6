"""A table whose cells span warns in man pages, once, located and typed; the rest span.

docutils' man writer warned ``"table cell spanning" not supported`` at a
cell, which has no line: the warning named the page only, typed
``docutils`` (suppressing it silenced every docutils message). In a copy of
``test-page-files``, a reST page and a MyST page (``{eval-rst}``) each hold
a grid table with a cell over two columns and one over two rows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from root_builds import build_root

ROOTS = Path(__file__).parent / "roots"
TABLE = """\
+--------+--------+
| TOPA   | TOPB   |
+--------+--------+
| WIDE CELL       |
+--------+--------+
| TALL   | ROWA   |
| CELL   +--------+
|        | ROWB   |
+--------+--------+
"""
REST = "Spans\n=====\n\n" + TABLE
MYST = "# Spans in MyST\n\n```{eval-rst}\n" + TABLE + "```\n"
PAGES = {"spans.rst": REST, "spans-myst.md": MYST}
MAN_PAGES = 'man_pages = [("spans", "spans", "S", [], 1), ("spans-myst", "sm", "M", [], 1)]\n'


def project(tmp_path: Path) -> Path:
    """A copy of test-page-files with the two pages, each its own man page."""
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    for name, text in PAGES.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8") + MAN_PAGES, "utf-8")
    return srcdir


def test_each_spanning_table_warns_once_at_its_lines_in_man(tmp_path: Path) -> None:
    app, warnings = build_root(project(tmp_path), tmp_path / "out", "man")
    assert all(w.endswith("[confnotes.table_span]") for w in warnings), warnings
    places = sorted(w.split(": man pages")[0].rsplit(":", 1) for w in warnings)
    assert [name for name, _line in places] == sorted(PAGES), warnings
    for name, line in places:
        first = PAGES[name].splitlines().index(TABLE.splitlines()[0]) + 1
        assert first <= int(line) < first + len(TABLE.splitlines()), (name, line, warnings)
    written = b"".join(p.read_bytes() for p in Path(app.outdir).rglob("*.1"))
    for cell in (b"TOPA", b"WIDE CELL", b"TALL", b"ROWA", b"ROWB"):
        assert written.count(cell) == 2, cell  # each page shows it


@pytest.mark.parametrize("builder", ["html", "text"])
def test_other_builders_span_without_a_warning(tmp_path: Path, builder: str) -> None:
    app, warnings = build_root(project(tmp_path), tmp_path / "out", builder)
    assert warnings == []
    if builder == "html":
        page = (Path(app.outdir) / "spans.html").read_text("utf-8")
        assert 'colspan="2"' in page and 'rowspan="2"' in page


def test_the_warning_can_be_silenced(tmp_path: Path) -> None:
    _app, warnings = build_root(
        project(tmp_path),
        tmp_path / "out",
        "man",
        confoverrides={"suppress_warnings": ["confnotes.table_span"]},
    )
    assert warnings == []
