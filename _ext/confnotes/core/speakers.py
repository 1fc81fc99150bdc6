"""The ``speaker`` directive, speaker cards and the ``speaker-grid`` view."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx_design.shared import create_component

from confnotes.core.declaration import DeclarationDirective
from confnotes.core.ids import HANDLE_SITES, aliases_of, handle_url, is_valid_handle
from confnotes.core.locations import in_included_file
from confnotes.core.nodes import anchor_container, avatar, joined, talk_when, url_label, xref
from confnotes.core.records import UNKNOWN, SpeakerRecord, TalkRecord, declared_at, split_place
from confnotes.core.validation import (
    AnyLocation,
    check_handle,
    check_id,
    check_name,
    check_url,
    is_safe_url,
    warn,
)

if TYPE_CHECKING:
    from confnotes.core.domain import ConferenceDomain

OPTIONS = ("name", "twitter", "github", "speakerdeck", "affiliation", "website", "aliases")
SITE_LABELS = {"twitter": "Twitter", "github": "GitHub", "speakerdeck": "Speaker Deck"}


class SpeakerDirective(DeclarationDirective):
    """Declare a speaker; renders only an index entry (the card is a view)."""

    objtype = "speaker"
    #: ``:name:``, unless a handle stands in for it (see :func:`display_name`)
    required_options = ()
    option_spec: ClassVar[dict[str, object]] = dict.fromkeys(OPTIONS, directives.unchanged)

    def run(self) -> list[nodes.Node]:
        """Validate and record the speaker."""
        docname = self.env.docname
        speaker_id, opts, location = self.declare()
        handles = {}
        for site in HANDLE_SITES:
            if opts.get(site):
                handles[site], _valid = check_handle(opts[site], site, location)
        if opts.get("website"):
            check_url(opts["website"], "website", location)
        name = display_name(speaker_id, opts, handles, location)
        if not speaker_id:
            return []
        record = SpeakerRecord(
            id=speaker_id,
            name=name,
            twitter=handles.get("twitter", ""),
            github=handles.get("github", ""),
            speakerdeck=handles.get("speakerdeck", ""),
            affiliation=check_name(opts.get("affiliation", ""), "affiliation", location),
            website=opts.get("website", ""),
            bio=" ".join(line.strip() for line in self.content).strip(),
            docname=docname,
            lineno=self.lineno,
            aliases=self.aliases(opts.get("aliases", ""), speaker_id, location),
            written=in_included_file(location),
        )
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        if not domain.add_record("speaker", record):
            return []
        index = addnodes.index(entries=[("single", f"{name} (speaker)", record.anchor, "", None)])
        self.set_source_info(index)
        return [index]

    @staticmethod
    def aliases(value: str, speaker_id: str, location: AnyLocation) -> tuple[str, ...]:
        """Other spellings of the id, separated by commas or spaces, each a valid id."""
        return aliases_of(value, speaker_id, lambda part: check_id(part, "speaker", location))


#: Handles that may stand in for a name, in order of preference.
NAME_HANDLES = ("twitter", "github")


def display_name(
    speaker_id: str, opts: dict[str, str], handles: dict[str, str], location: AnyLocation
) -> str:
    """Return the name cards and links show: ``:name:``, else ``@handle``, else the id.

    Some speakers are known only by a handle ("@lvh"): ``:twitter:`` or
    ``:github:`` then stands in for the required ``:name:``.
    """
    if opts.get("name"):
        return check_name(opts["name"], "name", location)
    for site in NAME_HANDLES:
        if handles.get(site):
            return f"@{handles[site]}"
    warn(
        "speaker %r is missing the required option :name: (or a :twitter: or :github: handle)",
        speaker_id,
        subtype="missing_option",
        location=location,
    )
    return speaker_id


def initials(name: str) -> str:
    """First letters of the first and last word, upper case ("?" if none)."""
    words = re.findall(r"[^\W_]+", name)
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return str(letters).upper()


def profile_urls(speaker: SpeakerRecord) -> dict[str, str]:
    """Return ``{site: profile URL}`` of the speaker's well-formed handles.

    The card links these, JSON-LD lists them as ``sameAs`` and the export
    lists their handles; a malformed handle (warned about when declared) is
    shown as text only.
    """
    return {
        site: handle_url(site, handle)
        for site in HANDLE_SITES
        if (handle := getattr(speaker, site)) and is_valid_handle(site, handle)
    }


def handle_items(speaker: SpeakerRecord) -> list[nodes.Node]:
    """List items for the speaker's handles; invalid ones as text."""
    items: list[nodes.Node] = []
    urls = profile_urls(speaker)
    for site, label in SITE_LABELS.items():
        handle = getattr(speaker, site)
        if not handle:
            continue
        shown = f"@{handle}" if site == "twitter" else handle
        value: nodes.Node
        if site in urls:
            value = nodes.reference(shown, shown, refuri=urls[site])
        else:
            value = nodes.Text(shown)
        items.append(nodes.list_item("", nodes.paragraph("", f"{label}: ", value)))
    if speaker.website:
        site_node: nodes.Node
        if is_safe_url(speaker.website):
            shown = url_label(speaker.website, with_path=True)
            site_node = nodes.reference(shown, shown, refuri=speaker.website)
        else:
            site_node = nodes.Text(speaker.website)
        items.append(nodes.list_item("", nodes.paragraph("", "Website: ", site_node)))
    return items


def speaker_card(
    domain: ConferenceDomain, speaker: SpeakerRecord, refdoc: str, *, anchor: bool = False
) -> nodes.container:
    """Build a sphinx-design card: avatar, name, affiliation, handles, talks.

    Only the grid's card carries the ``conf-speaker-<id>`` anchor: a talk page
    may show the same speaker's card more than once.
    """
    head = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold", "conf-speaker-name"])
    mark = initials(speaker.name)
    head += avatar(mark, mark, label=speaker.name, classes=["conf-avatar"])
    head += nodes.Text(" ")
    head += nodes.strong(speaker.name, speaker.name)
    body = create_component("card-body", ["sd-card-body"], children=[head])
    if speaker.affiliation:  # an unknown fact is left out, not shown as "unknown"
        body += nodes.paragraph(
            "",
            "Affiliation: ",
            nodes.emphasis(speaker.affiliation, speaker.affiliation),
            classes=["sd-card-text", "conf-affiliation"],
        )
    handles = handle_items(speaker)
    if handles:
        body += nodes.bullet_list("", *handles, classes=["conf-handles"])
    if speaker.bio:
        body += nodes.paragraph(speaker.bio, speaker.bio, classes=["sd-card-text", "conf-bio"])
    talks = domain.shown_talks_of(speaker.id)
    if talks:
        several = len(domain.programme().events) > 1
        body += nodes.paragraph("", "Talks:", classes=["sd-card-text", "conf-talks-label"])
        body += nodes.bullet_list(
            "",
            *(nodes.list_item("", talk_line(t, refdoc, with_event=several)) for t in talks),
            classes=["conf-speaker-talks"],
        )
    card = create_component(
        "card",
        [
            "sd-card",
            "sd-sphinx-override",
            "sd-mb-3",
            "sd-shadow-sm",
            "sd-w-100",
            "conf-speaker-card",
        ],
        children=[body],
    )
    return anchor_container(card, [speaker.anchor]) if anchor else card


def talk_line(talk: TalkRecord, refdoc: str, *, with_event: bool = False) -> nodes.paragraph:
    """Return a card's line for one talk: its title (linked), its date and, if asked, its event.

    A site of several events names each talk's event: titles repeat from one
    event to the next ("Keynote", "Lightning talks").
    """
    para = nodes.paragraph("", "", xref("talk", talk.id, talk.title, refdoc))
    when = talk_when(talk.date, talk.day)
    if when != UNKNOWN:
        para += nodes.Text(", ")
        para += nodes.inline(when, when, classes=["conf-talk-date"])
    if with_event and talk.event != UNKNOWN:
        para += nodes.Text(", ")
        para += nodes.inline(talk.event, talk.event, classes=["conf-talk-event"])
    return para


def speaker_option_place(talk: TalkRecord, page: str | None) -> tuple[str | None, int]:
    """Return the file and line of the talk's ``:speaker:`` option (*page*: the page's path)."""
    where = declared_at(talk, talk.option_offset("speaker"))
    return (page, where[1]) if isinstance(where, tuple) else split_place(where)


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
            written, line = speaker_option_place(talk, source)
            items.append(
                xref("speaker", speaker_id, text, refdoc, warn=True, source=written, line=line)
            )
        else:
            items.append(nodes.Text(text))
    out = joined(items)
    if talk.speaker_note and with_note:
        out.append(nodes.Text(f" ({talk.speaker_note})"))
    return out
