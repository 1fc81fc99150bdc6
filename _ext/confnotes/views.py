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

The glossary's "Mentioned in" lists (one link per mention: most of that page
at 2,000 talks) are filled later still, at ``doctree-resolved``, like the
todo extension's lists, so that no other post-transform walks them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from confnotes.lightning import build_index
from confnotes.nodes import (
    ConfPlaceholder,
    deferred_mentions,
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
from confnotes.tools import build_glossary, mentioned_in, talks_by_title

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
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
                resolve_links(self.env, domain, child)
            node.replace_self(new)


def resolve_links(env: BuildEnvironment, domain: ConferenceDomain, view: nodes.Node) -> None:
    """Resolve the view's ``conf`` references to known targets in place."""
    builder = env._app.builder  # what ReferencesResolver itself uses in Sphinx 9
    for ref in list(view.findall(addnodes.pending_xref)):
        if ref.get("refdomain") != "conf" or ref.parent is None:
            continue
        found = domain.resolve_xref(
            env, ref["refdoc"], builder, ref["reftype"], ref["reftarget"], ref, ref[0]
        )
        if found is not None:
            ref.replace_self(found)


def fill_mentions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: put each glossary entry's "Mentioned in" list in place.

    Resolved late, as the todo extension fills its lists: every link points
    to a mention the domain recorded, so all resolve here; none is left for
    Sphinx's resolver, which has run.
    """
    placeholders = list(doctree.findall(deferred_mentions))
    if not placeholders:
        return
    domain: ConferenceDomain = app.env.domains["conf"]  # type: ignore[assignment]
    same_title = talks_by_title(domain)
    for node in placeholders:
        tool = domain.shown_tool(node["tool"])
        if tool is None:  # cannot happen: the glossary lists declared tools
            node.parent.remove(node)
            continue
        new = mentioned_in(domain, tool, node["refdoc"], same_title)
        for child in new:
            resolve_links(app.env, domain, child)
            for ref in list(child.findall(addnodes.pending_xref)):
                ref.replace_self(ref.children)  # never a pending_xref to a writer
        node.replace_self(new)
