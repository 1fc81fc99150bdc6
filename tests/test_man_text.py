"""No text a page holds becomes a roff request or escape in its man page.

Sphinx's man writer copied an image's alt text, an ``acks`` list, a
first-level title and a link's address as they are, escaped a dot that
starts a line only in paragraphs, put a multi-line title on a macro's line,
and let a cell's line ``T}`` end tbl's text block: a line break then
``.so /etc/hostname`` read a file of the reader's when the page was viewed,
``.SH HIJACK`` made a heading of the writer's choosing, and ``\\V'HOME'``
read the reader's environment. In a copy of ``test-page-files``, a reST page
and a MyST page put such text everywhere the writer copied it; each is its
own man page. The rules checked: after the header, no line is a request the
page's text made (none reads a file, no heading is the text's, every cell's
block ends where the writer ended it), no backslash of the text starts an
escape, and every word is still shown.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from root_builds import build_root

ROOTS = Path(__file__).parent / "roots"
#: what hostile lines add: a request that reads a file, one that makes a heading
REQUEST = ".so /etc/hostname"
HEADING = ".SH HIJACK"
#: an escape that reads the reader's environment
ESCAPE = "\\V'HOME'"
#: the escape as reST writes it (a backslash is escaped by one)
RST_ESCAPE = ESCAPE.replace("\\", "\\\\")
REST = f"""\
Roff
====

Top |t|
-------

.. |t| replace:: words
   {REQUEST}
   {HEADING}
   {RST_ESCAPE}

.. _in-manual:

.. acks::

   * {REQUEST}
   * Thanks
     {HEADING}
     {RST_ESCAPE} done
   * Non\u00a0breaking

.. image:: pic.png
   :alt: picture
     {REQUEST}
     {HEADING}
     {RST_ESCAPE}

Sub |t|
^^^^^^^

.. rubric:: Rubric |t|

.. note:: Note |t|

   body

:Field |t|: value

Term |t|
   A definition.

.. list-table::

   * - cell
       T}}
       {HEADING}

`a link <https://a.example/x{RST_ESCAPE}>`_ and
`https://b.example/y{RST_ESCAPE} <https://b.example/y{RST_ESCAPE}>`_, and
:ref:`a link within the manual <in-manual>`.
"""
MYST = f"""\
---
myst:
  enable_extensions: [html_image]
---
# Roff in MyST

Text.

<img src="pic.png" alt="one&#10;{REQUEST}&#10;{HEADING}&#10;{ESCAPE}">
"""
PAGES = {"roff.rst": REST, "roff-myst.md": MYST}
MAN_PAGES = 'man_pages = [("roff", "roff", "R", [], 1), ("roff-myst", "rm", "M", [], 1)]\n'
#: the requests the writer itself puts in a page's body (a table: tbl's)
WRITERS_REQUESTS = {
    *("sp", "SH", "SS", "INDENT", "UNINDENT", "TP", "B", "IP", "nf", "fi", "ce"),
    *("TS", "TE"),
}


@pytest.fixture(scope="module")
def man_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], list[str]]:
    """The two pages' man pages, by page, and the build's warnings."""
    tmp = tmp_path_factory.mktemp("man-text")
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp / "src")
    for name, text in PAGES.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    (srcdir / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8") + MAN_PAGES, "utf-8")
    app, warnings = build_root(srcdir, tmp / "out", "man")
    out = Path(app.outdir)
    pages = {"roff.rst": out / "roff.1", "roff-myst.md": out / "rm.1"}
    return {name: path.read_text("utf-8") for name, path in pages.items()}, warnings


def body(page: str) -> list[str]:
    """The lines after the header (``.TH``), comments left out."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(".TH "))
    return [line for line in lines[start + 1 :] if not line.startswith('.\\"')]


def requests(lines: list[str]) -> list[str]:
    """Each line that is a request, as the request's name."""
    found = (re.match(r"[.']\s*(\S*)", line) for line in lines)
    return [match[1] for match in found if match]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_text_is_a_request_or_an_escape(
    man_pages: tuple[dict[str, str], list[str]], name: str
) -> None:
    pages, warnings = man_pages
    assert warnings == []
    lines = body(pages[name])
    assert set(requests(lines)) <= WRITERS_REQUESTS, pages[name]
    # a request of a name the writer uses too, made by the text: never a request
    assert not [line for line in lines if line.startswith(HEADING)], pages[name]
    # tbl's text blocks: each cell's ends where the writer ended it, on a line of its own
    assert lines.count("T{") == lines.count("T}"), pages[name]
    # a backslash of the text is written \e: no other escape reads the environment
    assert not re.search(r"(?<!\\)\\[VX]", pages[name]), pages[name]
    # every hostile line is still there, as words
    assert "/etc/hostname" in pages[name] and "HIJACK" in pages[name] and "HOME" in pages[name]


def test_each_place_shows_its_words(man_pages: tuple[dict[str, str], list[str]]) -> None:
    """The alt, the acks, every title, the cell and the links are written, their words kept."""
    text = "\n".join(body(man_pages[0]["roff.rst"]))
    for words in ("[image: picture", "Thanks", "TOP WORDS", "Sub words", "Rubric words"):
        assert words in text, words
    for words in ("Note words", "Field words", "Term words", "a.example", "b.example"):
        assert words in text.replace("\\:", ""), words
    # the substitution in two titles, a rubric, a note, a field name and a term; acks; alt
    assert text.lower().count("/etc/hostname") >= 8, text
    # a space that holds stays one (U+00A0 is written "\ ")
    assert "Non\\ breaking" in text
    assert "[image: one" in "\n".join(body(man_pages[0]["roff-myst.md"]))


def test_a_link_within_the_manual_shows_its_text_alone(
    man_pages: tuple[dict[str, str], list[str]],
) -> None:
    """A man page cannot follow an in-page address: no ``<#…>`` or ``<>`` after the text."""
    text = man_pages[0]["roff.rst"]
    assert "a link within the manual" in text
    assert "<#" not in text.replace("\\:", "") and "<>" not in text, text
