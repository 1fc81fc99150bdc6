"""The programme: events, days and running order, from the talk records.

A talk's place comes from its record: its event, its date, then its
``:slot:`` (and ``:start:``), with document order only as a fallback. The
``programme`` view (:mod:`confnotes.core.views.programme`), the navigation
and the export all read this one ordering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from confnotes.core import dates
from confnotes.core.dates import date_label, is_date
from confnotes.core.ids import normalise_id
from confnotes.core.records import UNKNOWN, TalkRecord

#: (event, day id) of a day of the programme (see :func:`day_id`)
DayKey = tuple[str, str]
#: a talk without a slot sorts after every slotted talk of its day
NO_SLOT = 10**9
KIND_LABELS = {"keynote": "Keynote", "talk": "Talk", "lightning": "Lightning talk"}


def slug(text: str) -> str:
    """Return *text* in the id form (:func:`.normalise_id`), for anchors; never empty."""
    return normalise_id(text) or "x"


def event_slugs(events: Iterable[str]) -> dict[str, str]:
    """Give each event, in programme order, a slug no earlier one has: its anchors' part.

    Names that differ only where the id form drops them ("PyCon 日本" and
    "PyCon 中国", "!!!" and "???") share a slug; the later event gets the
    first free ``<slug>-<n>``, so every event and day keeps an anchor of its own.
    """
    found: dict[str, str] = {}
    taken: set[str] = set()
    for event in events:
        base = candidate = slug(event)
        number = 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        found[event] = candidate
        taken.add(candidate)
    return found


def running_key(talk: TalkRecord) -> tuple[int, str, str, int]:
    """Order within a day: slot, then start time, then page and line."""
    return (talk.slot or NO_SLOT, talk.start or "~", talk.docname, talk.lineno)


def day_id(talk: TalkRecord) -> str:
    """Return the day a talk is on, as well as its record knows it (:func:`.dates.day_id`)."""
    return dates.day_id(talk.date, talk.day)


def day_key(talk: TalkRecord) -> DayKey:
    """``(event, day id)``: the one rule that groups talks into days."""
    return (talk.event, day_id(talk))


class Day(NamedTuple):
    """One day of one event: its date and its number within the event, when known."""

    event: str
    #: the ISO date, or ``unknown``
    date: str
    #: the day's number within its event (declared, or its place among the
    #: event's dated days); 0 when nothing says which day it is
    number: int
    #: the day id the talks share (:func:`day_id`)
    id: str

    @property
    def key(self) -> DayKey:
        """``(event, day id)``."""
        return (self.event, self.id)

    @property
    def label(self) -> str:
        """``Day 1 · Wednesday 15 May 2013``, ``Day 2 · date unknown``, or ``Day unknown``."""
        if not self.number:
            return "Day unknown" if self.date == UNKNOWN else date_label(self.date)
        return f"Day {self.number} · {date_label(self.date)}"


def number_days(event_talks: list[TalkRecord]) -> dict[str, tuple[int, str]]:
    """Return the days of one event: day id -> (number, ISO date or ``unknown``).

    The rule is :func:`.dates.number_days`, which the scaffold shares.
    """
    return dates.number_days((talk.date, talk.day) for talk in event_talks)


class Programme(NamedTuple):
    """Every talk in running order, grouped by event and day."""

    talks: list[TalkRecord]
    events: list[str]
    days: list[Day]
    talks_by_day: dict[DayKey, list[TalkRecord]]
    #: pages of a day in running order (a page is placed by its first talk)
    pages_by_day: dict[DayKey, list[str]]
    day_of_page: dict[str, DayKey]
    #: each talk's :func:`day_key` -> the key of the day it is listed under
    #: (a talk that says only ``:day: 2`` joins the event's dated day 2)
    day_of: dict[DayKey, DayKey]
    #: each event's part of its anchors (:func:`event_slugs`)
    slugs: dict[str, str]

    def page_order(self) -> list[str]:
        """Return the talk pages in the programme's order: day by day, as it places them."""
        return [page for day in self.days for page in self.pages_by_day.get(day.key, [])]

    def event_slug(self, event: str) -> str:
        """Return the event's part of its anchors: its own slug (:func:`event_slugs`)."""
        return self.slugs.get(event) or slug(event)

    def event_anchor(self, event: str) -> str:
        """Anchor of an event's part of the programme."""
        return f"conf-event-{self.event_slug(event)}"

    def day_anchor(self, key: DayKey) -> str:
        """Anchor of a day's part of the programme."""
        return f"conf-day-{self.event_slug(key[0])}-{slug(key[1])}"

    @classmethod
    def build(cls, talks: Iterable[TalkRecord], event_order: Sequence[str] = ()) -> Programme:
        """Order *talks*: events, then days, then running order.

        Events in *event_order* first, in that order; the others by their
        first known date, then those with none by name. Days by number (a
        known date, or a declared ``:day:``), a day nothing places last.
        """
        talks = list(talks)
        by_event: dict[str, list[TalkRecord]] = {}
        for talk in talks:
            by_event.setdefault(talk.event, []).append(talk)
        declared = {event: place for place, event in enumerate(event_order)}
        first_date = {
            event: min((t.date for t in found if is_date(t.date)), default="~")
            for event, found in by_event.items()
        }
        events = sorted(
            by_event,
            key=lambda e: (declared.get(e, len(declared)), first_date[e], e.casefold(), e),
        )
        days: list[Day] = []
        place: dict[DayKey, tuple[int, int]] = {}
        for rank, event in enumerate(events):
            numbered = number_days(by_event[event])
            leaders = dates.day_leaders(numbered)
            for ident, (number, date) in sorted(
                numbered.items(), key=lambda item: (not item[1][0], item[1][0], item[1][1])
            ):
                if leaders[ident] == ident:
                    place[(event, ident)] = (rank, len(days))
                    days.append(Day(event, date, number, ident))
            for ident, leader in leaders.items():  # "day-2" joins the dated day 2
                place[(event, ident)] = place[(event, leader)]
        key_of = {key: days[index].key for key, (_rank, index) in place.items()}
        ordered = sorted(talks, key=lambda t: (place[day_key(t)], *running_key(t)))
        talks_by_day: dict[DayKey, list[TalkRecord]] = {day.key: [] for day in days}
        for talk in ordered:
            talks_by_day[key_of[day_key(talk)]].append(talk)
        # a page belongs to the day of its first talk (in source order)
        first_talk: dict[str, TalkRecord] = {}
        for talk in talks:
            held = first_talk.get(talk.docname)
            if held is None or talk.lineno < held.lineno:
                first_talk[talk.docname] = talk
        day_of_page = {doc: key_of[day_key(t)] for doc, t in first_talk.items()}
        pages_by_day: dict[DayKey, list[str]] = {}
        for talk in ordered:  # a page's place is that of its earliest talk on its day
            key = key_of[day_key(talk)]
            pages = pages_by_day.setdefault(key, [])
            if day_of_page[talk.docname] == key and talk.docname not in pages:
                pages.append(talk.docname)
        return cls(
            ordered,
            events,
            days,
            talks_by_day,
            pages_by_day,
            day_of_page,
            key_of,
            event_slugs(events),
        )

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
