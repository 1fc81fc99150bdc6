"""``:day:`` numbers that clash within an event warn ``confnotes.day_clash``, and the build goes on.

The root ``test-day-clash`` holds one event: two talks dated the 15th, one
saying ``:day: 1`` and one ``:day: 3``; the 16th numbered after the 15th (2);
and, in MyST, the 17th saying ``:day: 2`` as well. The programme takes the
lowest number a date's talks give, whatever the reading order, so serial
and parallel builds list the same days and warn the same.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from bs4 import BeautifulSoup

ROOT = "day-clash"
ADVICE = (
    ": give the talks of one date the same :day:, each date its own, or none"
    " (dates are numbered in order) [confnotes.day_clash]"
)
EXPECTED = [
    "talks/first-day-says-three.rst:4: talk 'first-day-says-three' of 'Clash Conf 2013' says"
    " :day: 3, but another talk dated 2013-05-15 says :day: 1: the programme lists 2013-05-15"
    " as day 1" + ADVICE,
    "talks/third-day-myst.md:3: talk 'third-day-says-two' of 'Clash Conf 2013' makes"
    " 2013-05-17 day 2, but the earlier 2013-05-16 is day 2" + ADVICE,
]


@pytest.mark.sphinx("html", testroot=ROOT, freshenv=True)
def test_each_clashing_day_warns_at_its_talk_and_the_programme_is_built(
    app: Any, warnings_of: Any
) -> None:
    app.build()
    assert warnings_of(app) == EXPECTED
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    text = " ".join(soup.get_text(" ").split())
    for title in ("First day, as day 3", "Second day, by its place", "Third day, as day 2"):
        assert title in text
    assert "Day 1 · Wednesday 15 May 2013" in text


@pytest.mark.sphinx("html", testroot=ROOT, freshenv=True, parallel=2)
def test_the_same_warnings_in_parallel(app: Any, warnings_of: Any) -> None:
    app.build()
    assert sorted(warnings_of(app)) == EXPECTED


@pytest.mark.sphinx(
    "html",
    testroot=ROOT,
    srcdir="day-clash-suppressed",
    freshenv=True,
    confoverrides={"suppress_warnings": ["confnotes.day_clash"]},
)
def test_suppress_warnings_silences_it(app: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == []


def test_a_dates_number_does_not_depend_on_the_order_its_talks_are_read() -> None:
    from confnotes.core import dates

    talks = [("2013-05-15", 3), ("2013-05-15", 1), ("2013-05-16", 0), ("unknown", 1)]
    found = {repr(dates.number_days(order)) for order in itertools.permutations(talks)}
    assert found == {repr(dates.number_days(sorted(talks, key=lambda t: t[1])))}
    assert dates.number_days(talks)["2013-05-15"] == (1, "2013-05-15")


def test_a_date_without_a_day_follows_the_day_before_it() -> None:
    """Notes of day 1 and day 3: the next date is day 4, not "day 3" by its place; no clash."""
    from confnotes.core import dates

    talks = [("2013-05-15", 1), ("2013-05-17", 3), ("2013-05-18", 0)]
    assert {date: n for date, (n, _d) in dates.number_days(talks).items()} == {
        "2013-05-15": 1,
        "2013-05-17": 3,
        "2013-05-18": 4,
    }
    assert dates.day_clashes(talks) == {}
    assert dates.clashes_added(talks, ("2013-05-16", 0)) == {}  # day 2, between them
    # days out of date order clash, at each talk that says so (which is wrong is not known)
    assert dates.day_clashes([("2013-05-15", 3), ("2013-05-16", 2), ("2013-05-16", 0)]) == {
        0: "makes 2013-05-15 day 3, but the later 2013-05-16 is day 2",
        1: "makes 2013-05-16 day 2, but the earlier 2013-05-15 is day 3",
    }
