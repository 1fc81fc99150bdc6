"""Nodes in shapes every writer can write: list items in lists, acronyms, signatures.

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

* a description left with content and no signature: the C and C++
  domains' ``alias`` with ``:noroot:`` makes one when the page is written.
  Sphinx's LaTeX writer asserts a signature came first (``AssertionError``).
  Its content is kept, in place of the description.

Nothing is lost, so nothing warns; the page reads as its writer meant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

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


class SignedDescriptions(SphinxPostTransform):
    """Put a description's content in its place when no signature is left to it."""

    # after the C and C++ domains' alias transforms (9), before the page is written
    default_priority = 50

    def run(self, **kwargs: Any) -> None:
        """Unwrap each description that has no signature."""
        for desc in list(self.document.findall(addnodes.desc)):
            if not any(isinstance(child, addnodes.desc_signature) for child in desc.children):
                content = [
                    grandchild
                    for child in desc.children
                    if isinstance(child, addnodes.desc_content)
                    for grandchild in child.children
                ]
                desc.replace_self(content)


def setup_node_shapes(app: Sphinx) -> None:
    """Register the transforms (called from the package's ``setup()``)."""
    app.add_transform(WritableShapes)
    app.add_post_transform(SignedDescriptions)
