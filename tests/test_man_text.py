"""No text a page holds becomes a roff request or escape in its man page.

Sphinx's man writer copied an image's alt text, an ``acks`` list, a
first-level title and a link's address as they are, and escaped a dot that
starts a line only in paragraphs: a line break then ``.so /etc/hostname``
read a file of the reader's when the page was viewed, and ``\\V'HOME'`` the
reader's environment. In a copy of ``test-page-files``, a reST page and a
MyST page put such text everywhere the writer copied it; each is its own man
page. The rule checked: after the header, no line of a page is a request
the writer did not write, no backslash of the text starts an escape, and
every word is still shown.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from root_builds import build_root

ROOTS = Path(__file__).parent / "roots"
#: what a hostile line adds: a request that reads a file, an escape that reads the environment
REQUEST = ".so /etc/hostname"
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
   {RST_ESCAPE}

.. acks::

   * Thanks
     {REQUEST}
     {RST_ESCAPE} done

.. image:: pic.png
   :alt: picture
     {REQUEST}
     {RST_ESCAPE}

Sub |t|
^^^^^^^

.. rubric:: Rubric |t|

.. note:: Note |t|

   body

:Field |t|: value

`a link <https://a.example/x{RST_ESCAPE}>`_ and
`https://b.example/y{RST_ESCAPE} <https://b.example/y{RST_ESCAPE}>`_.
"""
MYST = f"""\
---
myst:
  enable_extensions: [html_image]
---
# Roff in MyST

Text.

<img src="pic.png" alt="one&#10;{REQUEST}&#10;{ESCAPE}">
"""
PAGES = {"roff.rst": REST, "roff-myst.md": MYST}
MAN_PAGES = 'man_pages = [("roff", "roff", "R", [], 1), ("roff-myst", "rm", "M", [], 1)]\n'
#: the requests the writer itself puts in a page's body
WRITERS_REQUESTS = {"sp", "SH", "SS", "INDENT", "UNINDENT", "TP", "B", "IP", "nf", "fi", "ce"}


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


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_text_is_a_request_or_an_escape(
    man_pages: tuple[dict[str, str], list[str]], name: str
) -> None:
    pages, warnings = man_pages
    assert warnings == []
    lines = body(pages[name])
    requests = {re.match(r"[.']\s*(\S*)", line)[1] for line in lines if line[:1] in ".'"}  # type: ignore[index]
    assert requests <= WRITERS_REQUESTS, (requests - WRITERS_REQUESTS, pages[name])
    # a backslash of the text is written \e: no other escape reads the environment
    assert not re.search(r"(?<!\\)\\[VX]", pages[name]), pages[name]
    # every hostile line is still there, as words
    assert "/etc/hostname" in pages[name] and "HOME" in pages[name]


def test_each_place_shows_its_words(man_pages: tuple[dict[str, str], list[str]]) -> None:
    """The alt, the acks, every title and both links are written, their words kept."""
    text = "\n".join(body(man_pages[0]["roff.rst"]))
    for words in ("[image: picture", "Thanks", "TOP WORDS", "Sub words", "Rubric words"):
        assert words in text, words
    for words in ("Note words", "Field words", "a.example", "b.example"):
        assert words in text.replace("\\:", ""), words
    # the substitution in four titles and a field name, the acks, the alt
    assert text.lower().count("/etc/hostname") >= 7, text
    assert "[image: one" in "\n".join(body(man_pages[0]["roff-myst.md"]))
