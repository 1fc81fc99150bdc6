"""The ``talk`` directive and the placeholder of its header (the ``talk-header`` view)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from confnotes.core.declaration import DeclarationDirective
from confnotes.core.locations import in_included_file
from confnotes.core.nodes import ConfPlaceholder
from confnotes.core.records import KINDS, LATE_CHECKED, UNKNOWN, TalkRecord
from confnotes.core.validation import (
    AnyLocation,
    check_choice,
    check_date,
    check_day,
    check_id,
    check_name,
    check_slot,
    check_start,
    check_url,
    warn,
)

if TYPE_CHECKING:
    from confnotes.core.domain import ConferenceDomain


class talk_header(ConfPlaceholder):
    """Metadata block and speaker cards of the talk ``self["talk"]``.

    Left by the ``talk`` directive; the view that fills it is
    :mod:`confnotes.core.views.talk_header`. Declared here, beside the
    directive, so the core's transforms and checks that find talks by their
    header (scopes, intros, shape, talk tools) depend on the core, not on a view.
    """


OPTIONS = (
    "title",
    "speaker",
    "kind",
    "date",
    "day",
    "event",
    "slot",
    "start",
    "slides",
    "video",
    "links",
    "speaker-note",
)
#: a talk may leave out its date and day: the notes do not always say
REQUIRED = ("title", "speaker", "kind")
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
        entries = [part.strip() for part in opts.get("speaker", "").split(",")]
        if len(entries) > 1 and not all(entries):
            warn(
                "empty entry in :speaker: %r: speakers are ids separated by commas",
                opts["speaker"],
                subtype="bad_option",
                location=self.option_location("speaker"),
            )
        speakers = tuple(
            s
            if s == UNKNOWN
            else check_id(s, "speaker", self.option_location("speaker"), unusable=LEFT_OUT)
            for s in entries
            if s
        )
        speakers = tuple(s for s in speakers if s)
        if opts.get("kind"):
            check_choice(opts["kind"], "kind", KINDS, self.option_location("kind"))
        for option in ("slides", "video"):
            if opts.get(option):
                check_url(opts[option], option, self.option_location(option))
        links = tuple(opts.get("links", "").split())
        for link in links:
            check_url(link, "links", self.option_location("links"))
        title = check_name(opts.get("title") or UNKNOWN, "title", self.option_location("title"))
        record = TalkRecord(
            id=talk_id,
            title=title,
            speakers=speakers or (UNKNOWN,),
            kind=opts.get("kind") or UNKNOWN,
            date=check_date(opts["date"], self.option_location("date"))
            if opts.get("date")
            else UNKNOWN,
            event=check_name(opts["event"], "event", self.option_location("event"))
            if opts.get("event")
            else self.config.confnotes_default_event or UNKNOWN,
            slides=opts.get("slides", ""),
            video=opts.get("video", ""),
            links=links,
            speaker_note=check_name(
                opts["speaker-note"], "speaker-note", self.option_location("speaker-note")
            )
            if opts.get("speaker-note")
            else "",
            slot=check_slot(opts["slot"], self.option_location("slot")) if opts.get("slot") else 0,
            start=opts["start"]
            if opts.get("start") and check_start(opts["start"], self.option_location("start"))
            else "",
            docname=docname,
            lineno=self.lineno,
            day=check_day(opts["day"], self.option_location("day")) if opts.get("day") else 0,
            written=in_included_file(location),
            option_offsets=tuple(
                (name, self.option_line(name) - int(self.lineno))
                for name in LATE_CHECKED
                if name in opts
            ),
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

    def check_not_nested(self, talk_id: str, location: AnyLocation) -> None:
        """Warn about a talk declared in another talk's abstract.

        Its header and abstract are its own: the other talk's introduction
        (:mod:`confnotes.core.intros`) leaves them out.
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
