"""Every page of the html build loads cleanly in a real browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from built_site import BuiltSite
from page_probe import ABORTED, failed_request_problem, served_path

pytestmark = pytest.mark.browser

BASE = "http://127.0.0.1:8000/"
FILES = frozenset({"index.html", "talks/a.html", "_static/favicon.svg", "_static/a b.css"})


def test_every_page_loads_without_errors(
    built_site: BuiltSite, open_session: Callable[..., Any]
) -> None:
    """No console error, no failed or 4xx/5xx local request, nothing fetched from elsewhere.

    One context for all pages (a reader clicking through), so the check is
    fast; every problem is attributed to the page that caused it.
    """
    talk_pages = {talk.page for talk in built_site.talks}
    assert talk_pages <= set(built_site.pages), talk_pages - set(built_site.pages)
    session = open_session()
    problems: dict[str, list[str]] = {}
    for path in built_site.pages:
        session.probe.reset()
        response = session.goto(path)  # waits until idle: late scripts have run
        assert response is not None and response.ok, path
        if found := session.probe.problems():
            problems[path] = found
    assert not problems, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in problems.items())


def test_local_assets_are_requested(open_session: Callable[..., Any]) -> None:
    """Guard the guard: the probe sees CSS and JS being loaded from the local server."""
    session = open_session(fresh=True)  # an empty cache, and a listener of its own
    seen: list[str] = []
    session.page.on("requestfinished", lambda r: seen.append(r.resource_type))
    session.goto("index.html")
    assert "stylesheet" in seen and "script" in seen, seen
    # furo's stylesheet really applied: the sidebar is laid out as a column.
    assert session.page.locator(".sidebar-drawer").is_visible()


def test_other_hosts_are_recorded_and_never_reached(open_session: Callable[..., Any]) -> None:
    """Guard the guard: a request to another host (by name or address) is recorded and fails."""
    session = open_session()
    session.goto("index.html")
    session.probe.reset()
    add_image = "(src) => { const img = new Image(); img.src = src; document.body.append(img); }"
    for url in ("https://www.example.com/tracker.png", "http://203.0.113.7/pixel.gif"):
        with session.page.expect_event("requestfailed") as failed:
            session.page.evaluate(add_image, url)
        assert failed.value.url == url and failed.value.failure, failed.value.failure
    assert session.probe.external_requests == [
        "https://www.example.com/tracker.png",
        "http://203.0.113.7/pixel.gif",
    ]
    assert session.probe.failed_requests == [] and session.probe.bad_responses == []


@pytest.mark.parametrize(
    ("url", "path"),
    [
        (BASE + "_static/favicon.svg?v=1", "_static/favicon.svg"),
        (BASE, "index.html"),
        (BASE + "talks/", "talks/index.html"),
        (BASE + "_static/a%20b.css#x", "_static/a b.css"),
        ("http://elsewhere.example/index.html", None),
        ("data:text/plain,x", None),
    ],
)
def test_served_path(url: str, path: str | None) -> None:
    assert served_path(url, BASE) == path


@pytest.mark.parametrize(
    ("url", "failure", "problem"),
    [
        # the browser no longer needed a file that is there: nothing failed
        (BASE + "_static/favicon.svg", ABORTED, None),
        (BASE + "talks/a.html?x=1", ABORTED, None),
        # a missing file fails, whatever Chromium says
        (BASE + "_static/gone.svg", ABORTED, "(no such file in the build)"),
        (BASE + "talks/", ABORTED, "(no such file in the build)"),
        (BASE + "_static/gone.svg", "net::ERR_FAILED", "(no such file in the build)"),
        # any other reason is a failure, file or not
        (BASE + "_static/favicon.svg", "net::ERR_CONNECTION_RESET", "ERR_CONNECTION_RESET"),
        (BASE + "_static/favicon.svg", None, "None"),
        # other hosts are the router's business
        ("https://www.youtube-nocookie.com/embed/x", ABORTED, None),
        ("https://fonts.example/font.woff2", "net::ERR_BLOCKED_BY_CLIENT", None),
    ],
)
def test_a_dropped_request_fails_only_for_a_missing_file(
    url: str, failure: str | None, problem: str | None
) -> None:
    found = failed_request_problem(url, failure, BASE, FILES)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(url) and problem in found, found


def test_the_probe_reports_a_missing_file_the_browser_dropped(
    open_session: Callable[..., Any], served_files: frozenset[str]
) -> None:
    """Chromium drops two requests of a page (``net::ERR_ABORTED``): only the missing file fails.

    The router aborts them (deterministically, as Chromium does when a page
    moves on); a missing file that is not dropped is reported by its 404.
    """
    missing = "_static/no-such-file.svg"
    present = next(f for f in sorted(served_files) if f.startswith("_static/") and ".svg" in f)
    session = open_session(fresh=True)  # a route of its own
    session.goto("index.html")
    session.page.route("**/*?dropped", lambda route: route.abort("aborted"))
    add_image = "(src) => { const img = new Image(); img.src = src; document.body.append(img); }"
    for path in (present, missing):
        session.probe.reset()
        with session.page.expect_event("requestfailed") as failed:
            session.page.evaluate(add_image, f"{path}?dropped")
        assert failed.value.failure == "net::ERR_ABORTED", failed.value.failure
        session.settle()
        if path == present:
            assert session.probe.problems() == [], session.probe
            assert session.probe.dropped_requests == [session.base_url + f"{path}?dropped"]
        else:
            problems = session.probe.problems()
            assert len(problems) == 1 and missing in problems[0], problems
            assert "no such file in the build" in problems[0], problems
    session.probe.reset()
    with session.page.expect_response(lambda r: missing in r.url):
        session.page.evaluate(add_image, missing)
    session.settle()
    assert session.probe.bad_responses == [f"404 {session.base_url}{missing}"], session.probe
