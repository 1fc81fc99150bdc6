"""The theme's search page finds tools, speakers and talks, and links to the right place.

Sphinx's search runs in the browser (``search.html?q=...`` loads
``searchindex.js``); a result is only useful if its link opens the page and
lands on the object. Every link the search shows for these queries is
checked against the built files (page exists, anchor exists), and the
expected result is followed in the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus, unquote, urljoin, urlsplit

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.browser

RESULTS_JS = """() => [...document.querySelectorAll('#search-results ul.search > li > a')]
  .map((a) => ({href: a.getAttribute('href'), text: a.textContent.trim(),
                kind: a.parentElement.className}))"""

CASES = [
    # query, the object the best result must land on (its place comes from
    # objects.inv), or the page for a talk found by its title
    pytest.param("psutil", ("conf:tool", "psutil"), id="tool"),
    pytest.param("ZeroMQ", ("conf:tool", "zeromq"), id="tool-display-name"),
    pytest.param("Andrew Godwin", ("conf:speaker", "andrew-godwin"), id="speaker"),
    pytest.param("Migrating the Future", "talks/09-migrating-the-future.html", id="talk-title"),
]


def _ids(path: Path) -> set[str]:
    return set(lxml_html.parse(str(path)).xpath("//@id"))


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_search_finds_and_links(
    query: str,
    expected: str | tuple[str, str],
    open_session: Callable[..., Any],
    html_dir: Path,
    inventory: dict[tuple[str, str], str],
) -> None:
    if isinstance(expected, tuple):
        assert expected in inventory, f"{expected} is not in objects.inv"
        page, _sep, anchor = inventory[expected].partition("#")
    else:
        page, anchor = expected, ""
    session = open_session()
    session.goto(f"search.html?q={quote_plus(query)}")
    session.page.wait_for_function(
        "() => document.querySelector('#search-results .search-summary')?.textContent.trim()",
        timeout=15_000,
    )
    # Result summaries are fetched page by page after the list is shown.
    session.page.wait_for_timeout(100)
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
