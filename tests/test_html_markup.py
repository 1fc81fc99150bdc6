"""The site's own HTML fixes what axe finds in Sphinx's and docutils' markup.

confnotes.site.translator: toctree captions are headings with a level, code
blocks can take focus (they may scroll), citations are items of their list.
The browser tests run axe on every page; these check the markup itself: on
the ``test-html-markup`` root, every kind of block, and on the real site, in
every HTML builder, whatever its pages hold (what to expect is read from the
sources and from the doctrees Sphinx read).
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from site_rules import Sources

SITE = Path(__file__).parent.parent

Build = Callable[..., tuple[Path, str]]


def soups(outdir: Path) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(outdir).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for path in sorted(outdir.rglob("*.html"))
        if not path.relative_to(outdir).parts[0].startswith(("_", "."))
    }


def unfocusable_pres(pages: dict[str, BeautifulSoup]) -> tuple[int, list[str]]:
    """How many ``<pre>`` the pages' content has, and those that cannot take focus."""
    pres = [(name, pre) for name, soup in pages.items() for pre in soup.select("article pre")]
    return len(pres), [
        f"{name}: {str(pre)[:80]}" for name, pre in pres if pre.get("tabindex") != "0"
    ]


def day_captions(root: Path) -> list[str]:
    """``<event> · Day <n> · <date>`` of every day the sources' talks make, in programme order.

    The days as ``site_rules.Sources`` places them from the ``talk`` options a
    contributor writes: dates, day numbers, or neither.
    """
    sources = Sources(root)
    return [f"{day[0]} · {sources.day_label(day)}" for day in sources.days]


def root_doc_captions(root: Path) -> set[str]:
    """The ``:caption:`` of each toctree the front page's source writes."""
    text = (root / "index.rst").read_text(encoding="utf-8")
    return {m[1].strip() for m in re.finditer(r"^\s+:caption:\s*(.+)$", text, re.M)}


def code_blocks_read(doctrees: Path) -> int:
    """How many literal and doctest blocks Sphinx read in the pages (each is a ``<pre>``)."""
    count = 0
    for path in doctrees.rglob("*.doctree"):
        doctree = pickle.loads(path.read_bytes())
        count += sum(
            1
            for _ in doctree.findall(
                lambda n: isinstance(n, (nodes.literal_block, nodes.doctest_block))
            )
        )
    return count


# -- the behaviour, on a root ------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="html-markup", freshenv=True)
def test_root_markup(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    pages = soups(Path(app.outdir))
    # a code block, a literal block, a parsed literal and a doctest block
    count, unfocusable = unfocusable_pres(pages)
    assert count == 4 and not unfocusable, unfocusable
    captions = pages["index.html"].select('p.caption[role="heading"]')
    assert "Pages" in {p.get_text(strip=True) for p in captions}
    assert all(p.get("aria-level") == "2" for p in captions)
    (citation_list,) = pages["index.html"].select('[role="list"].citation-list')
    children = citation_list.find_all(recursive=False)
    assert len(children) == 2 and all(child.get("role") == "listitem" for child in children)
    assert not pages["index.html"].select('[role="doc-biblioentry"]')


# -- the real site -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_toctree_captions_are_headings_with_a_level(build_site: Build, builder: str) -> None:
    pages = soups(build_site(builder)[0])
    captions = [
        (name, p) for name, soup in pages.items() for p in soup.select('p.caption[role="heading"]')
    ]
    assert captions, "no toctree caption found"
    texts = {p.get_text(strip=True) for _name, p in captions}
    # the front page's own captions, and the programme's: the sidebar's "Programme"
    # (singlehtml keeps Sphinx's own global toctree: a caption per day)
    programme = {"Programme"} if builder != "singlehtml" else set(day_captions(SITE))
    expected = root_doc_captions(SITE) | programme
    assert expected <= texts, (sorted(expected - texts), sorted(texts))
    missing = [f"{name}: {p}" for name, p in captions if p.get("aria-level") != "2"]
    assert not missing, missing
    if builder == "singlehtml":
        return  # its body toctrees are replaced by the pages themselves
    # the front page's body toctrees too, not only the sidebar
    front = pages["index.html"].select_one('div[role="main"], article')
    assert front is not None and front.select('p.caption[role="heading"][aria-level="2"]')


@pytest.mark.slow
def test_code_blocks_can_take_focus(
    build_site: Build, site_doctrees: Callable[[Path], Path]
) -> None:
    outdir = build_site("html")[0]
    count, unfocusable = unfocusable_pres(soups(outdir))
    # one <pre> per block Sphinx read, so none is missed (and none counted twice)
    assert count == code_blocks_read(site_doctrees(outdir))
    assert not unfocusable, unfocusable


@pytest.mark.slow
def test_citations_are_items_of_their_list(build_site: Build) -> None:
    soup = soups(build_site("html")[0])["bibliography.html"]
    lists = soup.select('[role="list"].citation-list')
    assert lists
    for citation_list in lists:
        children = citation_list.find_all(recursive=False)
        assert children and all(child.get("role") == "listitem" for child in children)
    assert not soup.select('[role="doc-biblioentry"]')


@pytest.mark.parametrize(
    ("raw", "xhtml"),
    [
        (
            '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">',
            '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox" />',
        ),
        ("<br>", "<br />"),
        ("<br />", "<br />"),
        # a quoted value may hold ">": the tag ends after it
        ("<img alt='1 > 0' src=\"a.png\">", "<img alt='1 > 0' src=\"a.png\" />"),
        # another element whose name starts like a void one's
        ("<source-x>", "<source-x>"),
        ("<s>", "<s>"),
    ],
)
def test_raw_html_void_elements_are_closed_for_an_e_book(raw: str, xhtml: str) -> None:
    from confnotes.site.translator import closed_void_elements

    assert closed_void_elements(raw) == xhtml
