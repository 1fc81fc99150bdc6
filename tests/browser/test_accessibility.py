"""Accessibility: axe-core finds no serious or critical violation on any page.

Every page of the site (all talk pages, the views, the bibliography, the
general index, search and the 404 page), in light and dark mode, at 375 px
(a phone) and 1280 px. All of axe's rules run (WCAG 2.x A/AA plus best
practices), colour contrast included, over the whole of each page whatever
its length (``axe_check.py``: body's box stretched over the page, clipped
scroll boxes walked, and text whose contrast stays undetermined fails); the
violations go to ``test-artifacts/axe-<mode>-<width>.json``.

Each page is loaded once per width and checked light, then dark: the theme
is switched in place as furo's toggle does (``localStorage``,
``body[data-theme]``, the emulated ``prefers-color-scheme``), which is all a
dark page is (the reports are the same as with a page loaded dark).

Every rule runs in every combination. Running the rules that read neither
colour nor layout once per page would save about a sixth of axe's time (over
all pages: 1.1 s of 6.1 s at 375 px, 2.1 s of 11.2 s at 1280 px), but no
rule qualifies: with getComputedStyle and the geometry APIs watched while
axe ran each of its rules alone on every page, every rule that met an
element read ``display``, ``visibility`` or ``content-visibility`` (whether
it is hidden), and furo hides a different theme icon in each mode and
different controls at each width (its mobile header, its content toggles).

A violation in the theme's markup that the site cannot fix in its own
extension, templates or CSS would be listed in ``KNOWN_THEME_ISSUES`` with
the reason; there is none: toctree captions, citation lists and scrollable
code blocks are fixed in the site's HTML (``confnotes.site.translator``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import axe_check
import pytest
from bs4 import BeautifulSoup
from built_site import BuiltSite

pytestmark = pytest.mark.browser

# (axe rule id, substring of the offending node's CSS selector): why it is the theme's.
# Empty: what the site can fix (toctree captions without aria-level, the
# citation list's items, code blocks that scroll) it fixes in its own HTML.
KNOWN_THEME_ISSUES: dict[tuple[str, str], str] = {}

MODES = ("light", "dark")
WIDTHS = (375, 1280)
#: pages every build has whatever its content (Sphinx's, and the site's 404)
GENERATED_PAGES = {"index.html", "genindex.html", "search.html", "404.html"}


@pytest.fixture(scope="module")
def axe_reports() -> dict[str, dict[str, Any]]:
    """Violations per mode and page, filled by the axe tests of this run."""
    return {}


def _check_every_page(
    session: Any, width: int, pages: list[str], found: dict[tuple[str, int], dict[str, Any]]
) -> Iterator[None]:
    """Check each page light then dark; yield while axe runs, so the other width runs meanwhile."""
    for path in pages:
        session.page.emulate_media(color_scheme="light")
        session.goto(path)
        axe_check.start(session.page)
        yield
        found["light", width][path] = axe_check.result(session.page)
        session.set_theme("dark")
        axe_check.start(session.page)
        yield
        found["dark", width][path] = axe_check.result(session.page)


def test_axe_finds_no_serious_violation(
    open_session: Callable[..., Any],
    built_site: BuiltSite,
    artifacts: Path,
    axe_reports: dict[str, dict[str, Any]],
) -> None:
    """Every page, in light and dark mode, at 375 and 1280 px.

    One browser context per width; the two run side by side (separate
    renderer processes), each page's light and dark checks in turn.
    """
    pages = built_site.pages
    expected = GENERATED_PAGES | {talk.page for talk in built_site.talks}
    assert expected <= set(pages), sorted(expected - set(pages))
    found: dict[tuple[str, int], dict[str, Any]] = {(m, w): {} for m in MODES for w in WIDTHS}
    runs = [_check_every_page(open_session(width=w), w, pages, found) for w in WIDTHS]
    while runs:
        for run in list(runs):
            if next(run, StopIteration) is StopIteration:
                runs.remove(run)
    failures: list[str] = []
    for (mode, width), results in found.items():
        axe_reports[f"{mode}-{width}"] = report = {}
        for path, result in results.items():
            assert result["theme"] == mode, f"{path}: furo's theme is {result['theme']!r}"
            report[path] = result["violations"]
            failures += axe_check.findings(
                f"{path} [{mode}, {width}px]", result, KNOWN_THEME_ISSUES
            )
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
        if key[0] == violation["id"] and key[1] in axe_check.target(node)
    }
    stale = set(KNOWN_THEME_ISSUES) - found
    assert not stale, f"allow-listed theme issues that no longer occur: {sorted(stale)}"


# -- a page longer than any viewport ---------------------------------------------------

#: Lines of a line block (Sphinx's ``| ...`` markup), each wrapping to many
#: rows: together tens of viewports tall, with no gap between them, so every
#: edge of a viewport cuts one.
TALL_LINES = 40
TALL_LINE = " ".join(
    ["Every line of this very long page is text its reader must be able to read."] * 40
)
#: Entries of the page's navigation, far more than a viewport holds at 1280 px.
TALL_NAV = 120
FAINT = "color: #cfcfcf"


@pytest.fixture(scope="module")
def tall_page_url(
    tmp_path_factory: pytest.TempPathFactory,
    html_dir: Path,
    serve_directory: Callable[[Path], AbstractContextManager[str]],
) -> Iterator[str]:
    """A page of the site's theme and CSS, far taller than the viewport, served locally.

    The front page's shell (furo's layout, the site's stylesheets) with a
    line block of long lines for content and a navigation of many entries;
    the last line and the last entry are faint, so a check that reached the
    end of each reports them.
    """
    root = tmp_path_factory.mktemp("tall-page")
    (root / "_static").symlink_to(html_dir / "_static", target_is_directory=True)
    soup = BeautifulSoup((html_dir / "index.html").read_text(encoding="utf-8"), "lxml")
    article = soup.select_one("article[role=main]")
    assert article is not None
    article.clear()
    section = soup.new_tag("section", id="a-very-tall-page")
    heading = soup.new_tag("h1")
    heading.string = "A very tall page"
    block = soup.new_tag("div", attrs={"class": "line-block"})
    for number in range(TALL_LINES):
        line = soup.new_tag("div", attrs={"class": "line"})
        line.string = f"{number}. {TALL_LINE}"
        block.append(line)
    faint = soup.new_tag("p", id="faint-end", style=FAINT)
    faint.string = "The faint last paragraph."
    section.extend([heading, block, faint])
    article.append(section)
    tree = soup.select_one(".sidebar-tree")
    assert tree is not None
    tree.clear()
    entries = soup.new_tag("ul")
    for number in range(TALL_NAV):
        item = soup.new_tag("li", attrs={"class": "toctree-l1"})
        link = soup.new_tag("a", attrs={"class": "reference internal", "href": "#"})
        link.string = f"Entry {number} of a long navigation"
        if number == TALL_NAV - 1:
            link["id"], link["style"] = "faint-nav", FAINT
        item.append(link)
        entries.append(item)
    tree.append(entries)
    (root / "tall.html").write_text(str(soup), encoding="utf-8")
    with serve_directory(root) as url:
        yield url + "tall.html"


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_judges_the_whole_of_a_very_tall_page(
    open_session: Callable[..., Any], tall_page_url: str, width: int
) -> None:
    """Text below any viewport, or deep in a sidebar, is judged: none is left undetermined.

    The faint paragraph at the end is a violation; so is the faint last
    entry of the navigation where the navigation shows (1280 px; at 375 px
    it is in the closed drawer, which nobody reads).
    """
    page = open_session(width=width).page
    page.goto(tall_page_url)
    height = page.evaluate("document.documentElement.scrollHeight")
    nav = page.evaluate("document.querySelector('.sidebar-tree').scrollHeight")
    assert height > 30 * 900 and nav > 4 * 900, f"the page is {height} px, its nav {nav} px"
    axe_check.start(page, ["color-contrast"])
    result = axe_check.result(page)
    failures = axe_check.findings(f"[{width}px]", result)
    faint = {"#faint-end"} | ({"#faint-nav"} if width > 1000 else set())
    reported = [
        f for f in failures if not any(f"color-contrast (serious): {t}" in f for t in faint)
    ]
    assert reported == [], "\n".join(reported)
    assert {
        axe_check.target(node)
        for rule in result["violations"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
    } == faint, result["violations"]
    # where the navigation shows, its scroll box was walked
    assert (result["looks"]["windows"] > 0) == (width > 1000), result["looks"]


# -- text alternatives -------------------------------------------------------------------


def test_images_and_avatars_have_text_alternatives(
    open_session: Callable[..., Any], a11y_pages: dict[str, str], built_site: BuiltSite
) -> None:
    """Every image has an alt text (or is marked decorative); every avatar is named.

    The initials avatar is text ("AG"), which a screen reader would spell
    out; it must be exposed as an image named after the speaker.
    """
    pages = set(a11y_pages.values())
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
    # every speaker of these pages has a card, every named speaker of their talks a header link
    assert avatars == sum(s.page in pages for s in built_site.speakers), avatars
    assert header_avatars == sum(len(t.speakers) for t in built_site.talks if t.page in pages)
    assert not problems, "\n".join(problems)
