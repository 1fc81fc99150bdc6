"""Which directive or role of a page raised, and where it is written.

Any extension's directive or role may raise on a value nobody tried: an
empty ``:delim:`` of a ``csv-table`` or ``:figwidth:`` of a ``figure``
(docutils), ``.. option:: [`` (Sphinx), ``:cite:p:`,``` (sphinxcontrib-bibtex).
The error stopped every builder. The parser guard (``parse_guard``) shows
such a page as its text, with a warning ``confnotes.markup_error`` at the
line of the directive or role the error came from: the innermost frame of
the traceback that runs one (a docutils ``Directive``; docutils reading a
directive's options, before the directive exists, and MyST doing so for a
fence; a ``SphinxRole``; or a
role function's ``rawtext``, ``lineno`` and ``inliner``). An error below a
parse of markup, with no directive or role between, is the parser's own,
and is left to stop the build.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import FrameType
from typing import Any

from docutils.parsers.rst import Directive
from docutils.statemachine import StateMachine
from sphinx.util.docutils import SphinxRole

#: what the message quotes of the error, at most
MAX_SHOWN = 200
#: MyST's renderer methods that parse markup (a page's, or a directive's content)
MYST_RENDERING = frozenset({"_render_tokens", "nested_render_text", "render"})
#: MyST's ``include`` directive, whose ``path`` is the file it reads
MYST_INCLUDE = "MockIncludeDirective"


@dataclass(frozen=True)
class Culprit:
    """The markup an error came from: what it is, and where it is written."""

    what: str
    source: str
    line: int


def mapped_line(reporter_or_machine: Any, lineno: int) -> tuple[str, int]:
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
        source, line = mapped_line(this.state_machine, this.lineno)
        return Culprit(f"directive {this.name!r}", source, line)
    if isinstance(this, SphinxRole):
        source, line = mapped_line(this.inliner.reporter, this.lineno)
        return Culprit(f"role {this.name!r}", source, line)
    machine = getattr(this, "state_machine", None)
    if (
        isinstance(local.get("type_name"), str)
        and isinstance(local.get("lineno"), int)
        and machine is not None
    ):
        # docutils' run_directive, reading the options before the directive exists
        source, line = mapped_line(machine, local["lineno"])
        return Culprit(f"directive {local['type_name']!r}", source, line)
    if (
        isinstance(local.get("name"), str)
        and isinstance(local.get("position"), int)
        and "first_line" in local
    ):
        # MyST's run_directive, reading a fence's options before the directive exists
        return Culprit(f"directive {local['name']!r}", "", local["position"])
    if all(key in local for key in ("rawtext", "inliner")) and isinstance(local.get("lineno"), int):
        source, line = mapped_line(local["inliner"].reporter, local["lineno"])
        return Culprit(f"role {str(local.get('name', local['rawtext']))!r}", source, line)
    return None


def parses_content(frame: FrameType) -> bool:
    """Whether *frame* parses markup itself (docutils' state machine, MyST's renderer).

    An error below such a frame, and no directive or role between, is the
    parser's own: nothing on the page is to blame.
    """
    this = frame.f_locals.get("self")
    if isinstance(this, StateMachine) and frame.f_code.co_name == "run":
        return True
    return frame.f_code.co_name in MYST_RENDERING and hasattr(this, "md_env")


def included_from(frame: FrameType) -> str:
    """Return the file MyST's ``include`` reads in *frame*, or ""."""
    if type(frame.f_locals.get("self")).__name__ == MYST_INCLUDE and "path" in frame.f_locals:
        return str(frame.f_locals["path"])
    return ""


def culprit_among(outwards: list[FrameType]) -> Culprit | None:
    """Return the innermost directive or role of *outwards* (frames, innermost first), or None.

    None when a parse of markup comes first. The file is the one a MyST
    ``include`` read when one is on the way out (MyST resets the page's
    source before an error's stack is seen).
    """
    for depth, frame in enumerate(outwards):
        if found := culprit_in(frame):
            source = next(filter(None, map(included_from, outwards[depth:])), found.source)
            return Culprit(found.what, source, found.line)
        if parses_content(frame):
            return None
    return None


def culprit_of(error: BaseException) -> Culprit | None:
    """Return the innermost directive or role the error was raised in, or None."""
    frames: list[FrameType] = []
    trace = error.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    return culprit_among(frames[::-1])


def culprit_running() -> Culprit | None:
    """Return the directive or role running now, or None: the caller's stack, outwards."""
    frames: list[FrameType] = []
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    try:
        return culprit_among(frames)
    finally:
        del frames, frame  # no cycle through this frame


def error_text(error: BaseException) -> str:
    """Return the error as the message shows it: its class and its words, cut short."""
    words = " ".join(str(error).split())
    if len(words) > MAX_SHOWN:
        words = words[:MAX_SHOWN] + "…"
    return f"{type(error).__name__}: {words}" if words else type(error).__name__
