"""Talks, speakers, tools and mentions inside ``only`` exist only for the builders that show them.

The root ``test-only-content`` declares, in reST and MyST, a talk inside
``.. only:: latex`` (alone, with a section of its own, and under a page
title outside it), a speaker for print only, a tool for the web only, and
mentions for print, for the web, and for the web but not the e-book. Every
builder's output is checked by ``tests/anchors.py``: no link may point to a
file or anchor that is not there. Without the ``only`` scopes
(``confnotes.core.scopes.NoteOnlyScopes`` not registered) the html programme,
lightning index, speaker cards, glossary and general index link to talks and
mentions the page does not have, and the check fails in html, singlehtml,
epub and latex.
"""

from __future__ import annotations

import io
import json
import os
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from anchors import broken_links
from bs4 import BeautifulSoup

ROOT = "test-only-content"
BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "gettext")

#: a reference, in shared content, to something declared for other builders only
ONLY = (
    "{path}:{line}: {type} {id!r} is declared inside 'only:: {expr}' ({where}), so the"
    " {builder} output does not show it: this reference is plain text there"
    " [confnotes.only_target]"
)


def only_target(builder: str, line: int, objtype: str, target: str) -> str:
    where, expr = {
        "printed": ("talks/printed.rst:6", "latex"),
        "printed-md": ("talks/printed-md.md:4", "latex"),
        "carol": ("speakers.rst:14", "latex"),
        "webonly": ("tools.rst:19", "html"),
    }[target]
    return ONLY.format(
        path="talks/links.md",
        line=line,
        type=objtype,
        id=target,
        expr=expr,
        where=where,
        builder=builder,
    )


def expected_warnings(builder: str) -> list[str]:
    """What each builder warns: the shared paragraph (lines 11-12) and the web's block (line 15)."""
    if builder == "gettext":  # shows every ``only`` and resolves no reference
        return []
    if builder == "latex":
        return [only_target(builder, 12, "tool", "webonly")]
    if builder in {"text", "man"}:
        return [
            only_target(builder, 11, "talk", "printed"),
            only_target(builder, 11, "speaker", "carol"),
            only_target(builder, 12, "tool", "webonly"),
        ]
    return [  # html, dirhtml, singlehtml, epub: the web's block is shown, and warns
        only_target(builder, 11, "talk", "printed"),
        only_target(builder, 11, "speaker", "carol"),
        only_target(builder, 15, "talk", "printed-md"),
    ]


Build = tuple[Path, list[str]]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory, rootdir: Path) -> Callable[..., Build]:
    """Build the root with a builder once per module: ``(outdir, warnings)``.

    Every builder but gettext shares one environment (as ``make html latex``
    does with ``_build/doctrees``), so what is stored when reading must hold
    for all of them.
    """
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_escape_sequences

    shared = tmp_path_factory.mktemp("only-content")
    cache: dict[tuple[str, int, str], Build] = {}

    def run(builder: str, parallel: int = 0, **overrides: Any) -> Build:
        key = (builder, parallel, repr(sorted(overrides.items())))
        if key not in cache:
            plain = builder != "gettext" and not overrides and not parallel
            app = SphinxTestApp(
                builder,
                srcdir=rootdir / ROOT,
                builddir=shared if plain else tmp_path_factory.mktemp(builder),
                confoverrides={"nitpicky": True, **overrides},
                parallel=parallel,
                status=io.StringIO(),
                warning=io.StringIO(),
            )
            try:
                app.build()
                text = strip_escape_sequences(app.warning.getvalue())
                prefix = f"{rootdir / ROOT}/"
                warnings = [
                    line.replace(prefix, "").replace(": WARNING: ", ": ")
                    for line in text.splitlines()
                    if line.strip()
                ]
                cache[key] = (Path(app.outdir), warnings)
            finally:
                app.cleanup()
        return cache[key]

    return run


@pytest.mark.parametrize("builder", BUILDERS)
def test_no_link_points_to_a_missing_anchor(build: Callable[..., Build], builder: str) -> None:
    outdir, _warnings = build(builder)
    assert broken_links(outdir, builder) == []


@pytest.mark.parametrize("builder", BUILDERS)
def test_references_to_other_builders_content_warn(
    build: Callable[..., Build], builder: str
) -> None:
    _outdir, warnings = build(builder)
    assert warnings == expected_warnings(builder)


def test_the_warning_is_suppressible(build: Callable[..., Build]) -> None:
    _outdir, warnings = build("html", suppress_warnings=["confnotes.only_target"])
    assert warnings == []


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def texts(page: BeautifulSoup, selector: str) -> list[str]:
    return [tag.get_text(" ", strip=True) for tag in page.select(selector)]


def test_html_lists_only_what_html_shows(build: Callable[..., Build]) -> None:
    outdir, _warnings = build("html")
    index = soup(outdir / "index.html")
    assert texts(index, ".conf-programme-talk a") == [
        "Everywhere",
        "Alice Example",
        "Shown lightning",
        "Alice Example",
        "Links from everywhere",
        "Alice Example",
    ]
    # the second day (a talk for print only) keeps its heading, the sidebar's target
    assert texts(index, ".conf-programme-day-title") == [
        "Day 1 · Wednesday 15 May 2013",
        "Day 2 · Thursday 16 May 2013",
    ]
    assert texts(index, ".conf-programme-empty") == ["No talk of this day is in this format."]
    assert texts(index, ".conf-programme-summary") == [
        "The programme: 3 talks (1 of them lightning talks) on 1 day."
    ]
    lightning = soup(outdir / "lightning.html")
    assert texts(lightning, ".conf-lightning-talk a") == [
        "Shown lightning",
        "Alice Example",
        "psutil",
    ]
    speakers = soup(outdir / "speakers.html")
    assert texts(speakers, ".conf-speaker-name strong") == ["Alice Example", "Bob Example"]
    bob = speakers.find(id="conf-speaker-bob")
    assert bob.select(".conf-speaker-talks") == []  # all three of Bob's talks are for print
    tools = soup(outdir / "tools.html")
    assert texts(tools, ".conf-tool-name") == ["psutil", "ZeroMQ", "Web Only"]
    assert texts(tools, ".conf-mention-count") == ["3 mentions", "1 mention", "3 mentions"]
    genindex = soup(outdir / "genindex.html").get_text(" ", strip=True)
    assert "Everywhere (talk)" in genindex
    assert "printed" not in genindex.casefold()
    assert "Carol" not in genindex


def test_the_talk_section_for_print_ends_with_its_tools_for_print_only(
    build: Callable[..., Build],
) -> None:
    html, _warnings = build("html")
    page = soup(html / "talks" / "printed.html")
    assert page.select(".conf-talk-header") == []
    assert "Tools mentioned" not in page.get_text()
    latex, _warnings = build("latex")
    tex = (latex / "only-content.tex").read_text(encoding="utf-8")
    printed = tex[tex.index(r"\label{\detokenize{talks/printed::doc}}") :]
    assert "Tools mentioned" in printed[: printed.index(r"\chapter")]


def test_latex_shows_what_is_for_print(build: Callable[..., Build]) -> None:
    outdir, _warnings = build("latex")
    tex = (outdir / "only-content.tex").read_text(encoding="utf-8")
    for name in ("The printed talk", "Printed lightning", "Printed in MyST", "Carol Printed"):
        assert name in tex
    for anchor in ("conf-talk-printed", "conf-talk-printed-md", "conf-speaker-carol"):
        assert re.search(r"\\label\{\\detokenize\{[^}]*:" + anchor + r"\}\}", tex), anchor
    assert "Web Only" not in tex
    assert "conf-tool-webonly" not in tex


def test_epub_leaves_out_what_is_not_for_the_e_book(build: Callable[..., Build]) -> None:
    outdir, _warnings = build("epub")
    tools = soup(outdir / "tools.xhtml")
    names, shown = texts(tools, ".conf-tool-name"), texts(tools, ".conf-mention-count")
    counts = dict(zip(names, shown, strict=True))
    assert counts == {"psutil": "3 mentions", "ZeroMQ": "not mentioned", "Web Only": "3 mentions"}


def inventory(outdir: Path) -> set[str]:
    raw = (outdir / "objects.inv").read_bytes()
    body = zlib.decompress(raw.split(b"\n", 4)[4]).decode("utf-8")
    return {line.split()[0] for line in body.splitlines() if " conf:" in line or " std:" in line}


def test_search_inventory_and_export_hold_only_what_html_shows(
    build: Callable[..., Build],
) -> None:
    outdir, _warnings = build("html")
    names = inventory(outdir)
    assert {"everywhere", "links", "shown-lightning", "alice", "bob", "webonly"} <= names
    assert not {"printed", "printed-md", "printed-lightning", "carol"} & names
    assert not {"conf-talk-printed", "conf-speaker-carol", "conf-tool-webonly"} & names
    data = json.loads((outdir / "conference.json").read_text(encoding="utf-8"))
    assert [t["slug"] for t in data["talks"]] == ["everywhere", "shown-lightning", "links"]
    assert [s["id"] for s in data["speakers"]] == ["alice", "bob"]
    assert {s["id"]: s["talks"] for s in data["speakers"]}["bob"] == []
    mentions = {t["id"]: [m["url"] for m in t["mentions"]] for t in data["tools"]}
    assert mentions["zeromq"] == ["talks/everywhere.html#mention-zeromq-1"]
    assert len(mentions["psutil"]) == len(mentions["webonly"]) == 3


def test_reading_in_parallel_gives_the_same_site(build: Callable[..., Build]) -> None:
    serial, _warnings = build("html")
    parallel, warnings = build("html", parallel=2)
    assert broken_links(parallel, "html") == []
    assert sorted(warnings) == sorted(expected_warnings("html"))
    for page in ("index.html", "speakers.html", "tools.html", "lightning.html"):
        assert texts(soup(parallel / page), "main a") == texts(soup(serial / page), "main a")


def link_texts(outdir: Path, page: str) -> list[str]:
    return texts(soup(outdir / page), "div.body a")


@pytest.mark.sphinx(
    "html",
    testroot="only-content",
    srcdir="only-content-edited",
    freshenv=True,
    confoverrides={"nitpicky": True},
)
def test_a_talk_taken_out_of_only_joins_every_view_on_an_incremental_build(
    app: Any, make_app: Callable[..., Any], tmp_path: Path
) -> None:
    """Views on other pages (programme, cards, glossary) are re-written, as after a fresh build."""
    app.build()
    printed = Path(app.srcdir) / "talks" / "printed.rst"
    text = printed.read_text(encoding="utf-8")
    printed.write_text(text.replace(".. only:: latex\n\n", "").replace("\n   ", "\n"), "utf-8")
    later = printed.stat().st_mtime + 2
    os.utime(printed, (later, later))
    again = make_app("html", srcdir=app.srcdir, confoverrides={"nitpicky": True})
    again.build()
    fresh = make_app(
        "html",
        srcdir=app.srcdir,
        builddir=tmp_path / "fresh",
        freshenv=True,
        confoverrides={"nitpicky": True},
    )
    fresh.build()
    outdir, fresh_outdir = Path(again.outdir), Path(fresh.outdir)
    assert broken_links(outdir, "html") == []
    assert "The printed talk" in link_texts(outdir, "index.html")
    bob = soup(outdir / "speakers.html").find(id="conf-speaker-bob")
    assert texts(bob, ".conf-speaker-talks a") == ["The printed talk"]
    for page in ("index.html", "speakers.html", "tools.html", "lightning.html"):
        assert link_texts(outdir, page) == link_texts(fresh_outdir, page), page
