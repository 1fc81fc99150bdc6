"""Partial facts: talks with a date, a day number, ``unknown``, or nothing.

The root holds four events as an archive knows them: one declared first in
``confnotes_event_order`` with no day known, one dated a year before the
next, one dated with a talk that gives only ``:day: 2`` (it joins the dated
day 2), and one known by day numbers only. Every builder lists events, days
and talks in the same order, builds strictly, and the export says what is
known and what is not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

#: (event, day label, talk titles in running order), as the programme must list them
EXPECTED = [
    ("Delta Meetup", "Day unknown", ["Delta first", "Delta second"]),
    ("Beta Weekend 2014", "Day 1 · Saturday 20 September 2014", ["Beta keynote"]),
    ("Alpha Conf 2015", "Day 1 · Monday 1 June 2015", ["Alpha opening"]),
    (
        "Alpha Conf 2015",
        "Day 2 · Tuesday 2 June 2015",
        ["Alpha second morning", "Alpha talk known by its day"],
    ),
    ("Gamma Days", "Day 1 · date unknown", ["Gamma first day, first", "Gamma first day, later"]),
    ("Gamma Days", "Day 2 · date unknown", ["Gamma second day"]),
    ("Gamma Days", "Day unknown", ["Gamma some day"]),
]

OUTPUT = {
    "html": "index.html",
    "singlehtml": "index.html",
    "text": "index.txt",
    "latex": "testpartialdates.tex",
    "man": "testpartialdates.1",
}


def in_order(text: str, phrases: list[str]) -> bool:
    """Whether every phrase occurs in *text*, each after the one before."""
    position = 0
    for phrase in phrases:
        found = text.find(phrase, position)
        if found < 0:
            return False
        position = found + len(phrase)
    return True


def flat(text: str) -> str:
    """Text with markup, escapes and line breaks reduced to single spaces."""
    text = re.sub(r"<[^>]+>|\\[a-zA-Z]+\{|[{}]|\\&|\\fB|\\fI|\\fP|\\\(hy|\\-", " ", text)
    text = text.replace("&#183;", "·").replace("\\textperiodcentered", "·").replace("\\(md", "·")
    return " ".join(text.split())


@pytest.mark.parametrize("builder", sorted(OUTPUT))
def test_every_builder_lists_events_days_and_talks_in_order(
    builder: str, make_app: Any, rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    from sphinx.testing.util import SphinxTestApp

    app: SphinxTestApp = make_app(
        builder, srcdir=_copy(rootdir / "test-partial-dates", tmp_path / "src"), freshenv=True
    )
    app.build()
    assert warnings_of(app) == []
    text = flat((app.outdir / OUTPUT[builder]).read_text())
    phrases: list[str] = []
    for event, label, titles in EXPECTED:
        if event not in phrases:
            phrases.append(event)
        phrases += [label, *titles]
    assert in_order(text, phrases), text[:3000]


def _copy(root: Path, dest: Path) -> Path:
    import shutil

    shutil.copytree(root, dest)
    return dest


@pytest.mark.sphinx("html", testroot="partial-dates", freshenv=True)
def test_the_export_says_what_is_known(app: Any) -> None:
    app.build()
    data = json.loads((app.outdir / "conference.json").read_text())
    assert [e["name"] for e in data["events"]] == list(dict.fromkeys(e for e, _l, _t in EXPECTED))
    days = [(d["event"], d["date"], d["number"]) for d in data["days"]]
    assert days == [
        ("Delta Meetup", None, None),
        ("Beta Weekend 2014", "2014-09-20", 1),
        ("Alpha Conf 2015", "2015-06-01", 1),
        ("Alpha Conf 2015", "2015-06-02", 2),
        ("Gamma Days", None, 1),
        ("Gamma Days", None, 2),
        ("Gamma Days", None, None),
    ]
    talks = {t["slug"]: t for t in data["talks"]}
    assert (talks["alpha-day-two"]["recorded"], talks["alpha-day-two"]["day"]) == (None, 2)
    assert (talks["gamma-unknown"]["recorded"], talks["gamma-unknown"]["day"]) == (None, None)
    assert (talks["beta-only"]["recorded"], talks["beta-only"]["day"]) == ("2014-09-20", None)


@pytest.mark.sphinx("html", testroot="partial-dates", freshenv=True)
def test_a_talk_header_says_the_day_when_the_date_is_unknown(app: Any, page: Any) -> None:
    app.build()
    header = page(app.outdir / "talks" / "gamma-day-two.html").select_one(".conf-talk-header")
    assert "Day 2" in header.get_text()
    unknown = page(app.outdir / "talks" / "gamma-unknown.html").select_one(".conf-talk-header")
    assert re.search(r"Day \d|Day unknown", unknown.get_text()) is None


@pytest.mark.sphinx("html", testroot="partial-dates", freshenv=True)
def test_a_bad_date_or_day_warns_and_counts_as_unknown(app: Any, warnings_of: Any) -> None:
    page = app.srcdir / "talks" / "delta-a.rst"
    page.write_text(
        page.read_text().replace(":slot: 1", ":slot: 1\n   :date: May 2013\n   :day: 0")
    )
    app.build()
    lines = page.read_text().splitlines()
    date, day = (lines.index(f"   :{option}") + 1 for option in ("date: May 2013", "day: 0"))
    assert warnings_of(app) == [
        f"talks/delta-a.rst:{date}: invalid :date: 'May 2013' (expected an ISO date,"
        " YYYY-MM-DD, or unknown) [confnotes.bad_option]",
        f"talks/delta-a.rst:{day}: invalid :day: '0' (expected a positive whole number: 1 for"
        " the event's first day) [confnotes.bad_option]",
    ]
    data = json.loads((app.outdir / "conference.json").read_text())
    delta = next(t for t in data["talks"] if t["slug"] == "delta-a")
    assert (delta["recorded"], delta["day"]) == (None, None)
