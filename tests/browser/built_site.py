"""What the browser tests know about the site, read from its html build.

``conference.json`` (the site's own export) lists every talk with its page,
recordings and speakers, and every speaker and tool with the page that holds
it; the pages of the views are found by what they hold. Nothing here names
today's talks, pages or counts: a contributor who adds talks, days, speakers
or tools changes these facts, and the tests follow.

A module of its own rather than names in ``conftest``: ``tests/`` has a
``conftest`` too, and whichever pytest loaded last owns that name.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

#: the hosts of a YouTube "watch" link (the facade is made for these and youtu.be)
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}


@dataclass(frozen=True)
class Talk:
    """A talk as the export lists it."""

    ident: str
    title: str
    kind: str
    page: str
    anchor: str
    speakers: tuple[str, ...]
    videos: tuple[str, ...]


@dataclass(frozen=True)
class Speaker:
    """A speaker as the export lists it."""

    ident: str
    name: str
    page: str
    anchor: str
    talks: tuple[str, ...]


@dataclass(frozen=True)
class Tool:
    """A glossary entry as the export lists it, with the talks that mention it."""

    ident: str
    name: str
    category: str
    #: "" for a tool declared without one (the export says null)
    description: str
    page: str
    anchor: str
    talks: tuple[str, ...]


def split_url(url: str) -> tuple[str, str]:
    """``page.html#anchor`` -> ``("page.html", "anchor")``."""
    page, _sep, anchor = url.partition("#")
    return page, anchor


def youtube_id(url: str) -> str | None:
    """The video id of a plain YouTube link (``watch?v=`` or ``youtu.be/``), else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in YOUTUBE_HOSTS and parts.path == "/watch":
        ids = parse_qs(parts.query).get("v", [])
        return ids[0] if len(ids) == 1 else None
    if host == "youtu.be":
        return parts.path.strip("/") or None
    return None


def html_pages(root: Path) -> list[str]:
    """Every page of a build, as URL paths relative to its root (no ``_static``, no dotfiles)."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts)
    )


def _most_common(pages: list[str]) -> str | None:
    return Counter(pages).most_common(1)[0][0] if pages else None


@dataclass(frozen=True)
class BuiltSite:
    """An html build of the site and the facts the tests derive from it."""

    root: Path

    @functools.cached_property
    def data(self) -> dict[str, Any]:
        """``conference.json``, parsed."""
        loaded: dict[str, Any] = json.loads(
            (self.root / "conference.json").read_text(encoding="utf-8")
        )
        return loaded

    @functools.cached_property
    def pages(self) -> list[str]:
        """Every html page of the build."""
        return html_pages(self.root)

    def place(self, url: str) -> tuple[str, str]:
        """``(page, anchor)`` of a URL of the export (absolute when the build knew its base URL)."""
        base = self.data["base_url"] or ""
        return split_url(url.removeprefix(base) if base else url)

    @functools.cached_property
    def talks(self) -> list[Talk]:
        """Every talk, in running order (a talk's id is its PyVideo ``slug``)."""
        return [
            Talk(
                ident=t["slug"],
                title=t["title"],
                kind=t["kind"],
                page=self.place(t["url"])[0],
                anchor=self.place(t["url"])[1],
                speakers=tuple(t["speaker_ids"]),
                videos=tuple(v["url"] for v in t["videos"]),
            )
            for t in self.data["talks"]
        ]

    @functools.cached_property
    def speakers(self) -> list[Speaker]:
        """Every speaker."""
        return [
            Speaker(s["id"], s["name"], *self.place(s["url"]), tuple(s["talks"]))
            for s in self.data["speakers"]
        ]

    @functools.cached_property
    def tools(self) -> list[Tool]:
        """Every glossary entry."""
        return [
            Tool(
                ident=t["id"],
                name=t["name"],
                category=t["category"],
                description=t["description"] or "",
                page=self.place(t["url"])[0],
                anchor=self.place(t["url"])[1],
                talks=tuple(dict.fromkeys(m["talk"] for m in t["mentions"])),
            )
            for t in self.data["tools"]
        ]

    def html(self, page: str) -> str:
        """The text of a built page."""
        return (self.root / page).read_text(encoding="utf-8")

    def pages_holding(self, css_class: str) -> list[str]:
        """The pages with an element of class *css_class* (a view's mark), in order."""
        pattern = re.compile(rf"""class="(?:[^"]* )?{re.escape(css_class)}(?: [^"]*)?\"""")
        return [page for page in self.pages if pattern.search(self.html(page))]

    @functools.cached_property
    def recorded_talk(self) -> Talk | None:
        """The first talk (running order) alone on its page with a YouTube recording in place."""
        alone = Counter(t.page for t in self.talks)
        for talk in self.talks:
            if alone[talk.page] == 1 and any(youtube_id(v) for v in talk.videos):
                if "data-conf-embed" in self.html(talk.page):
                    return talk
        return None

    @functools.cached_property
    def view_pages(self) -> dict[str, str]:
        """The pages holding the generated views, by view: only the views the site has."""
        views = {
            "talk": self.recorded_talk.page if self.recorded_talk else None,
            "speakers": _most_common([s.page for s in self.speakers]),
            "tools": _most_common([t.page for t in self.tools]),
            "lightning": next(iter(self.pages_holding("conf-lightning-index")), None),
        }
        return {name: page for name, page in views.items() if page}

    def video_of(self, talk: Talk) -> str:
        """The id of the talk's (first) YouTube recording."""
        return next(vid for url in talk.videos if (vid := youtube_id(url)))
