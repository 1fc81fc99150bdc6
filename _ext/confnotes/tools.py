"""The ``tool`` directive, the ``:tool:`` role and the ``tool-glossary`` view."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from confnotes.declaration import DeclarationDirective, ViewDirective
from confnotes.nodes import tool_glossary, url_node, xref
from confnotes.records import CATEGORIES, UNKNOWN, MentionRecord, ToolRecord
from confnotes.roles import ConfXRefRole
from confnotes.validation import check_choice, check_name, check_url

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain


class ToolDirective(DeclarationDirective):
    """Declare a tool; renders only an index entry (the entry is a view)."""

    objtype = "tool"
    required_options = ("category",)
    option_spec: ClassVar[dict[str, object]] = dict.fromkeys(
        ("name", "category", "homepage"), directives.unchanged
    )

    def run(self) -> list[nodes.Node]:
        """Validate and record the tool."""
        docname = self.env.docname
        tool_id, opts, location = self.declare()
        if opts.get("category"):
            check_choice(opts["category"], "category", CATEGORIES, location)
        if opts.get("homepage"):
            check_url(opts["homepage"], "homepage", location)
        name = check_name(opts.get("name") or tool_id, "name", location)
        if not tool_id:
            return []
        record = ToolRecord(
            id=tool_id,
            name=name,
            category=opts.get("category") or UNKNOWN,
            homepage=opts.get("homepage", ""),
            description=" ".join(line.strip() for line in self.content).strip(),
            docname=docname,
            lineno=self.lineno,
        )
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        if not domain.add_record("tool", record):
            return []
        index = addnodes.index(
            entries=[
                ("single", f"{name} (tool)", record.anchor, "", None),
                ("single", f"{record.category}; {name}", record.anchor, "", None),
            ]
        )
        self.set_source_info(index)
        return [index]


class ToolGlossaryDirective(ViewDirective):
    """Placeholder for the glossary of every tool declared on this page."""

    view = "tool-glossary"
    placeholder = tool_glossary


class ToolRole(ConfXRefRole):
    """``:tool:`` — a link to the glossary that also records the mention.

    An inline target with a fresh id goes right before the link, so the
    glossary can point at the exact place (an html anchor, a latex label).
    """

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Record the mention and put its anchor before the reference."""
        tool_id = node["reftarget"]
        anchor = make_mention_id(env, document, tool_id)
        target = nodes.target("", "", ids=[anchor], classes=["conf-mention"])
        document.note_explicit_target(target)
        domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
        domain.note_mention(
            MentionRecord(
                tool=tool_id,
                docname=env.docname,
                anchor=anchor,
                talk=env.ref_context.get("conf:talk", ""),
                lineno=self.lineno,
            )
        )
        return [target, node], []


def make_mention_id(env: BuildEnvironment, document: nodes.document, tool_id: str) -> str:
    """``mention-<tool>-<n>``, numbered per document so rebuilds agree."""
    prefix = nodes.make_id(f"mention-{tool_id}")
    while True:
        candidate = f"{prefix}-{env.new_serialno(prefix)}"
        if candidate not in document.ids:
            return candidate


def doc_link(docname: str, refdoc: str) -> addnodes.pending_xref:
    """Link to a whole document, titled by Sphinx."""
    return addnodes.pending_xref(
        "",
        nodes.inline(docname, docname),
        refdomain="std",
        reftype="doc",
        reftarget=f"/{docname}",
        refdoc=refdoc,
        refexplicit=False,
    )


def mentioned_in(domain: ConferenceDomain, tool: ToolRecord, refdoc: str) -> list[nodes.Node]:
    """List the talks (or pages) mentioning *tool*, then link each place."""
    mentions = domain.mentions_of(tool.id)
    if not mentions:
        return [nodes.paragraph("", "Not mentioned yet.", classes=["conf-mentions"])]
    items = []
    for (docname, talk_id), group in groupby(mentions, key=lambda m: (m.docname, m.talk)):
        talk = domain.talks.get(talk_id, {}).get(docname)
        para = nodes.paragraph()
        para += xref("talk", talk.id, talk.title, refdoc) if talk else doc_link(docname, refdoc)
        para += nodes.Text(" (")
        for i, mention in enumerate(group, start=1):
            if i > 1:
                para += nodes.Text(", ")
            para += xref("mention", f"{mention.docname}#{mention.anchor}", f"mention {i}", refdoc)
        para += nodes.Text(")")
        items.append(nodes.list_item("", para))
    label = f"Mentioned in ({len(mentions)}):"
    return [
        nodes.paragraph("", label, classes=["conf-mentions"]),
        nodes.bullet_list("", *items, classes=["conf-mentions"]),
    ]


def glossary_entry(domain: ConferenceDomain, tool: ToolRecord, refdoc: str) -> nodes.Node:
    """Name (anchored), description, homepage and mentions of one tool."""
    term = nodes.term("", tool.name, ids=[tool.anchor])
    definition = nodes.definition()
    if tool.description:
        definition += nodes.paragraph(tool.description, tool.description)
    if tool.homepage:
        definition += nodes.paragraph("", "Homepage: ", url_node(tool.homepage))
    definition += mentioned_in(domain, tool, refdoc)
    return nodes.definition_list_item("", term, definition, classes=["conf-tool"])


def build_glossary(
    env: BuildEnvironment, domain: ConferenceDomain, node: tool_glossary
) -> list[nodes.Node]:
    """Tools declared on the page, by category (sorted, counted), then name."""
    docname = node["docname"]
    tools = sorted(
        (found[docname] for found in domain.tools.values() if docname in found),
        key=lambda t: (t.category, t.name.casefold(), t.id),
    )
    if not tools:
        return [nodes.paragraph("", "No tools declared yet.")]
    out: list[nodes.Node] = []
    for category, group in groupby(tools, key=lambda t: t.category):
        entries = list(group)
        heading = f"{category.capitalize()} ({len(entries)})"
        out.append(nodes.rubric(heading, heading, classes=["conf-tool-category"]))
        out.append(
            nodes.definition_list(
                "",
                *(glossary_entry(domain, tool, docname) for tool in entries),
                classes=["glossary", "conf-tool-glossary"],
            )
        )
    return out
