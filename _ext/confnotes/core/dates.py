"""Dates as the notes and the pages write them: one rule, the standard library only.

English names whatever the machine's locale (``%A`` and ``%B`` would print
the builder's language), so the scaffold (``scripts/new_talk.py``, which
loads this file without Sphinx) and the pages print the same words.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: a slot or day number: ASCII digits only (``int()`` raises on ``²`` and reads ``٣``), not too many
COUNT_RE = re.compile(r"[0-9]{1,6}")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


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
        return "date unknown" if value == "unknown" else value
    day = datetime.date.fromisoformat(value)
    return f"{WEEKDAYS[day.weekday()]} {human_date(value)}"


#: what a talk's record says when nothing places it: ``confnotes.core.records.UNKNOWN``, which
#: this file cannot import (the scaffold loads it alone); a test holds the two equal
UNKNOWN = "unknown"


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

    The date is ISO or ``unknown``. A declared ``:day:`` wins; a dated day
    without one takes its place among the event's dated days. Talks that
    give only ``:day: n`` join the dated day numbered *n*, if there is one.
    """
    talks = list(talks)
    declared: dict[str, int] = {}
    for date, day in talks:
        if day and day_id(date, day) not in declared:
            declared[day_id(date, day)] = day
    dated = sorted({date for date, _day in talks if is_date(date)})
    numbers = {date: declared.get(date, place) for place, date in enumerate(dated, start=1)}
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


def day_leaders(numbered: Mapping[str, tuple[int, str]]) -> dict[str, str]:
    """Map each day id of :func:`number_days` to the id of the day it is listed under.

    A day id whose number and date are both known is listed with every other
    id of that (number, date): ``day-2`` of an event whose day 2 is dated
    joins that date, which leads the group. Any other id is its own day.
    The one rule the programme and the scaffold share.
    """
    leaders: dict[tuple[int, str], str] = {}
    for ident in sorted(numbered, key=lambda ident: not is_date(ident)):  # dated ids lead
        leaders.setdefault(_group(ident, *numbered[ident]), ident)
    return {ident: leaders[_group(ident, *place)] for ident, place in numbered.items()}


def _group(ident: str, number: int, date: str) -> tuple[int, str]:
    return (number, date) if number and date != UNKNOWN else (number, ident)
