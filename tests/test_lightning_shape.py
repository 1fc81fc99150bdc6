"""The old shape of a lightning page is caught, and so are two pages of one day with one title."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent / "roots" / "test-lightning-shape"


def build(make_app: Callable[..., Any], tmp_path: Path, **overrides: Any) -> Any:
    app = make_app(
        "html", srcdir=ROOT, builddir=tmp_path, freshenv=True, confoverrides=overrides or None
    )
    app.build()
    return app


def line_of(path: Path, pattern: str) -> int:
    """The 1-based line of the first line of *path* matching *pattern*."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if re.search(pattern, line))


def test_sections_under_one_talk_warn_with_the_right_shape(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Callable[..., list[str]]
) -> None:
    warnings = warnings_of(build(make_app, tmp_path))
    shape = [w for w in warnings if w.endswith("[confnotes.lightning_shape]")]
    rst = ROOT / "talks" / "day-two-lightning.rst"
    md = ROOT / "talks" / "day-three-lightning.md"
    # one warning per page in the old shape, at its talk directive, in both syntaxes
    md_talk, rst_talk = line_of(md, r"^```\{talk\}"), line_of(rst, r"^\.\. talk::")
    assert [w.split(": ", 1)[0] for w in shape] == [
        f"talks/day-three-lightning.md:{md_talk}",
        f"talks/day-two-lightning.rst:{rst_talk}",
    ]
    md_warning, rst_warning = shape
    # it names the sections, says what readers get, and shows the right shape in the
    # page's own syntax, with the id the scaffold would make (apostrophes dropped)
    assert "3 sections under the talk 'lightning-day-two'" in rst_warning
    assert "'Elasticsearch', 'Nexmo'" in rst_warning
    assert "show only 'Lightning talks'" in rst_warning
    assert "'.. talk:: elasticsearch' under the title 'Elasticsearch'" in rst_warning
    assert "make new-talk KIND=lightning" in rst_warning
    assert "```{talk} dont-trust-check```" in md_warning
    # a lightning page in the right shape, and a talk whose page has parts, are fine;
    # a References section is no lightning talk
    for fine in ("day-one-lightning", "long-talk", "day-four-lightning.rst:4"):
        assert not any(fine in w for w in shape), fine
    assert "References" not in rst_warning


def test_two_pages_of_one_day_with_one_title_warn_on_the_later_page(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Callable[..., list[str]]
) -> None:
    warnings = warnings_of(build(make_app, tmp_path))
    titles = [w for w in warnings if w.endswith("[confnotes.duplicate_title]")]
    # day two (16 May) has two pages "Lightning talks"; day four's (18 May) is told apart
    # by its day wherever a title leaves the sidebar; days one and three have their own
    assert titles == [
        "talks/day-two-more-lightning.rst:1: page title 'Lightning talks' is also the title of"
        " talks/day-two-lightning.rst: previous/next links, the sidebar and browser tabs show"
        " page titles, so give each page its own (a day's lightning talks: 'Lightning talks,"
        " <day>', as `make new-talk` titles them) [confnotes.duplicate_title]"
    ]


def test_one_title_on_two_days_is_told_apart_by_the_day(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    """Day two's and day four's "Lightning talks": each tab and link names its day."""
    app = build(make_app, tmp_path)
    out = Path(app.outdir)
    tabs = {
        name: re.search(r"<title>(.*?)</title>", (out / "talks" / f"{name}.html").read_text())[1]
        for name in ("day-two-lightning", "day-four-lightning")
    }
    assert "16 May 2013" in tabs["day-two-lightning"], tabs
    assert "18 May 2013" in tabs["day-four-lightning"], tabs


def test_both_checks_are_suppressible(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Callable[..., list[str]]
) -> None:
    app = build(
        make_app,
        tmp_path,
        suppress_warnings=["confnotes.lightning_shape", "confnotes.duplicate_title"],
    )
    assert warnings_of(app) == []
