"""Exact lines for inline markup: a role's warning points to the role's own line.

The reST and MyST parsers give every role of a paragraph the paragraph's
first line, so Sphinx reports an unknown ``:tool:`` on line 3 of a
paragraph at its line 1 (and so does every check that locates a reference
node). Before anything reads those lines, :class:`InlineLines` counts the
line breaks between the start of each block (a paragraph, a list item's
text, a title) and each inline node in it, and sets the node's own line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from confnotes.core.markup import is_markdown

#: inline nodes that warnings locate: references (resolved or not), images, roles' output
LOCATED = (addnodes.pending_xref, nodes.reference, nodes.image, nodes.Inline)


class InlineLines(SphinxTransform):
    """Give each inline node of a block the line it starts on.

    Runs early (before substitutions are expanded), in both syntaxes: the
    text of a block keeps its line breaks (reST in its text, MyST as soft
    breaks), and an inline node made from markup keeps that markup as its
    ``rawsource``, so the breaks before a node say how far below the
    block's first line it is.
    """

    default_priority = 100

    def apply(self, **kwargs: Any) -> None:
        """Walk every block of the document once."""
        for block in self.document.findall(nodes.TextElement):
            if isinstance(block.parent, nodes.TextElement) or not block.line:
                continue  # an inline element (walked with its block), or nothing to count from
            first = int(block.line)
            if isinstance(block, nodes.title) and isinstance(block.parent, nodes.section):
                # a reST section title's line is its underline's: the text is above it
                if not is_markdown(self.config, block.source or ""):
                    first -= 1
            place_inline_nodes(block, first)


def place_inline_nodes(block: nodes.Element, first: int) -> int:
    """Set the line of each inline node under *block*, which starts at *first*; return its end."""
    line = first
    for child in block.children:
        if isinstance(child, nodes.Text):
            line += child.count("\n")
            continue
        if not isinstance(child, nodes.Element):
            continue
        if isinstance(child, LOCATED):
            child.line = line
            if child.source is None:
                child.source = block.source
        inner = place_inline_nodes(child, line)
        if isinstance(child, nodes.target) and not child.children:
            continue  # an embedded URI's target repeats its reference's markup
        # the markup's own breaks (``:tool:`A\n<a>``` shows "A" only) when its text lost them
        line = max(inner, line + str(child.rawsource or "").count("\n"))
    return line


def texts_with_lines(block: nodes.Element, first: int) -> Iterator[tuple[nodes.Text, int]]:
    """Each text node under *block* (which starts at line *first*) and the line it starts on."""
    line = first
    for child in block.children:
        if isinstance(child, nodes.Text):
            yield child, line
            line += child.count("\n")
        elif isinstance(child, nodes.target) and not child.children:
            continue  # an embedded URI's target repeats its reference's markup
        elif isinstance(child, nodes.Element):
            end = line
            for text, at in texts_with_lines(child, line):
                yield text, at
                end = at + text.count("\n")
            line = max(end, line + str(child.rawsource or "").count("\n"))
