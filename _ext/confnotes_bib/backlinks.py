"""Link each entry of a citation-style bibliography back to the pages citing it.

sphinxcontrib-bibtex 2.7 fills a citation node's ``backrefs`` only with
citations from the bibliography's own page (``transforms.py``: "backrefs only
supported in same document"); footcite has no cross-page list either.  A site
whose Bibliography page collects the works cited on the talk pages needs the
other direction, so this post-transform appends "Cited in: <page>, <page>" to
the entry's paragraph, one link per citing page, to that page's first citation
(to the page itself in builders other than HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from confnotes.core.nodes import title_of
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode
from sphinxcontrib.bibtex.domain import get_docnames

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinxcontrib.bibtex.domain import BibtexDomain, Citation
    from sphinxcontrib.bibtex.roles import CitationRef

#: ``reftype`` of the back links' ``pending_xref`` nodes (no domain: resolved
#: by :func:`resolve_cited_in` on ``missing-reference``).
XREF_TYPE = "confnotes-bib-cited-in"

#: Pages in reading order (toctree order, then the rest sorted), as bibtex uses.
site_order: Callable[[BuildEnvironment], Iterable[str]] = get_docnames


class CitedInTransform(SphinxPostTransform):
    """Append cross-page back links to citation entries.

    Runs after sphinxcontrib-bibtex's ``BibliographyTransform`` (priority 5),
    which turns the bibliography placeholder into citation nodes carrying
    their ``docname``, and before reference resolution (priority 10).  It reads
    each entry's own ``docname`` (in the LaTeX builder all pages share one
    doctree), and emits ``pending_xref`` nodes, so every builder resolves the
    links itself in ``ReferencesResolver``.
    """

    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        """Add a "Cited in" line to every entry cited from another page.

        Most pages hold no citation entry: they are left before anything is
        indexed (indexing every citation per page made a full build grow
        faster than the site).
        """
        entries = [node for node in self.document.findall(nodes.citation) if node.get("docname")]
        if not entries:
            return
        domain = cast("BibtexDomain", self.env.get_domain("cite"))
        by_id: dict[tuple[str, str], Citation] = {
            (cit.bibliography_key.docname, cit.citation_id): cit
            for cit in domain.citations
            if domain.bibliographies[cit.bibliography_key].list_ == "citation"
        }
        if not by_id:
            return
        order = {docname: index for index, docname in enumerate(site_order(self.env))}
        refs_of: dict[str, list[CitationRef]] = {}
        for ref in domain.citation_refs:
            for key in dict.fromkeys(target.key for target in ref.targets):
                refs_of.setdefault(key, []).append(ref)
        for node in entries:
            if not node["ids"]:
                continue
            citation = by_id.get((node["docname"], node["ids"][0]))
            if citation is None:
                continue
            places = self._citing_places(refs_of.get(citation.key, []), node["docname"], order)
            paragraphs = [child for child in node.children if isinstance(child, nodes.paragraph)]
            if places and paragraphs:
                paragraphs[-1] += self._cited_in(node["docname"], places)

    @staticmethod
    def _citing_places(
        refs: list[CitationRef], own_docname: str, order: dict[str, int]
    ) -> list[tuple[str, str]]:
        """Return ``(docname, citation id)`` of the first of *refs* on each other page."""
        first: dict[str, str] = {}
        for ref in refs:
            if ref.docname != own_docname and ref.docname not in first:
                first[ref.docname] = ref.citation_ref_id
        return sorted(first.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))

    def _cited_in(self, fromdocname: str, places: list[tuple[str, str]]) -> nodes.inline:
        """Build ``Cited in: <title>, <title>.`` with one cross-reference per page."""
        line = nodes.inline("", "", classes=["confnotes-cited-in"])
        line += nodes.Text(" " + self.config.confnotes_bib_cited_in_label + " ")
        for index, (docname, ref_id) in enumerate(places):
            if index:
                line += nodes.Text(", ")
            text = title_of(self.env, docname)
            line += addnodes.pending_xref(
                "",
                nodes.inline("", text),
                refdomain="",
                reftype=XREF_TYPE,
                reftarget=docname,
                refdoc=fromdocname,
                refexplicit=True,
                confnotes_bib_id=ref_id,
            )
        line += nodes.Text(".")
        return line


def resolve_cited_in(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.reference | None:
    """Resolve our back links (``missing-reference``) with the builder's own URIs.

    Only HTML writers emit an anchor for the id of an inline node; the LaTeX
    writer labels sections and pages, so other builders link the page.
    """
    if node.get("reftype") != XREF_TYPE or node["reftarget"] not in env.all_docs:
        return None
    docname = node["reftarget"]
    anchor = node["confnotes_bib_id"] if app.builder.format == "html" else ""
    return make_refnode(app.builder, node["refdoc"], docname, anchor, contnode, contnode.astext())
