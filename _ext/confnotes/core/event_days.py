"""Days an event's talks disagree on: a stray ``:date:``, or ``:day:`` numbers that clash.

The programme numbers an event's days from its first date, so one talk dated
2003 by mistake in a 2013 event becomes "Day 1" and the real first day
"Day 2"; nothing else looks wrong. After reading, the dates of each event
are grouped: two dates belong together when they are at most
``confnotes_event_max_gap`` days apart (default 7), directly or through the
dates between them, so a five-day conference with a weekend off is one
group. When an event's dates form several groups, the group with the most
talks (then the most days, then the earliest) is the event, and each talk
of every other group warns ``confnotes.far_date``. An event whose parts
really are further apart (sprints a month later) raises the setting or
becomes two events; 0 turns the check off.

A dated talk's ``:day:`` says which day of the event its date is. When the
talks of one date give different numbers, the programme takes the lowest
(whatever the reading order) and each talk that says another warns
``confnotes.day_clash``; so does a talk whose ``:day:`` puts its date out
of date order among the event's days (two "Day 2"s, or day 3 before day 2;
a date without ``:day:`` is the day after the date before it).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from confnotes.core.dates import DEFAULT_MAX_GAP, day_clashes, far_dates
from confnotes.core.records import declared_at
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain
    from confnotes.core.records import TalkRecord


def far_talks(
    talks: list[TalkRecord], max_gap: int
) -> list[tuple[TalkRecord, int, datetime.date, datetime.date]]:
    """Return each talk of one event dated away from the event's main group (``far_dates``).

    With the number of days to the group's nearest end, and its first and
    last day.
    """
    far = far_dates([talk.date for talk in talks], max_gap)
    found = [
        (talk, distance, datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))
        for talk in talks
        if talk.date in far
        for distance, first, last in [far[talk.date]]
    ]
    return sorted(found, key=lambda item: (item[0].docname, item[0].lineno))


def check_event_days(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn about talks dated far from their event's other days.

    And about ``:day:`` numbers that clash (:func:`.dates.day_clashes`, which
    the scaffold shares).
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    by_event: dict[str, list[TalkRecord]] = {}
    for talk in domain.all_talks():
        by_event.setdefault(talk.event, []).append(talk)
    for event in sorted(by_event):
        talks = by_event[event]
        clashes = day_clashes([(talk.date, talk.day) for talk in talks])
        for talk, reason in sorted(
            ((talks[index], reason) for index, reason in clashes.items()),
            key=lambda item: (item[0].docname, item[0].lineno),
        ):
            warn(
                "talk %r of %r %s: give the talks of one date the same :day:, each date its"
                " own, or none (dates are numbered in order)",
                talk.id,
                event,
                reason,
                subtype="day_clash",
                location=declared_at(talk),
            )
    max_gap = int(app.config.confnotes_event_max_gap)
    if max_gap <= 0:
        return
    for event in sorted(by_event):
        for talk, distance, first, last in far_talks(by_event[event], max_gap):
            warn(
                "talk %r is dated %s, %d days from the other days of %r (%s to %s):"
                " check its :date: and :event: (an event's days are at most %d days"
                " apart, confnotes_event_max_gap)",
                talk.id,
                talk.date,
                distance,
                event,
                first.isoformat(),
                last.isoformat(),
                max_gap,
                subtype="far_date",
                location=declared_at(talk),
            )


def setup_event_days(app: Sphinx) -> None:
    """Register the setting and the check (called from the package's ``setup()``)."""
    app.add_config_value("confnotes_event_max_gap", DEFAULT_MAX_GAP, "env", types=frozenset({int}))
    app.connect("env-check-consistency", check_event_days)
