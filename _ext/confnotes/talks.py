"""The ``talk`` directive and the talk header view."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from confnotes.declaration import DeclarationDirective
from confnotes.nodes import anchor_container, joined, talk_header, url_node, xref
from confnotes.records import KINDS, UNKNOWN, TalkRecord
from confnotes.speakers import card_grid, speaker_card
from confnotes.validation import (
    check_choice,
    check_date,
    check_id,
    check_name,
    check_slot,
    check_start,
    check_url,
)

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


class TalkDirective(DeclarationDirective):
    """Declare a talk; render its header; make it the current talk."""

    objtype = "talk"
    required_options = REQUIRED
    option_spec: ClassVar[dict[str, object]] = dict.fromkeys(OPTIONS, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        """Validate, record, and leave a header placeholder and the abstract."""
        docname = self.env.docname
        talk_id, opts, location = self.declare()
        speakers = tuple(
            s if s == UNKNOWN else check_id(s, "speaker", location)
            for s in (part.strip() for part in opts.get("speaker", "").split(","))
            if s
        )
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
                nodes.container("", *self.parse_content_to_nodes(), classes=["conf-talk-abstract"])
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

    With *warn*, undeclared ids become dangling xrefs so Sphinx reports them
    (once, from the talk header); views show them as text instead.
    """
    items: list[nodes.Node] = []
    for speaker_id in talk.speakers:
        speaker = domain.speaker(speaker_id)
        if speaker_id == UNKNOWN:
            items.append(nodes.emphasis(UNKNOWN, UNKNOWN, classes=["conf-unknown"]))
        elif speaker is not None:
            items.append(xref("speaker", speaker_id, speaker.name, refdoc))
        elif warn:
            items.append(
                xref(
                    "speaker",
                    speaker_id,
                    speaker_id,
                    refdoc,
                    warn=True,
                    source=source,
                    line=talk.lineno,
                )
            )
        else:
            items.append(nodes.Text(speaker_id))
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


def build_header(
    env: BuildEnvironment, domain: ConferenceDomain, node: talk_header
) -> list[nodes.Node]:
    """Build the metadata block and speaker cards of the talk *node* stands for."""
    docname = node["docname"]
    talk = domain.talks.get(node["talk"], {}).get(docname)
    if talk is None:
        return []
    meta = nodes.field_list(classes=["conf-talk-meta"])
    meta += field("Kind", [nodes.Text(talk.kind)])
    meta += field("Date", [nodes.Text(talk.date)])
    meta += field("Event", [nodes.Text(talk.event)])
    label = "Speakers" if len(talk.speakers) > 1 else "Speaker"
    source = str(env.doc2path(docname))
    meta += field(label, speaker_nodes(domain, talk, docname, warn=True, source=source))
    if talk.slides:
        meta += field("Slides", [url_node(talk.slides)])
    if talk.video:
        meta += field("Video", [url_node(talk.video)])
    if talk.links:
        meta += field("Links", joined([url_node(link) for link in talk.links]))
    header = nodes.container("", meta, classes=["conf-talk-header"])
    speakers = [domain.speaker(s) for s in talk.speakers]
    cards = [speaker_card(domain, s, docname) for s in speakers if s is not None]
    if cards:
        header += card_grid(cards)
    return [anchor_container(header, node["ids"])]
