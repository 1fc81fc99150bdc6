"""The ``talk`` directive and the talk header view."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from confnotes.declaration import DeclarationDirective
from confnotes.nodes import (
    anchor_container,
    avatar,
    human_date,
    joined,
    talk_header,
    url_node,
    xref,
)
from confnotes.records import KINDS, UNKNOWN, TalkRecord
from confnotes.speakers import initials
from confnotes.validation import (
    Location,
    check_choice,
    check_date,
    check_id,
    check_name,
    check_slot,
    check_start,
    check_url,
    is_safe_url,
    split_url,
    url_host,
    warn,
)
from confnotes.video import facade

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain

OPTIONS = (
    "title",
    "speaker",
    "kind",
    "date",
    "event",
    "slot",
    "start",
    "slides",
    "video",
    "links",
    "speaker-note",
)
REQUIRED = ("title", "speaker", "kind", "date")
#: ``env.current_document`` key: the talk (id, line) whose abstract is being parsed
IN_ABSTRACT = "confnotes:talk-abstract"
#: what becomes of a ``:speaker:`` id with no letter or digit
LEFT_OUT = "it is left out of the talk's speakers"


class TalkDirective(DeclarationDirective):
    """Declare a talk; render its header; make it the current talk."""

    objtype = "talk"
    required_options = REQUIRED
    list_options = ("speaker", "links")
    option_spec: ClassVar[dict[str, object]] = dict.fromkeys(OPTIONS, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        """Validate, record, and leave a header placeholder and the abstract."""
        docname = self.env.docname
        talk_id, opts, location = self.declare()
        self.check_not_nested(talk_id, location)
        speakers = tuple(
            s if s == UNKNOWN else check_id(s, "speaker", location, unusable=LEFT_OUT)
            for s in (part.strip() for part in opts.get("speaker", "").split(","))
            if s
        )
        speakers = tuple(s for s in speakers if s)
        if opts.get("kind"):
            check_choice(opts["kind"], "kind", KINDS, location)
        if opts.get("date"):
            check_date(opts["date"], location)
        for option in ("slides", "video"):
            if opts.get(option):
                check_url(opts[option], option, location)
        links = tuple(opts.get("links", "").split())
        for link in links:
            check_url(link, "links", location)
        title = check_name(opts.get("title") or UNKNOWN, "title", location)
        record = TalkRecord(
            id=talk_id,
            title=title,
            speakers=speakers or (UNKNOWN,),
            kind=opts.get("kind") or UNKNOWN,
            date=opts.get("date") or UNKNOWN,
            event=opts.get("event") or self.config.confnotes_default_event or UNKNOWN,
            slides=opts.get("slides", ""),
            video=opts.get("video", ""),
            links=links,
            speaker_note=opts.get("speaker-note", ""),
            slot=check_slot(opts["slot"], location) if opts.get("slot") else 0,
            start=opts["start"]
            if opts.get("start") and check_start(opts["start"], location)
            else "",
            docname=docname,
            lineno=self.lineno,
        )
        abstract: list[nodes.Node] = []
        if talk_id:
            self.env.ref_context["conf:talk"] = talk_id
        if self.content:
            abstract = [
                nodes.container("", *self.parse_abstract(talk_id), classes=["conf-talk-abstract"])
            ]
        if not talk_id:
            return abstract
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        if not domain.add_record("talk", record):
            return abstract
        header = talk_header(talk=talk_id, docname=docname, ids=[record.anchor])
        self.set_source_info(header)
        self.state.document.note_explicit_target(header)
        index = addnodes.index(entries=[("single", f"{title} (talk)", record.anchor, "", None)])
        return [index, header, *abstract]

    def parse_abstract(self, talk_id: str) -> list[nodes.Node]:
        """Parse the content, noting whose abstract it is for a talk declared inside."""
        outer = self.env.current_document.get(IN_ABSTRACT)
        self.env.current_document[IN_ABSTRACT] = (talk_id, self.lineno)
        try:
            return self.parse_content_to_nodes()
        finally:
            self.env.current_document[IN_ABSTRACT] = outer

    def check_not_nested(self, talk_id: str, location: Location) -> None:
        """Warn about a talk declared in another talk's abstract.

        Its header and abstract are its own: the other talk's introduction
        (:mod:`confnotes.intros`) leaves them out.
        """
        outer = self.env.current_document.get(IN_ABSTRACT)
        if outer:
            warn(
                "talk %r is declared inside the content of talk %r (line %d); declare each"
                " talk on its own, under its own title",
                talk_id,
                outer[0],
                outer[1],
                subtype="nested_talk",
                location=location,
            )


def speaker_nodes(
    domain: ConferenceDomain,
    talk: TalkRecord,
    refdoc: str,
    *,
    warn: bool = False,
    source: str | None = None,
    with_note: bool = True,
) -> list[nodes.Node]:
    """Render the speakers of *talk*: links, or the word "unknown", plus the note.

    With *warn*, undeclared ids (and speakers this builder does not show)
    become dangling xrefs so Sphinx reports them (once, from the talk
    header); views show them as text instead.
    """
    items: list[nodes.Node] = []
    for speaker_id in talk.speakers:
        speaker = domain.shown_speaker(speaker_id)
        declared = domain.speaker(speaker_id)
        text = declared.name if declared is not None else speaker_id
        if speaker_id == UNKNOWN:
            items.append(nodes.emphasis(UNKNOWN, UNKNOWN, classes=["conf-unknown"]))
        elif speaker is not None:
            items.append(xref("speaker", speaker_id, speaker.name, refdoc))
        elif warn:
            items.append(
                xref(
                    "speaker",
                    speaker_id,
                    text,
                    refdoc,
                    warn=True,
                    source=source,
                    line=talk.lineno,
                )
            )
        else:
            items.append(nodes.Text(text))
    out = joined(items)
    if talk.speaker_note and with_note:
        out.append(nodes.Text(f" ({talk.speaker_note})"))
    return out


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
    for name, value in (("Kind", talk.kind), ("Date", talk.date), ("Event", talk.event)):
        if value != UNKNOWN:
            meta += field(name, [nodes.Text(human_date(value) if name == "Date" else value)])
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
            ("date", human_date(talk.date)),
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


def link_label(url: str, repeated: bool) -> str:
    """Return a link button's text: the host, and the path when the host is not enough."""
    parts = split_url(url)
    if parts is None:  # warned by the directive; shown as text
        return url
    host = (parts.hostname or url).removeprefix("www.")
    path = parts.path.strip("/")
    return f"{host}/{path}" if repeated and path else host


def link_buttons(talk: TalkRecord) -> list[nodes.Node]:
    """Video, Slides, then the other links, as buttons; unsafe URLs as plain text."""
    hosts = Counter(url_host(u) for u in talk.links if is_safe_url(u))
    labelled = [
        ("Video", talk.video, "conf-link-video"),
        ("Slides", talk.slides, "conf-link-slides"),
    ]
    labelled += [(link_label(u, hosts[url_host(u)] > 1), u, "conf-link-other") for u in talk.links]
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
