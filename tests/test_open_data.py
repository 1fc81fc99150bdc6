"""Open data: conference.json is valid under its schema, complete, and the same after an edit.

The export is checked against the JSON Schema in the repository, against the
site's own ``objects.inv`` (every talk, speaker and tool), against the
sources (each talk, speaker and tool as its directive declares it, each
cited work as ``references.bib`` gives it) and against the pages (every URL
in it leads to an existing page and anchor; a talk's description is the
introduction its page shows). The exact value of each field is pinned on the
``test-export`` root; on the real site only the seed's facts are named.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from bs4 import BeautifulSoup, Tag
from docutils.nodes import make_id
from pybtex.database import parse_file
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from site_rules import CITE, SCAFFOLD, Sources, prose, shown_name, speaker_ids, with_includes

SITE = Path(__file__).parent.parent
SCHEMA = SITE / "_ext" / "confnotes" / "site" / "export" / "conference.schema.json"
Build = Callable[..., tuple[Path, str]]
UNKNOWN = "unknown"
#: video hosts PyVideo names by type (its ``videos[].type``); any other is a plain "url"
VIDEO_TYPES = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
}
HANDLE_SITES = ("twitter", "github", "speakerdeck")


# -- what the sources declare ----------------------------------------------------------


@dataclass
class Declared:
    """A directive as written: its id, page, line and options (continuation lines joined)."""

    ident: str
    docname: str
    path: Path
    line: int
    options: dict[str, str]

    def opt(self, name: str) -> str:
        return " ".join(self.options.get(name, "").split())


def declared(root: Path, name: str) -> list[Declared]:
    """Every ``name`` directive of the sources, read by the scaffold (wrapped options, YAML)."""
    found = []
    for decl in SCAFFOLD.find_declarations(root, name):
        options = dict(decl.options)
        docname = decl.path.relative_to(root).with_suffix("").as_posix()
        found.append(Declared(decl.ident, docname, decl.path, decl.line, options))
    return found


def known(value: str) -> str | None:
    return None if not value or value == UNKNOWN else value


def page_prose(root: Path, path: Path, lines: slice | None = None) -> str:
    """The prose of *path* (those *lines*), with the files they include, as the page shows it."""
    text = path.read_text(encoding="utf-8")
    if lines is not None:
        text = "\n".join(text.splitlines()[lines])
    return prose(with_includes(root, path, text), markdown=path.suffix == ".md")


def cites_by_talk(root: Path, talks: list[Declared]) -> dict[str, list[str]]:
    """Talk id -> the keys cited between its directive and the next talk's, first-cited order.

    Citations on a page before its first talk belong to no talk; those of a
    file included there are the talk's.
    """
    found: dict[str, list[str]] = {}
    by_page: dict[Path, list[Declared]] = {}
    for talk in talks:
        by_page.setdefault(talk.path, []).append(talk)
    for path, on_page in by_page.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        on_page.sort(key=lambda t: t.line)
        ends = [t.line - 1 for t in on_page[1:]] + [len(lines)]
        for talk, end in zip(on_page, ends, strict=True):
            region = page_prose(root, path, slice(talk.line - 1, end))
            keys = [k.strip() for m in CITE.finditer(region) for k in m[1].split(",")]
            found[talk.ident] = list(dict.fromkeys(k for k in keys if k))
    return found


@functools.cache
def text_backend() -> Any:
    """pybtex's plain-text backend, what ``render_as("text")`` renders with.

    Looked up once: ``render_as`` finds it among every package's entry points
    on each call, which made this rule slower than parsing the pages.
    """
    return find_plugin("pybtex.backends", "text")()


def plain_latex(value: str) -> str:
    """A BibTeX field as a reader reads it (pybtex's own LaTeX parser)."""
    return " ".join(Text.from_latex(value).render(text_backend()).split())


# -- the build -------------------------------------------------------------------------


def load(outdir: Path) -> dict[str, Any]:
    return json.loads((outdir / "conference.json").read_text(encoding="utf-8"))


def validate(data: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(data)


def inventory(outdir: Path) -> dict[str, set[str]]:
    """``conf:<type>`` -> names, from ``objects.inv``."""
    raw = (outdir / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode("utf-8")
    found: dict[str, set[str]] = {}
    for line in body.splitlines():
        match = re.fullmatch(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)", line)
        if match:
            found.setdefault(match[2], set()).add(match[1])
    return found


def intro_on_page(outdir: Path, docname: str, talk_id: str) -> str:
    """The introduction a reader sees under a talk's header: its abstract, or else the
    first paragraph after the header in its section (citations in parentheses left out)."""
    soup = BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"), "lxml")
    header = soup.find(id=f"conf-talk-{talk_id}")
    assert isinstance(header, Tag), (docname, talk_id)
    found: Tag | None = header.select_one(".conf-talk-abstract")
    for sibling in header.find_next_siblings():
        if found is not None:
            break
        classes = sibling.get("class") or []
        if "conf-talk-abstract" in classes or (sibling.name == "p" and "rubric" not in classes):
            found = sibling
        elif sibling.name == "section" or "conf-talk-header" in classes:
            break
    if found is None:
        return ""
    for citation in found.select(".bibtex-citation"):
        # aside, "(Rhodes, 2013)", not "Rhodes (2013)": the rule for the round-bracket
        # author-year style of the test roots and the site
        if citation.get_text().lstrip().startswith("("):
            citation.decompose()
    text = " ".join(found.get_text().split())
    return re.sub(r"\s+([.,;:!?)])", r"\1", text)  # where a citation was left out


@pytest.fixture(scope="module")
def html(build_site: Build) -> Path:
    return build_site("html")[0]


# -- the schema ------------------------------------------------------------------------


@pytest.mark.slow
def test_export_is_valid_under_its_schema(html: Path) -> None:
    data = load(html)
    validate(data)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert data["schema_version"] == schema["properties"]["schema_version"]["const"]
    assert data["base_url"] is None  # a local build does not know the site's URL
    # the schema ships beside the data
    assert json.loads((html / "conference.schema.json").read_text()) == json.loads(
        SCHEMA.read_text()
    )


@pytest.mark.slow
def test_schema_is_not_vacuous(html: Path) -> None:
    data = load(html)
    del data["talks"][0]["recorded"]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    data = load(html)
    data["talks"][0]["videos"] = [{"type": "youtube", "url": "javascript:alert(1)"}]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


# -- the rules: what the sources declare, whatever they hold -----------------------------------
#
# Each rule takes a source folder and its html build; the tests below apply them
# to the real site and to the test-export root (MyST, an abstract, two events,
# a page's own citations, a work without an author or URL).


def export_holds_every_declared_object(root: Path, html: Path) -> None:
    """The export, ``objects.inv`` and the sources list the same objects; days and
    events in programme order."""
    data = load(html)
    inv = inventory(html)
    assert {t["slug"] for t in data["talks"]} == inv["conf:talk"]
    assert {s["id"] for s in data["speakers"]} == inv["conf:speaker"]
    assert {t["id"] for t in data["tools"]} == inv["conf:tool"]
    # every talk, speaker and tool the pages declare (read from the sources)
    for key, items, kind in (
        ("slug", "talks", "talk"),
        ("id", "speakers", "speaker"),
        ("id", "tools", "tool"),
    ):
        assert sorted(x[key] for x in data[items]) == sorted(d.ident for d in declared(root, kind))
    # the days and events as the sources place them (dates, day numbers, unknown:
    # site_rules.Sources), every talk in exactly one day, in running order
    sources = Sources(root)
    assert [(d["event"], d["date"], d["number"]) for d in data["days"]] == [
        (day[0], date if SCAFFOLD.dates.is_date(date) else None, number or None)
        for day, (number, date) in ((day, sources.numbered[day]) for day in sources.days)
    ]
    assert [i for d in data["days"] for i in d["talks"]] == [t["slug"] for t in data["talks"]]
    assert [t["slug"] for t in data["talks"]] == [t.ident for t in sources.running_order]
    assert [e["name"] for e in data["events"]] == sources.events
    for event in data["events"]:
        dated = [sources.numbered[d][1] for d in sources.days if d[0] == event["name"]]
        assert event["days"] == [date for date in dated if SCAFFOLD.dates.is_date(date)]
        assert event["talks"] == [t["slug"] for t in data["talks"] if t["event"] == event["name"]]


def every_talk_is_exported_as_declared(root: Path, html: Path) -> None:
    """Each talk's fields come from its ``talk`` directive, its page and ``references.bib``."""
    talks = {t["slug"]: t for t in load(html)["talks"]}
    names = {d.ident: shown_name(d.options) for d in declared(root, "speaker")}
    default_event = SCAFFOLD.default_event(root)
    declarations = declared(root, "talk")
    cites = cites_by_talk(root, declarations)
    bib = parse_file(str(root / "references.bib")).entries
    aliases = Sources(root).speaker_aliases
    for decl in declarations:
        talk = talks[decl.ident]
        ids = list(speaker_ids(decl.options, aliases))
        slides, video = decl.opt("slides"), decl.opt("video")
        related = [{"label": "slides", "url": slides}] if slides else []
        related += [{"label": "link", "url": url} for url in decl.opt("links").split()]
        expected = {
            "slug": decl.ident,
            "title": decl.opt("title"),
            "speaker_ids": ids,
            "speakers": [names[s] for s in ids],
            "speaker_note": decl.opt("speaker-note") or None,
            "recorded": known(decl.opt("date")),
            "kind": known(decl.opt("kind")),
            "event": decl.opt("event") or default_event,
            "videos": (
                [{"type": VIDEO_TYPES.get(urlsplit(video).hostname or "", "url"), "url": video}]
                if video
                else []
            ),
            "slides": slides or None,
            "related_urls": related,
            "url": f"{decl.docname}.html#conf-talk-{decl.ident}",
        }
        assert {key: talk[key] for key in expected} == expected, decl.ident
        # the description is the introduction the page shows (the header's metadata is not)
        assert talk["description"] == intro_on_page(html, decl.docname, decl.ident), decl.ident
        # the works cited under the talk, each as references.bib gives it
        assert [w["key"] for w in talk["cited_works"]] == cites[decl.ident], decl.ident
        for work in talk["cited_works"]:
            entry = bib[work["key"]]
            assert work["type"] == entry.type
            assert work["title"] == plain_latex(entry.fields["title"])
            assert work["year"] == (entry.fields.get("year") or None)
            assert work["url"] == (entry.fields.get("url") or None)
            assert work["authors"] == [
                plain_latex(
                    " ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names)
                )
                for p in entry.persons.get("author", ())
            ]
            anchor = make_id(f"cite-1-{work['key']}")
            assert work["bibliography_url"] == f"bibliography.html#{anchor}", work


def every_speaker_and_tool_is_exported_as_declared(root: Path, html: Path) -> None:
    """Speakers and tools as declared; a speaker's talks and a talk's speakers agree;
    each tool's mentions are on the pages that mention it."""
    data = load(html)
    talks = declared(root, "talk")
    aliases = Sources(root).speaker_aliases
    speakers = {s["id"]: s for s in data["speakers"]}
    for decl in declared(root, "speaker"):
        speaker = speakers[decl.ident]
        assert speaker["name"] == shown_name(decl.options)
        assert speaker["url"] == f"{decl.docname}.html#conf-speaker-{decl.ident}"
        assert speaker["handles"] == {
            site: decl.opt(site).removeprefix("@") for site in HANDLE_SITES if decl.opt(site)
        }
        assert speaker["affiliation"] == (decl.opt("affiliation") or None)
        assert speaker["website"] == (decl.opt("website") or None)
        assert sorted(speaker["talks"]) == sorted(
            t.ident for t in talks if decl.ident in speaker_ids(t.options, aliases)
        ), decl.ident
    # a talk's speakers and a speaker's talks agree
    for talk in data["talks"]:
        for speaker_id in talk["speaker_ids"]:
            assert talk["slug"] in speakers[speaker_id]["talks"]
    # every tool, with every page that mentions it (each mention at an anchor of its page,
    # under a talk of that page or none)
    tools = {t["id"]: t for t in data["tools"]}
    mentioned = Sources(root).role_targets("tool")
    talk_pages = {t.ident: t.docname for t in talks}
    for decl in declared(root, "tool"):
        tool = tools[decl.ident]
        assert tool["name"] == (decl.opt("name") or decl.ident)
        assert tool["url"] == f"{decl.docname}.html#conf-tool-{decl.ident}"
        assert tool["category"] == known(decl.opt("category"))
        assert tool["homepage"] == (decl.opt("homepage") or None)
        pages = {f"{docname}.html" for docname, ids in mentioned.items() if decl.ident in ids}
        assert {m["page"] for m in tool["mentions"]} == pages, decl.ident
        for mention in tool["mentions"]:
            assert mention["url"].startswith(mention["page"] + "#"), mention
            if mention["talk"] is not None:
                assert f"{talk_pages[mention['talk']]}.html" == mention["page"], mention


RULES = (
    export_holds_every_declared_object,
    every_talk_is_exported_as_declared,
    every_speaker_and_tool_is_exported_as_declared,
)


@pytest.mark.slow
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_site_export_rule(html: Path, rule: Callable[[Path, Path], None]) -> None:
    rule(SITE, html)


@pytest.mark.sphinx("html", testroot="export")
def test_root_export_keeps_the_same_rules(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    for rule in RULES:
        rule(Path(app.srcdir), Path(app.outdir))


#: FACTS.md: each talk of day 1 by its published title: speaker, video, slides
SEED_TALKS: dict[str, tuple[str, str, str | None]] = {
    "On the Revolutions": ("Brandon Rhodes", "yvMWUGx7Fx8", None),
    "Circus: process & socket manager": (
        "Tarek Ziadé",
        "YEtTWeeRzUI",
        "http://blog.ziade.org/slides/djangocon2012/circus.html",
    ),
    "Processing payments for the paranoid": ("Andy McKay", "UYXqbkHMj6k", None),
    "The Imaginative Programmer": ("Zed Shaw", "w1-bDwNtG-I", None),
    "Advanced PostgreSQL in Django": ("Christophe Pettus", "C3bZbA4jaAg", None),
    "Getting recommendations out of nothing": (
        "Ania Warzecha",
        "AG_ULKxwGYI",
        "http://aniav.github.io/circus",
    ),
    "How to combine JavaScript & Django in a smart way": (
        "Przemek Lewandowski",
        "UeYuCr_daFo",
        None,
    ),
    "Thread Profiling in Python": (
        "Amjith Ramanujam",
        "U-e6GjfzHgM",
        "https://speakerdeck.com/amjith/thread-profiling-in-python",
    ),
    "Migrating the Future": (
        "Andrew Godwin",
        "mCNh2TVQ2o0",
        "http://speakerdeck.com/andrewgodwin/migrating-the-future",
    ),
    "Having Your Pony and Committing It Too": ("Jacob Burch", "yxnrFp2ZW5I", None),
}
#: FACTS.md: the lightning talks by their heading, with the speaker where the notes name one
SEED_LIGHTNING = {
    "geek girls carrots": None,
    "don't be afraid to commit": None,
    "elasticsearch": None,
    "stop writing settings files": "Bruno Renié",
    "teaching 2.0": None,
    "configuring python environments with puppet": None,
}


@pytest.mark.slow
def test_seed_facts_are_in_the_export(html: Path) -> None:
    """Content fidelity: day 1's talks, by their titles, with FACTS.md's speakers and links."""
    data = load(html)
    talks = data["talks"]
    # day 1 of DjangoCon Europe 2013
    assert (
        "2013-05-15"
        in next(e for e in data["events"] if e["name"] == "DjangoCon Europe 2013")["days"]
    )

    def by_title(title: str) -> list[dict[str, Any]]:
        found = [t for t in talks if t["title"].casefold() == title.casefold()]
        assert found, f"no talk titled {title!r} in the export"
        return found

    def on_day_1(title: str) -> dict[str, Any]:
        """The talk of that title given on day 1 (another event or day may repeat a title)."""
        (found,) = [
            t
            for t in by_title(title)
            if t["recorded"] == "2013-05-15" and t["event"] == "DjangoCon Europe 2013"
        ]
        return found

    for title, (speaker, video, slides) in SEED_TALKS.items():
        assert any(
            t["speakers"] == [speaker]
            and t["recorded"] == "2013-05-15"
            and t["event"] == "DjangoCon Europe 2013"
            and t["videos"]
            == [{"type": "youtube", "url": f"https://www.youtube.com/watch?v={video}"}]
            and (slides is None or t["slides"] == slides)
            for t in by_title(title)
        ), title
    circus = on_day_1("Circus: process & socket manager")
    links = {u["url"].rstrip("/") for u in circus["related_urls"]}
    assert {"http://circus.io", "http://chaussette.readthedocs.org"} <= links
    for title, speaker in SEED_LIGHTNING.items():
        assert any(
            t["kind"] == "lightning"
            and t["speakers"] == ([speaker] if speaker else [])
            and t["videos"] == []  # the lightning talks have no recorded video
            for t in by_title(title)
        ), title
    imaginative = on_day_1("The Imaginative Programmer")
    assert any(
        s["name"] == "Zed Shaw"
        and s["handles"].get("twitter") == "zedshaw"
        and imaginative["slug"] in s["talks"]
        for s in data["speakers"]
    )


# -- each field's exact value, on a root -----------------------------------------------------


@pytest.mark.sphinx("html", testroot="export", freshenv=True)
def test_root_talk_fields_use_pyvideo_names(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    data = load(Path(app.outdir))
    validate(data)
    talks = {t["slug"]: t for t in data["talks"]}
    circus = talks["circus"]
    assert circus["title"] == "Circus: process & socket manager"
    assert circus["slug"] == "circus"
    assert circus["speakers"] == ["Tarek Ziadé"]
    assert circus["speaker_ids"] == ["tarek-ziade"]
    assert circus["recorded"] == "2013-05-15"
    assert circus["kind"] == "talk"
    assert circus["event"] == "DjangoCon Europe 2013"  # conf.py's default event
    assert circus["videos"] == [
        {"type": "youtube", "url": "https://www.youtube.com/watch?v=YEtTWeeRzUI"}
    ]
    assert circus["slides"] == "http://blog.ziade.org/slides/djangocon2012/circus.html"
    assert circus["related_urls"] == [
        {"label": "slides", "url": circus["slides"]},
        {"label": "link", "url": "http://circus.io/"},
        {"label": "link", "url": "http://chaussette.readthedocs.org"},
    ]
    # roles named as the page shows them, the citation left out
    assert circus["description"] == "Tarek Ziadé presented Circus, a tool that watches processes."
    assert circus["url"] == "talks/02-circus.html#conf-talk-circus"
    # in the order first cited, each once
    assert [w["key"] for w in circus["cited_works"]] == [
        "ziade2013video",
        "ziade2013slides",
        "circus",
    ]
    video, _slides, project = circus["cited_works"]
    assert video == {
        "key": "ziade2013video",
        "type": "misc",
        "title": "Circus: process & socket manager",  # LaTeX decoded, braces gone
        "authors": ["Tarek Ziadé"],
        "year": "2013",
        "url": "https://www.youtube.com/watch?v=YEtTWeeRzUI",
        "bibliography_url": "bibliography.html#cite-1-ziade2013video",
    }
    assert project["authors"] == [] and project["year"] is None
    # a MyST page, a Vimeo video
    imaginative = talks["imaginative-programmer"]
    assert imaginative["videos"] == [{"type": "vimeo", "url": "https://vimeo.com/1"}]
    assert imaginative["description"] == "Zed Shaw on imagination, with no word on Circus."
    assert imaginative["cited_works"] == [] and imaginative["related_urls"] == []
    # a lightning talk whose speaker the notes do not name
    carrots = talks["geek-girls-carrots"]
    assert carrots["kind"] == "lightning"
    assert carrots["speakers"] == [] and carrots["speaker_ids"] == []
    assert carrots["speaker_note"] == "Not named in the notes."
    # the directive's abstract, not the paragraph after it
    assert carrots["description"] == "Meetups and workshops that teach women programming."
    assert carrots["videos"] == [] and carrots["slides"] is None
    # lightning talks share a page: each gets only the works cited under it (the
    # page's introduction cites one too, which belongs to neither)
    assert carrots["cited_works"] == []
    settings = talks["stop-writing-settings-files"]
    assert [w["key"] for w in settings["cited_works"]] == ["renie2013slides", "twelvefactor"]
    assert settings["cited_works"][0]["url"] is None  # the entry has none
    # a citation aside is left out ("(Renié, 2013)", "(The Twelve-Factor App)"); one
    # in the sentence reads as the page shows it
    assert settings["description"] == (
        "Read settings from the environment with envdir, as The Twelve-Factor App (n.d.) says."
    )
    # two events: each by its first date, with its days and talks in running order
    assert data["events"] == [
        {
            "name": "DjangoCon Europe 2013",
            "days": ["2013-05-15"],
            "talks": ["circus", "imaginative-programmer", "geek-girls-carrots"],
        },
        {"name": "Another Conf 2013", "days": ["2013-05-16"], "talks": [settings["slug"]]},
    ]
    assert [(d["event"], d["date"], d["talks"]) for d in data["days"]] == [
        (e["name"], e["days"][0], e["talks"]) for e in data["events"]
    ]


@pytest.mark.sphinx("html", testroot="export")
def test_root_speakers_and_tools(app: Any) -> None:
    app.build()
    data = load(Path(app.outdir))
    speakers = {s["id"]: s for s in data["speakers"]}
    assert speakers["zed-shaw"] == {
        "id": "zed-shaw",
        "name": "Zed Shaw",
        "aliases": [],
        "url": "speakers.html#conf-speaker-zed-shaw",
        "handles": {"twitter": "zedshaw"},
        "affiliation": None,
        "website": None,
        "talks": ["imaginative-programmer"],
    }
    bruno = speakers["bruno-renie"]
    assert bruno["handles"] == {"twitter": "brutasse", "speakerdeck": "brutasse"}  # "@" dropped
    assert bruno["website"] == "https://bruno.im/"
    assert speakers["tarek-ziade"]["affiliation"] == "Mozilla"
    tools = {t["id"]: t for t in data["tools"]}
    assert tools["zeromq"] == {
        "id": "zeromq",
        "name": "ZeroMQ",
        "category": "library",
        "homepage": None,
        "description": "A messaging library.",
        "url": "tools.html#conf-tool-zeromq",
        "mentions": [
            {
                "url": "talks/02-circus.html#mention-zeromq-0",
                "page": "talks/02-circus.html",
                "talk": "circus",
            }
        ],
    }
    assert tools["envdir"]["name"] == "envdir"  # no :name:, the id
    circus = tools["circus"]
    assert [(m["page"], m["talk"]) for m in circus["mentions"]] == [
        ("talks/02-circus.html", "circus"),
        ("talks/04-imaginative.html", "imaginative-programmer"),  # MyST
    ]
    assert [m["talk"] for m in tools["envdir"]["mentions"]] == ["stop-writing-settings-files"]


# -- links ------------------------------------------------------------------------------------


def anchors(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        cache[path] = {tag["id"] for tag in soup.find_all(id=True)}
    return cache[path]


def site_urls(data: Any) -> list[str]:
    """Every URL of the site in the export (keys ``url``, ``page``, ``bibliography_url``)."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {"url", "page", "bibliography_url"} and isinstance(value, str):
                if not value.startswith(("http://", "https://")):
                    found.append(value)
            else:
                found += site_urls(value)
    elif isinstance(data, list):
        for item in data:
            found += site_urls(item)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_site_url_leads_to_a_page_and_anchor(build_site: Build, builder: str) -> None:
    outdir = build_site(builder)[0]
    data = load(outdir)
    validate(data)
    urls = site_urls(data)
    # at least one per talk, speaker and tool the sources declare (mentions and works add more)
    objects = sum(len(declared(SITE, name)) for name in ("talk", "speaker", "tool"))
    assert len(urls) >= objects > 0
    cache: dict[Path, set[str]] = {}
    for url in urls:
        path, _, anchor = url.partition("#")
        file = outdir / path
        if file.is_dir() or path == "":
            file = file / "index.html"
        assert file.is_file(), url
        if anchor:
            assert anchor in anchors(file, cache), url


# -- an incremental build ------------------------------------------------------------------

EXPORT_ROOT = Path(__file__).parent / "roots" / "test-export"
BASE_URL = "https://circus-notes.example.org/en/latest/"
#: the sitemap, as the site makes it (sphinx-sitemap cannot load in pytest's process)
SITEMAP_CONF = """
extensions.append("sphinx_sitemap")
sitemap_url_scheme = "{link}"
"""


def _touch_later(path: Path, text: str) -> None:
    """Write *text* and make sure the mtime moves on (coarse file systems)."""
    before = path.stat().st_mtime
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime <= before:
        os.utime(path, (before + 2, before + 2))


def sphinx(src: Path, out: Path, *, fresh: bool) -> None:
    """A strict html build in a subprocess (sphinx-sitemap cannot load under pytest's
    warnings filter), with the site's root URL known and ``_ext`` importable."""
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html"]
    cmd += ["-D", f"html_baseurl={BASE_URL}", "-d", str(out / ".doctrees")]
    cmd += [*(["-E"] if fresh else []), str(src), str(out)]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(SITE / "_ext"), environ.get("PYTHONPATH")])
    )
    proc = subprocess.run(cmd, env=environ, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_incremental_build_writes_the_same_json_as_a_fresh_build(tmp_path: Path) -> None:
    """Edit a talk (title, video, intro) and a speaker's name; rebuild; compare with a fresh build.

    The speaker's other talk is on a MyST page nobody edits: only the extension's
    dependencies can bring its speakers and introduction up to date.
    """
    import shutil

    src = shutil.copytree(EXPORT_ROOT, tmp_path / "src")
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + SITEMAP_CONF, encoding="utf-8")
    out = tmp_path / "incremental"
    sphinx(src, out, fresh=True)
    before = load(out)
    validate(before)

    talk = src / "talks" / "02-circus.rst"
    text = talk.read_text(encoding="utf-8")
    text = text.replace(
        ":title: Circus: process & socket manager", ":title: Circus, process and socket manager"
    )
    text = text.replace(
        ":video: https://www.youtube.com/watch?v=YEtTWeeRzUI", ":video: https://vimeo.com/1"
    )
    _touch_later(talk, text.replace("a tool that watches", "a tool that carefully watches"))
    speakers = src / "speakers.rst"
    text = speakers.read_text(encoding="utf-8")
    _touch_later(speakers, text.replace(":name: Zed Shaw", ":name: Zed A. Shaw"))
    sphinx(src, out, fresh=False)
    after = load(out)

    fresh = tmp_path / "fresh"
    sphinx(src, fresh, fresh=True)
    assert after == load(fresh)
    assert after != before
    talks = {t["slug"]: t for t in after["talks"]}
    circus = talks["circus"]
    assert circus["title"] == "Circus, process and socket manager"
    assert circus["videos"] == [{"type": "vimeo", "url": "https://vimeo.com/1"}]
    assert circus["description"] == (
        "Tarek Ziadé presented Circus, a tool that carefully watches processes."
    )
    zed = next(s for s in after["speakers"] if s["id"] == "zed-shaw")
    assert zed["name"] == "Zed A. Shaw"
    shaw = talks["imaginative-programmer"]
    assert shaw["speakers"] == ["Zed A. Shaw"]
    assert shaw["description"].startswith("Zed A. Shaw on imagination")  # named by role
    # sphinx-sitemap alone would list only the re-written pages
    sitemap = (out / "sitemap.xml").read_bytes()
    assert sitemap == (fresh / "sitemap.xml").read_bytes()
    for page in ("index.html", "talks/02-circus.html", "talks/04-imaginative.html"):
        assert f"<loc>{BASE_URL}{page}</loc>".encode() in sitemap, page


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_front_page_links_to_the_data_and_its_schema(build_site: Build, builder: str) -> None:
    outdir = build_site(builder)[0]
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    main = soup.select_one('[role="main"]')
    assert main is not None
    hrefs = {a["href"] for a in main.find_all("a", href=True)}
    assert {"conference.json", "conference.schema.json"} <= hrefs
    for href in ("conference.json", "conference.schema.json"):
        json.loads((outdir / href).read_text(encoding="utf-8"))


def test_parallel_build_exports_the_same_data(make_app: Any, tmp_path: Path) -> None:
    """A project without sphinxcontrib-bibtex: no cited works, still valid; -j 2 agrees."""
    import shutil

    root = Path(__file__).parent / "roots" / "test-talks"
    exports = []
    for name, parallel in (("serial", 0), ("parallel", 2)):
        src = tmp_path / name
        shutil.copytree(root, src, ignore=shutil.ignore_patterns("_build"))
        app = make_app("html", srcdir=src, freshenv=True, parallel=parallel)
        app.build()
        exports.append(load(app.outdir))
    serial, parallel_ = exports
    validate(serial)
    assert parallel_ == serial
    assert {t["slug"] for t in serial["talks"]} >= {"circus", "kopernik", "geek-girls-carrots"}
    assert all(t["cited_works"] == [] for t in serial["talks"])
    assert all(t["description"] for t in serial["talks"] if t["kind"] != "lightning")


def test_a_no_op_rebuild_keeps_the_export_and_a_missing_one_comes_back(
    make_app: Any, rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confnotes.site.export.export import Exporter

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-export", src)
    make_app("html", srcdir=src, freshenv=True).build()
    export = src / "_build" / "html" / "conference.json"
    written = export.stat().st_mtime_ns
    before = export.read_bytes()
    with monkeypatch.context() as patch:
        # a no-op does not make the export again (a tenth of the no-op at 500 talks)
        patch.setattr(Exporter, "document", lambda self: pytest.fail("export made again"))
        make_app("html", srcdir=src).build()
    assert export.stat().st_mtime_ns == written
    export.unlink()
    make_app("html", srcdir=src).build()
    assert export.read_bytes() == before  # a missing export is written again
    page = next((src / "talks").glob("*.rst"))
    page.write_text(page.read_text().replace("Notes", "Notes, edited", 1))
    make_app("html", srcdir=src).build()
    assert export.is_file()
