"""The ``lightning-index`` view: every lightning talk, by event and day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from confnotes.declaration import ViewDirective
from confnotes.nodes import joined, lightning_index, url_node, xref
from confnotes.talks import speaker_nodes

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain
    from confnotes.records import TalkRecord


class LightningIndexDirective(ViewDirective):
    """Placeholder for the index of all lightning talks (any page)."""

    view = "lightning-index"
    placeholder = lightning_index


def tools_of(domain: ConferenceDomain, talk: TalkRecord) -> list[str]:
    """Ids of the tools mentioned under *talk*, first mention first."""
    seen: dict[str, None] = {}
    for mention in domain.mentions.get(talk.docname, ()):
        if mention.talk == talk.id and domain.is_shown(mention):
            seen.setdefault(mention.tool)
    return list(seen)


def index_item(domain: ConferenceDomain, talk: TalkRecord, refdoc: str) -> nodes.list_item:
    """Title (linked), speakers, then links and tools if any."""
    item = nodes.list_item(classes=["conf-lightning-talk"])
    head = nodes.paragraph("", "", xref("talk", talk.id, talk.title, refdoc))
    head += nodes.Text(" — ")
    head.extend(speaker_nodes(domain, talk, refdoc))
    item += head
    if talk.links:
        item += nodes.paragraph("", "Links: ", *joined([url_node(u) for u in talk.links]))
    tools: list[nodes.Node] = []
    for tool_id in tools_of(domain, talk):
        tool = domain.shown_tool(tool_id)
        tools.append(xref("tool", tool_id, tool.name, refdoc) if tool else nodes.Text(tool_id))
    if tools:
        item += nodes.paragraph("", "Tools: ", *joined(tools))
    return item


def build_index(
    env: BuildEnvironment, domain: ConferenceDomain, node: lightning_index
) -> list[nodes.Node]:
    """Lightning talks grouped by event, then day, in running order."""
    docname = node["docname"]
    found = domain.shown().programme
    out: list[nodes.Node] = []
    for event in found.events:
        days = [
            (day, [t for t in found.talks_by_day[day.key] if t.kind == "lightning"])
            for day in found.days
            if day.event == event
        ]
        days = [(day, talks) for day, talks in days if talks]
        if not days:
            continue
        heading = nodes.rubric(event, event, classes=["conf-lightning-event"])
        heading["heading-level"] = 2
        out.append(heading)
        for day, talks in days:
            label = day.label
            day_heading = nodes.rubric(label, label, classes=["conf-lightning-group"])
            day_heading["heading-level"] = 3
            out.append(day_heading)
            out.append(
                nodes.bullet_list(
                    "",
                    *(index_item(domain, t, docname) for t in talks),
                    classes=["conf-lightning-index"],
                )
            )
    return out or [nodes.paragraph("", "No lightning talks yet.")]
