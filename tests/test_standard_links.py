"""A page that links labels, terms and pages with Sphinx's roles is written again when they change.

Sphinx resolves ``:ref:``, ``:term:`` and ``:doc:`` when it writes a page,
and writes only the pages it read: a page linking a talk's label, a tool's
term, a glossary term, a section label or another page kept the old title,
or a link to a target that was gone (and no warning), until ``-E``. In a
copy of ``test-talks``, ``links.rst`` links each kind; every edit of what
one of them shows is made, and the incremental build writes the page as a
fresh build of the edited sources does, warnings included. An edit of
prose elsewhere writes it not at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from root_builds import build_root

ROOT = Path(__file__).parent / "roots" / "test-talks"
#: MyST 4's resolver of Markdown links reads ``.app``, deprecated in Sphinx 9 (not our code)
MYST_RESOLVER_USES_APP = pytest.mark.filterwarnings(
    "ignore:'myst_parser.sphinx_ext.myst_refs.MystReferenceResolver.app' is deprecated"
)
#: the pages that link: reST roles, MyST's Markdown links, ``:any:``
PAGES = ("links", "mystlinks", "anylinks")
LINKS = """Links
=====

The talk :ref:`conf-talk-circus`, the speaker :ref:`conf-speaker-tarek-ziade`, the tool
:ref:`conf-tool-psutil` and its term :term:`psutil`; the page :doc:`talks/kopernik`; the
section :ref:`adding-work` and the term :term:`Circus tent`.
"""
#: ``:any:`` alone on its page (a page written again for another link would hide it)
ANY_LINKS = "Any\n===\n\nThe section :any:`adding-work` and the page :any:`talks/kopernik`.\n"
MYST_LINKS = """# Links in MyST

[The talk](#conf-talk-circus), [the section](#adding-work), [again](project:#adding-work)
and [a page](talks/kopernik.rst).
"""
NOTES = """Notes
=====

.. _adding-work:

Adding work
-----------

.. glossary::

   Circus tent
      Where the conference was.
"""
#: (file, text, its replacement): each changes what a link of ``links.rst`` shows
EDITS = {
    "talk title": ("talks/circus.rst", ":title: Circus: process", ":title: Circus: the process"),
    "page title": ("talks/kopernik.rst", "Kopernik\n========", "Copernicus\n=========="),
    "label removed": ("notes.rst", ".. _adding-work:\n", ""),
    "section retitled": ("notes.rst", "Adding work\n---", "Adding more work\n--------"),
    "term renamed": ("notes.rst", "   Circus tent\n", "   Big top\n"),
    "tool renamed": ("tools.rst", ".. tool:: psutil\n", ".. tool:: psutil\n   :name: PsUtil\n"),
}


def build(srcdir: Path, outdir: Path, *, fresh: bool) -> tuple[str, list[str]]:
    """Build html; return the pages of links and the warnings about them."""
    app, warnings = build_root(srcdir, outdir, "html", fresh=fresh)
    pages = "".join((app.outdir / f"{name}.html").read_text("utf-8") for name in PAGES)
    return pages, [w for w in warnings if w.startswith(tuple(f"{name}." for name in PAGES))]


def site_with_links(tmp_path: Path) -> Path:
    """A copy of the root with ``links.rst`` and ``notes.rst`` listed in its index."""
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    (srcdir / "links.rst").write_text(LINKS, encoding="utf-8")
    (srcdir / "notes.rst").write_text(NOTES, encoding="utf-8")
    (srcdir / "mystlinks.md").write_text(MYST_LINKS, encoding="utf-8")
    (srcdir / "anylinks.rst").write_text(ANY_LINKS, encoding="utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text("utf-8")
        + 'extensions = ["myst_parser", *extensions]\n'
        + 'source_suffix = {".rst": "restructuredtext", ".md": "markdown"}\n',
        encoding="utf-8",
    )
    index = srcdir / "index.rst"
    listed = "".join(f"   {name}\n" for name in ("notes", *PAGES))
    index.write_text(index.read_text("utf-8") + listed, "utf-8")
    return srcdir


@MYST_RESOLVER_USES_APP
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_incremental_build_writes_the_links_as_a_fresh_one(tmp_path: Path, edit: str) -> None:
    """After the edit, ``links.html`` and its warnings are those of a fresh build."""
    srcdir = site_with_links(tmp_path)
    before, _warnings = build(srcdir, tmp_path / "out", fresh=True)
    name, old, new = EDITS[edit]
    page = srcdir / name
    assert old in page.read_text("utf-8"), (name, old)
    page.write_text(page.read_text("utf-8").replace(old, new), encoding="utf-8")
    incremental = build(srcdir, tmp_path / "out", fresh=False)
    fresh = build(srcdir, tmp_path / "fresh", fresh=True)
    assert incremental == fresh
    assert incremental[0] != before  # the edit changed what the page shows


@MYST_RESOLVER_USES_APP
def test_prose_edited_elsewhere_leaves_the_page_unwritten(tmp_path: Path) -> None:
    """A sentence changed on a linked page changes nothing a link shows."""
    srcdir = site_with_links(tmp_path)
    build(srcdir, tmp_path / "out", fresh=True)
    written = tmp_path / "out" / "html" / "links.html"
    stamp = written.stat().st_mtime_ns
    page = srcdir / "talks" / "kopernik.rst"
    page.write_text(page.read_text("utf-8").replace("on Copernicus.", "on Kopernik."), "utf-8")
    build(srcdir, tmp_path / "out", fresh=False)
    assert written.stat().st_mtime_ns == stamp
