r"""TeX written in prose is checked as math is: MathJax typesets it too.

MathJax typesets any text of a page between ``\(`` and ``\)``, ``\[`` and
``\]``, ``$$`` and ``$$``, or ``\begin{...}`` and ``\end{...}``, not only
the math Sphinx writes, on every page that loads it (any page with math;
the single page, if any page has some). So ``\(\href{javascript:...}{x}\)``
in a plain paragraph, or ``\cssId`` and ``\style``, reached readers as a
link or markup of their own, where :mod:`math_links` refuses them in math.

In each block of text (a paragraph, a title, a term: its text as MathJax
reads it, across inline markup, without code), each formula, from an
opening to its closing, is checked as math is. When one holds what math may
not, the block warns ``confnotes.unsafe_math`` at its line, and each piece of
its text that holds an opening or a link command is shown as code, which
MathJax never reads (and which ends the text it searches): its links,
targets and other markup stay as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import written_at
from confnotes.core.nodes import ancestors
from confnotes.core.validation import TEX_LINK_RE, warn
from confnotes.core.validation import TEX_OPENING_RE as MATH_OPENING_RE
from confnotes.site.safety.math_links import refused_command, unlink, without_comments

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: what ends the formula each opening starts
CLOSING = {"\\(": "\\)", "\\[": "\\]", "$$": "$$"}
#: text MathJax never reads: code, math (checked by ``math_links``), raw output
NOT_READ = (nodes.literal, nodes.FixedTextElement, nodes.math, nodes.raw, nodes.comment)


def read_text_nodes(block: nodes.Element) -> list[nodes.Text]:
    """Return the text nodes of *block* MathJax reads: all but those in code or math."""
    return [
        text
        for text in block.findall(nodes.Text)
        if not any(isinstance(above, NOT_READ) for above in ancestors(text))
    ]


def formulas(text: str) -> list[str]:
    """Return what MathJax would typeset in *text*: each opening's content up to its closing."""
    found = []
    position = 0
    while match := MATH_OPENING_RE.search(text, position):
        closing = CLOSING.get(match[0]) or f"\\end{{{match[1]}}}"
        end = text.find(closing, match.end())
        if end < 0:
            position = match.end()
            continue
        found.append(text[match.end() : end])
        position = end + len(closing)
    return found


def unsafe_part(text: str) -> str:
    """Return what makes a formula of *text* unsafe to typeset ("" when none does)."""
    for formula in formulas(text):
        read = without_comments(formula)
        _latex, removed = unlink(read)
        if removed:
            return f"a link to {removed[0]!r}"
        if command := refused_command(read):
            return command
    return ""


class ShowUnsafeProseMath(SphinxTransform):
    """Show as code the text that starts a formula MathJax would make a link or markup of."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Check each outermost block of text."""
        for block in list(self.document.findall(nodes.TextElement)):
            if isinstance(block.parent, nodes.TextElement) or isinstance(block, NOT_READ):
                continue
            texts = read_text_nodes(block)
            whole = "".join(map(str, texts))
            if ("\\" not in whole and "$$" not in whole) or not (found := unsafe_part(whole)):
                continue
            warn(
                "TeX in the text uses %s, which MathJax would typeset on any page with"
                " math: the text that starts it is shown as code; write math with the math"
                " role or directive",
                found,
                subtype="unsafe_math",
                location=written_at(self.env, block),
            )
            # MathJax reads no code, and a formula starts at no text of it; the
            # text holding a link command goes too (the formula may span nodes)
            for text in texts:
                if MATH_OPENING_RE.search(str(text)) or TEX_LINK_RE.search(str(text)):
                    text.parent.replace(text, nodes.literal(str(text), str(text)))


def setup_prose_math(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(ShowUnsafeProseMath)
