"""Nodes in shapes every writer can write: a list item in a list, an acronym as an abbreviation.

Markup can make nodes that only some writers take, and the others stopped
the whole build (helper-73's fuzz):

* a list item outside any list: sphinx-design's ``step`` outside ``steps``
  (which sphinx-design warns about), or a MyST ``:caption: - a``, whose
  caption is read as Markdown, a list item in it. Sphinx's text writer and
  docutils' man writer raised ``IndexError`` (no list to number it in), and
  HTML got an ``<li>`` with no list around it. The item is put in a list of
  its own; in a caption or another line of text, where no list can go, its
  text is kept.
* docutils' ``:acronym:`` role: its node has no visitor in Sphinx's text,
  man and LaTeX writers (``NotImplementedError``), and HTML wrote the
  ``<acronym>`` element that HTML 5 dropped. It becomes an abbreviation,
  which every writer takes (``<abbr>`` in HTML), as ``:abbr:`` makes.

Nothing is lost, so nothing warns; the page reads as its writer meant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LISTS = (nodes.bullet_list, nodes.enumerated_list)


class WritableShapes(SphinxTransform):
    """Put each stray list item in a list, and each acronym in an abbreviation."""

    # after the parsers' and extensions' own transforms, before the page is kept
    default_priority = 880

    def apply(self, **kwargs: Any) -> None:
        """Mend the page's nodes in place."""
        for item in list(self.document.findall(nodes.list_item)):
            if isinstance(item.parent, LISTS):
                continue
            if isinstance(item.parent, nodes.TextElement):
                item.replace_self(nodes.Text(item.astext()))
            else:
                around = nodes.bullet_list("", bullet="*")
                item.replace_self(around)
                around += item
        for acronym in list(self.document.findall(nodes.acronym)):
            acronym.replace_self(
                nodes.abbreviation(acronym.rawsource, "", *acronym.children, **acronym.attributes)
            )


def setup_node_shapes(app: Sphinx) -> None:
    """Register the transform (called from the package's ``setup()``)."""
    app.add_transform(WritableShapes)
