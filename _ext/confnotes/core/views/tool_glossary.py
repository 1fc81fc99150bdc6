"""The ``tool-glossary`` view: every tool declared on its page, where each is mentioned."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from confnotes.core import keys
from confnotes.core.declaration import ViewDirective
from confnotes.core.links import resolve_links
from confnotes.core.nodes import (
    NOT_SEARCHED,
    ConfPlaceholder,
    joined,
    talk_when,
    title_of,
    url_node,
    xref,
)
from confnotes.core.records import UNKNOWN, TalkRecord, ToolRecord
from confnotes.core.view import View
from confnotes.core.words import plural

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain

#: talks by case-folded title
SameTitle = dict[str, list[TalkRecord]]


class tool_glossary(ConfPlaceholder):
    """Glossary of every tool declared in ``self["docname"]``."""


class deferred_mentions(nodes.General, nodes.Element):  # type: ignore[misc]
    """Where a glossary entry's "Mentioned in" list goes, filled at ``doctree-resolved``.

    Attributes: ``tool`` (its id) and ``refdoc`` (the glossary's page).
    """


class ToolGlossaryDirective(ViewDirective):
    """Placeholder for the glossary of every tool declared on this page."""


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
    for fact in (lambda t: talk_when(t.date, t.day), lambda t: t.event, lambda t: t.kind, speakers):
        if not rest:
            break
        value = fact(talk)
        if value and any(fact(other) != value for other in rest):
            facts.append(value)
            rest = [other for other in rest if fact(other) == value]
    return facts


def mentioned_in(
    domain: ConferenceDomain, tool: ToolRecord, refdoc: str, same_title: SameTitle
) -> list[nodes.Node]:
    """List the talks (or pages) mentioning *tool*, each linked to the place it does.

    The title links the first mention; further mentions in the same talk
    follow as "also mention 2, mention 3". A talk whose title is not unique
    gets the facts that set it apart. Not searched: each title is its talk's.
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
        nodes.paragraph("", "Mentioned in:", classes=["conf-mentions", NOT_SEARCHED]),
        nodes.bullet_list("", *items, classes=["conf-mentions", NOT_SEARCHED]),
    ]


def glossary_entry(domain: ConferenceDomain, tool: ToolRecord, refdoc: str) -> nodes.Node:
    """Name (anchored) and mention count, description, homepage and mentions of one tool.

    The mentions come last, in ``fill_mentions``: at 2,000
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
    Not searched: every name in it is an entry's.
    """
    bar = nodes.container(classes=["conf-tool-jumpbar", NOT_SEARCHED])
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
    """Every tool by letter, with its mention count: the glossary at a glance (not searched)."""
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
    out.append(nodes.bullet_list("", *items, classes=["conf-tool-az", NOT_SEARCHED]))
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


#: how many tools the jump bar names as the most mentioned
TOP = 5


#: "A-Z" with an en dash, as printed
AZ = "A\u2013Z"


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


def glossary_uses(
    domain: ConferenceDomain, docname: str, attributes: dict[str, Any]
) -> Iterable[keys.Key]:
    """Every tool and mention, in the talks' running order; talks of one title told apart."""
    return [
        keys.Every(keys.Talk),
        keys.Every(keys.Tool),
        keys.Every(keys.MentionsOf),
        keys.Every(keys.Titled),
        keys.Every(keys.Speaker),
    ]


def mentions_and_titles(
    domain: ConferenceDomain, docname: str
) -> Iterator[tuple[keys.Key, object]]:
    """Each mention with the title it is shown by; each talk's title and distinguishing facts."""
    for rank, talk in enumerate(domain.talks_on(docname)):
        facts = (talk.id, talk.date, talk.day, talk.event, talk.kind, talk.speakers, rank)
        yield keys.Titled(talk.title.casefold()), facts
    page = title_of(domain.env, docname)
    for mention in domain.mentions.get(docname, ()):
        # the glossary links the mention's talk, or else its page, by title
        said_in = domain.talks.get(mention.talk, {}).get(docname)
        title = said_in.title if said_in is not None else page
        yield keys.MentionsOf(mention.tool), (mention.anchor, mention.talk, title, mention.only)


def setup_glossary(app: Sphinx) -> None:
    """Fill the "Mentioned in" lists at ``doctree-resolved``."""
    app.connect("doctree-resolved", fill_mentions)


VIEW = View(
    name="tool-glossary",
    placeholder=tool_glossary,
    build=build_glossary,
    uses=glossary_uses,
    directive=ToolGlossaryDirective,
    provides=mentions_and_titles,
    setup=setup_glossary,
    hosts=("tool",),
)
