"""Markup that stopped a builder, or warned nowhere, in Sphinx's own roles and writers.

helper-71's audit, each in a copy of ``test-page-files``, reST and MyST:

* ``:guilabel:`Save &``` and ``{menuselection}`File --> Save &```: a last
  ``&`` marks no letter and Sphinx raised ``IndexError`` while reading, in
  every builder. It warns ``confnotes.bad_role`` and shows the ``&``.
* an eighth level of section: the text writer has seven underlines
  (``text_sectionchars``) and raised ``IndexError``. Deeper levels take the
  last one.
* an image or a download that names a folder: the copy failed with a
  warning of no location, and the page linked to nothing. It is left out,
  ``confnotes.not_a_file`` at its line.

And helper-73's: nodes some writers cannot write stopped them: an
``:acronym:`` (text, man, LaTeX), a list item outside a list (sphinx-design's
``step`` outside ``steps``, a MyST ``:caption: - a``: text and man). They are
an abbreviation and an item in a list now; so did a ``cpp:alias`` with
``:noroot:`` (LaTeX), whose content now takes the description's place. A
path longer than the system allows (300 digits) in an
image, a download or an include made the checks' ``Path.is_file()`` raise
(Python 3.11); ``:tool:`!x``` (no link, by Sphinx's rule) raised in the
role. Now Sphinx says the file cannot be read, at its line, and ``!x`` is
the name unlinked.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from root_builds import add_pages

LABELS_RST = "Labels\n======\n\nPress :guilabel:`Save &` and :guilabel:`&Open`.\n"
LABELS_MD = "# Labels md\n\nThen {menuselection}`File --> Save &`.\n"
#: reStructuredText's underline styles, one per level, more than the text writer's seven
UNDERLINES = "=-~^\"'`*+#"
SECTIONS = "".join(f"Level {n}\n{c * 8}\n\nText {n}.\n\n" for n, c in enumerate(UNDERLINES, 1))
FOLDERS_RST = (
    "Folders\n=======\n\n:download:`the talks <.>` here.\n\n.. image:: /talks\n   :alt: gone\n"
)
FOLDERS_MD = (
    "# Folders md\n\n![an image](talks)\n\n{download}`the root <.>`\n\n"
    "![no path]() and {download}`none <>`\n"
)

WARNED = [
    "folders.rst:4: download of '.' left out: it names a folder, not a file; name the file"
    " [confnotes.not_a_file]",
    "folders.rst:6: image of '/talks' left out: it names a folder, not a file; name the file"
    " [confnotes.not_a_file]",
    "folders_md.md:3: image of 'talks' left out: it names a folder, not a file; name the file"
    " [confnotes.not_a_file]",
    "folders_md.md:5: download of '.' left out: it names a folder, not a file; name the file"
    " [confnotes.not_a_file]",
    "folders_md.md:7: download names no file (an empty path stands for the page's folder):"
    " left out; write the file's path [confnotes.empty_target]",
    "folders_md.md:7: image names no file (an empty path stands for the page's folder):"
    " left out; write the file's path [confnotes.empty_target]",
    "labels.rst:4: 'Save &' ends with '&', which marks the letter after it as the key to press,"
    " and no letter follows: the '&' is shown as it is; to mark a key, put its letter right"
    " after the '&' [confnotes.bad_role]",
    "labels_md.md:3: 'File --> Save &' ends with '&', which marks the letter after it as the key"
    " to press, and no letter follows: the '&' is shown as it is; to mark a key, put its letter"
    " right after the '&' [confnotes.bad_role]",
]
LONG = "9" * 300
LONG_PATHS = (
    f"Long\n====\n\n.. image:: {LONG}\n\n:download:`x <{LONG}.txt>`\n\n"
    f".. include:: {LONG}\n\nA :tool:`!psutil` unlinked.\n"
)
SHAPES_RST = "Shapes\n======\n\nAn :acronym:`HTML` page.\n\n.. step:: A step\n\n   Its body.\n"
#: a description the C++ domain leaves with content and no signature (LaTeX asserted one)
ALIAS = "Alias\n=====\n\n.. cpp:class:: x\n\n.. cpp:alias:: x\n   :noroot:\n"
SHAPES_MD = "# Shapes md\n\n```{code-block} python\n:caption: - a caption\n\nx = 1\n```\n"
PAGES = {
    "labels.rst": LABELS_RST,
    "labels_md.md": LABELS_MD,
    "sections.rst": SECTIONS,
    "folders.rst": FOLDERS_RST,
    "folders_md.md": FOLDERS_MD,
    "longpaths.rst": LONG_PATHS,
    "shapes.rst": SHAPES_RST,
    "shapes_md.md": SHAPES_MD,
    "alias.rst": ALIAS,
}


@pytest.fixture
def src(rootdir: Path, tmp_path: Path) -> Path:
    src = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    add_pages(src, PAGES)
    return src


@pytest.mark.parametrize("builder", ["html", "text", "man", "latex"])
def test_each_is_warned_at_its_line_and_every_builder_finishes(
    make_app: Callable[..., Any], src: Path, warnings_of: Any, builder: str
) -> None:
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    # a warning's first line (docutils continues some on lines of their own)
    found = [w for w in warnings_of(app) if re.match(r"[\w/.-]+\.(rst|md):\d+: ", w)]
    skip = ("about", "alias", "index", "longpaths", "shapes")
    assert sorted(w for w in found if not w.startswith(skip)) == WARNED
    # sphinx-design's own warning for its step outside steps (its words are its own);
    # nothing else of the shapes
    shapes = [w for w in found if w.startswith("shapes")]
    assert [w.split(": ", 1)[0] for w in shapes] == ["shapes.rst:6"], shapes
    assert "[design.steps]" in shapes[0], shapes
    # the C++ domain's own warning for the alias; the page is written
    alias = [w for w in found if w.startswith("alias")]
    assert [w.split(": ", 1)[0] for w in alias] == ["alias.rst:6"], alias
    assert alias[0].endswith("[sphinx.cpp]"), alias
    # each long path is said unreadable at its own line (which builders copy, they say)
    said = {w.split(": ", 1)[0] for w in found if w.startswith("longpaths")}
    assert {"longpaths.rst:8"} <= said <= {"longpaths.rst:4", "longpaths.rst:6", "longpaths.rst:8"}


def test_what_is_shown(make_app: Callable[..., Any], src: Path) -> None:
    html = make_app("html", srcdir=src, freshenv=True)
    html.build()
    labels = (Path(html.outdir) / "labels.html").read_text(encoding="utf-8")
    assert '<span class="guilabel">Save &amp;</span>' in labels
    assert '<span class="accelerator">O</span>pen' in labels  # Sphinx's, as before
    menu = (Path(html.outdir) / "labels_md.html").read_text(encoding="utf-8")
    assert '<span class="menuselection">File \N{TRIANGULAR BULLET} Save &amp;</span>' in menu
    for name in ("folders", "folders_md"):
        page = (Path(html.outdir) / f"{name}.html").read_text(encoding="utf-8")
        assert "_downloads/" not in page and "_images/" not in page
    assert "gone" in (Path(html.outdir) / "folders.html").read_text(encoding="utf-8")
    shapes = (Path(html.outdir) / "shapes.html").read_text(encoding="utf-8")
    assert "<abbr>HTML</abbr> page" in shapes and "<acronym" not in shapes
    assert re.search(r'<ul[^>]*>\s*<li class="sd-step">', shapes)  # in a list, as HTML asks
    caption = (Path(html.outdir) / "shapes_md.html").read_text(encoding="utf-8")
    assert '<span class="caption-text">a caption</span>' in caption
    unlinked = (Path(html.outdir) / "longpaths.html").read_text(encoding="utf-8")
    assert '<span class="xref conf conf-tool">psutil</span> unlinked' in unlinked
    html.cleanup()
    text = make_app("text", srcdir=src, freshenv=True)
    text.build()
    written = (Path(text.outdir) / "sections.txt").read_text(encoding="utf-8")
    for number in range(1, len(UNDERLINES) + 1):
        assert f"Level {number}\n" in written and f"Text {number}." in written
    chars = text.config.text_sectionchars
    # past the configured underlines, the last one
    assert f"Level {len(UNDERLINES)}\n{chars[-1] * len(f'Level {len(UNDERLINES)}')}\n" in written
