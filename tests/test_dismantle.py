"""Written doctrees are taken apart (``confnotes.core.dismantle``).

A written page's doctree is garbage held in reference cycles; with no full
collection during a build (``confnotes.core.gc_freeze``) it would stay until
the build ends. The html and dirhtml builders take each apart once it is
written: serially, and under ``-j 2`` the main process's copy once its
writer reports. Built on a small test root.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-talks"


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
@pytest.mark.parametrize("parallel", [0, 2])
def test_every_written_doctree_is_taken_apart(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str, parallel: int
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app = make_app(builder, srcdir=src, freshenv=True, parallel=parallel)
    resolved: list[nodes.document] = []

    def keep(_app: Any, doctree: nodes.document, _docname: str) -> None:
        resolved.append(doctree)

    app.connect("doctree-resolved", keep)
    app.build()
    assert app.statuscode == 0
    assert len(resolved) == len(app.env.found_docs)  # resolved in this process
    whole = [d["source"] for d in resolved if d.children or d.ids]
    assert not whole, f"doctrees left whole after writing: {whole}"
    app.cleanup()


def test_dismantle_leaves_no_node_linked(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    make_app("html", srcdir=shutil.copytree(ROOT, tmp_path / "src"))  # puts _ext on the path
    from confnotes.core.dismantle import dismantle

    doctree = nodes.document(None, None)  # type: ignore[arg-type]
    section = nodes.section(ids=["s"])
    paragraph = nodes.paragraph("", "", nodes.Text("text"))
    section += paragraph
    doctree += section
    doctree.note_implicit_target(section)
    kept = list(doctree.findall())
    dismantle(doctree)
    for node in kept:
        assert node.parent is None
        assert getattr(node, "children", []) == []
        assert node.document is None
    assert not doctree.ids and not doctree.nameids
