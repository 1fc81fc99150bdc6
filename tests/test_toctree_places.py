"""A page listed by a second toctree keeps its first place, with a warning at the second.

A talk page with ``.. toctree:: :glob: *`` listed every other talk: Sphinx
said so at INFO level only, and the PDF, e-book and single-page builds put
each talk under that page. In a copy of ``test-page-files`` (whose front
page lists ``*`` and ``talks/*``), ``alpha.rst`` lists ``more/deep``;
``hub.rst`` lists ``talks/*`` and ``more/deep``, and the MyST page
``myhub.md`` lists ``talks/plain``. Breadth first from the front page, the
talks are the front page's and ``more/deep`` is ``alpha``'s, so each of the
hubs' entries warns ``confnotes.listed_twice`` at its toctree's line (one
warning per toctree and first place) and is left out:

* of the relations (each page's parent is its first place) and of the LaTeX
  document, where each page is a part of its first place's chapter;
* in serial and ``-j 2`` builds alike, and again on a build that reads
  nothing; after an edit, an incremental build equals a fresh one (when
  ``alpha`` stops listing ``more/deep``, ``hub`` becomes its place);
* ``suppress_warnings`` silences it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PAGES = {
    "alpha.rst": "Alpha\n=====\n\n.. toctree::\n\n   more/deep\n",
    "hub.rst": "Hub\n===\n\nText.\n\n.. toctree::\n   :glob:\n\n   talks/*\n   more/deep\n",
    "myhub.md": "# My hub\n\n```{toctree}\ntalks/plain\n```\n",
    "more/deep.rst": "Deep page\n=========\n\nText.\n",
    "talks/extra.rst": "Extra talk\n==========\n\nText.\n",
    # two pages listed side by side that list each other: two second listings, no loop
    "pair.rst": "Pair\n====\n\n.. toctree::\n\n   pair/one\n   pair/two\n",
    "pair/one.rst": "One\n===\n\n.. toctree::\n\n   two\n\nBad *emphasis.\n",
    "pair/two.rst": "Two\n===\n\n.. toctree::\n\n   one\n",
}
EXPECTED = [
    "hub.rst:6: toctree entries 'talks/extra', 'talks/plain' left out: 'index' lists",
    "hub.rst:6: toctree entry 'more/deep' left out: 'alpha' lists",
    "myhub.md:3: toctree entry 'talks/plain' left out: 'index' lists",
    "pair/one.rst:4: toctree entry 'pair/two' left out: 'pair' lists",
    "pair/two.rst:4: toctree entry 'pair/one' left out: 'pair' lists",
]


@pytest.fixture
def srcdir(rootdir: Path, tmp_path: Path) -> Path:
    """The copy of ``test-page-files`` with the hubs."""
    copy = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    for name, text in PAGES.items():
        (copy / name).parent.mkdir(exist_ok=True)
        (copy / name).write_text(text, encoding="utf-8")
    return copy


def listed_twice(warnings: list[str]) -> list[str]:
    return sorted(
        w.split(" that page")[0].split(" those pages")[0]
        for w in warnings
        if "[confnotes.listed_twice]" in w
    )


def test_each_second_listing_is_left_out_where_it_is_written(
    make_app: Callable[..., Any], srcdir: Path, warnings_of: Any, page: Any
) -> None:
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert listed_twice(warnings_of(app)) == EXPECTED
    others = [w for w in warnings_of(app) if "listed_twice" not in w]
    # a page read again to leave its entries out shows its other warnings once
    assert [w.split(":")[:2] for w in others] == [["pair/one.rst", "8"]], others
    relations = app.env.collect_relations()
    for talk in ("talks/plain", "talks/extra"):
        assert relations[talk][0] == "index"
    assert relations["more/deep"][0] == "alpha"
    assert app.env.toctree_includes.get("hub", []) == []
    hub = page(Path(app.outdir) / "hub.html").get_text()
    assert "Extra talk" not in hub and "Deep page" not in hub
    # a build that reads nothing says it again
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert listed_twice(warnings_of(again)) == EXPECTED
    assert again.env.toctree_includes == app.env.toctree_includes, "as the fresh build left it"
    # alpha no longer lists more/deep: hub is its place now, as in a fresh build
    (srcdir / "alpha.rst").write_text("Alpha\n=====\n\nText.\n", encoding="utf-8")
    edited = make_app("html", srcdir=srcdir)
    edited.build()
    assert listed_twice(warnings_of(edited)) == [EXPECTED[0], *EXPECTED[2:]]
    assert edited.env.collect_relations()["more/deep"][0] == "hub"
    assert "Deep page" in page(Path(edited.outdir) / "hub.html").get_text()
    shutil.rmtree(edited.doctreedir)
    fresh = make_app("html", srcdir=srcdir, freshenv=True)
    fresh.build()
    assert listed_twice(warnings_of(fresh)) == listed_twice(warnings_of(edited))


def test_parallel_reading_leaves_out_the_same_entries(
    make_app: Callable[..., Any], srcdir: Path, warnings_of: Any
) -> None:
    app = make_app("html", srcdir=srcdir, freshenv=True, parallel=2)
    app.build()
    assert listed_twice(warnings_of(app)) == EXPECTED


def test_each_page_is_part_of_its_first_places_chapter_in_latex(
    make_app: Callable[..., Any], srcdir: Path
) -> None:
    app = make_app("latex", srcdir=srcdir, freshenv=True)
    app.build()
    (tex,) = Path(app.outdir).glob("*.tex")
    levels = dict(
        (title, level)
        for level, title in re.findall(r"\\(chapter|section)\{([^}]*)\}", tex.read_text("utf-8"))
    )
    assert levels["A plain page"] == levels["Extra talk"] == levels["Hub"] == "chapter"
    assert levels["Deep page"] == "section"
    assert tex.read_text("utf-8").count("\\label{\\detokenize{talks/plain::doc}}") == 1


def test_the_warning_can_be_silenced(
    build_suppressing: Callable[..., Any], srcdir: Path, warnings_of: Any
) -> None:
    app = build_suppressing(srcdir, "confnotes.listed_twice")
    assert listed_twice(warnings_of(app)) == []
    assert app.env.toctree_includes.get("hub", []) == []


def test_the_programme_keeps_the_talks_it_lists(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    """A talk's glob toctree, met before the programme, takes none of the talks from it.

    In a copy of ``test-programme``, the front page lists a keynote before
    the page that shows the programme, and the keynote lists ``*``: every
    talk is still the programme's (as a part of its chapter in LaTeX, at one
    level), and the front page's own listing of the keynote is the second one.
    """
    srcdir = shutil.copytree(rootdir / "test-programme", tmp_path / "src")
    keynote = srcdir / "talks" / "beta-d1-keynote.rst"
    keynote.write_text(keynote.read_text("utf-8") + "\n.. toctree::\n   :glob:\n\n   *\n", "utf-8")
    (srcdir / "index.rst").write_text(
        "Test programme\n==============\n\n.. toctree::\n\n   talks/beta-d1-keynote\n   prog\n"
        "   speakers\n   tools\n   lightning\n",
        "utf-8",
    )
    (srcdir / "prog.rst").write_text("Programme\n=========\n\n.. programme::\n", "utf-8")
    app = make_app("latex", srcdir=srcdir, freshenv=True)
    app.build()
    talks = sorted(page for page in app.env.found_docs if page.startswith("talks/"))
    found = listed_twice(warnings_of(app))
    assert [w.split(":")[0] for w in found] == ["index.rst", "talks/beta-d1-keynote.rst"], found
    assert "'talks/beta-d1-keynote' left out: 'prog' lists" in found[0]
    others = [page for page in talks if page != "talks/beta-d1-keynote"]
    assert found[1].split(" left out")[0].endswith(", ".join(map(repr, others))), found[1]
    relations = app.env.collect_relations()
    assert {relations[page][0] for page in talks} == {"prog"}
    (tex,) = Path(app.outdir).glob("*.tex")
    sectioning = r"\\(chapter|section|subsection)\{([^}]*)\}"
    levels = {title: level for level, title in re.findall(sectioning, tex.read_text("utf-8"))}
    assert {levels[app.env.titles[page].astext()] for page in talks} == {"section"}
