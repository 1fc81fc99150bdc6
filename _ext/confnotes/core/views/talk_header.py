"""The talk header view: a card on screen, a fact sheet elsewhere."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from confnotes.core import keys
from confnotes.core.nodes import (
    anchor_container,
    avatar,
    joined,
    talk_when,
    url_label,
    url_node,
)
from confnotes.core.records import UNKNOWN, TalkRecord
from confnotes.core.speakers import initials, speaker_nodes
from confnotes.core.talks import talk_header
from confnotes.core.validation import (
    is_safe_url,
    url_host,
)
from confnotes.core.video import facade
from confnotes.core.view import View

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


def field(name: str, body: list[nodes.Node]) -> nodes.field:
    """One ``name: body`` row of the metadata block."""
    return nodes.field(
        "",
        nodes.field_name(name, name),
        nodes.field_body("", nodes.paragraph("", "", *body)),
    )


#: the header's card and video are for screens; other builders get the fact sheet
SCREEN = "html and not epub"


def build_header(
    env: BuildEnvironment, domain: ConferenceDomain, node: talk_header
) -> list[nodes.Node]:
    """Build the talk's header: a card on screen, a plain fact sheet elsewhere.

    Both are standard nodes; ``only`` nodes (resolved after this transform,
    by the builder's tags) keep one of them. Speakers that are not declared
    warn once, from the fact sheet.
    """
    docname = node["docname"]
    talk = domain.talks.get(node["talk"], {}).get(docname)
    if talk is None:
        return []
    if not domain.is_shown(talk):  # inside ``only`` for other builders: removed with it
        return [anchor_container(nodes.container(), node["ids"])]
    source = str(env.doc2path(docname))
    screen = addnodes.only(expr=SCREEN)
    screen += header_card(domain, talk, docname)
    plain = addnodes.only(expr=f"not ({SCREEN})")
    plain += fact_sheet(domain, talk, docname, source)
    header = nodes.container("", screen, plain, classes=["conf-talk-header"])
    return [anchor_container(header, node["ids"])]


def fact_sheet(
    domain: ConferenceDomain, talk: TalkRecord, docname: str, source: str
) -> nodes.field_list:
    """``Speaker / Kind / Date / Event / Slides / Video / Links`` as a field list."""
    meta = nodes.field_list(classes=["conf-talk-meta"])
    label = "Speakers" if len(talk.speakers) > 1 else "Speaker"
    meta += field(label, speaker_nodes(domain, talk, docname, warn=True, source=source))
    when = talk_when(talk.date, talk.day)
    for name, value in (("Kind", talk.kind), ("Date", when), ("Event", talk.event)):
        if value != UNKNOWN:
            meta += field(name, [nodes.Text(value)])
    if talk.video:
        meta += field("Video", [url_node(talk.video)])
    if talk.slides:
        meta += field("Slides", [url_node(talk.slides)])
    if talk.links:
        meta += field("Links", joined([url_node(link) for link in talk.links]))
    return meta


def header_card(domain: ConferenceDomain, talk: TalkRecord, docname: str) -> nodes.container:
    """Speakers with avatars, kind · date · event, link buttons, then the video."""
    card = nodes.container(classes=["conf-talk-card"])
    card += nodes.paragraph(
        "", "", *speaker_line(domain, talk, docname), classes=["conf-talk-people"]
    )
    facts = [
        nodes.inline(text, text, classes=[f"conf-talk-{name}"])
        for name, text in (
            ("kind", talk.kind.capitalize()),
            ("date", talk_when(talk.date, talk.day)),
            ("event", talk.event),
        )
        if text.casefold() != UNKNOWN
    ]
    if facts:
        card += nodes.paragraph("", "", *joined(facts, " · "), classes=["conf-talk-facts"])
    buttons = link_buttons(talk)
    if buttons:
        card += nodes.paragraph("", "", *joined(buttons, " "), classes=["conf-talk-links"])
    player = facade(talk.video, talk.title) if talk.video else None
    if player is not None:
        card += player
    return card


def speaker_line(domain: ConferenceDomain, talk: TalkRecord, docname: str) -> list[nodes.Node]:
    """Each speaker as avatar and name, one link to their card; or the note on an unknown one."""
    items: list[nodes.Node] = []
    for speaker_id in talk.speakers:
        speaker = domain.shown_speaker(speaker_id)
        if speaker_id == UNKNOWN:
            text = "Speaker unknown"
            unknown = nodes.inline("", "", classes=["conf-talk-speaker"])
            unknown += nodes.emphasis(text, text, classes=["conf-unknown"])
            if talk.speaker_note:
                unknown += nodes.Text(f" — {talk.speaker_note}")
            items.append(unknown)
            continue
        if speaker is None:  # warned by the fact sheet
            declared = domain.speaker(speaker_id)
            text = declared.name if declared is not None else speaker_id
            items.append(nodes.inline(text, text, classes=["conf-talk-speaker"]))
            continue
        mark = initials(speaker.name)
        inner = nodes.inline("", "", classes=["xref", "conf", "conf-speaker"])
        inner += avatar(mark, mark, label=speaker.name, decorative=True, classes=["conf-avatar"])
        inner += nodes.inline(speaker.name, speaker.name, classes=["conf-talk-speaker-name"])
        link = addnodes.pending_xref(
            "",
            inner,
            refdomain="conf",
            reftype="speaker",
            reftarget=speaker_id,
            refdoc=docname,
            refexplicit=True,
        )
        items.append(nodes.inline("", "", link, classes=["conf-talk-speaker"]))
    if talk.speaker_note and UNKNOWN not in talk.speakers:
        items.append(nodes.inline("", talk.speaker_note, classes=["conf-talk-speaker-note"]))
    return joined(items, " ")


def link_buttons(talk: TalkRecord) -> list[nodes.Node]:
    """Video, Slides, then the other links, as buttons; unsafe URLs as plain text."""
    hosts = Counter(url_host(u) for u in talk.links if is_safe_url(u))
    labelled = [
        ("Video", talk.video, "conf-link-video"),
        ("Slides", talk.slides, "conf-link-slides"),
    ]
    labelled += [
        (url_label(u, with_path=hosts[url_host(u)] > 1), u, "conf-link-other") for u in talk.links
    ]
    buttons: list[nodes.Node] = []
    for label, url, kind in labelled:
        if not url:
            continue
        if not is_safe_url(url):
            buttons.append(url_node(url))
            continue
        buttons.append(
            nodes.reference(
                label,
                label,
                refuri=url,
                reftitle=url,
                classes=["sd-btn", "sd-btn-outline-primary", "conf-link-button", kind],
            )
        )
    return buttons


def header_uses(
    domain: ConferenceDomain, docname: str, attributes: dict[str, Any]
) -> Iterable[keys.Key]:
    """Name the talk's speakers (names and avatars, no card)."""
    talk = domain.talks.get(attributes["talk"], {}).get(docname)
    return [keys.Speaker(s) for s in talk.speakers] if talk is not None else []


#: placed by the ``talk`` directive, one per talk
VIEW = View(name="talk-header", placeholder=talk_header, build=build_header, uses=header_uses)
