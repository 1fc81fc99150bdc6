"""A download link in a section title is shown as its text, in every builder.

Sphinx copies titles into tables of contents, sidebars and previous/next
links, keeping a download link as it is there: the link escaped the gate,
and Sphinx's table of contents failed on it (``KeyError: 'anchorname'``),
stopping the build. A copy of ``test-page-files`` gets a reST page with
download links in its page title and a section title (one of them to a
``javascript:`` URL) and a MyST page whose heading links a file. Each title
warns ``confnotes.link_in_title`` at its line; no output holds a download
link from a title or the unsafe URL; a download in the body is kept.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from output_scan import scan

BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text"]
REST = """\
Talk :download:`slides <notes.txt>`
===================================

Section :download:`evil <javascript://%0aalert(1)>`
---------------------------------------------------

The body links :download:`the notes <notes.txt>`.

.. |notes| replace:: :download:`substituted <notes.txt>`

Through a substitution |notes|
------------------------------
"""
MYST = """\
# A MyST talk

## The [notes](notes.txt) of the talk

Text.
"""
WARNED = [
    "talks/heading.md:3: download link 'notes' in a title",
    "talks/title.rst:12: download link 'substituted' in a title",
    "talks/title.rst:1: download link 'slides' in a title",
    "talks/title.rst:4: download link 'evil' in a title",
]


def copy_with_titles(rootdir: Path, tmp_path: Path) -> Path:
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "talks" / "notes.txt").write_text("the notes\n", encoding="utf-8")
    (srcdir / "talks" / "title.rst").write_text(REST, encoding="utf-8")
    (srcdir / "talks" / "heading.md").write_text(MYST, encoding="utf-8")
    return srcdir


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_title_shows_its_download_link_as_text(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    app = make_app(builder, srcdir=copy_with_titles(rootdir, tmp_path), freshenv=True)
    app.build()
    warned = sorted(w.split(" is shown")[0] for w in warnings_of(app) if "in a title" in w)
    assert warned == WARNED
    assert all(w.endswith("[confnotes.link_in_title]") for w in warnings_of(app) if "title" in w)
    outdir = Path(app.outdir)
    assert scan(outdir) == []
    # every written file but the book (zipped) and the sources copied as text
    files = [
        p
        for p in outdir.rglob("*")
        if p.is_file() and p.suffix != ".epub" and "_sources" not in p.parts
    ]
    texts = [p.read_text("utf-8", "replace") for p in files]
    every = "\n".join(t for t in texts if "\x00" not in t)
    assert "alert(1)" not in every
    if builder == "html":
        page = (outdir / "talks" / "title.html").read_text(encoding="utf-8")
        assert page.count('class="reference download internal"') == 1  # the body's
        text = re.sub(r"<[^>]+>", "", page)
        assert "Section evil" in text and "Talk slides" in text
        assert "Through a substitution substituted" in text


def test_without_the_check_the_build_stops(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confnotes.site.safety.title_links import UnlinkDownloadsInTitles

    monkeypatch.setattr(UnlinkDownloadsInTitles, "apply", lambda self, **kwargs: None)
    app = make_app("html", srcdir=copy_with_titles(rootdir, tmp_path), freshenv=True)
    with pytest.raises(KeyError):
        app.build()
