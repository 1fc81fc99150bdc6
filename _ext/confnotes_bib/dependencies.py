"""Keep citing pages and bibliography pages fresh on incremental builds.

sphinxcontrib-bibtex notes the ``.bib`` files as dependencies of pages holding
a ``bibliography`` directive only; a page that merely cites a work keeps its
old "(Author, year)" text after the ``.bib`` file changes.  And a citation-
style bibliography shows data from other pages (our "Cited in" links, and the
citation order for ``unsrt``), so it goes stale when the citations or titles
of those pages change, like the todo extension's todolist (Sphinx issue 9706).
As everything a bibliography shows of other pages is added in post-transforms,
such a page is written again, not read again, and only when that data changed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, cast

from confnotes.core.nodes import title_of
from confnotes.core.rewrites import note_changed
from sphinx import addnodes

from confnotes_bib.backlinks import site_order

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain

#: Key of the cite domain's data holding :func:`cited_state` from before a read.
STASH = "confnotes_bib_cited_before"


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


def cited_state(env: BuildEnvironment) -> list[tuple[str, str, list[tuple[str, list[str]]]]]:
    """Return what citation-style bibliographies show of other pages, in site order.

    Each citing page's title and its citations (id and keys) in page order:
    the "Cited in" links, the cited entries and their order. Line numbers,
    which no bibliography shows, are left out.
    """
    domain = cast("BibtexDomain", env.get_domain("cite"))
    refs: defaultdict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for ref in domain.citation_refs:
        refs[ref.docname].append((ref.citation_ref_id, [t.key for t in ref.targets]))
    state = []
    for docname in site_order(env):
        if docname in refs:
            state.append((docname, title_of(env, docname), refs[docname]))
    return state


def stash_citations(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """``env-get-outdated``: remember what the bibliographies showed before the read.

    Runs before ``clear_doc``, while the old citations are still there.
    Keeps an older stash (from an interrupted build) over a newer one.
    """
    data = env.get_domain("cite").data
    if (added or changed or removed) and STASH not in data:
        data[STASH] = cited_state(env)
    return []


def bibliographies_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: citation-style bibliographies whose data changed.

    They are written again, not read again: sphinxcontrib-bibtex picks the
    entries and we add the "Cited in" links in post-transforms.
    """
    domain = cast("BibtexDomain", env.get_domain("cite"))
    before = domain.data.pop(STASH, None)
    if before is None or before == cited_state(env):
        return []
    # noted as changed, so every builder on this environment writes them again (the stale
    # pages of an earlier change are the views' hook's to find: confnotes.core.dependencies)
    return note_changed(
        env,
        {key.docname for key, value in domain.bibliographies.items() if value.list_ == "citation"},
    )
