"""Keep citing pages and bibliography pages fresh on incremental builds.

sphinxcontrib-bibtex notes the ``.bib`` files as dependencies of pages holding
a ``bibliography`` directive only; a page that merely cites a work keeps its
old "(Author, year)" text after the ``.bib`` file changes.  And a citation-
style bibliography shows data from other pages (our "Cited in" links, and the
citation order for ``unsrt``), so it goes stale when those pages change, like
the todo extension's todolist (Sphinx issue 9706).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from sphinx import addnodes

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain


def note_bibfile_dependency(app: Sphinx, doctree: nodes.document) -> None:
    """Make a page that cites a work depend on the configured ``.bib`` files."""
    cites = (
        node for node in doctree.findall(addnodes.pending_xref) if node.get("refdomain") == "cite"
    )
    if next(cites, None) is None:
        return
    domain = cast("BibtexDomain", app.env.get_domain("cite"))
    for bibfile in domain.bibdata.bibfiles:
        app.env.note_dependency(str(bibfile))


def outdated_bibliographies(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Re-read pages holding a citation-style bibliography when any page changes."""
    if not (added or changed or removed):
        return []
    domain = cast("BibtexDomain", env.get_domain("cite"))
    return sorted(
        {
            key.docname
            for key, value in domain.bibliographies.items()
            if value.list_ == "citation" and key.docname not in removed
        }
        - added
        - changed
    )
