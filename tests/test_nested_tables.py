"""A table inside a table cell is a list of its rows in every builder, with a warning.

Sphinx's text and man writers stopped the whole build on a table inside a
table (``NotImplementedError``, ``AttributeError``). In a copy of
``test-page-files``, a reST page holds a list-table with a list-table in a
cell, and a MyST page the same through ``{eval-rst}``; every builder
finishes, each inner table warns ``confnotes.nested_table`` at its line,
and its cells' text is in the output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from root_builds import build_root

ROOTS = Path(__file__).parent / "roots"
INNER = (
    ".. list-table::\n\n   * - INNERA\n     - INNERB\n   * - INNERC\n"
    "     - .. admonition:: ADMTITLE\n\n          INNERD\n"
)
REST = (
    "Nested\n======\n\n.. list-table::\n\n   * - OUTER\n     - "
    + INNER.replace("\n", "\n       ").rstrip()
    + "\n"
)
MYST = "# Nested in MyST\n\n```{eval-rst}\n" + REST.split("\n", 3)[3] + "```\n"


@pytest.mark.parametrize("builder", ["text", "man", "html", "latex"])
def test_an_inner_table_is_a_list_of_its_rows(tmp_path: Path, builder: str) -> None:
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    (srcdir / "nested.rst").write_text(REST, encoding="utf-8")
    (srcdir / "nested-myst.md").write_text(MYST, encoding="utf-8")
    if builder == "man":  # man writes the pages man_pages names
        conf = srcdir / "conf.py"
        conf.write_text(
            conf.read_text("utf-8")
            + 'man_pages = [("nested", "nested", "N", [], 1), ("nested-myst", "nm", "M", [], 1)]\n',
            "utf-8",
        )
    app, warnings = build_root(srcdir, tmp_path / "out", builder)
    # at the inner table: its directive's line where the table node has one (Sphinx 9.2),
    # else its first cell's (9.0)
    places = sorted(w.split(": a table")[0].rsplit(":", 1) for w in warnings)
    assert [name for name, _line in places] == ["nested-myst.md", "nested.rst"], warnings
    for (_name, line), text in zip(places, (MYST, REST), strict=True):
        lines = text.splitlines()
        starts = lines.index("     - .. list-table::") + 1
        assert starts <= int(line) <= lines.index("          * - INNERA") + 1, warnings
    assert all(w.endswith("[confnotes.nested_table]") for w in warnings)
    written = b"".join(p.read_bytes() for p in Path(app.outdir).rglob("*") if p.is_file())
    for cell in (b"OUTER", b"INNERA", b"INNERB", b"INNERC", b"INNERD", b"ADMTITLE"):
        assert written.count(cell) >= 2, cell  # each page shows it
    if builder == "html":  # an admonition's title in a cell stays the admonition's, once
        page = (Path(app.outdir) / "nested.html").read_text("utf-8")
        assert page.count("ADMTITLE") == 1
