"""Citations as text: which ones a sentence reads, and what they say.

A talk's description (:mod:`confnotes.core.intros`) keeps a citation that
is a part of its sentence ("as Rhodes (2013) says", ``:cite:t:``) and
leaves out one that stands aside ("(Rhodes, 2013)", ``:cite:p:``).
sphinxcontrib-bibtex formats the text, as on the page. One place, too, for
which works a citation can reach: the export's cited works
(:mod:`confnotes.site.export`) read the same list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

if TYPE_CHECKING:
    from sphinx.builders import Builder

#: sphinxcontrib-bibtex's roles that cite aside, in brackets or alone: "(Rhodes,
#: 2013)", "Rhodes, 2013", "(Rhodes)", "[1]". Every other role (``t``, ``ct``,
#: ``author``, ``year``, ``yearpar`` after a name...) is read with the sentence.
ASIDE_ROLES = frozenset({"p", "ps", "alp", "alps", "authorpar", "authorpars", "labelpar"})
#: nodes a citation may hold that are not words of the sentence (the super style's number)
MARKS = (nodes.superscript, nodes.footnote_reference)


def reaches(cite_domain: Any) -> Iterator[Any]:
    """Yield the citations a ``cite`` reference can resolve to: those of citation lists.

    A key listed only in a bullet or numbered bibliography has nowhere to
    link, and sphinxcontrib-bibtex warns at a reference to it.
    """
    for citation in getattr(cite_domain, "citations", ()):
        bibliography = cite_domain.bibliographies.get(citation.bibliography_key)
        if bibliography is not None and bibliography.list_ == "citation":
            yield citation


def citation_text(builder: Builder, docname: str, role: str, target: str) -> str:
    """Return the citation *role* ``target`` as *docname* shows it, as text, or "".

    sphinxcontrib-bibtex formats it (its domain's ``resolve_xref``, as when
    the page was written). A key no citation list holds gives "": the page
    warned about it already, and resolving it again would warn again. Marks
    that are not words (a superscript number, a footnote's) are left out.
    """
    cite_domain = builder.env.domains["cite"]
    known = {citation.key for citation in reaches(cite_domain)}
    if not {cited.key for cited in parse_citation_targets(target)} <= known:
        return ""
    node = addnodes.pending_xref(
        "", refdomain="cite", reftype=role, reftarget=target, refdoc=docname
    )
    resolved = cite_domain.resolve_xref(
        builder.env, docname, builder, role, target, node, nodes.inline()
    )
    if resolved is None:
        return ""
    for mark in list(resolved.findall(lambda n: isinstance(n, MARKS))):
        mark.parent.remove(mark)
    return str(resolved.astext())
