"""What a talk's page says about it: its introduction, and the works it cites.

The talk directive cannot see the prose that follows it, so this collector
reads each document once the directives have run (``doctree-read``) and
keeps, per talk: the introduction (the directive's abstract, or else the
first paragraph after the header, in the same section) and the ids of the
citations made after the header and before the next talk. Link previews,
JSON-LD and the open-data export read it; none of them scrapes HTML.

The introduction is kept as segments, not text: a ``:speaker:`` role's text
before resolution is the id, so names and titles are looked up when the text
is rendered (:func:`intro_text`), from the records of that build. A citation
that is a part of the sentence ("as Rhodes (2013) said", ``:cite:t:``) is
formatted then by sphinxcontrib-bibtex, as the page shows it; one in
parentheses is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx import addnodes

from confnotes.core.citations import ASIDE_ROLES, citation_text
from confnotes.core.collectors import PerPageCollector
from confnotes.core.plaintext import plain
from confnotes.core.talks import talk_header

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain

#: ``(reftype, target)`` for an unresolved ``conf`` reference, ``("", text)`` for text
Segment = tuple[str, str]


class TalkPageInfo(NamedTuple):
    """What a document says about one talk it declares."""

    intro: tuple[Segment, ...]
    #: ids of the ``:cite:`` references between this talk's header and the next
    citation_refs: tuple[str, ...]
    #: the talk heads its page (declared right under the page title)
    heads_page: bool


#: the reftype of a citation segment starts so, followed by the ``cite`` role's name
CITATION = "cite:"

#: what keeps two blocks' words apart ("ends here." and "Second paragraph")
BLOCK_BREAK: Segment = ("", " ")


def _segments(node: nodes.Element) -> Iterator[Segment]:
    """Yield the text of *node*: words, and references to name late.

    Text is read with ``astext()``, which drops docutils' escape markers; a
    block (a paragraph, a list item) is set apart by a space; a talk
    declared inside (its header and abstract) is its own, not this one's.
    """
    for child in node.children:
        if of_another_talk(child):
            continue
        if isinstance(child, addnodes.pending_xref):
            if child.get("refdomain") == "cite":
                if child.get("reftype") not in ASIDE_ROLES:
                    # "Rhodes (2013) said": a part of the sentence, formatted late
                    yield CITATION + child["reftype"], child["reftarget"]
                continue  # "(Rhodes, 2013)" adds nothing to a description
            if child.get("refdomain") == "conf" and not child.get("refexplicit"):
                yield child["reftype"], child["reftarget"]
            else:
                yield "", child.astext()
        elif isinstance(child, nodes.Text):
            yield "", words(child)
        elif isinstance(child, (nodes.Invisible, nodes.system_message)):
            continue  # comments, targets, substitution definitions: nothing a reader sees
        elif isinstance(child, nodes.Inline):
            yield from _segments(child)
        elif isinstance(child, nodes.Element):
            yield BLOCK_BREAK
            yield from _segments(child)
            yield BLOCK_BREAK


def words(text: nodes.Text) -> str:
    """Return what a reader sees of *text*: ``str()`` keeps docutils' escape markers (NUL)."""
    return str(text.astext())


def of_another_talk(node: nodes.Node) -> bool:
    """Whether *node* is the header or abstract of a talk declared inside another's content."""
    return isinstance(node, talk_header) or is_abstract(node)


def is_abstract(node: nodes.Node) -> bool:
    """Whether *node* is the abstract (the content) of a ``talk`` directive."""
    return isinstance(node, nodes.container) and "conf-talk-abstract" in node["classes"]


def _intro(header: talk_header) -> tuple[Segment, ...]:
    """Return the abstract, or the first paragraph after *header* in its section."""
    parent = header.parent
    if parent is None:
        return ()
    for sibling in parent.children[parent.index(header) + 1 :]:
        if is_abstract(sibling):
            return tuple(_segments(sibling))
        if isinstance(sibling, nodes.paragraph):
            return tuple(_segments(sibling))
        if isinstance(sibling, (talk_header, nodes.section)):
            break
    return ()


def _heads_page(document: nodes.document, header: talk_header) -> bool:
    sections = list(document.findall(nodes.section))
    return bool(sections) and header.parent is sections[0]


def collect(document: nodes.document) -> dict[str, TalkPageInfo]:
    """Read introductions and citation ids of the talks *document* declares."""
    found: dict[str, tuple[talk_header, list[str]]] = {}
    current: list[str] | None = None
    for node in document.findall(
        lambda n: (
            isinstance(n, talk_header)
            or (isinstance(n, addnodes.pending_xref) and n.get("refdomain") == "cite")
        )
    ):
        if isinstance(node, talk_header):
            current = []
            found.setdefault(node["talk"], (node, current))
        elif current is not None and node["ids"]:
            current.append(node["ids"][0])
    return {
        talk_id: TalkPageInfo(_intro(header), tuple(cites), _heads_page(document, header))
        for talk_id, (header, cites) in found.items()
    }


class TalkPageCollector(PerPageCollector):
    """Keep :class:`TalkPageInfo` per document in ``env.confnotes_talk_pages``."""

    attribute = "confnotes_talk_pages"

    def collect(
        self, env: BuildEnvironment, docname: str, doctree: nodes.document
    ) -> dict[str, TalkPageInfo]:
        """Return the page's talks."""
        return collect(doctree)


def pages(env: BuildEnvironment) -> dict[str, dict[str, TalkPageInfo]]:
    """Return ``{docname: {talk id: TalkPageInfo}}``."""
    return TalkPageCollector.data(env)


def info_of(env: BuildEnvironment, docname: str, talk_id: str) -> TalkPageInfo | None:
    """Return what *docname* says about *talk_id*, if it declares it."""
    return pages(env).get(docname, {}).get(talk_id)


def page_talk(env: BuildEnvironment, docname: str) -> str | None:
    """Return the id of the talk that heads *docname* (a talk page), if any."""
    for talk_id, info in pages(env).get(docname, {}).items():
        if info.heads_page:
            return talk_id
    return None


def render(
    domain: ConferenceDomain, segments: tuple[Segment, ...], cite: Callable[[str, str], str]
) -> str:
    """Return the text of *segments*, references named as the site shows them.

    *cite* formats a textual citation: ``cite(role, target)``.
    """
    parts = []
    for reftype, value in segments:
        if not reftype:
            parts.append(value)
        elif reftype.startswith(CITATION):
            parts.append(cite(reftype.removeprefix(CITATION), value))
        else:
            record = domain._lookup(reftype, value)
            parts.append(record[2] if record and record[2] else value)
    text = plain("".join(parts))
    # a space the segments left before punctuation that ends a word ("Circus .")
    return re.sub(r"\s+([.,;:!?)])(?=\s|$)", r"\1", text)


def intro_text(builder: Builder, docname: str, talk_id: str) -> str:
    """Return the introduction of *talk_id* on *docname* as plain text ("" if none)."""
    info = info_of(builder.env, docname, talk_id)
    if info is None:
        return ""
    domain: ConferenceDomain = builder.env.domains["conf"]  # type: ignore[assignment]
    return render(
        domain,
        info.intro,
        lambda role, target: citation_text(builder, docname, role, target),
    )


def shorten(text: str, limit: int = 200) -> str:
    """Cut *text* at a word boundary to at most *limit* characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
