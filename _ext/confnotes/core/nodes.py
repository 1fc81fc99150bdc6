"""Placeholder nodes (replaced late by :mod:`confnotes.core.resolve`) and the avatar.

Placeholders remember the docname they were read in: in singlehtml and
latex several documents are resolved as one tree, so ``env.docname`` would
be wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from confnotes.core.dates import human_date
from confnotes.core.validation import is_safe_url, split_url

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


#: text inside these is a title, a reference, code or markup, never prose (what
#: the plain-mention and stated-facts checks read: :mod:`.lint`, :mod:`.prose`)
NOT_PROSE = (
    nodes.title,
    nodes.subtitle,
    nodes.reference,
    addnodes.pending_xref,
    nodes.literal,
    nodes.literal_block,
    nodes.target,
    nodes.raw,
    nodes.comment,
    nodes.system_message,
    addnodes.index,
    addnodes.toctree,
)


#: The class Sphinx's search indexer skips (``sphinx.search``, since 7.3): on
#: what a view repeats from other pages, such as the glossary's lists of talk
#: titles, so that a search for a title finds the talk, and the index does not
#: grow with every mention (10,400 titles on one page at 2,000 talks).
NOT_SEARCHED = "no-search"


def ancestors(node: nodes.Node) -> list[nodes.Node]:
    """Return the nodes above *node*, nearest first."""
    found = []
    current = node.parent
    while current is not None:
        found.append(current)
        current = current.parent
    return found


def not_prose(node: nodes.Node | None) -> bool:
    """Whether *node* is, or is inside, one of :data:`NOT_PROSE`."""
    current = node
    while current is not None:
        if isinstance(current, NOT_PROSE):
            return True
        current = current.parent
    return False


class ConfPlaceholder(nodes.General, nodes.Element):  # type: ignore[misc]
    """Base of the view placeholders: attributes ``docname`` (and ``talk``)."""


class avatar(nodes.inline):  # type: ignore[misc]
    """Initials avatar; an inline elsewhere, an ``img`` role in HTML."""


class anchored(nodes.container):  # type: ignore[misc]
    """A view's container that is also its link target.

    The id sits on the element holding the text (HTML's search summary reads
    the anchored element's text; an empty target makes Sphinx's search page
    fail). LaTeX's writer drops container ids, so it gets labels of its own.
    """


def anchor_container(container: nodes.container, ids: list[str]) -> anchored:
    """Return *container* (e.g. a sphinx-design card) rebuilt to carry *ids*."""
    node = anchored(container.rawsource, *container.children, **container.attributes)
    node["ids"] = list(ids)
    return node


def visit_anchored_latex(self: LaTeXTranslator, node: anchored) -> None:
    """Label each id, then render as a plain container."""
    self.body.extend(self.hypertarget(node_id) for node_id in node["ids"])
    self.visit_container(node)


def depart_anchored_latex(self: LaTeXTranslator, node: anchored) -> None:
    """Close as a plain container."""
    self.depart_container(node)


def visit_avatar_html(self: HTML5Translator, node: avatar) -> None:
    """Open a span announced as an image with the full name as its label.

    A ``decorative`` avatar (next to the name it stands for, as in a talk
    header) is hidden from screen readers instead: the name is read once.
    """
    if node.get("decorative"):
        self.body.append(self.starttag(node, "span", "", **{"aria-hidden": "true"}))
        return
    self.body.append(
        self.starttag(node, "span", "", role="img", **{"aria-label": node.get("label", "")})
    )


def depart_avatar_html(self: HTML5Translator, node: avatar) -> None:
    """Close the avatar span."""
    self.body.append("</span>")


def xref(
    reftype: str,
    target: str,
    text: str,
    refdoc: str,
    *,
    explicit: bool = True,
    warn: bool = False,
    source: str | None = None,
    line: int | None = None,
) -> addnodes.pending_xref:
    """Make a ``conf`` pending_xref for a view; Sphinx resolves it per builder.

    ``refdoc`` is the document the view belongs to (not ``env.docname``);
    ``source``/``line`` locate the dangling warning when ``warn`` is set.
    """
    inner = nodes.inline(text, text, classes=["xref", "conf", f"conf-{reftype}"])
    node = addnodes.pending_xref(
        "",
        inner,
        refdomain="conf",
        reftype=reftype,
        reftarget=target,
        refdoc=refdoc,
        refexplicit=explicit,
        refwarn=warn,
    )
    node.source, node.line = source, line
    return node


def title_of(env: BuildEnvironment, docname: str) -> str:
    """Return the page's title as text, or its docname."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def url_label(url: str, *, with_path: bool) -> str:
    """Return a link's text: the host, and the path when the host is not enough.

    Neither the scheme nor ``www.``: a label the width of a talk header's
    button or a speaker card's line, not a URL broken across lines.
    """
    parts = split_url(url)
    if parts is None:  # warned by the directive; shown as text
        return url
    host = (parts.hostname or url).removeprefix("www.")
    path = parts.path.strip("/")
    return f"{host}/{path}" if with_path and path else host


def url_node(url: str) -> nodes.Node:
    """Return a link for a safe URL, plain text otherwise."""
    if is_safe_url(url):
        return nodes.reference(url, url, refuri=url, internal=False)
    return nodes.inline(url, url, classes=["conf-unlinked-url"])


def talk_when(date: str, day: int) -> str:
    """When a talk was, as well as its record says: "15 May 2013", "Day 2" or "unknown"."""
    if date == "unknown" and day:
        return f"Day {day}"
    return human_date(date)


def joined(items: list[nodes.Node], sep: str = ", ") -> list[nodes.Node]:
    """*items* separated by text nodes."""
    out: list[nodes.Node] = []
    for i, item in enumerate(items):
        if i:
            out.append(nodes.Text(sep))
        out.append(item)
    return out
