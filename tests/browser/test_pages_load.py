"""Every page of the html build loads cleanly in a real browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_every_page_loads_without_errors(
    html_pages: list[str], open_session: Callable[..., Any]
) -> None:
    """No console error, no failed or 4xx/5xx local request, nothing fetched from elsewhere.

    One context for all pages (a reader clicking through), so the check is
    fast; every problem is attributed to the page that caused it.
    """
    assert len(html_pages) >= 10, html_pages
    session = open_session()
    problems: dict[str, list[str]] = {}
    for path in html_pages:
        session.probe.reset()
        response = session.goto(path)
        assert response is not None and response.ok, path
        # Let late scripts (search, theme toggling) report their errors.
        session.page.wait_for_timeout(100)
        if found := session.probe.problems():
            problems[path] = found
    assert not problems, "\n".join(f"{p}:\n  " + "\n  ".join(v) for p, v in problems.items())


def test_local_assets_are_requested(open_session: Callable[..., Any]) -> None:
    """Guard the guard: the probe sees CSS and JS being loaded from the local server."""
    session = open_session()
    seen: list[str] = []
    session.page.on("requestfinished", lambda r: seen.append(r.resource_type))
    session.goto("index.html", wait="networkidle")
    assert "stylesheet" in seen and "script" in seen, seen
    # furo's stylesheet really applied: the sidebar is laid out as a column.
    assert session.page.locator(".sidebar-drawer").is_visible()
