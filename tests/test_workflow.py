"""Contributor workflow: `make new-talk` pages build cleanly and are listed; no overwrite.

The scaffold runs on a small project of its own (``tests/roots/test-scaffold``,
with the repository's Makefile, scripts, templates and extension beside it),
never on a copy of the site: what it does must not depend on today's talks.
That any mix of scaffolded pages keeps the real site's rules is
``test_contributor.py``'s job.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup
from project_scripts import fill_in_placeholders, gnu_make, import_script, project_copy

SITE = Path(__file__).parent.parent
SCRIPT = SITE / "scripts" / "new_talk.py"
ROOT = Path(__file__).parent / "roots" / "test-scaffold"
#: the test root's builds import the extension from the repository
EXT_ENV = {"PYTHONPATH": str(SITE / "_ext")}
#: Sphinx turns straight quotes into curly ones (smartquotes).
SMART_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"'})


def new_talk(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the scaffold on a copy of the site."""
    cmd = [sys.executable, str(SCRIPT), "--root", str(root), *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def scaffold_project(dest: Path) -> Path:
    """A writable copy of the scaffold's test root, with the Makefile, scripts and templates.

    And ``_ext``, as in a clone: the scripts take their id rules from the extension.
    """
    return project_copy(ROOT, dest, "Makefile", "scripts", "templates", "_ext")


def first_speaker(root: Path) -> str:
    match = re.search(r"^\.\. speaker:: (\S+)", (root / "speakers.rst").read_text(), re.MULTILINE)
    assert match, "speakers.rst declares no speaker"
    return match[1]


@pytest.fixture(scope="module")
def scaffolded(
    tmp_path_factory: pytest.TempPathFactory,
    run_strict_build: Callable[..., subprocess.CompletedProcess[str]],
) -> dict[str, Path]:
    """The test project with one new page of each kind and syntax, built strictly."""
    root = scaffold_project(tmp_path_factory.mktemp("workflow") / "site")
    speaker = first_speaker(root)
    make = shutil.which("make")
    if make:  # the documented command, with quotes in the title
        cmd = [
            make,
            "-s",
            "-C",
            str(root),
            "new-talk",
            f"PYTHON={sys.executable}",
            'TITLE=Scaffolded "rst" talk & more',
            f"SPEAKER={speaker}",
            "KIND=talk",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    else:  # pragma: no cover - make is on every machine we build on
        proc = new_talk(root, "--title", 'Scaffolded "rst" talk & more', "--speaker", speaker)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for args in (
        [
            "--title",
            "Scaffolded MyST keynote",
            "--speaker",
            speaker,
            "--kind",
            "keynote",
            "--format",
            "md",
        ],
        ["--title", "Scaffolded lightning", "--speaker", "unknown", "--kind", "lightning"],
        # a new day: its talk, then its first lightning talk (which creates its page)
        ["--title", "Scaffolded day two", "--speaker", speaker, "--date", "2013-05-16"],
        [
            "--title",
            "Scaffolded day-two lightning",
            "--speaker",
            "unknown",
            "--kind",
            "lightning",
            "--date",
            "2013-05-16",
            "--format",
            "md",
        ],
        [
            "--title",
            "Scaffolded newcomer",
            "--speaker",
            "new-speaker-x",
            "--speaker-name",
            "Newcomer Example",
        ],
        # what contributors wrote by hand before: a speaker known by a handle only,
        # a talk's links and a speaker note (the titles keep them out of new_pages)
        [
            "--title",
            "Handles only",
            "--speaker",
            "handle-speaker",
            "--speaker-name",
            "@handle_only",
            "--links",
            "https://links.example.org/one https://other.example.org/two",
            "--date",
            "2013-05-16",
        ],
        [
            "--title",
            "Noted flash",
            "--speaker",
            "unknown",
            "--speaker-note",
            "Not named in the notes.",
            "--links",
            "https://flash.example.org/",
            "--kind",
            "lightning",
            "--date",
            "2013-05-16",
        ],
    ):
        proc = new_talk(root, *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    out = root / "_build" / "html"
    proc = run_strict_build(root, out, "html", root / "_build" / "doctrees", env=EXT_ENV)
    # pages fresh from the scaffold keep its placeholders: the strict build fails on them
    # alone, in each file that holds one (--keep-going: every page is written all the same)
    assert proc.returncode != 0, proc.stderr
    assert placeholder_files(proc.stderr, root) == files_with_placeholders(root), proc.stderr
    return {"root": root, "out": out}


def files_with_placeholders(root: Path) -> set[str]:
    """The source files that hold one of the scaffold's placeholders, relative to *root*."""
    from confnotes.core.placeholders import placeholder_in  # (the extension's path is set)

    return {
        path.relative_to(root).as_posix()
        for path in (root / "talks").iterdir()
        if placeholder_in(path.read_text(encoding="utf-8"))
    }


def placeholder_files(stderr: str, root: Path) -> set[str]:
    """The files a build's warnings name, each warning the placeholder's (else it fails)."""
    warnings = [line for line in stderr.splitlines() if "WARNING" in line]
    assert all(w.endswith("[confnotes.placeholder]") for w in warnings), stderr
    return {Path(w.split(":", 1)[0]).relative_to(root).as_posix() for w in warnings}


def new_pages(root: Path) -> dict[str, Path]:
    return {path.stem: path for path in (root / "talks").iterdir() if "scaffolded" in path.name}


def test_scaffold_names_pages_by_talk_id_from_the_templates(scaffolded: dict[str, Path]) -> None:
    pages = new_pages(scaffolded["root"])
    assert set(pages) == {
        "scaffolded-rst-talk-more",
        "scaffolded-myst-keynote",
        "scaffolded-newcomer",
        "scaffolded-day-two",
    }
    assert pages["scaffolded-rst-talk-more"].suffix == ".rst"
    assert pages["scaffolded-myst-keynote"].suffix == ".md"
    # no page but the scaffolded ones changed name or content outside talks/
    assert (scaffolded["root"] / "index.rst").read_text(encoding="utf-8") == (
        ROOT / "index.rst"
    ).read_text(encoding="utf-8")
    rst = pages["scaffolded-rst-talk-more"].read_text(encoding="utf-8")
    md = pages["scaffolded-myst-keynote"].read_text(encoding="utf-8")
    # every option of the talk directive is explained in the page's comments
    from confnotes.core.talks import OPTIONS  # the directive's own list: a new option needs a line

    for option in OPTIONS:
        assert f":{option}:" in rst and f":{option}:" in md, option
    assert '.. talk:: scaffolded-rst-talk-more\n   :title: Scaffolded "rst" talk & more\n' in rst
    assert "```{talk} scaffolded-myst-keynote\n:title: Scaffolded MyST keynote\n" in md
    # the placeholders the site's rule looks for (site_rules) are what the pages hold
    for placeholder in import_script(SCRIPT).PLACEHOLDERS:
        assert placeholder in " ".join(rst.split()) and placeholder in " ".join(md.split())
    # each new talk of a day goes after the day's last slot
    slots = {
        name: int(re.search(r"^\s*:slot: (\d+)$", page.read_text(encoding="utf-8"), re.M)[1])
        for name, page in pages.items()
    }
    # the project's talks before the scaffold ran, by date
    declared = import_script(SCRIPT).find_declarations(ROOT, "talk")

    def last_slot(date: str) -> int:
        return max(
            (int(d.options["slot"]) for d in declared if d.options.get("date") == date),
            default=0,
        )

    assert slots["scaffolded-rst-talk-more"] == last_slot("2013-05-15") + 1
    assert slots["scaffolded-day-two"] == last_slot("2013-05-16") + 1


def test_new_pages_build_and_show_their_header(scaffolded: dict[str, Path]) -> None:
    out = scaffolded["out"]
    for name, title in (
        ("scaffolded-rst-talk-more", 'Scaffolded "rst" talk & more'),
        ("scaffolded-myst-keynote", "Scaffolded MyST keynote"),
    ):
        page = out / "talks" / f"{name}.html"
        main = soup(page).select_one("article") or soup(page).body
        heading = main.find("h1").get_text(strip=True).rstrip("#¶")
        assert heading.translate(SMART_QUOTES) == title
        text = main.get_text(" ", strip=True)
        assert "15 May 2013" in text  # the header's date, 2013-05-15


def test_new_pages_are_listed_in_the_programme_by_day(scaffolded: dict[str, Path]) -> None:
    index = soup(scaffolded["out"] / "index.html")
    days = index.select(".conf-programme-day")
    assert len(days) == 2
    first, second = ([a["href"] for a in day.find_all("a", href=True)] for day in days)
    for name in ("scaffolded-rst-talk-more", "scaffolded-myst-keynote", "scaffolded-newcomer"):
        assert any(h.startswith(f"talks/{name}.html") for h in first), name
    assert any(h.startswith("talks/scaffolded-day-two.html") for h in second)
    # and in the sidebar of a page of the same day, after the existing talks
    page = soup(scaffolded["out"] / "talks" / "scaffolded-newcomer.html")
    nav = [a["href"] for a in page.select(".sidebar-tree a[href]")]
    assert nav.index("scaffolded-myst-keynote.html") > nav.index("02-machines.html")
    assert "scaffolded-day-two.html" not in nav  # another day: not listed


def test_new_speaker_is_declared_and_gets_a_card(scaffolded: dict[str, Path]) -> None:
    speakers = (scaffolded["root"] / "speakers.rst").read_text(encoding="utf-8")
    assert ".. speaker:: new-speaker-x\n   :name: Newcomer Example\n" in speakers
    page = soup(scaffolded["out"] / "speakers.html")
    assert page.find(id="conf-speaker-new-speaker-x") is not None


def test_lightning_talk_joins_the_lightning_pages(scaffolded: dict[str, Path]) -> None:
    out = scaffolded["out"]
    lightning_sources = [
        p
        for p in (scaffolded["root"] / "talks").iterdir()
        if ".. talk:: scaffolded-lightning" in p.read_text(encoding="utf-8")
    ]
    assert len(lightning_sources) == 1
    assert "scaffolded" not in lightning_sources[0].name  # a section, not a new page
    built = out / lightning_sources[0].relative_to(scaffolded["root"]).with_suffix(".html")
    assert "Scaffolded lightning" in [
        h.get_text(strip=True).rstrip("#¶") for h in soup(built).find_all("h2")
    ]
    # the generated lightning index and the front page's programme link to it
    for page in (out / "lightning.html", out / "index.html"):
        links = [a.get_text(" ", strip=True) for a in soup(page).find_all("a")]
        assert "Scaffolded lightning" in links, page.name
    # always before the page's References section
    source = lightning_sources[0].read_text(encoding="utf-8")
    assert source.index("Scaffolded lightning") < source.index("\nReferences\n")


def test_the_scaffold_says_the_slot_it_wrote_for_every_kind(tmp_path: Path) -> None:
    """Each kind's note names the day and slot that the written directive holds."""
    root = scaffold_project(tmp_path / "site")
    speaker = first_speaker(root)
    cases = [("talk", None), ("lightning", None), ("lightning", "2013-05-16"), ("keynote", None)]
    for number, (kind, date) in enumerate(cases):
        title = f"Slot note {number}"
        args = ["--title", title, "--speaker", speaker, "--kind", kind]
        proc = new_talk(root, *args, *(["--date", date] if date else []))
        assert proc.returncode == 0, proc.stderr
        note = re.search(r"^note: the programme lists it on .+, slot (\d+) \(", proc.stdout, re.M)
        assert note, (kind, proc.stdout)
        written = [p.read_text(encoding="utf-8") for p in (root / "talks").glob("*.rst")]
        block = next(t for t in written if f":title: {title}" in t)
        options = block[block.index(f":title: {title}") :].split("\n\n")[0]
        assert f":slot: {note[1]}" in options, (kind, note[0], options)


def test_a_lightning_section_takes_its_pages_markup_and_says_so(tmp_path: Path) -> None:
    """``FORMAT=md`` for a day whose lightning page is reST: reST, and a note saying why.

    And the next step named as the project can take it.
    """
    root = scaffold_project(tmp_path / "site")
    speaker = first_speaker(root)
    common = ["--speaker", speaker, "--kind", "lightning", "--date", "2013-05-16"]
    first = new_talk(root, "--title", "Markup one", *common)
    assert first.returncode == 0, first.stderr
    second = new_talk(root, "--title", "Markup two", *common, "--format", "md")
    assert second.returncode == 0, second.stderr
    assert "written in reStructuredText, the markup of that page" in second.stdout
    (page,) = [p for p in (root / "talks").glob("lightning-talks-*") if "Markup" in p.read_text()]
    assert page.suffix == ".rst" and ".. talk:: markup-two" in page.read_text(encoding="utf-8")
    assert "the markup of that page" not in first.stdout
    # the next step: this project's make targets; where there is no Makefile, a strict build
    assert "then run `make html` and `make check`" in second.stdout
    (root / "Makefile").unlink()
    third = new_talk(root, "--title", "Markup three", *common)
    assert "then build it strictly: `python -m sphinx -W --keep-going -n" in third.stdout


def test_first_lightning_talk_of_a_day_creates_its_page(scaffolded: dict[str, Path]) -> None:
    page = scaffolded["root"] / "talks" / "lightning-talks-2013-05-16.md"
    assert page.exists()
    built = soup(scaffolded["out"] / "talks" / "lightning-talks-2013-05-16.html")
    assert "Scaffolded day-two lightning" in [
        h.get_text(strip=True).rstrip("#¶") for h in built.find_all("h2")
    ]
    index = soup(scaffolded["out"] / "lightning.html")
    groups = [g.get_text(" ", strip=True) for g in index.select(".conf-lightning-group")]
    assert any("16 May 2013" in g for g in groups), groups


def test_talks_known_by_their_day_only_or_by_none(
    tmp_path: Path, run_strict_build: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """``DAY=n`` alone: date unknown, listed with the event's dated day n, or as day n.

    ``DATE=unknown``: a day nothing places, listed last. The scaffold never
    writes a date it was not given.
    """
    root = scaffold_project(tmp_path / "site")
    scaffold = import_script(SCRIPT)
    declared = scaffold.find_declarations(root, "talk")
    first_date = min(
        d.options["date"] for d in declared if scaffold.dates.is_date(d.options["date"])
    )
    last_slot = max(int(d.options["slot"]) for d in declared if d.options["date"] == first_date)
    for args in (
        ["--title", "By day one", "--speaker", "unknown", "--day", "1"],
        ["--title", "By day nine", "--speaker", "unknown", "--day", "9", "--format", "md"],
        [
            "--title",
            "Flash of day nine",
            "--speaker",
            "unknown",
            "--day",
            "9",
            "--kind",
            "lightning",
        ],
        ["--title", "Some day", "--speaker", "unknown", "--date", "unknown"],
    ):
        proc = new_talk(root, *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    talks = root / "talks"
    by_day_one = (talks / "by-day-one.rst").read_text(encoding="utf-8")
    assert f":date: unknown\n   :day: 1\n   :slot: {last_slot + 1}\n" in by_day_one
    assert ":date: unknown\n:day: 9\n:slot: 1\n" in (talks / "by-day-nine.md").read_text()
    flash = (talks / "lightning-talks-day-9.rst").read_text(encoding="utf-8")
    assert "\nLightning talks, day 9\n" in flash and ":day: 9\n   :slot: 2\n" in flash
    some_day = (talks / "some-day.rst").read_text(encoding="utf-8")
    assert (
        ":date: unknown\n   :slot: 1\n" in some_day and ":day:" not in some_day.split("talk::")[1]
    )

    out = root / "_build" / "html"
    fill_in_placeholders(root)
    proc = run_strict_build(root, out, "html", root / "_build" / "doctrees", env=EXT_ENV)
    assert proc.returncode == 0 and "WARNING" not in proc.stderr, proc.stderr
    programme = {
        day.select_one(".conf-programme-day-title").get_text(" ", strip=True): [
            a["href"].split("#")[0] for a in day.find_all("a", href=True)
        ]
        for day in soup(out / "index.html").select(".conf-programme-day")
    }
    labels = list(programme)
    assert labels[1:] == ["Day 9 · date unknown", "Day unknown"], labels
    assert programme[labels[0]][-1] == "talks/by-day-one.html"  # after the dated day's last
    assert set(programme["Day 9 · date unknown"]) == {
        "talks/by-day-nine.html",
        "talks/lightning-talks-day-9.html",
    }
    assert set(programme["Day unknown"]) == {"talks/some-day.html"}
    header = soup(out / "talks" / "by-day-nine.html").select_one(".conf-talk-header")
    assert "Day 9" in header.get_text(" ", strip=True)


def test_a_day_or_date_the_scaffold_cannot_read_is_refused(site_copy: Path) -> None:
    before = {p: p.read_bytes() for p in site_copy.rglob("*.rst")}
    for variables, message in (
        (["DAY=0"], "DAY must be a whole number from 1"),
        (["DAY=two"], "DAY must be a whole number from 1"),
        (["DATE=someday"], "DATE must be an ISO date (YYYY-MM-DD) or 'unknown'"),
    ):
        proc = make_new_talk(site_copy, "TITLE=When", "SPEAKER=unknown", *variables)
        assert proc.returncode != 0 and message in proc.stderr, (variables, proc.stderr)
    assert {p: p.read_bytes() for p in site_copy.rglob("*.rst")} == before


def test_the_scaffold_reads_declarations_as_the_directive_does(tmp_path: Path) -> None:
    """Inside ``only``, a wrapped option, a MyST YAML block; never an example in a literal block."""
    from project_scripts import import_script

    scaffold = import_script(SCRIPT)
    (tmp_path / "conf.py").write_text('extensions = ["myst_parser"]\n', encoding="utf-8")
    (tmp_path / "talks").mkdir()
    (tmp_path / "talks" / "a.rst").write_text(
        "A\n=\n\n.. only:: html\n\n   .. talk:: in-only\n      :title: Inside only\n"
        "      :date: 2013-05-14\n      :day: 1\n\nAn example::\n\n"
        "    .. talk:: just-an-example\n       :title: Not a talk\n\n"
        ".. talk:: wrapped\n   :title: A title\n      on two lines\n   :date: 2013-05-15\n\n"
        "Notes.\n",
        encoding="utf-8",
    )
    (tmp_path / "talks" / "b.md").write_text(
        "# B\n\n```{talk} yaml-one\n---\n"
        "title: \"From \\\"YAML\\\" \\u00e0 la carte\"\nevent: 'Day''s end'\n"
        "date: 2013-05-16\nday: 3\n---\n```\n",
        encoding="utf-8",
    )
    # MyST's ``:key: value`` options are YAML too: quotes, escapes, a comment
    (tmp_path / "talks" / "c.md").write_text(
        '# C\n\n```{talk} colon-form\n:title: "Quoted \\"title\\" \\x41" # a comment\n'
        ":date: '2013-05-17'\n:slot: \"20\"\n:event: Plain # its comment\n```\n",
        encoding="utf-8",
    )
    found = {d.ident: d.options for d in scaffold.find_declarations(tmp_path, "talk")}
    assert found == {
        "colon-form": {
            "title": 'Quoted "title" A',
            "date": "2013-05-17",
            "slot": "20",
            "event": "Plain",
        },
        "in-only": {"title": "Inside only", "date": "2013-05-14", "day": "1"},
        "wrapped": {"title": "A title on two lines", "date": "2013-05-15"},
        "yaml-one": {
            "title": 'From "YAML" à la carte',
            "event": "Day's end",
            "date": "2013-05-16",
            "day": "3",
        },
    }


def test_a_day_number_that_clashes_is_refused(tmp_path: Path) -> None:
    """The build's ``day_clash`` rule (``dates.day_clashes``), before any file is written."""
    root = scaffold_project(tmp_path / "site")
    common = ("--speaker", first_speaker(root), "--event", "Clash Event")

    def make(title: str, *when: str) -> subprocess.CompletedProcess[str]:
        return new_talk(root, "--title", title, *common, *when)

    assert make("Opening", "--date", "2013-05-15").returncode == 0
    before = {p: p.read_bytes() for p in root.rglob("*.rst")}
    taken = make("Next", "--date", "2013-05-16", "--day", "1")
    assert taken.returncode == 1
    assert "--date=2013-05-16 --day=1: the days of 'Clash Event' would clash" in taken.stderr
    assert "the new talk makes 2013-05-16 day 1, but the earlier 2013-05-15 is day 1" in (
        taken.stderr
    )
    assert make("Next", "--date", "2013-05-16", "--day", "2").returncode == 0
    other = make("Same day", "--date", "2013-05-16", "--day", "3")
    assert other.returncode == 1
    assert "says :day: 3, but another talk dated 2013-05-16 says :day: 2" in other.stderr
    # an earlier date renumbers the days: the 15th would be day 2, which "Next" says its 16th is
    earlier = make("Earlier", "--date", "2013-05-14")
    assert earlier.returncode == 1
    assert re.search(
        r"talks/next\.rst:\d+: 'next' makes 2013-05-16 day 2, but the earlier 2013-05-15 is day 2",
        earlier.stderr,
    ), earlier.stderr
    after = {p: p.read_bytes() for p in root.rglob("*.rst") if p not in before}
    assert [p.name for p in after] == ["next.rst"]


def test_a_speaker_alias_names_the_declared_speaker(tmp_path: Path) -> None:
    """``--speaker`` takes an alias (``:aliases:``) as the talk directive does."""
    root = scaffold_project(tmp_path / "site")
    speaker = first_speaker(root)
    speakers = root / "speakers.rst"
    text = speakers.read_text(encoding="utf-8")
    speakers.write_text(
        text.replace(f".. speaker:: {speaker}\n", f".. speaker:: {speaker}\n   :aliases: nick\n"),
        encoding="utf-8",
    )
    name = next(
        d.options["name"]
        for d in import_script(SCRIPT).find_declarations(root, "speaker")
        if d.ident == speaker
    )
    slides = "https://slides.example.org/by-alias"
    made = new_talk(root, "--title", "By alias", "--speaker", "nick", "--slides", slides)
    assert made.returncode == 0, made.stderr
    assert ":speaker: nick" in (root / "talks" / "by-alias.rst").read_text(encoding="utf-8")
    # the work's author is the speaker the alias stands for
    bib = (root / "references.bib").read_text(encoding="utf-8")
    assert f"author       = {{{name}}}" in bib.split("@misc{by-alias-slides")[1]
    refused = new_talk(root, "--title", "By nobody", "--speaker", "nick-two")
    assert refused.returncode != 0 and "speaker nick-two" in refused.stderr
    assert "is not declared" in refused.stderr


def test_a_mistyped_speaker_id_is_answered_with_the_declared_one(site_copy: Path) -> None:
    """A letter off: the scaffold names the declared id, refusing or declaring (helper-72).

    Declaring a new speaker whose id is a letter off a declared one is noted:
    the same person declared twice would get two cards.
    """
    speaker = first_speaker(site_copy)
    typo = speaker[:-1] + ("x" if speaker[-1] != "x" else "y")
    refused = new_talk(site_copy, "--title", "Typo", "--speaker", typo, "--dry-run")
    assert refused.returncode != 0
    assert f"did you mean {speaker!r}?" in refused.stderr, refused.stderr
    assert "if that is a typo, pass the declared id" in refused.stderr
    declared = new_talk(
        site_copy, "--title", "Typo", "--speaker", typo, "--speaker-name", "A Name", "--dry-run"
    )
    assert declared.returncode == 0, declared.stderr
    assert f"close to a declared one (did you mean {speaker!r}?)" in declared.stdout
    unlike = new_talk(site_copy, "--title", "Far", "--speaker", "zzzz-qqqq", "--dry-run")
    assert "did you mean" not in unlike.stderr and "typo" not in unlike.stderr


def test_scaffold_refuses_to_overwrite(tmp_path: Path) -> None:
    root = scaffold_project(tmp_path / "site")
    speaker = first_speaker(root)
    first = new_talk(root, "--title", "Only once", "--speaker", speaker)
    assert first.returncode == 0, first.stderr
    page = root / "talks" / "only-once.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\nMy notes.\n", encoding="utf-8")
    before = {p: p.read_text(encoding="utf-8") for p in root.rglob("*.rst")}

    again = new_talk(root, "--title", "Only once", "--speaker", speaker, "--format", "md")
    assert again.returncode == 1
    assert "refusing to overwrite" in again.stderr
    # an existing talk id elsewhere on the site is refused too
    existing = re.search(r"^\.\. talk:: (\S+)", (root / "talks" / page.name).read_text(), re.M)
    assert existing
    clash = new_talk(root, "--title", "Other title", "--id", existing[1], "--speaker", speaker)
    assert clash.returncode == 1 and "refusing to overwrite" in clash.stderr

    after = {p: p.read_text(encoding="utf-8") for p in root.rglob("*.rst")}
    assert after == before, "a refused scaffold changed files"
    assert not list((root / "talks").glob("only-once.md"))


def test_a_date_far_from_its_events_days_is_refused(tmp_path: Path) -> None:
    """The build's ``far_date`` rule (``dates.far_dates``), before any file is written."""
    root = scaffold_project(tmp_path / "site")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    far = new_talk(root, "--title", "Typo", "--speaker", "unknown", "--date", "2031-05-16")
    assert far.returncode == 1
    assert "--date=2031-05-16: " in far.stderr and "confnotes_event_max_gap" in far.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    # another event may be anywhere; a wider gap in conf.py lets the date in
    elsewhere = ("--event", "Other Conf", "--date", "2031-05-16")
    assert (
        new_talk(root, "--title", "Elsewhere", "--speaker", "unknown", *elsewhere).returncode == 0
    )
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nconfnotes_event_max_gap = 10000\n")
    wide = new_talk(root, "--title", "Typo", "--speaker", "unknown", "--date", "2031-05-16")
    assert wide.returncode == 0, wide.stderr


def test_a_format_the_build_does_not_read_is_refused(tmp_path: Path) -> None:
    root = scaffold_project(tmp_path / "site")
    conf = root / "conf.py"
    text = conf.read_text(encoding="utf-8").replace('"myst_parser", ', "")
    conf.write_text(text.replace(', ".md": "markdown"', ""), encoding="utf-8")
    made = new_talk(root, "--title", "In Markdown", "--speaker", "unknown", "--format", "md")
    assert made.returncode == 1
    assert "conf.py does not read .md pages" in made.stderr and "--format rst" in made.stderr
    assert not list(root.rglob("in-markdown.*"))


def test_a_speaker_written_as_a_name_is_told_its_id(tmp_path: Path) -> None:
    root = scaffold_project(tmp_path / "site")
    named = new_talk(root, "--title", "Named", "--speaker", "Jane Doé")
    assert named.returncode == 1
    assert '--speaker jane-doe --speaker-name "Jane Doé"' in named.stderr, named.stderr


def test_a_lightning_page_has_references_once_something_is_cited(tmp_path: Path) -> None:
    """No empty References heading: the section comes with the page's first citation."""
    root = scaffold_project(tmp_path / "site")
    day = ("--kind", "lightning", "--date", "2013-05-19", "--speaker", "unknown")
    assert new_talk(root, "--title", "Flash one", *day).returncode == 0
    page = root / "talks" / "lightning-talks-2013-05-19.rst"
    assert "\nReferences\n" not in page.read_text(encoding="utf-8")
    video = ("--video", "https://video.example.org/flash-two")
    assert new_talk(root, "--title", "Flash two", *day, *video).returncode == 0
    text = page.read_text(encoding="utf-8")
    assert text.count("\nReferences\n----------\n\n.. bibliography::") == 1
    assert text.index("Flash two") < text.index("\nReferences\n")
    assert new_talk(root, "--title", "Flash three", *day).returncode == 0
    text = page.read_text(encoding="utf-8")
    assert text.count("\nReferences\n") == 1
    assert text.index("Flash three") < text.index("\nReferences\n")


def test_new_works_go_to_the_bibliography_conf_py_names(tmp_path: Path) -> None:
    """A project whose ``bibtex_bibfiles`` names another file gets the entry there."""
    root = scaffold_project(tmp_path / "site")
    (root / "references.bib").rename(root / "works.bib")
    conf = root / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace('["references.bib"]', '["works.bib"]'), encoding="utf-8")
    assert '["works.bib"]' in conf.read_text(encoding="utf-8")
    made = new_talk(
        root, "--title", "Filed", "--speaker", "unknown", "--video", "https://v.example/filed"
    )
    assert made.returncode == 0, made.stderr
    assert "to works.bib" in made.stdout and "references.bib" not in made.stdout
    assert "https://v.example/filed" in (root / "works.bib").read_text(encoding="utf-8")
    assert not (root / "references.bib").exists()
    # a tuple, and a file outside the project (named in full), as sphinxcontrib-bibtex reads them
    outside = tmp_path / "shared" / "all.bib"
    outside.parent.mkdir()
    outside.write_text("", encoding="utf-8")
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace('["works.bib"]', f"({str(outside)!r},)"), encoding="utf-8")
    made = new_talk(
        root, "--title", "Shared", "--speaker", "unknown", "--video", "https://v.example/shared"
    )
    assert made.returncode == 0, made.stderr
    assert f"to {outside}" in made.stdout, made.stdout
    assert "https://v.example/shared" in outside.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            ("conf.py", '"sphinxcontrib.bibtex", "confnotes_bib", ', ""),
            "does not load sphinxcontrib.bibtex",
        ),
        (("conf.py", 'bibtex_bibfiles = ["references.bib"]', ""), "names no bibtex_bibfiles"),
        # which file a computed setting names is known only by running conf.py
        (
            (
                "conf.py",
                'bibtex_bibfiles = ["references.bib"]',
                'bibtex_bibfiles = [name for name in ["references.bib"]]',
            ),
            "computes bibtex_bibfiles",
        ),
        # a list of :list: bullet makes no citation target: the build could not link a cite
        (
            ("bibliography.rst", ".. bibliography::", ".. bibliography::\n   :list: bullet"),
            "no page lists the works",
        ),
    ],
    ids=["no-bibtex", "no-bibfiles", "computed-bibfiles", "no-listing"],
)
def test_a_project_that_cannot_cite_gets_the_options_only(
    tmp_path: Path,
    change: tuple[str, str, str],
    reason: str,
    run_strict_build: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    """The README's own project may have no citations set up: the page still builds."""
    root = scaffold_project(tmp_path / "site")
    name, old, replacement = change
    text = (root / name).read_text(encoding="utf-8")
    assert old in text
    (root / name).write_text(text.replace(old, replacement), encoding="utf-8")
    bib = (root / "references.bib").read_bytes()
    url = "https://v.example/uncited"
    made = new_talk(root, "--title", "Uncited", "--speaker", "unknown", "--video", url)
    assert made.returncode == 0, made.stderr
    assert reason in made.stdout, made.stdout
    page = next(root.rglob("uncited.rst")).read_text(encoding="utf-8")
    assert f":video: {url}" in page
    assert "uncited-video" not in page and "\nReferences\n" not in page
    assert (root / "references.bib").read_bytes() == bib
    if name == "bibliography.rst":  # (the others change what the rest of the site needs)
        proc = run_strict_build(root, tmp_path / "html", "html", tmp_path / "doctrees")
        assert "uncited" not in proc.stderr, proc.stderr


def test_confnotes_bib_alone_cites_and_myst_lists_are_read(tmp_path: Path) -> None:
    """confnotes_bib sets sphinxcontrib-bibtex up itself; a MyST listing's YAML ``list:`` counts."""
    root = scaffold_project(tmp_path / "site")
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('"sphinxcontrib.bibtex", ', ""), encoding="utf-8"
    )
    sites = import_script(SITE / "scripts" / "site_pages.py")
    assert sites.citation_gap(root) == ""
    # a MyST page whose only bibliography gives list: in its YAML block lists no citations
    listing = root / "bibliography.rst"
    listing.unlink()
    (root / "bibliography.md").write_text(
        "# Works\n\n```{bibliography}\n---\nlist: bullet\nall:\n---\n```\n", encoding="utf-8"
    )
    assert sites.citation_gap(root).startswith("no page lists the works")


def test_scaffold_rejects_unknown_speaker_and_bad_input(tmp_path: Path) -> None:
    root = scaffold_project(tmp_path / "site")
    unknown = new_talk(root, "--title", "Who", "--speaker", "nobody-declared-this")
    assert unknown.returncode == 1 and "--speaker-name" in unknown.stderr
    bad_date = new_talk(root, "--title", "When", "--speaker", "unknown", "--date", "15/05/2013")
    assert bad_date.returncode == 1 and "ISO date" in bad_date.stderr
    bad_kind = new_talk(root, "--title", "What", "--speaker", "unknown", "--kind", "panel")
    assert bad_kind.returncode == 2
    # ids the directives would warn about (bad_id): the extension's own rule refuses them
    for bad in ("-lead", "two--hyphens", "trail-"):
        bad_id = new_talk(root, "--title", "What", "--speaker", "unknown", f"--id={bad}")
        assert bad_id.returncode == 1 and f"{bad!r} is not an id" in bad_id.stderr, bad
    assert not list((root / "talks").glob("wh*.*"))
    # a URL whose brace would close its references.bib field and open an entry of its own
    bib = (root / "references.bib").read_bytes()
    forged = "https://video.example.org/x=}}@misc{forged,url={https://evil.example/},title={pwn"
    for option, url in (("--video", forged), ("--slides", "https://x.example/\\input{/etc/x}")):
        refused = new_talk(root, "--title", "Forged", "--speaker", "unknown", option, url)
        assert refused.returncode == 1 and "no braces, quotes" in refused.stderr, refused.stderr
    assert (root / "references.bib").read_bytes() == bib


def check_mentions(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`make check-mentions` (the plain-prose tool-mention step of `make check`)."""
    make = gnu_make()
    cmd = [
        make,
        "-s",
        "-C",
        str(root),
        "check-mentions",
        f"PYTHON={sys.executable}",
        f"BUILDDIR={tmp_path / 'build'}",
    ]
    env = {**os.environ, **EXT_ENV}
    return subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)


def test_make_check_flags_a_plain_prose_tool_mention(tmp_path: Path) -> None:
    root = scaffold_project(tmp_path / "site")
    clean = check_mentions(root, tmp_path / "clean")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "plain_mention" not in clean.stderr

    page = next((root / "talks").glob("02-*.rst"))
    page.write_text(
        page.read_text(encoding="utf-8") + "\nWe deployed it with Django.\n", encoding="utf-8"
    )
    planted = check_mentions(root, tmp_path / "planted")
    assert planted.returncode != 0
    warnings = [line for line in planted.stderr.splitlines() if "plain_mention" in line]
    assert len(warnings) == 1, planted.stderr
    assert f"talks/{page.name}:" in warnings[0]
    assert "'Django'" in warnings[0] and "[confnotes.plain_mention]" in warnings[0]


# -- `make new-talk`: every option, in make's words -------------------------------------


def make_new_talk(root: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    """Run `make new-talk VAR=value ...` in a copy of the site."""
    make = gnu_make()
    cmd = [make, "-s", "-C", str(root), "new-talk", f"PYTHON={sys.executable}", *variables]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def scaffold_options(load_script: Callable[[Path], ModuleType]) -> list[str]:
    """The scaffold's options as make variables (``--speaker-name`` -> ``SPEAKER_NAME``)."""
    module = load_script(SCRIPT)
    parser = module.build_parser()
    return [
        module.make_var(action.dest)
        for action in parser._actions
        if action.option_strings and action.dest not in {"help", *module.NOT_FROM_MAKE}
    ]


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the test project for the scaffold runs that write nothing."""
    return scaffold_project(tmp_path_factory.mktemp("make-new-talk") / "site")


def test_every_scaffold_option_is_a_documented_make_variable(
    load_script: Callable[[Path], ModuleType],
) -> None:
    options = scaffold_options(load_script)
    assert {"TITLE", "SPEAKER", "KIND", "FORMAT", "DATE", "SPEAKER_NAME", "ID", "DRY_RUN"} <= set(
        options
    )
    makefile = (SITE / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^NEW_TALK_VARS\s*:=(.*)$", makefile, re.MULTILINE)
    assert match, "the Makefile has no NEW_TALK_VARS"
    help_text = subprocess.run(
        ["make", "-s", "-C", str(SITE), "help"], capture_output=True, text=True, check=True
    ).stdout
    contributing = (SITE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    readme = (SITE / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `make new-talk"))
    for name in options:
        assert name in match[1].split(), f"{name} is not passed by `make new-talk`"
        assert f"{name}=" in help_text, f"`make help` does not list {name}="
        assert f"{name}=" in contributing, f"CONTRIBUTING.md does not mention {name}="
        assert re.search(rf"[` ]{name}=", row), f"README.md's make new-talk row lacks {name}="


def test_make_new_talk_id_and_dry_run(site_copy: Path) -> None:
    speaker = first_speaker(site_copy)
    before = {p: p.read_bytes() for p in site_copy.rglob("*.rst")}
    dry = make_new_talk(
        site_copy, 'TITLE=A "quoted" title', f"SPEAKER={speaker}", "ID=chosen-id", "DRY_RUN=1"
    )
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert re.search(r"^create talks/\S*chosen-id\.rst$", dry.stdout, re.MULTILINE), dry.stdout
    assert "dry run: nothing was written (run again without DRY_RUN to write)" in dry.stdout
    assert {p: p.read_bytes() for p in site_copy.rglob("*.rst")} == before
    assert not list((site_copy / "talks").rglob("*chosen-id*"))
    # DRY_RUN=0 (or empty) writes; FORMAT and ID reach the script
    wet = make_new_talk(
        site_copy, "TITLE=Another", f"SPEAKER={speaker}", "ID=chosen-md", "FORMAT=md", "DRY_RUN=0"
    )
    assert wet.returncode == 0, wet.stdout + wet.stderr
    (page,) = (site_copy / "talks").rglob("*chosen-md.md")
    assert "```{talk} chosen-md\n:title: Another\n" in page.read_text(encoding="utf-8")


def test_make_new_talk_errors_name_make_variables(site_copy: Path) -> None:
    taken = re.search(
        r"^\.\. talk:: (\S+)", next((site_copy / "talks").rglob("*opening.rst")).read_text(), re.M
    )
    assert taken
    clash = make_new_talk(site_copy, "TITLE=Opening again", "SPEAKER=unknown", f"ID={taken[1]}")
    assert clash.returncode != 0
    assert "refusing to overwrite it (pass ID=<another-id>)" in clash.stderr
    assert "--id" not in clash.stderr
    missing = make_new_talk(site_copy, "SPEAKER=unknown")
    assert missing.returncode != 0
    assert "new-talk: the following arguments are required: TITLE" in missing.stderr
    assert "usage: make new-talk TITLE=" in missing.stderr and "[ID=" in missing.stderr
    kind = make_new_talk(site_copy, "TITLE=x", "SPEAKER=unknown", "KIND=panel")
    assert "new-talk: KIND: invalid choice: 'panel'" in kind.stderr
    flag = make_new_talk(site_copy, "TITLE=x", "SPEAKER=unknown", "DRY_RUN=maybe")
    assert "DRY_RUN='maybe': use DRY_RUN=1" in flag.stderr
    nobody = make_new_talk(site_copy, "TITLE=x", "SPEAKER=nobody-declared-this")
    assert 'pass SPEAKER_NAME="Full Name"' in nobody.stderr and "SPEAKER=unknown" in nobody.stderr
    bad_id = make_new_talk(site_copy, "TITLE=x", "SPEAKER=unknown", "ID=Not An Id")
    assert "new-talk: ID 'Not An Id' is not an id" in bad_id.stderr
    # run directly, the same problems name the command-line options
    direct = new_talk(
        site_copy, "--title", "Opening again", "--speaker", "unknown", "--id", taken[1]
    )
    assert "(pass --id <another-id>)" in direct.stderr and "ID=" not in direct.stderr
    assert not [p for p in site_copy.rglob("*") if re.fullmatch(r"(\d+-)?x\.(rst|md)", p.name)]


def test_generic_title_gets_the_speaker_in_its_id(site_copy: Path) -> None:
    speaker = first_speaker(site_copy)
    keynote = new_talk(
        site_copy, "--title", "Keynote", "--speaker", speaker, "--kind", "keynote", "--dry-run"
    )
    assert keynote.returncode == 0, keynote.stderr
    assert re.search(rf"^create talks/\S*{speaker}-keynote\.rst$", keynote.stdout, re.M)
    # without a known speaker the day tells two keynotes apart, when it is known
    dated = new_talk(
        site_copy,
        "--title",
        "Keynote",
        "--speaker",
        "unknown",
        "--date",
        "2031-02-03",
        "--event",
        "Another Conf 2031",
        "--dry-run",
    )
    assert re.search(r"^create talks/(\S+/)?(\d+-)?keynote-2031-02-03\.rst$", dated.stdout, re.M)
    numbered = new_talk(
        site_copy, "--title", "Keynote", "--speaker", "unknown", "--day", "7", "--dry-run"
    )
    assert re.search(r"^create talks/(\S+/)?(\d+-)?keynote-day-7\.rst$", numbered.stdout, re.M)
    undated = new_talk(
        site_copy, "--title", "Keynote", "--speaker", "unknown", "--date", "unknown", "--dry-run"
    )
    assert re.search(r"^create talks/(\S+/)?(\d+-)?keynote\.rst$", undated.stdout, re.M), (
        undated.stdout + undated.stderr
    )
    # with a real title, the title alone makes the id
    real = new_talk(site_copy, "--title", "Keynote of doom", "--speaker", speaker, "--dry-run")
    assert re.search(r"^create talks/(\S+/)?(\d+-)?keynote-of-doom\.rst$", real.stdout, re.M)


# -- What contributors wrote by hand: handles, links, speaker notes, tools, titles -----


def test_new_ids_drop_apostrophes(
    site_copy: Path, load_script: Callable[[Path], ModuleType]
) -> None:
    for title, made in (
        ("Don't Trust - Check", "dont-trust-check"),
        ("What\u2019s new in Django-CMS 3.0", "whats-new-in-django-cms-3-0"),
    ):
        proc = new_talk(site_copy, "--title", title, "--speaker", "unknown", "--dry-run")
        assert proc.returncode == 0, proc.stderr
        assert re.search(rf"^create talks/{made}\.rst$", proc.stdout, re.M), proc.stdout
    # a title without an apostrophe makes the id it always made: other characters
    # still become one hyphen, so no id made before changes
    slugify = load_script(SCRIPT).slugify
    for title in ("Circus: process & socket manager", "Advanced PostgreSQL in Django", "Z-A 1.0"):
        old = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"))
        assert slugify(title) == old
    # the extension's own rule: a role written as the title links the new talk
    from confnotes.core.ids import normalise_id

    for title in ("Don't Trust - Check", "Łukasz's Straße", "Z-A 1.0", "Café -- cafè"):
        assert slugify(title) == normalise_id(title)


def test_scaffold_needs_only_the_standard_library(tmp_path: Path) -> None:
    """`make new-talk` runs before any virtualenv exists: no site-packages, no Sphinx."""
    no_site = [sys.executable, "-S"]
    sphinx = subprocess.run([*no_site, "-c", "import sphinx"], capture_output=True, check=False)
    assert sphinx.returncode != 0
    root = scaffold_project(tmp_path / "site")
    args = ["--title", "Plain Python", "--speaker", "new-one", "--speaker-github", "new-one"]
    script = str(root / "scripts" / "new_talk.py")
    proc = subprocess.run(
        [*no_site, script, "--root", str(root), "--dry-run", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"^create talks/(\S+/)?(\d+-)?plain-python\.rst$", proc.stdout, re.M)


def test_speaker_known_by_a_handle_is_declared_with_it(scaffolded: dict[str, Path]) -> None:
    speakers = (scaffolded["root"] / "speakers.rst").read_text(encoding="utf-8")
    block = speakers.split(".. speaker:: handle-speaker\n", 1)[1].split("\n\n", 1)[0]
    assert block.strip() == ":twitter: handle_only"  # no :name: to replace by hand
    card = soup(scaffolded["out"] / "speakers.html").find(id="conf-speaker-handle-speaker")
    assert card is not None and "@handle_only" in card.get_text(" ", strip=True)


def test_links_and_speaker_note_reach_the_talk_header(scaffolded: dict[str, Path]) -> None:
    out = scaffolded["out"]
    page = soup(out / "talks" / "handles-only.html")
    hrefs = [a["href"] for a in page.select(".conf-talk-header a.conf-link-other")]
    assert hrefs == ["https://links.example.org/one", "https://other.example.org/two"]
    flash = soup(out / "talks" / "lightning-talks-2013-05-16.html")
    header = flash.find(id="conf-talk-noted-flash")
    assert header is not None
    text = header.get_text(" ", strip=True)
    assert "Not named in the notes." in text
    assert [a["href"] for a in header.select("a.conf-link-other")] == ["https://flash.example.org/"]


def test_each_days_lightning_page_has_a_title_of_its_own(scaffolded: dict[str, Path]) -> None:
    """Previous/next links show page titles: no two pages they reach may read alike."""
    out = scaffolded["out"]
    created = soup(out / "talks" / "lightning-talks-2013-05-16.html")
    assert created.find("h1").get_text(strip=True).rstrip("#¶") == "Lightning talks, 16 May 2013"
    reached: dict[str, set[str]] = {}
    for path in out.rglob("*.html"):
        for link in soup(path).select(".related-pages a[href]"):
            target = (path.parent / link["href"].split("#")[0]).resolve()
            title = link.select_one(".title")
            reached.setdefault(title.get_text(strip=True), set()).add(str(target))
    assert any("Lightning talks" in title for title in reached)
    assert {title: pages for title, pages in reached.items() if len(pages) > 1} == {}


def test_the_scaffold_documents_its_new_options(
    load_script: Callable[[Path], ModuleType],
) -> None:
    """Links, the speaker note and the handles are make variables like the others."""
    assert {"SPEAKER_TWITTER", "SPEAKER_GITHUB", "SPEAKER_NOTE", "LINKS"} <= set(
        scaffold_options(load_script)
    )


def test_handles_and_links_are_checked(site_copy: Path) -> None:
    before = {p: p.read_bytes() for p in site_copy.rglob("*.rst")}
    for variables, message in (
        (["SPEAKER=h-x", "SPEAKER_TWITTER=far_too_long_a_handle"], "SPEAKER_TWITTER"),
        (["SPEAKER=h-x", "SPEAKER_GITHUB=-bad-"], "SPEAKER_GITHUB"),
        # GitHub's limit, as the speaker directive checks it: 39 characters in all
        (["SPEAKER=h-x", "SPEAKER_GITHUB=" + "a-" * 20 + "a"], "SPEAKER_GITHUB"),
        (["SPEAKER=unknown", "LINKS=ftp://example.org/x"], "LINKS: 'ftp://example.org/x'"),
        (["SPEAKER=unknown", "SPEAKER_NAME=Somebody"], "SPEAKER_NAME: only for a new speaker"),
    ):
        proc = make_new_talk(site_copy, "TITLE=Checked", *variables)
        assert proc.returncode != 0 and message in proc.stderr, (variables, proc.stderr)
    github = make_new_talk(
        site_copy, "TITLE=Checked", "SPEAKER=gh-user", "SPEAKER_GITHUB=gh-user", "DRY_RUN=1"
    )
    assert github.returncode == 0, github.stderr
    assert "declared speaker 'gh-user' (@gh-user)" in github.stdout
    assert {p: p.read_bytes() for p in site_copy.rglob("*.rst")} == before


# -- `make new-tool`: the tools a page links but nobody declared -------------------------

TOOL_SCRIPT = SITE / "scripts" / "new_tool.py"


def new_tool(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(TOOL_SCRIPT), "--root", str(root), *args]
    env = {**os.environ, **EXT_ENV}
    return subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)


def test_new_tool_lists_every_undeclared_tool_with_a_block_to_fill_in(
    tmp_path: Path, run_strict_build: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    root = scaffold_project(tmp_path / "site")
    page = next((root / "talks").glob("02-*.rst"))
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text + "\nThey sent texts with :tool:`Nexmo <nexmo>`\nand :tool:`twilio`, then"
        " :tool:`Nexmo\n<nexmo>` again, on :tool:`django`.\n",
        encoding="utf-8",
    )
    first = text.count("\n") + 2  # the line of the first new role
    listing = new_tool(root)
    assert listing.returncode == 0, listing.stderr
    rel = page.relative_to(root).as_posix()
    lines = listing.stdout.splitlines()
    assert lines[0] == "2 tools linked but not declared:"
    # every place, at its own line; a declared tool (django) is not listed
    assert lines[2].split() == ["nexmo", f"{rel}:{first},", f"{rel}:{first + 1}"]
    assert lines[3].split() == ["twilio", f"{rel}:{first + 1}"]
    assert "django" not in listing.stdout.split("\n\n", 1)[0]
    # PAGE= (--page) lists one page's only
    other = new_tool(root, "--no-build", "--page", "talks/01-opening.rst")
    assert other.stdout.strip() == "every tool talks/01-opening.rst links is declared"
    assert new_tool(root, "--no-build", "--page", rel).stdout == listing.stdout
    # one block per tool, named as the pages show it, to paste into tools.rst
    blocks = listing.stdout.split("\n\n.. tool:: ")[1:]
    assert [b.split("\n", 1)[0] for b in blocks] == ["nexmo", "twilio"]
    assert "   :name: Nexmo\n   :category: <one of: library," in blocks[0]
    # pasted as printed, the strict build fails until each category is filled in
    tools = root / "tools.rst"
    pasted = "\n.. tool:: " + "\n.. tool:: ".join(blocks)
    tools.write_text(tools.read_text(encoding="utf-8") + pasted, encoding="utf-8")
    unfilled = run_strict_build(root, tmp_path / "a", "html", tmp_path / "ad", env=EXT_ENV)
    assert "[confnotes.bad_option]" in unfilled.stderr
    filled_in = re.sub(r":category: <[^>]*>", ":category: service", tools.read_text("utf-8"))
    tools.write_text(re.sub(r"\n   :homepage: <[^>]*>", "", filled_in), encoding="utf-8")
    filled = run_strict_build(root, tmp_path / "b", "html", tmp_path / "bd", env=EXT_ENV)
    assert filled.returncode == 0, filled.stderr
    assert new_tool(root).stdout.strip() == "every tool the pages link is declared"


def test_new_tool_names_an_included_file_and_points_out_a_typo(tmp_path: Path) -> None:
    """A role written in a file the page includes is listed at that file's line.

    And an id close to a declared tool's (``djnago``) is pointed out as a
    likely typo, and its block is kept apart from those to paste (helper-72).
    """
    root = scaffold_project(tmp_path / "site")
    page = next((root / "talks").glob("02-*.rst"))
    notes = page.with_name(f"{page.stem}-notes.txt")
    notes.write_text("Notes.\n\nThey used :tool:`nexmo`.\n\nAnd :tool:`djnago`.\n", "utf-8")
    page.write_text(page.read_text("utf-8") + f"\n.. include:: {notes.name}\n", "utf-8")
    listing = new_tool(root)
    assert listing.returncode == 0, listing.stderr
    rel = notes.relative_to(root).as_posix()
    lines = listing.stdout.splitlines()
    assert lines[2].split() == ["djnago", f"{rel}:5"]
    assert lines[3].split() == ["nexmo", f"{rel}:3"]
    typos = listing.stdout.split("A typo?", 1)[1].split("\n\n", 1)[0]
    assert "djnago (did you mean 'django'" in typos
    # the blocks to paste declare the new tool, never the typo; its block comes apart
    to_paste, apart = listing.stdout.split("Only if one of the possible typos", 1)
    assert ".. tool:: nexmo\n" in to_paste and ".. tool:: djnago" not in to_paste
    assert ".. tool:: djnago\n" in apart and ".. tool:: nexmo" not in apart
    # with only the typo left, nothing is offered to paste
    notes.write_text("Notes.\n\nAnd :tool:`djnago`.\n", "utf-8")
    only_typo = new_tool(root)
    assert "Paste these" not in only_typo.stdout and "A typo?" in only_typo.stdout


def test_make_new_tool_declares_one_tool(
    tmp_path: Path, run_strict_build: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    root = scaffold_project(tmp_path / "site")
    page = next((root / "talks").glob("02-*.rst"))
    page.write_text(page.read_text(encoding="utf-8") + "\nWith :tool:`nexmo`.\n", "utf-8")
    make = gnu_make()
    declare = [make, "-s", "-C", str(root), "new-tool", f"PYTHON={sys.executable}"]
    proc = subprocess.run(
        [*declare, "TOOL=nexmo", "CATEGORY=service", 'NAME=Nexmo "SMS"', "DESCRIPTION=An API."],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "update tools.rst"
    tools = (root / "tools.rst").read_text(encoding="utf-8")
    assert tools.endswith(
        '\n\n.. tool:: nexmo\n   :name: Nexmo "SMS"\n   :category: service\n\n   An API.\n'
    )
    built = run_strict_build(root, tmp_path / "out", "html", tmp_path / "dt", env=EXT_ENV)
    assert built.returncode == 0, built.stderr
    assert soup(tmp_path / "out" / "tools.html").find(id="conf-tool-nexmo") is not None
    # twice, or with a bad category or homepage: refused in make's words, nothing written
    for variables, message in (
        (["TOOL=nexmo", "CATEGORY=service"], "already declared (tools.rst:"),
        (["TOOL=sms", "CATEGORY=gadget"], "CATEGORY: invalid choice: 'gadget'"),
        (["TOOL=sms", "CATEGORY=service", "HOMEPAGE=ftp://x"], "HOMEPAGE must be an http"),
        (["TOOL=Not An Id", "CATEGORY=service"], "TOOL 'Not An Id' is not an id"),
        (["TOOL=sms-", "CATEGORY=service"], "TOOL 'sms-' is not an id"),
    ):
        again = subprocess.run([*declare, *variables], capture_output=True, text=True, check=False)
        assert again.returncode != 0 and message in again.stderr, (variables, again.stderr)
    assert (root / "tools.rst").read_text(encoding="utf-8") == tools


def test_a_tool_declared_without_a_name_is_named_as_the_pages_show_it(tmp_path: Path) -> None:
    """No NAME: the text most roles show for the id (reST and MyST), else the id, and a note."""
    root = scaffold_project(tmp_path / "site")
    pages = sorted((root / "talks").glob("*.rst"))
    # reST pages: one each; the MyST page tips the balance (when read)
    for page, role in zip(pages, ["twisted matrix <twisted>", "Twisted <twisted>"], strict=False):
        page.write_text(page.read_text(encoding="utf-8") + f"\nWith :tool:`{role}`.\n", "utf-8")
    myst = "# Notes\n\nWith {tool}`Twisted <twisted>` and {tool}`Twisted   <twisted>`.\n"
    (root / "talks" / "notes.md").write_text(myst, encoding="utf-8")
    named = new_tool(root, "--tool", "twisted", "--category", "framework")
    assert named.returncode == 0, named.stderr
    assert "note: no NAME: named 'Twisted', as the pages show it" in named.stdout
    assert "\n.. tool:: twisted\n   :name: Twisted\n" in (root / "tools.rst").read_text("utf-8")
    bare = new_tool(root, "--tool", "gunicorn", "--category", "tool")
    assert bare.returncode == 0, bare.stderr
    assert "note: no NAME: named 'gunicorn', its id" in bare.stdout
    assert "\n.. tool:: gunicorn\n   :name: gunicorn\n" in (root / "tools.rst").read_text("utf-8")


def test_a_long_description_is_wrapped_between_words_only(
    load_script: Callable[[Path], ModuleType],
) -> None:
    """The directive joins its lines with a space: no word is cut, none broken at a hyphen."""
    module = load_script(SITE / "scripts" / "new_tool.py")
    url = "https://example.org/" + "a-very-long-path/" * 8
    description = " ".join(["A well-tested, widely-used library;", url, "more words"] * 3)
    for suffix, indent in ((".rst", "   "), (".md", "")):
        block = module.tool_block("x", "X", suffix, fill=False, description=description)
        body = block.split("\n\n", 1)[1].removesuffix("\n").removesuffix("```").strip("\n")
        lines = body.split("\n")
        assert all(line.startswith(indent) for line in lines), block
        assert " ".join(line.strip() for line in lines) == description, block
        assert max(len(line) for line in lines if url not in line) <= module.WRAP, block


def test_a_tool_named_by_an_everyday_word_is_pointed_out_and_can_say_so(
    tmp_path: Path, run_strict_build: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """The plain uses the mention check would flag are named; ``--common-word`` declares it."""
    root = scaffold_project(tmp_path / "site")
    page = sorted((root / "talks").glob("*.rst"))[0]
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join([*lines, "", "His six steps, not ``six``."]) + "\n", "utf-8")
    where = f"{page.relative_to(root).as_posix()}:{len(lines) + 2}"
    # what is not prose names no line: front matter, a heading, a URL, code, a comment
    (root / "talks" / "six.md").write_text(
        "---\ndescription: six ways\n---\n\n# six\n\nSee https://six.example.org/ and `six`.\n"
        "\n```python\nimport six\n```\n\n<!-- six -->\n",
        encoding="utf-8",
    )
    dry = new_tool(root, "--tool", "six", "--category", "library", "--dry-run")
    assert f"note: 'six' also stands in plain prose ({where}): " in dry.stdout, dry.stdout
    assert "declare it with --common-word (:common-word:)" in dry.stdout, dry.stdout
    (root / "talks" / "six.md").unlink()  # not a page of the programme: the build below
    declared = new_tool(root, "--tool", "six", "--category", "library", "--common-word")
    assert declared.returncode == 0 and "plain prose" not in declared.stdout, declared.stdout
    tools = (root / "tools.rst").read_text(encoding="utf-8")
    assert tools.endswith(
        "\n.. tool:: six\n   :name: six\n   :category: library\n   :common-word:\n"
    )
    check = ["-D", "confnotes_check_plain_mentions=1"]
    built = run_strict_build(root, tmp_path / "o", "html", tmp_path / "d", *check, env=EXT_ENV)
    assert built.returncode == 0, built.stderr


def test_new_tool_options_are_documented_and_its_categories_are_the_directives(
    load_script: Callable[[Path], ModuleType],
) -> None:
    from confnotes.core.records import CATEGORIES

    module = load_script(TOOL_SCRIPT)
    assert module.CATEGORIES == CATEGORIES
    parser = module.build_parser()
    options = [
        module.new_talk.make_var(a.dest)
        for a in parser._actions
        if a.option_strings and a.dest not in {"help", *parser.not_from_make}
    ]
    makefile = (SITE / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^NEW_TOOL_VARS\s*:=(.*)$", makefile, re.MULTILINE)
    assert match, "the Makefile has no NEW_TOOL_VARS"
    help_text = subprocess.run(
        ["make", "-s", "-C", str(SITE), "help"], capture_output=True, text=True, check=True
    ).stdout
    contributing = (SITE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "make new-tool" in help_text and "make new-tool" in contributing
    for name in options:
        assert name in match[1].split(), f"{name} is not passed by `make new-tool`"
        assert f"{name}=" in help_text, f"`make help` does not list {name}="
        assert f"{name}=" in contributing, f"CONTRIBUTING.md does not mention {name}="


def test_the_default_date_is_the_commonest_of_the_talks_event(tmp_path: Path) -> None:
    """Another event's talks never give a new talk its date; a new event has none to give."""
    root = scaffold_project(tmp_path / "site")
    first = new_talk(
        root,
        "--title",
        "Other opening",
        "--speaker",
        "unknown",
        "--event",
        "Other Conf",
        "--date",
        "2031-05-16",
    )
    assert first.returncode == 0, first.stderr
    # a second talk of that event, no date given: the event's own date
    second = new_talk(
        root, "--title", "Other second", "--speaker", "unknown", "--event", "Other Conf"
    )
    assert second.returncode == 0, second.stderr
    page = next(root.rglob("other-second.*")).read_text(encoding="utf-8")
    assert ":date: 2031-05-16" in page
    # an event no talk is dated in: the contributor gives the date (never a guessed one)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    new = new_talk(root, "--title", "Brand new", "--speaker", "unknown", "--event", "New Conf")
    assert new.returncode == 1
    assert "no talk of 'New Conf' has a :date: yet" in new.stderr and "--date" in new.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("page_format", ["rst", "md"])
def test_a_new_pages_comment_names_the_projects_default_event(
    tmp_path: Path, page_format: str
) -> None:
    root = scaffold_project(tmp_path / "site")
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + '\nconfnotes_default_event = "Renamed Conf 2013"\n',
        encoding="utf-8",
    )
    made = new_talk(
        root,
        "--title",
        "Renamed",
        "--speaker",
        "unknown",
        "--date",
        "2013-05-15",
        "--format",
        page_format,
    )
    assert made.returncode == 0, made.stderr
    page = next(root.rglob(f"renamed.{page_format}")).read_text(encoding="utf-8")
    assert "Defaults to confnotes_default_event in conf.py" in page
    assert "(Renamed Conf 2013)." in page


def test_an_earlier_date_says_which_days_it_renumbers(tmp_path: Path) -> None:
    """A new first day makes every other day of the event one later: the scaffold says so."""
    root = scaffold_project(tmp_path / "site")
    scaffold = import_script(SCRIPT)
    dated = sorted(
        d.options["date"]
        for d in scaffold.find_declarations(root, "talk")
        if scaffold.dates.is_date(d.options.get("date", ""))
    )
    first = datetime.date.fromisoformat(dated[0])
    earlier = (first - datetime.timedelta(days=1)).isoformat()
    later = (datetime.date.fromisoformat(dated[-1]) + datetime.timedelta(days=1)).isoformat()
    after = new_talk(root, "--title", "After", "--speaker", "unknown", "--date", later)
    assert after.returncode == 0 and "is now day" not in after.stdout, after.stdout
    before = new_talk(root, "--title", "Before", "--speaker", "unknown", "--date", earlier)
    assert before.returncode == 0, before.stderr
    shown = scaffold.dates.human_date(dated[0])
    assert f"note: {shown} of " in before.stdout and "is now day 2 (it was day 1)" in before.stdout
