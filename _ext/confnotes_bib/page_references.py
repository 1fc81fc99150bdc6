"""A page that cites works lists them: a citing page with no bibliography warns.

The site's citation rule (CONTRIBUTING.md): a page that cites anything ends
with its own "References" list, a ``bibliography`` directive filtered to the
page. A contributor who cited a work by hand and forgot the list learnt it
only from a test failing in ``make check``; the build now says so when it
reads the page, at its first citation (``confnotes.no_references``; an
included file's citation counts, and is located in that file).

A list inside ``.. only::`` serves only the citations inside the same
``only`` (an ``.. only:: html`` list leaves a LaTeX build's citations
elsewhere on the page unlisted), so it counts for those alone.

Off unless ``confnotes_bib_page_references`` is true: many projects keep one
bibliography for all their pages, and sphinxcontrib-bibtex's own rule (every
key is in some bibliography) already holds for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from confnotes.core.validation import warn
from sphinx import addnodes
from sphinxcontrib.bibtex.nodes import bibliography

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def only_ancestors(node: nodes.Node) -> list[addnodes.only]:
    """Return the ``.. only::`` blocks *node* is in, innermost first."""
    found = []
    while node.parent is not None:
        node = node.parent
        if isinstance(node, addnodes.only):
            found.append(node)
    return found


def unlisted_citation(doctree: nodes.document) -> addnodes.pending_xref | None:
    """Return the first citation that no bibliography of the page lists in every build.

    A bibliography lists a citation in every build where the citation shows
    when the citation is inside an ``only`` of each expression the list is
    inside (the same block, or another of the same expression).
    """
    lists = [only_ancestors(node) for node in doctree.findall(bibliography)]
    citations: list[addnodes.pending_xref] = [
        node for node in doctree.findall(addnodes.pending_xref) if node.get("refdomain") == "cite"
    ]
    for citation in citations:
        around = {block["expr"] for block in only_ancestors(citation)}
        if not any({block["expr"] for block in blocks} <= around for blocks in lists):
            return citation
    return None


def check_page_references(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: warn when the page cites works that no bibliography of it lists."""
    if not app.config.confnotes_bib_page_references:
        return
    citation = unlisted_citation(doctree)
    if citation is None:
        return
    warn(
        "this page cites %s but holds no 'bibliography' directive listing it in every build"
        " (one inside '.. only::' lists the citations of that block only):"
        " end the page with the References section the project's pages end with",
        citation.get("reftarget", "a work"),
        subtype="no_references",
        location=citation,
    )


def setup_page_references(app: Sphinx) -> None:
    """Register the setting and the check (called from the package's ``setup()``)."""
    app.add_config_value("confnotes_bib_page_references", False, "env", types=[bool])
    app.connect("doctree-read", check_page_references)
