"""The ``lightning-index`` view: every lightning talk, by event and day."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes

from confnotes.core import keys
from confnotes.core.declaration import ViewDirective
from confnotes.core.nodes import ConfPlaceholder, joined, url_node, xref
from confnotes.core.speakers import speaker_nodes
from confnotes.core.view import View

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain
    from confnotes.core.records import TalkRecord


class lightning_index(ConfPlaceholder):
    """Index of all lightning talks of the project."""


class LightningIndexDirective(ViewDirective):
    """Placeholder for the index of all lightning talks (any page)."""


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
    for tool_id in domain.tools_mentioned_by(talk.docname, talk.id, shown_only=True):
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


def index_uses(
    domain: ConferenceDomain, docname: str, attributes: dict[str, Any]
) -> Iterable[keys.Key]:
    """Every lightning talk, and the speakers and tools the index shows now."""
    yield keys.Every(keys.Lightning)
    for talk in domain.all_talks():
        if talk.kind == "lightning":
            yield from (keys.Speaker(s) for s in talk.speakers)
            yield from (keys.Tool(t) for t in domain.tools_mentioned_by(talk.docname, talk.id))


def lightning_talks(domain: ConferenceDomain, docname: str) -> Iterator[tuple[keys.Key, object]]:
    """Each lightning talk as the index lists it, in the page's order, with its tools."""
    for rank, talk in enumerate(domain.talks_on(docname)):
        if talk.kind == "lightning":
            tools = domain.tools_mentioned_by(docname, talk.id)
            yield keys.Lightning(talk.id), (talk._replace(lineno=rank), tools)


VIEW = View(
    name="lightning-index",
    placeholder=lightning_index,
    build=build_index,
    uses=index_uses,
    directive=LightningIndexDirective,
    provides=lightning_talks,
)
