"""Dependency keys: typed values naming what a page shows of other pages' data.

A page *uses* keys (its links, its views, its sidebar); the records read
from a page *provide* keys, each with a fingerprint of what any view shows
of them (:mod:`confnotes.core.dependencies`). When a key's fingerprint
changes, the pages that use it are written again. :class:`Every` stands for
all keys of one type (the glossary shows every tool).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    """Base of the dependency keys."""


@dataclass(frozen=True, slots=True)
class Talk(Key):
    """A talk's declaration: what links to it and the programme show."""

    id: str


@dataclass(frozen=True, slots=True)
class Speaker(Key):
    """A speaker's declaration: names, handles, card."""

    id: str


@dataclass(frozen=True, slots=True)
class Tool(Key):
    """A tool's declaration: name, category, description."""

    id: str


@dataclass(frozen=True, slots=True)
class TalksOf(Key):
    """The talks that list a speaker, with the facts a card lists, in running order."""

    speaker: str


@dataclass(frozen=True, slots=True)
class Lightning(Key):
    """A lightning talk as the lightning index lists it, with the tools it mentions."""

    id: str


@dataclass(frozen=True, slots=True)
class MentionsOf(Key):
    """The places that mention a tool, in order, with the titles they are shown by."""

    tool: str


@dataclass(frozen=True, slots=True)
class Titled(Key):
    """The talks that share a (case-folded) title, with the facts that tell them apart."""

    title: str


@dataclass(frozen=True, slots=True)
class DayPages(Key):
    """The pages of one day of an event, by title, in running order.

    ``date`` is the day's id (:func:`confnotes.core.programme.day_id`); pages
    note their talks' own, and the dependencies read it as the day the
    programme lists them under.
    """

    event: str
    date: str


@dataclass(frozen=True, slots=True)
class Events(Key):
    """Which events the talks belong to (cards name a talk's event when there are several)."""


@dataclass(frozen=True, slots=True)
class StandardTarget(Key):
    """A label (``ref``), a glossary term (``term``) or a page (``doc``) a standard role links."""

    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class Every(Key):
    """Every key of one type: a view that shows all talks, or all tools."""

    kind: type[Key]


def matches(uses: set[Key], changed: set[Key]) -> bool:
    """Whether a page that uses *uses* shows something in *changed*."""
    if not uses.isdisjoint(changed):
        return True
    kinds = {key.kind for key in uses if isinstance(key, Every)}
    return any(type(key) in kinds for key in changed)
