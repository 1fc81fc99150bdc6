"""Reading a talk in the browser: the private video facade and the glossary filter.

Chromium reaches nothing but the local server, and the session's probe
records every request to another host (``conftest.py``), so "nothing from
YouTube before the click" is what the browser really asked for, not what the
HTML seems to say. The talk, its recording and the tools come from the build
(``conference.json``): any talk with a YouTube recording, any glossary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from built_site import BuiltSite, Talk, Tool

pytestmark = pytest.mark.browser

EMBED = "https://www.youtube-nocookie.com/embed/"


@pytest.fixture(scope="module")
def recorded_talk(built_site: BuiltSite) -> Talk:
    """A talk alone on its page with a YouTube recording (skip if the site has none)."""
    if built_site.recorded_talk is None:
        pytest.skip("no talk of the site has a YouTube recording")
    return built_site.recorded_talk


@pytest.fixture(scope="module")
def glossary_page(view_pages: dict[str, str]) -> str:
    """The page holding the tool glossary (skip if the site has none)."""
    if "tools" not in view_pages:
        pytest.skip("the site has no tool glossary")
    return view_pages["tools"]


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).hostname or url for url in urls}


@pytest.mark.parametrize("width", [375, 1280])
def test_video_loads_nothing_until_pressed(
    open_session: Callable[..., Any], width: int, recorded_talk: Talk, built_site: BuiltSite
) -> None:
    session = open_session(width=width)
    page = session.page
    session.goto(recorded_talk.page)  # loaded and idle: a late request would be recorded
    assert session.probe.external_requests == [], "third-party requests before any click"
    button = page.locator(".conf-talk-header .conf-video button")
    assert button.is_visible()
    assert page.locator("iframe").count() == 0
    # a real, named button, keyboard-focusable, inside the header, 16:9
    role = page.get_by_role("button", name="Play the recording")
    assert role.count() == 1
    box = button.bounding_box()
    assert box is not None and abs(box["width"] / box["height"] - 16 / 9) < 0.1, box

    session.probe.reset()
    player = f"{EMBED}{built_site.video_of(recorded_talk)}?autoplay=1"
    with page.expect_request(player):
        button.click()
    frame = page.locator(".conf-talk-header .conf-video iframe")
    assert frame.get_attribute("src") == player
    assert frame.get_attribute("title") == f"Video: {recorded_talk.title}"
    assert button.count() == 0
    session.idle()
    # the only host asked for after the click is the nocookie player's
    assert _hosts(session.probe.external_requests) == {"www.youtube-nocookie.com"}


def test_video_plays_from_the_keyboard(
    open_session: Callable[..., Any], recorded_talk: Talk
) -> None:
    session = open_session()
    page = session.page
    session.goto(recorded_talk.page)
    page.locator(".conf-video button").focus()
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.locator(".conf-video iframe").wait_for(state="attached")
    # focus follows into the player, not back to the top of the page
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"


def test_without_scripts_the_video_is_a_plain_link(
    browser: Any, base_url: str, recorded_talk: Talk, glossary_page: str
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    requests: list[str] = []
    try:
        page = context.new_page()
        page.on(
            "request",
            lambda r: None if r.url.startswith(base_url) else requests.append(r.url),
        )
        page.goto(base_url + recorded_talk.page)
        assert requests == []
        assert not page.locator(".conf-video").is_visible()
        assert not page.locator(".conf-video button").is_visible()
        link = page.locator(".conf-talk-header a.conf-link-video")
        assert link.is_visible()
        assert link.get_attribute("href") in recorded_talk.videos
        # no dead filter box on the glossary either
        page.goto(base_url + glossary_page)
        assert page.locator("article input, .conf-tool-filter").count() == 0
        assert page.locator(".conf-tool-jumpbar").is_visible()
    finally:
        context.close()


def _visible_terms(page: Any) -> list[str]:
    terms: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('dl.conf-tool-glossary > dt')]
            .filter((dt) => dt.offsetParent !== null)
            .map((dt) => dt.querySelector('.conf-tool-name').textContent)"""
    )
    return terms


def _matches(tool: Tool, query: str) -> bool:
    """The filter's rule (its placeholder says it): the query is in the name or the description."""
    return query.lower() in f"{tool.name} {tool.description}".lower()


def _queries(tools: list[Tool]) -> list[str]:
    """The beginning of a name that the fewest tools match, and the description word most match."""
    beginnings = {t.name.lower()[:n] for t in tools for n in (3, 4, 5) if len(t.name) >= n}
    words = {w for t in tools for w in re.findall(r"[a-z]{5,}", t.description.lower())}
    return [
        min(sorted(beginnings), key=lambda q: sum(_matches(t, q) for t in tools)),
        max(sorted(words), key=lambda q: sum(_matches(t, q) for t in tools)),
    ]


def test_filter_narrows_the_glossary_as_one_types(
    open_session: Callable[..., Any], built_site: BuiltSite, glossary_page: str
) -> None:
    tools = [t for t in built_site.tools if t.page == glossary_page]
    session = open_session()
    page = session.page
    session.goto(glossary_page)
    everything = _visible_terms(page)
    assert sorted(everything) == sorted(t.name for t in tools)
    box = page.get_by_label("Filter tools")
    assert box.is_visible()
    for query in _queries(tools):
        box.fill("")
        box.press_sequentially(query, delay=20)
        expected = [t for t in tools if _matches(t, query)]
        assert sorted(_visible_terms(page)) == sorted(t.name for t in expected), query
        status = page.locator(".conf-tool-filter-status").inner_text()
        count = "1 tool matches." if len(expected) == 1 else f"{len(expected)} of {len(tools)}"
        assert status.startswith(count), (query, status)
        # headings of categories left empty hide too; those of the matches stay
        headings = page.locator(".conf-tool-category:visible").count()
        assert headings == len({t.category for t in expected}), (query, headings)
    box.press("Escape")
    assert _visible_terms(page) == everything
    assert session.probe.problems() == []


@pytest.mark.parametrize("width", [375, 1280])
def test_jump_links_land_on_their_sections(
    open_session: Callable[..., Any], width: int, built_site: BuiltSite, glossary_page: str
) -> None:
    session = open_session(width=width)
    page = session.page
    session.goto(glossary_page)
    # Where a jump lands does not depend on how it gets there: scroll at once
    # (Chromium ignores prefers-reduced-motion for furo's smooth scrolling).
    page.add_style_tag(content="html { scroll-behavior: auto !important; }")
    categories = page.locator(".conf-tool-jumpbar .conf-jump-categories a")
    categories_shown = {t.category for t in built_site.tools if t.page == glossary_page}
    assert categories.count() == len(categories_shown), categories.all_inner_texts()
    links = page.locator(".conf-tool-jumpbar .conf-jump-categories a, .conf-jump-letters a")
    hrefs = [a.get_attribute("href") for a in links.all()]
    ids = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map((e) => e.id)"))
    assert all(href.startswith("#") and href[1:] in ids for href in hrefs), hrefs
    for href in dict.fromkeys([hrefs[0], hrefs[len(hrefs) // 2], hrefs[-1]]):
        page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
        page.locator(f".conf-tool-jumpbar a[href='{href}']").click()
        assert page.evaluate("location.hash") == href
        # the target comes into view (wait until it stops moving), below
        # furo's header, not hidden under it; near the end of the page it
        # cannot reach the top, but it is on screen
        top = session.wait_for_scroll(href[1:])
        height = page.viewport_size["height"]
        at_end = page.evaluate(
            "innerHeight + scrollY >= document.scrollingElement.scrollHeight - 2"
        )
        header = page.evaluate(
            "() => { const h = document.querySelector('.mobile-header');"
            " return h && h.offsetParent !== null ? h.getBoundingClientRect().bottom : 0; }"
        )
        limit = height - 40 if at_end else height / 2
        assert header <= top < limit, (href, top, header)
