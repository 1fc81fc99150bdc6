"""Two talks of one day in one ``:slot:`` warn ``confnotes.slot_clash`` at the later one's slot.

In a copy of ``test-page-files``: talks of one event on one date, two of
them (a reST page and a MyST page) in slot 2, a third in slot 2 in a file a
page includes; a talk of another date in slot 2, and two talks whose date
is unknown in slot 1 (they may be on different days), which do not clash.
The warnings are the same serially and with ``-j 2``, a rebuild with
nothing changed shows them again, and ``suppress_warnings`` silences them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from root_builds import add_pages, build_root

ROOTS = Path(__file__).parent / "roots"
EVENT = "Slot Conf 2013"


def talk_rst(talk_id: str, date: str, slot: int) -> str:
    """A talk declaration in reST, its ``:slot:`` on the directive's sixth line."""
    return (
        f".. talk:: {talk_id}\n   :title: {talk_id}\n   :speaker: unknown\n   :kind: talk\n"
        f"   :date: {date}\n   :slot: {slot}\n   :event: {EVENT}\n"
    )


PAGES = {
    "first.rst": "First\n=====\n\n" + talk_rst("first", "2013-05-15", 2),
    "second.md": (
        f"# Second\n\n```{{talk}} second\n:title: Second\n:speaker: unknown\n:kind: talk\n"
        f":event: {EVENT}\n:date: 2013-05-15\n:slot: 2\n```\n"
    ),
    "holder.rst": "Holder\n======\n\n.. include:: held.txt\n",
    "other-day.rst": "Other day\n=========\n\n" + talk_rst("other-day", "2013-05-16", 2),
    "undated-a.rst": "A\n=\n\n" + talk_rst("undated-a", "unknown", 1),
    "undated-b.rst": "B\n=\n\n" + talk_rst("undated-b", "unknown", 1),
}
HELD = "Held notes.\n\n" + talk_rst("held", "2013-05-15", 2)
#: (the page and line of the warning's :slot:, the talk, the talk holding the slot at)
EXPECTED = sorted(
    [
        ("held.txt:8", "held", "'first' (first.rst:9)"),
        ("second.md:9", "second", "'first' (first.rst:9)"),
    ]
)
WARNING_RE = re.compile(r"^(\S+:\d+): talk '([\w-]+)' takes slot 2 of .*?, as talk (.*?) does")


def make_root(tmp_path: Path, **conf: object) -> Path:
    """Copy the root, add the pages and the included file, and *conf* to its ``conf.py``."""
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    add_pages(srcdir, PAGES)
    (srcdir / "held.txt").write_text(HELD, encoding="utf-8")
    extra = "".join(f"{name} = {value!r}\n" for name, value in conf.items())
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text("utf-8") + extra, "utf-8")
    return srcdir


def clashes(warnings: list[str]) -> list[tuple[str, ...]]:
    """The slot clashes the warnings report, as ``EXPECTED`` writes them."""
    found = [WARNING_RE.match(w) for w in warnings if "[confnotes.slot_clash]" in w]
    assert all(found), warnings
    return sorted(match.groups() for match in found if match)


@pytest.mark.parametrize("parallel", [1, 2], ids=["serial", "j2"])
def test_each_talk_in_a_taken_slot_warns_at_its_slot(tmp_path: Path, parallel: int) -> None:
    """Located at the ``:slot:`` line (reST, MyST, included), naming the first talk's."""
    srcdir = make_root(tmp_path)
    _app, warnings = build_root(srcdir, tmp_path / "out", "html", parallel=parallel)
    assert clashes(warnings) == EXPECTED


def test_a_rebuild_with_nothing_changed_warns_again(tmp_path: Path) -> None:
    """The pages are not read again, and the warnings are shown again."""
    srcdir = make_root(tmp_path)
    build_root(srcdir, tmp_path / "out", "html")
    _app, warnings = build_root(srcdir, tmp_path / "out", "html", fresh=False)
    assert clashes(warnings) == EXPECTED


def test_suppress_warnings_silences_it(tmp_path: Path) -> None:
    """``confnotes.slot_clash`` in ``suppress_warnings``."""
    srcdir = make_root(tmp_path, suppress_warnings=["confnotes.slot_clash"])
    _app, warnings = build_root(srcdir, tmp_path / "out", "html")
    assert not [w for w in warnings if "slot_clash" in w]


def test_slot_clashes_are_found_by_page_and_line_whatever_the_order() -> None:
    """The later talk by page and line clashes; talks without a slot never do."""
    from confnotes.core.records import TalkRecord
    from confnotes.core.running_order import slot_clashes

    def talk(docname: str, lineno: int, slot: int) -> TalkRecord:
        fields = dict.fromkeys(TalkRecord._fields[:11], "")
        return TalkRecord(
            **fields | {"slot": slot, "start": "", "docname": docname, "lineno": lineno}
        )

    a, b, c, none_1, none_2 = (
        talk("b", 3, 1),
        talk("a", 9, 1),
        talk("b", 1, 2),
        talk("a", 1, 0),
        talk("c", 1, 0),
    )
    assert slot_clashes([a, b, c, none_1, none_2]) == [(a, b)]
    assert slot_clashes([c, none_2, a, none_1, b]) == [(a, b)]
