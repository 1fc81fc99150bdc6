"""A glossary per talk: each talk ends with the tools it mentions.

Nobody has to remember a directive: :class:`AddTalkTools` (a read-time
transform, before the domain notes the page's dependencies) appends a
"Tools mentioned" section to the section of every talk that mentions a tool,
holding a :class:`~talk_tools` placeholder. The view (name,
one-line description, link to the full entry) is filled late, like the
other views, so a renamed or redescribed tool re-writes the talk page (its
``Tool`` keys, see :mod:`confnotes.core.dependencies`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from confnotes.core import keys
from confnotes.core.nodes import ConfPlaceholder, xref
from confnotes.core.scopes import condition_of
from confnotes.core.talks import talk_header
from confnotes.core.view import View

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain

TITLE = "Tools mentioned"


class talk_tools(ConfPlaceholder):
    """The tools the talk ``self["talk"]`` mentions (the talk's own glossary)."""


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
            if not domain.tools_mentioned_by(docname, talk_id):
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
    for tool_id in domain.tools_mentioned_by(node["docname"], node["talk"], shown_only=True):
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


def talk_tools_uses(
    domain: ConferenceDomain, docname: str, attributes: dict[str, Any]
) -> Iterable[keys.Key]:
    """Each mentioned tool's name and description."""
    return [keys.Tool(t) for t in domain.tools_mentioned_by(docname, attributes["talk"])]


def setup_talk_tools(app: Sphinx) -> None:
    """Place the view under every talk that mentions a tool."""
    app.add_transform(AddTalkTools)


#: placed by :class:`AddTalkTools`, one per talk that mentions a tool
VIEW = View(
    name="talk-tools",
    placeholder=talk_tools,
    build=build_talk_tools,
    uses=talk_tools_uses,
    setup=setup_talk_tools,
)
