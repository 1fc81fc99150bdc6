"""The ``tool`` directive, the ``:tool:`` role and the ``tool-glossary`` view."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from confnotes.declaration import DeclarationDirective, ViewDirective
from confnotes.nodes import (
    deferred_mentions,
    human_date,
    joined,
    title_of,
    tool_glossary,
    url_node,
    xref,
)
from confnotes.records import CATEGORIES, UNKNOWN, MentionRecord, TalkRecord, ToolRecord
from confnotes.roles import ConfXRefRole
from confnotes.validation import check_choice, check_name, check_url

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain

#: how many tools the jump bar names as the most mentioned
TOP = 5
#: "A-Z" with an en dash, as printed
AZ = "A\u2013Z"


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


SameTitle = dict[str, list[TalkRecord]]


def talks_by_title(domain: ConferenceDomain) -> SameTitle:
    """Canonical talks grouped by case-folded title (built once per glossary)."""
    found: SameTitle = {}
    for talk in domain.shown().talks:
        found.setdefault(talk.title.casefold(), []).append(talk)
    return found


def distinguishing(domain: ConferenceDomain, talk: TalkRecord, same_title: SameTitle) -> list[str]:
    """Return the facts that tell *talk* from the talks sharing its title.

    Date first, then event, kind and speakers: only facts that differ are
    given ("Keynote — 16 May 2013"); a unique title gets none.
    """
    rest = [t for t in same_title.get(talk.title.casefold(), ()) if t.id != talk.id]

    def speakers(t: TalkRecord) -> str:
        names = [(s.name if (s := domain.speaker(i)) else i) for i in t.speakers if i != UNKNOWN]
        return ", ".join(names)

    facts: list[str] = []
    for fact in (lambda t: human_date(t.date), lambda t: t.event, lambda t: t.kind, speakers):
        if not rest:
            break
        value = fact(talk)
        if value and any(fact(other) != value for other in rest):
            facts.append(value)
            rest = [other for other in rest if fact(other) == value]
    return facts


def plural(count: int, word: str) -> str:
    """``1 mention``, ``3 mentions``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def mentioned_in(
    domain: ConferenceDomain, tool: ToolRecord, refdoc: str, same_title: SameTitle
) -> list[nodes.Node]:
    """List the talks (or pages) mentioning *tool*, each linked to the place it does.

    The title links the first mention; further mentions in the same talk
    follow as "also mention 2, mention 3". A talk whose title is not unique
    gets the facts that set it apart.
    """
    mentions = domain.shown_mentions_of(tool.id)
    if not mentions:
        return [nodes.paragraph("", "Not mentioned yet.", classes=["conf-mentions"])]
    items = []
    for (docname, talk_id), group in groupby(mentions, key=lambda m: (m.docname, m.talk)):
        first, *more = group
        talk = domain.talks.get(talk_id, {}).get(docname)
        title = talk.title if talk else title_of(domain.env, docname)
        para = nodes.paragraph()
        para += xref("mention", f"{docname}#{first.anchor}", title, refdoc)
        facts = distinguishing(domain, talk, same_title) if talk else []
        if facts:
            text = " — " + ", ".join(facts)
            para += nodes.inline(text, text, classes=["conf-talk-distinct"])
        if more:
            para += nodes.Text(" (also ")
            for i, mention in enumerate(more, start=2):
                if i > 2:
                    para += nodes.Text(", ")
                para += xref("mention", f"{docname}#{mention.anchor}", f"mention {i}", refdoc)
            para += nodes.Text(")")
        items.append(nodes.list_item("", para))
    return [
        nodes.paragraph("", "Mentioned in:", classes=["conf-mentions"]),
        nodes.bullet_list("", *items, classes=["conf-mentions"]),
    ]


def glossary_entry(domain: ConferenceDomain, tool: ToolRecord, refdoc: str) -> nodes.Node:
    """Name (anchored) and mention count, description, homepage and mentions of one tool.

    The mentions come last, in ``confnotes.views.fill_mentions``: at 2,000
    talks they are most of the page, which no other post-transform needs to see.
    """
    count = len(domain.shown_mentions_of(tool.id))
    shown = plural(count, "mention") if count else "not mentioned"
    term = nodes.term("", "", ids=[tool.anchor])
    term += nodes.inline(tool.name, tool.name, classes=["conf-tool-name"])
    term += nodes.Text(" ")
    term += nodes.inline(shown, shown, classes=["conf-mention-count"])
    definition = nodes.definition()
    if tool.description:
        definition += nodes.paragraph(
            tool.description, tool.description, classes=["conf-tool-description"]
        )
    if tool.homepage:
        definition += nodes.paragraph("", "Homepage: ", url_node(tool.homepage))
    definition += deferred_mentions(tool=tool.id, refdoc=refdoc)
    return nodes.definition_list_item("", term, definition, classes=["conf-tool"])


def category_id(category: str) -> str:
    """Return the anchor of a category's heading in the glossary."""
    return str(nodes.make_id(f"conf-tools-{category}"))


def letter_of(name: str) -> str:
    """Return the A-Z index letter of a name: its first letter, upper case, or ``#``."""
    first = next((ch for ch in name if ch.isalnum()), "#")
    return first.upper() if first.isalpha() else "#"


def letter_id(letter: str) -> str:
    """Return the anchor of a letter in the A-Z index."""
    key = letter.lower() if letter.isascii() and letter.isalpha() else f"u{ord(letter):x}"
    return f"conf-tools-letter-{key}"


def jump_bar(
    domain: ConferenceDomain, categories: list[tuple[str, int]], tools: list[ToolRecord]
) -> nodes.Node:
    """Link the categories and the A-Z letters; name the most mentioned tools.

    On screen only (``only`` html): a printed glossary needs no jump links.
    """
    bar = nodes.container(classes=["conf-tool-jumpbar"])
    row = nodes.paragraph("", "", classes=["conf-jump-categories"])
    row += nodes.strong("Categories:", "Categories:")
    row += nodes.Text(" ")
    row.extend(
        joined(
            [
                nodes.reference("", f"{c.capitalize()} ({n})", refid=category_id(c), internal=True)
                for c, n in categories
            ],
            " · ",
        )
    )
    bar += row
    letters = sorted({letter_of(t.name) for t in tools}, key=lambda c: (c == "#", c))
    row = nodes.paragraph("", "", classes=["conf-jump-letters"])
    row += nodes.strong(f"{AZ}:", f"{AZ}:")
    row += nodes.Text(" ")
    row.extend(
        joined(
            [nodes.reference("", c, refid=letter_id(c), internal=True) for c in letters],
            " ",
        )
    )
    bar += row
    counted = sorted(
        ((len(domain.shown_mentions_of(t.id)), t) for t in tools),
        key=lambda pair: (-pair[0], pair[1].name.casefold()),
    )
    top = [(n, t) for n, t in counted[:TOP] if n]
    if top:
        row = nodes.paragraph("", "", classes=["conf-most-mentioned"])
        row += nodes.strong("Most mentioned:", "Most mentioned:")
        row += nodes.Text(" ")
        row.extend(
            joined([xref("tool", t.id, f"{t.name} ({n})", t.docname) for n, t in top], " · ")
        )
        bar += row
    only = addnodes.only(expr="html")
    only += bar
    return only


def az_index(domain: ConferenceDomain, tools: list[ToolRecord], refdoc: str) -> list[nodes.Node]:
    """Every tool by letter, with its mention count: the glossary at a glance."""
    heading = f"All tools, {AZ}"
    out: list[nodes.Node] = [
        nodes.rubric(heading, heading, ids=["conf-tools-a-z"], classes=["conf-tool-az-heading"])
    ]
    items = []
    ordered = sorted(tools, key=lambda t: (letter_of(t.name) == "#", t.name.casefold(), t.id))
    for letter, group in groupby(ordered, key=lambda t: letter_of(t.name)):
        para = nodes.paragraph()
        para += nodes.strong(letter, letter)
        para += nodes.Text(" ")
        para.extend(
            joined(
                [
                    xref("tool", t.id, f"{t.name} ({len(domain.shown_mentions_of(t.id))})", refdoc)
                    for t in group
                ],
                " · ",
            )
        )
        items.append(nodes.list_item("", para, ids=[letter_id(letter)]))
    out.append(nodes.bullet_list("", *items, classes=["conf-tool-az"]))
    return out


def build_glossary(
    env: BuildEnvironment, domain: ConferenceDomain, node: tool_glossary
) -> list[nodes.Node]:
    """Jump bar; tools by category (sorted, counted), then name; the A-Z index.

    Only the tools this builder shows (not inside ``only`` for other builders).
    """
    docname = node["docname"]
    tools = sorted(
        (
            found[docname]
            for found in domain.tools.values()
            if docname in found and domain.is_shown(found[docname])
        ),
        key=lambda t: (t.category, t.name.casefold(), t.id),
    )
    if not tools:
        return [nodes.paragraph("", "No tools declared yet.")]
    groups = [(category, list(group)) for category, group in groupby(tools, lambda t: t.category)]
    out: list[nodes.Node] = [jump_bar(domain, [(c, len(g)) for c, g in groups], tools)]
    for category, entries in groups:
        heading = f"{category.capitalize()} ({len(entries)})"
        out.append(
            nodes.rubric(
                heading, heading, ids=[category_id(category)], classes=["conf-tool-category"]
            )
        )
        out.append(
            nodes.definition_list(
                "",
                *(glossary_entry(domain, tool, docname) for tool in entries),
                classes=["glossary", "conf-tool-glossary"],
            )
        )
    out.extend(az_index(domain, tools, docname))
    return out
