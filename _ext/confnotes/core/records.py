"""Plain records kept in the domain data.

Only strings, ints and tuples: the environment is pickled, merged across
parallel readers and compared between builds, so no docutils nodes here.
"""

from __future__ import annotations

from typing import NamedTuple

#: Anchors are ``conf-<type>-<id>``, never ``<type>-<id>``: Sphinx's search
#: index shortens an anchor equal to ``<type>-<name>`` to ``-`` and its search
#: page rebuilds it from the *display* name ("tool-ZeroMQ"), a broken link.
ANCHOR = "conf-{type}-{id}"


class SpeakerRecord(NamedTuple):
    """A ``speaker`` declaration."""

    id: str
    name: str
    twitter: str
    github: str
    speakerdeck: str
    affiliation: str
    website: str
    bio: str
    docname: str
    lineno: int
    #: the condition of the ``only`` directives around it, "" if none
    #: (see :mod:`confnotes.core.scopes`)
    only: str = ""
    #: other spellings of the id (``:aliases:``): references in any reach this speaker
    aliases: tuple[str, ...] = ()
    #: ``"path:line"`` when declared in a file the page includes (its own line), else ""
    written: str = ""

    @property
    def anchor(self) -> str:
        """The id the speaker card carries in the speaker grid."""
        return ANCHOR.format(type="speaker", id=self.id)


class ToolRecord(NamedTuple):
    """A ``tool`` declaration."""

    id: str
    name: str
    category: str
    homepage: str
    description: str
    docname: str
    lineno: int
    #: the condition of the ``only`` directives around it, "" if none
    #: (see :mod:`confnotes.core.scopes`)
    only: str = ""
    #: its name is also an everyday word ("six"): no plain-prose check looks for it
    common_word: bool = False
    #: ``"path:line"`` when declared in a file the page includes (its own line), else ""
    written: str = ""

    @property
    def anchor(self) -> str:
        """The id the glossary entry carries."""
        return ANCHOR.format(type="tool", id=self.id)


class TalkRecord(NamedTuple):
    """A ``talk`` declaration; missing values are the word ``unknown``."""

    id: str
    title: str
    speakers: tuple[str, ...]
    kind: str
    date: str
    event: str
    slides: str
    video: str
    links: tuple[str, ...]
    speaker_note: str
    #: position in the day's running order (1, 2, ...); 0 when not given
    slot: int
    #: start time ``HH:MM`` when known, else ""
    start: str
    docname: str
    lineno: int
    #: the condition of the ``only`` directives around it, "" if none
    #: (see :mod:`confnotes.core.scopes`)
    only: str = ""
    #: the day within its event (``:day:``), when the notes say; 0 when not
    day: int = 0
    #: ``"path:line"`` when declared in a file the page includes (its own line), else ""
    written: str = ""
    #: ``(option, lines from the directive)`` of the options checked once every page
    #: is read (:data:`LATE_CHECKED`), which warn at their own line
    option_offsets: tuple[tuple[str, int], ...] = ()

    @property
    def anchor(self) -> str:
        """The id of the target the talk directive emits."""
        return ANCHOR.format(type="talk", id=self.id)

    def option_offset(self, name: str) -> int:
        """Return the lines from the directive to its option *name* (0: not noted)."""
        return dict(self.option_offsets).get(name, 0)


class MentionRecord(NamedTuple):
    """One ``:tool:`` role in prose, with the anchor placed right before it."""

    tool: str
    docname: str
    anchor: str
    talk: str
    lineno: int
    #: the condition of the ``only`` directives around it, "" if none
    #: (see :mod:`confnotes.core.scopes`)
    only: str = ""


#: talk options checked once every page is read: an unknown speaker, a slot two talks take
LATE_CHECKED = ("speaker", "slot")


def declared_at(
    record: SpeakerRecord | ToolRecord | TalkRecord, offset: int = 0
) -> str | tuple[str, int]:
    """Locate a declaration (or its line *offset* lines further) where it is written.

    The page's line, or an included file's (``"path:line"``).
    """
    if not record.written:
        return record.docname, record.lineno + offset
    path, line = split_place(record.written)
    return f"{path}:{line + offset}"


def split_place(place: str) -> tuple[str, int]:
    """Return the file and line of ``"path:line"`` (line 0 when *place* names none)."""
    path, _colon, line = place.rpartition(":")
    return (path, int(line)) if line.isdigit() else (place, 0)


UNKNOWN = "unknown"
KINDS = ("keynote", "talk", "lightning")
CATEGORIES = (
    "library",
    "framework",
    "service",
    "database",
    "tool",
    "standard",
    "language",
    "community",
)
