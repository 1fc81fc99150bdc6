r"""TeX written in prose is checked as math is: MathJax typesets it too.

MathJax typesets any text of a page between ``\(`` and ``\)``, ``\[`` and
``\]``, ``$$`` and ``$$``, or ``\begin{...}`` and ``\end{...}``, not only
the math Sphinx writes, on every page that loads it (any page with math;
the single page, if any page has some). So ``\(\href{javascript:...}{x}\)``
in a plain paragraph, or ``\cssId`` and ``\style``, reached readers as a
link or markup of their own, where :mod:`math_links` refuses them in math.

Each block of text (a paragraph, a title, a term: its text as MathJax reads
it, across inline markup, without code) that holds such an opening and what
math may not hold is shown as its text in code, which MathJax never reads,
and warns ``confnotes.unsafe_math`` at its line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import written_at
from confnotes.core.validation import warn
from confnotes.site.safety.math_links import refused_command, unlink, without_comments

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: what MathJax starts a formula at in a page's text (its default delimiters)
MATH_OPENING_RE = re.compile(r"\\\(|\\\[|\$\$|\\begin\s*\{")
#: text MathJax never reads: code, math (checked by ``math_links``), raw output
NOT_READ = (nodes.literal, nodes.FixedTextElement, nodes.math, nodes.raw, nodes.comment)


def read_text(block: nodes.Element) -> str:
    """Return the text of *block* MathJax reads: every text node but those in code or math."""
    return "".join(
        str(text)
        for text in block.findall(nodes.Text)
        if not any(isinstance(above, NOT_READ) for above in ancestors_to(text, block))
    )


def ancestors_to(node: nodes.Node, top: nodes.Element) -> list[nodes.Node]:
    """Return the ancestors of *node* up to and including *top*."""
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        if parent is top:
            break
        parent = parent.parent
    return found


def unsafe_part(text: str) -> str:
    """Return what makes *text* unsafe for MathJax to typeset ("" when nothing does)."""
    if not MATH_OPENING_RE.search(text):
        return ""
    read = without_comments(text)
    _latex, removed = unlink(read)
    if removed:
        return f"a link to {removed[0]!r}"
    command = refused_command(read)
    return f"{command}" if command else ""


class ShowUnsafeProseMath(SphinxTransform):
    """Show as code a block of prose whose TeX MathJax would make a link or markup of."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Check each outermost block of text."""
        for block in list(self.document.findall(nodes.TextElement)):
            if isinstance(block.parent, nodes.TextElement) or isinstance(block, NOT_READ):
                continue
            text = read_text(block)
            if "\\" not in text and "$$" not in text:
                continue
            if found := unsafe_part(text):
                warn(
                    "TeX in the text uses %s, which MathJax would typeset on any page with"
                    " math: the text is shown as code; write math with the math role or"
                    " directive",
                    found,
                    subtype="unsafe_math",
                    location=written_at(self.env, block),
                )
                whole = block.astext()
                block[:] = [nodes.literal(whole, whole)]


def setup_prose_math(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(ShowUnsafeProseMath)
