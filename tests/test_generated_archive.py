"""A generated archive of five events and 180 talks (``tests/archive.py``).

Dates known, partly known (day numbers) and unknown; titles repeated across
events; speakers shared by several events. It builds strictly with no
warning, suppressed or not, serial and ``-j 2`` alike, and an incremental
build after edits equals a fresh one. The rules checked are derived from
the generated talks, never from counts written here.
"""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import pytest
from archive import ArchiveTalk, generate
from bs4 import BeautifulSoup
from root_builds import sphinx_process

SITE = Path(__file__).resolve().parent.parent


def sphinx(src: Path, out: Path, *extra: str) -> str:
    """Build strictly in a fresh interpreter; return the warnings (fails on any)."""
    result = sphinx_process(SITE / "_ext", src, out, *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr


def html_files(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))


def differing(one: Path, other: Path) -> list[str]:
    """The HTML pages that differ between two outputs (or exist in one only)."""
    pages = html_files(one)
    assert pages == html_files(other)
    return [p for p in pages if not filecmp.cmp(one / p, other / p, shallow=False)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ArchiveTalk]]:
    src = tmp_path_factory.mktemp("archive") / "src"
    return src, generate(src)


@pytest.fixture(scope="module")
def serial(
    archive: tuple[Path, list[ArchiveTalk]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("serial")
    assert sphinx(archive[0], out) == ""
    return out


def test_the_archive_has_what_it_stands_for(archive: tuple[Path, list[ArchiveTalk]]) -> None:
    _src, talks = archive
    events = {t.event for t in talks}
    assert len(events) >= 5 and len(talks) >= 180
    assert {t.date is None for t in talks} == {True, False}  # dates known and not
    assert any(t.date is None and t.day for t in talks)  # known by day number only
    assert any(t.date is None and not t.day for t in talks)  # nothing known
    titles: dict[str, set[str]] = {}
    for talk in talks:
        titles.setdefault(talk.title, set()).add(talk.event)
    assert any(len(found) > 1 for found in titles.values())  # titles repeat across events
    speakers: dict[str, set[str]] = {}
    for talk in talks:
        for speaker in talk.speakers:
            speakers.setdefault(speaker, set()).add(talk.event)
    assert any(len(found) > 1 for found in speakers.values())


def test_parallel_equals_serial(
    archive: tuple[Path, list[ArchiveTalk]], serial: Path, tmp_path: Path
) -> None:
    assert sphinx(archive[0], tmp_path / "j2", "-j", "2") == ""
    assert differing(serial, tmp_path / "j2") == []


def test_events_and_days_in_the_order_the_data_allows(
    archive: tuple[Path, list[ArchiveTalk]], serial: Path
) -> None:
    _src, talks = archive
    soup = BeautifulSoup((serial / "index.html").read_text(), "html.parser")
    text = soup.get_text(" ")
    first_date: dict[str, str] = {}
    for talk in talks:
        if talk.date:
            first_date[talk.event] = min(first_date.get(talk.event, talk.date), talk.date)
    # events with a known date by that date, then the others by name
    expected = sorted(first_date, key=first_date.__getitem__) + sorted(
        {t.event for t in talks} - first_date.keys(), key=str.casefold
    )
    positions = [text.find(event) for event in expected]
    assert -1 not in positions and positions == sorted(positions), expected


def search_titles(out: Path) -> dict[str, str]:
    """docname -> the title search results show, from ``searchindex.js``."""
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    frozen = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return dict(zip(frozen["docnames"], frozen["titles"], strict=True))


def test_repeated_titles_are_told_apart_out_of_context(
    archive: tuple[Path, list[ArchiveTalk]], serial: Path
) -> None:
    _src, talks = archive
    in_search = search_titles(serial)
    repeated = {t.page_title for t in talks if sum(o.page_title == t.page_title for o in talks) > 1}
    assert repeated
    for talk in talks:
        page = BeautifulSoup((serial / "talks" / f"{talk.ident}.html").read_text(), "html.parser")
        title = page.title.get_text()
        if talk.page_title in repeated:
            assert f"({talk.event} · " in title, (talk.ident, title)
            assert f"({talk.event} · " in in_search[f"talks/{talk.ident}"], talk.ident
        else:
            assert talk.event not in title.replace(talk.page_title, ""), (talk.ident, title)
        for rel in page.select('link[rel="next"], link[rel="prev"]'):
            shown = rel.get("title", "")
            if shown in repeated:
                raise AssertionError(f"{talk.ident}: {rel['rel']} link reads a bare {shown!r}")


def test_an_incremental_build_after_edits_equals_a_fresh_one(
    archive: tuple[Path, list[ArchiveTalk]], serial: Path, tmp_path: Path
) -> None:
    """Edit the archive after its serial build, build again into that output, compare.

    The build to start from is a copy of ``serial`` (doctrees included, times
    kept): a build's environment names its source folder, so the edits are
    made to the archive's own sources, and undone afterwards for the tests
    that build them again.
    """
    src, talks = archive
    out = tmp_path / "incremental"
    shutil.copytree(serial, out)
    by_day = next(t for t in talks if t.date is None and t.day)
    # a dated talk takes a title another event has and its own event has not
    titles_of = {e: {t.page_title for t in talks if t.event == e} for e in {t.event for t in talks}}
    dated, new_title = next(
        (talk, title)
        for talk in talks
        if talk.date and talk.event != by_day.event and "(" in talk.page_title
        for other, titles in titles_of.items()
        if other != talk.event
        for title in sorted(titles - titles_of[talk.event])
        if "(" not in title
    )
    pages = [src / "talks" / f"{talk.ident}.rst" for talk in (by_day, dated)]
    originals = {page: page.read_text() for page in pages}
    try:
        # a talk known by its day moves to another day, into a slot free there
        new_day = by_day.day % 3 + 1
        free_slot = 1 + max(
            (t.slot for t in talks if (t.event, t.date, t.day) == (by_day.event, None, new_day)),
            default=0,
        )
        page = pages[0]
        page.write_text(
            page.read_text()
            .replace(f":day: {by_day.day}", f":day: {new_day}")
            .replace(f":slot: {by_day.slot}\n", f":slot: {free_slot}\n")
        )
        page = pages[1]
        retitled = (
            page.read_text()
            .replace(dated.page_title, new_title)
            .replace("=" * len(dated.page_title), "=" * len(new_title))
        )
        page.write_text(retitled)
        sphinx(src, out)
        fresh = tmp_path / "fresh"
        sphinx(src, fresh)
    finally:
        for page, text in originals.items():
            page.write_text(text)
    assert differing(out, fresh) == []
