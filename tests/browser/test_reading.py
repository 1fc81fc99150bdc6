"""Reading a talk in the browser: the private video facade and the glossary filter.

The session's router (``conftest.py``) records and aborts every request that
does not go to the local server, so "nothing from YouTube before the click"
is what the browser really asked for, not what the HTML seems to say.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

TALK = "talks/09-migrating-the-future.html"
VIDEO_ID = "mCNh2TVQ2o0"
PLAYER = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}"


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).hostname or url for url in urls}


@pytest.mark.parametrize("width", [375, 1280])
def test_video_loads_nothing_until_pressed(open_session: Callable[..., Any], width: int) -> None:
    session = open_session(width=width)
    page = session.page
    session.goto(TALK)
    page.wait_for_timeout(300)  # any late request would show up now
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
    button.click()
    frame = page.locator(".conf-talk-header .conf-video iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == f"{PLAYER}?autoplay=1"
    assert frame.get_attribute("title") == "Video: Migrating the Future"
    assert button.count() == 0
    page.wait_for_timeout(300)
    # the only host asked for after the click is the nocookie player's
    assert _hosts(session.probe.external_requests) <= {"www.youtube-nocookie.com"}


def test_video_plays_from_the_keyboard(open_session: Callable[..., Any]) -> None:
    session = open_session()
    page = session.page
    session.goto(TALK)
    page.locator(".conf-video button").focus()
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.locator(".conf-video iframe").wait_for(state="attached")
    # focus follows into the player, not back to the top of the page
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"


def test_without_scripts_the_video_is_a_plain_link(browser: Any, base_url: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    requests: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    try:
        page = context.new_page()
        page.goto(base_url + TALK)
        assert requests == []
        assert not page.locator(".conf-video").is_visible()
        assert not page.locator(".conf-video button").is_visible()
        link = page.locator(".conf-talk-header a.conf-link-video")
        assert link.is_visible()
        assert link.get_attribute("href") == f"https://www.youtube.com/watch?v={VIDEO_ID}"
        # no dead filter box on the glossary either
        page.goto(base_url + "tools.html")
        assert page.locator("article input, .conf-tool-filter").count() == 0
        assert page.locator(".conf-tool-jumpbar").is_visible()
    finally:
        context.close()


def _visible_terms(page: Any) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('dl.conf-tool-glossary > dt')]
            .filter((dt) => dt.offsetParent !== null)
            .map((dt) => dt.querySelector('.conf-tool-name').textContent)"""
    )


def test_filter_narrows_the_glossary_as_one_types(open_session: Callable[..., Any]) -> None:
    session = open_session()
    page = session.page
    session.goto("tools.html")
    everything = _visible_terms(page)
    assert len(everything) >= 50
    box = page.get_by_label("Filter tools")
    assert box.is_visible()
    box.press_sequentially("psut", delay=20)
    assert _visible_terms(page) == ["psutil"]
    assert page.locator(".conf-tool-filter-status").inner_text() == "1 tool matches."
    # headings of categories left empty hide too; psutil's stays
    headings = page.locator(".conf-tool-category:visible").all_inner_texts()
    assert headings == [h for h in headings if h.startswith("Library")] and headings
    box.fill("")
    box.press_sequentially("postgres")
    shown = _visible_terms(page)
    assert "PostgreSQL" in shown and "psutil" not in shown and "Django" not in shown
    box.press("Escape")
    assert _visible_terms(page) == everything
    assert session.probe.problems() == []


@pytest.mark.parametrize("width", [375, 1280])
def test_jump_links_land_on_their_sections(open_session: Callable[..., Any], width: int) -> None:
    session = open_session(width=width)
    page = session.page
    session.goto("tools.html")
    links = page.locator(".conf-tool-jumpbar .conf-jump-categories a, .conf-jump-letters a")
    hrefs = [a.get_attribute("href") for a in links.all()]
    assert len(hrefs) >= 20, hrefs
    for href in [hrefs[0], hrefs[3], hrefs[-1]]:
        page.locator(f".conf-tool-jumpbar a[href='{href}']").click()
        assert page.evaluate("location.hash") == href
        # the target comes into view (furo scrolls smoothly: wait for it to
        # settle), below furo's header, not hidden under it; near the end of
        # the page it cannot reach the top, but it is on screen
        top = None
        for _ in range(50):
            page.wait_for_timeout(50)
            now = page.evaluate(
                "(id) => document.getElementById(id).getBoundingClientRect().top", href[1:]
            )
            if now == top:
                break
            top = now
        height = page.viewport_size["height"]
        at_end = page.evaluate(
            "innerHeight + scrollY >= document.scrollingElement.scrollHeight - 2"
        )
        header = page.evaluate(
            "() => { const h = document.querySelector('.mobile-header');"
            " return h && h.offsetParent !== null ? h.getBoundingClientRect().bottom : 0; }"
        )
        limit = height - 40 if at_end else height / 2
        assert top is not None and header <= top < limit, (href, top, header)
        page.evaluate("window.scrollTo(0, 0)")
