"""Replace the view placeholders, late, for every builder.

Runs before reference resolution (priority 10), so the ``pending_xref``
nodes the views emit are resolved by Sphinx like any other reference:
relative URIs in html/dirhtml, in-page anchors in singlehtml, labels in
latex. Reads each placeholder's own docname, never ``env.docname``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sphinx.transforms.post_transforms import SphinxPostTransform

from confnotes.lightning import build_index
from confnotes.nodes import (
    ConfPlaceholder,
    lightning_index,
    programme,
    speaker_grid,
    talk_header,
    talk_tools,
    tool_glossary,
)
from confnotes.programme import build_programme
from confnotes.speakers import build_grid
from confnotes.talk_tools import build_talk_tools
from confnotes.talks import build_header
from confnotes.tools import build_glossary

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain

Builder = Callable[["BuildEnvironment", "ConferenceDomain", Any], "list[nodes.Node]"]

BUILDERS: dict[type[ConfPlaceholder], Builder] = {
    talk_header: build_header,
    speaker_grid: build_grid,
    tool_glossary: build_glossary,
    lightning_index: build_index,
    programme: build_programme,
    talk_tools: build_talk_tools,
}


class ResolveViews(SphinxPostTransform):
    """Fill talk headers, speaker grids, tool glossaries, lightning indexes, talk tools."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        """Replace each placeholder with standard nodes."""
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        for node in list(self.document.findall(ConfPlaceholder)):
            new = BUILDERS[type(node)](self.env, domain, node)
            for child in new:
                child.source, child.line = node.source, node.line
            node.replace_self(new)
