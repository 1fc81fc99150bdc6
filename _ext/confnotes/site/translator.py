"""The site's HTML translator: three accessibility fixes to the standard HTML, and XHTML.

* Toctree captions: Sphinx writes ``<p class="caption" role="heading">``
  without ``aria-level``, which ARIA requires of a heading (axe:
  ``aria-required-attr``; sphinx-doc/sphinx#14030). The caption names a list
  of pages, like a heading one level below the page title: ``aria-level="2"``.
* Code blocks: a ``<pre>`` scrolls sideways when its lines are long; a
  keyboard user can only scroll a region that can take focus (axe:
  ``scrollable-region-focusable``), so every ``<pre>`` gets ``tabindex="0"``.
* Citation lists: docutils wraps citations in ``role="list"`` but gives each
  one ``role="doc-biblioentry"``, which is deprecated in DPUB-ARIA 1.1 and
  not a list item (axe: ``aria-required-children``); each citation is a
  ``listitem`` of the list instead.

* E-book pages are XHTML: an element that has no end (``<input>``, which
  sphinx-design's tab sets write with ``starttag``, and MyST's task lists
  as raw HTML) is closed in its tag (``<input … />``), or the page is no
  XML and a reader refuses it.

Applies to every HTML builder (html, dirhtml, singlehtml, epub), and to the
parts the theme renders with the builder (furo's sidebar toctree).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.writers.html5 import HTML5Translator

from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the level a toctree caption's heading announces
CAPTION_LEVEL = "2"
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "epub")

#: HTML's elements that have no end tag: XHTML closes them in the tag
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)

_PRE = re.compile(r"<pre(?=[\s>])(?![^>]*\btabindex=)")
#: a void element's tag not closed in itself (raw HTML: MyST's task-list checkbox)
#: (a quoted attribute may hold ``>``; ``<source-x>`` is another element)
_OPEN_VOID_TAG = re.compile(
    rf"<({'|'.join(sorted(VOID_ELEMENTS))})(?![\w-])((?:[^<>\"']|\"[^\"]*\"|'[^']*')*?)\s*(?<!/)>",
    re.I,
)


def closed_void_elements(html: str) -> str:
    """Return *html* with each void element closed in its tag (``<br>`` -> ``<br />``)."""
    return _OPEN_VOID_TAG.sub(r"<\1\2 />", html)


class ConfnotesHTMLTranslator(HTML5Translator):
    """:class:`~sphinx.writers.html5.HTML5Translator` with the fixes above."""

    @property
    def writes_xhtml(self) -> bool:
        """Whether the pages are XHTML (an e-book's), where every element must be closed."""
        return bool(self.builder.name == "epub")

    def starttag(self, node: nodes.Node, tagname: str, *args: Any, **attributes: Any) -> str:
        """Close an element that has no end in its tag, in an e-book (XHTML)."""
        if self.writes_xhtml and tagname.lower() in VOID_ELEMENTS and len(args) < 2:
            attributes["empty"] = True  # docutils' own ``emptytag``: ``<input … />``
        return str(super().starttag(node, tagname, *args, **attributes))

    def visit_raw(self, node: nodes.raw) -> None:
        """Write raw HTML as docutils does; in an e-book, with its void elements closed."""
        start = len(self.body)
        try:
            super().visit_raw(node)
        finally:
            if self.writes_xhtml:
                for index in range(start, len(self.body)):
                    self.body[index] = closed_void_elements(self.body[index])

    def visit_title(self, node: nodes.title) -> None:
        """Give a toctree caption's heading role its level.

        No public API sets a caption's attributes: this is Sphinx's own
        branch for toctree captions with ``aria-level`` added (pinned in
        ``tests/test_pinned_internals.py``: Sphinx's markup, but the level).
        """
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            self.body.append(
                self.starttag(
                    node, "p", "", CLASS="caption", ROLE="heading", **{"aria-level": CAPTION_LEVEL}
                )
            )
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
            self.add_secnumber(node)
            self.add_fignumber(node.parent)
            return
        super().visit_title(node)

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        """Render the block, then make its ``<pre>`` focusable (it may scroll)."""
        start = len(self.body)
        try:
            super().visit_literal_block(node)
        finally:
            self._focusable_pre(start)

    def visit_doctest_block(self, node: nodes.doctest_block) -> None:
        """Like a literal block."""
        start = len(self.body)
        try:
            super().visit_doctest_block(node)
        finally:
            self._focusable_pre(start)

    def _focusable_pre(self, start: int) -> None:
        for index in range(start, len(self.body)):
            self.body[index] = _PRE.sub('<pre tabindex="0"', self.body[index], count=1)

    def visit_citation(self, node: nodes.citation) -> None:
        """Open the citation list once, then each citation as a list item.

        Docutils' own markup (its ``citation-list`` wrapper is closed by its
        ``depart_citation``) with the item's role changed; pinned in
        ``tests/test_pinned_internals.py``.
        """
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def setup(app: Sphinx) -> dict[str, Any]:
    """Use the translator in every HTML builder (called from ``setup()``)."""
    for builder in HTML_BUILDERS:
        app.set_translator(builder, ConfnotesHTMLTranslator, override=True)
    return metadata()
