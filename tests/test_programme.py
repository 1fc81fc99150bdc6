"""The programme as data: two events of three days (``tests/roots/test-programme``).

Grouping, running order, previous/next, the bounded sidebar, the lightning
index and speaker cards across events; every builder; ``-j 2``; and
incremental builds equal to fresh ones when talks are added, removed,
retitled or moved to another day.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences
from template_cache import compiled_once

ROOT = Path(__file__).parent / "roots" / "test-programme"

BETA, ALPHA = "Beta Summit 2030", "Alpha Conf 2030"
#: (event, day heading, [talk titles]) in the order the data gives
PROGRAMME = [
    (BETA, "Day 1 · Thursday 1 November 2029", ["Beta opening keynote", "Beta first talk"]),
    (BETA, "Day 2 · Friday 2 November 2029", ["Beta second day", "Beta flash"]),
    (BETA, "Day 3 · Saturday 3 November 2029", ["Beta last day"]),
    (
        ALPHA,
        "Day 1 · Thursday 10 January 2030",
        ["Alpha opening keynote", "Alpha zeta talk", "Alpha flash one", "Alpha flash two"],
    ),
    (ALPHA, "Day 2 · Friday 11 January 2030", ["Alpha early bird", "Alpha unslotted talk"]),
    (ALPHA, "Day 3 · Saturday 12 January 2030", ["Alpha closing keynote"]),
]
#: pages in reading order: the front page, each day's pages, then the rest
READING_ORDER = [
    "index",
    "talks/beta-d1-keynote",
    "talks/beta-d1-talk",
    "talks/beta-d2-talk",
    "talks/beta-d2-lightning",
    "talks/beta-d3-talk",
    "talks/b-alpha-keynote",
    "talks/a-zeta",
    "talks/alpha-d1-lightning",
    "talks/alpha-d2-early",
    "talks/alpha-d2-talk",
    "talks/alpha-d3-keynote",
    "speakers",
    "tools",
    "lightning",
]
DAY_PAGES = [
    ["talks/beta-d1-keynote", "talks/beta-d1-talk"],
    ["talks/beta-d2-talk", "talks/beta-d2-lightning"],
    ["talks/beta-d3-talk"],
    ["talks/b-alpha-keynote", "talks/a-zeta", "talks/alpha-d1-lightning"],
    ["talks/alpha-d2-early", "talks/alpha-d2-talk"],
    ["talks/alpha-d3-keynote"],
]
MORE_PAGES = ["speakers", "tools", "lightning"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text(node: Any) -> str:
    return str(node.get_text(" ", strip=True)).rstrip("¶ ").strip()


def copy_root(dest: Path, source: Path = ROOT) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def html_pages(outdir: Path) -> dict[str, str]:
    """Every HTML page, whole (sidebar and previous/next included)."""
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
    }


def fresh_build(dest: Path, builder: str, source: Path = ROOT, **kwargs: Any) -> SimpleNamespace:
    """Build a fresh copy of *source*; clean the app up (docutils' registries are global)."""
    src = copy_root(dest, source)
    app = SphinxTestApp(
        builder, srcdir=src, freshenv=True, status=StringIO(), warning=StringIO(), **kwargs
    )
    try:
        app.build()
    finally:
        app.cleanup()  # before other tests make apps
    return SimpleNamespace(outdir=Path(app.outdir), warnings=app.warning.getvalue())


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``fresh(builder, parallel=0, **confoverrides)``: a fresh build of the root, once per module.

    Tests that only read a build share it; each combination is built once.
    """
    cache: dict[tuple[Any, ...], SimpleNamespace] = {}

    def get(builder: str, parallel: int = 0, **overrides: Any) -> SimpleNamespace:
        key = (builder, parallel, *sorted(overrides.items()))
        if key not in cache:
            dest = tmp_path_factory.mktemp(f"programme-{builder}-{parallel}") / "src"
            cache[key] = fresh_build(
                dest, builder, parallel=parallel, confoverrides=overrides or None
            )
        return cache[key]

    return get


@pytest.fixture(scope="module")
def built(fresh: Any) -> SimpleNamespace:
    """One strict html build of the root (a copy: roots are read-only)."""
    result = fresh("html")
    assert result.warnings == ""
    return result


def test_compiled_templates_change_no_page(tmp_path: Path) -> None:
    """The theme's templates compiled by one build and reused by the next give the same pages."""
    with compiled_once() as cache:
        cold = fresh_build(tmp_path / "cold", "html")
        assert cache.code and not cache.loaded
        warm = fresh_build(tmp_path / "warm", "html")
        assert cache.loaded >= len(cache.code)
    assert cold.warnings == warm.warnings == ""
    assert html_pages(warm.outdir) == html_pages(cold.outdir)


def test_programme_groups_talks_by_event_and_day_in_running_order(built: Any) -> None:
    index = soup(built.outdir / "index.html")
    found = []
    for event in index.select(".conf-programme-event"):
        event_name = text(event.select_one(".conf-programme-event-title"))
        for day in event.select(".conf-programme-day"):
            titles = [
                text(a) for a in day.select("li.conf-programme-talk a.reference:first-of-type")
            ]
            found.append((event_name, text(day.select_one(".conf-programme-day-title")), titles))
    assert found == PROGRAMME
    # counts in prose come from the data
    summary = text(index.select_one(".conf-programme-summary"))
    assert summary == "The programme: 12 talks (3 of them lightning talks) on 6 days of 2 events."
    # each entry shows its kind and speakers; a start time where the data has one
    early = index.find("a", string="Alpha early bird").find_parent("li")
    assert text(early) == "09:00 Alpha early bird Talk — Cy Example"
    flash = index.find("a", string="Beta flash").find_parent("li")
    assert text(flash) == "Beta flash Lightning talk — unknown"


def test_a_title_that_is_its_kind_is_not_said_twice(tmp_path: Path) -> None:
    """A lightning talk the notes call only "Lightning talk": its label once, the others'."""
    source = copy_root(tmp_path / "source")
    page = source / "talks" / "alpha-d1-lightning.rst"
    page.write_text(page.read_text().replace("Alpha flash one", "Lightning talk"), "utf-8")
    result = fresh_build(tmp_path / "src", "html", source)
    assert result.warnings == ""
    soup = BeautifulSoup((result.outdir / "index.html").read_text("utf-8"), "lxml")
    entries = {
        " ".join(e.get_text(" ", strip=True).split()): e
        for e in soup.select(".conf-programme-talk")
    }
    plain = [text for text in entries if text.startswith("Lightning talk")]
    assert plain and all(not text.startswith("Lightning talk Lightning talk") for text in plain)
    others = [e for text, e in entries.items() if not text.startswith("Lightning talk")]
    assert others and all(e.select_one(".conf-kind") is not None for e in others)


def test_previous_next_follow_the_running_order_then_the_next_day(built: Any) -> None:
    order = ["index"]
    while len(order) < 30:
        page = soup(built.outdir / f"{order[-1]}.html")
        link = page.select_one("a.next-page")
        if link is None:
            break
        target = os.path.normpath(os.path.join(os.path.dirname(order[-1]), link["href"]))
        order.append(target.removesuffix(".html"))
    assert order == READING_ORDER
    first_alpha = soup(built.outdir / "talks" / "b-alpha-keynote.html")
    assert first_alpha.select_one("a.prev-page")["href"] == "beta-d3-talk.html"


def test_sidebar_lists_events_days_and_only_the_own_days_pages(built: Any) -> None:
    days_and_events = 2 + len(PROGRAMME)
    for day_pages in DAY_PAGES:
        for docname in day_pages:
            page = soup(built.outdir / f"{docname}.html")
            links = page.select(".sidebar-tree a")
            # O(days + pages of one day + other pages), never O(all talks)
            assert len(links) == days_and_events + len(day_pages) + len(MORE_PAGES), docname
            listed = [
                os.path.normpath(os.path.join("talks", a["href"])).removesuffix(".html")
                for a in links
                if "#" not in a["href"]
            ]
            talk_pages = [d for d in listed if d.startswith("talks/")]
            assert talk_pages == [d for d in day_pages if d != docname]
            current = page.select_one(".sidebar-tree li.current-page")
            assert current is not None and text(current) == text(page.find("h1"))
    # the expanders of nested entries are labelled native checkboxes
    boxes = soup(built.outdir / "talks" / "a-zeta.html").select(".sidebar-tree input")
    assert len(boxes) == 3  # each event (it lists its days), and the page's own day
    assert all(b.get("type") == "checkbox" and b.get("aria-label") for b in boxes)
    assert not [b for b in boxes if b.get("role")]  # "switch" would need aria-checked
    front = soup(built.outdir / "index.html")
    assert len(front.select(".sidebar-tree a")) == days_and_events + len(MORE_PAGES)
    labels = [text(a) for a in front.select(".sidebar-tree li.toctree-l1 > a")]
    assert labels == [BETA, ALPHA, "Speakers", "Tools", "Lightning index"]


def test_sidebar_days_link_to_the_programme(built: Any) -> None:
    page = soup(built.outdir / "talks" / "alpha-d2-early.html")
    days = page.select(".sidebar-tree li.toctree-l2 > a")
    assert [text(a) for a in days] == [day for _event, day, _titles in PROGRAMME]
    index = soup(built.outdir / "index.html")
    for link in days:
        path, anchor = link["href"].split("#")
        assert path == "../index.html"
        assert index.find(id=anchor) is not None, anchor
    current = page.select(".sidebar-tree li.toctree-l2.current > a")
    assert [text(a) for a in current] == ["Day 2 · Friday 11 January 2030"]


def test_lightning_index_groups_by_event_and_day(built: Any) -> None:
    page = soup(built.outdir / "lightning.html")
    groups = []
    for heading in page.select(".conf-lightning-event, .conf-lightning-group"):
        groups.append(text(heading))
        if "conf-lightning-group" in heading["class"]:
            items = heading.find_next_sibling("ul")
            groups.append([text(li.find("a")) for li in items.find_all("li", recursive=False)])
    assert groups == [
        BETA,
        "Day 2 · Friday 2 November 2029",
        ["Beta flash"],
        ALPHA,
        "Day 1 · Thursday 10 January 2030",
        ["Alpha flash one", "Alpha flash two"],
    ]


def test_speaker_card_lists_talks_of_both_events_in_order(built: Any) -> None:
    page = soup(built.outdir / "speakers.html")
    card = page.find(id="conf-speaker-ada")
    titles = [text(a) for a in card.select(".conf-speaker-talks a")]
    assert titles == ["Beta opening keynote", "Alpha zeta talk", "Alpha closing keynote"]


def flat_titles() -> list[str]:
    return [title for _event, _day, titles in PROGRAMME for title in titles]


@pytest.mark.parametrize("parallel", [0, 2])
@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "epub", "latex"])
def test_other_builders_follow_the_running_order(builder: str, parallel: int, fresh: Any) -> None:
    result = fresh(builder, parallel)
    assert result.warnings == ""
    out = result.outdir
    if builder == "dirhtml":
        page = soup(out / "talks" / "beta-d3-talk" / "index.html")
        assert page.select_one("a.next-page")["href"] == "../b-alpha-keynote/"
        assert len(page.select(".sidebar-tree a")) == 2 + 6 + 1 + 3
        return
    if builder == "singlehtml":
        # each document starts with an anchor ``document-<docname>``, in reading order
        page = soup(out / "index.html")
        starts = [span["id"].removeprefix("document-") for span in page.select("[id^=document-]")]
        assert starts == READING_ORDER[1:]
        return
    if builder == "epub":
        opf = (out / "content.opf").read_text(encoding="utf-8")
        spine = re.findall(r'<itemref idref="(epub-\d+)"', opf)
        files = dict(re.findall(r'<item id="(epub-\d+)" href="([^"]+)"', opf))
        pages = [files[i].removesuffix(".xhtml") for i in spine]
        assert [p for p in pages if p in READING_ORDER] == READING_ORDER
        return
    else:
        (tex,) = out.glob("*.tex")
        content = tex.read_text(encoding="utf-8")
        titles = [t for t in flat_titles() if "flash" not in t.lower()]
    positions = [content.find(t) for t in titles]
    assert -1 not in positions, dict(zip(titles, positions, strict=True))
    assert positions == sorted(positions)


def build(make_app: Any, src: Path, **kwargs: Any) -> tuple[dict[str, str], str, str]:
    """Build, then clean the app up (two live apps share docutils' registries).

    Returns the HTML pages, the warnings and the status output.
    """
    app = make_app("html", srcdir=src, **kwargs)
    try:
        app.build()
        return (
            html_pages(Path(app.outdir)),
            app.warning.getvalue(),
            strip_escape_sequences(app.status.getvalue()),
        )
    finally:
        app.cleanup()


def test_parallel_build_matches_serial(built: Any, fresh: Any) -> None:
    serial = html_pages(built.outdir)
    parallel = fresh("html", 2)
    assert parallel.warnings == built.warnings == ""
    assert html_pages(parallel.outdir) == serial
    assert len(serial) == len(READING_ORDER) + 2  # and genindex, search


def sidebar_and_rest(html: str) -> tuple[str, str]:
    """The page's sidebar tree and the rest of the page, each as BeautifulSoup writes it."""
    page = BeautifulSoup(html, "html.parser")
    tree = page.select_one(".sidebar-tree")
    assert tree is not None
    sidebar = str(BeautifulSoup(str(tree), "html.parser"))
    tree.decompose()
    return sidebar, str(page)


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_sidebar_is_furos_decoration_rendered_once_per_day(builder: str, fresh: Any) -> None:
    """confnotes decorates the sidebar as furo would (furo parses every page's otherwise)."""
    pages = {}
    for furo_decorates in (False, True):
        overrides = {"confnotes_furo_sidebar": False} if furo_decorates else {}
        result = fresh(builder, **overrides)
        assert result.warnings == ""
        pages[furo_decorates] = html_pages(result.outdir)
    ours, furos = pages[False], pages[True]
    assert ours.keys() == furos.keys()
    for name, html in ours.items():
        sidebar, rest = sidebar_and_rest(html)
        assert "toctree-checkbox" in sidebar, name
        assert ' role="switch"' not in sidebar, name  # furo's role lacks aria-checked
        furo_sidebar, furo_rest = sidebar_and_rest(furos[name])
        assert (sidebar, rest) == (furo_sidebar.replace(' role="switch"', ""), furo_rest), name


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_no_page_renders_its_own_day_list(
    builder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages splice their day's list from entries rendered once per day and folder.

    Each day's entries as their own pages show them are rendered once; as
    the other pages show them, once per folder (the talks share one in
    html; in dirhtml each page is a folder). The spliced HTML is the
    page-by-page rendering's: the test above compares every sidebar with
    furo's own decoration of it.
    """
    from confnotes.site.navigation import sidebar

    def rendered_per_page(*args: Any) -> None:
        raise AssertionError(f"a page rendered its own day list: {args[1]}")

    renders = {True: 0, False: 0}
    day_entries = sidebar.day_entries

    def counted(*args: Any, own: bool) -> Any:
        renders[own] += 1
        return day_entries(*args, own=own)

    monkeypatch.setattr(sidebar, "day_pages", rendered_per_page)
    monkeypatch.setattr(sidebar, "day_entries", counted)
    result = fresh_build(tmp_path / "src", builder)  # fails if any page renders its list
    assert result.warnings == ""
    day_pages = [docname for pages in DAY_PAGES for docname in pages]
    assert renders[True] == len(DAY_PAGES)
    assert renders[False] == (len(day_pages) if builder == "dirhtml" else len(DAY_PAGES))
    for docname in day_pages:
        page = soup(
            result.outdir / (f"{docname}/index.html" if builder == "dirhtml" else f"{docname}.html")
        )
        (current,) = page.select(".sidebar-tree li.current-page")
        assert current.a is not None and current.a["href"] == "#", docname


def test_a_list_that_is_not_one_entry_per_page_is_not_split() -> None:
    from confnotes.site.navigation.sidebar import split_entries

    two = (
        '<ul>\n<li class="toctree-l3"><a href="a.html">A</a></li>\n'
        '<li><a href="b.html">B</a></li>\n</ul>\n'
    )
    opening, entries, closing = split_entries(two, 2) or ("", (), "")
    assert (opening, closing) == ("<ul>\n", "</ul>\n")
    assert opening + "".join(entries) + closing == two
    assert [e.startswith("<li") for e in entries] == [True, True]
    assert split_entries(two, 3) is None
    assert split_entries("<p>no list</p>", 0) is None


TALK = """\
{title}
{underline}

.. talk:: {talk_id}
   :title: {title}
   :speaker: {speaker}
   :kind: talk
   :date: {date}
   :slot: {slot}
   :event: {event}

Notes.
"""


def write_talk(src: Path, name: str, **fields: str) -> None:
    fields.setdefault("underline", "=" * len(fields["title"]))
    (src / "talks" / f"{name}.rst").write_text(TALK.format(**fields), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, (path, old)
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def source_digest(src: Path) -> str:
    """Hash the sources of a project (its ``_build`` left out)."""
    digest = hashlib.sha256()
    for path in sorted(src.rglob("*")):
        relative = path.relative_to(src)
        if path.is_file() and relative.parts[0] != "_build":
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def fresh_pages(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``fresh_pages(src)``: the HTML pages of a fresh serial build of *src*'s sources.

    The serial and the ``-j 2`` incremental sequences pass through the same
    sources: each state is built fresh once, however many tests compare with it.
    """
    cache: dict[str, dict[str, str]] = {}

    def get(src: Path) -> dict[str, str]:
        key = source_digest(src)
        if key not in cache:
            result = fresh_build(tmp_path_factory.mktemp("fresh") / "src", "html", src)
            assert result.warnings == ""
            cache[key] = html_pages(result.outdir)
        return cache[key]

    return get


@pytest.mark.parametrize("parallel", [0, 2])
def test_incremental_builds_match_fresh_builds(
    parallel: int, make_app: Any, tmp_path: Path, fresh_pages: Any
) -> None:
    src = copy_root(tmp_path / "src")
    build(make_app, src, parallel=parallel)
    steps = {
        "add a talk on a new day of Beta": lambda: write_talk(
            src,
            "beta-d4-talk",
            title="Beta bonus day",
            talk_id="beta-d4",
            speaker="ada",
            date="2029-11-04",
            slot="1",
            event=BETA,
        ),
        "add a talk to the start of an existing day": lambda: (
            write_talk(
                src,
                "alpha-d2-dawn",
                title="Alpha dawn talk",
                talk_id="alpha-dawn",
                speaker="cy",
                date="2030-01-11",
                slot="1",
                event=ALPHA,
            )
            or edit(src / "talks" / "alpha-d2-early.rst", ":slot: 1", ":slot: 2")
        ),
        "retitle a talk": lambda: edit(
            src / "talks" / "beta-d1-talk.rst", ":title: Beta first talk", ":title: Beta talk one"
        ),
        "move a talk to another day": lambda: edit(
            src / "talks" / "a-zeta.rst", ":date: 2030-01-10", ":date: 2030-01-12"
        ),
        "reorder a day": lambda: edit(
            src / "talks" / "beta-d1-keynote.rst", ":slot: 1", ":slot: 3"
        ),
        "remove the only talk of a day": lambda: (src / "talks" / "beta-d3-talk.rst").unlink(),
        "remove a talk page": lambda: (src / "talks" / "alpha-d2-dawn.rst").unlink(),
    }
    for step, change in steps.items():
        change()
        incremental, warnings, _ = build(make_app, src, parallel=parallel)
        assert warnings == "", step
        expected = fresh_pages(src)
        # Sphinx never deletes the output of a removed page
        stale = {name for name in incremental.keys() - expected.keys()}
        assert all(name.startswith("talks/") for name in stale), step
        assert {k: incremental[k] for k in expected} == expected, step


def test_noop_rebuild_reads_and_writes_nothing(make_app: Any, tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    build(make_app, src)
    _, _, status = build(make_app, src)
    assert "0 added, 0 changed, 0 removed" in status
    assert "re-reading" not in status
    assert not re.search(r"writing output\.\.\. \S*\[", status)


DAY_PAGE = """\
Beta, the second day
====================

.. programme::
   :event: Beta Summit 2030
   :date: 2029-11-02
"""
EVENT_PAGE = """\
Alpha Conf 2030
===============

.. programme::
   :event: Alpha Conf 2030
"""


def add_day_and_event_pages(src: Path) -> None:
    (src / "days").mkdir()
    (src / "days" / "beta-second.rst").write_text(DAY_PAGE, encoding="utf-8")
    (src / "events").mkdir()
    (src / "events" / "alpha.rst").write_text(EVENT_PAGE, encoding="utf-8")


def next_pages(outdir: Path) -> list[str]:
    order = ["index"]
    while len(order) < 40:
        link = soup(outdir / f"{order[-1]}.html").select_one("a.next-page")
        if link is None:
            return order
        target = os.path.normpath(os.path.join(os.path.dirname(order[-1]), link["href"]))
        order.append(target.removesuffix(".html"))
    return order


def test_day_and_event_pages_take_their_place_in_the_hierarchy(
    make_app: Any, tmp_path: Path
) -> None:
    src = copy_root(tmp_path / "src")
    add_day_and_event_pages(src)
    pages, warnings, _ = build(make_app, src)
    assert warnings == ""  # no page in two toctrees, none in none
    out = src / "_build" / "html"
    beta_two = READING_ORDER.index("talks/beta-d2-talk")
    alpha = READING_ORDER.index("talks/b-alpha-keynote")
    expected = [
        *READING_ORDER[:beta_two],
        "days/beta-second",
        *READING_ORDER[beta_two:alpha],
        "events/alpha",
        *READING_ORDER[alpha:],
    ]
    assert next_pages(out) == expected
    # the sidebar links the day and the event to their own pages
    talk = soup(out / "talks" / "beta-d2-talk.html")
    days = {text(a): a["href"] for a in talk.select(".sidebar-tree li.toctree-l2 > a")}
    assert days["Day 2 · Friday 2 November 2029"] == (
        "../days/beta-second.html#conf-day-beta-summit-2030-2029-11-02"
    )
    events = {text(a): a["href"] for a in talk.select(".sidebar-tree li.toctree-l1 > a")}
    assert events[ALPHA] == "../events/alpha.html#conf-event-alpha-conf-2030"
    # the day's page shows that day's programme and expands it in its sidebar
    day = soup(out / "days" / "beta-second.html")
    assert [text(a) for a in day.select("li.conf-programme-talk a.reference:first-of-type")] == [
        "Beta second day",
        "Beta flash",
    ]
    listed = [text(a) for a in day.select(".sidebar-tree li.toctree-l3 > a")]
    assert listed == ["Beta second day", "Beta lightning talks"]
    event = soup(out / "events" / "alpha.html")
    assert event.find(id="conf-event-alpha-conf-2030") is not None
    assert len(event.select(".conf-programme-day")) == 3
    # added to an existing build, they give the same pages as a fresh build
    incremental_src = copy_root(tmp_path / "incremental")
    build(make_app, incremental_src)
    add_day_and_event_pages(incremental_src)
    incremental, warnings, _ = build(make_app, incremental_src)
    assert warnings == ""
    assert incremental == pages


#: events whose names differ only where the id form drops letters: one slug, "gamma"
LOOKALIKE_EVENTS = ["Gamma 日本", "Gamma 中国", "Gamma ???"]


def test_events_that_share_a_slug_keep_anchors_of_their_own(make_app: Any, tmp_path: Path) -> None:
    """Each event and day has one anchor, and each sidebar link lands on its own heading."""
    src = copy_root(tmp_path / "src")
    for number, event in enumerate(LOOKALIKE_EVENTS, 1):
        title = f"Lookalike talk {number}"
        (src / "talks" / f"lookalike-{number}.rst").write_text(
            f"{title}\n{'=' * len(title)}\n\n.. talk:: lookalike-{number}\n"
            f"   :title: {title}\n   :speaker: bob\n   :kind: talk\n"
            f"   :date: 2031-0{number}-01\n   :event: {event}\n\nNotes.\n",
            encoding="utf-8",
        )
    pages, warnings, _ = build(make_app, src)
    assert warnings == ""
    front = BeautifulSoup(pages["index.html"], "html.parser")
    ids = [tag["id"] for tag in front.select("[id^=conf-event-], [id^=conf-day-]")]
    assert len(ids) == len(set(ids)), ids
    # every event's and day's link in the sidebar leads to the heading of that event or day
    links = [
        a
        for a in front.select(".sidebar-tree li.toctree-l1 > a, .sidebar-tree li.toctree-l2 > a")
        if "#conf-" in a["href"]
    ]
    assert set(LOOKALIKE_EVENTS) <= {text(a) for a in links}, [text(a) for a in links]
    for link in links:
        target = front.find(id=link["href"].partition("#")[2])
        assert target is not None, link["href"]
        heading = target.select_one(".conf-programme-event-title, .conf-programme-day-title")
        assert heading is not None and text(heading) == text(link), (link["href"], text(link))


# -- the day rules themselves (confnotes.core.dates), with the values written out -----------


@pytest.mark.parametrize(
    ("talks", "expected"),
    [
        # dated days are numbered by their place; day-only talks join the dated day of that number
        (
            [("2013-05-15", 0), ("2013-05-16", 0), ("unknown", 2)],
            {
                "2013-05-15": (1, "2013-05-15"),
                "2013-05-16": (2, "2013-05-16"),
                "day-2": (2, "2013-05-16"),
            },
        ),
        # a day number no dated day has: its own day, date unknown; nothing known: unknown
        (
            [("2013-05-15", 0), ("unknown", 3), ("unknown", 0)],
            {"2013-05-15": (1, "2013-05-15"), "day-3": (3, "unknown"), "unknown": (0, "unknown")},
        ),
        # a declared :day: on a dated talk wins over its place
        (
            [("2013-05-15", 2), ("unknown", 2)],
            {"2013-05-15": (2, "2013-05-15"), "day-2": (2, "2013-05-15")},
        ),
        # an earlier date renumbers: day 1 is now the 14th
        (
            [("2013-05-14", 0), ("2013-05-15", 0), ("unknown", 1)],
            {
                "2013-05-14": (1, "2013-05-14"),
                "2013-05-15": (2, "2013-05-15"),
                "day-1": (1, "2013-05-14"),
            },
        ),
    ],
)
def test_days_are_numbered_and_joined_as_written_out(
    talks: list[tuple[str, int]], expected: dict[str, tuple[int, str]]
) -> None:
    from confnotes.core import dates

    assert dates.number_days(talks) == expected


def test_the_scaffold_places_a_new_talk_among_every_talk_including_itself() -> None:
    """A new earlier date renumbers the event's days: a ``:day: 1`` talk moves with day 1."""
    from project_scripts import import_script

    scaffold = import_script(Path(__file__).parent.parent / "scripts" / "new_talk.py")
    existing = [("Conf", "2013-05-15", 0), ("Conf", "unknown", 1)]
    before = scaffold.listed_days(existing)
    assert before["Conf", "unknown", 1] == ("Conf", "2013-05-15")
    after = scaffold.listed_days([*existing, ("Conf", "2013-05-14", 0)])
    assert after["Conf", "unknown", 1] == after["Conf", "2013-05-14", 0] == ("Conf", "2013-05-14")
    assert scaffold.dates.count("²") == scaffold.dates.count("٣") == scaffold.dates.count("0") == 0
    assert scaffold.dates.count(" 12 ") == 12


def test_a_day_joins_the_dated_day_of_its_number_which_leads_it() -> None:
    from confnotes.core import dates

    numbered = dates.number_days(
        [("unknown", 2), ("2013-05-15", 0), ("2013-05-16", 0), ("unknown", 3), ("unknown", 0)]
    )
    assert dates.day_leaders(numbered) == {
        "2013-05-15": "2013-05-15",
        "2013-05-16": "2013-05-16",
        "day-2": "2013-05-16",
        "day-3": "day-3",
        "unknown": "unknown",
    }


def test_dates_and_records_say_unknown_alike() -> None:
    """``dates.py`` loads without the package (the scaffold's way), so it keeps its own word."""
    from confnotes.core import dates, records

    assert dates.UNKNOWN == records.UNKNOWN


def test_a_programme_of_a_day_that_is_no_date_warns_and_shows_no_talk(tmp_path: Path) -> None:
    """``:date:`` is checked as a talk's is, ``:event:`` as any name; both are kept as written.

    A day no talk has shows "no talks yet": a day's page may come before its talks.
    """
    from root_builds import build_root

    src = copy_root(tmp_path / "src")
    page = ".. programme::\n   :date: 9999-99-99\n\n.. programme::\n   :event: *Bold* event\n"
    (src / "odd.rst").write_text(f":orphan:\n\nOdd\n===\n\n{page}", encoding="utf-8")
    app, warnings = build_root(src, tmp_path / "out", "html")
    assert sorted(warnings) == [
        "odd.rst:6: invalid :date: '9999-99-99' (expected an ISO date, YYYY-MM-DD, or unknown)"
        " [confnotes.bad_option]",
        "odd.rst:9: markup in :event: is shown as plain text: '*Bold* event'"
        " [confnotes.markup_in_name]",
    ]
    shown = text(soup(Path(app.outdir) / "odd.html").select_one("article"))
    assert "No talks yet" in shown
