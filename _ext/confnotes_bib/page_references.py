"""A page that cites works lists them: a citing page with no bibliography warns.

The site's citation rule (CONTRIBUTING.md): a page that cites anything ends
with its own "References" list, a ``bibliography`` directive filtered to the
page. A contributor who cited a work by hand and forgot the list learnt it
only from a test failing in ``make check``; the build now says so when it
reads the page, at its first citation (``confnotes.no_references``; an
included file's citation counts, and is located in that file).

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


def first_citation(doctree: nodes.document) -> addnodes.pending_xref | None:
    """Return the page's first ``:cite:`` reference, or None when it cites nothing."""
    cites = (n for n in doctree.findall(addnodes.pending_xref) if n.get("refdomain") == "cite")
    return next(cites, None)


def check_page_references(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: warn when the page cites works and holds no bibliography."""
    if not app.config.confnotes_bib_page_references:
        return
    citation = first_citation(doctree)
    if citation is None or next(doctree.findall(bibliography), None) is not None:
        return
    warn(
        "this page cites %s but holds no 'bibliography' directive listing what it cites:"
        " end it with the References section the project's pages end with",
        citation.get("reftarget", "a work"),
        subtype="no_references",
        location=citation,
    )


def setup_page_references(app: Sphinx) -> None:
    """Register the setting and the check (called from the package's ``setup()``)."""
    app.add_config_value("confnotes_bib_page_references", False, "env", types=[bool])
    app.connect("doctree-read", check_page_references)
