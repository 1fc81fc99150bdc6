"""The generated views render as designed: light and dark, phone and desktop.

Speaker cards, a talk page (its header card, video box and tools), the
tool glossary (jump bar, filter box, counts) and the lightning index are
opened at 375 px and 1280 px in furo's light and dark themes. Nothing may
scroll sideways, the views must be visible and laid out (several cards per
row on a desktop, one per row on a phone, equally tall in a row), the text
of the new elements must have WCAG AA contrast, and a full-page screenshot
of each is saved in ``test-artifacts/screenshots/``. What each view must hold
(its speakers, tools, categories, lightning talks) comes from the build's
``conference.json``, never from today's notes.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from built_site import BuiltSite

pytestmark = pytest.mark.browser

PHONE, DESKTOP = 375, 1280

OVERFLOW_JS = """() => {
  const el = document.scrollingElement;
  const width = window.innerWidth;
  const culprits = [];
  if (el.scrollWidth > width) {
    for (const node of document.querySelectorAll('body *')) {
      const box = node.getBoundingClientRect();
      if (box.width && box.right > width + 1 && node.offsetParent !== null) {
        culprits.push(node.tagName.toLowerCase() + '.' + [...node.classList].join('.')
                      + ' right=' + Math.round(box.right));
        if (culprits.length >= 8) break;
      }
    }
  }
  return {scrollWidth: el.scrollWidth, innerWidth: width, culprits};
}"""

THEME_JS = """() => ({
  theme: document.body.dataset.theme,
  background: getComputedStyle(document.body).backgroundColor,
})"""


def _luminance(css_rgb: str) -> float:
    """Relative luminance of an ``rgb(...)``/``rgba(...)`` colour (0 black .. 1 white)."""
    values = [float(v) for v in css_rgb[css_rgb.index("(") + 1 : -1].split(",")[:3]]

    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in values)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rows(boxes: list[dict[str, float]]) -> list[int]:
    """How many boxes sit on each visual row (boxes sharing a top edge)."""
    rows: dict[int, int] = {}
    for box in boxes:
        rows[round(box["y"] / 4)] = rows.get(round(box["y"] / 4), 0) + 1
    return [rows[k] for k in sorted(rows)]


BOXES_JS = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {x: box.x, y: box.y + window.scrollY, width: box.width, height: box.height,
          visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden'};
})"""


def _boxes(
    page: Any, selector: str, min_width: float = 40, min_height: float = 20
) -> list[dict[str, float]]:
    """Page-coordinate boxes of every match, each checked visible and not tiny (one round trip)."""
    boxes: list[dict[str, Any]] = page.evaluate(BOXES_JS, selector)
    assert boxes, f"no {selector!r} on the page"
    for i, box in enumerate(boxes):
        assert box["visible"], f"{selector!r} #{i} is not visible"
        assert box["width"] >= min_width and box["height"] >= min_height, (
            f"{selector!r} #{i} too small: {box}"
        )
    return boxes


CONTRAST_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.offsetParent !== null && el.textContent.trim())
  .map((el) => {
    const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
    let bg = null;
    for (let node = el; node && !bg; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length < 4 || c[3] > 0.9) bg = c;
    }
    if (!bg) bg = rgb(getComputedStyle(document.body).backgroundColor);
    return {fg: rgb(getComputedStyle(el).color), bg, text: el.textContent.trim().slice(0, 40)};
  })"""


def _ratio(fg: list[float], bg: list[float]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    lighter, darker = sorted(
        (_luminance(f"rgb({c[0]},{c[1]},{c[2]})") for c in (fg, bg)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def _check_contrast(page: Any, selector: str, minimum: float = 4.5) -> None:
    """Every visible element matching *selector* has text contrast >= *minimum* (WCAG AA)."""
    found = page.evaluate(CONTRAST_JS, selector)
    assert found, f"no visible {selector!r}"
    for item in found:
        ratio = _ratio(item["fg"], item["bg"])
        assert ratio >= minimum, f"{selector!r} {item['text']!r}: contrast {ratio:.2f}"


ON_CARDS_JS = """(ids) => ids.filter((id) => !document.getElementById(id)
  ?.closest('.conf-speaker-card'))"""

#: elements under the selector that show a fact as the word "unknown" (a text of its own)
UNKNOWN_FACTS_JS = """(selector) => [...document.querySelectorAll(`${selector} *`)]
  .filter((el) => el.matches('.conf-unknown') || [...el.childNodes].some((n) =>
    n.nodeType === Node.TEXT_NODE && n.textContent.trim().toLowerCase() === 'unknown'))
  .map((el) => el.outerHTML.slice(0, 120))"""

SHOWN_JS = """(ids) => ids.filter((id) => { const el = document.getElementById(id);
  return !el || !el.getClientRects().length || !el.checkVisibility(); })"""


def _check_speakers(page: Any, width: int, site: BuiltSite, path: str) -> None:
    speakers = [s for s in site.speakers if s.page == path]
    boxes = _boxes(page, ".conf-speaker-grid .conf-speaker-card")
    assert len(boxes) == len(speakers), f"{len(boxes)} speaker cards for {len(speakers)} speakers"
    rows = _rows(boxes)
    if width == DESKTOP and len(boxes) > 1:
        assert rows[0] > 1, f"desktop: one card per row ({rows})"
    else:
        assert set(rows) == {1}, f"phone: several cards on a row ({rows})"
    # The cards of one row are equally tall.
    heights: dict[int, set[int]] = {}
    for box in boxes:
        heights.setdefault(round(box["y"] / 4), set()).add(round(box["height"]))
    assert all(len(h) == 1 for h in heights.values()), f"uneven cards in a row: {heights}"
    # Every card has its avatar and its name, both visible.
    assert len(_boxes(page, ".conf-speaker-card .conf-avatar", 16, 16)) == len(boxes)
    assert len(_boxes(page, ".conf-speaker-card .conf-speaker-name")) == len(boxes)
    # Each card carries its speaker's anchor (where the export and objects.inv point).
    missing = page.evaluate(ON_CARDS_JS, [s.anchor for s in speakers])
    assert not missing, f"no speaker card carries the ids {missing}"
    # Unknown facts are left out; each talk shows its date, readable.
    # (a fact is a text of its own: a title or bio may say "unknown" as a word)
    shown_unknown = page.evaluate(UNKNOWN_FACTS_JS, ".conf-speaker-grid")
    assert not shown_unknown, f"facts shown as 'unknown': {shown_unknown}"
    _check_contrast(page, ".conf-speaker-talks .conf-talk-date")


def _check_talk(page: Any, width: int, site: BuiltSite, path: str) -> None:
    header = _boxes(page, ".conf-talk-header")[0]
    # The card sits inside the header's box, clear of its coloured left border.
    card = _boxes(page, ".conf-talk-header .conf-talk-card")[0]
    inset = card["x"] - header["x"]
    assert inset >= 8, f"talk header content touches its left border (inset {inset:.0f}px)"
    # No speaker card inside the header: speakers are avatar + name.
    assert page.locator(".conf-talk-header .conf-speaker-card").count() == 0
    talk = site.recorded_talk
    assert talk is not None and talk.page == path
    if talk.speakers:
        avatar = _boxes(page, ".conf-talk-header .conf-avatar", 16, 16)[0]
        assert 16 <= avatar["width"] <= 120 and 16 <= avatar["height"] <= 120, avatar
    else:  # nobody to picture: the header says "unknown"
        _boxes(page, ".conf-talk-header .conf-unknown")
    _boxes(page, ".conf-talk-header .conf-talk-facts")
    # Link buttons: big enough to tap (WCAG 2.2 target size), inside the card.
    for button in _boxes(page, ".conf-talk-header a.conf-link-button", 24, 24):
        assert button["x"] + button["width"] <= card["x"] + card["width"] + 1, button
    # The video box fills the card's width at 16:9, and is readable.
    video = _boxes(page, ".conf-talk-header .conf-video button")[0]
    assert abs(video["width"] / video["height"] - 16 / 9) < 0.1, video
    assert video["width"] >= card["width"] - 2, (video, card)
    for selector in (
        ".conf-talk-facts",
        ".conf-talk-header .conf-talk-speaker-name",
        ".conf-talk-header a.conf-link-button",
        ".conf-video-label",
        ".conf-video-note",
    ):
        _check_contrast(page, selector)
    # The talk ends with the tools it mentions, one item each.
    talk = next(t for t in site.talks if t.page == path)
    mentioned = [tool for tool in site.tools if talk.ident in tool.talks]
    if mentioned:
        assert len(_boxes(page, ".conf-talk-tools > li")) == len(mentioned), mentioned
    else:
        assert page.locator(".conf-talk-tools > li").count() == 0


def _check_tools(page: Any, width: int, site: BuiltSite, path: str) -> None:
    tools = [t for t in site.tools if t.page == path]
    categories = _boxes(page, ".conf-tool-category")
    assert len(categories) == len({t.category for t in tools}), len(categories)
    # Every entry is shown where the export (and objects.inv) points.
    hidden = page.evaluate(SHOWN_JS, [t.anchor for t in tools])
    assert not hidden, f"tool anchors missing or hidden: {hidden}"
    # A tool's name reads as the entry's heading: the text colour, not greyed.
    term = page.evaluate(
        """() => {
          const dt = document.querySelector('dl.conf-tool-glossary > dt');
          const dd = document.querySelector('dl.conf-tool-glossary > dd > p');
          const t = getComputedStyle(dt), d = getComputedStyle(dd);
          return {term: t.color, text: d.color, weight: Number(t.fontWeight)};
        }"""
    )
    assert term["term"] == term["text"] and term["weight"] >= 500, (
        f"glossary terms are greyed or light next to their descriptions: {term}"
    )
    # Glossary terms line up at the content's left edge, one under the other.
    assert len({round(b["x"]) for b in _boxes(page, "dl.conf-tool-glossary > dt")}) == 1
    # At a glance: the filter box (the script's), the jump bar, the counts.
    _boxes(page, ".conf-tool-filter input")
    _boxes(page, ".conf-tool-jumpbar")
    _boxes(page, ".conf-jump-letters a", 24, 24)
    for selector in (
        ".conf-tool-jumpbar a",
        ".conf-mention-count",
        ".conf-tool-filter label",
        ".conf-tool-az a",
    ):
        _check_contrast(page, selector)


def _check_lightning(page: Any, width: int, site: BuiltSite, path: str) -> None:
    _boxes(page, ".conf-lightning-group")
    talks = _boxes(page, ".conf-lightning-index .conf-lightning-talk")
    lightning = [t for t in site.talks if t.kind == "lightning"]
    assert len(talks) == len(lightning), f"{len(talks)} entries for {len(lightning)} talks"


def _full_page_png(page: Any, path: Path) -> None:
    """A screenshot of the whole page, as Playwright's ``full_page`` takes it, encoded fast.

    The same capture (beyond the viewport, pixel for pixel: compared on the
    glossary, 1280 x 13,719 px) with Chromium's fastest PNG encoding: half
    the time, a quarter more bytes.
    """
    width, height = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    shot = page.context.new_cdp_session(page).send(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "optimizeForSpeed": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))


CHECKS: dict[str, Callable[[Any, int, BuiltSite, str], None]] = {
    "talk": _check_talk,
    "speakers": _check_speakers,
    "tools": _check_tools,
    "lightning": _check_lightning,
}


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_views_render(
    mode: str,
    width: int,
    open_session: Callable[..., Any],
    artifacts: Path,
    view_pages: dict[str, str],
    built_site: BuiltSite,
) -> None:
    assert {"speakers", "tools"} <= set(view_pages), view_pages
    shots = artifacts / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    session = open_session(width=width, height=800, mode=mode)
    page = session.page
    failures: list[str] = []
    for name, path in view_pages.items():
        session.goto(path)
        page.evaluate("document.fonts.ready")
        theme = page.evaluate(THEME_JS)
        assert theme["theme"] == mode, f"{path}: furo theme is {theme['theme']!r}, not {mode!r}"
        luminance = _luminance(theme["background"])
        assert (luminance < 0.2) if mode == "dark" else (luminance > 0.8), (
            f"{path}: background {theme['background']} does not look {mode}"
        )
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow["scrollWidth"] > overflow["innerWidth"]:
            failures.append(f"{path}: scrolls sideways {overflow}")
        try:
            CHECKS[name](page, width, built_site, path)
        except AssertionError as exc:
            failures.append(f"{path}: {exc}")
        _full_page_png(page, shots / f"{name}-{width}-{mode}.png")
    assert not failures, "\n".join(failures)
