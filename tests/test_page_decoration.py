"""A page's header and footer are left out with a warning; every builder goes on.

docutils' ``.. header::`` and ``.. footer::`` fill the document's
decoration, which Sphinx's text and man writers cannot write: they raised
``NotImplementedError`` and stopped the build. In a copy of
``test-page-files``, a reST page and a MyST page with both warn
``confnotes.page_decoration`` at each one's line, and each builder writes
the rest of the page (the text copied to ``_sources`` aside).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REST = "Decorated\n=========\n\n.. header:: HEADER-TEXT\n\n.. footer:: FOOTER-TEXT\n\nBODY-TEXT\n"
MYST = (
    "# Decorated in MyST\n\n```{header}\nHEADER-TEXT\n```\n\n"
    "```{footer}\nFOOTER-TEXT\n```\n\nBODY-TEXT\n"
)


@pytest.mark.parametrize("builder", ["text", "man", "html"])
def test_a_header_and_a_footer_are_left_out(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "decorated.rst").write_text(REST, encoding="utf-8")
    (srcdir / "decorated-myst.md").write_text(MYST, encoding="utf-8")
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    ours = sorted(w for w in warnings_of(app) if "[confnotes.page_decoration]" in w)
    expected = []
    for name, text in (("decorated-myst.md", MYST), ("decorated.rst", REST)):
        for part in ("header", "footer"):  # at the directive's line
            line = next(n for n, row in enumerate(text.splitlines(), 1) if part in row)
            expected.append(f"{name}:{line}: a page {part}")
    assert [w.split(" is left out")[0] for w in ours] == sorted(expected), ours
    outdir = Path(app.outdir)
    files = [p for p in outdir.rglob("*") if p.is_file() and "_sources" not in p.parts]
    written = b"".join(p.read_bytes() for p in files)
    if builder != "man":  # man writes the root page only (man_pages)
        assert written.count(b"BODY-TEXT") == 2
    assert b"HEADER-TEXT" not in written and b"FOOTER-TEXT" not in written
