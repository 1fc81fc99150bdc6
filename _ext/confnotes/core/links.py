"""Resolve a view's links to known targets in place, for the current builder.

Through the domain's own ``resolve_xref`` (``make_refnode`` with the current
builder: relative URIs in html/dirhtml, in-page anchors in singlehtml,
labels in latex), exactly what Sphinx's ``ReferencesResolver`` would do,
without its per-node copy and search of the whole document: the glossary and
the programme hold tens of thousands of links at 2,000 talks. Unknown
targets stay pending, so Sphinx reports them with their location.

Its own module, so the resolving post-transform (:mod:`confnotes.core.resolve`,
which reads the views) and a view that resolves late (the glossary's
"Mentioned in" lists) share it without importing each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx import addnodes

from confnotes.core.builder import current_builder

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


def resolve_links(env: BuildEnvironment, domain: ConferenceDomain, view: nodes.Node) -> None:
    """Resolve the view's ``conf`` references to known targets in place, for the current builder."""
    builder = current_builder(env)
    for ref in list(view.findall(addnodes.pending_xref)):
        if ref.get("refdomain") != "conf" or ref.parent is None:
            continue
        found = domain.resolve_xref(
            env, ref["refdoc"], builder, ref["reftype"], ref["reftarget"], ref, ref[0]
        )
        if found is not None:
            ref.replace_self(found)
