#!/usr/bin/env python3
"""Scaffold a talk page (``make new-talk``); the programme places it from its data.

A talk or keynote becomes ``talks/<id>.rst`` (or ``.md``), made from a
template in ``templates/`` that explains every option of the ``talk``
directive, with its event, date and the slot after the day's last one.  No
other page is edited: the front page's programme, the navigation and the
previous/next links come from the talks' data.  A lightning talk becomes a
section of its day's lightning-talks page, before its References, and that
page is created when it is the day's first lightning talk.

Existing pages and talk ids are never overwritten.  Standard library only, so
it runs before any virtualenv exists: the ids it makes, the kinds it offers and
the handles it accepts and the days it numbers are the extension's own
(``confnotes/core/ids.py``, ``records.py`` and ``dates.py``, which need only
the standard library too), loaded from their files.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import re
import string
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling, site_pages

from site_pages import (  # noqa: E402  (the folder is on sys.path from here on)
    FORMATS,
    ScaffoldError,
    bib_file,
    citation_gap,
    conf_setting,
    conf_settings,
    page_suffixes,
    setting,
    shown_path,
    source_files,
)


def core_module(name: str) -> ModuleType:
    """Load ``_ext/confnotes/core/<name>.py`` of this repository from its file.

    Importing it as ``confnotes.core.<name>`` would run the package's
    ``__init__``, which sets up the Sphinx domain; the modules loaded here
    (``ids``, ``records``, ``dates``, ``placeholders``) need only the standard library.
    """
    path = ROOT / "_ext" / "confnotes" / "core" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"confnotes_core_{name}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: the id and handle rules of the directives (``confnotes.core.ids``)
ids = core_module("ids")
#: the directives' kinds, categories and ``unknown`` (``confnotes.core.records``)
records = core_module("records")
#: the programme's rules for dates and days (``confnotes.core.dates``)
dates = core_module("dates")
DEFAULT_KIND = "talk"
#: what the scaffold writes where only the contributor can write: a page that keeps one
#: warns ``confnotes.placeholder`` (``confnotes.core.placeholders``), so none is published
placeholders = core_module("placeholders")
INTRO_PLACEHOLDER = placeholders.INTRO_PLACEHOLDER
NOTES_PLACEHOLDER = placeholders.NOTES_PLACEHOLDER
PLACEHOLDERS = placeholders.PLACEHOLDERS
#: the directive's kinds, the default first (as ``make help`` lists them)
KIND_CHOICES = (DEFAULT_KIND, *(kind for kind in records.KINDS if kind != DEFAULT_KIND))

OPTION_RE = re.compile(r"^\s*:([\w-]+):\s*(.*?)\s*$")


@dataclass
class Declaration:
    """One ``talk`` or ``speaker`` directive found in a source file."""

    path: Path
    line: int
    ident: str
    options: dict[str, str] = field(default_factory=dict)


def directive_re(name: str, suffix: str) -> re.Pattern[str]:
    """Match the first line of a ``name`` directive in a page's syntax; group 1 is its argument.

    ``.. talk:: id`` or ``.. conf:talk:: id`` in reST (*suffix* ``.rst``), a
    fence ```{talk} id`` or ``:::{conf:talk} id`` in MyST (``.md``); the
    argument is "" when there is none (``.. speaker-grid::``).
    """
    head = r"(?:`{3,}|:{3,})\{(?:conf:)?%s\}" if suffix == ".md" else r"\.\. (?:conf:)?%s::"
    # indented too: a declaration inside ``.. only::`` (see in_only_if_indented)
    return re.compile(rf"^[ \t]*{head % re.escape(name)} *(\S*)\s*$", re.MULTILINE)


def indent_of(line: str) -> int:
    """Return how far *line* is indented (spaces and tabs alike, as one column each)."""
    return len(line) - len(line.lstrip())


#: YAML's escapes in a double-quoted scalar (``\\x41``, ``\\u00e9`` and ``\\U0001F600`` aside)
YAML_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
YAML_DOUBLE_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
YAML_ESCAPE_RE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
YAML_SINGLE_RE = re.compile(r"'((?:[^']|'')*)'")
#: a comment after a value: a ``#`` after white space
YAML_COMMENT_RE = re.compile(r"(?:^|[ \t])#.*$")


def _yaml_escape(match: re.Match[str]) -> str:
    code = match[1]
    if len(code) > 1:  # x.., u...., U........
        return chr(int(code[1:], 16))
    return YAML_ESCAPES.get(code, match[0])


def yaml_scalar(text: str) -> str:
    r"""Read a one-line YAML value as a string: quotes taken off, escapes read, no comment.

    A double-quoted value has YAML's escapes (``\"``, ``\n``, ``\x41``,
    ``\u00e9``…); in a single-quoted one ``''`` is a quote; a plain one ends
    before `` #``. The scaffold runs before any virtualenv, without a YAML
    library, and reads the values MyST reads (its ``:key: value`` options too).
    """
    text = text.strip()
    for pattern in (YAML_DOUBLE_RE, YAML_SINGLE_RE):
        quoted = pattern.match(text)
        if quoted and not YAML_COMMENT_RE.sub("", text[quoted.end() :]).strip():
            if pattern is YAML_SINGLE_RE:
                return quoted[1].replace("''", "'")
            return YAML_ESCAPE_RE.sub(_yaml_escape, quoted[1])
    return YAML_COMMENT_RE.sub("", text).strip()


def read_options(lines: list[str], markdown: bool = False) -> dict[str, str]:
    """Read a directive's options from the lines after its first, as the directive does.

    ``:name: value`` lines, a value going on over more deeply indented lines
    (joined with a space), up to the first blank line; or a MyST YAML block
    between ``---`` lines (``name: value``). MyST reads every value as YAML
    (*markdown*): quotes taken off, escapes read, comments dropped.
    """
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for line in lines[1:]:
            if line.strip() == "---":
                break
            key, colon, value = line.partition(":")
            if colon and key.strip() and not key.startswith((" ", "\t")):
                options[key.strip()] = yaml_scalar(value.strip())
        return options
    last = ""
    indent = 0
    for line in lines:
        option = OPTION_RE.match(line)
        if option:
            last, indent = option[1], indent_of(line)
            options[last] = option[2]
        elif last and line.strip() and indent_of(line) > indent:
            options[last] = f"{options[last]} {line.strip()}".strip()
        else:
            break
    return {k: yaml_scalar(v) for k, v in options.items()} if markdown else options


#: the first line of an ``only`` directive, in reST or a MyST fence
ONLY_RE = re.compile(r"^[ \t]*(?:\.\. only::|(?:`{3,}|:{3,})\{only\})")


def in_only_if_indented(lines: list[str], number: int) -> bool:
    """Whether line *number* starts a line of its own or is inside an ``only`` directive.

    An indented declaration inside ``.. only::`` is one the build reads; one
    in a literal block (an example in someone's notes) is not.
    """
    indent = indent_of(lines[number])
    if not indent:
        return True
    for line in reversed(lines[:number]):
        if line.strip() and indent_of(line) < indent:
            return bool(ONLY_RE.match(line))
    return False


def find_declarations(root: Path, name: str) -> list[Declaration]:
    """Find every ``name`` directive (talk, speaker, tool) with its id and options."""
    found = []
    for path in source_files(root):
        pattern = directive_re(name, path.suffix)
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            match = pattern.match(line)
            if not match or not match[1] or not in_only_if_indented(lines, number):
                continue
            options = read_options(lines[number + 1 :], markdown=path.suffix == ".md")
            found.append(Declaration(path, number + 1, match[1], options))
    return found


def slugify(text: str) -> str:
    """Make a talk id and file slug from a title: the extension's id, at most 60 characters.

    ``confnotes.core.ids.normalise_id`` drops apostrophes ("Don't trust -
    check" gives ``dont-trust-check``) and makes every other run of
    characters that is not a letter or digit one hyphen, so a role written
    as the title links the talk. Only new ids come from here: an id already
    written in a page is never made again.
    """
    return ids.normalise_id(text)[:60].strip("-")


#: Titles that name the kind of slot, not the talk: their slug alone is no id.
GENERIC_SLUGS = {
    "keynote",
    "opening-keynote",
    "closing-keynote",
    "talk",
    "lightning",
    "lightning-talk",
    "lightning-talks",
    "panel",
    "q-a",
    "welcome",
    "introduction",
    "opening",
    "closing",
}


def default_id(title: str, speakers: str, day: str = "") -> str:
    """Make the talk id from the title; a generic title ("Keynote") gets the speaker first.

    ``Keynote`` by ``jacob-kaplan-moss`` becomes ``jacob-kaplan-moss-keynote``,
    so two keynotes do not fight over ``keynote``. With no known speaker the
    day (``dates.day_id``) tells them apart instead: ``keynote-2013-05-16``,
    ``keynote-day-2``; an unknown day adds nothing.
    """
    slug = slugify(title)
    first = next(
        (s.strip() for s in speakers.split(",") if s.strip() not in ("", records.UNKNOWN)), ""
    )
    if slug not in GENERIC_SLUGS:
        return slug
    if ids.ID_RE.fullmatch(first):
        return f"{first}-{slug}"
    return f"{slug}-{day}" if day and day != records.UNKNOWN else slug


def display_width(text: str) -> int:
    """Columns a title takes, so an reST underline is long enough for wide characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def escape_rst(text: str) -> str:
    """Escape the characters that would start inline markup in a title."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*`|])", r"\\\1", text)
    return re.sub(r"_(?=\W|$)", r"\\_", text)


def escape_md(text: str) -> str:
    """Escape the characters Markdown would read as markup in a heading."""
    return re.sub(r"([\\`*_\[\]{}<>#|])", r"\\\1", text)


def render(template: str, **values: str) -> str:
    """Fill a template from ``templates/`` (``string.Template`` syntax)."""
    text = (ROOT / "templates" / template).read_text(encoding="utf-8")
    return string.Template(text).substitute(values)


def default_date(talks: list[Declaration], event: str) -> str:
    """Return the date most of the event's talks already have (notes cover a day), if any.

    *talks* are the event's: another event's date is never this one's.
    """
    found = collections.Counter(
        t.options["date"] for t in talks if dates.is_date(t.options.get("date", ""))
    )
    if not found:
        raise ScaffoldError(
            f"no talk of {event!r} has a :date: yet: pass {hint('date', 'YYYY-MM-DD')} "
            f"(or {hint('date', 'unknown')}, or {hint('day', '<n>')})"
        )
    return found.most_common(1)[0][0]


# -- Placing the talk in the programme -------------------------------------------

#: ``(event, day)``: the day is what the programme lists the talk under
#: (``confnotes.core.dates``): an ISO date, ``day-<n>``, or ``unknown``
Day = tuple[str, str]
#: ``(event, :date:, :day:)`` of a talk, as the directive reads them
When = tuple[str, str, int]


def when_of(decl: Declaration, site_event: str) -> When:
    """``(event, date, day)`` of a declared talk as the directive reads them.

    A date that is not one is ``unknown``; a day that is not a positive
    whole number in ASCII digits is none (``dates.count``).
    """
    date = decl.options.get("date", "").strip()
    event = decl.options.get("event", "").strip() or site_event
    day = dates.count(decl.options.get("day", ""))
    return (event, date if dates.is_date(date) else records.UNKNOWN, day)


def parse_day(value: str | None) -> int:
    """Return the day number given (0 when none): a whole number from 1."""
    text = (value or "").strip()
    if text and not dates.count(text):
        raise ScaffoldError(f"{hint('day')} must be a whole number from 1, not {text!r}")
    return dates.count(text)


def listed_days(talks: list[When]) -> dict[When, Day]:
    """Map each talk's ``(event, date, day)`` to the day the programme lists it under.

    Over all the talks at once, a new one included (a new date can renumber
    the event's days): the programme's own rules, ``dates.number_days`` and
    ``dates.day_leaders`` (a talk that says only ``:day: 2`` joins the
    event's dated day 2).
    """
    found: dict[When, Day] = {}
    for event in dict.fromkeys(when[0] for when in talks):
        known = [(date, day) for e, date, day in talks if e == event]
        leaders = dates.day_leaders(dates.number_days(known))
        for date, day in known:
            found[event, date, day] = (event, leaders[dates.day_id(date, day)])
    return found


def note_renumbered_days(plan: Plan, event_talks: list[When], new: When) -> None:
    """Say when the new talk's date moves the event's other days (an earlier date does).

    Every page then shows those days' new numbers ("Day 1" becomes "Day 2");
    CONTRIBUTING says how to keep them (an event of its own).
    """
    before = dates.number_days((date, day) for _e, date, day in event_talks)
    after = dates.number_days([*((date, day) for _e, date, day in event_talks), new[1:]])
    moved = sorted(ident for ident, (number, _date) in before.items() if after[ident][0] != number)
    for ident in moved:
        plan.notes.append(
            f"{dates.human_date(ident) if dates.is_date(ident) else ident} of {new[0]} is now"
            f" day {after[ident][0]} (it was day {before[ident][0]}): an earlier date numbers"
            " the event's days again; a day before the event can be an event of its own"
        )


def refuse_day_clashes(root: Path, event_talks: list[tuple[Declaration, When]], new: When) -> None:
    """Refuse a new talk that would make its event's ``:day:`` numbers clash.

    The build's ``confnotes.day_clash`` rule (``dates.clashes_added``) over
    the event's talks as the directive reads them (*event_talks*): a ``DAY=``
    another date of the event has, or a new date that renumbers the days
    into a number an existing talk's ``:day:`` holds.
    """
    talks = [talk for talk, _when in event_talks]
    known = [(date, day) for _talk, (_event, date, day) in event_talks]
    caused = dates.clashes_added(known, new[1:])
    if not caused:
        return
    lines = []
    for index, reason in sorted(caused.items()):
        if index == len(talks):
            lines.append(f"  the new talk {reason}")
        else:
            talk = talks[index]
            lines.append(f"  {talk.path.relative_to(root)}:{talk.line}: {talk.ident!r} {reason}")
    given = f"{hint('date')}={new[1]}" + (f" {hint('day')}={new[2]}" if new[2] else "")
    raise ScaffoldError(
        f"{given}: the days of {new[0]!r} would clash:\n" + "\n".join(lines) + "\n"
        f"give {hint('day')} the number its date already has, or leave {hint('day')} out; "
        "or fix the :day: of the page named above"
    )


def refuse_far_date(root: Path, event_dates: list[str], new: When) -> None:
    """Refuse a date far from the other days of its event: the build's ``far_date`` rule.

    *event_dates* holds the date of each talk of the event (``dates.far_dates``,
    with conf.py's ``confnotes_event_max_gap``). A talk dated 2031 by a typo
    in a 2013 event would make it "Day 1" and the real first day "Day 2".
    """
    max_gap = setting(conf_settings(root), "confnotes_event_max_gap", dates.DEFAULT_MAX_GAP)
    if not isinstance(max_gap, int):
        return
    before = dates.far_dates(event_dates, max_gap)
    after = dates.far_dates([*event_dates, new[1]], max_gap)
    if set(after) - set(before):
        distance, first, last = after.get(new[1], next(iter(after.values())))
        raise ScaffoldError(
            f"{hint('date')}={new[1]}: {distance} days from the other days of {new[0]!r} "
            f"({first} to {last}); an event's days are at most {max_gap} days apart "
            f"(confnotes_event_max_gap in conf.py): check the date, or pass "
            f'{hint("event")}="..." for another event'
        )


def next_slot(talks: list[tuple[Declaration, Day]], day: Day) -> int:
    """Return the slot after the day's last one: a new talk ends its day.

    *talks*: each declared talk with the day the programme lists it under.
    """
    slots = [
        slot
        for t, listed in talks
        if listed == day and (slot := dates.count(t.options.get("slot", "")))
    ]
    return max(slots, default=0) + 1


def default_event(root: Path) -> str:
    """``confnotes_default_event`` from conf.py, read as text (no import)."""
    event = conf_setting(root, "confnotes_default_event", "")
    return event if isinstance(event, str) else ""


def references_line(lines: list[str], suffix: str) -> int | None:
    """Index of the heading line of a page's "References" section, if any."""
    for number, line in enumerate(lines):
        if suffix == ".md":
            if re.fullmatch(r"#+ References\s*", line):
                return number
        elif line.strip() == "References" and number + 1 < len(lines):
            if re.fullmatch(r"([=\-~^\"'`#*+.:_])\1+", lines[number + 1].strip()):
                return number
    return None


def section_style(path: Path, talk_line: int) -> str:
    """Return the heading style of the section holding the talk at *talk_line*.

    Returns an reST underline character, or a run of ``#`` for MyST.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    number = talk_line - 2  # the line above the directive, 0-based
    while number >= 0 and not lines[number].strip():
        number -= 1
    if path.suffix == ".md":
        if number >= 0 and (match := re.match(r"(#+) ", lines[number])):
            return match[1]
        return "##"
    if number >= 1 and re.fullmatch(r"([=\-~^\"'`#*+.:_])\1+", lines[number].strip()):
        return lines[number].strip()[0]
    return "-"


# -- The scaffold ----------------------------------------------------------------------


@dataclass
class Plan:
    """Every file to write, computed before anything is written."""

    writes: dict[Path, str] = field(default_factory=dict)
    created: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_new_talk(args: argparse.Namespace, root: Path) -> Plan:
    """Check the request against the site and compute the edits."""
    plan = Plan()
    title = " ".join(args.title.split())
    if not title:
        raise ScaffoldError("the title is empty")
    if re.search(r"[<>`*|\[\]{}]", title):
        plan.notes.append(
            "the title has characters the build reports as markup (markup_in_name): "
            "check that the published title really has them"
        )
    kind = args.kind
    ext = FORMATS[args.format]
    talks = find_declarations(root, "talk")
    day_number = parse_day(args.day)
    site_event = default_event(root)
    event = " ".join((args.event or "").split()) or site_event
    if not event:
        raise ScaffoldError(f'no default event in conf.py: pass {hint("event")}="..."')
    existing = [(t, when_of(t, site_event)) for t in talks]
    of_event = [t for t, w in existing if w[0] == event]
    # a day number without a date: the date is not known (never invented)
    date = (args.date or "").strip() or (
        records.UNKNOWN if day_number else default_date(of_event, event)
    )
    if not dates.is_date(date) and date != records.UNKNOWN:
        raise ScaffoldError(
            f"{hint('date')} must be an ISO date (YYYY-MM-DD) or 'unknown', not {date!r}"
        )
    talk_id = args.id or default_id(title, args.speaker, dates.day_id(date, day_number))
    if not ids.ID_RE.fullmatch(talk_id):
        raise ScaffoldError(
            f"{hint('id')} {args.id!r} is not an id: use lowercase letters, digits, hyphens"
            if args.id
            else f"cannot make an id from {title!r}: pass {hint('id', '<id>')} "
            "(lowercase letters, digits, hyphens)"
        )
    for talk in talks:
        if talk.ident == talk_id:
            where = talk.path.relative_to(root)
            raise ScaffoldError(
                f"a talk with id {talk_id!r} already exists ({where}:{talk.line}); "
                f"refusing to overwrite it (pass {hint('id', '<another-id>')})"
            )
    new: When = (event, date, day_number)
    refuse_day_clashes(root, [(t, w) for t, w in existing if w[0] == event], new)
    refuse_far_date(root, [w[1] for _t, w in existing if w[0] == event], new)
    listing = listed_days([*(w for _t, w in existing), new])
    day = listing[new]
    listed = [(t, listing[w]) for t, w in existing]
    note_renumbered_days(plan, [w for _t, w in existing if w[0] == event], new)

    speakers = [s.strip() for s in args.speaker.split(",") if s.strip()]
    if not speakers:
        raise ScaffoldError(f"{hint('speaker')} is empty: give a speaker id, or 'unknown'")
    declared = {d.ident: d for d in find_declarations(root, "speaker")}
    aliases = speaker_aliases(declared)
    missing = [s for s in speakers if s not in (records.UNKNOWN, *declared, *aliases)]
    for speaker in speakers:
        if speaker != records.UNKNOWN and not ids.ID_RE.fullmatch(speaker):
            suggested = ids.normalise_id(speaker)
            quoted = '"' + speaker + '"'
            raise ScaffoldError(
                f"speaker id {speaker!r}: use lowercase letters, digits, hyphens"
                + (
                    f": {hint('speaker', suggested)} {hint('speaker_name', quoted)}"
                    " for a new speaker"
                    if suggested and suggested not in declared
                    else f": {hint('speaker', suggested)}"
                    if suggested
                    else ""
                )
            )
    newcomer = new_speaker_facts(args)
    if missing:
        if not newcomer or len(missing) > 1:
            named = [f"{s}{ids.did_you_mean(s, [*declared, *aliases])}" for s in missing]
            typo = any("did you mean" in n for n in named)
            raise ScaffoldError(
                f"speaker {', '.join(named)} is not declared in the speakers page: "
                + ("if that is a typo, pass the declared id; else " if typo else "")
                + f"pass {hint('speaker_name', FULL_NAME)} (or only a handle: "
                f"{hint('speaker_twitter', '<handle>')}) to declare a new speaker, "
                f"or use {hint('speaker', 'unknown')}"
            )
        plan_new_speaker(plan, root, missing[0], newcomer)
        if close := ids.did_you_mean(missing[0], [*declared, *aliases]):
            plan.notes.append(
                f"the new speaker id {missing[0]!r} is close to a declared one{close}: if it is"
                f" the same person, pass that id as {hint('speaker')} and no {hint('speaker_name')}"
            )
    elif newcomer:
        raise ScaffoldError(
            f"{' and '.join(hint(o) for o in newcomer.given)}: only for a new speaker, but "
            f"{hint('speaker')} names declared ones only: leave it out, "
            "or edit the speaker in the speakers page"
        )

    known = [s for s in speakers if s != records.UNKNOWN]
    given_rst = " and ".join(f":speaker:`{s}`" for s in known)
    given_md = " and ".join(f"{{speaker}}`{s}`" for s in known)
    intro = INTRO_PLACEHOLDER
    values = {
        "title": title,
        "title_rst": escape_rst(title),
        "title_md": escape_md(title),
        "talk_id": talk_id,
        "speaker": ", ".join(speakers),
        "kind": kind,
        "date": date,
        "day_rst": f"\n   :day: {day_number}" if day_number else "",
        "day_md": f"\n:day: {day_number}" if day_number else "",
        "when": day_words(day),
        "slot": str(next_slot(listed, day)),
        "event": event,
        "event_rst": f"\n   :event: {event}" if event != site_event else "",
        "event_md": f"\n:event: {event}" if event != site_event else "",
        "intro_rst": textwrap.fill(f"Given by {given_rst}. {intro}" if known else intro, 79),
        "intro_md": textwrap.fill(f"Given by {given_md}. {intro}" if known else intro, 79),
        "notes_placeholder": NOTES_PLACEHOLDER,
        # the page's comment names the project's own default (none: every talk names one)
        "default_event": site_event or "not set: give every talk its :event:",
    }
    values["title_underline"] = "=" * display_width(values["title_rst"])
    add_more_options(plan, args, values)
    named = list(dict.fromkeys(aliases.get(s, s) for s in known))
    add_published_works(plan, root, args, values, speaker_names(declared, named, newcomer))

    if kind == "lightning":
        plan_lightning_section(plan, root, ext, values, listed, day, site_event)
    else:
        plan_talk_page(plan, root, ext, values)
    return plan


# -- Published works: the recording and the slides, cited -------------------------

#: option -> (bibtex howpublished, sentence that cites it)
WORKS = {
    "video": ("Video", "Its recording was published"),
    "slides": ("Slides", "Its slides were published"),
}


def speaker_aliases(declared: dict[str, Declaration]) -> dict[str, str]:
    """Each speaker alias -> the id it stands for, by the directive's rule (``ids``)."""
    claims = {
        ident: ids.aliases_of(d.options.get("aliases", ""), ident) for ident, d in declared.items()
    }
    return ids.alias_targets(claims)


def speaker_names(
    declared: dict[str, Declaration], known: list[str], newcomer: NewSpeaker | None
) -> list[str]:
    """Names of the talk's declared speakers (a new speaker's given name too).

    A speaker known only by a handle has no name: a work's ``author`` is a
    name, so the handle is not put there.
    """
    given = {ident: decl.options.get("name", "") for ident, decl in declared.items()}
    new_name = newcomer.name if newcomer else ""
    names = [given.get(s) or new_name for s in known]
    return [" ".join(n.split()) for n in names if n.strip()]


# -- More options of the talk directive: links and the speaker note -------------------

#: an http(s) URL, none of whose characters end the field or option it is written into:
#: a brace closes a references.bib field (and a new entry could follow), a quote, a
#: backslash or an angle bracket reads as markup; a real URL percent-encodes them
URL_RE = re.compile(r"https?://[^\s/{}\"\\<>`]+[^\s{}\"\\<>`]*")
URL_RULE = "an http:// or https:// URL (no braces, quotes, backslashes or angle brackets)"


def add_more_options(plan: Plan, args: argparse.Namespace, values: dict[str, str]) -> None:
    """``:links:`` (space-separated URLs) and ``:speaker-note:`` (one line of plain text)."""
    links = (args.links or "").replace(",", " ").split()
    for link in links:
        if not URL_RE.fullmatch(link):
            raise ScaffoldError(
                f"{hint('links')}: {link!r} is not {URL_RULE} (separate several with spaces)"
            )
    note = " ".join((args.speaker_note or "").split())
    if note and re.search(r"[<>`*|\[\]{}]", note):
        plan.notes.append(
            "the speaker note has characters reST or Markdown read as markup: it is shown "
            "as written only if they are escaped; plain words are safest"
        )
    if note and records.UNKNOWN not in values["speaker"].split(", "):
        plan.notes.append("the speaker note is shown after the speakers' names in the header")
    options = [("links", " ".join(dict.fromkeys(links))), ("speaker-note", note)]
    values["more_rst"] = "".join(f"\n   :{name}: {value}" for name, value in options if value)
    values["more_md"] = "".join(f"\n:{name}: {value}" for name, value in options if value)


def bib_text(text: str) -> str:
    """Make *text* safe inside a braced BibTeX field."""
    text = text.replace("\\", " ").replace("{", "(").replace("}", ")")
    return re.sub(r"([&%$#_])", r"\\\1", text)


def bib_entries(bib: str) -> dict[str, str]:
    """``{key: url}`` of a references.bib's entries (url "" when none)."""
    entries: dict[str, str] = {}
    for match in re.finditer(r"^@\w+\{\s*([^,\s]+)\s*,(.*?)^\}", bib, re.M | re.S):
        url = re.search(r"^\s*url\s*=\s*[{\"]([^}\"]*)[}\"]", match[2], re.M)
        entries[match[1]] = url[1].strip() if url else ""
    return entries


def add_published_works(
    plan: Plan, root: Path, args: argparse.Namespace, values: dict[str, str], names: list[str]
) -> None:
    """Add ``:video:``/``:slides:``, a bibliography entry for each, and a citation.

    Where the project cannot cite (:func:`site_pages.citation_gap`), the
    options only, and a note saying why.
    """
    options_rst, options_md, cites = [], [], []
    gap = citation_gap(root) if any(getattr(args, option) for option in WORKS) else ""
    bib_path = root if gap else bib_file(root)  # (a project that cannot cite adds no work)
    bib_name = shown_path(bib_path, root)
    for option, (kind, sentence) in WORKS.items():
        url = (getattr(args, option) or "").strip()
        if not url:
            continue
        if not URL_RE.fullmatch(url):
            raise ScaffoldError(f"{hint(option)} must be {URL_RULE}, not {url!r}")
        if gap:
            options_rst.append(f"\n   :{option}: {url}")
            options_md.append(f"\n:{option}: {url}")
            continue
        bib = plan.writes.get(bib_path) or (
            bib_path.read_text(encoding="utf-8") if bib_path.exists() else ""
        )
        entries = bib_entries(bib)
        key = next((k for k, u in entries.items() if u == url), "")
        if not key:  # a new work: one entry, only with the facts given
            key = f"{values['talk_id']}-{option}"
            if key in entries:
                raise ScaffoldError(
                    f"{bib_name} already has an entry {key!r}: pass {hint('id', '<another-id>')}"
                )
            fields = [f"  author       = {{{' and '.join(bib_text(n) for n in names)}}}"] * bool(
                names
            )
            fields += [
                f"  title        = {{{{{bib_text(values['title'])}}}}}",
                f"  howpublished = {{{kind}}}",
                *[f"  year         = {{{values['date'][:4]}}}"] * dates.is_date(values["date"]),
                f"  url          = {{{url}}}",
                f"  note         = {{{bib_text(values['event'])}}}",
            ]
            entry = "@misc{" + key + ",\n" + ",\n".join(fields) + ",\n}\n"
            plan.writes[bib_path] = bib.rstrip("\n") + "\n\n" + entry
            plan.notes.append(f"added {key!r} to {bib_name}: check its fields")
        options_rst.append(f"\n   :{option}: {url}")
        options_md.append(f"\n:{option}: {url}")
        cites.append((sentence, key))
    if gap:
        plan.notes.append(f"the talk's header links its works; not cited, as {gap}")
    values["media_rst"] = "".join(options_rst)
    values["media_md"] = "".join(options_md)
    values["cite_rst"] = "".join(f"\n\n{text} :cite:p:`{key}`." for text, key in cites)
    values["cite_md"] = "".join(f"\n\n{text} {{cite:p}}`{key}`." for text, key in cites)
    if cites:
        values["references_rst"] = render("lightning-references.rst.tmpl")
        values["references_md"] = render("lightning-references.md.tmpl")
    else:
        values["references_rst"] = values["references_md"] = ""


def page_with_view(plan: Plan, root: Path, view: str, what: str) -> tuple[Path, str]:
    """Return the page holding *view* (``speaker-grid``) and its text as planned so far.

    Declarations go there: on any other page they would warn
    ``orphan_declaration``.
    """
    for path in source_files(root):
        text = plan.writes.get(path) or path.read_text(encoding="utf-8")
        if directive_re(view, path.suffix).search(text):
            return path, text
    raise ScaffoldError(f"no page holds a {view}: declare the {what} by hand")


@dataclass
class NewSpeaker:
    """What the contributor knows of a speaker to declare: a name, handles, or both."""

    name: str = ""
    twitter: str = ""
    github: str = ""
    #: the options that were given (for messages)
    given: list[str] = field(default_factory=list)

    def options(self) -> list[tuple[str, str]]:
        """Return the ``speaker`` directive's options, in the order the site writes them."""
        found = [("name", self.name), ("twitter", self.twitter), ("github", self.github)]
        return [(option, value) for option, value in found if value]


def new_speaker_facts(args: argparse.Namespace) -> NewSpeaker | None:
    """Read ``--speaker-name`` and the handles; ``None`` when none is given.

    A name that is only a handle (``"@lvh"``, what notes often give) is a
    Twitter handle: the speaker is declared with ``:twitter: lvh`` and no
    ``:name:``, so the card and the links show ``@lvh``.
    """
    name = " ".join((args.speaker_name or "").split())
    twitter = (args.speaker_twitter or "").strip()
    github = (args.speaker_github or "").strip()
    given = [
        dest
        for dest, value in (
            ("speaker_name", name),
            ("speaker_twitter", twitter),
            ("speaker_github", github),
        )
        if value
    ]
    if not given:
        return None
    if re.fullmatch(r"@\S+", name):
        handle = name[1:]
        if twitter and twitter.removeprefix("@") != handle:
            raise ScaffoldError(
                f"{hint('speaker_name')}={name!r} is a handle, and "
                f"{hint('speaker_twitter')} names another: give one of them"
            )
        name, twitter = "", handle
    twitter = twitter.removeprefix("@")
    if twitter and not ids.is_valid_handle("twitter", twitter):
        raise ScaffoldError(
            f"{hint('speaker_twitter')} {twitter!r} is not a Twitter handle "
            "(letters, digits and _; at most 15)"
        )
    if github and not ids.is_valid_handle("github", github):
        raise ScaffoldError(
            f"{hint('speaker_github')} {github!r} is not a GitHub user name "
            "(letters, digits and single hyphens)"
        )
    return NewSpeaker(name, twitter, github, given)


def plan_new_speaker(plan: Plan, root: Path, ident: str, speaker: NewSpeaker) -> None:
    """Declare a new speaker at the end of the page that holds the speaker grid."""
    path, text = page_with_view(plan, root, "speaker-grid", "speaker")
    if path.suffix == ".md":
        options = "".join(f":{option}: {value}\n" for option, value in speaker.options())
        block = f"\n```{{speaker}} {ident}\n{options}```\n"
    else:
        options = "".join(f"   :{option}: {value}\n" for option, value in speaker.options())
        block = f"\n.. speaker:: {ident}\n{options}"
    plan.writes[path] = text.rstrip("\n") + "\n" + block
    shown = speaker.name or f"@{speaker.twitter or speaker.github}"
    plan.notes.append(
        f"declared speaker {ident!r} ({shown}) in {path.relative_to(root)}: "
        "add under it a paragraph of what the notes say about them, as the other cards have"
    )


def new_page_path(root: Path, name: str, ext: str) -> Path:
    """Return ``talks/<name>.<ext>``, a page the build will read, and no other's name.

    Refuse when a page of that name exists in any format, or when conf.py's
    settings do not read pages of that format.
    """
    if ext not in page_suffixes(conf_settings(root)):
        raise ScaffoldError(
            f"conf.py does not read {ext} pages (its source_suffix and extensions): "
            f"pass {hint('format', 'rst')}, or add myst_parser to its extensions"
        )
    talks_dir = root / "talks"
    for existing in talks_dir.glob(f"*{name}.*"):
        if re.fullmatch(rf"(\d+-)?{re.escape(name)}\.(rst|md)", existing.name):
            raise ScaffoldError(
                f"{existing.relative_to(root)} already exists; refusing to overwrite it"
            )
    return talks_dir / f"{name}{ext}"


def plan_talk_page(plan: Plan, root: Path, ext: str, values: dict[str, str]) -> None:
    """Plan a new page ``talks/<id>``: the programme and navigation list it from its data."""
    path = new_page_path(root, values["talk_id"], ext)
    template = "talk.md.tmpl" if ext == ".md" else "talk.rst.tmpl"
    plan.writes[path] = render(template, **values)
    plan.created.append(path)
    plan.notes.append(slot_note(values))


def slot_note(values: dict[str, str]) -> str:
    """Say where the programme lists the new talk, and how to move it."""
    where = "the day's first talk" if values["slot"] == "1" else "after the day's last talk"
    return (
        f"the programme lists it on {values['when']}, slot {values['slot']} ({where}): "
        "change :slot: to move it"
    )


def plan_lightning_section(
    plan: Plan,
    root: Path,
    ext: str,
    values: dict[str, str],
    talks: list[tuple[Declaration, Day]],
    day: Day,
    site_event: str,
) -> None:
    """Add a section to the day's lightning-talks page, or create that page.

    *talks*: each declared talk with the day the programme lists it under.
    """
    on_day = [t for t, listed in talks if listed == day and t.options.get("kind") == "lightning"]
    pages = collections.Counter(t.path for t in on_day)
    if not pages:
        name = "lightning-talks-" + slugify(
            f"{day[0]} {day[1]}" if day[0] != site_event else day[1]
        )
        path = new_page_path(root, name, ext)
        style = "##" if ext == ".md" else "-"
        page_title = lightning_page_title(day, site_event)
        page_values = {
            **values,
            "page_title_rst": escape_rst(page_title),
            "page_title_md": escape_md(page_title),
        }
        page_values["page_underline"] = "=" * display_width(page_values["page_title_rst"])
        # a References section only when something is cited (as a talk page has)
        plan.writes[path] = (
            render(f"lightning-page{ext}.tmpl", **page_values)
            + section_text(path, style, values)
            + values["references_md" if ext == ".md" else "references_rst"]
        )
        plan.created.append(path)
        plan.notes.append(f"created the lightning-talks page of {day_words(day)}")
        plan.notes.append(slot_note(values))
        return
    page = pages.most_common(1)[0][0]
    first = min((t for t in on_day if t.path == page), key=lambda t: t.line)
    section = section_text(page, section_style(page, first.line), values)
    lines = (plan.writes.get(page) or page.read_text(encoding="utf-8")).rstrip("\n").split("\n")
    refs = references_line(lines, page.suffix)
    if refs is None:
        lines.append(section.rstrip("\n"))
        # the first citation on the page: its References section follows, headed as
        # the page's sections are
        style = section_style(page, first.line)
        references = values["references_md" if page.suffix == ".md" else "references_rst"]
        references = references.replace("## References", f"{style} References").replace(
            "References\n----------", "References\n" + style * len("References")
        )
        lines += references.rstrip("\n").split("\n") if references else []
    else:  # always before the page's References
        lines[refs:refs] = [*section.strip("\n").split("\n"), ""]
    plan.writes[page] = "\n".join(lines) + "\n"
    plan.notes.append(f"added a section to {page.relative_to(root)}")
    if page.suffix != ext:  # a day's lightning talks share one page, in its markup
        markup = "MyST Markdown" if page.suffix == ".md" else "reStructuredText"
        plan.notes.append(f"the section is written in {markup}, the markup of that page")
    plan.notes.append(slot_note(values))


def day_words(day: Day) -> str:
    """Name a day as a sentence does: "16 May 2013", "day 2", "an unknown day"."""
    ident = day[1]
    if dates.is_date(ident):
        return dates.human_date(ident)
    return ident.replace("-", " ") if ident != records.UNKNOWN else "an unknown day"


def lightning_page_title(day: Day, site_event: str) -> str:
    """``Lightning talks, 16 May 2013``: each day's page has a title of its own.

    Previous/next links, the sidebar and browser tabs show page titles, so
    two days' pages must not both be "Lightning talks". The event is named
    when it is not the site's default one; a day without a date by its
    number ("day 2"), or as unknown.
    """
    event = day[0]
    label = day_words(day) if day[1] != records.UNKNOWN else "day unknown"
    return (
        f"Lightning talks, {label}" if event == site_event else f"Lightning talks, {event}, {label}"
    )


def section_text(page: Path, style: str, values: dict[str, str]) -> str:
    """Render a lightning talk's section, headed in the page's own style."""
    if page.suffix == ".md":
        return render("lightning-section.md.tmpl", heading_md=style, **values)
    values = {**values, "title_underline": style * display_width(values["title_rst"])}
    return render("lightning-section.rst.tmpl", **values)


# -- The command line, and `make new-talk` ---------------------------------------------
#
# `make new-talk` sets NEW_TALK_VIA_MAKE=1 and passes each make variable as
# NEW_TALK_<VARIABLE> (TITLE -> NEW_TALK_TITLE, SPEAKER_NAME ->
# NEW_TALK_SPEAKER_NAME): environment variables keep quotes in a title safe.
# `make new-tool` runs scripts/new_tool.py the same way, with NEW_TOOL_.
# Every option --some-option is the make variable SOME_OPTION (a new option
# needs only its name in the Makefile's NEW_TALK_VARS), and messages name
# options the way the contributor typed them.

FULL_NAME = '"Full Name"'
#: Options that only the tests use; make runs on the site it is in.
NOT_FROM_MAKE = {"root"}
TRUE_WORDS = {"1", "yes", "true", "on"}
FALSE_WORDS = {"", "0", "no", "false", "off"}


def via_make() -> bool:
    """Whether ``make new-talk`` runs the script (then hints say ``ID=...``)."""
    return make_command() is not None


#: environment prefix -> the make target that runs a scaffold with it
MAKE_COMMANDS = {"NEW_TALK": "new-talk", "NEW_TOOL": "new-tool"}


def make_command() -> tuple[str, str] | None:
    """``(prefix, target)`` of the make target running the script; None when run directly."""
    for prefix, target in MAKE_COMMANDS.items():
        if os.environ.get(f"{prefix}_VIA_MAKE") == "1":
            return prefix, target
    return None


def make_var(dest: str) -> str:
    """Return the make variable of an option: ``speaker_name`` -> ``SPEAKER_NAME``."""
    return dest.upper()


def hint(dest: str, value: str | None = None) -> str:
    """Write an option as the contributor does: ``ID=<id>`` under make, else ``--id <id>``."""
    if via_make():
        name = make_var(dest)
        return name if value is None else f"{name}={value}"
    flag = "--" + dest.replace("_", "-")
    return flag if value is None else f"{flag} {value}"


class Parser(argparse.ArgumentParser):
    """argparse, with errors and usage in make's words when make runs the script."""

    #: options that are no make variable (the Makefile or the tests pass them as flags)
    not_from_make: frozenset[str] = frozenset(NOT_FROM_MAKE)

    def error(self, message: str) -> NoReturn:
        """Say ``KIND: invalid choice`` rather than ``argument --kind: ...`` under make."""
        if not via_make():
            super().error(message)
        message = re.sub(
            r"(?:argument )?--([a-z][a-z-]*)",
            lambda m: make_var(m[1].replace("-", "_")),
            message,
        )
        self.exit(2, f"{self.target()}: {message}\n{self.make_usage()}\n")

    def target(self) -> str:
        """Return the make target that runs the script (``new-talk``)."""
        return (make_command() or ("NEW_TALK", "new-talk"))[1]

    def make_usage(self) -> str:
        """``usage: make new-talk TITLE=... SPEAKER=... [KIND=...]``, from the options."""
        words = []
        for action in self._actions:
            if not action.option_strings or action.dest in self.not_from_make | {"help"}:
                continue
            if action.choices:
                value = "|".join(str(c) for c in action.choices)
            elif action.nargs == 0:
                value = "1"
            else:
                value = action.metavar or f"<{action.dest.replace('_', '-')}>"
            word = f"{make_var(action.dest)}={value}"
            words.append(word if action.required else f"[{word}]")
        return f"usage: make {self.target()} " + " ".join(words)


def build_parser() -> Parser:
    """Every option of the scaffold; each is also a make variable (``--id`` is ``ID=``)."""
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--title", required=True, metavar='"..."', help="published title of the talk"
    )
    parser.add_argument(
        "--speaker",
        required=True,
        metavar="<id>",
        help="speaker id(s) or aliases, comma-separated, or 'unknown'",
    )
    parser.add_argument("--kind", choices=KIND_CHOICES, default=DEFAULT_KIND)
    parser.add_argument(
        "--format", choices=sorted(FORMATS), default="rst", help="rst (default) or md (MyST)"
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="ISO date, or 'unknown'; default: the date most talks of the event have "
        "(unknown when only DAY is given)",
    )
    parser.add_argument(
        "--day",
        metavar="<n>",
        help="the day within the event (1, 2, ...), for notes that say 'Day 2' but not the date",
    )
    parser.add_argument(
        "--speaker-name",
        metavar=FULL_NAME,
        help="declare SPEAKER as a new speaker with this name; a handle alone (@lvh) "
        "declares a speaker known only by that Twitter handle",
    )
    parser.add_argument(
        "--speaker-twitter",
        metavar="<handle>",
        help="declare SPEAKER as a new speaker with this Twitter handle (name optional)",
    )
    parser.add_argument(
        "--speaker-github",
        metavar="<user>",
        help="declare SPEAKER as a new speaker with this GitHub user (name optional)",
    )
    parser.add_argument(
        "--speaker-note",
        metavar='"..."',
        help='plain text shown beside the speakers, e.g. "Not named in the notes."',
    )
    parser.add_argument(
        "--links", metavar='"URL URL"', help="more links of the talk, separated by spaces"
    )
    parser.add_argument("--id", metavar="<talk-id>", help="talk id (default: from the title)")
    parser.add_argument(
        "--event", metavar="EVENT", help="the event; default: confnotes_default_event in conf.py"
    )
    parser.add_argument("--video", metavar="URL", help="the published recording (cited)")
    parser.add_argument("--slides", metavar="URL", help="the published slides (cited)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the site's source folder")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change, write nothing"
    )
    return parser


def make_argv(parser: Parser) -> list[str]:
    """Turn the ``NEW_TALK_<VAR>`` variables make passed into options, so argparse checks them.

    An empty variable is left out (the option keeps its default); a yes/no
    option (``DRY_RUN``) takes 1, yes, true or on, and 0, no, false, off or
    nothing for no.
    """
    argv = []
    for action in parser._actions:
        if not action.option_strings or action.dest in parser.not_from_make | {"help"}:
            continue
        name = make_var(action.dest)
        prefix = (make_command() or ("NEW_TALK", "new-talk"))[0]
        value = os.environ.get(f"{prefix}_{name}", "").strip()
        flag = action.option_strings[-1]
        if action.nargs == 0:
            if value.lower() in TRUE_WORDS:
                argv.append(flag)
            elif value.lower() not in FALSE_WORDS:
                parser.error(f"{name}={value!r}: use {name}=1 (or leave it out)")
        elif value:
            argv.append(f"{flag}={value}")
    return argv


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line, after the make variables when ``make new-talk`` runs the script."""
    parser = build_parser()
    args = list(sys.argv[1:] if argv is None else argv)
    if via_make():
        args = make_argv(parser) + args
    return parser.parse_args(args)


def main(argv: list[str] | None = None) -> int:
    """Plan, refuse on any conflict, then write."""
    args = parse_args(argv)
    root = args.root.resolve()
    try:
        plan = plan_new_talk(args, root)
    except ScaffoldError as error:
        print(f"new-talk: {error}", file=sys.stderr)
        return 1
    for path, text in plan.writes.items():
        verb = "create" if path in plan.created else "update"
        print(f"{verb} {shown_path(path, root)}")
        if args.dry_run:
            continue
        if path in plan.created:
            with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
                handle.write(text)
        else:
            path.write_text(text, encoding="utf-8")
    for note in plan.notes:
        print(f"note: {note}")
    if args.dry_run:
        print(f"dry run: nothing was written (run again without {hint('dry_run')} to write)")
    else:
        print(f"next: fill in the page, then {next_step(root)}")
    return 0


def next_step(root: Path) -> str:
    """Return what to run next: the make targets, or a strict build where there is no Makefile."""
    if (root / "Makefile").is_file():
        return "run `make html` and `make check`"
    return f"build it strictly: `python -m sphinx -W --keep-going -n {root} <output folder>`"


if __name__ == "__main__":
    sys.exit(main())
