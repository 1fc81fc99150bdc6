"""A table inside a table cell is shown as a list of its rows, with a warning.

Sphinx's text writer raises ``NotImplementedError`` on a table inside a
table, and its man writer an ``AttributeError``: one cell of a ``list-table``
or grid table holding another table (reST, or MyST through ``{eval-rst}``)
stopped both builds. So, while the page is read, each table inside another
table becomes a bulleted list with one item per row (header rows first),
holding the row's cells in order, its title first; every builder shows the
same content, and the page warns ``confnotes.nested_table`` at the inner
table (its line, or its first cell's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import node_location
from confnotes.core.nodes import ancestors
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def rows_as_list(table: nodes.table) -> nodes.Element:
    """Return *table*'s rows as a bulleted list, its own title (if any) before it."""
    rows = nodes.bullet_list()
    for row in table.findall(nodes.row):
        item = nodes.list_item()
        for entry in row.children:
            item.extend(entry.children)
        rows += item
    title = table.children[0] if table.children else None
    if not isinstance(title, nodes.title):
        return rows
    return nodes.container("", nodes.paragraph("", "", *title.deepcopy().children), rows)


class FlattenNestedTables(SphinxTransform):
    """Show each table that sits in another table's cell as a list of its rows."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Replace the innermost nested tables first, so an outer one keeps its own shape."""
        nested = [
            table
            for table in self.document.findall(nodes.table)
            if any(isinstance(above, nodes.entry) for above in ancestors(table))
        ]
        for table in reversed(nested):
            warn(
                "a table in a table cell is shown as a list of its rows: the text and man"
                " builders cannot write a table inside a table; put it after the table",
                subtype="nested_table",
                location=node_location(self.env, table),
            )
            table.replace_self(rows_as_list(table))


def setup_nested_tables(app: Sphinx) -> None:
    """Register the transform (called from the package's ``setup()``)."""
    app.add_transform(FlattenNestedTables)
