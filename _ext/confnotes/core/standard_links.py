"""Links to labels, glossary terms and pages: what a page shows of other pages through them.

Sphinx resolves ``:ref:``, ``:numref:``, ``:term:``, ``:doc:`` and ``:any:``
(and MyST its Markdown links to pages and labels) when it writes a page, from the
targets then known, and writes again only the pages it read: a page that
links a talk's label (``conf-talk-circus``), a tool's glossary term or
another page kept the old title when that title changed,
and its link (and no warning) when the target went, until a build with
``-E``. So each page notes the targets it links as dependency keys
(:class:`StandardTarget`), and the targets it defines with what such a link
shows of them (a label's place and section title, a term's ids, the page's
title): when that changes, :mod:`confnotes.core.dependencies` writes the
pages that link it again, as it does for the views.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util import docname_join

from confnotes.core import keys
from confnotes.core.records import ToolRecord
from confnotes.core.stdtargets import terms_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain

#: the standard domain's link roles, by the kind of target they show
KIND_OF_ROLE = {"ref": "ref", "numref": "ref", "term": "term", "doc": "doc"}


def standard_uses(document: nodes.document, docname: str) -> Iterator[keys.StandardTarget]:
    """Yield the key of each label, term and page *document* links with a standard role."""
    for xref in document.findall(addnodes.pending_xref):
        target = str(xref.get("reftarget", ""))
        if xref.get("reftype") == "any":  # a label, a term or a page, among other objects
            yield keys.StandardTarget("ref", target.lower())
            yield keys.StandardTarget("term", target.lower())
            yield keys.StandardTarget("doc", docname_join(docname, target))
            continue
        if xref.get("reftype") == "myst":
            # MyST's links: a page (its docname, resolved), else a label by its name
            is_page = xref.get("refdomain") == "doc"
            yield keys.StandardTarget(*(("doc", target) if is_page else ("ref", target.lower())))
            continue
        kind = KIND_OF_ROLE.get(xref.get("reftype", ""))
        if xref.get("refdomain") == "std" and kind is not None:
            # a page by its docname; a term in any case, as Sphinx finds it
            named = {"doc": docname_join(docname, target), "term": target.lower()}
            yield keys.StandardTarget(kind, named.get(kind, target))


def note_standard_uses(app: Sphinx, document: nodes.document) -> None:
    """``doctree-read``: add the page's standard links to what it uses.

    At ``doctree-read``: MyST makes its ``[text](#label)`` links cross-references
    only after the domains have processed the page.
    """
    domain: ConferenceDomain = app.env.domains["conf"]  # type: ignore[assignment]
    docname = app.env.docname
    uses = dict.fromkeys(domain.data["uses"].get(docname, ()))
    uses.update(dict.fromkeys(standard_uses(document, docname)))
    domain.data["uses"][docname] = list(uses)


def standard_provided(
    env: BuildEnvironment, document: nodes.document, docname: str
) -> dict[keys.StandardTarget, str]:
    """Return the labels and terms *document* defines, and its title, with what links show.

    Called while the page is read, once the standard domain has noted its
    labels; the title is the first section's, as Sphinx takes it.
    """
    std: StandardDomain = env.domains.standard_domain
    found: dict[keys.StandardTarget, str] = {}
    for name, explicit in document.nametypes.items():
        label = std.labels.get(name) or std.anonlabels.get(name)
        if explicit and label is not None and label[0] == docname:
            found[keys.StandardTarget("ref", name)] = repr(label[1:])
    for term in document.findall(nodes.term):
        found[keys.StandardTarget("term", term.astext().lower())] = repr(term["ids"])
    section = document.next_node(nodes.section)
    title = section[0].astext() if section is not None and section.children else ""
    found[keys.StandardTarget("doc", docname)] = title
    return found


def standard_targets_provided(
    domain: ConferenceDomain, docname: str
) -> Iterator[tuple[keys.Key, object]]:
    """Provide what *docname* defines for links of the standard roles.

    What was noted when it was read, and the labels and terms its talks,
    speakers and tools get once reading is over (:mod:`confnotes.core.stdtargets`).
    """
    yield from domain.data["standard"].get(docname, {}).items()
    for talk in domain.talks_on(docname):
        yield keys.StandardTarget("ref", talk.anchor), talk.title
    for objtype in ("speaker", "tool"):
        for record in domain.declared_on(docname, objtype):
            yield keys.StandardTarget("ref", record.anchor), getattr(record, "name", "")
            for term in terms_of(record) if isinstance(record, ToolRecord) else ():
                yield keys.StandardTarget("term", term.lower()), record.anchor


def setup_standard_links(app: Sphinx) -> None:
    """Note each page's standard links when it is read (called from the core's ``setup()``)."""
    app.connect("doctree-read", note_standard_uses)
