"""Take a written doctree apart, so that reference counting frees it at once.

Why: once a page is written its doctree is garbage, but garbage held in
reference cycles. The nodes that resolving took out of the tree (each
``pending_xref`` replaced by its link, each toctree by its list) still point
at their old parents and at the document, so the whole tree stays until a
full collection, and a build makes none below about 6,000 talks
(:mod:`confnotes.core.gc_freeze`). Measured at 2,000 talks (a serial build's
resident memory): 283 MiB when reading ends, then 577 MiB at the end of
writing with every written doctree kept; 357 MiB when each is taken apart
once written (442 MiB with full collections). Emptying each node's
children and the document's tables leaves the nodes nothing to keep alive
but themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes

#: the document's tables of nodes (``docutils.nodes.document.__init__``)
NODE_TABLES = (
    "ids",
    "nameids",
    "nametypes",
    "refnames",
    "refids",
    "indirect_targets",
    "substitution_defs",
    "substitution_names",
    "footnotes",
    "citations",
    "autofootnotes",
    "autofootnote_refs",
    "symbol_footnotes",
    "symbol_footnote_refs",
    "footnote_refs",
    "citation_refs",
    "transform_messages",
    "parse_messages",
)


def dismantle(doctree: nodes.document) -> None:
    """Unlink every node of *doctree* from its parent, its children and its document."""
    for node in list(doctree.findall()):
        node.parent = None
        node.document = None
        if hasattr(node, "children"):
            node.children = []
    for table in NODE_TABLES:
        value = doctree.__dict__.get(table)
        if value is not None:
            doctree.__dict__[table] = type(value)()
    doctree.transformer = None
    doctree.reporter = None
