"""Two talks of one day in the same ``:slot:`` warn ``confnotes.slot_clash``.

A day's running order is its slots, 1 for its first talk
(:mod:`confnotes.core.programme`). Two talks that give one slot were listed
by page name, and nothing told the contributor; the scaffold takes the day's
next free slot, so only an edit by hand makes a clash. After reading, each
talk whose slot an earlier talk of its day (by page and line) already gives
warns at its ``:slot:``, naming that talk. Talks whose day is unknown may be
on different days: their slots are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from confnotes.core.locations import place_name
from confnotes.core.records import UNKNOWN, TalkRecord, declared_at
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


def slot_clashes(talks: Iterable[TalkRecord]) -> list[tuple[TalkRecord, TalkRecord]]:
    """Return ``(talk, the talk giving its slot first)`` for each clash among one day's talks."""
    first_in_slot: dict[int, TalkRecord] = {}
    clashes = []
    for talk in sorted(talks, key=lambda t: (t.docname, t.lineno)):
        if talk.slot:
            first = first_in_slot.setdefault(talk.slot, talk)
            if first is not talk:
                clashes.append((talk, first))
    return clashes


def check_slots(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn about each talk in a slot another talk of its day takes."""
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    programme = domain.programme()
    for day in programme.days:
        if day.id == UNKNOWN:
            continue
        for talk, first in slot_clashes(programme.talks_by_day[day.key]):
            warn(
                "talk %r takes slot %d of %s %s, as talk %r (%s) does: the programme lists"
                " them by page name; give each talk of a day a slot of its own (renumber"
                " the slots after it)",
                talk.id,
                talk.slot,
                day.event,
                day.date if day.date != UNKNOWN else f"day {day.number}",
                first.id,
                place_name(env, declared_at(first, first.option_offset("slot"))),
                subtype="slot_clash",
                location=declared_at(talk, talk.option_offset("slot")),
            )


def setup_running_order(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.connect("env-check-consistency", check_slots)
