"""Replace the view placeholders, late, for every builder.

Runs before reference resolution (priority 10). The views emit
``pending_xref`` nodes, and links to known targets are resolved right here
through the domain's own ``resolve_xref`` (``make_refnode`` with the current
builder: relative URIs in html/dirhtml, in-page anchors in singlehtml,
labels in latex), exactly what Sphinx's ``ReferencesResolver`` would do,
without its per-node copy and search of the whole document: the glossary and
the programme hold tens of thousands of links at 2,000 talks. Unknown
targets stay pending, so Sphinx reports them with their location. Reads each
placeholder's own docname, never ``env.docname``.

"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from confnotes.core.builder import current_builder
from confnotes.core.nodes import ConfPlaceholder
from confnotes.core.views import view_of

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


class ResolveViews(SphinxPostTransform):
    """Fill talk headers, speaker grids, tool glossaries, lightning indexes, talk tools."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Replace each placeholder with standard nodes."""
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        for node in list(self.document.findall(ConfPlaceholder)):
            new = view_of(node).build(self.env, domain, node)
            for child in new:
                child.source, child.line = node.source, node.line
                resolve_links(self.env, domain, child)
            node.replace_self(new)


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
