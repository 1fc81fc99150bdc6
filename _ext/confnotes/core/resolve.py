"""Replace the view placeholders, late, for every builder.

Runs before reference resolution (priority 10). The views emit
``pending_xref`` nodes, and links to known targets are resolved right here
(:func:`confnotes.core.links.resolve_links`: the domain's own
``resolve_xref`` for the current builder, without the cost of Sphinx's
``ReferencesResolver`` at 2,000 talks). Unknown targets stay pending, so
Sphinx reports them with their location. Reads each placeholder's own
docname, never ``env.docname``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.transforms.post_transforms import SphinxPostTransform

from confnotes.core.links import resolve_links
from confnotes.core.nodes import ConfPlaceholder
from confnotes.core.views import view_of

if TYPE_CHECKING:
    from confnotes.core.domain import ConferenceDomain


class ResolveViews(SphinxPostTransform):
    """Fill talk headers, speaker grids, tool glossaries, lightning indexes, talk tools."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Replace each placeholder with standard nodes."""
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        for node in list(self.document.findall(ConfPlaceholder)):
            new = view_of(node, self.config).build(self.env, domain, node)
            for child in new:
                child.source, child.line = node.source, node.line
                resolve_links(self.env, domain, child)
            node.replace_self(new)
