"""The programme: events, days and running order, from the talk records.

A talk's place comes from its record: its event, its date, then its
``:slot:`` (and ``:start:``), with document order only as a fallback. The
``programme`` view (:mod:`confnotes.core.views.programme`), the navigation
and the export all read this one ordering.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import NamedTuple

from confnotes.core.ids import normalise_id
from confnotes.core.records import UNKNOWN, TalkRecord

#: (event, date) of a day of the programme
DayKey = tuple[str, str]
#: a talk without a slot sorts after every slotted talk of its day
NO_SLOT = 10**9
KIND_LABELS = {"keynote": "Keynote", "talk": "Talk", "lightning": "Lightning talk"}


def slug(text: str) -> str:
    """Return *text* in the id form (:func:`.normalise_id`), for anchors; never empty."""
    return normalise_id(text) or "x"


def event_anchor(event: str) -> str:
    """Anchor of an event's part of the programme."""
    return f"conf-event-{slug(event)}"


def day_anchor(key: DayKey) -> str:
    """Anchor of a day's part of the programme."""
    return f"conf-day-{slug(key[0])}-{slug(key[1])}"


def running_key(talk: TalkRecord) -> tuple[int, str, str, int]:
    """Order within a day: slot, then start time, then page and line."""
    return (talk.slot or NO_SLOT, talk.start or "~", talk.docname, talk.lineno)


def date_label(date: str) -> str:
    """``Wednesday 15 May 2013`` for an ISO date; other values as they are."""
    try:
        day = datetime.date.fromisoformat(date)
    except ValueError:
        return "date unknown" if date == UNKNOWN else date
    return f"{day:%A} {day.day} {day:%B %Y}"


class Day(NamedTuple):
    """One day of one event, numbered within its event."""

    event: str
    date: str
    number: int

    @property
    def key(self) -> DayKey:
        """``(event, date)``."""
        return (self.event, self.date)

    @property
    def label(self) -> str:
        """``Day 1 · Wednesday 15 May 2013``."""
        return f"Day {self.number} · {date_label(self.date)}"


class Programme(NamedTuple):
    """Every talk in running order, grouped by event and day."""

    talks: list[TalkRecord]
    events: list[str]
    days: list[Day]
    talks_by_day: dict[DayKey, list[TalkRecord]]
    #: pages of a day in running order (a page is placed by its first talk)
    pages_by_day: dict[DayKey, list[str]]
    day_of_page: dict[str, DayKey]

    @classmethod
    def build(cls, talks: Iterable[TalkRecord]) -> Programme:
        """Order *talks*: events by first date, then days, then running order."""
        talks = list(talks)
        first_date: dict[str, str] = {}
        for talk in talks:
            first_date[talk.event] = min(first_date.get(talk.event, talk.date), talk.date)
        events = sorted(first_date, key=lambda e: (first_date[e], e.casefold(), e))
        rank = {event: number for number, event in enumerate(events)}
        ordered = sorted(talks, key=lambda t: (rank[t.event], t.date, *running_key(t)))
        talks_by_day: dict[DayKey, list[TalkRecord]] = {}
        for talk in ordered:
            talks_by_day.setdefault((talk.event, talk.date), []).append(talk)
        days: list[Day] = []
        numbers: dict[str, int] = {}
        for event, date in talks_by_day:  # events in order, then their days by date
            numbers[event] = numbers.get(event, 0) + 1
            days.append(Day(event, date, numbers[event]))
        # a page belongs to the day of its first talk (in source order)
        first_talk: dict[str, TalkRecord] = {}
        for talk in talks:
            held = first_talk.get(talk.docname)
            if held is None or talk.lineno < held.lineno:
                first_talk[talk.docname] = talk
        day_of_page = {doc: (t.event, t.date) for doc, t in first_talk.items()}
        pages_by_day: dict[DayKey, list[str]] = {}
        for talk in ordered:  # a page's place is that of its earliest talk on its day
            key = (talk.event, talk.date)
            pages = pages_by_day.setdefault(key, [])
            if day_of_page[talk.docname] == key and talk.docname not in pages:
                pages.append(talk.docname)
        return cls(ordered, events, days, talks_by_day, pages_by_day, day_of_page)

    def restricted(self, keep: Callable[[TalkRecord], bool]) -> Programme:
        """Return the programme listing only the talks *keep* accepts.

        Events, days (and their numbers) and pages stay as they are: pages
        exist for every builder, and the sidebar links every day's anchor.
        """
        talks = [talk for talk in self.talks if keep(talk)]
        if len(talks) == len(self.talks):
            return self
        by_day = {key: [t for t in found if keep(t)] for key, found in self.talks_by_day.items()}
        return self._replace(talks=talks, talks_by_day=by_day)

    def select(self, event: str = "", date: str = "") -> list[Day]:
        """Return the days of *event* (any if empty) on *date* (any if empty)."""
        return [
            d for d in self.days if (not event or d.event == event) and (not date or d.date == date)
        ]
