r"""schema.org JSON-LD on talk pages: an Event per talk, its performers, its recording.

Search engines read structured data from ``<script type="application/ld+json">``.
Every talk declared on a page becomes an ``Event`` (name, description,
date, the conference as ``superEvent``, each known speaker as a ``Person``
``performer``) with a ``VideoObject`` as ``recordedIn`` when there is a
recording. Only what the records say is written: no made-up location,
upload date or thumbnail, and URLs only when they are absolute and safe.

The script goes into the page's ``metatags`` (``html-page-context``). Its
text is ``json.dumps`` output with ``<``, ``>`` and ``&`` escaped as
``\u003c`` etc., so no value (a title with ``</script>``) can end the
element early; the JSON it parses to is unchanged.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from confnotes.core.intros import intro_text, pages
from confnotes.core.records import UNKNOWN
from confnotes.core.speakers import profile_urls
from confnotes.core.validation import is_safe_url
from confnotes.site.web.web import object_url

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from confnotes.core.domain import ConferenceDomain
    from confnotes.core.records import SpeakerRecord, TalkRecord

CONTEXT = "https://schema.org"


def script_json(data: Any) -> str:
    """Return *data* as JSON that is safe inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def profiles(speaker: SpeakerRecord) -> list[str]:
    """Return the speaker's profile and web site URLs (``sameAs``)."""
    urls = list(profile_urls(speaker).values())
    if speaker.website and is_safe_url(speaker.website):
        urls.append(speaker.website)
    return urls


def person(app: Sphinx, speaker: SpeakerRecord) -> dict[str, Any]:
    """Describe *speaker* as a schema.org ``Person``."""
    data: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    url = object_url(app, speaker.docname, speaker.anchor, absolute_only=True)
    if url:
        data["url"] = url
    if same_as := profiles(speaker):
        data["sameAs"] = same_as
    if speaker.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": speaker.affiliation}
    return data


def event(app: Sphinx, domain: ConferenceDomain, talk: TalkRecord) -> dict[str, Any]:
    """Describe *talk* as a schema.org ``Event``."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Event", "name": talk.title}
    url = object_url(app, talk.docname, talk.anchor, absolute_only=True)
    if url:
        data["@id"] = url
        data["url"] = url
    if description := intro_text(app.builder, talk.docname, talk.id):
        data["description"] = description
    if talk.date != UNKNOWN:
        data["startDate"] = talk.date
    if talk.event != UNKNOWN:
        data["superEvent"] = {"@type": "Event", "name": talk.event}
    performers = [
        person(app, speaker)
        for speaker in (
            domain.shown_speaker(s) for s in dict.fromkeys(talk.speakers) if s != UNKNOWN
        )
        if speaker is not None
    ]
    if performers:
        data["performer"] = performers
    if talk.video and is_safe_url(talk.video):
        data["recordedIn"] = {"@type": "VideoObject", "name": talk.title, "url": talk.video}
    if talk.slides and is_safe_url(talk.slides):
        data["subjectOf"] = {
            "@type": "PresentationDigitalDocument",
            "name": f"Slides: {talk.title}",
            "url": talk.slides,
        }
    return data


def page_data(app: Sphinx, pagename: str) -> dict[str, Any] | None:
    """Return the JSON-LD of *pagename*: one Event, a ``@graph`` of several, or None."""
    domain: ConferenceDomain = app.env.domains["conf"]  # type: ignore[assignment]
    declared = pages(app.env).get(pagename, {})
    talks = [
        talk
        for talk in (domain.talks.get(talk_id, {}).get(pagename) for talk_id in declared)
        if talk is not None and domain.is_shown(talk)  # not inside ``only`` for other builders
    ]
    if not talks:
        return None
    events = [event(app, domain, talk) for talk in sorted(talks, key=lambda t: t.lineno)]
    if len(events) == 1:
        return events[0]
    for item in events:
        item.pop("@context")
    return {"@context": CONTEXT, "@graph": events}


def add_json_ld(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: put the page's JSON-LD into its ``<head>``."""
    if doctree is None or app.builder.format != "html" or app.builder.name == "epub":
        return
    data = page_data(app, pagename)
    if data is None:
        return
    context["metatags"] = (
        context.get("metatags", "")
        + '<script type="application/ld+json">'
        + script_json(data)
        + "</script>\n"
    )
