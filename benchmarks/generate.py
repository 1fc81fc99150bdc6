"""Generate a synthetic conference of N talks to benchmark the build.

Variants of the same content (same seed, talks, speakers, tools, text,
citations and mentions):

* ``ext`` (default): the site's own markup (``talk``/``speaker``/``tool``
  directives, ``speaker-grid``, ``tool-glossary``, ``lightning-index``, the
  ``:tool:``, ``:speaker:`` and ``:talk:`` roles), built with ``confnotes``
  and the extensions the site ships with;
* ``plain`` (``--plain``): the same text with that markup replaced by plain
  reStructuredText of about the same size (field lists, labels and
  ``:ref:`` links, static lists), built without ``confnotes`` -- the
  plain-Sphinx floor. Every variant keeps myst_parser, sphinx_design and
  sphinxcontrib.bibtex (every talk cites a reference), so the difference
  with the floor is the cost of the extension only;
* ``ablog`` and ``needs``: the conference as a user of each peer writes it
  (``peers.py``).

The talks are spread over events of 5 days (one event per 100 talks: 20
events x 5 days at N=2000, 2 x 5 at N=200), each talk with ``:event:``,
``:date:`` and ``:slot:``; each day's lightning talks share a page of that
day; ``index.rst`` holds the ``programme`` and a "More" toctree (speakers,
tools, lightning index, references): the site's own structure.

The output is deterministic for a given (N, seed). A ``manifest.json`` next
to the sources tells ``run.py`` which talk to edit for the incremental
rebuilds, how, and which pages each edit may re-write.

Usage::

    python benchmarks/generate.py 200 /tmp/conf-200
    python benchmarks/generate.py 200 /tmp/conf-200-plain --plain
    python benchmarks/generate.py 200 /tmp/conf-200-ablog --variant ablog
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "_ext"))

from confnotes.core.dates import date_label  # noqa: E402  (the pages' own day labels)
from confnotes.core.records import CATEGORIES  # noqa: E402  (the extension's own list)

#: talks per event: 20 events at N=2000, 2 at N=200 (at least one)
TALKS_PER_EVENT = 100
#: days per event
DAYS = 5
FIRST_DAY = datetime.date(2013, 1, 7)
FIRST = (
    "Ada",
    "Alex",
    "Ania",
    "Bruno",
    "Carla",
    "Chen",
    "Dana",
    "Emil",
    "Erin",
    "Farah",
    "Gil",
    "Hana",
    "Ivan",
    "Jo",
    "Kai",
    "Lena",
    "Marek",
    "Nina",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Vik",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
)
LAST = (
    "Abbott",
    "Baker",
    "Castro",
    "Dvorak",
    "Evans",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nowak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Urban",
    "Varga",
    "Weber",
    "Xu",
    "Young",
    "Zielinski",
    "Lewandowski",
    "Ramos",
    "Haddad",
    "Novak",
    "Berg",
    "Costa",
    "Dumas",
    "Engel",
    "Frost",
    "Gray",
    "Hale",
    "Ibsen",
    "Juarez",
    "Klein",
)
WORDS = (
    "process",
    "socket",
    "queue",
    "cache",
    "template",
    "migration",
    "schema",
    "query",
    "worker",
    "signal",
    "request",
    "response",
    "session",
    "model",
    "view",
    "form",
    "admin",
    "test",
    "fixture",
    "deploy",
    "monitor",
    "profile",
    "thread",
    "event",
    "loop",
    "payment",
    "search",
    "index",
    "stream",
    "upload",
    "storage",
    "backend",
    "frontend",
    "widget",
    "router",
    "middleware",
    "cluster",
    "replica",
    "shard",
    "backup",
    "metric",
    "alert",
)
TITLE_HEADS = (
    "Scaling",
    "Taming",
    "Testing",
    "Profiling",
    "Securing",
    "Migrating",
    "Rethinking",
    "Deploying",
    "Debugging",
    "Caching",
    "Shipping",
    "Understanding",
)
TOOL_PARTS_A = ("zen", "fast", "micro", "hyper", "py", "red", "blue", "iron", "swift", "deep")
TOOL_PARTS_B = ("queue", "cache", "db", "mq", "web", "flow", "log", "stack", "grid", "test")


@dataclass
class Speaker:
    """A synthetic speaker."""

    id: str
    name: str
    twitter: str
    github: str
    affiliation: str
    bio: str
    talks: list[str] = field(default_factory=list)


@dataclass
class Tool:
    """A synthetic tool."""

    id: str
    name: str
    category: str
    homepage: str
    description: str
    talks: list[str] = field(default_factory=list)


@dataclass
class Talk:
    """A synthetic talk (page or lightning section)."""

    id: str
    title: str
    speakers: list[str]
    kind: str
    event: str
    date: str
    slot: int
    tools: list[str]
    cite: str
    docname: str
    see_also: str = ""
    speaker_note: str = ""
    paragraphs: list[str] = field(default_factory=list)


def sentence(rng: random.Random, n: int = 12) -> str:
    """A plain sentence of *n* words."""
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def unique_names(rng: random.Random, count: int) -> list[str]:
    """*count* distinct person names."""
    pairs = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(pairs)
    names = []
    for i in range(count):
        base = pairs[i % len(pairs)]
        names.append(base if i < len(pairs) else f"{base} {i // len(pairs) + 1}")
    return names


@dataclass
class Conference:
    """All the synthetic data, before it is written in either markup."""

    n: int
    speakers: dict[str, Speaker]
    tools: dict[str, Tool]
    talks: list[Talk]
    lightning: list[Talk]
    bib_keys: list[str]
    #: (event, date) of every day, in order
    days: list[tuple[str, str]]

    @property
    def all_talks(self) -> list[Talk]:
        """Regular talks then lightning talks."""
        return self.talks + self.lightning

    @property
    def events(self) -> list[str]:
        """Event names, in order."""
        return list(dict.fromkeys(event for event, _ in self.days))

    def lightning_pages(self) -> dict[tuple[str, str], list[Talk]]:
        """Lightning talks of each day that has some (one page per day, like the site)."""
        pages: dict[tuple[str, str], list[Talk]] = {}
        for talk in self.lightning:
            pages.setdefault((talk.event, talk.date), []).append(talk)
        return pages


def make_days(n: int) -> list[tuple[str, str]]:
    """``(event, date)`` of each day: one event per 100 talks, 5 days each."""
    days = []
    for e in range(max(1, n // TALKS_PER_EVENT)):
        first = FIRST_DAY + datetime.timedelta(weeks=2 * e)
        for d in range(DAYS):
            days.append((f"Synthetic Con {e + 1:02d}", str(first + datetime.timedelta(days=d))))
    return days


def lightning_docname(event: str, date: str) -> str:
    """The page holding one day's lightning talks."""
    number = event.rsplit(" ", 1)[1]
    return f"talks/lightning-{number}-{date}"


def make_conference(n: int, seed: int) -> Conference:
    """Draw the speakers, tools, talks, mentions and citations."""
    rng = random.Random(seed)
    n_speakers = max(2, n // 2)
    n_tools = max(6, n // 4)
    n_lightning = max(1, n // 10)
    n_bib = max(1, n // 5)

    speakers: dict[str, Speaker] = {}
    for i, name in enumerate(unique_names(rng, n_speakers), start=1):
        sid = f"speaker-{i:05d}"
        handle = (name.replace(" ", "").lower() + str(i))[-15:]
        speakers[sid] = Speaker(
            id=sid,
            name=name,
            twitter=handle if i % 3 else "",
            github=handle if i % 2 else "",
            affiliation=f"{rng.choice(TITLE_HEADS)} Labs" if i % 4 else "",
            bio=sentence(rng, 14),
        )

    tools: dict[str, Tool] = {}
    for i in range(1, n_tools + 1):
        tid = f"{rng.choice(TOOL_PARTS_A)}{rng.choice(TOOL_PARTS_B)}-{i:04d}"
        tools[tid] = Tool(
            id=tid,
            name=tid.capitalize(),
            category=rng.choice(CATEGORIES),
            homepage=f"https://{tid}.example.org/" if i % 3 else "",
            description=sentence(rng, 10),
        )
    tool_ids = list(tools)
    popular = tool_ids[:5]
    bib_keys = [f"ref{i:05d}" for i in range(1, n_bib + 1)]
    speaker_ids = list(speakers)

    def pick_tools(k: int) -> list[str]:
        chosen = [rng.choice(popular)]
        while len(chosen) < k:
            t = rng.choice(tool_ids)
            if t not in chosen:
                chosen.append(t)
        return chosen

    def title() -> str:
        return f"{rng.choice(TITLE_HEADS)} {rng.choice(WORDS)}s with {rng.choice(WORDS)}s"

    days = make_days(n)
    talks: list[Talk] = []
    slots: dict[tuple[str, str], int] = {}
    for i in range(1, n + 1):
        event, date = days[(i - 1) * len(days) // n]
        slot = slots[event, date] = slots.get((event, date), 0) + 1
        tid = f"talk-{i:05d}"
        first = speaker_ids[(i - 1) % n_speakers]
        names = [first]
        if i % 10 == 0:
            second = speaker_ids[(i * 7) % n_speakers]
            if second != first:
                names.append(second)
        talk = Talk(
            id=tid,
            title=f"{title()} ({i})",
            speakers=names,
            kind="keynote" if slot == 1 else "talk",
            event=event,
            date=date,
            slot=slot,
            tools=pick_tools(5),
            cite=rng.choice(bib_keys),
            docname=f"talks/{tid}",
            see_also=f"talk-{i - 1:05d}" if i > 1 else "",
            paragraphs=[sentence(rng, rng.randint(20, 40)) for _ in range(4)],
        )
        talks.append(talk)

    lightning: list[Talk] = []
    for i in range(1, n_lightning + 1):
        tid = f"lightning-{i:04d}"
        unknown = i % 4 == 0
        event, date = days[(i - 1) * len(days) // n_lightning]
        slot = slots[event, date] = slots.get((event, date), 0) + 1
        talk = Talk(
            id=tid,
            title=f"Lightning: {title()} ({i})",
            speakers=["unknown"] if unknown else [rng.choice(speaker_ids)],
            kind="lightning",
            event=event,
            date=date,
            slot=slot,
            tools=pick_tools(2),
            cite=rng.choice(bib_keys),
            docname=lightning_docname(event, date),
            speaker_note="Not named in the notes." if unknown else "",
            paragraphs=[sentence(rng, rng.randint(12, 24)) for _ in range(2)],
        )
        lightning.append(talk)

    for talk in talks + lightning:
        for sid in talk.speakers:
            if sid in speakers:
                speakers[sid].talks.append(talk.id)
        for tool in talk.tools:
            if talk.id not in tools[tool].talks:
                tools[tool].talks.append(talk.id)
    return Conference(n, speakers, tools, talks, lightning, bib_keys, days)


# -- markup ------------------------------------------------------------------


class Markup:
    """The site's own markup (``confnotes``)."""

    #: the variant's name in ``run.py`` (``ext``: confnotes as it ships)
    variant = "ext"
    plain = False
    #: what the variant's ``conf.py`` adds to the extensions every variant has
    extensions: tuple[str, ...] = (
        "confnotes_bib",
        "confnotes",
        "sphinxext.opengraph",
        "sphinx_sitemap",
        "notfound.extension",
    )

    def __init__(self, conf: Conference) -> None:
        self.conf = conf
        self.by_id = {t.id: t for t in conf.all_talks}

    def tool(self, tool_id: str, explicit: bool) -> str:
        name = self.conf.tools[tool_id].name
        return f":tool:`{name} <{tool_id}>`" if explicit else f":tool:`{tool_id}`"

    def speaker(self, speaker_id: str) -> str:
        return f":speaker:`{speaker_id}`"

    def talk_ref(self, talk_id: str) -> str:
        return f":talk:`{talk_id}`"

    def speaker_text(self, talk: Talk) -> str:
        """The speakers of *talk* (the programme view makes it with confnotes)."""
        return ", ".join(self.speaker(s) for s in talk.speakers if s in self.conf.speakers)

    def talk_header(self, talk: Talk) -> list[str]:
        lines = [
            f".. talk:: {talk.id}",
            f"   :title: {talk.title}",
            f"   :speaker: {', '.join(talk.speakers)}",
            f"   :kind: {talk.kind}",
            f"   :event: {talk.event}",
            f"   :date: {talk.date}",
            f"   :slot: {talk.slot}",
        ]
        if talk.speaker_note:
            lines.append(f"   :speaker-note: {talk.speaker_note}")
        if talk.kind != "lightning":
            lines += [
                f"   :slides: https://slides.example.org/{talk.id}.html",
                f"   :video: https://video.example.org/watch?v={talk.id}",
            ]
        lines.append(f"   :links: https://{talk.id}.example.org/ https://example.org/{talk.id}")
        return lines

    def speakers_page(self) -> list[str]:
        out = ["Speakers", "========", "", "Everyone who spoke.", "", ".. speaker-grid::", ""]
        for s in self.conf.speakers.values():
            out.append(f".. speaker:: {s.id}")
            out.append(f"   :name: {s.name}")
            if s.twitter:
                out.append(f"   :twitter: {s.twitter}")
            if s.github:
                out.append(f"   :github: {s.github}")
            if s.affiliation:
                out.append(f"   :affiliation: {s.affiliation}")
            out += ["", f"   {s.bio}", ""]
        return out

    def tools_page(self) -> list[str]:
        out = ["Tools", "=====", "", "Every tool the talks mention.", "", ".. tool-glossary::", ""]
        for t in self.conf.tools.values():
            out.append(f".. tool:: {t.id}")
            out.append(f"   :name: {t.name}")
            out.append(f"   :category: {t.category}")
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
            ".. lightning-index::",
            "",
        ]

    def programme(self) -> list[str]:
        """The front page's programme (and one hidden toctree per day)."""
        return [".. programme::", ""]

    def day_listing(self, date: str, talks: list[Talk]) -> list[str]:
        """One day's talks in a programme written out by hand (the floor's)."""
        out = []
        for t in talks:
            kind = {"keynote": "Keynote", "talk": "Talk"}.get(t.kind, "Lightning talk")
            out.append(f"- {self.talk_ref(t.id)} {kind} — {self.speaker_text(t)}")
        return out

    def mention_edit(self, talk: Talk, new_tool: str) -> list[list[str]]:
        """The new-mention edit: ``(old, new)`` replacements (``old`` empty: append)."""
        return [
            [
                "",
                "\nAdded after the talk: the speaker also recommended "
                f"{self.tool(new_tool, True)}.\n",
            ]
        ]

    def title_edit(self, talk: Talk, new: str) -> list[list[str]]:
        """The retitle's replacements beyond the page title."""
        title = "Title" if self.plain else "title"
        return [[f":{title}: {talk.title}\n", f":{title}: {new}\n"]]

    def settings(self, ext_dir: str) -> str:
        """What the variant adds to ``conf.py``: the site's root URL (Read the Docs)."""
        return WEB_SETTINGS


class PlainMarkup(Markup):
    """The same text in plain reStructuredText: the plain-Sphinx floor."""

    variant = "plain"
    plain = True
    extensions = ()

    def programme(self) -> list[str]:
        return plain_programme(self)

    def settings(self, ext_dir: str) -> str:
        return ""

    def tool(self, tool_id: str, explicit: bool) -> str:
        name = self.conf.tools[tool_id].name
        return f":ref:`{name} <tool-{tool_id}>`"

    def speaker(self, speaker_id: str) -> str:
        return f":ref:`{self.conf.speakers[speaker_id].name} <speaker-{speaker_id}>`"

    def talk_ref(self, talk_id: str) -> str:
        return f":ref:`{self.by_id[talk_id].title} <talk-{talk_id}>`"

    def speaker_text(self, talk: Talk) -> str:
        """The speakers of *talk*, linked, then its speaker note."""
        names = [self.speaker(s) if s in self.conf.speakers else "unknown" for s in talk.speakers]
        text = ", ".join(names)
        return f"{text} ({talk.speaker_note})" if talk.speaker_note else text

    def talk_header(self, talk: Talk) -> list[str]:
        lines = [
            f".. _talk-{talk.id}:",
            "",
            ".. container:: conf-talk-header",
            "",
            f"   :Title: {talk.title}",
            f"   :Speaker: {self.speaker_text(talk)}",
            f"   :Kind: {talk.kind}",
            f"   :Event: {talk.event}",
            f"   :Date: {talk.date}",
            f"   :Slot: {talk.slot}",
        ]
        if talk.kind != "lightning":
            lines += [
                f"   :Slides: https://slides.example.org/{talk.id}.html",
                f"   :Video: https://video.example.org/watch?v={talk.id}",
            ]
        lines.append(f"   :Links: https://{talk.id}.example.org/ https://example.org/{talk.id}")
        return lines

    def talk_list(self, talk_ids: list[str], indent: str) -> list[str]:
        return [f"{indent}- {self.talk_ref(t)}" for t in talk_ids]

    def speakers_page(self) -> list[str]:
        out = ["Speakers", "========", "", "Everyone who spoke.", ""]
        for s in sorted(self.conf.speakers.values(), key=lambda s: s.name.casefold()):
            out += [f".. _speaker-{s.id}:", "", f"**{s.name}**", ""]
            out.append(f"- Affiliation: {s.affiliation or 'unknown'}")
            if s.twitter:
                out.append(f"- Twitter: `@{s.twitter} <https://twitter.com/{s.twitter}>`__")
            if s.github:
                out.append(f"- GitHub: `{s.github} <https://github.com/{s.github}>`__")
            out += ["", s.bio, "", "Talks:", ""]
            out += self.talk_list(s.talks, "")
            out.append("")
        return out

    def tools_page(self) -> list[str]:
        out = ["Tools", "=====", "", "Every tool the talks mention.", ""]
        tools = sorted(self.conf.tools.values(), key=lambda t: (t.category, t.name.casefold()))
        for category in sorted({t.category for t in tools}):
            group = [t for t in tools if t.category == category]
            out += [f".. rubric:: {category.capitalize()} ({len(group)})", ""]
            for t in group:
                out += [f".. _tool-{t.id}:", "", t.name, f"   {t.description}", ""]
                if t.homepage:
                    out += [f"   Homepage: {t.homepage}", ""]
                out += [f"   Mentioned in ({len(t.talks)}):", ""]
                out += self.talk_list(t.talks, "   ")
                out.append("")
        return out

    def lightning_index_page(self) -> list[str]:
        out = [
            "Lightning index",
            "===============",
            "",
            "Every lightning talk, by event and day.",
            "",
        ]
        for (event, date), group in self.conf.lightning_pages().items():
            out += [f".. rubric:: {event}, {date_label(date)}", ""]
            for t in group:
                tools = ", ".join(self.tool(x, True) for x in t.tools)
                out.append(f"- {self.talk_ref(t.id)} — {self.speaker_text(t)}")
                out += ["", f"  Tools: {tools}", ""]
        return out


# -- pages ---------------------------------------------------------------------


def talk_body(m: Markup, talk: Talk) -> list[str]:
    """Prose, lists, tool mentions and a citation of one talk."""
    t = talk.tools
    p = talk.paragraphs
    speakers = [s for s in talk.speakers if s in m.conf.speakers]
    who = m.speaker(speakers[0]) if speakers else "The speaker"
    out = [
        f"{who} presented {m.tool(t[0], True)} and {m.tool(t[1], False)}. {p[0]}",
        f"The details are in the slides :cite:p:`{talk.cite}`.",
        "",
    ]
    if talk.kind == "lightning":
        out += [f"- {p[1]}", "- " + sentence(random.Random(talk.id), 8), ""]
        return out
    out += [
        ".. rubric:: Notes",
        "",
        p[1],
        "",
        f"- {m.tool(t[2], True)}: {sentence(random.Random(talk.id + 'a'), 6)}",
        f"- compared with {m.tool(t[3], False)}:",
        "",
        "  - " + sentence(random.Random(talk.id + "b"), 7),
        "  - " + sentence(random.Random(talk.id + "c"), 5),
        "",
        f"- and {m.tool(t[4], True)} for the rest",
        "",
        p[2],
        "",
        p[3],
        "",
    ]
    if talk.see_also:
        out += [f"See also {m.talk_ref(talk.see_also)}.", ""]
    return out


def talk_page(m: Markup, talk: Talk) -> str:
    """One talk page: title, header, body."""
    lines = [talk.title, "=" * len(talk.title), "", *m.talk_header(talk), ""]
    lines += talk_body(m, talk)
    return "\n".join(lines) + "\n"


def lightning_page(m: Markup, talks: list[Talk]) -> str:
    """One day's lightning talks, one section each (the site's ``11-lightning-talks``)."""
    first = talks[0]
    title = f"Lightning talks, {first.event}, {date_label(first.date)}"
    lines = [title, "=" * len(title), "", "The short talks of the day.", ""]
    for talk in talks:
        lines += [talk.title, "-" * len(talk.title), "", *m.talk_header(talk), ""]
        lines += talk_body(m, talk)
    return "\n".join(lines) + "\n"


MORE = ["speakers", "tools", "lightning", "references"]


def index_page(m: Markup) -> str:
    """Front page: the programme and a "More" toctree, like the site's ``index.rst``.

    With confnotes the ``programme`` directive makes the view and one hidden
    toctree per day; the floor writes the same view as static text (links
    by ``:ref:``) and the same toctrees by hand.
    """
    lines = [
        "Synthetic conference",
        "====================",
        "",
        "A generated conference, to benchmark the build. The programme lists",
        "every talk by event and day, in running order.",
        "",
    ]
    lines += m.programme()
    lines += [".. toctree::", "   :caption: More", "", *(f"   {doc}" for doc in MORE)]
    return "\n".join(lines) + "\n"


def plain_programme(m: Markup) -> list[str]:
    """The programme view and its per-day toctrees, written out in plain reST."""
    conf = m.conf
    by_day: dict[tuple[str, str], list[Talk]] = {}
    for talk in sorted(conf.all_talks, key=lambda t: t.slot):
        by_day.setdefault((talk.event, talk.date), []).append(talk)
    lightning = len(conf.lightning)
    out = [
        f"The programme: {len(conf.all_talks)} talks ({lightning} of them lightning talks)"
        f" on {len(by_day)} days of {len(conf.events)} events.",
        "",
    ]
    for event in conf.events:
        out += [f".. rubric:: {event}", ""]
        number = 0
        for (day_event, date), talks in by_day.items():
            if day_event != event:
                continue
            number += 1
            label = f"Day {number} · {date_label(date)}"
            out += [f".. rubric:: {label}", ""]
            out += m.day_listing(date, talks)
            pages = list(dict.fromkeys(t.docname for t in talks))
            out += ["", ".. toctree::", "   :hidden:", f"   :caption: {event} · {label}", ""]
            out += [f"   {page}" for page in pages]
            out.append("")
    return out


def bib_file(conf: Conference, seed: int) -> str:
    """``@misc`` entries: author, title, year, url."""
    rng = random.Random(seed + 1)
    names = unique_names(rng, len(conf.bib_keys))
    out = []
    for key, name in zip(conf.bib_keys, names, strict=True):
        first, last = name.split(" ", 1)
        out.append(
            f"@misc{{{key},\n"
            f"  author = {{{last}, {first}}},\n"
            f"  title = {{{sentence(rng, 6)[:-1]}}},\n"
            f"  year = {{{rng.choice(('2011', '2012', '2013'))}}},\n"
            f"  howpublished = {{Talk slides}},\n"
            f"  url = {{https://slides.example.org/{key}}},\n"
            f"}}\n"
        )
    return "\n".join(out)


#: the site on Read the Docs has a root URL: previews, sitemap and 404 are all made
#: (what the confnotes variant adds to ``conf.py``, beside the open-web
#: extensions it ships with, ``Markup.extensions``)
WEB_SETTINGS = """html_baseurl = "https://bench.invalid/"
ogp_social_cards = {"enable": False}
"""

CONF_PY = '''\
"""Generated benchmark site ({variant}); see benchmarks/generate.py."""

import sys

sys.path.insert(0, {ext_dir!r})

project = "Synthetic conference"
author = "benchmarks"
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",{extensions}
]
source_suffix = {{".rst": "restructuredtext", ".md": "markdown"}}
exclude_patterns = ["_build", "manifest.json"]
confnotes_default_event = "{event}"
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "furo"
{settings}{nav_hook}'''

#: The floor has no navigation: its ``conf.py`` drops the ``toctree`` callable
#: from the page context before furo's handler runs (furo then renders an
#: empty navigation tree), as issue 10 defines the floor. The confnotes site
#: is measured as it ships, with its own bounded sidebar
#: (``confnotes.site.navigation.navigation``) rendered by furo; ``--drop-nav`` drops it there
#: too, to measure what the navigation costs. (Furo's own global toctree is
#: O(N) per page: over an hour per build at N=2000 on 2 cores.)
NAV_HOOK = """

# Benchmark only (see benchmarks/generate.py, NAV_HOOK): no global navigation.
def _no_global_nav(app, pagename, templatename, context, doctree):
    context.pop("toctree", None)


def setup(app):
    app.connect("html-page-context", _no_global_nav, priority=100)
"""


def edit_steps(m: Markup, edit: Talk, new_tool: str) -> list[dict]:
    """The incremental rebuilds, applied one after the other to *edit*'s page.

    Each step is ``(old, new)`` text replacements on the page (``old`` empty:
    append): a change of prose, then a new tool mention (and whatever else
    the variant's users write for one: a tag, a link), then a new title.
    """
    old = edit.title
    new = f"{old} revisited"
    return [
        {
            "kind": "edit-prose",
            "what": "a sentence of plain prose appended to the body",
            "replace": [["", "\nAdded after the talk: the queue was full by the evening.\n"]],
        },
        {
            "kind": "edit",
            "what": "a sentence with a new tool mention appended",
            "replace": m.mention_edit(edit, new_tool),
        },
        {
            "kind": "edit-title",
            "what": "the talk retitled (page title and the talk's :title:)",
            "replace": [
                [f"{old}\n{'=' * len(old)}\n", f"{new}\n{'=' * len(new)}\n"],
                *m.title_edit(edit, new),
            ],
            "old_title": old,
            "new_title": new,
        },
    ]


def edit_manifest(m: Markup, conf: Conference) -> dict:
    """Which talk the rebuilds edit, how, and which pages each step may re-write.

    The talk is an ordinary one in the middle of a day, whose speaker has
    another talk and which the next talk refers to (``:talk:`` / see also).
    A talk page names its speakers but does not list their other talks, so
    only the speakers page (the cards) shows the title among them.
    """
    edit = conf.talks[min(len(conf.talks) - 1, len(conf.talks) // 2 + 2)]
    unused = [t for t in conf.tools if t not in edit.tools]
    new_tool = unused[len(unused) // 2]
    linking = {t.docname for t in conf.talks if t.see_also == edit.id}
    # the site's running order: day after day, slots within a day; then "More"
    day_rank = {day: i for i, day in enumerate(conf.days)}
    order = sorted(conf.all_talks, key=lambda t: (day_rank[t.event, t.date], t.slot))
    pages = ["index", *dict.fromkeys(t.docname for t in order), *MORE]
    at = pages.index(edit.docname)
    neighbours = {pages[at - 1], pages[at + 1]} - {"index"}
    same_day = {t.docname for t in conf.all_talks if (t.event, t.date) == (edit.event, edit.date)}
    parent = ["index"]  # Sphinx re-writes the toctree parent of a re-read page
    steps = edit_steps(m, edit, new_tool)
    # what each step really changes on other pages (the minimum), and what
    # merely shows the talk (allowed, unchanged)
    shows = sorted(
        {*linking, *neighbours, *same_day, "speakers", "tools", "references"} - {edit.docname}
    )
    changes = {
        "edit-prose": [],
        "edit": ["tools"],
        # with confnotes_bib, the bibliography's "Cited in" links show the
        # titles of the talks citing a work (each talk cites one)
        "edit-title": sorted(
            (
                {*linking, "speakers", "tools"}
                | (set() if m.plain else same_day | neighbours | {"references"})
            )
            - {edit.docname}
        ),
    }
    for step in steps:
        step["minimum"] = sorted({edit.docname, *parent, *changes[step["kind"]]})
        step["allowed"] = sorted({edit.docname, *parent, *shows})
    return {
        "docname": edit.docname,
        "talk": edit.id,
        "new_tool": new_tool,
        "steps": steps,
    }


#: the variants ``write_site`` writes: confnotes as it ships, the plain floor,
#: and the peers (``peers.py``)
VARIANTS = ("ext", "plain", "ablog", "needs")
PEERS = ("ablog", "needs")


def markup(variant: str, conf: Conference) -> Markup:
    """The markup of *variant* for *conf*."""
    if variant in PEERS:
        import peers  # the peers' markups subclass the ones above

        return peers.MARKUPS[variant](conf)
    return {"ext": Markup, "plain": PlainMarkup}[variant](conf)


def write_site(
    n: int,
    outdir: Path,
    *,
    plain: bool = False,
    seed: int,
    ext_dir: Path,
    drop_nav: bool | None = None,
    variant: str | None = None,
) -> dict:
    """Write the sources of one variant; return the manifest.

    *variant* is one of ``VARIANTS`` (default ``plain`` if *plain*, else
    ``ext``). The navigation is the shipped one with confnotes and dropped
    on the floor and the peers (``drop_nav`` None); ``drop_nav=True`` drops
    it with confnotes too (a diagnostic: what the navigation costs).
    """
    variant = variant or ("plain" if plain else "ext")
    conf = make_conference(n, seed)
    m = markup(variant, conf)
    drop = variant != "ext" if drop_nav is None else drop_nav
    if outdir.exists():
        shutil.rmtree(outdir)
    (outdir / "talks").mkdir(parents=True)
    (outdir / "conf.py").write_text(
        CONF_PY.format(
            variant={"ext": "confnotes"}.get(variant, variant),
            ext_dir=str(ext_dir),
            extensions="".join(f'\n    "{name}",' for name in m.extensions),
            event=conf.events[0],
            nav_hook=NAV_HOOK if drop else "",
            settings=m.settings(str(ext_dir)),
        )
    )
    (outdir / "index.rst").write_text(index_page(m))
    for talk in conf.talks:
        (outdir / f"{talk.docname}.rst").write_text(talk_page(m, talk))
    for talks in conf.lightning_pages().values():
        (outdir / f"{talks[0].docname}.rst").write_text(lightning_page(m, talks))
    (outdir / "speakers.rst").write_text("\n".join(m.speakers_page()) + "\n")
    (outdir / "tools.rst").write_text("\n".join(m.tools_page()) + "\n")
    (outdir / "lightning.rst").write_text("\n".join(m.lightning_index_page()) + "\n")
    (outdir / "references.rst").write_text(
        "References\n==========\n\n.. bibliography::\n   :all:\n"
    )
    (outdir / "references.bib").write_text(bib_file(conf, seed))

    manifest = {
        "n": n,
        "seed": seed,
        "plain": m.plain,
        "variant": variant,
        "navigation": "dropped" if drop else "confnotes",
        "counts": {
            "talks": len(conf.talks),
            "lightning": len(conf.lightning),
            "events": len(conf.events),
            "days": len(conf.days),
            "lightning_pages": len(conf.lightning_pages()),
            "speakers": len(conf.speakers),
            "tools": len(conf.tools),
            "bib": len(conf.bib_keys),
            "mentions": sum(len(t.tools) for t in conf.all_talks),
            "documents": len(conf.talks) + len(conf.lightning_pages()) + 1 + len(MORE),
        },
        "edit": edit_manifest(m, conf),
    }
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of talks")
    parser.add_argument("outdir", type=Path, help="directory to (re)create")
    parser.add_argument("--plain", action="store_true", help="plain reST floor, no confnotes")
    parser.add_argument(
        "--variant",
        choices=VARIANTS,
        help="ext (confnotes, the default), plain (the floor, as --plain), "
        "ablog or needs (the peers, see peers.py)",
    )
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument(
        "--ext-dir",
        type=Path,
        default=REPO / "_ext",
        help="directory put on sys.path for confnotes (default: repo _ext)",
    )
    parser.add_argument(
        "--drop-nav",
        action="store_true",
        help="drop the sidebar navigation with confnotes too (diagnostic; the floor never has it)",
    )
    args = parser.parse_args(argv)
    manifest = write_site(
        args.n,
        args.outdir,
        variant=args.variant or ("plain" if args.plain else "ext"),
        seed=args.seed,
        ext_dir=args.ext_dir.resolve(),
        drop_nav=True if args.drop_nav else None,
    )
    print(json.dumps(manifest["counts"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
