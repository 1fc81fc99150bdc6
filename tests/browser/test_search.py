"""The theme's search page finds tools, speakers and talks, and links to the right place.

Sphinx's search runs in the browser (``search.html?q=...`` loads
``searchindex.js``); a result is only useful if its link opens the page and
lands on the object. Every link the search shows for these queries is
checked against the built files (page exists, anchor exists), and the
expected result is followed in the browser. The queries are names from the
build's ``conference.json`` (a tool, a speaker, a talk's title), whatever
the notes hold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, unquote, urljoin, urlsplit

import pytest
from built_site import BuiltSite
from lxml import html as lxml_html
from output_scan import unsafe_url
from sphinx_search import SEARCH_DONE_JS

pytestmark = pytest.mark.browser

RESULTS_JS = """() => [...document.querySelectorAll('#search-results ul.search > li > a')]
  .map((a) => ({href: a.getAttribute('href'), text: a.textContent.trim(),
                kind: a.parentElement.className}))"""

KINDS = ["tool", "tool-display-name", "speaker", "talk-title"]


def _one_word(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][\w.+-]{3,}", name))


def search_case(site: BuiltSite, kind: str) -> tuple[str, str, str] | None:
    """``(query, page, anchor)`` for a kind of search, chosen from the export; None if none fits.

    A name that no other name, title or speaker contains, so that one
    object is the right answer: a tool named as its id; a tool of one word
    whose name is not its id (found by the name a reader knows); a speaker;
    a talk alone on its page, by its title (its page is the answer).
    """
    names = [*(t.name for t in site.tools), *(s.name for s in site.speakers)]
    names += [t.title for t in site.talks]

    def unique(name: str) -> bool:
        return sum(name.lower() in other.lower() for other in names) == 1

    alone = Counter(t.page for t in site.talks)
    candidates = {
        "tool": [(t.name, t.page, t.anchor) for t in site.tools if t.name == t.ident],
        "tool-display-name": [
            (t.name, t.page, t.anchor)
            for t in site.tools
            if _one_word(t.name) and t.name != t.ident
        ],
        "speaker": [(s.name, s.page, s.anchor) for s in site.speakers],
        "talk-title": [(t.title, t.page, "") for t in site.talks if alone[t.page] == 1],
    }[kind]
    return next((case for case in candidates if unique(case[0])), None)


def _ids(path: Path) -> set[str]:
    return set(lxml_html.parse(str(path)).xpath("//@id"))


@pytest.mark.parametrize("kind", KINDS)
def test_search_finds_and_links(
    kind: str,
    open_session: Callable[..., Any],
    html_dir: Path,
    built_site: BuiltSite,
    inventory: dict[tuple[str, str], str],
) -> None:
    case = search_case(built_site, kind)
    if case is None:
        pytest.skip(f"no {kind} of the site has a name nothing else contains")
    query, page, anchor = case
    if anchor:  # where the export says the object lives, objects.inv says too
        assert f"{page}#{anchor}" in inventory.values(), (page, anchor)
    session = open_session()
    session.goto(f"search.html?q={quote_plus(query)}")
    session.page.wait_for_function(SEARCH_DONE_JS, timeout=15_000)
    session.settle()
    results: list[dict[str, str]] = session.page.evaluate(RESULTS_JS)
    assert results, f"search for {query!r} found nothing"

    problems = [f"search page: {p}" for p in session.probe.problems()]
    # Every result link resolves: the page exists and so does its anchor.
    for result in results:
        target = urlsplit(urljoin("http://x/search.html", result["href"]))
        path = html_dir / unquote(target.path.lstrip("/"))
        fragment = unquote(target.fragment)
        if not path.is_file():
            problems.append(f"{result['href']!r} ({result['kind']}): no such page")
        elif fragment and fragment not in _ids(path):
            problems.append(
                f"{result['href']!r} ({result['kind']}): no id {fragment!r} on the page"
            )
    # The expected place is among the first three results.
    wanted = f"{page}#{anchor}" if anchor else page
    top = [r["href"] for r in results[:3]]
    if wanted not in top:
        problems.append(f"{wanted!r} is not in the top results {top}")
    assert not problems, f"search for {query!r}:\n" + "\n".join(problems)

    # Following it lands on the object.
    session.probe.reset()
    session.page.locator(f'#search-results ul.search a[href="{wanted}"]').first.click()
    session.page.wait_for_load_state("load")
    session.settle()
    location = session.page.evaluate("() => [location.pathname, location.hash]")
    assert location[0] == "/" + page, location
    if anchor:
        assert location[1] == f"#{anchor}", location
        assert session.page.locator(f"#{anchor}").count() == 1
    assert not session.probe.problems(), session.probe.problems()


HIGHLIGHT_STATE_JS = """() => ({
  highlighted: document.querySelectorAll('span.highlighted').length,
  links: [...document.querySelectorAll('#searchbox .highlight-link a')]
    .map((a) => a.getAttribute('href')),
  url: location.href,
})"""


def test_hiding_search_matches_needs_no_script_link(
    open_session: Callable[..., Any], html_dir: Path, built_site: BuiltSite
) -> None:
    """A page opened from a search marks the words and offers to hide them.

    Sphinx's own link for that is a ``javascript:`` URL; the site's is a
    plain link that a listener answers, and it hides them all, in place.
    """
    pages = [
        t.page
        for t in built_site.talks
        if lxml_html.parse(str(html_dir / t.page)).xpath("//*[@id='searchbox']")
    ]
    if not pages:
        pytest.skip("no page of the site has the theme's search box")
    page = pages[0]
    words = re.findall(r"[A-Za-z]{4,}", next(t.title for t in built_site.talks if t.page == page))
    if not words:
        pytest.skip(f"the title of {page} has no word to search for")
    session = open_session()
    session.goto(f"{page}?highlight={quote_plus(words[0])}")
    session.page.wait_for_selector("#searchbox .highlight-link a", state="attached")
    session.page.wait_for_selector("span.highlighted", state="attached")
    before = session.page.evaluate(HIGHLIGHT_STATE_JS)
    assert before["links"] and not any(unsafe_url(href) for href in before["links"]), before
    session.page.locator("#searchbox .highlight-link a").first.click()
    after = session.page.evaluate(HIGHLIGHT_STATE_JS)
    assert after == {"highlighted": 0, "links": [], "url": before["url"]}, after
    assert not session.probe.problems(), session.probe.problems()
