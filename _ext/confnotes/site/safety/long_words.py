"""The text builder gets a very long word in pieces it can wrap in linear time.

Sphinx's text writer wraps each paragraph with a :class:`textwrap.TextWrapper`
whose word-splitting pattern backtracks over a run of word characters once
per character, and which re-measures the rest of a word too long for a line
once per line: both take time that grows with the square of the word's
length. A title of one 300,000-character word kept ``sphinx -b text`` busy
for about 18 minutes (a 40,000-character word, 21 seconds), and a title is
repeated by the programme, the navigation and the talk's header.

The text builder's translator cuts every run of non-space characters
longer than :data:`LONG_RUN` into pieces of :data:`PIECE` characters, a
space between them, as it adds text that the writer will wrap. It sees the
page as written, after the views are filled in and the toctrees resolved (a
toctree repeats a page's title in a list item). A piece fits on any line of
the writer (70 columns less the indentation, up to :data:`PIECE` columns of
it) and two pieces never do, so each piece gets a line of its own: the
space falls at a line's end, where the writer drops it, and the word's
characters are all written, in order. Titles, code and raw text are not
wrapped, and are written as they are. The other builders get the word as
written (the HTML theme wraps it), and so does the text writer for shorter
runs, so ordinary pages are written exactly as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.writers.text import TextTranslator

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: runs up to this many characters are wrapped by Sphinx as they are (its cost stays small)
LONG_RUN = 500
#: the length of each piece of a longer run: more than half the writer's 70 columns
PIECE = 35
#: a whole run (from its first character, so a shorter run is passed over in one step)
LONG_RUN_RE = re.compile(rf"(?<!\S)\S{{{LONG_RUN + 1},}}")
LEADING_RUN_RE = re.compile(r"\S*")
TRAILING_RUN_RE = re.compile(r"\S*\Z")


def pieces(run: str) -> str:
    """Return *run* cut into pieces of :data:`PIECE` characters, a space between them."""
    return " ".join(run[start : start + PIECE] for start in range(0, len(run), PIECE))


def in_pieces(text: str, run_before: int = 0) -> str:
    r"""Return *text* with its long runs in pieces; *text* follows *run_before* non-spaces.

    A run that a page writes across several nodes (``*a*\ *b*\ ...``) is
    cut where it grows past :data:`LONG_RUN`, at the start of the node that
    would make it too long, so no run the writer sees is longer than that.
    """
    leading = LEADING_RUN_RE.match(text)
    assert leading is not None
    if run_before and run_before + leading.end() > LONG_RUN:
        text = " " + text
    return LONG_RUN_RE.sub(lambda match: pieces(match.group()), text)


def is_written_as_is(node: nodes.Node | None) -> bool:
    """Whether the text writer adds *node*'s text without wrapping it: code, raw, titles.

    A section's (a topic's, a table's) title is written on a line of its
    own, whatever its length; an admonition's title starts its first
    paragraph and is wrapped with it.
    """
    current = node
    while current is not None:
        if isinstance(current, (nodes.FixedTextElement, nodes.raw, nodes.comment)):
            return True
        if isinstance(current, nodes.title) and not isinstance(current.parent, nodes.Admonition):
            return True
        current = current.parent
    return False


class LinearWrapTextTranslator(TextTranslator):
    """Sphinx's text translator, adding very long words in pieces.

    Sphinx's writer adds text from text nodes and, for some nodes (an
    admonition's title, a signature's parameter, ``acks``), from the node's
    whole text: :meth:`add_text` sees both, and the node being visited or
    departed tells whether that text will be wrapped.
    """

    visiting: nodes.Node | None = None

    def dispatch_visit(self, node: nodes.Node) -> None:
        """Note the node whose text is being added, then visit it."""
        self.visiting = node
        super().dispatch_visit(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        """Note the node whose text is being added, then depart it."""
        self.visiting = node
        super().dispatch_departure(node)

    def add_text(self, text: str) -> None:
        """Add *text*, its long runs cut unless the writer copies it as it is."""
        if not is_written_as_is(self.visiting):
            text = in_pieces(text, self.run_so_far())
        super().add_text(text)

    def run_so_far(self) -> int:
        """Return how many non-spaces the text being gathered ends with (up to a long run)."""
        length = 0
        for indent, item in reversed(self.states[-1][-LONG_RUN:]):
            if indent != -1 or not isinstance(item, str):
                break
            trailing = TRAILING_RUN_RE.search(item)
            assert trailing is not None
            length += len(trailing.group())
            if trailing.start() > 0 or length > LONG_RUN:
                break
        return length


def setup_long_words(app: Sphinx) -> None:
    """Register the translator (called from the package's ``setup()``)."""
    app.set_translator("text", LinearWrapTextTranslator, override=True)
