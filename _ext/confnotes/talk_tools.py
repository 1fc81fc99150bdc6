"""A glossary per talk: each talk ends with the tools it mentions.

Nobody has to remember a directive: :class:`AddTalkTools` (a read-time
transform, before the domain notes the page's dependencies) appends a
"Tools mentioned" section to the section of every talk that mentions a tool,
holding a :class:`~confnotes.nodes.talk_tools` placeholder. The view (name,
one-line description, link to the full entry) is filled late, like the
other views, so a renamed or redescribed tool re-writes the talk page (its
``tool:<id>`` keys, see :mod:`confnotes.dependencies`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from confnotes.nodes import talk_header, talk_tools, xref
from confnotes.scopes import condition_of

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain

TITLE = "Tools mentioned"


def mentioned_tools(
    domain: ConferenceDomain, docname: str, talk_id: str, *, shown_only: bool = False
) -> list[str]:
    """Return the ids of the tools mentioned under the talk, first mention first.

    With *shown_only*, only the mentions the current builder shows.
    """
    seen: dict[str, None] = {}
    for mention in domain.mentions.get(docname, ()):
        if mention.talk == talk_id and (not shown_only or domain.is_shown(mention)):
            seen.setdefault(mention.tool)
    return list(seen)


class AddTalkTools(SphinxTransform):
    """Append a "Tools mentioned" section to each talk's section."""

    #: after parsing, before ``SphinxDomains`` (850) runs ``process_doc``
    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        """Find each talk header and give its section a closing section."""
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        docname = self.env.docname
        for header in list(self.document.findall(talk_header)):
            talk_id = header["talk"]
            if not mentioned_tools(domain, docname, talk_id):
                continue
            parent = header.parent
            while parent is not None and not isinstance(parent, (nodes.section, nodes.document)):
                parent = parent.parent
            if parent is None:
                continue
            section_id = f"conf-tools-of-{talk_id}"
            section = nodes.section("", ids=[section_id], classes=["conf-talk-tools-section"])
            section += nodes.title(TITLE, TITLE)
            placeholder = talk_tools(talk=talk_id, docname=docname)
            placeholder.source, placeholder.line = header.source, header.line
            section += placeholder
            self.document.ids[section_id] = section
            # a talk inside ``only`` (in a section outside it) ends under the same condition
            condition = condition_of(header, stop=parent)
            if condition:
                only = addnodes.only(expr=condition)
                only += section
                parent += only
            else:
                parent += section


def build_talk_tools(
    env: BuildEnvironment, domain: ConferenceDomain, node: talk_tools
) -> list[nodes.Node]:
    """Each mentioned tool: its name (linked to its entry) and its description."""
    items = []
    for tool_id in mentioned_tools(domain, node["docname"], node["talk"], shown_only=True):
        tool = domain.shown_tool(tool_id)
        para = nodes.paragraph()
        if tool is None:  # the role already warned
            para += nodes.Text(tool_id)
        else:
            para += xref("tool", tool.id, tool.name, node["docname"])
            if tool.description:
                para += nodes.Text(f" — {tool.description}")
        items.append(nodes.list_item("", para))
    if not items:
        return []
    return [nodes.bullet_list("", *items, classes=["conf-talk-tools"])]
