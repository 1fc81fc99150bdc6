"""Accessibility: axe-core finds no serious or critical violation on any page.

Every page of the site (all talk pages, the views, the bibliography, the
general index, search and the 404 page), in light and dark mode, at 375 px
(a phone) and 1280 px. axe-core comes bundled in axe-playwright-python
(``axe.min.js``), so this runs offline. All of axe's rules run (WCAG 2.x
A/AA plus best practices), colour contrast included, on a viewport as tall
as the page so that axe can judge every text's contrast (text it cannot
judge fails too); the violations go to ``test-artifacts/axe-<mode>-<width>.json``.
A violation in the theme's markup that the site cannot fix in its own
extension, templates or CSS would be listed in ``KNOWN_THEME_ISSUES`` with
the reason; there is none: toctree captions, citation lists and scrollable
code blocks are fixed in the site's HTML (``confnotes.translator``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}

# The page's height, or more if furo's sticky sidebar or table of contents
# (scroll boxes of their own) are taller than the page.
FULL_HEIGHT_JS = """() => Math.ceil(Math.max(
  document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('.sidebar-scroll, .toc-scroll')]
    .map((el) => el.getBoundingClientRect().top + el.scrollHeight + 16)))"""

# (axe rule id, substring of the offending node's CSS selector): why it is the theme's.
# Empty: what the site can fix (toctree captions without aria-level, the
# citation list's items, code blocks that scroll) it fixes in its own HTML.
KNOWN_THEME_ISSUES: dict[tuple[str, str], str] = {}

MODES = ("light", "dark")
WIDTHS = (375, 1280)


def _axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return str(Axe().axe_script)


def _message(node: dict[str, Any]) -> str:
    checks = node.get("any") or node.get("all") or node.get("none") or [{}]
    return str(checks[0].get("message", ""))


@pytest.fixture(scope="module")
def axe_reports() -> dict[str, dict[str, Any]]:
    """Violations per mode and page, filled by the axe tests of this run."""
    return {}


def _target(node: dict[str, Any]) -> str:
    return " ".join(" ".join(t) if isinstance(t, list) else t for t in node["target"])


def _known(rule: str, target: str) -> str | None:
    for (known_rule, fragment), reason in KNOWN_THEME_ISSUES.items():
        if rule == known_rule and fragment in target:
            return reason
    return None


def _start_axe(page: Any, script: str) -> None:
    """Start axe in *page* without waiting: the four sessions then run it side by side."""
    page.evaluate(script)
    page.evaluate(
        "() => { window.__axeResult = axe.run(document,"
        " {resultTypes: ['violations', 'incomplete']}); }"
    )


def _findings(where: str, result: dict[str, Any]) -> list[str]:
    """Blocking violations, and text whose contrast axe could not judge."""
    failures = [
        f"{where} colour contrast not determined: {_target(node)}: {message}"
        for rule in result["incomplete"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if not re.search(r"only non-text characters", message := _message(node))
    ]
    for violation in result["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = _target(node)
            if _known(violation["id"], target):
                continue
            failures.append(
                f"{where} {violation['id']} ({violation['impact']}): {target}\n"
                f"    {node.get('failureSummary', '').replace(chr(10), ' ')}\n"
                f"    {node['html'][:200]}"
            )
    return failures


def test_axe_finds_no_serious_violation(
    open_session: Callable[..., Any],
    html_pages: list[str],
    artifacts: Path,
    axe_reports: dict[str, dict[str, Any]],
) -> None:
    """Every page, in light and dark mode, at 375 and 1280 px.

    One browser context per (mode, width); axe runs in the four at once
    (separate renderer processes), so the whole site takes about the time
    of the slowest combination rather than the sum.
    """
    required = {"index.html", "bibliography.html", "genindex.html", "search.html", "404.html"}
    assert required <= set(html_pages), html_pages
    assert sum(path.startswith("talks/") for path in html_pages) >= 11, html_pages
    script = _axe_script()
    combos = [(mode, width) for mode in MODES for width in WIDTHS]
    sessions = {combo: open_session(width=combo[1], mode=combo[0]) for combo in combos}
    reports: dict[tuple[str, int], dict[str, Any]] = {combo: {} for combo in combos}
    failures: list[str] = []
    for path in html_pages:
        for (mode, width), session in sessions.items():
            session.page.set_viewport_size({"width": width, "height": 900})
            session.goto(path)
            assert session.page.evaluate("document.body.dataset.theme") == mode
            # A viewport as tall as the page: axe cannot judge the contrast of
            # text cut by the viewport's edge (it reports it "incomplete").
            height = session.page.evaluate(FULL_HEIGHT_JS)
            session.page.set_viewport_size({"width": width, "height": min(height, 20_000)})
            _start_axe(session.page, script)
        for (mode, width), session in sessions.items():
            result = session.page.evaluate("() => window.__axeResult")
            reports[mode, width][path] = result["violations"]
            failures += _findings(f"{path} [{mode}, {width}px]", result)
    for (mode, width), report in reports.items():
        axe_reports[f"{mode}-{width}"] = report
        (artifacts / f"axe-{mode}-{width}.json").write_text(
            json.dumps(report, indent=1), encoding="utf-8"
        )
    assert not failures, (
        f"{len(failures)} axe findings (serious/critical, or contrast axe could not judge):\n"
        + "\n".join(failures)
    )


def test_known_theme_issues_are_still_needed(axe_reports: dict[str, dict[str, Any]]) -> None:
    """Every allow-listed theme issue still occurs, so the list cannot rot.

    Runs after the axe tests of this module and reads what they found.
    """
    if set(axe_reports) != {f"{mode}-{width}" for mode in MODES for width in WIDTHS}:
        pytest.skip("the axe test did not run")
    found = {
        key
        for report in axe_reports.values()
        for violations in report.values()
        for violation in violations
        for node in violation["nodes"]
        for key in KNOWN_THEME_ISSUES
        if key[0] == violation["id"] and key[1] in _target(node)
    }
    stale = set(KNOWN_THEME_ISSUES) - found
    assert not stale, f"allow-listed theme issues that no longer occur: {sorted(stale)}"


def test_images_and_avatars_have_text_alternatives(
    open_session: Callable[..., Any], a11y_pages: dict[str, str]
) -> None:
    """Every image has an alt text (or is marked decorative); every avatar is named.

    The initials avatar is text ("AG"), which a screen reader would spell
    out; it must be exposed as an image named after the speaker.
    """
    session = open_session()
    problems: list[str] = []
    avatars = header_avatars = 0
    for path in a11y_pages.values():
        session.goto(path)
        problems += [
            f"{path}: {html}"
            for html in session.page.evaluate(
                """() => [...document.querySelectorAll('img, svg[role=img], [role=img]')]
                    .filter((el) => {
                      if (el.tagName === 'IMG') return el.getAttribute('alt') === null;
                      const label = el.getAttribute('aria-label')
                        || el.getAttribute('aria-labelledby') || el.querySelector('title');
                      return !label;
                    }).map((el) => el.outerHTML.slice(0, 160))"""
            )
        ]
        for avatar in session.page.locator(".conf-speaker-card .conf-avatar").all():
            avatars += 1
            card = avatar.locator("xpath=ancestor::*[contains(@class, 'conf-speaker-card')][1]")
            name = card.locator(".conf-speaker-name strong").first.inner_text().strip()
            if avatar.get_attribute("role") != "img" or avatar.get_attribute("aria-label") != name:
                problems.append(f"{path}: avatar for {name!r} is not an image named {name!r}")
        # In a talk header the avatar sits inside the link that names the
        # speaker: decorative, so the name is read once.
        for link in session.page.locator(".conf-talk-speaker a").all():
            header_avatars += 1
            name = link.locator(".conf-talk-speaker-name").inner_text().strip()
            avatar = link.locator(".conf-avatar")
            if avatar.get_attribute("aria-hidden") != "true" or not name:
                problems.append(f"{path}: header avatar for {name!r} is not decorative")
            header = session.page.locator(".conf-talk-header")
            if header.get_by_role("link", name=name, exact=True).count() == 0:
                problems.append(f"{path}: no header link named exactly {name!r}")
    assert avatars >= 5, f"only {avatars} avatars seen"
    assert header_avatars >= 1, "no talk header avatar seen"
    assert not problems, "\n".join(problems)
