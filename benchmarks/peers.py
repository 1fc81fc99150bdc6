"""The peers' variants of the generated conference: ablog and sphinx-needs (issue 21).

The same conference as ``generate.py`` writes (same seed, talks, speakers,
tools, text, citations and mentions), written as a user of each peer would
write it, so that ``run.py`` can build it beside confnotes and the floor:

* ``ablog``: a post per talk (``.. post::`` with its date and time, the
  speakers as ``:author:``, the tools it mentions as ``:tags:``, the event
  as ``:category:``), several posts on a lightning page (ablog's sections
  as posts), mentions as ``:ref:`` links to the tag and author pages,
  ``:ref:`` to the previous post. The views are ablog's: the archive pages
  it generates (``blog/tag/*``, ``blog/author/*``, ``blog/category/*``,
  ``blog/archive``, the catalogs), a ``postlist`` per event on the front
  page and one of the lightning category on ``lightning``; the speakers and
  tools pages are the floor's text, each entry linking to its archive page.
* ``needs``: a need per talk (``.. talk::``), speaker and tool, talks
  linking to their speakers (``:speaker:``), to the tools they mention
  (``:mentions:``) and to the previous talk (``:links:``); prose mentions
  are ``:need:`` references; the programme (one ``needtable`` per day under
  the floor's headings and toctrees), the speaker list, the glossary (one
  per category) and the lightning index are ``needtable`` views, the
  incoming links (``speaker_back``, ``mentions_back``) giving each speaker's
  talks and each tool's "mentioned in".

Both keep myst_parser, sphinx_design and sphinxcontrib.bibtex and furo, with
the floor's navigation (none: ``generate.NAV_HOOK``); ablog's sidebar gets
its documented per-post widgets whose size does not grow with the site
(``postcard``, recent posts, categories, archives), not the tag cloud and
the author list (every tag and author on every page).
"""

from __future__ import annotations

import datetime
import re

import generate
from generate import Markup, Talk

#: ablog's category of the lightning talks (their event is the other one)
LIGHTNING_CATEGORY = "Lightning talks"
#: the day's first slot (ablog orders posts by date and time)
DAY_START = datetime.time(8, 0)
SLOT_MINUTES = 15


def slugify(text: str) -> str:
    """ablog's slug (``ablog.blog.slugify``) for names made of ASCII words."""
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def need_id(plain_id: str) -> str:
    """The conference id as a need id (``needs_id_regex``: ``^[A-Z0-9_]{5,}``)."""
    return plain_id.upper().replace("-", "_")


def post_time(talk: Talk) -> str:
    """The talk's date and time: the day's running order as ablog sorts it."""
    start = datetime.datetime.combine(datetime.date.fromisoformat(talk.date), DAY_START)
    return f"{start + datetime.timedelta(minutes=SLOT_MINUTES * (talk.slot - 1)):%Y-%m-%d %H:%M}"


class AblogMarkup(generate.PlainMarkup):
    """A post per talk; views are ablog's archive pages and postlists."""

    variant = "ablog"
    extensions = ("ablog",)

    def tool(self, tool_id: str, explicit: bool) -> str:
        name = self.conf.tools[tool_id].name
        ref = f"tag-{slugify(name)}"
        return f":ref:`{name} <{ref}>`" if explicit else f":ref:`{ref}`"

    def speaker(self, speaker_id: str) -> str:
        return f":ref:`author-{slugify(speaker_id)}`"

    def talk_ref(self, talk_id: str) -> str:
        talk = self.by_id[talk_id]
        if talk.kind == "lightning":  # ablog registers no label for a section's post
            return f":doc:`{talk.title} </{talk.docname}>`"
        return f":ref:`{talk_id}`"  # ablog's label: the post's file name

    def tags(self, talk: Talk) -> str:
        return ", ".join(self.conf.tools[t].name for t in talk.tools)

    def talk_header(self, talk: Talk) -> list[str]:
        categories = [talk.event] + ([LIGHTNING_CATEGORY] if talk.kind == "lightning" else [])
        lines = [f".. post:: {post_time(talk)}"]
        authors = [s for s in talk.speakers if s in self.conf.speakers]
        if authors:
            lines.append(f"   :author: {', '.join(authors)}")
        lines += [f"   :tags: {self.tags(talk)}", f"   :category: {', '.join(categories)}", ""]
        # the facts ablog has no field for, as the floor writes them
        lines += [
            ".. container:: conf-talk-header",
            "",
            f"   :Kind: {talk.kind}",
            f"   :Slot: {talk.slot}",
        ]
        if talk.speaker_note:
            lines.append(f"   :Speaker: unknown ({talk.speaker_note})")
        if talk.kind != "lightning":
            lines += [
                f"   :Slides: https://slides.example.org/{talk.id}.html",
                f"   :Video: https://video.example.org/watch?v={talk.id}",
            ]
        lines.append(f"   :Links: https://{talk.id}.example.org/ https://example.org/{talk.id}")
        return lines

    def speakers_page(self) -> list[str]:
        out = ["Speakers", "========", "", "Everyone who spoke.", ""]
        for s in sorted(self.conf.speakers.values(), key=lambda s: s.name.casefold()):
            out += [f"**{s.name}**", ""]
            out.append(f"- Affiliation: {s.affiliation or 'unknown'}")
            if s.twitter:
                out.append(f"- Twitter: `@{s.twitter} <https://twitter.com/{s.twitter}>`__")
            if s.github:
                out.append(f"- GitHub: `{s.github} <https://github.com/{s.github}>`__")
            out += ["", s.bio, "", f"Talks: {self.speaker(s.id)}.", ""]
        out += ["All speakers and their talks: :ref:`blog-authors`.", ""]
        return out

    def tools_page(self) -> list[str]:
        out = ["Tools", "=====", "", "Every tool the talks mention.", ""]
        tools = sorted(self.conf.tools.values(), key=lambda t: (t.category, t.name.casefold()))
        for category in sorted({t.category for t in tools}):
            group = [t for t in tools if t.category == category]
            out += [f".. rubric:: {category.capitalize()} ({len(group)})", ""]
            for t in group:
                out += [t.name, f"   {t.description}", ""]
                if t.homepage:
                    out += [f"   Homepage: {t.homepage}", ""]
                if t.talks:  # ablog makes a tag page for a tag some post has
                    out += [f"   Mentioned in: {self.tool(t.id, False)}", ""]
        out += ["All tools and the talks that mention them: :ref:`blog-tags`.", ""]
        return out

    def lightning_index_page(self) -> list[str]:
        return [
            "Lightning index",
            "===============",
            "",
            "Every lightning talk, by event and day.",
            "",
            ".. postlist::",
            f"   :category: {LIGHTNING_CATEGORY}",
            "   :sort:",
            "   :date: %A %d %B %Y",
            "   :format: {date} — {title} — {author} — {tags}",
            "",
        ]

    def programme(self) -> list[str]:
        conf = self.conf
        out = [
            f"The programme: {len(conf.all_talks)} talks ({len(conf.lightning)} of them"
            f" lightning talks) on {len(conf.days)} days of {len(conf.events)} events.",
            "All talks: :ref:`blog-posts`; by event: :ref:`blog-categories`.",
            "",
        ]
        for event in conf.events:
            out += [
                f".. rubric:: {event}",
                "",
                ".. postlist::",
                f"   :category: {event}",
                "   :sort:",
                "   :date: %A %d %B, %H:%M",
                "   :format: {date} — {title} — {author}",
                "",
            ]
        return out

    def mention_edit(self, talk: Talk, new_tool: str) -> list[list[str]]:
        """A new mention is a new tag too: the tag page lists the post."""
        tags = self.tags(talk)
        return [
            *super().mention_edit(talk, new_tool),
            [f"   :tags: {tags}\n", f"   :tags: {tags}, {self.conf.tools[new_tool].name}\n"],
        ]

    def title_edit(self, talk: Talk, new: str) -> list[list[str]]:
        return []  # the post's title is its section's

    def settings(self, ext_dir: str) -> str:
        authors = "".join(
            f"\n    {s.id!r}: ({s.name!r}, "
            + (f"'https://github.com/{s.github}'" if s.github else "None")
            + "),"
            for s in self.conf.speakers.values()
        )
        return ABLOG_SETTINGS.format(authors=authors)


ABLOG_SETTINGS = """
# ablog (issue 21's peer): a blog of the talks, see benchmarks/peers.py
blog_path = "blog"
blog_title = "Synthetic conference"
blog_baseurl = "https://bench.invalid/"
post_date_format = "%Y-%m-%d %H:%M"
# the lightning talks are sections of a page of the day (their own titles),
# however many a day has
post_always_section = True
# archive pages list post titles, as confnotes' views do (not the excerpts),
# and the feed its titles (every post, as conference.json has every talk)
blog_archive_titles = True
blog_feed_titles = True
blog_authors = {{{authors}
}}
# furo cannot render ablog's page.html (it extends layout.html): as ablog's
# manual says for such themes, ablog's own templates are left out and its
# namespaced ones (ablog/*.html: archive pages, sidebars) are the project's
# (a link to them, made once)
import pathlib

import ablog

skip_injecting_base_ablog_templates = True
templates_path = ["_templates"]
_ablog_templates = pathlib.Path(__file__).parent / "_templates" / "ablog"
if not _ablog_templates.exists():
    _ablog_templates.parent.mkdir(exist_ok=True)
    _ablog_templates.symlink_to(pathlib.Path(ablog.get_html_templates_path()) / "ablog")
# furo's sidebar, with ablog's per-post widgets whose size does not grow with
# the site (not the tag cloud and the author list: every tag and author on
# every page)
html_sidebars = {{
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "ablog/postcard.html",
        "sidebar/navigation.html",
        "ablog/recentposts.html",
        "ablog/categories.html",
        "ablog/archives.html",
        "sidebar/scroll-end.html",
    ]
}}
"""


class NeedsMarkup(generate.PlainMarkup):
    """A need per talk, speaker and tool; views are ``needtable`` s."""

    variant = "needs"
    extensions = ("sphinx_needs",)

    def tool(self, tool_id: str, explicit: bool) -> str:
        name = self.conf.tools[tool_id].name
        return f":need:`{name} <{need_id(tool_id)}>`" if explicit else f":need:`{need_id(tool_id)}`"

    def speaker(self, speaker_id: str) -> str:
        return f":need:`{self.conf.speakers[speaker_id].name} <{need_id(speaker_id)}>`"

    def talk_ref(self, talk_id: str) -> str:
        return f":need:`{need_id(talk_id)}`"

    def mentions(self, talk: Talk) -> str:
        return ", ".join(need_id(t) for t in talk.tools)

    def talk_header(self, talk: Talk) -> list[str]:
        lines = [f".. talk:: {talk.title}", f"   :id: {need_id(talk.id)}"]
        speakers = [need_id(s) for s in talk.speakers if s in self.conf.speakers]
        if speakers:
            lines.append(f"   :speaker: {', '.join(speakers)}")
        if talk.speaker_note:
            lines.append(f"   :speaker_note: {talk.speaker_note}")
        lines.append(f"   :mentions: {self.mentions(talk)}")
        if talk.see_also:
            lines.append(f"   :links: {need_id(talk.see_also)}")
        lines += [
            f"   :kind: {talk.kind}",
            f"   :event: {talk.event}",
            f"   :date: {talk.date}",
            f"   :slot: {talk.slot}",
        ]
        if talk.kind != "lightning":
            lines += [
                f"   :slides: https://slides.example.org/{talk.id}.html",
                f"   :video: https://video.example.org/watch?v={talk.id}",
            ]
        lines.append(f"   :urls: https://{talk.id}.example.org/ https://example.org/{talk.id}")
        return lines

    def speakers_page(self) -> list[str]:
        out = [
            "Speakers",
            "========",
            "",
            "Everyone who spoke.",
            "",
            ".. needtable:: Speakers",
            "   :types: speaker",
            '   :columns: title as "Speaker"; affiliation; twitter; github;'
            ' speaker_back as "Talks"',
            "   :sort: title",
            "",
        ]
        for s in self.conf.speakers.values():
            out += [f".. speaker:: {s.name}", f"   :id: {need_id(s.id)}"]
            if s.affiliation:
                out.append(f"   :affiliation: {s.affiliation}")
            if s.twitter:
                out.append(f"   :twitter: {s.twitter}")
            if s.github:
                out.append(f"   :github: {s.github}")
            out += ["", f"   {s.bio}", ""]
        return out

    def tools_page(self) -> list[str]:
        out = ["Tools", "=====", "", "Every tool the talks mention.", ""]
        for category in sorted({t.category for t in self.conf.tools.values()}):
            out += [
                f".. needtable:: {category.capitalize()}",
                f'   :filter: type == "tool" and category == "{category}"',
                '   :columns: title as "Tool"; homepage; mentions_back as "Mentioned in"',
                "   :sort: title",
                "",
            ]
        for t in self.conf.tools.values():
            out += [
                f".. tool:: {t.name}",
                f"   :id: {need_id(t.id)}",
                f"   :category: {t.category}",
            ]
            if t.homepage:
                out.append(f"   :homepage: {t.homepage}")
            out += ["", f"   {t.description}", ""]
        return out

    def lightning_index_page(self) -> list[str]:
        return [
            "Lightning index",
            "===============",
            "",
            "Every lightning talk, by event and day.",
            "",
            ".. needtable:: Lightning talks",
            '   :filter: type == "talk" and kind == "lightning"',
            '   :columns: title as "Talk"; event; date; speaker as "Speakers"; mentions as "Tools"',
            "   :sort: id",
            "",
        ]

    def day_listing(self, date: str, talks: list[Talk]) -> list[str]:
        """The floor's day headings and toctrees; the day's talks a ``needtable``."""
        return [
            ".. needtable::",
            f'   :filter: type == "talk" and date == "{date}"',
            '   :columns: title as "Talk"; kind; speaker as "Speakers"',
            "   :sort: slot",
        ]

    def mention_edit(self, talk: Talk, new_tool: str) -> list[list[str]]:
        """A new mention is a new ``mentions`` link too: the glossary lists it."""
        mentions = self.mentions(talk)
        return [
            *super().mention_edit(talk, new_tool),
            [f"   :mentions: {mentions}\n", f"   :mentions: {mentions}, {need_id(new_tool)}\n"],
        ]

    def title_edit(self, talk: Talk, new: str) -> list[list[str]]:
        return [[f".. talk:: {talk.title}\n", f".. talk:: {new}\n"]]

    def settings(self, ext_dir: str) -> str:
        return NEEDS_SETTINGS


NEEDS_SETTINGS = """
# sphinx-needs (issue 21's peer): typed records, see benchmarks/peers.py
needs_types = [
    {"directive": "talk", "title": "Talk", "prefix": "TALK_", "color": "#BFD8D2", "style": "node"},
    {"directive": "speaker", "title": "Speaker", "prefix": "SPEAKER_", "color": "#FEDCD2",
     "style": "actor"},
    {"directive": "tool", "title": "Tool", "prefix": "TOOL_", "color": "#DF744A", "style": "node"},
]
needs_id_required = True
_text = {"schema": {"type": "string"}, "nullable": True}
needs_fields = {
    "kind": _text, "event": _text, "date": _text,
    "slot": {"schema": {"type": "integer"}, "nullable": True},
    "slides": _text, "video": _text, "urls": _text, "speaker_note": _text,
    "affiliation": _text, "twitter": _text, "github": _text,
    "category": _text, "homepage": _text,
}
# link cells and references show the linked need's title, as confnotes' views do
needs_show_link_title = True
needs_show_link_id = False
needs_links = {
    "speaker": {"outgoing": "speakers", "incoming": "talks"},
    "mentions": {"outgoing": "mentions", "incoming": "mentioned in"},
}
"""

MARKUPS: dict[str, type[Markup]] = {"ablog": AblogMarkup, "needs": NeedsMarkup}
