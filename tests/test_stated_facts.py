"""`make check` flags prose that states which day, or how many talks (it goes stale)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent / "roots" / "test-stated-facts"
SITE = Path(__file__).parent.parent
WARNING_RE = re.compile(r"^(?P<where>\S+): '(?P<said>[^']+)' .* \[confnotes\.(?P<subtype>\w+)\]$")


def build(make_app: Callable[..., Any], tmp_path: Path, **overrides: Any) -> Any:
    app = make_app(
        "html", srcdir=ROOT, builddir=tmp_path, freshenv=True, confoverrides=overrides or None
    )
    app.build()
    return app


def line_with(path: Path, words: str) -> str:
    """``path:line`` of the line of *path* (relative to the root) that has *words*."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    return f"{path}:{next(n for n, line in enumerate(lines, 1) if words in line)}"


def test_off_by_default(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Callable[..., list[str]]
) -> None:
    assert warnings_of(build(make_app, tmp_path)) == []


def test_days_and_counts_in_prose_warn_at_their_line(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Callable[..., list[str]]
) -> None:
    app = build(make_app, tmp_path, confnotes_check_stated_facts=True)
    found = []
    for warning in warnings_of(app):
        match = WARNING_RE.match(warning)
        assert match, warning
        found.append((match["where"], match["said"], match["subtype"]))
    assert sorted(found) == sorted(
        [
            (line_with("index.rst", "day-1 notes"), "day-1", "stated_day"),
            (line_with("index.rst", "the first day"), "first day", "stated_day"),
            (line_with("index.rst", "eleven talks"), "eleven talks", "stated_count"),
            (line_with("index.rst", "3 keynotes"), "3 keynotes", "stated_count"),
            (line_with("index.rst", "on Day 2"), "Day 2", "stated_day"),
            (line_with("index.rst", "twelve recorded"), "twelve recorded talks", "stated_count"),
            (line_with("page.md", "second day"), "second day", "stated_day"),
            (line_with("page.md", "2 lightning talks"), "2 lightning talks", "stated_count"),
        ]
    )
    # titles, code, counts of other things, and pages that opt out are not flagged
    said = {s for _, s, _ in found}
    assert not said & {"Two days", "day 1", "11 cities", "one day", "three days", "five talks"}
    message = next(w for w in warnings_of(app) if "'eleven talks'" in w)
    assert "goes stale when a talk or a day is added" in message


def test_suppressible(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Callable[..., list[str]]
) -> None:
    app = build(
        make_app,
        tmp_path,
        confnotes_check_stated_facts=True,
        suppress_warnings=["confnotes.stated_day", "confnotes.stated_count"],
    )
    assert warnings_of(app) == []


def test_make_check_turns_it_on() -> None:
    """The prose stage of `make check` (and `make check-mentions`) passes the switch."""
    check = (SITE / "scripts" / "check.py").read_text(encoding="utf-8")
    makefile = (SITE / "Makefile").read_text(encoding="utf-8")
    assert "confnotes_check_stated_facts=1" in check
    recipe = makefile.split("\ncheck-mentions:", 1)[1].split("\n\n", 1)[0]
    assert "confnotes_check_stated_facts=1" in recipe
