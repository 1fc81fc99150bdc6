"""Open data: the conference as ``conference.json``, written once, late, from the records.

At ``build-finished`` the html and dirhtml builders write
``conference.json`` (and a copy of its JSON Schema,
``conference.schema.json``) at the root of the output: every event, day,
talk, speaker and tool the ``conf`` domain knows, with the URL of each on
the site. It is built from the domain's records and
:mod:`confnotes.core.intros`, never from pages, so an incremental build writes
the same file as a fresh one.

Each talk is a valid PyVideo video record (pyvideo/data's
``.schemas/video.json``): ``title``, ``slug`` (the talk's id, which days,
events and speakers list), ``speakers`` as names, ``recorded``,
``description``, ``videos`` as ``[{type, url}]``, ``related_urls`` as
``[{label, url}]``; PyVideo's own ``id`` (an integer) is left out. The rest
are ours (``kind``, ``event``, ``url``, ``speaker_ids``, ``speaker_note``,
``slides``, ``cited_works``). URLs are absolute when the site's root URL is
known (``html_baseurl``, from Read the Docs), else relative to the file's
own location (the site root); ``base_url`` says which. Unknown facts are
``null`` or left out, never guessed: URLs that are not safe ``http(s)``
links, dates that are not calendar dates, a ``:kind:`` or ``:category:``
outside its choices (all warned about when read). Only what the html
builder shows is exported: nothing inside ``only`` for other builders.

The schema lives in the package (``conference.schema.json`` beside this
module) and the tests validate every build's file against it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sphinx.util import logging

from confnotes.core.bibtext import plain_text
from confnotes.core.citations import reaches
from confnotes.core.dates import is_date
from confnotes.core.intros import info_of, intro_text
from confnotes.core.records import CATEGORIES, KINDS, UNKNOWN
from confnotes.core.speakers import profile_urls
from confnotes.core.validation import is_safe_url, url_host
from confnotes.site.web.web import WEB_BUILDERS, object_url, site_url

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain
    from confnotes.core.programme import Programme
    from confnotes.core.records import MentionRecord, SpeakerRecord, TalkRecord, ToolRecord

logger = logging.getLogger(__name__)

FILENAME = "conference.json"
SCHEMA = Path(__file__).with_name("conference.schema.json")
#: 2: talks are PyVideo records: their id is ``slug`` only (``id`` was a string)
SCHEMA_VERSION = 2

#: video hosts PyVideo names by type; anything else is a plain ``url``
VIDEO_TYPES = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
}


def known(value: str) -> str | None:
    """Return *value*, or None for an unknown fact."""
    return None if not value or value == UNKNOWN else value


def one_of(value: str, choices: tuple[str, ...]) -> str | None:
    """Return *value* if it is one of *choices* (a ``:kind:``, a ``:category:``), else None."""
    return value if value in choices else None


def date_or_none(value: str) -> str | None:
    """Return an ISO calendar date, or None (unknown, or not a date: warned when read)."""
    return value if is_date(value) else None


def as_uri(url: str) -> str:
    """Return *url* as an ASCII URI (RFC 3986), as PyVideo's ``format: uri`` wants.

    Characters outside ASCII are percent-encoded as UTF-8 (a browser decodes
    them back, the host too); everything already allowed in a URI is kept.
    """
    return url if url.isascii() else quote(url, safe="!#$%&'()*+,/:;=?@[]~")


def video(url: str) -> dict[str, str]:
    """Return PyVideo's ``{type, url}`` for a recording."""
    return {"type": VIDEO_TYPES.get(url_host(url), "url"), "url": as_uri(url)}


class Exporter:
    """Turns the domain's records into the JSON document."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.env = app.env
        self.domain: ConferenceDomain = app.env.domains["conf"]  # type: ignore[assignment]
        self.works = CitedWorks(app)
        #: ids of the talks exported (those the builder shows)
        self.exported: set[str] = set()

    def url(self, docname: str, anchor: str = "") -> str:
        """Return the URL of *docname* (at *anchor*) as the export writes it."""
        return object_url(self.app, docname, anchor)

    def document(self) -> dict[str, Any]:
        """Build the whole export."""
        programme = self.domain.shown().programme
        self.exported = {talk.id for talk in programme.talks}
        return {
            "schema_version": SCHEMA_VERSION,
            "project": self.app.config.project,
            "base_url": site_url(self.app.config) or None,
            "events": self.events(programme),
            "days": self.days(programme),
            "talks": [self.talk(talk) for talk in programme.talks],
            "speakers": [
                self.speaker(record)
                for record in (self.domain.shown_speaker(i) for i in sorted(self.domain.speakers))
                if record is not None
            ],
            "tools": [
                self.tool(record)
                for record in (self.domain.shown_tool(i) for i in sorted(self.domain.tools))
                if record is not None
            ],
        }

    @staticmethod
    def days(programme: Programme) -> list[dict[str, Any]]:
        """List the programme's days that have talks, in order, with their talks."""
        return [
            {
                "event": known(day.event),
                "date": date_or_none(day.date),
                "number": day.number or None,
                "talks": [talk.id for talk in talks],
            }
            for day in programme.days
            if (talks := programme.talks_by_day[day.key])
        ]

    @staticmethod
    def events(programme: Programme) -> list[dict[str, Any]]:
        """List the programme's events that have talks, in order, with their dates and talks."""
        events = []
        for event in programme.events:
            days = [d for d in programme.days if d.event == event and programme.talks_by_day[d.key]]
            if days:
                events.append(
                    {
                        "name": known(event),
                        "days": [date for d in days if (date := date_or_none(d.date))],
                        "talks": [t.id for d in days for t in programme.talks_by_day[d.key]],
                    }
                )
        return events

    def talk(self, talk: TalkRecord) -> dict[str, Any]:
        """Describe one talk as a PyVideo video record, then our own fields.

        PyVideo wants unique ``speakers`` and ``related_urls``: a name or a
        link given twice is listed once.
        """
        speakers = [self.domain.shown_speaker(s) for s in talk.speakers if s != UNKNOWN]
        related = (
            [{"label": "slides", "url": as_uri(talk.slides)}] if is_safe_url(talk.slides) else []
        )
        related += [
            {"label": "link", "url": as_uri(link)} for link in talk.links if is_safe_url(link)
        ]
        return {
            "title": talk.title,
            "slug": talk.id,
            "speakers": list(dict.fromkeys(s.name for s in speakers if s is not None)),
            "recorded": date_or_none(talk.date),
            "day": talk.day or None,
            "description": intro_text(self.app.builder, talk.docname, talk.id),
            "videos": [video(talk.video)] if is_safe_url(talk.video) else [],
            "related_urls": list({(r["label"], r["url"]): r for r in related}.values()),
            "kind": one_of(talk.kind, KINDS),
            "event": known(talk.event),
            "url": self.url(talk.docname, talk.anchor),
            # ids as declared: an alias (another spelling) becomes the id it stands for
            "speaker_ids": list(
                dict.fromkeys(self.domain.speaker_id(s) for s in talk.speakers if s != UNKNOWN)
            ),
            "speaker_note": talk.speaker_note or None,
            "slides": talk.slides if is_safe_url(talk.slides) else None,
            "cited_works": self.works.of(talk),
        }

    def speaker(self, speaker: SpeakerRecord) -> dict[str, Any]:
        """Describe one speaker, with their handles (those with a profile) and talks."""
        handles = {site: getattr(speaker, site) for site in profile_urls(speaker)}
        return {
            "id": speaker.id,
            "name": speaker.name,
            "aliases": list(speaker.aliases),
            "url": self.url(speaker.docname, speaker.anchor),
            "handles": handles,
            "affiliation": speaker.affiliation or None,
            "website": speaker.website if is_safe_url(speaker.website) else None,
            "talks": [talk.id for talk in self.domain.shown_talks_of(speaker.id)],
        }

    def tool(self, tool: ToolRecord) -> dict[str, Any]:
        """Describe one tool, with every mention."""
        return {
            "id": tool.id,
            "name": tool.name,
            "category": one_of(tool.category, CATEGORIES),
            "homepage": tool.homepage if is_safe_url(tool.homepage) else None,
            "description": tool.description or None,
            "url": self.url(tool.docname, tool.anchor),
            "mentions": [self.mention(m) for m in self.domain.shown_mentions_of(tool.id)],
        }

    def mention(self, mention: MentionRecord) -> dict[str, Any]:
        """Say where a tool is mentioned: the place, its page, the talk it belongs to."""
        return {
            "url": self.url(mention.docname, mention.anchor),
            "page": self.url(mention.docname),
            "talk": mention.talk if mention.talk in self.exported else None,
        }


class CitedWorks:
    """The works each talk cites, from sphinxcontrib-bibtex's domain data.

    The bibtex domain knows which keys each citation reference names;
    :mod:`confnotes.core.intros` knows which references follow which talk.
    Without sphinxcontrib-bibtex, no talk cites anything.
    """

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        #: ``(docname, citation reference id)`` -> keys (ids are unique per page only)
        self.keys: dict[tuple[str, str], list[str]] = {}
        self.entries: dict[str, Any] = {}
        self.places: dict[str, str] = {}
        #: works described so far, by key (many talks cite the same work)
        self.described: dict[str, dict[str, Any]] = {}
        if "cite" not in app.env.domains:
            return
        cite: Any = app.env.domains["cite"]
        for ref in getattr(cite, "citation_refs", ()):
            self.keys[ref.docname, ref.citation_ref_id] = [target.key for target in ref.targets]
        self.entries = dict(cite.bibdata.data.entries)
        for citation in reaches(cite):
            self.places.setdefault(
                citation.key,
                object_url(app, citation.bibliography_key.docname, citation.citation_id),
            )

    def of(self, talk: TalkRecord) -> list[dict[str, Any]]:
        """List the works *talk* cites, in the order first cited."""
        info = info_of(self.app.env, talk.docname, talk.id)
        if info is None:
            return []
        keys = dict.fromkeys(
            key for ref in info.citation_refs for key in self.keys.get((talk.docname, ref), ())
        )
        return [self.work(key) for key in keys]

    def work(self, key: str) -> dict[str, Any]:
        """Describe one work: key, title, authors, year and URL (as far as the entry says)."""
        if key not in self.described:
            self.described[key] = self.describe(key)
        return self.described[key]

    def describe(self, key: str) -> dict[str, Any]:
        """Build :meth:`work`'s description of *key* (LaTeX decoded once per key)."""
        entry = self.entries.get(key)
        if entry is None:
            return {"key": key}

        fields = entry.fields
        authors = [
            plain_text(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names))
            for p in entry.persons.get("author", ())
        ]
        url = fields.get("url", "")
        data: dict[str, Any] = {
            "key": key,
            "type": entry.type,
            "title": plain_text(fields["title"]) if "title" in fields else None,
            "authors": authors,
            "year": fields.get("year") or None,
            "url": url if is_safe_url(url) else None,
        }
        if key in self.places:
            data["bibliography_url"] = self.places[key]
        return data


class ExportWriter:
    """Writes the export at ``build-finished``, unless the build changed nothing.

    The export is made from the environment and the pages' URLs alone: a
    build that read no page and wrote none (a no-op) leaves an existing
    export as it is, rather than spending a tenth of the no-op rebuilding it.
    One instance per application.
    """

    def __init__(self) -> None:
        """Nothing read or written yet."""
        self.changed = False

    def note_read(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: pages are read, so the data may change."""
        self.changed = self.changed or bool(docnames)

    def note_written(self, app: Sphinx, doctree: nodes.document, docname: str) -> None:
        """``doctree-resolved``: a page is written (its URL or the settings may have changed)."""
        self.changed = True

    def write(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``: write ``conference.json`` and its schema (html, dirhtml)."""
        changed, self.changed = self.changed, False
        if exception or app.builder.name not in WEB_BUILDERS:
            return
        outdir = Path(app.outdir)
        target = outdir / FILENAME
        if not changed and target.is_file() and (outdir / SCHEMA.name).is_file():
            return
        # compact: without indent json uses its C encoder (0.5 s less at 2,000 talks)
        document = Exporter(app).document()
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        shutil.copyfile(SCHEMA, outdir / SCHEMA.name)
        logger.info("wrote %s", FILENAME)
