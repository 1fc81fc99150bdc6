"""Generate a synthetic conference of N talks to benchmark the build.

Two variants of the same content:

* default: the site's own markup (``talk``/``speaker``/``tool`` directives,
  ``speaker-grid``, ``tool-glossary``, ``lightning-index``, the ``:tool:``,
  ``:speaker:`` and ``:talk:`` roles), built with ``confnotes``;
* ``--plain``: the same text with that markup replaced by plain
  reStructuredText of about the same size (field lists, labels and
  ``:ref:`` links, static lists), built without ``confnotes`` -- the
  plain-Sphinx floor. Both keep myst_parser, sphinx_design and
  sphinxcontrib.bibtex (every talk cites a reference), so the difference
  is the cost of our extension only.

The output is deterministic for a given (N, seed). A ``manifest.json`` next
to the sources tells ``run.py`` which talk to edit for the incremental
rebuild and which pages show that talk's data.

Usage::

    python benchmarks/generate.py 200 /tmp/conf-200
    python benchmarks/generate.py 200 /tmp/conf-200-plain --plain
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "_ext"))

from confnotes.records import CATEGORIES  # noqa: E402  (the extension's own list)

EVENT = "Synthetic Con 2013"
DATES = ("2013-05-15", "2013-05-16", "2013-05-17")
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
    date: str
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

    @property
    def all_talks(self) -> list[Talk]:
        """Regular talks then lightning talks."""
        return self.talks + self.lightning


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

    talks: list[Talk] = []
    for i in range(1, n + 1):
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
            kind="keynote" if i % 50 == 1 else "talk",
            date=DATES[(i - 1) * len(DATES) // n],
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
        talk = Talk(
            id=tid,
            title=f"Lightning: {title()} ({i})",
            speakers=["unknown"] if unknown else [rng.choice(speaker_ids)],
            kind="lightning",
            date=DATES[(i - 1) * len(DATES) // n_lightning],
            tools=pick_tools(2),
            cite=rng.choice(bib_keys),
            docname="talks/lightning",
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
    return Conference(n, speakers, tools, talks, lightning, bib_keys)


# -- markup ------------------------------------------------------------------


class Markup:
    """The site's own markup (``confnotes``)."""

    plain = False

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

    def talk_header(self, talk: Talk) -> list[str]:
        lines = [
            f".. talk:: {talk.id}",
            f"   :title: {talk.title}",
            f"   :speaker: {', '.join(talk.speakers)}",
            f"   :kind: {talk.kind}",
            f"   :date: {talk.date}",
        ]
        if talk.speaker_note:
            lines.append(f"   :speaker-note: {talk.speaker_note}")
        if talk.kind != "lightning":
            lines += [
                f"   :event: {EVENT}",
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


class PlainMarkup(Markup):
    """The same text in plain reStructuredText: the plain-Sphinx floor."""

    plain = True

    def tool(self, tool_id: str, explicit: bool) -> str:
        name = self.conf.tools[tool_id].name
        return f":ref:`{name} <tool-{tool_id}>`"

    def speaker(self, speaker_id: str) -> str:
        return f":ref:`{self.conf.speakers[speaker_id].name} <speaker-{speaker_id}>`"

    def talk_ref(self, talk_id: str) -> str:
        return f":ref:`{self.by_id[talk_id].title} <talk-{talk_id}>`"

    def speaker_text(self, talk: Talk) -> str:
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
            f"   :Date: {talk.date}",
        ]
        if talk.kind != "lightning":
            lines += [
                f"   :Event: {EVENT}",
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
        for date in DATES:
            group = [t for t in self.conf.lightning if t.date == date]
            if not group:
                continue
            out += [f".. rubric:: {EVENT}, {date}", ""]
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


def lightning_page(m: Markup) -> str:
    """All lightning talks, one section each."""
    lines = ["Lightning talks", "===============", "", "The short talks of each day.", ""]
    for talk in m.conf.lightning:
        lines += [talk.title, "-" * len(talk.title), "", *m.talk_header(talk), ""]
        lines += talk_body(m, talk)
    return "\n".join(lines) + "\n"


def index_page(conf: Conference) -> str:
    """Front page with the toctree."""
    lines = [
        "Synthetic conference",
        "====================",
        "",
        f"A generated conference of {conf.n} talks, to benchmark the build.",
        "",
        ".. toctree::",
        "   :maxdepth: 1",
        "",
        "   speakers",
        "   tools",
        "   lightning",
        "   talks/lightning",
        "   references",
    ]
    lines += [f"   {t.docname}" for t in conf.talks]
    return "\n".join(lines) + "\n"


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


CONF_PY = '''\
"""Generated benchmark site ({variant}); see benchmarks/generate.py."""

import sys

sys.path.insert(0, {ext_dir!r})

project = "Synthetic conference"
author = "benchmarks"
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",{confnotes}
]
source_suffix = {{".rst": "restructuredtext", ".md": "markdown"}}
exclude_patterns = ["_build", "manifest.json"]
confnotes_default_event = "{event}"
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "furo"
{nav_hook}'''

#: Furo renders the whole global toctree into every page (Sphinx's toctree
#: resolution plus a BeautifulSoup pass, O(N) per page, so O(N^2) per build,
#: with or without confnotes). At N=2000 that alone takes over an hour on 2
#: cores and hides what the extension costs, so by default both variants drop
#: the ``toctree`` callable from the page context before furo's handler runs
#: (furo then renders an empty navigation tree). ``--furo-nav`` keeps it.
NAV_HOOK = """

# Benchmark only (see benchmarks/generate.py, NAV_HOOK): no global navigation.
def _no_global_nav(app, pagename, templatename, context, doctree):
    context.pop("toctree", None)


def setup(app):
    app.connect("html-page-context", _no_global_nav, priority=100)
"""


def write_site(
    n: int, outdir: Path, *, plain: bool, seed: int, ext_dir: Path, furo_nav: bool = False
) -> dict:
    """Write the sources of one variant; return the manifest."""
    conf = make_conference(n, seed)
    m: Markup = PlainMarkup(conf) if plain else Markup(conf)
    if outdir.exists():
        shutil.rmtree(outdir)
    (outdir / "talks").mkdir(parents=True)
    (outdir / "conf.py").write_text(
        CONF_PY.format(
            variant="plain" if plain else "confnotes",
            ext_dir=str(ext_dir),
            confnotes="" if plain else '\n    "confnotes",',
            event=EVENT,
            nav_hook="" if furo_nav else NAV_HOOK,
        )
    )
    (outdir / "index.rst").write_text(index_page(conf))
    for talk in conf.talks:
        (outdir / f"{talk.docname}.rst").write_text(talk_page(m, talk))
    (outdir / "talks" / "lightning.rst").write_text(lightning_page(m))
    (outdir / "speakers.rst").write_text("\n".join(m.speakers_page()) + "\n")
    (outdir / "tools.rst").write_text("\n".join(m.tools_page()) + "\n")
    (outdir / "lightning.rst").write_text("\n".join(m.lightning_index_page()) + "\n")
    (outdir / "references.rst").write_text(
        "References\n==========\n\n.. bibliography::\n   :all:\n"
    )
    (outdir / "references.bib").write_text(bib_file(conf, seed))

    # The incremental rebuild edits a talk in the middle whose speaker has
    # other talks and which the next talk refers to (":talk:" / see also).
    edit = conf.talks[len(conf.talks) // 2]
    unused = [t for t in conf.tools if t not in edit.tools]
    new_tool = unused[len(unused) // 2]
    others = sorted(
        {
            conf.speakers[s].talks[i]
            for s in edit.speakers
            if s in conf.speakers
            for i in range(len(conf.speakers[s].talks))
        }
        - {edit.id}
    )
    by_id = {t.id: t for t in conf.all_talks}
    shows = {by_id[t].docname for t in others}
    shows |= {t.docname for t in conf.talks if t.see_also == edit.id}
    shows |= {"speakers", "tools"}
    if edit.kind == "lightning":
        shows.add("lightning")
    manifest = {
        "n": n,
        "seed": seed,
        "plain": plain,
        "furo_nav": furo_nav,
        "counts": {
            "talks": len(conf.talks),
            "lightning": len(conf.lightning),
            "speakers": len(conf.speakers),
            "tools": len(conf.tools),
            "bib": len(conf.bib_keys),
            "mentions": sum(len(t.tools) for t in conf.all_talks),
            "documents": len(conf.talks) + 6,
        },
        "edit": {
            "docname": edit.docname,
            "talk": edit.id,
            "append": (
                f"\nAdded after the talk: the speaker also recommended {m.tool(new_tool, True)}.\n"
            ),
            "new_tool": new_tool,
            # Pages whose output shows data of the edited talk (its mentions
            # in the tool glossary, its title on speaker cards and in links).
            "shows_its_data": sorted(shows),
            # Pages whose shown data the edit really changes: the glossary.
            "data_changed": ["tools"],
            # Sphinx's own rule: the toctree parent is re-written.
            "sphinx_toctree_parents": ["index"],
        },
    }
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of talks")
    parser.add_argument("outdir", type=Path, help="directory to (re)create")
    parser.add_argument("--plain", action="store_true", help="plain reST floor, no confnotes")
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument(
        "--ext-dir",
        type=Path,
        default=REPO / "_ext",
        help="directory put on sys.path for confnotes (default: repo _ext)",
    )
    parser.add_argument(
        "--furo-nav",
        action="store_true",
        help="keep furo's global navigation tree (O(N^2) per build)",
    )
    args = parser.parse_args(argv)
    manifest = write_site(
        args.n,
        args.outdir,
        plain=args.plain,
        seed=args.seed,
        ext_dir=args.ext_dir.resolve(),
        furo_nav=args.furo_nav,
    )
    print(json.dumps(manifest["counts"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
