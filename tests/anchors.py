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
(``tests/test_only_content.py``); it parses with BeautifulSoup and lxml, as the
other tests do.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

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
    """The ids of each page of an output folder, parsed once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._ids: dict[Path, set[str]] = {}
        self._soups: dict[Path, BeautifulSoup] = {}

    def soup(self, path: Path) -> BeautifulSoup:
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(
                path.read_bytes(), "xml" if path.suffix == ".xhtml" else "lxml"
            )
        return self._soups[path]

    def ids(self, path: Path) -> set[str]:
        if path not in self._ids:
            soup = self.soup(path)
            found = {str(tag["id"]) for tag in soup.find_all(id=True)}
            found |= {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}
            self._ids[path] = found
        return self._ids[path]


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
        for tag in pages.soup(page).find_all(["a", "area"], href=True):
            yield from _check(pages, page, str(tag["href"]), f"link {tag.get_text(strip=True)!r}")


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
