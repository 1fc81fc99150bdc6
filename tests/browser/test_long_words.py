"""A 2,000-character word in a title wraps on every page at 375 px.

A copy of the site gets one more talk, made as a contributor makes one
(``scripts/new_talk.py``, the scaffold behind ``make new-talk``), whose
title (and prose) is a single unbroken word of 2,000 characters; the
programme places it, so the word reaches every page's navigation and its
neighbours' "next" links. Every page of that build, the general index (which
lists the talk) and the search results for the word are opened on a 375 px
wide phone: none may scroll sideways.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from built_site import BuiltSite, html_pages
from project_scripts import fill_in_placeholders, import_script
from sphinx_search import SEARCH_DONE_JS

pytestmark = pytest.mark.browser

PHONE = 375
WORD = ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 45)[:2000]

PROSE = f"""

The same word in prose: {WORD}.
"""

#: Whether the page, or a box in it, scrolls sideways (or clips its text), and what.
#: Code blocks may scroll (their lines never wrap), inputs scroll their own
#: text, visually hidden text is clipped on purpose, and furo's off-canvas
#: drawers sit outside the viewport until opened.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const allowed = (node) => node.closest('pre, .highlight, input, textarea, .visually-hidden')
    || (node.closest('.sidebar-drawer, .toc-drawer') && node.closest('.sidebar-drawer, .toc-drawer')
        .getBoundingClientRect().left >= width - 1);
  const culprits = [];
  for (const node of document.querySelectorAll('body *')) {
    if (node.offsetParent === null || allowed(node)) continue;
    const style = getComputedStyle(node);
    const box = node.getBoundingClientRect();
    const name = node.tagName.toLowerCase() + '.' + [...node.classList].join('.');
    if (node.scrollWidth > node.clientWidth + 1 && style.overflowX !== 'visible') {
      culprits.push(`${name} scrolls or clips: ${node.scrollWidth} > ${node.clientWidth}`);
    } else if (box.width && box.right > width + 1) {
      culprits.push(`${name} sticks out: right=${Math.round(box.right)}`);
    }
    if (culprits.length >= 6) break;
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: width, culprits};
}"""


@pytest.fixture(scope="module")
def long_word_site(
    tmp_path_factory: pytest.TempPathFactory,
    copy_site: Callable[[Path], Path],
    run_strict_build: Callable[..., Any],
) -> Path:
    """A strict html build of the site plus the long-word talk, made by the scaffold."""
    tmp = tmp_path_factory.mktemp("long-word")
    src = copy_site(tmp / "src")
    scaffold = import_script(src / "scripts" / "new_talk.py")
    args = ["--root", str(src), "--title", WORD, "--speaker", "unknown", "--id", "long-word"]
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        assert scaffold.main(args) == 0, said.getvalue()
    (page,) = (p for p in src.rglob("long-word.*") if p.suffix in {".rst", ".md"})
    page.write_text(page.read_text(encoding="utf-8") + PROSE, encoding="utf-8")
    fill_in_placeholders(src)
    out = tmp / "html"
    proc = run_strict_build(src, out, "html", tmp / "doctrees")
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def long_word_url(
    long_word_site: Path, serve_directory: Callable[[Path], AbstractContextManager[str]]
) -> Iterator[str]:
    """Serve the build on 127.0.0.1 (a port chosen by the OS)."""
    with serve_directory(long_word_site) as url:
        yield url


def test_long_words_wrap_on_every_page(
    long_word_site: Path, long_word_url: str, browser: Any
) -> None:
    pages = html_pages(long_word_site)
    talk = next(t for t in BuiltSite(long_word_site).talks if t.ident == "long-word")
    assert {"genindex.html", talk.page, "index.html"} <= set(pages)
    for page in ("genindex.html", "index.html"):  # the talk's index entry, the navigation
        assert WORD in (long_word_site / page).read_text(encoding="utf-8"), page
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    try:
        page = context.new_page()
        foreign: list[str] = []
        page.on(
            "request",
            lambda r: None if r.url.startswith(long_word_url) else foreign.append(r.url),
        )
        failures: list[str] = []
        for path in [*pages, f"search.html?q={quote(WORD)}"]:
            page.goto(long_word_url + path, wait_until="load")
            if path.startswith("search.html?"):
                page.wait_for_function(SEARCH_DONE_JS, timeout=15_000)
                assert WORD in page.inner_text("#search-results")
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow["scrollWidth"] > overflow["innerWidth"] or overflow["culprits"]:
                failures.append(f"{path[:40]}: scrolls sideways {overflow}")
        assert not failures, "\n".join(failures)
        assert foreign == [], foreign
    finally:
        context.close()
