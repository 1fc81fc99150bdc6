"""Rules the built site keeps for any content, each expectation read from the sources.

A rule takes a :class:`Site` (the source folder and its strict html build)
and raises ``AssertionError`` saying what broke. The suite applies every rule
to the real site (``test_site_rules.py``) and to copies to which a seeded
random contributor added talks, days, events, speakers, tools and works
(``test_contributor.py``): no rule names a talk, a count, a date or a
position of today's notes, so any pull request that builds must keep them.

What a rule expects comes from the sources, read the way a contributor
writes them (the scaffold's own parser for directives, pybtex for
``references.bib``), never from the extension's records: the extension is
what is under test.
"""

from __future__ import annotations

import collections
import datetime
import functools
import itertools
import json
import re
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bib_order
from bs4 import BeautifulSoup, Tag
from project_scripts import import_script

SCAFFOLD = import_script(Path(__file__).resolve().parent.parent / "scripts" / "new_talk.py")
#: the programme's day rules (``confnotes.core.dates``), as the scaffold loads them
DATES = SCAFFOLD.dates
UNKNOWN = "unknown"
#: a talk without a slot runs after every slotted talk of its day
NO_SLOT = 10**9
#: roles as written in reST (``:tool:`x <id>```) and MyST (``{tool}`x <id>```)
ROLE = r"(?:(?<![\w`]):(?:conf:)?{name}:|\{{(?:conf:)?{name}\}})`([^`]+)`"
CITE = re.compile(r"(?:(?<![\w`]):cite(?::[a-z]+)?:|\{cite(?::[a-z]+)?\})`([^`]+)`")
#: an include (reST ``.. include:: x``, MyST ``{include} x``) and its option lines
INCLUDE = re.compile(
    r"^[ \t]*(?:\.\. include::|(?:`{3,}|:{3,})\{include\})[ \t]+(\S[^\n]*?)[ \t]*$"
    r"((?:\n[ \t]*:?[\w-]+:[^\n]*)*)",
    re.M,
)
#: the options that show an included file as text: nothing in it is markup
LITERAL_INCLUDE = re.compile(r"^[ \t]*:?(?:literal|code)[ \t]*:", re.M)


def with_includes(root: Path, page: Path, text: str, depth: int = 0) -> str:
    """Return *text* followed by the text of every file it includes, as the page shows it.

    A mention in an included file is the page's. reST resolves an include
    from the file that writes it, MyST from the page; a file shown as text
    (``:literal:``, ``:code:``) and docutils' own (``<isonum.txt>``) hold none.
    """
    if depth > 10:
        return text
    parts = [text]
    for match in INCLUDE.finditer(text):
        argument = match[1].strip()
        if argument.startswith("<") or LITERAL_INCLUDE.search(match[2] or ""):
            continue
        base = root if argument.startswith("/") else page.parent
        included = base / argument.lstrip("/")
        if included.is_file():
            writer = page if page.suffix == ".md" else included  # whence its own includes
            nested = included.read_text(encoding="utf-8")
            parts.append(with_includes(root, writer, nested, depth + 1))
    return "\n\n".join(parts)


# -- What the sources declare ----------------------------------------------------------


@dataclass(frozen=True)
class Talk:
    """A ``talk`` directive as written in a page."""

    ident: str
    title: str
    kind: str
    event: str
    #: ``:date:``: ISO, ``unknown`` or empty
    date: str
    #: ``:day:``, 0 when not given
    number: int
    #: ``(event, day id)`` of the day the programme lists it under (the scaffold's rule)
    day: tuple[str, str]
    speakers: tuple[str, ...]
    slot: int
    start: str
    docname: str
    line: int

    @property
    def when(self) -> str:
        """When the header says it was: "15 May 2013", "Day 2" or "unknown"."""
        if DATES.is_date(self.date):
            return short_date(self.date)
        return f"Day {self.number}" if self.date == UNKNOWN and self.number else UNKNOWN

    def running_key(self) -> tuple[int, str, str, int]:
        """Order within a day: slot, start time, then page and line."""
        return (self.slot, self.start or "~", self.docname, self.line)


def speaker_ids(options: dict[str, str], aliases: dict[str, str]) -> tuple[str, ...]:
    """A talk's speakers as its ``:speaker:`` names them: ids, aliases resolved, each once.

    ``unknown`` names nobody.
    """
    named = (s.strip() for s in options.get("speaker", "").split(","))
    return tuple(dict.fromkeys(aliases.get(s, s) for s in named if s not in ("", UNKNOWN)))


def _docname(root: Path, path: Path) -> str:
    return path.relative_to(root).with_suffix("").as_posix()


def shown_name(options: dict[str, str]) -> str:
    """A speaker's ``:name:``, else ``@`` and the Twitter handle, else the GitHub one."""
    name = " ".join(options.get("name", "").split())
    for site in ("twitter", "github"):
        handle = options.get(site, "").strip().removeprefix("@")
        if not name and handle:
            name = f"@{handle}"
    return name


@dataclass
class Sources:
    """The talks, speakers, tools, mentions and citations of a source folder."""

    root: Path

    @functools.cached_property
    def default_event(self) -> str:
        return str(SCAFFOLD.default_event(self.root))

    @functools.cached_property
    def talks(self) -> list[Talk]:
        found = []
        aliases = self.speaker_aliases
        declared = SCAFFOLD.find_declarations(self.root, "talk")
        whens = {id(d): SCAFFOLD.when_of(d, self.default_event) for d in declared}
        listing = SCAFFOLD.listed_days(list(whens.values()))
        for decl in declared:
            opts = decl.options
            slot = opts.get("slot", "")
            event, date, number = when = whens[id(decl)]
            found.append(
                Talk(
                    ident=decl.ident,
                    title=" ".join(opts.get("title", "").split()),
                    kind=opts.get("kind", ""),
                    event=event,
                    date=date,
                    number=number,
                    day=listing[when],
                    speakers=speaker_ids(opts, aliases),
                    slot=DATES.count(slot) or NO_SLOT,
                    start=opts.get("start", ""),
                    docname=_docname(self.root, decl.path),
                    line=decl.line,
                )
            )
        return found

    @functools.cached_property
    def speaker_declarations(self) -> dict[str, Any]:
        """Speaker id -> its first declaration."""
        found: dict[str, Any] = {}
        for decl in SCAFFOLD.find_declarations(self.root, "speaker"):
            found.setdefault(decl.ident, decl)
        return found

    @functools.cached_property
    def speakers(self) -> dict[str, str]:
        """Speaker id -> the name the site shows (a handle-only speaker's is ``@handle``)."""
        return {ident: shown_name(d.options) for ident, d in self.speaker_declarations.items()}

    @functools.cached_property
    def speaker_aliases(self) -> dict[str, str]:
        """Another spelling a talk may name a speaker by (``:aliases:``) -> the speaker's id."""
        return dict(SCAFFOLD.speaker_aliases(self.speaker_declarations))

    @functools.cached_property
    def tools(self) -> set[str]:
        return {d.ident for d in SCAFFOLD.find_declarations(self.root, "tool")}

    def pages(self) -> Iterator[tuple[str, str]]:
        """``(docname, prose)`` of every page: its text and its includes', without code."""
        for path in SCAFFOLD.source_files(self.root):
            text = with_includes(self.root, path, path.read_text(encoding="utf-8"))
            yield _docname(self.root, path), prose(text, markdown=path.suffix == ".md")

    def role_targets(self, name: str) -> dict[str, set[str]]:
        """Docname -> the ids its ``name`` roles point to (``text <id>`` or ``id``).

        A target is read as the roles read it: any spelling of the id
        (``Celery`` or ``CELERY`` for ``celery``) is the id, by the one id rule
        (``confnotes.core.ids.normalise_id``, as the scaffold loads it).
        """
        pattern = re.compile(ROLE.format(name=name))
        found: dict[str, set[str]] = {}
        for docname, text in self.pages():
            for match in pattern.finditer(text):
                target = re.search(r"<([^<>]+)>\s*$", match[1])
                written = (target[1] if target else match[1]).strip().lstrip("!~")
                if ident := SCAFFOLD.ids.normalise_id(written):
                    found.setdefault(docname, set()).add(ident)
        return found

    def citations(self) -> dict[str, set[str]]:
        """Docname -> the keys it cites."""
        found: dict[str, set[str]] = {}
        for docname, text in self.pages():
            for match in CITE.finditer(text):
                keys = {k.strip() for k in match[1].split(",") if k.strip()}
                found.setdefault(docname, set()).update(keys)
        return found

    @functools.cached_property
    def bibliography(self) -> Any:
        """``references.bib`` parsed by pybtex (an empty database when there is none)."""
        from pybtex.database import BibliographyData, parse_file

        path = self.root / "references.bib"
        return parse_file(str(path), "bibtex") if path.is_file() else BibliographyData()

    # -- the programme, as the talks' data defines it ----------------------------------

    @functools.cached_property
    def events(self) -> list[str]:
        """Events named in conf.py's ``confnotes_event_order`` first, in that order.

        The others by their first known date (those with none after), then by name.
        """
        order = SCAFFOLD.conf_setting(self.root, "confnotes_event_order", [])
        declared = {event: place for place, event in enumerate(order)}
        first: dict[str, str] = {}
        for talk in self.talks:
            date = talk.date if DATES.is_date(talk.date) else "~"
            first[talk.event] = min(first.get(talk.event, date), date)
        return sorted(
            first, key=lambda e: (declared.get(e, len(declared)), first[e], e.casefold(), e)
        )

    @functools.cached_property
    def numbered(self) -> dict[tuple[str, str], tuple[int, str]]:
        """``(event, day id)`` -> the day's number (0: none) and date (ISO or ``unknown``)."""
        found: dict[tuple[str, str], tuple[int, str]] = {}
        for event in self.events:
            known = [(t.date, t.number) for t in self.talks if t.event == event]
            for ident, number_and_date in DATES.number_days(known).items():
                found[event, ident] = number_and_date
        return found

    @functools.cached_property
    def days(self) -> list[tuple[str, str]]:
        """Each event's days: numbered ones by number, then by date; a day nothing places last."""
        listed = {t.day for t in self.talks}
        rank = {event: n for n, event in enumerate(self.events)}

        def place(day: tuple[str, str]) -> tuple[int, bool, int, str, str]:
            number, date = self.numbered[day]
            return (rank[day[0]], not number, number, date, day[1])

        return sorted(listed, key=place)

    def day_label(self, day: tuple[str, str]) -> str:
        """``Day 1 · Wednesday 15 May 2013``, ``Day 2 · date unknown``, or ``Day unknown``."""
        number, date = self.numbered[day]
        shown = date_label(date) if DATES.is_date(date) else "date unknown"
        if not number:
            return "Day unknown" if date == UNKNOWN else shown
        return f"Day {number} · {shown}"

    @functools.cached_property
    def running_order(self) -> list[Talk]:
        """Every talk: events in order, then their days, each day in running order."""
        rank = {day: n for n, day in enumerate(self.days)}
        return sorted(self.talks, key=lambda t: (rank[t.day], *t.running_key()))

    @functools.cached_property
    def page_order(self) -> list[str]:
        """Talk pages in reading order: a page sits where its first-written talk runs."""
        first: dict[str, Talk] = {}
        for talk in self.talks:
            if talk.docname not in first or talk.line < first[talk.docname].line:
                first[talk.docname] = talk
        order: list[str] = []
        for talk in self.running_order:
            if first[talk.docname].day == talk.day and talk.docname not in order:
                order.append(talk.docname)
        return order


#: directives whose content is code, shown not read (reST ``.. name::``, MyST ```` ```{name} ````)
CODE_DIRECTIVES = {"code", "code-block", "sourcecode", "literalinclude", "highlight"}
#: a role (kept, group 1) or an inline literal, in MyST and in reST
INLINE_MD = re.compile(r"(\{[\w:-]+\}`[^`]*`)|``[^`]+``|`[^`]+`")
INLINE_RST = re.compile(r"(:[\w:-]+:`[^`]*`)|``.+?``")


def prose(text: str, markdown: bool = False) -> str:
    """*text* without what only shows markup: code blocks, literals, comments.

    A page shows roles in examples (``bibliography.rst`` shows how to cite);
    those are not citations or mentions. Directive fences (```` ```{talk} ````,
    ``:::{note}``) hold real content and stay.
    """
    kept: list[str] = []
    fence, code_fence = "", False
    skip_below: int | None = None  # inside a literal block, code block or comment
    for line in text.splitlines():
        stripped, indent = line.strip(), len(line) - len(line.lstrip())
        if fence:
            if re.fullmatch(re.escape(fence[0]) + f"{{{len(fence)},}}", stripped):
                fence = ""
            elif not code_fence:
                kept.append(line)
            continue
        opening = re.match(r"\s*(`{3,}|~{3,}|:{3,})\s*(.*)$", line) if markdown else None
        if opening:
            fence, info = opening[1], opening[2]
            directive = re.match(r"\{([\w:-]+)\}", info)
            code_fence = not directive or directive[1] in CODE_DIRECTIVES
            continue
        if skip_below is not None:
            if not stripped or indent > skip_below:
                continue
            skip_below = None
        if markdown and re.match(r"\s*%", line):  # a MyST comment
            continue
        directive = None if markdown else re.match(r"\s*\.\. ([\w:-]+)::", line)
        if directive:
            if directive[1] in CODE_DIRECTIVES:
                skip_below = indent
                continue
        elif not markdown and re.match(r"\s*\.\.(\s|$)(?!\s*(_|\[|\|))", line):
            skip_below = indent  # a comment
            continue
        elif not markdown and line.rstrip().endswith("::"):
            skip_below = indent  # a literal block follows
        kept.append(line)
    plain = re.sub(r"<!--.*?-->", "", "\n".join(kept), flags=re.S)
    # inline literals go, roles stay (read left to right, so a role is never cut in two)
    inline = INLINE_MD if markdown else INLINE_RST
    return inline.sub(lambda m: m[1] or "", plain)


def date_label(date: str) -> str:
    """The date as pages print it (``Wednesday 15 May 2013``)."""
    day = datetime.date.fromisoformat(date)
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(date: str) -> str:
    """``15 May 2013``."""
    day = datetime.date.fromisoformat(date)
    return f"{day.day} {day:%B %Y}"


# -- The built site ---------------------------------------------------------------------


@dataclass
class Site:
    """A source folder and its html build."""

    sources: Sources
    html: Path
    _soups: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)
    _ids: dict[str, dict[str, Tag]] = field(default_factory=dict, repr=False)

    def soup(self, page: str) -> BeautifulSoup:
        """The parsed html page (``talks/x.html``), parsed once."""
        if page not in self._soups:
            text = (self.html / page).read_text(encoding="utf-8")
            self._soups[page] = BeautifulSoup(text, "lxml")
        return self._soups[page]

    def by_id(self, page: str, ident: str) -> Tag | None:
        """The page's first element with that id, as ``soup(page).find(id=ident)`` finds it.

        From an index made once per page: a search of the whole tree per link
        made the link rules quadratic in the size of the site.
        """
        if page not in self._ids:
            index: dict[str, Tag] = {}
            for tag in self.soup(page).find_all(id=True):
                index.setdefault(str(tag["id"]), tag)
            self._ids[page] = index
        return self._ids[page].get(ident)

    def main(self, page: str) -> Tag:
        soup = self.soup(page)
        found = soup.select_one('[role="main"]') or soup.body
        assert isinstance(found, Tag), page
        return found

    def links(self, page: str, scope: Tag | None = None) -> list[tuple[str, str, str]]:
        """``(page, fragment, text)`` of every internal link, resolved against *page*."""
        base = f"http://site.invalid/{page}"
        found = []
        for a in (scope or self.main(page)).select("a[href]"):
            url, fragment = urllib.parse.urldefrag(urllib.parse.urljoin(base, str(a["href"])))
            if url.startswith("http://site.invalid/"):
                text = " ".join(a.get_text(" ", strip=True).split())
                found.append((url.removeprefix("http://site.invalid/"), fragment, text))
        return found

    def export(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.html / "conference.json").read_text("utf-8"))
        return data


def talk_anchor(talk: Talk) -> tuple[str, str]:
    """Where a talk's header is: ``(page, fragment)``."""
    return (f"{talk.docname}.html", f"conf-talk-{talk.ident}")


def _plain(text: str) -> str:
    """Whitespace collapsed and smart quotes straightened (the html builder curls them)."""
    quotes = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    return " ".join(text.translate(quotes).split())


def _talk_links(site: Site, page: str, scope: Tag) -> list[tuple[str, str]]:
    """The talk headers a piece of a page links to, in order."""
    return [(p, f) for p, f, _text in site.links(page, scope) if f.startswith("conf-talk-")]


# -- The rules ---------------------------------------------------------------------------------


#: a date or a day number as a talk's header shows them ("15 May 2013", "Day 2")
WHEN_SHOWN_RE = re.compile(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b|\bDay \d+\b")


def every_talk_page_has_its_header(site: Site) -> None:
    """Each talk's header is on its page: its speakers (or "unknown"), kind, date, event."""
    names = site.sources.speakers
    for talk in site.sources.talks:
        page, anchor = talk_anchor(talk)
        header = site.by_id(page, anchor)
        assert isinstance(header, Tag), f"{talk.ident}: no header #{anchor} on {page}"
        assert "conf-talk-header" in header.get("class", []), f"{talk.ident}: not a header"
        text = _plain(header.get_text(" ", strip=True))
        for speaker in talk.speakers:
            assert names.get(speaker) and names[speaker] in text, (talk.ident, speaker, text)
        if not talk.speakers:
            assert UNKNOWN in text, f"{talk.ident}: no speaker and no 'unknown': {text}"
        assert talk.event in text, (talk.ident, talk.event, text)
        if talk.when != UNKNOWN:
            assert talk.when in text, (talk.ident, talk.when, text)
        else:  # "its page says what is known: its date, "Day 2", or nothing" (CONTRIBUTING)
            assert not WHEN_SHOWN_RE.search(text.replace(talk.event, "")), (talk.ident, text)
        section = header.find_parent("section")
        assert isinstance(section, Tag), f"{talk.ident}: its header is in no section"
        heading = section.find(re.compile(r"^h[1-6]$"))
        assert heading is not None
        assert _plain(heading.get_text(" ", strip=True)).rstrip("#¶ ") == _plain(talk.title), (
            f"{talk.ident}: heading {heading.get_text()!r} is not its title {talk.title!r}"
        )


def programme_lists_every_talk_by_day_in_order(site: Site) -> None:
    """The front page: events by first date, their days by date, talks in running order."""
    main = site.main("index.html")
    events = [_plain(h.get_text(" ", strip=True)) for h in main.select(".conf-programme-event h2")]
    assert events == site.sources.events, events
    days = main.select(".conf-programme-day")
    expected_days = site.sources.days
    assert len(days) == len(expected_days), [d.get("id") for d in days]
    for block, day in zip(days, expected_days, strict=True):
        title = block.select_one(".conf-programme-day-title")
        assert title is not None
        label = _plain(title.get_text(" ", strip=True))
        assert label == site.sources.day_label(day), (day, label)
        event_block = block.find_parent(class_="conf-programme-event")
        assert isinstance(event_block, Tag)
        event_title = event_block.select_one("h2")
        assert event_title is not None and _plain(event_title.get_text(" ", strip=True)) == day[0]
        wanted = [talk_anchor(t) for t in site.sources.running_order if t.day == day]
        assert _talk_links(site, "index.html", block) == wanted, day


def lightning_index_lists_every_lightning_talk(site: Site) -> None:
    """``lightning.html``: every lightning talk, grouped by event and day, in running order."""
    main = site.main("lightning.html")
    lightning = [t for t in site.sources.running_order if t.kind == "lightning"]
    assert _talk_links(site, "lightning.html", main) == [talk_anchor(t) for t in lightning]
    groups = [_plain(g.get_text(" ", strip=True)) for g in main.select(".conf-lightning-group")]
    days = list(dict.fromkeys(t.day for t in lightning))
    assert len(groups) == len(days), groups
    for label, day in zip(groups, days, strict=True):
        assert label == site.sources.day_label(day), (label, day)
    events = [_plain(e.get_text(" ", strip=True)) for e in main.select(".conf-lightning-event")]
    assert events == list(dict.fromkeys(t.event for t in lightning)), events


def speakers_and_talks_link_both_ways(site: Site) -> None:
    """Every speaker has a card listing their talks; every talk header links its speakers."""
    speakers = site.main("speakers.html")
    for ident, name in site.sources.speakers.items():
        card = speakers.find(id=f"conf-speaker-{ident}")
        assert isinstance(card, Tag), f"no card for speaker {ident}"
        assert name in _plain(card.get_text(" ", strip=True)), (ident, name)
        talks = [t for t in site.sources.running_order if ident in t.speakers]
        assert sorted(_talk_links(site, "speakers.html", card)) == sorted(
            talk_anchor(t) for t in talks
        ), ident
    for talk in site.sources.talks:
        page, anchor = talk_anchor(talk)
        header = site.by_id(page, anchor)
        assert isinstance(header, Tag)
        linked = {f for p, f, _ in site.links(page, header) if p == "speakers.html"}
        assert linked == {f"conf-speaker-{s}" for s in talk.speakers}, (talk.ident, linked)


def glossary_links_every_mention_back(site: Site) -> None:
    """Every tool has an entry, and each entry links to every page that mentions the tool.

    In running order: pages of one talk as the programme orders them, pages
    of no talk after them.
    """
    talks_on = collections.Counter(talk.docname for talk in site.sources.talks)
    rank = {f"{docname}.html": n for n, docname in enumerate(site.sources.page_order)}
    one_talk = {f"{docname}.html" for docname, count in talks_on.items() if count == 1}
    glossary = site.main("tools.html")
    mentions: dict[str, set[str]] = {}
    for docname, tools in site.sources.role_targets("tool").items():
        for tool in tools:
            mentions.setdefault(tool, set()).add(f"{docname}.html")
    for tool in site.sources.tools:
        entry = glossary.find(id=f"conf-tool-{tool}")
        assert isinstance(entry, Tag), f"no glossary entry for tool {tool}"
        body = entry.find_next_sibling("dd")
        assert isinstance(body, Tag), tool
        in_order = [p for p, f, _ in site.links("tools.html", body) if f.startswith("mention-")]
        linked = set(in_order)
        assert linked == mentions.get(tool, set()), (tool, linked, mentions.get(tool))
        pages = list(dict.fromkeys(in_order))
        of_one_talk = [page for page in pages if page in one_talk]
        assert of_one_talk == sorted(of_one_talk, key=rank.__getitem__), (tool, of_one_talk)
        of_no_talk = [page for page in pages if page.removesuffix(".html") not in talks_on]
        assert pages[len(pages) - len(of_no_talk) :] == of_no_talk, (tool, pages)
        for page, fragment, _text in site.links("tools.html", body):
            if fragment.startswith("mention-"):
                assert site.by_id(page, fragment) is not None, (tool, page, fragment)


def previous_and_next_follow_the_programme(site: Site) -> None:
    """Consecutive talk pages of the programme link each other as next and previous."""
    order = site.sources.page_order

    def neighbour(page: str, kind: str) -> str | None:
        link = site.soup(page).select_one(f".related-pages a.{kind}-page[href]")
        if link is None:
            return None
        return urllib.parse.urljoin(f"http://site.invalid/{page}", str(link["href"]))

    for here, there in itertools.pairwise(order):
        assert neighbour(f"{here}.html", "next") == f"http://site.invalid/{there}.html", here
        assert neighbour(f"{there}.html", "prev") == f"http://site.invalid/{here}.html", there


def every_citation_resolves(site: Site) -> None:
    """Each cited key is in ``references.bib`` and links from its page to the bibliography."""
    entries = site.sources.bibliography.entries
    bibliography = site.main("bibliography.html")
    listed = {str(div.get("id", "")) for div in bibliography.select("div.citation")}
    for docname, keys in site.sources.citations().items():
        for key in keys:
            assert key in entries, f"{docname} cites {key}, not in references.bib"
            assert any(anchor.endswith(f"-{key}") for anchor in listed), (docname, key)
        page = f"{docname}.html"
        targets = {f for p, f, _ in site.links(page) if p == "bibliography.html"}
        for key in keys:
            assert any(t.endswith(f"-{key}") for t in targets), f"{docname}: {key} not linked"


def bibliography_lists_works_without_authors_first_by_title(site: Site) -> None:
    """Every work, in the rule's order: those without an author (nor a book's editor) first.

    Then by author, year and title as readers read them (``bib_order``).
    """
    bibliography = site.sources.bibliography
    order = [
        key
        for div in site.main("bibliography.html").select("div.citation")
        for key in bibliography.entries
        if str(div.get("id", "")).endswith(f"-{key}")
    ]
    bib_order.assert_follows_the_rule(order, bibliography)


def every_internal_link_resolves(site: Site) -> None:
    """Every internal link of every page leads to a file and, if it names one, an anchor."""
    for path in sorted(site.html.rglob("*.html")):
        page = path.relative_to(site.html).as_posix()
        if page.startswith(("_", ".")):
            continue
        for target, fragment, text in site.links(page, site.soup(page)):
            file = site.html / urllib.parse.unquote(target)
            if target == "" or target.endswith("/"):
                file = file / "index.html"
            assert file.is_file(), f"{page}: link {text!r} to missing {target}"
            if fragment and file.suffix == ".html":
                anchor = urllib.parse.unquote(fragment)
                found = site.by_id(file.relative_to(site.html).as_posix(), anchor)
                assert found is not None, f"{page}: link {text!r} to missing {target}#{fragment}"


def export_holds_what_the_sources_declare(site: Site) -> None:
    """``conference.json``: every talk, speaker and tool, and days in programme order."""
    data = site.export()
    sources = site.sources
    assert [t["slug"] for t in data["talks"]] == [t.ident for t in sources.running_order]
    assert {s["id"] for s in data["speakers"]} == set(sources.speakers)
    assert {t["id"] for t in data["tools"]} == sources.tools
    assert [(d["event"], d["date"], d["number"]) for d in data["days"]] == [
        (event, date if DATES.is_date(date) else None, number or None)
        for event, (number, date) in ((day[0], sources.numbered[day]) for day in sources.days)
    ]
    assert [e["name"] for e in data["events"]] == sources.events
    for exported in data["talks"]:
        talk = next(t for t in sources.talks if t.ident == exported["slug"])
        assert exported["title"] == talk.title, (exported["title"], talk.title)
        recorded = talk.date if DATES.is_date(talk.date) else None
        assert exported["kind"] == talk.kind and exported["recorded"] == recorded
        assert exported["event"] == talk.event
        assert exported["speaker_ids"] == list(talk.speakers)


def no_page_keeps_a_placeholder_of_the_scaffold(site: Site) -> None:
    """What ``make new-talk`` writes for the contributor to replace is replaced on every page.

    The introduction's placeholder would be published as the talk's description
    (link previews, ``conference.json``), and passed every other check.
    """
    from confnotes.core.placeholders import placeholder_in  # (the extension's path is set)
    from confnotes.core.source_lines import line_with

    root = site.sources.root
    for docname, text in site.sources.pages():
        if placeholder := placeholder_in(text):
            path = next(root.glob(f"{docname}.*"))
            line = line_with(path, placeholder)
            raise AssertionError(
                f"{path.relative_to(root).as_posix()}:{line}: still holds make new-talk's"
                f" placeholder {placeholder!r}: write the talk's own words there"
                " (CONTRIBUTING.md, Your first talk page)"
            )


#: every rule, by name: the real site and each random contributor's copy must keep them all
RULES: dict[str, Callable[[Site], None]] = {
    rule.__name__: rule
    for rule in (
        every_talk_page_has_its_header,
        programme_lists_every_talk_by_day_in_order,
        lightning_index_lists_every_lightning_talk,
        speakers_and_talks_link_both_ways,
        glossary_links_every_mention_back,
        previous_and_next_follow_the_programme,
        every_citation_resolves,
        bibliography_lists_works_without_authors_first_by_title,
        every_internal_link_resolves,
        export_holds_what_the_sources_declare,
        no_page_keeps_a_placeholder_of_the_scaffold,
    )
}
