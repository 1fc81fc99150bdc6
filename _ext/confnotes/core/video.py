"""The recording in place, privately: a click-to-play facade for YouTube videos.

The talk header carries a :class:`video_facade` for a YouTube recording. In
HTML it is a box with a (hidden) ``<button>``; ``confnotes.js`` shows the
button and, only when the reader presses it, replaces it with a
``youtube-nocookie.com`` player. Until then nothing is requested from any
third-party host: no player, no thumbnail (the box is drawn by CSS). Without
scripts the button stays hidden and the header's plain "Video" link is the
way to the recording; other builders fall back to the node's children (a
plain link), as for any container.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from docutils import nodes

from confnotes.core.dates import COUNT
from confnotes.core.validation import is_safe_url, split_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

#: the player's origin: YouTube's privacy-enhanced mode (no cookies until play)
EMBED = "https://www.youtube-nocookie.com/embed/"

VIDEO_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
#: a start time, each part a count (``dates.COUNT``: a longer number is no time; one of
#: more than 4,300 digits, which Python refuses to read, stopped the build)
START_RE = re.compile(rf"(?:({COUNT})h)?(?:({COUNT})m)?(?:({COUNT})s?)?")
WATCH_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}


class video_facade(nodes.container):  # type: ignore[misc]
    """A click-to-play YouTube recording; a plain container of its link elsewhere.

    Attributes: ``embed`` (the player URL, built here from a checked id) and
    ``title`` (the talk's title, for the button and the player's name).
    """


def youtube_embed(url: str) -> str | None:
    """Return the nocookie player URL of a YouTube video URL, or None.

    Only an 11-character video id and a start time in seconds survive: the
    player URL is never built from anything else the source says.
    """
    parts = split_url(url) if is_safe_url(url) else None
    if parts is None:
        return None
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    segments = [s for s in parts.path.split("/") if s]
    video = ""
    if host == "youtu.be" and segments:
        video = segments[0]
    elif host in WATCH_HOSTS:
        if parts.path == "/watch":
            video = query.get("v", [""])[0]
        elif len(segments) == 2 and segments[0] in {"embed", "live", "shorts", "v"}:
            video = segments[1]
    if not VIDEO_ID_RE.fullmatch(video):
        return None
    start = start_seconds(query.get("t", query.get("start", [""]))[0])
    return f"{EMBED}{video}" + (f"?start={start}" if start else "")


def start_seconds(value: str) -> int:
    """``90``, ``90s`` or ``1m30s`` as seconds (0 when absent or unreadable)."""
    match = START_RE.fullmatch(value) if value else None
    if not match:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def facade(url: str, title: str) -> video_facade | None:
    """Return the facade of the recording at *url*, or None if it is not on YouTube."""
    embed = youtube_embed(url)
    if embed is None:
        return None
    link = nodes.reference(url, url, refuri=url)
    return video_facade(
        "",
        nodes.paragraph("", "Recording: ", link),
        embed=embed,
        title=title,
        classes=["conf-video"],
    )


def visit_video_facade_html(self: HTML5Translator, node: video_facade) -> None:
    """Write the box and its hidden play button (all text escaped by starttag/encode).

    The children (the plain link) are skipped: the header's "Video" link is
    the scriptless way to the recording.
    """
    title = node.get("title", "")
    self.body.append(
        self.starttag(
            node, "div", "", **{"data-conf-embed": node["embed"], "data-conf-title": title}
        )
    )
    self.body.append(
        self.starttag({}, "button", "", type="button", hidden="hidden", CLASS="conf-video-play")
    )
    self.body.append(
        self.starttag({}, "span", "", CLASS="conf-video-icon", **{"aria-hidden": "true"})
    )
    self.body.append("</span>")
    for css_class, text in (
        ("conf-video-label", "Play the recording"),
        ("conf-video-title", title),
        ("conf-video-note", "Loads the YouTube player (youtube-nocookie.com) when pressed"),
    ):
        self.body.append(self.starttag({}, "span", "", CLASS=css_class))
        self.body.append(self.encode(text))
        self.body.append("</span>")
    self.body.append("</button></div>\n")
    raise nodes.SkipNode


def setup_video(app: Sphinx) -> None:
    """Register the facade node and the script that plays it (:mod:`confnotes.core.assets`)."""
    app.add_node(video_facade, html=(visit_video_facade_html, None))
    app.setup_extension("confnotes.core.assets")
