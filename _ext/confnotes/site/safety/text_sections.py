"""The text builder underlines a section at any depth.

Sphinx's text writer underlines each level of section with the next of
``text_sectionchars`` (seven: ``*=-~"+```), and a page with an eighth
level (reStructuredText has some thirty underline styles to nest with; an
``{eval-rst}`` block or an included reST file brings them to MyST) raised
``IndexError`` and stopped the text build. Deeper levels take the last
character, as the deepest configured level does: the text is all written,
and the other builders were never limited.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.text import TextTranslator

#: underlines past the configured ones, when ``text_sectionchars`` is empty
FALLBACK_CHAR = "^"


def section_chars(configured: str, depth: int) -> str:
    """Return *configured* lengthened to underline *depth* levels with its last character."""
    last = configured[-1:] or FALLBACK_CHAR
    return configured + last * (depth - len(configured))


class DeepSections(TextTranslator):
    """What Sphinx's text translator does, with an underline for every level of section.

    A mixin of the site's text translator (``text_translator``).
    """

    def visit_section(self, node: nodes.Element) -> None:
        """Visit the section as Sphinx does, with its level's character there to take."""
        self.sectionchars = section_chars(self.sectionchars, self.sectionlevel + 1)
        super().visit_section(node)
