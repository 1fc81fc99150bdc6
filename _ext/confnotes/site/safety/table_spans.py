"""A table cell that spans rows or columns warns in man pages, located and typed.

The man writer cannot span cells: docutils' manpage writer warns
``"table cell spanning" not supported`` at the cell, a node without a line,
so the warning named the page and no line, with the type ``docutils`` that
suppresses every docutils message at once. For the ``man`` builder each
table with spanning cells warns once, ``confnotes.table_span``, at the
table's first cell (``core.locations.node_location``), and its cells lose the spans the
writer ignores anyway: the page reads the same, the other builders span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from confnotes.core.locations import node_location
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: what a cell notes about the rows and columns it spans
SPANS = ("morerows", "morecols")


class UnspanManTables(SphinxPostTransform):
    """Warn once per table whose cells span, and take the spans out, for the man writer."""

    default_priority = 900
    builders = ("man",)

    def run(self, **kwargs: Any) -> None:
        """Take out each spanning cell's spans, warning at its table."""
        for table in self.document.findall(nodes.table):
            spanning = [
                entry
                for entry in table.findall(nodes.entry)
                if any(span in entry for span in SPANS)
            ]
            if not spanning:
                continue
            warn(
                "man pages cannot span table cells: the table is shown with each spanning"
                " cell in one row and column",
                subtype="table_span",
                location=node_location(self.env, table),
            )
            for entry in spanning:
                for span in SPANS:
                    entry.attributes.pop(span, None)


def setup_table_spans(app: Sphinx) -> None:
    """Register the post-transform (called from the package's ``setup()``)."""
    app.add_post_transform(UnspanManTables)
