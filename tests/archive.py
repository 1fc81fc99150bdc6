"""A generated notes archive: several events, partial dates, repeated titles, shared speakers.

What a note-taker's archive looks like (issue 22): events whose dates are
known, events known only by day numbers ("Day 2"), events with no day at
all, talk titles that repeat from one event to the next ("Keynote",
"Lightning talks"), and speakers who spoke at several events. Deterministic
for a seed; every page is valid confnotes markup, so the archive must build
strictly with no warning at all.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

#: (event, first date or None, how its days are known: "dates", "numbers" or "none")
EVENTS = (
    ("Archive Con 2013", datetime.date(2013, 5, 15), "dates"),
    ("Archive Weekend 2014", None, "numbers"),
    ("Archive Con 2015", datetime.date(2015, 6, 1), "dates"),
    ("Regional Meetup 2013", None, "none"),
    ("Regional Meetup 2015", datetime.date(2015, 9, 18), "mixed"),
)
#: titles that several events share
REPEATED = ("Keynote", "Opening remarks", "Closing keynote", "Testing in practice")
WORDS = "cache queue schema deploy async admin forms orm signals views search api".split()


@dataclass(frozen=True)
class ArchiveTalk:
    """One talk of the archive and where its page goes."""

    ident: str
    title: str
    page_title: str
    event: str
    date: str | None
    day: int | None
    kind: str
    speakers: tuple[str, ...]
    slot: int


def generate(root: Path, *, seed: int = 2013, talks_per_event: int = 36) -> list[ArchiveTalk]:
    """Write the archive's sources under *root*; return its talks."""
    rng = random.Random(seed)
    speakers = [f"speaker-{n:03d}" for n in range(1, 108)]
    shared = speakers[:6]  # people who speak at several events
    talks: list[ArchiveTalk] = []
    for number, (event, first, known) in enumerate(EVENTS, start=1):
        days = 3
        # each event gives each repeated title once: titles repeat across events
        unused = list(REPEATED[: 2 + number % 3])  # not every event has each
        rng.shuffle(unused)
        for index in range(talks_per_event):
            day = index * days // talks_per_event + 1
            slot = index % (talks_per_event // days) + 1
            repeated = bool(unused) and (index == 0 or rng.random() < 0.08)
            title = unused.pop() if repeated else f"{rng.choice(WORDS).title()} {index}"
            if known == "dates" or (known == "mixed" and index % 2 == 0):
                assert first is not None
                date, day_number = (first + datetime.timedelta(days=day - 1)).isoformat(), None
            elif known in ("numbers", "mixed"):
                date, day_number = None, day
            else:
                date, day_number = None, None
            who = rng.choice(shared) if rng.random() < 0.15 else rng.choice(speakers[6:])
            kind = "keynote" if title.endswith("eynote") else rng.choice(("talk", "lightning"))
            ident = f"e{number}-t{index:03d}"
            talks.append(
                ArchiveTalk(
                    ident=ident,
                    title=title,
                    # the page title may repeat too: the event tells the pages apart
                    page_title=title if repeated else f"{title} ({event})",
                    event=event,
                    date=date,
                    day=day_number,
                    kind=kind,
                    speakers=(who,),
                    slot=slot,
                )
            )
    write(root, talks, speakers)
    return talks


def write(root: Path, talks: list[ArchiveTalk], speakers: list[str]) -> None:
    """Write conf.py, the front page, speakers, tools and one page per talk."""
    (root / "talks").mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(
        '"""A generated archive of notes."""\n\n'
        'project = "Archive"\n'
        'extensions = ["sphinx_design", "confnotes"]\n'
        'confnotes_default_event = "Archive Con 2013"\n'
        'exclude_patterns = ["_build"]\n'
        'copyright = "2013, the test authors"\n'
        'version = release = "1.0"\n'
    )
    (root / "index.rst").write_text(
        "Archive\n=======\n\n.. programme::\n\n"
        ".. toctree::\n   :caption: More\n\n   speakers\n   tools\n   lightning\n"
    )
    (root / "lightning.rst").write_text(
        "Lightning talks\n===============\n\n.. lightning-index::\n"
    )
    cards = ["Speakers\n========\n\n.. speaker-grid::\n"]
    for ident in speakers:
        cards.append(f"\n.. speaker:: {ident}\n   :name: Speaker {ident[-3:]}\n")
    (root / "speakers.rst").write_text("".join(cards))
    (root / "tools.rst").write_text(
        "Tools\n=====\n\n.. tool-glossary::\n\n"
        ".. tool:: django\n   :name: Django\n   :category: framework\n\n   The web framework.\n"
    )
    for talk in talks:
        lines = [talk.page_title, "=" * len(talk.page_title), "", f".. talk:: {talk.ident}"]
        lines += [f"   :title: {talk.title}", f"   :speaker: {', '.join(talk.speakers)}"]
        lines += [f"   :kind: {talk.kind}", f"   :event: {talk.event}", f"   :slot: {talk.slot}"]
        lines.append(f"   :date: {talk.date or 'unknown'}")
        if talk.day:
            lines.append(f"   :day: {talk.day}")
        lines += ["", f"Notes of {talk.title}, with :tool:`django`.", ""]
        (root / "talks" / f"{talk.ident}.rst").write_text("\n".join(lines))
