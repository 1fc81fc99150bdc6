"""The site's own HTML fixes what axe finds in Sphinx's and docutils' markup.

confnotes.translator: toctree captions are headings with a level, code
blocks can take focus (they may scroll), citations are items of their list.
The browser tests run axe on every page; these check the markup itself, in
every HTML builder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

Build = Callable[..., tuple[Path, str]]

pytestmark = pytest.mark.slow


def soups(outdir: Path) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(outdir).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for path in sorted(outdir.rglob("*.html"))
        if not path.relative_to(outdir).parts[0].startswith(("_", "."))
    }


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_toctree_captions_are_headings_with_a_level(build_site: Build, builder: str) -> None:
    pages = soups(build_site(builder)[0])
    captions = [
        (name, p) for name, soup in pages.items() for p in soup.select('p.caption[role="heading"]')
    ]
    assert captions, "no toctree caption found"
    texts = {p.get_text(strip=True) for _name, p in captions}
    # the sidebar's "Programme" (singlehtml keeps Sphinx's own: a caption per day)
    programme = "Programme" if builder != "singlehtml" else "DjangoCon Europe 2013 · Day 1"
    assert "More" in texts and any(t.startswith(programme) for t in texts), texts
    missing = [f"{name}: {p}" for name, p in captions if p.get("aria-level") != "2"]
    assert not missing, missing
    if builder == "singlehtml":
        return  # its body toctrees are replaced by the pages themselves
    # the front page's body toctrees too, not only the sidebar
    front = pages["index.html"].select_one('div[role="main"], article')
    assert front is not None and front.select('p.caption[role="heading"][aria-level="2"]')


def test_code_blocks_can_take_focus(build_site: Build) -> None:
    pages = soups(build_site("html")[0])
    pres = [(name, pre) for name, soup in pages.items() for pre in soup.select("article pre")]
    assert len(pres) >= 3, "no code block found"
    unfocusable = [f"{name}: {str(pre)[:80]}" for name, pre in pres if pre.get("tabindex") != "0"]
    assert not unfocusable, unfocusable


def test_citations_are_items_of_their_list(build_site: Build) -> None:
    soup = soups(build_site("html")[0])["bibliography.html"]
    lists = soup.select('[role="list"].citation-list')
    assert lists
    for citation_list in lists:
        children = citation_list.find_all(recursive=False)
        assert children and all(child.get("role") == "listitem" for child in children)
    assert not soup.select('[role="doc-biblioentry"]')
