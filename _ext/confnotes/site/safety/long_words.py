"""The text builder gets a very long word in pieces it can wrap in linear time.

Sphinx's text writer wraps each paragraph with a :class:`textwrap.TextWrapper`
whose word-splitting pattern backtracks over a run of word characters once
per character, and which re-measures the rest of a word too long for a line
once per line: both take time that grows with the square of the word's
length. A title of one 300,000-character word kept ``sphinx -b text`` busy
for about 18 minutes (a 40,000-character word, 21 seconds), and a title is
repeated by the programme, the navigation and the talk's header.

The text builder's translator cuts every run of non-space characters longer
than :data:`LONG_RUN` into pieces, a space between them, in the text the
writer is about to wrap, and only there: a paragraph's text as it ends
(``end_state`` with wrapping on; the page as written, after the views are
filled in and the toctrees resolved) and a table cell's text, which the
table wraps again to its column, code and all. Each piece is half the width
the text is wrapped to, rounded up, and the last one takes what is left
(:func:`piece_size`), so each fits on a line and two never do: each piece
gets a line of its own, the space falls at a line's end, where the writer
drops it, and the word's characters are all written, in order, with no space
among them (in a table cell, Sphinx joins the lines of a paragraph with
spaces, as it always did). What the writer does not wrap (titles, code and
line blocks outside tables, a table's borders) is written as it is. The
other builders get the word as written (the HTML theme wraps it), and so
does the text writer for shorter runs, so ordinary pages are written exactly
as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx.writers.text import MAXWIDTH, TextTranslator

#: runs up to this many characters are wrapped by Sphinx as they are (its cost stays small)
LONG_RUN = 500
#: a whole run (from its first character, so a shorter run is passed over in one step)
LONG_RUN_RE = re.compile(rf"(?<!\S)\S{{{LONG_RUN + 1},}}")
#: what the writer's state holds for text it will wrap (an indent of -1), and for lines
TEXT = -1


def piece_size(width: int) -> int:
    """Return the length of the pieces for text wrapped to *width*: one piece per line.

    Half the width, rounded up: two pieces and the space between never share
    a line, and the last piece, which takes what is left over (up to one
    less than twice as long), still fits on one. At most :data:`LONG_RUN` (a
    column wider than twice that, which only a table as wide in its source
    has, gets several pieces a line).
    """
    return max(1, min((width + 1) // 2, LONG_RUN))


def in_pieces(text: str, width: int) -> str:
    """Return *text* with each run longer than :data:`LONG_RUN` cut into spaced pieces."""
    size = piece_size(width)

    def cut(match: re.Match[str]) -> str:
        run = match.group()
        last = len(run) - len(run) % size - size  # the last piece takes the rest
        pieces = [run[start : start + size] for start in range(0, last, size)]
        return " ".join([*pieces, run[last:]])

    return LONG_RUN_RE.sub(cut, text)


def joined_text(items: list[tuple[int, Any]], width: int) -> list[tuple[int, Any]]:
    r"""Return the state's *items* with each stretch of text joined, long runs cut.

    The writer joins a stretch of text items before it wraps them, so a run
    that several nodes write (``*a*\ *b*\ ...``) is cut as a whole.
    """
    out: list[tuple[int, Any]] = []
    stretch: list[str] = []
    for indent, item in [*items, (0, None)]:
        if indent == TEXT:
            stretch.append(item)
            continue
        if stretch:
            out.append((TEXT, in_pieces("".join(stretch), width)))
            stretch = []
        out.append((indent, item))
    return out[:-1]


class LinearWrap(TextTranslator):
    """What Sphinx's text translator does, its wrapper given very long words in pieces.

    A mixin of the site's text translator (``text_translator``).
    """

    def end_state(
        self, wrap: bool = True, end: Sequence[str] | None = ("",), first: str | None = None
    ) -> None:
        """End the state as Sphinx does, its text's long runs cut when it is to be wrapped.

        To the width Sphinx's ``end_state`` wraps it to: ``MAXWIDTH`` less every indent.
        A state indented to the writer's width or past it (a list item's number,
        a citation's label or block quotes that long, 70 columns) is written as
        its lines: Sphinx wrapped it to no width, and ``TextWrapper`` stopped
        the build (``invalid width -3``).
        """
        if wrap:
            width = MAXWIDTH - sum(self.stateindent)
            if width < 1:
                wrap = False
            else:
                self.states[-1][:] = joined_text(self.states[-1], width)
        super().end_state(wrap, end, first)

    def depart_entry(self, node: nodes.Element) -> None:
        """End the table cell as Sphinx does; the table wraps its text, cut, to the column.

        To the width ``Table.rewrap`` gives the cell: its columns' widths as written.
        """
        cell = self.entry
        super().depart_entry(node)
        cell.text = in_pieces(cell.text, self.table.cell_width(cell, self.table.colwidth))
