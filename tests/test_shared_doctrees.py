"""Builders that share one doctree folder each write what an edit changed.

``make html`` then ``make dirhtml`` (``make check`` runs four builders so)
share ``_build/doctrees``: the first reads an edit, the second reads
nothing. A talk's only tool mention removed, the html glossary lost its link
but the dirhtml glossary kept it, pointing at an anchor no page had
(helper-69). In a copy of ``test-talks``, html and dirhtml build into one
folder, a mention goes, both build again, and each output equals a fresh
build of its own.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent / "roots" / "test-talks"
ROLE_RE = re.compile(r":tool:`([^`<]*<)?([^`>]*)>?`")


def pages(outdir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(outdir)): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
    }


def test_a_second_builder_writes_what_the_first_read(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    shared = tmp_path / "shared"
    for builder in ("html", "dirhtml"):
        make_app(builder, srcdir=src, builddir=shared).build()
    # a page's tool mentions become plain text: the glossary's links to them must go
    page = next(p for p in sorted((src / "talks").glob("*.rst")) if ROLE_RE.search(p.read_text()))
    page.write_text(ROLE_RE.sub(lambda m: "the tool", page.read_text()), encoding="utf-8")
    for builder in ("html", "dirhtml"):
        make_app(builder, srcdir=src, builddir=shared).build()
        fresh = make_app(builder, srcdir=src, builddir=tmp_path / f"fresh-{builder}", freshenv=True)
        fresh.build()
        written, expected = pages(shared / builder), pages(Path(fresh.outdir))
        assert written.keys() == expected.keys()
        stale = [name for name in expected if written[name] != expected[name]]
        assert not stale, f"{builder}: {stale} differ from a fresh build"
