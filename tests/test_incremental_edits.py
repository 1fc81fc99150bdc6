"""Incremental builds equal fresh ones, whatever a contributor edits (issue 19).

A seeded generator draws a sequence of edits on a copy of
``tests/roots/test-incremental-edits``: add, remove, swap, retitle and move
talks, rename ids (and every reference to them), add and remove tool
mentions, rename speakers and pages. Every state is a valid strict build.
After each edit the project is built again in the same output and doctree
folders, serially or with ``-j 2``, and compared with a fresh serial build
of the same sources: the same pages, byte for byte (two builds of the same
sources write the same HTML, sidebar and all, so nothing is normalised; a
failure shows the diff of the main content). Then a build with nothing
changed must read and write no page.

The root puts the views where only the incremental hooks re-write them:
Sphinx re-writes the toctree parent of every page it writes, and the front
page is the parent of the talk pages, the speakers and the tools, so its
programme would hide staleness. ``printed.rst`` shows the programme again
and is the parent of no page; the lightning index and the speaker cards
are parents of none either. ``days/second.rst`` holds the second day's
pages, so a page that changes day moves between two programmes' toctrees.

``CONFNOTES_EDIT_SEEDS`` (default ``"1 2"``) lists the seeds; a failure
names its seed and the edits that led to it, so the seed reproduces it.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import random
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).parent / "roots" / "test-incremental-edits"
SEEDS = [int(seed) for seed in os.environ.get("CONFNOTES_EDIT_SEEDS", "1 2").split()]
DAYS = ("2031-03-01", "2031-03-02")
#: the event a talk can move to (the root's talks are all in the default one)
OTHER_EVENT = "Side Meetup 2031"
#: the edit views ordered by line must follow (the lightning index went stale on it)
UNSLOTTED_SWAP = "swap two talks without a slot"
#: pages Sphinx writes on every build, whatever changed
ALWAYS_WRITTEN = {"genindex.html", "search.html"}


# -- the sources as data ---------------------------------------------------------


@dataclass
class Prose:
    """A paragraph: a sentence, then the tools it mentions and the talks it links."""

    lead: str
    tools: list[str] = field(default_factory=list)
    talks: list[str] = field(default_factory=list)

    def render(self) -> str:
        text = self.lead
        if self.tools:
            text += " Uses " + ", ".join(f":tool:`{t}`" for t in self.tools) + "."
        if self.talks:
            text += " See also " + ", ".join(f":talk:`{t}`" for t in self.talks) + "."
        return text


@dataclass
class Talk:
    """One talk: its own section (titled as the talk), directive and notes."""

    id: str
    title: str
    speakers: list[str]
    kind: str
    date: str
    slot: int | None
    prose: Prose
    #: ``None``: the project's default event
    event: str | None = None

    def render(self) -> list[str]:
        lines = ["", self.title, "-" * len(self.title), "", f".. talk:: {self.id}"]
        lines += [f"   :title: {self.title}", f"   :speaker: {', '.join(self.speakers)}"]
        lines += [f"   :kind: {self.kind}", f"   :date: {self.date}"]
        if self.slot is not None:
            lines.append(f"   :slot: {self.slot}")
        if self.event is not None:
            lines.append(f"   :event: {self.event}")
        return [*lines, "", self.prose.render()]


@dataclass
class Page:
    """A talk page: a title, a paragraph (outside any talk), then its talks in order."""

    title: str
    prose: Prose
    talks: list[Talk]

    def render(self) -> str:
        lines = [self.title, "=" * len(self.title), "", self.prose.render()]
        for talk in self.talks:
            lines += talk.render()
        return "\n".join(lines) + "\n"


@dataclass
class Site:
    """The talk pages, speakers and tools of a copy of the root."""

    pages: dict[str, Page]
    speakers: dict[str, str]
    #: id -> (name, category, description)
    tools: dict[str, tuple[str, str, str]]

    def talks(self) -> list[tuple[str, Talk]]:
        return [(path, talk) for path, page in self.pages.items() for talk in page.talks]

    def proses(self) -> list[Prose]:
        return [p.prose for p in self.pages.values()] + [t.prose for _, t in self.talks()]

    def files(self) -> dict[str, str]:
        """The files the edits touch, by path relative to the project."""
        speakers = ["Speakers", "========", "", ".. speaker-grid::"]
        for speaker_id, name in self.speakers.items():
            speakers += ["", f".. speaker:: {speaker_id}", f"   :name: {name}"]
        tools = ["Tools", "=====", "", ".. tool-glossary::"]
        for tool_id, (name, category, description) in self.tools.items():
            tools += ["", f".. tool:: {tool_id}", f"   :name: {name}"]
            tools += [f"   :category: {category}", "", f"   {description}"]
        return {
            "speakers.rst": "\n".join(speakers) + "\n",
            "tools.rst": "\n".join(tools) + "\n",
            **{path: page.render() for path, page in self.pages.items()},
        }


PROSE_RE = re.compile(
    r"(?P<lead>[^.]*\.)(?: Uses (?P<tools>[^.]*)\.)?(?: See also (?P<talks>.*)\.)?"
)
TALK_RE = re.compile(
    r"\n(?P<heading>.+)\n-+\n\n\.\. talk:: (?P<id>\S+)\n"
    r"(?P<options>(?:   :\S+: .*\n)+)\n(?P<prose>.+)\n"
)


def parse_prose(text: str) -> Prose:
    found = PROSE_RE.fullmatch(text)
    assert found, text
    return Prose(
        found["lead"],
        re.findall(r":tool:`([^`]+)`", found["tools"] or ""),
        re.findall(r":talk:`([^`]+)`", found["talks"] or ""),
    )


def parse_page(text: str) -> Page:
    head = re.match(r"(?P<title>.+)\n=+\n\n(?P<prose>.+)\n", text)
    assert head, text
    talks = []
    for block in TALK_RE.finditer(text, head.end()):
        options = dict(re.findall(r"   :(\S+): (.*)", block["options"]))
        assert block["heading"] == options["title"], block["heading"]
        talks.append(
            Talk(
                block["id"],
                options["title"],
                options["speaker"].split(", "),
                options["kind"],
                options["date"],
                int(options["slot"]) if "slot" in options else None,
                parse_prose(block["prose"]),
                options.get("event"),
            )
        )
    return Page(head["title"], parse_prose(head["prose"]), talks)


def read_site(src: Path) -> Site:
    """The root as data; :func:`test_the_edit_model_reads_the_root_back` proves it faithful."""
    speakers = (src / "speakers.rst").read_text(encoding="utf-8")
    tools = (src / "tools.rst").read_text(encoding="utf-8")
    return Site(
        pages={
            path.relative_to(src).as_posix(): parse_page(path.read_text(encoding="utf-8"))
            for path in sorted((src / "talks").glob("*.rst"))
        },
        speakers=dict(re.findall(r"\.\. speaker:: (\S+)\n   :name: (.*)\n", speakers)),
        tools={
            tool_id: (name, category, description)
            for tool_id, name, category, description in re.findall(
                r"\.\. tool:: (\S+)\n   :name: (.*)\n   :category: (.*)\n\n   (.*)\n", tools
            )
        },
    )


# -- the edits --------------------------------------------------------------------


class Editor:
    """Draws edits with one seeded generator; each keeps the site a valid strict build.

    An edit returns what it did, or ``None`` when the site offers it nothing
    to do (no page with two talks without a slot, say).
    """

    def __init__(self, site: Site, rng: random.Random) -> None:
        self.site = site
        self.rng = rng
        self.count = 0
        self.kinds: dict[str, Callable[[], str | None]] = {
            "add a talk": self.add_talk,
            "remove a talk": self.remove_talk,
            "swap two talks": self.swap_talks,
            UNSLOTTED_SWAP: self.swap_unslotted,
            "retitle a talk": self.retitle_talk,
            "change a talk's kind, day, slot, event or speakers": self.change_facts,
            "move a talk to another page": self.move_talk,
            "rename an id": self.rename_id,
            "mention a tool": self.add_mention,
            "drop a tool mention": self.drop_mention,
            "rename a speaker": self.rename_speaker,
            "retitle a page": self.retitle_page,
        }

    def fresh_number(self) -> int:
        self.count += 1
        return self.count

    def sequence(self) -> list[str]:
        """Every kind of edit once, in a random order (another kind when one cannot apply).

        The swap of two talks without a slot comes among the first three: two
        edits cannot take the root's last such pair away, so it always applies.
        """
        order = list(self.kinds)
        self.rng.shuffle(order)
        order.remove(UNSLOTTED_SWAP)
        order.insert(self.rng.randint(0, 2), UNSLOTTED_SWAP)
        return order

    def apply(self, kind: str) -> str:
        done = self.kinds[kind]()
        while done is None:
            kind = self.rng.choice(sorted(self.kinds))
            done = self.kinds[kind]()
        return done

    def place(self, talk: Talk) -> str:
        """Put *talk* at a random place of a random page, or on a new page."""
        if self.rng.random() < 0.25:
            number = self.fresh_number()
            path = f"talks/session-{number}.rst"
            self.site.pages[path] = Page(f"Session {number}", Prose("More talks."), [talk])
            return f"a new page {path}"
        path = self.rng.choice(sorted(self.site.pages))
        talks = self.site.pages[path].talks
        position = self.rng.randint(0, len(talks))
        talks.insert(position, talk)
        return f"{path} at {position}"

    def take(self, path: str, talk: Talk) -> str:
        """Take *talk* off its page; a page left without talks goes (it would be in no toctree)."""
        page = self.site.pages[path]
        page.talks.remove(talk)
        if page.talks:
            return ""
        del self.site.pages[path]
        return f" (and its page {path})"

    def add_talk(self) -> str:
        number = self.fresh_number()
        others = [t.id for _, t in self.site.talks()]
        speakers = self.rng.sample(sorted(self.site.speakers), self.rng.randint(1, 2))
        talk = Talk(
            id=f"talk-{number}",
            title=f"Added talk {number}",
            speakers=speakers if self.rng.random() < 0.8 else ["unknown"],
            kind=self.rng.choice(["talk", "keynote", "lightning", "lightning"]),
            date=self.rng.choice(DAYS),
            slot=self.rng.choice([None, None, 1, 2, 4]),
            prose=Prose(
                "Notes on this talk.",
                self.rng.sample(sorted(self.site.tools), self.rng.randint(0, 2)),
                self.rng.sample(others, min(len(others), self.rng.randint(0, 1))),
            ),
        )
        where = self.place(talk)
        return f"add {talk.kind} {talk.id} (slot {talk.slot}, {talk.date}) to {where}"

    def remove_talk(self) -> str | None:
        if len(self.site.talks()) < 4:
            return None
        path, talk = self.rng.choice(self.site.talks())
        for prose in self.site.proses():
            prose.talks = [t for t in prose.talks if t != talk.id]
        return f"remove {talk.id} from {path}{self.take(path, talk)}"

    def swap(self, path: str, first: int, second: int) -> str:
        talks = self.site.pages[path].talks
        talks[first], talks[second] = talks[second], talks[first]
        return f"swap {talks[second].id} and {talks[first].id} on {path}"

    def swap_talks(self) -> str | None:
        pages = [path for path, page in self.site.pages.items() if len(page.talks) >= 2]
        if not pages:
            return None
        path = self.rng.choice(sorted(pages))
        first, second = self.rng.sample(range(len(self.site.pages[path].talks)), 2)
        return self.swap(path, first, second)

    def swap_unslotted(self) -> str | None:
        choices = []
        for path, page in sorted(self.site.pages.items()):
            unslotted = [i for i, t in enumerate(page.talks) if t.slot is None]
            choices += [(path, a, b) for a in unslotted for b in unslotted if a < b]
        if not choices:
            return None
        path, first, second = self.rng.choice(choices)
        return self.swap(path, first, second) + " (neither has a slot)"

    def retitle_talk(self) -> str:
        """A new title, or sometimes another talk's (the glossary then tells the two apart)."""
        path, talk = self.rng.choice(self.site.talks())
        taken = sorted({t.title for _, t in self.site.talks()} - {talk.title})
        old = talk.title
        if taken and self.rng.random() < 0.3:
            talk.title = self.rng.choice(taken)
        else:
            talk.title = f"Retitled talk {self.fresh_number()}"
        return f"retitle {talk.id} on {path}: {old!r} -> {talk.title!r}"

    def change_facts(self) -> str:
        """Another kind, day, slot (or none), event or speakers for one talk."""
        path, talk = self.rng.choice(self.site.talks())
        fact = self.rng.choice(["kind", "date", "slot", "event", "speakers"])
        old = getattr(talk, fact)
        while getattr(talk, fact) == old:
            if fact == "kind":
                talk.kind = self.rng.choice(["talk", "keynote", "lightning"])
            elif fact == "date":
                talk.date = self.rng.choice(DAYS)
            elif fact == "slot":
                talk.slot = self.rng.choice([None, 1, 2, 3, 5])
            elif fact == "event":
                talk.event = self.rng.choice([None, OTHER_EVENT])
            else:
                count = self.rng.randint(1, 2)
                talk.speakers = self.rng.sample(sorted(self.site.speakers), count)
        return f"change the {fact} of {talk.id} on {path}: {old} -> {getattr(talk, fact)}"

    def move_talk(self) -> str | None:
        if len(self.site.pages) < 2:
            return None
        path, talk = self.rng.choice(self.site.talks())
        taken = self.take(path, talk)
        target = self.rng.choice(sorted(set(self.site.pages) - {path}))
        position = self.rng.randint(0, len(self.site.pages[target].talks))
        self.site.pages[target].talks.insert(position, talk)
        return f"move {talk.id} from {path}{taken} to {target} at {position}"

    def rename_id(self) -> str:
        kind = self.rng.choice(["talk", "speaker", "tool"])
        new = f"{kind}-renamed-{self.fresh_number()}"
        if kind == "talk":
            _, talk = self.rng.choice(self.site.talks())
            old, talk.id = talk.id, new
            for prose in self.site.proses():
                prose.talks = [new if t == old else t for t in prose.talks]
        elif kind == "speaker":
            old = self.rng.choice(sorted(self.site.speakers))
            self.site.speakers = {new if k == old else k: v for k, v in self.site.speakers.items()}
            for _, talk in self.site.talks():
                talk.speakers = [new if s == old else s for s in talk.speakers]
        else:
            old = self.rng.choice(sorted(self.site.tools))
            self.site.tools = {new if k == old else k: v for k, v in self.site.tools.items()}
            for prose in self.site.proses():
                prose.tools = [new if t == old else t for t in prose.tools]
        return f"rename {kind} {old} -> {new}"

    def mention_places(self) -> list[tuple[str, Prose]]:
        places = [
            (f"{path} (outside any talk)", page.prose) for path, page in self.site.pages.items()
        ]
        return places + [(f"{path} {talk.id}", talk.prose) for path, talk in self.site.talks()]

    def add_mention(self) -> str | None:
        places = [
            (where, prose, tool)
            for where, prose in self.mention_places()
            for tool in sorted(self.site.tools)
            if tool not in prose.tools
        ]
        if not places:
            return None
        where, prose, tool = self.rng.choice(places)
        prose.tools.insert(self.rng.randint(0, len(prose.tools)), tool)
        return f"mention tool {tool} in {where}"

    def drop_mention(self) -> str | None:
        places = [(where, prose) for where, prose in self.mention_places() if prose.tools]
        if not places:
            return None
        where, prose = self.rng.choice(places)
        tool = prose.tools.pop(self.rng.randrange(len(prose.tools)))
        return f"drop the mention of tool {tool} in {where}"

    def rename_speaker(self) -> str:
        speaker = self.rng.choice(sorted(self.site.speakers))
        first = self.rng.choice(["Abe", "Ivy", "Max", "Zoe"])
        self.site.speakers[speaker] = name = f"{first} Example {self.fresh_number()}"
        return f"rename speaker {speaker} to {name!r}"

    def retitle_page(self) -> str:
        path = self.rng.choice(sorted(self.site.pages))
        self.site.pages[path].title = title = f"Renamed session {self.fresh_number()}"
        return f"retitle page {path} to {title!r}"


def write_changes(src: Path, before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Write the files that changed, delete the ones gone; return the docnames deleted.

    Each written file gets the clock's time (finer than some file systems'
    timestamps), so Sphinx sees it newer than the build that read it last.
    """
    for name in before.keys() - after.keys():
        (src / name).unlink()
    for name, text in after.items():
        if before.get(name) != text:
            (src / name).write_text(text, encoding="utf-8")
            now = time.time_ns()
            os.utime(src / name, ns=(now, now))
    return {name.removesuffix(".rst") for name in before.keys() - after.keys()}


# -- builds and comparison ------------------------------------------------------------


def build(src: Path, *, parallel: int = 0, fresh: bool = False) -> SimpleNamespace:
    """Build *src* into its ``_build``; clean the app up (docutils' registries are global)."""
    app = SphinxTestApp(
        "html", srcdir=src, freshenv=fresh, parallel=parallel, status=StringIO(), warning=StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return SimpleNamespace(
        outdir=Path(app.outdir),
        docnames=set(app.env.all_docs),
        status=strip_escape_sequences(app.status.getvalue()),
        warnings=strip_escape_sequences(app.warning.getvalue()),
    )


def html_files(outdir: Path) -> dict[str, str]:
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
    }


def source_digest(src: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(src.rglob("*")):
        relative = path.relative_to(src)
        if path.is_file() and relative.parts[0] != "_build":
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], SimpleNamespace]:
    """``fresh_build(src)``: a fresh serial build of a copy of *src*'s sources, once per state.

    The serial and ``-j 2`` sequences of a seed pass through the same states.
    """
    cache: dict[str, SimpleNamespace] = {}

    def get(src: Path) -> SimpleNamespace:
        key = source_digest(src)
        if key not in cache:
            dest = tmp_path_factory.mktemp("fresh") / "src"
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
            result = build(dest, fresh=True)
            assert result.warnings == "", result.warnings
            cache[key] = SimpleNamespace(docnames=result.docnames, pages=html_files(result.outdir))
        return cache[key]

    return get


def main_content(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    main = soup.select_one("article") or soup.body
    return str(main.prettify()).splitlines()


def page_diff(name: str, incremental: str, fresh: str) -> str:
    """The main content's diff, or the whole page's when only the rest differs."""
    old, new = main_content(incremental), main_content(fresh)
    if old == new:
        old, new = incremental.splitlines(), fresh.splitlines()
    lines = difflib.unified_diff(old, new, f"incremental/{name}", f"fresh/{name}", lineterm="", n=1)
    return "\n".join(list(lines)[:60])


def differences(outdir: Path, fresh: SimpleNamespace, deleted: set[str]) -> list[str]:
    """What the incremental output in *outdir* shows differently from the fresh build."""
    written = html_files(outdir)
    # Sphinx leaves the output of a deleted page where it was
    leftovers = {f"{docname}.html" for docname in deleted}
    found = [f"not written: {name}" for name in sorted(fresh.pages.keys() - written.keys())]
    found += [
        f"not in a fresh build: {name}"
        for name in sorted(written.keys() - fresh.pages.keys() - leftovers)
    ]
    found += [
        page_diff(name, written[name], text)
        for name, text in fresh.pages.items()
        if name in written and written[name] != text
    ]
    return found


def touched(status: str) -> list[str]:
    """The lines of a build's status that say it read or wrote a page."""
    return re.findall(r"(?:reading sources|writing output)\.\.\. \S*\[.*|.*re-reading.*", status)


# -- the tests ------------------------------------------------------------------------


def test_the_edit_model_reads_the_root_back() -> None:
    """The generator edits what the root holds: the model renders the root's files unchanged."""
    site = read_site(ROOT)
    assert len(site.pages) >= 3 and site.speakers and site.tools
    for name, text in site.files().items():
        assert (ROOT / name).read_text(encoding="utf-8") == text, name
    assert any(
        sum(t.slot is None and t.kind == "lightning" for t in page.talks) >= 2
        for page in site.pages.values()
    ), "the root needs two lightning talks without a slot on one page"


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@pytest.mark.parametrize("seed", SEEDS, ids=[f"seed{s}" for s in SEEDS])
def test_incremental_builds_equal_fresh_builds(
    seed: int, parallel: int, tmp_path: Path, fresh_build: Callable[[Path], SimpleNamespace]
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    first = build(src, parallel=parallel)
    assert first.warnings == ""
    editor = Editor(read_site(src), random.Random(seed))
    done: list[str] = []
    deleted: set[str] = set()
    for kind in editor.sequence():
        before = editor.site.files()
        done.append(editor.apply(kind))
        after = editor.site.files()
        deleted = (deleted | write_changes(src, before, after)) - {
            name.removesuffix(".rst") for name in after
        }
        context = (
            f"seed {seed}, {'-j 2' if parallel else 'serial'}, after the edits\n  "
            + "\n  ".join(done)
            + f"\n(again: CONFNOTES_EDIT_SEEDS={seed} pytest tests/{Path(__file__).name})"
        )
        incremental = build(src, parallel=parallel)
        assert incremental.warnings == "", context + "\n" + incremental.warnings
        expected = fresh_build(src)
        assert incremental.docnames == expected.docnames, context
        found = differences(incremental.outdir, expected, deleted)
        assert not found, context + "\n\n" + "\n\n".join(found)
        # built once more with nothing changed: no page read, none written
        mtimes = {p: p.stat().st_mtime_ns for p in incremental.outdir.rglob("*.html")}
        again = build(src, parallel=parallel)
        assert "0 added, 0 changed, 0 removed" in again.status, context
        assert "no targets are out of date." in again.status, context
        assert touched(again.status) == [], context
        assert {
            p: m
            for p, m in mtimes.items()
            if p.stat().st_mtime_ns != m and p.name not in ALWAYS_WRITTEN
        } == {}, context
    # the edit that went unseen before: talks ordered by their place on the page
    assert any("neither has a slot" in edit for edit in done), done
