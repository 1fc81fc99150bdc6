"""Dates as the notes and the pages write them: one rule, the standard library only.

English names whatever the machine's locale (``%A`` and ``%B`` would print
the builder's language), so the scaffold (``scripts/new_talk.py``, which
loads this file without Sphinx) and the pages print the same words.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: a count as options write one (a slot, a day number, seconds): ASCII digits only
#: (``int()`` raises on ``²`` and reads ``٣``), at most six (a longer one is a typo, and
#: Python reads no number of more than 4,300 digits)
COUNT = "[0-9]{1,6}"
COUNT_RE = re.compile(COUNT)
MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
#: what a talk's record says when nothing places it: ``confnotes.core.records.UNKNOWN``, which
#: this file cannot import (the scaffold loads it alone); a test holds the two equal
UNKNOWN = "unknown"


def is_date(value: str) -> bool:
    """Whether *value* is an ISO calendar date (YYYY-MM-DD); no warning."""
    if not DATE_RE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def human_date(value: str) -> str:
    """``2013-05-15`` as "15 May 2013"; anything else (``unknown``) unchanged."""
    if not is_date(value):
        return value
    day = datetime.date.fromisoformat(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_label(value: str) -> str:
    """``Wednesday 15 May 2013`` for an ISO date, "date unknown" for ``unknown``."""
    if not is_date(value):
        return "date unknown" if value == UNKNOWN else value
    day = datetime.date.fromisoformat(value)
    return f"{WEEKDAYS[day.weekday()]} {human_date(value)}"


def count(value: str) -> int:
    """Return a positive whole number written in ASCII digits, or 0 for anything else."""
    value = value.strip()
    return int(value) if COUNT_RE.fullmatch(value) and int(value) > 0 else 0


def day_id(date: str, day: int) -> str:
    """Return the day a talk is on, as well as its record knows it.

    Its ISO date; else ``day-<n>`` from ``:day: <n>``; else ``unknown``.
    """
    if is_date(date):
        return date
    return f"day-{day}" if day else UNKNOWN


def number_days(talks: Iterable[tuple[str, int]]) -> dict[str, tuple[int, str]]:
    """Return the days of one event from its talks' ``(date, day)``: day id -> (number, date).

    The date is ISO or ``unknown``. A declared ``:day:`` wins (the lowest,
    if the talks of a date disagree: reading order must not matter); a dated
    day without one follows the dated day before it (its number plus one;
    the first is day 1), so notes that say "day 1" and "day 3" leave a
    day 2 free and the day after day 3 is day 4. Talks that
    give only ``:day: n`` join the dated day numbered *n*, if there is one.
    """
    talks = list(talks)
    declared: dict[str, int] = {}
    for date, day in talks:  # talks that disagree: the lowest number, whatever the order
        ident = day_id(date, day)
        if day and day < declared.get(ident, day + 1):
            declared[ident] = day
    numbers: dict[str, int] = {}
    previous = 0
    for date in sorted({date for date, _day in talks if is_date(date)}):
        numbers[date] = previous = declared.get(date, previous + 1)
    dated = list(numbers)
    found: dict[str, tuple[int, str]] = {date: (numbers[date], date) for date in dated}
    by_number = {number: date for date, number in numbers.items()}
    for date, day in talks:
        ident = day_id(date, day)
        if ident in found:
            continue
        if day and day in by_number:  # "Day 2" of an event whose day 2 is dated
            found[ident] = (day, by_number[day])
        else:
            found[ident] = (day, UNKNOWN)
    return found


def day_clashes(talks: Sequence[tuple[str, int]]) -> dict[int, str]:
    """Return each dated talk of one event whose ``:day:`` clashes, by index, and why.

    Numbered by :func:`number_days`: a talk whose date the programme numbers
    otherwise (another talk of that date says a lower day), or whose number
    does not come after every earlier date's and before every later one's
    (two "Day 2"s, or day 3 before day 2).
    """
    numbered = number_days(talks)
    dated = sorted(ident for ident in numbered if is_date(ident))
    out_of_order: dict[str, str] = {}
    for date in dated:
        number = numbered[date][0]
        others = [
            f"the {'earlier' if other < date else 'later'} {other} is day {numbered[other][0]}"
            for other in dated
            if (other < date and numbered[other][0] >= number)
            or (other > date and numbered[other][0] <= number)
        ]
        if others:
            out_of_order[date] = f"makes {date} day {number}, but {' and '.join(others)}"
    found: dict[int, str] = {}
    for index, (date, day) in enumerate(talks):
        if not (day and is_date(date)):
            continue
        number = numbered[date][0]
        if day != number:
            found[index] = (
                f"says :day: {day}, but another talk dated {date} says :day: {number}:"
                f" the programme lists {date} as day {number}"
            )
        elif date in out_of_order:
            found[index] = out_of_order[date]
    return found


def clashes_added(talks: Sequence[tuple[str, int]], new: tuple[str, int]) -> dict[int, str]:
    """Return the clashes (:func:`day_clashes`) that adding *new* to one event's talks makes.

    By index into *talks* plus *new* (last). A new date can renumber the
    event's days into a number an existing ``:day:`` holds.
    """
    before = day_clashes(talks)
    after = day_clashes([*talks, new])
    return {index: reason for index, reason in after.items() if before.get(index) != reason}


def day_leaders(numbered: Mapping[str, tuple[int, str]]) -> dict[str, str]:
    """Map each day id of :func:`number_days` to the id of the day it is listed under.

    A day id whose number and date are both known is listed with every other
    id of that (number, date): ``day-2`` of an event whose day 2 is dated
    joins that date, which leads the group. Any other id is its own day.
    The leader's id is the day's key (its anchor, the scaffold's day), so it
    must not change when a talk that gives only ``:day: 2`` comes or goes.
    The one rule the programme and the scaffold share.
    """
    leaders: dict[tuple[int, str], str] = {}
    # dated ids lead (number_days lists them first; sorting makes it this rule's own)
    for ident in sorted(numbered, key=lambda candidate: not is_date(candidate)):
        leaders.setdefault(_group(ident, *numbered[ident]), ident)
    return {ident: leaders[_group(ident, *place)] for ident, place in numbered.items()}


def _group(ident: str, number: int, date: str) -> tuple[int, str]:
    """Return the group key: (number, date) when both are known, else the id (its own day)."""
    return (number, date) if number and date != UNKNOWN else (number, ident)


#: ``confnotes_event_max_gap``'s default: the most days between two days of one event
DEFAULT_MAX_GAP = 7


def far_dates(dated: Sequence[str], max_gap: int) -> dict[str, tuple[int, str, str]]:
    """Return the dates of one event that lie away from its main group of days.

    *dated* holds one date per talk. Dates at most *max_gap* days apart,
    directly or through the dates between, form a group; the group with the
    most talks (then the most days, then the earliest) is the event. Each
    other date maps to its distance in days to that group's nearest end, and
    the group's first and last day. The build warns ``far_date`` about them
    (``confnotes.core.event_days``); the scaffold refuses them.
    """
    talks_on: dict[datetime.date, int] = {}
    for value in dated:
        if is_date(value):
            day = datetime.date.fromisoformat(value)
            talks_on[day] = talks_on.get(day, 0) + 1
    groups: list[list[datetime.date]] = []
    for day in sorted(talks_on):
        if groups and (day - groups[-1][-1]).days <= max_gap:
            groups[-1].append(day)
        else:
            groups.append([day])
    if max_gap <= 0 or len(groups) < 2:
        return {}
    main = max(groups, key=lambda g: (sum(talks_on[d] for d in g), len(g), -g[0].toordinal()))
    first, last = main[0], main[-1]
    return {
        day.isoformat(): (
            min(abs((day - first).days), abs((day - last).days)),
            first.isoformat(),
            last.isoformat(),
        )
        for group in groups
        if group is not main
        for day in group
    }
