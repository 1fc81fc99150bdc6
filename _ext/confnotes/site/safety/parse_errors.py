"""Which directive or role of a page raised, and where it is written.

Any extension's directive or role may raise on a value nobody tried: an
empty ``:delim:`` of a ``csv-table`` or ``:figwidth:`` of a ``figure``
(docutils), ``.. option:: [`` (Sphinx), ``:cite:p:`,``` (sphinxcontrib-bibtex).
The error stopped every builder. The parser guard (``deep_nesting``) shows
such a page as its text, with a warning ``confnotes.markup_error`` at the
line of the directive or role the error came from: the innermost frame of
the traceback that runs one (a docutils ``Directive``; docutils reading a
directive's options, before the directive exists, and MyST doing so for a
fence; a ``SphinxRole``; or a
role function's ``rawtext``, ``lineno`` and ``inliner``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import FrameType
from typing import Any

from docutils.parsers.rst import Directive
from sphinx.util.docutils import SphinxRole

#: what the message quotes of the error, at most
MAX_SHOWN = 200


@dataclass(frozen=True)
class Culprit:
    """The markup an error came from: what it is, and where it is written."""

    what: str
    source: str
    line: int


def source_and_line(reporter_or_machine: Any, lineno: int) -> tuple[str, int]:
    """Return the file and line of *lineno*, as docutils (or MyST) maps it."""
    try:
        source, line = reporter_or_machine.get_source_and_line(lineno)
    except Exception:  # MyST's stand-ins may not map lines
        return "", lineno
    return str(source or ""), int(line or lineno)


def culprit_in(frame: FrameType) -> Culprit | None:
    """Return the directive or role *frame* runs, or None."""
    local = frame.f_locals
    this = local.get("self")
    if isinstance(this, Directive):
        source, line = source_and_line(this.state_machine, this.lineno)
        return Culprit(f"directive {this.name!r}", source, line)
    if isinstance(this, SphinxRole):
        source, line = source_and_line(this.inliner.reporter, this.lineno)
        return Culprit(f"role {this.name!r}", source, line)
    machine = getattr(this, "state_machine", None)
    if (
        isinstance(local.get("type_name"), str)
        and isinstance(local.get("lineno"), int)
        and machine is not None
    ):
        # docutils' run_directive, reading the options before the directive exists
        source, line = source_and_line(machine, local["lineno"])
        return Culprit(f"directive {local['type_name']!r}", source, line)
    if (
        isinstance(local.get("name"), str)
        and isinstance(local.get("position"), int)
        and "first_line" in local
    ):
        # MyST's run_directive, reading a fence's options before the directive exists
        return Culprit(f"directive {local['name']!r}", "", local["position"])
    if {"rawtext", "lineno", "inliner"} <= local.keys() and isinstance(local["lineno"], int):
        source, line = source_and_line(local["inliner"].reporter, local["lineno"])
        return Culprit(f"role {str(local.get('name', local['rawtext']))!r}", source, line)
    return None


def culprit_of(error: BaseException) -> Culprit | None:
    """Return the innermost directive or role the error was raised in, or None."""
    frames: list[FrameType] = []
    trace = error.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    return next((c for f in reversed(frames) if (c := culprit_in(f))), None)


def error_text(error: BaseException) -> str:
    """Return the error as the message shows it: its class and its words, cut short."""
    words = " ".join(str(error).split())
    if len(words) > MAX_SHOWN:
        words = words[:MAX_SHOWN] + "…"
    return f"{type(error).__name__}: {words}" if words else type(error).__name__
