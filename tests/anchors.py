"""No link of a built site points to a file or an anchor that is not there, in any builder.

:func:`broken_links` reads a builder's output folder and returns one line per
internal link whose target is missing, ``"<file>: <link> (<why>)"``; an empty
list means every link lands. What counts as a link and an anchor depends on
the output:

* html, dirhtml, singlehtml: every ``href`` of ``<a>`` and ``<area>`` without a
  scheme, resolved from the page (a folder means its ``index.html``); its
  ``#fragment`` must be an ``id`` (or an ``<a name>``) of the target page;
* epub: the same in the ``.epub`` archive (unzipped), plus the ``src`` of
  ``toc.ncx``'s navigation points and the ``href`` of ``content.opf``'s items;
* latex: every ``\\hyperref[...]``, ``\\ref``, ``\\pageref``, ``\\autopageref``
  and ``\\sphinxpageref`` must name a ``\\label``, and every ``\\hyperlink`` a
  ``\\hypertarget``, in the same ``.tex`` file;
* text, man, gettext: these have no internal links to check (references are
  written as their text); the output must exist, and the list is empty.

Shared by the tests that build roots in several builders
(``tests/test_only_content.py``) and by the real site's scan; it parses with lxml
(BeautifulSoup for epub's navigation files), as the other tests do.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html
from bs4 import BeautifulSoup
from lxml import etree

HTML_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
#: builders whose output has no internal links (see the module's docstring)
PLAIN_BUILDERS = frozenset({"text", "man", "gettext"})
PAGE_SUFFIXES = (".html", ".xhtml")


def broken_links(outdir: Path, builder: str) -> list[str]:
    """Return every internal link of *builder*'s output in *outdir* that does not land."""
    if not outdir.is_dir() or not any(outdir.iterdir()):
        return [f"{outdir}: no output"]
    if builder in HTML_BUILDERS:
        return _broken_html(outdir)
    if builder == "epub":
        return _broken_epub(outdir)
    if builder == "latex":
        return _broken_latex(outdir)
    if builder in PLAIN_BUILDERS:
        return []
    raise ValueError(f"no anchor check for the {builder!r} builder")


# -- HTML and EPUB ----------------------------------------------------------------


class _Pages:
    """The parsed pages and ids of an output folder, each page parsed once.

    Pages are keyed by their normalised path: a link from ``talks/x/`` to
    ``../../index.html`` names the same page as a link from ``index.html``,
    and parsing it again per spelling made the dirhtml check ten times slower.
    lxml's own trees (BeautifulSoup's lxml builders parse with the same parser).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._ids: dict[str, set[str]] = {}
        self._trees: dict[str, Any] = {}

    def tree(self, path: Path) -> Any:
        """The page's root element (``None`` for an empty file)."""
        key = os.path.normpath(path)
        if key not in self._trees:
            data = path.read_bytes()
            tree = None
            if path.suffix == ".xhtml":
                tree = etree.fromstring(data, _XML_PARSER) if data.strip() else None
            elif data.strip():
                tree = lxml.html.document_fromstring(data)
            self._trees[key] = tree
        return self._trees[key]

    def elements(self, path: Path) -> Iterator[tuple[str, Any]]:
        """``(local tag name, element)`` of every element of the page, in document order."""
        tree = self.tree(path)
        if tree is None:
            return
        for element in tree.iter():
            if isinstance(element.tag, str):
                yield etree.QName(element).localname, element

    def ids(self, path: Path) -> set[str]:
        key = os.path.normpath(path)
        if key not in self._ids:
            found: set[str] = set()
            for name, element in self.elements(path):
                if element.get("id") is not None:
                    found.add(element.get("id"))
                if name == "a" and element.get("name") is not None:
                    found.add(element.get("name"))
            self._ids[key] = found
        return self._ids[key]


#: XHTML as BeautifulSoup's "xml" builder reads it: broken markup recovered, nothing fetched
_XML_PARSER = etree.XMLParser(
    recover=True, strip_cdata=False, resolve_entities=False, no_network=True
)


def _target(page: Path, href: str, root: Path) -> tuple[Path, str] | None:
    """The file and fragment an internal *href* of *page* names; None for an outside link.

    An absolute path (the 404 page's links, which work at any depth) is read
    from the site's root.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    if parts.path.startswith("/"):
        path = root / unquote(parts.path.lstrip("/"))
    else:
        path = page if not parts.path else (page.parent / unquote(parts.path))
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def _check(pages: _Pages, page: Path, href: str, what: str) -> Iterator[str]:
    found = _target(page, href, pages.root)
    if found is None:
        return
    path, fragment = found
    where = page.relative_to(pages.root).as_posix()
    if not path.is_file():
        yield f"{where}: {what} {href!r} (no file {path.relative_to(pages.root).as_posix()})"
    elif fragment and path.suffix in PAGE_SUFFIXES and fragment not in pages.ids(path):
        yield f"{where}: {what} {href!r} (no anchor #{fragment})"


def _links_of(pages: _Pages, root: Path) -> Iterator[str]:
    for page in sorted(p for p in root.rglob("*") if p.suffix in PAGE_SUFFIXES):
        for name, element in pages.elements(page):
            href = element.get("href")
            if name in ("a", "area") and href is not None:
                text = "".join(s.strip() for s in element.itertext())
                yield from _check(pages, page, href, f"link {text!r}")


def _broken_html(outdir: Path) -> list[str]:
    return list(_links_of(_Pages(outdir), outdir))


def _broken_epub(outdir: Path) -> list[str]:
    books = sorted(outdir.glob("*.epub"))
    if not books:
        return [f"{outdir}: no .epub archive"]
    broken: list[str] = []
    for book in books:
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(book) as archive:
            root = Path(tmp)
            archive.extractall(root)
            pages = _Pages(root)
            broken += [f"{book.name}: {line}" for line in _links_of(pages, root)]
            for ncx in root.rglob("*.ncx"):
                soup = BeautifulSoup(ncx.read_bytes(), "xml")
                for point in soup.find_all("content", src=True):
                    broken += [
                        f"{book.name}: {line}"
                        for line in _check(pages, ncx, str(point["src"]), "navigation point")
                    ]
            for opf in root.rglob("*.opf"):
                soup = BeautifulSoup(opf.read_bytes(), "xml")
                for item in soup.find_all("item", href=True):
                    broken += [
                        f"{book.name}: {line}"
                        for line in _check(pages, opf, str(item["href"]), "manifest item")
                    ]
    return broken


# -- LaTeX ------------------------------------------------------------------------

#: a braced argument, one level of nested braces (``{\detokenize{doc:anchor}}``)
_ARG = r"\{((?:[^{}]|\{[^{}]*\})*)\}"
_LABEL = re.compile(r"\\label" + _ARG)
_HYPERTARGET = re.compile(r"\\hypertarget" + _ARG)
_BIBITEM = re.compile(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}")
_REFS = re.compile(
    r"\\hyperref\[((?:[^\[\]{}]|\{[^{}]*\})*)\]"
    r"|\\(?:ref|pageref|autopageref\*?|sphinxpageref|nameref)" + _ARG
)
_HYPERLINK = re.compile(r"\\hyperlink" + _ARG)


def _name(raw: str) -> str:
    """``\\detokenize{doc:anchor}`` -> ``doc:anchor``."""
    raw = raw.strip()
    match = re.fullmatch(r"\\detokenize\{(.*)\}", raw, re.DOTALL)
    return match[1] if match else raw


def _broken_latex(outdir: Path) -> list[str]:
    sources = sorted(outdir.glob("*.tex"))
    if not sources:
        return [f"{outdir}: no .tex file"]
    broken: list[str] = []
    for tex in sources:
        text = tex.read_text(encoding="utf-8")
        labels = {_name(m[1]) for m in _LABEL.finditer(text)}
        targets = {_name(m[1]) for m in _HYPERTARGET.finditer(text)}
        # a bibliography item is the target hyperref names ``cite.<label>``
        targets |= {f"cite.{_name(m[1])}" for m in _BIBITEM.finditer(text)}
        for match in _REFS.finditer(text):
            name = _name(match[1] if match[1] is not None else match[2])
            if name not in labels:
                broken.append(f"{tex.name}: {match[0]!r} (no \\label{{{name}}})")
        for match in _HYPERLINK.finditer(text):
            if _name(match[1]) not in targets:
                broken.append(f"{tex.name}: {match[0]!r} (no \\hypertarget)")
    return broken
