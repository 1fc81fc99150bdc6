"""A seeded random contributor: any mix of additions, made with the scaffold, keeps every rule.

Each seed draws a pull request on a copy of the site: talks, keynotes and
lightning talks; days before, between and after the existing ones, several
new days, a second event, talks known only by their day's number or by no
day at all; reStructuredText and MyST; new, unknown and
handle-only speakers, and speakers named by an alias (``:aliases:``);
titles that repeat one of the site's on another day; published works
(without an author when the speaker is unknown), and works added by hand
(a book with only an editor, titles with LaTeX accents and braces), each
cited on a new page; new
tools, declared in ``tools.rst`` and mentioned on the new pages (some in a
file the page includes); MyST talks
whose options are a YAML block; an ``confnotes_event_order`` in conf.py.
Every page is made with ``scripts/new_talk.py`` (what ``make new-talk``
runs), as CONTRIBUTING tells contributors to. The copy is then built
strictly and must keep every rule of ``site_rules``.

The seeds are ``CONFNOTES_CONTRIBUTOR_SEEDS`` (space-separated; CI runs
several). A failure names its seed and the additions; the same seed draws
the same pull request again::

    CONFNOTES_CONTRIBUTOR_SEEDS=7 python -m pytest tests/test_contributor.py
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import io
import json
import os
import random
import shutil
import string
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from project_scripts import fill_in_placeholders
from site_rules import DATES, RULES, SCAFFOLD, Site, Sources
from test_bibliography import bib_keys, cited_keys, uncited_entries
from test_open_data import RULES as EXPORT_RULES

DEFAULT_SEEDS = "1 2 3"
SEEDS = [int(s) for s in os.environ.get("CONFNOTES_CONTRIBUTOR_SEEDS", DEFAULT_SEEDS).split()]
CATEGORIES = ("library", "framework", "service", "database", "tool")

pytestmark = pytest.mark.slow


#: a page's References section, as the scaffold writes it (and bibliography.rst shows)
REFERENCES = {
    suffix: (
        Path(__file__).parent.parent / "templates" / f"lightning-references{suffix}.tmpl"
    ).read_text(encoding="utf-8")
    for suffix in (".rst", ".md")
}


@dataclass
class PullRequest:
    """What one random contributor adds: scaffold calls, then tools by hand."""

    seed: int
    scaffolds: list[list[str]] = field(default_factory=list)
    #: tool id -> the talk id of the page that mentions it
    tools: dict[str, str] = field(default_factory=dict)
    #: alias -> the declared speaker it is added to (before the scaffold runs)
    aliases: dict[str, str] = field(default_factory=dict)
    #: ``confnotes_event_order`` added to conf.py (None: not set)
    event_order: list[str] | None = None
    #: talk ids (MyST pages) whose options are rewritten as a YAML block
    yaml_talks: list[str] = field(default_factory=list)
    #: references.bib entries added by hand, by key
    works: dict[str, str] = field(default_factory=dict)
    #: key of a work added by hand -> the talk id of the page that cites it
    cites: dict[str, str] = field(default_factory=dict)
    #: tool id -> the target its mention writes when not the id itself (``Tool-Abc``,
    #: ``TOOL ABC``): roles take any spelling that normalises to the id
    spellings: dict[str, str] = field(default_factory=dict)
    #: tools whose mention is written in a file the talk's page includes
    included: list[str] = field(default_factory=list)
    #: works by hand whose citation is written in a file the citing page includes
    included_cites: list[str] = field(default_factory=list)

    def describe(self) -> str:
        calls = "\n".join("  new_talk.py " + " ".join(map(repr, a)) for a in self.scaffolds)
        tools = ", ".join(
            f"{t} (on {talk}, as {self.spellings.get(t, t)!r})" for t, talk in self.tools.items()
        )
        return (
            f"seed {self.seed}:\n  aliases: {self.aliases}\n{calls}\n  new tools: {tools or 'none'}"
            f"\n  event order: {self.event_order}\n  YAML options: {self.yaml_talks}"
            f"\n  mentioned in an included file: {self.included}"
            f"\n  cited in an included file: {self.included_cites}"
            f"\n  works by hand, cited on {self.cites}:\n" + "".join(self.works.values())
        )


def word(rng: random.Random, length: int = 6) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


def draw(seed: int, sources: Sources) -> PullRequest:
    """Draw a pull request from *seed*: the same seed, the same additions."""
    rng = random.Random(seed)
    pr = PullRequest(seed)
    known = sorted(sources.speakers)
    # the default event's days (the site may hold other events already)
    dated = [t for t in sources.talks if DATES.is_date(t.date)]
    dates = sorted({t.date for t in dated if t.event == sources.default_event})
    dates = dates or sorted({t.date for t in dated})
    first = datetime.date.fromisoformat(dates[0])
    last = datetime.date.fromisoformat(dates[-1])
    # the default event: one of its days, a day before it, days after it (the
    # gap between them makes "between" days likely); a day after each other
    # event's last; and sometimes a new event
    days = [
        ("", dates[0]),
        ("", str(first - datetime.timedelta(days=rng.randint(1, 3)))),
        ("", str(last + datetime.timedelta(days=rng.randint(1, 2)))),
        ("", str(last + datetime.timedelta(days=rng.randint(3, 5)))),
    ]
    for event in sources.events:
        own = max((t.date for t in dated if t.event == event), default="")
        if event != sources.default_event and own:
            days.append((event, str(datetime.date.fromisoformat(own) + datetime.timedelta(1))))
    if rng.random() < 0.7:
        other = f"Example Conf {word(rng, 4).title()}"
        start = last + datetime.timedelta(days=rng.choice([-400, 200, 365]))
        days += [(other, str(start)), (other, str(start + datetime.timedelta(days=1)))]
    # each event's (date, :day:) so far: no draw renumbers the days into a number some
    # talk's :day: holds (the scaffold refuses that, dates.clashes_added, as a contributor
    # would be told to fix the page first)
    held: dict[str, list[tuple[str, int]]] = {}
    for talk in sources.talks:
        held.setdefault(talk.event, []).append((talk.date, talk.number))
    drawn_events = (e or sources.default_event for e, _ in days)
    events = list(dict.fromkeys([*sources.events, *drawn_events]))
    if len(events) > 1 and rng.random() < 0.5:
        # the site's events after the new ones: an order their dates need not give
        pr.event_order = events[::-1][: rng.randint(1, len(events))]
    # another spelling of a declared speaker, which new talks may name them by
    plain = [i for i, d in sources.speaker_declarations.items() if d.path.suffix == ".rst"]
    if plain and rng.random() < 0.5:
        pr.aliases[f"alias-{word(rng, 5)}"] = rng.choice(sorted(plain))
    # titles a new talk may repeat: the site's, on another day than the site's first
    titles = sorted({t.title for t in sources.talks if t.title})
    titles_at: dict[str, set[str]] = {}
    for talk in sources.talks:
        titles_at.setdefault(talk.event, set()).add(talk.title)
    used_ids: set[str] = set()
    #: (event, date) of each day with a talk titled "Keynote"
    generic_days = {
        (t.event or sources.default_event, t.date) for t in sources.talks if t.title == "Keynote"
    }
    second_keynote: tuple[str, str] | None = None
    for number in range(rng.randint(4, 8)):
        fits = [
            (event, date)
            for event, date in days
            if not DATES.clashes_added(held.get(event or sources.default_event, []), (date, 0))
        ]
        # after a "Keynote", sometimes another on a second day of its event
        again_on = [f for f in fits if second_keynote and f[0] == second_keynote[0]]
        again_on = [f for f in again_on if f[1] != second_keynote[1]]
        event, date = rng.choice(again_on or fits) if fits else ("", "unknown")
        kind = rng.choice(["talk", "talk", "keynote", "lightning", "lightning"])
        kind = "keynote" if again_on else kind
        title = f"{rng.choice(['On', 'Why', 'The', 'Beyond'])} {word(rng)} {word(rng, 4)}"
        ident = f"contrib-{seed}-{number}-{word(rng, 4)}"
        used_ids.add(ident)
        # notes that give only the day's number, or no day at all
        when = rng.choices(
            [["--date", date], ["--day", str(rng.randint(1, 3))], ["--date", "unknown"]],
            weights=[8, 2, 1],
        )[0]
        when = ["--date", date] if again_on else when
        second_keynote = None
        drawn = (when[1], 0) if when[0] == "--date" else ("unknown", int(when[1]))
        so_far = held.setdefault(event or sources.default_event, [])
        if DATES.is_date(drawn[0]) and rng.random() < 0.25:
            # notes that give the date and its day's number, as the programme numbers it
            number = DATES.number_days([*so_far, drawn])[drawn[0]][0]
            drawn = (drawn[0], number)
            when = [*when, "--day", str(number)]
        so_far.append(drawn)
        # a title given again: at another event (a page title may repeat there), or as a
        # lightning talk (a section of its day's page) on a dated day after the site's first
        late = DATES.is_date(drawn[0]) and drawn[0] > dates[0]
        again = event or (kind == "lightning" and when[0] == "--date" and late)
        taken = titles_at.setdefault(event or sources.default_event, set())
        free = [t for t in titles if t not in taken]  # never twice at one event
        if free and again and rng.random() < 0.3:
            title = rng.choice(free)
        # a slot's name as the title: "Keynote" on another day of its event is told apart
        # by its day (two of one day would rightly warn duplicate_title)
        day = (event or sources.default_event, drawn[0])
        if kind == "keynote" and DATES.is_date(drawn[0]) and day not in generic_days:
            title = "Keynote"
            generic_days.add(day)
            second_keynote = None if again_on else (event, drawn[0])
        taken.add(title)
        args = ["--title", title, "--id", ident, "--kind", kind, *when]
        args += ["--format", rng.choice(["rst", "md"])]
        if event:
            args += ["--event", event]
        who = rng.choice(["known", "unknown", "new", "handle"])
        if who == "known" and pr.aliases and rng.random() < 0.5:
            args += ["--speaker", rng.choice(sorted(pr.aliases))]
        elif who == "known" and known:
            args += ["--speaker", rng.choice(known)]
        elif who == "new":
            speaker = f"new-{word(rng)}"
            args += [
                "--speaker",
                speaker,
                "--speaker-name",
                f"{word(rng).title()} {word(rng).title()}",
            ]
        elif who == "handle":
            handle = word(rng, 5)
            args += ["--speaker", f"h-{handle}", "--speaker-name", f"@{handle}"]
        else:
            args += ["--speaker", "unknown"]
        if rng.random() < 0.4:
            args += ["--video", f"https://video.example.org/{ident}"]
        if rng.random() < 0.3:
            args += ["--slides", f"https://slides.example.org/{ident}"]
        pr.scaffolds.append(args)
        # (a MyST lightning talk joins its day's reST page as reST: no YAML there)
        if "md" in args and rng.random() < 0.5 and kind != "lightning":
            pr.yaml_talks.append(ident)
        if kind != "lightning" and rng.random() < 0.6:
            pr.tools[f"tool-{word(rng)}"] = ident
    if rng.random() < 0.6:  # a book known by its editor only: listed under the editor
        pr.works[f"contrib-{seed}-edited"] = (
            f"\n@book{{contrib-{seed}-edited,\n  editor = {{{word(rng).title()}, "
            f"{word(rng).title()}}},\n  title = {{{word(rng).title()} {word(rng)}}},\n"
            f"  publisher = {{{word(rng).title()} Press}},\n"
            f"  year = {{{rng.randint(2010, 2016)}}},\n}}\n"
        )
    if rng.random() < 0.6:  # no author: listed first, by year then title as readers see it
        latex = rng.choice(['{\\"U}ber', "{\\'E}tude", "{{CamelCase}}", "\\&"])
        year = f"  year = {{{rng.randint(2010, 2016)}}},\n" if rng.random() < 0.5 else ""
        pr.works[f"contrib-{seed}-unsigned"] = (
            f"\n@misc{{contrib-{seed}-unsigned,\n  title = {{{latex} {word(rng)}}},\n"
            f"{year}  howpublished = {{A web page}},\n}}\n"
        )
    talks = [args[args.index("--id") + 1] for args in pr.scaffolds]
    pr.cites = {key: rng.choice(talks) for key in pr.works}  # every work is cited somewhere
    for tool in pr.tools:  # drawn last: the draws above stay what they were for a seed
        spelling = rng.choice([tool, tool.title(), tool.upper().replace("-", " ")])
        if spelling != tool:
            pr.spellings[tool] = spelling
    pr.included = [tool for tool in pr.tools if rng.random() < 0.5]  # drawn after the rest
    pr.included_cites = [key for key in pr.cites if rng.random() < 0.5]  # after those
    return pr


def add_alias(root: Path, alias: str, speaker: str) -> None:
    """Give a declared speaker (in a reST page) an ``:aliases:`` option naming *alias*."""
    decl = next(d for d in SCAFFOLD.find_declarations(root, "speaker") if d.ident == speaker)
    lines = decl.path.read_text(encoding="utf-8").splitlines(keepends=True)
    directive = lines[decl.line - 1]
    indent = len(directive) - len(directive.lstrip()) + 3
    end = decl.line
    while end < len(lines) and SCAFFOLD.OPTION_RE.match(lines[end]):
        end += 1
    has = [n for n in range(decl.line, end) if SCAFFOLD.OPTION_RE.match(lines[n])[1] == "aliases"]
    if has:  # one more spelling in the option it has
        lines[has[0]] = lines[has[0]].rstrip("\n") + f", {alias}\n"
    else:
        lines.insert(decl.line, " " * indent + f":aliases: {alias}\n")
    decl.path.write_text("".join(lines), encoding="utf-8")


def options_as_yaml(root: Path, ident: str) -> None:
    """Rewrite a MyST talk's ``:name: value`` options as a YAML block, as MyST allows."""
    (decl,) = [d for d in SCAFFOLD.find_declarations(root, "talk") if d.ident == ident]
    if decl.path.suffix != ".md":  # a MyST lightning talk joins its day's reST page as reST
        return
    lines = decl.path.read_text(encoding="utf-8").splitlines(keepends=True)
    end = decl.line
    while end < len(lines) and SCAFFOLD.OPTION_RE.match(lines[end]):
        end += 1
    block = [
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in decl.options.items()
    ]
    lines[decl.line : end] = ["---\n", *block, "---\n"]
    decl.path.write_text("".join(lines), encoding="utf-8")


def apply(pr: PullRequest, root: Path) -> None:
    """Make the pull request's pages with the scaffold, then declare and mention its tools."""
    if pr.event_order is not None:
        with (root / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(f"\nconfnotes_event_order = {pr.event_order!r}\n")
    for alias, speaker in pr.aliases.items():
        add_alias(root, alias, speaker)
    for args in pr.scaffolds:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = SCAFFOLD.main(["--root", str(root), *args])
        assert status == 0, f"{pr.describe()}\nthe scaffold refused {args}:\n{out.getvalue()}"
    fill_in_placeholders(root)
    for ident in pr.yaml_talks:
        options_as_yaml(root, ident)
    with (root / "references.bib").open("a", encoding="utf-8") as bib:
        bib.write("".join(pr.works.values()))
    pages = {t.ident: t.docname for t in Sources(root).talks}

    def add_to_notes(talk: str, role: str, target: str, words: str, included: bool = False) -> None:
        """Add ``words`` and a role to the talk's notes, before its References section.

        *included*: written in a file of their own that the page includes there.
        """
        page = next(root.glob(f"{pages[talk]}.*"))
        markdown = page.suffix == ".md"
        written = f"{{{role}}}`{target}`" if markdown else f":{role}:`{target}`"
        notes = f"\n{words} {written}.\n"
        if included:
            part = page.with_name(f"{page.stem}-{target.replace(' ', '-').lower()}.txt")
            part.write_text(notes, encoding="utf-8")
            myst, rest = f"\n```{{include}} {part.name}\n```\n", f"\n.. include:: {part.name}\n"
            notes = myst if markdown else rest
        text = page.read_text(encoding="utf-8")
        marker = "\n## References" if markdown else "\nReferences\n"
        at = text.find(marker) if marker in text else len(text)
        if role.startswith("cite") and marker not in text:
            # the first work cited by hand brings the page's list, as bibliography.rst shows
            notes += REFERENCES[page.suffix]
        page.write_text(text[:at] + notes + text[at:], encoding="utf-8")

    declarations = []
    for tool, talk in pr.tools.items():
        category = CATEGORIES[len(tool) % len(CATEGORIES)]
        declarations.append(
            f"\n.. tool:: {tool}\n   :name: {tool.title()}\n   :category: {category}"
            "\n\n   A tool a contributor added.\n"
        )
        spelling = pr.spellings.get(tool, tool)
        add_to_notes(talk, "tool", spelling, "The talk used", included=tool in pr.included)
    for key, talk in pr.cites.items():
        add_to_notes(talk, "cite:p", key, "A related work", included=key in pr.included_cites)
    tools = root / "tools.rst"
    tools.write_text(tools.read_text(encoding="utf-8") + "".join(declarations), encoding="utf-8")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_random_contributor_keeps_every_rule(
    seed: int,
    tmp_path: Path,
    copy_site: Callable[[Path], Path],
    run_strict_build: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    root = copy_site(tmp_path / "site")
    pr = draw(seed, Sources(root))
    apply(pr, root)
    proc = run_strict_build(root, tmp_path / "html", "html", tmp_path / "doctrees")
    reproduce = f"CONFNOTES_CONTRIBUTOR_SEEDS={seed} python -m pytest {Path(__file__).name}"
    assert proc.returncode == 0 and "WARNING" not in proc.stderr, (
        f"{pr.describe()}\nthe strict build failed ({reproduce}):\n{proc.stderr}"
    )
    site = Site(Sources(root), tmp_path / "html")
    broken = []
    for name, rule in RULES.items():
        try:
            rule(site)
        except AssertionError as error:
            broken.append(f"{name}: {error}")
    # and the export's rules, which test_open_data applies to the real site
    for export_rule in EXPORT_RULES:
        try:
            export_rule(root, tmp_path / "html")
        except (AssertionError, KeyError) as error:
            broken.append(f"{export_rule.__name__}: {error!r}")
    # and the bibliography's, which test_bibliography applies to the real site
    bib, doctrees = root / "references.bib", tmp_path / "doctrees"
    if uncited := uncited_entries(bib, doctrees):
        broken.append(f"every work is cited: {uncited} are not")
    if unknown := cited_keys(doctrees) - bib_keys(bib):
        broken.append(f"every citation is of a work in references.bib: {sorted(unknown)}")
    assert not broken, (
        f"{pr.describe()}\nrules broken on the copy: the site as it is, plus these additions "
        f"({reproduce}); if test_site_rules fails the same rule, the site's own pages break it, "
        "not the additions:\n" + "\n".join(broken)
    )


def test_a_seed_draws_the_same_pull_request(site_dir: Path) -> None:
    sources = Sources(site_dir)
    assert draw(5, sources) == draw(5, sources)
    assert draw(5, sources) != draw(6, sources)


def test_the_draws_cover_what_contributors_add(site_dir: Path) -> None:
    """Over the default seeds and a few more, every kind of addition is drawn."""
    sources = Sources(site_dir)
    prs = [draw(seed, sources) for seed in range(1, 20)]
    args = [a for pr in prs for a in pr.scaffolds]
    flat = [" ".join(a) for a in args]
    event = sources.default_event
    held = [(t.date, t.number) for t in sources.talks if t.event == event]
    known = sorted(date for date, _day in held if DATES.is_date(date))
    known = known or sorted(t.date for t in sources.talks if DATES.is_date(t.date))  # as draw()
    dates = {a[a.index("--date") + 1] for a in args if "--date" in a}
    own = {a[a.index("--date") + 1] for a in args if "--date" in a and "--event" not in a}
    first = datetime.date.fromisoformat(known[0])
    # a day before the event's first, unless the talks' :day: numbers leave no room for one
    if not DATES.clashes_added(held, (str(first - datetime.timedelta(days=1)), 0)):
        assert any(d < known[0] for d in own if DATES.is_date(d)), sorted(own)
    assert any(d > known[-1] for d in own if DATES.is_date(d)), sorted(own)
    assert "unknown" in dates and any("--day" in a for a in args)
    assert any("--day" in a and "--date" in a for a in args)  # a date with its day's number
    for needle in ("--kind keynote", "--kind lightning", "--format md", "--format rst"):
        assert any(needle in f for f in flat), needle
    for needle in ("--event", "--speaker unknown", "--speaker-name @", "--video", "--slides"):
        assert any(needle in f for f in flat), needle
    assert any(pr.tools for pr in prs) and any(pr.included for pr in prs)
    assert any(pr.included_cites for pr in prs)
    assert any(pr.event_order for pr in prs) and any(pr.yaml_talks for pr in prs)
    aliased = [a for pr in prs for a in pr.scaffolds if set(a) & set(pr.aliases)]
    assert aliased or not sources.speakers, "no new talk names a speaker by an alias"
    works = [w for pr in prs for w in pr.works.values()]
    assert any("editor" in w for w in works) and any("@misc" in w and "\\" in w for w in works)
    titles = {t.title for t in sources.talks}
    assert any(a[a.index("--title") + 1] in titles for a in args), "no title given again"
    # "Keynote" on two days of one event (pages of one title, told apart by their day)
    keynote_events = [
        collections.Counter(
            a[a.index("--event") + 1] if "--event" in a else event
            for a in pr.scaffolds
            if a[a.index("--title") + 1] == "Keynote"
        )
        for pr in prs
    ]
    assert any(n > 1 for found in keynote_events for n in found.values()), keynote_events


def test_no_draw_renumbers_a_day_that_a_talk_numbers(tmp_path: Path) -> None:
    """Where a dated talk says its ``:day:``, a new earlier day would clash: no draw makes one.

    On the scaffold's test root, its day 2013-05-15 declared day 1. The
    scaffold refuses what would clash (``apply`` fails then), and after the
    draws no talk's day clashes (``confnotes.day_clash``).
    """
    root = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "roots" / "test-scaffold", root)
    opening = root / "talks" / "01-opening.rst"
    text = opening.read_text(encoding="utf-8")
    opening.write_text(text.replace("   :date: 2013-05-15\n", "   :date: 2013-05-15\n   :day: 1\n"))
    held = [(t.date, t.number) for t in Sources(root).talks]
    assert ("2013-05-15", 1) in held
    assert DATES.clashes_added(held, ("2013-05-14", 0))  # the hazard the draws avoid
    for seed in range(1, 9):
        apply(draw(seed, Sources(root)), root)
    by_event: dict[str, list[tuple[str, int]]] = {}
    for talk in Sources(root).talks:
        by_event.setdefault(talk.event, []).append((talk.date, talk.number))
    assert len(by_event[Sources(root).default_event]) > len(held)
    assert {event: DATES.day_clashes(found) for event, found in by_event.items()} == {
        event: {} for event in by_event
    }
