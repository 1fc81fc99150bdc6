"""Correct under change: incremental, parallel, pickled, shared doctrees, all builders."""

from __future__ import annotations

import pickle
import re
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).parent / "roots" / "test-talks"

LIGHTNING_PAGE = """\
:orphan:

A new lightning talk
====================

.. talk:: new-lightning
   :title: Brand new lightning talk
   :speaker: tarek-ziade
   :kind: lightning
   :date: 2013-05-16

Shows :tool:`zeromq`.
"""


def copy_root(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def pages(outdir: Path, page: Any) -> dict[str, str]:
    """The main content of every HTML page, by relative path."""
    return {
        path.relative_to(outdir).as_posix(): str(page(path))
        for path in sorted(outdir.rglob("*.html"))
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def stale_pages(actual: Path, expected: Path, page: Any) -> dict[str, tuple[str, str]]:
    """Pages of *expected* whose main content differs in *actual*: ``{name: (actual, expected)}``.

    Only pages whose files differ are parsed: equal files have equal content.
    """
    stale = {}
    for path in sorted(expected.rglob("*.html")):
        name = path.relative_to(expected).as_posix()
        if not (actual / name).is_file():
            stale[name] = ("(not written)", str(page(path)))
        elif (actual / name).read_bytes() != path.read_bytes():
            mains = (str(page(actual / name)), str(page(path)))
            if mains[0] != mains[1]:
                stale[name] = mains
    return stale


def copy_root_from(src: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def retitle(path: Path) -> None:
    """Give a page a new first-level title (same underline length)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    title = "Day one notes"
    lines[0], lines[1] = title + "\n", "=" * len(title) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_incremental_builds_match_fresh_builds(make_app: Any, tmp_path: Path, page: Any) -> None:
    src = copy_root(tmp_path / "src")
    make_app("html", srcdir=src).build()

    steps = [
        # add a tool mention to a talk: the glossary must list it
        lambda: edit(
            src / "talks" / "kopernik.rst", "on Copernicus.", "on Copernicus, not :tool:`psutil`."
        ),
        # change a talk's speakers: both speakers' cards change
        lambda: edit(
            src / "talks" / "kopernik.rst",
            ":speaker: brandon-rhodes",
            ":speaker: brandon-rhodes, tarek-ziade",
        ),
        # change a speaker: every page showing the name changes
        lambda: edit(src / "speakers.rst", ":name: Brandon Rhodes", ":name: Brandon C. Rhodes"),
        # add then delete a lightning talk on a page of its own
        lambda: (src / "talks" / "new.rst").write_text(LIGHTNING_PAGE, encoding="utf-8"),
        lambda: (src / "talks" / "new.rst").unlink(),
        # rename a tool: mentions on other pages change their text
        lambda: edit(src / "tools.rst", ":name: ZeroMQ", ":name: ØMQ"),
        # retitle a talk: cards, glossary "Mentioned in" and :talk: links change
        lambda: edit(
            src / "talks" / "circus.rst",
            ":title: Circus: process & socket manager",
            ":title: Circus, the process manager",
        ),
        # retitle a page whose prose mentions a tool outside any talk
        lambda: edit(src / "index.rst", "Notes of day 1.", "Notes of the first day."),
        lambda: retitle(src / "index.rst"),
        # retitle a lightning talk and mention a tool in it: the index changes
        lambda: edit(
            src / "lightning.rst",
            "Meetups for women in tech.",
            "Meetups for women in tech, announced on :tool:`psutil`.",
        ),
        # redescribe a tool: the talks mentioning it end with the new line
        lambda: edit(
            src / "tools.rst",
            "Process and system utilities for Python.",
            "Processes and system use, from Python.",
        ),
        # two talks share a title: the glossary tells them apart
        lambda: edit(
            src / "talks" / "kopernik.rst",
            ":title: On the Revolutions",
            ":title: Circus, the process manager",
        ),
        # ... by date, once their dates differ (and the cards list the new date)
        lambda: edit(src / "talks" / "kopernik.rst", ":date: 2013-05-15", ":date: 2013-05-16"),
    ]
    for number, step in enumerate(steps):
        step()
        app = make_app("html", srcdir=src)
        app.build()
        fresh = make_app(
            "html", srcdir=copy_root_from(src, tmp_path / f"fresh{number}"), freshenv=True
        )
        fresh.build()
        # Sphinx never deletes the output of a removed page: compare the others
        assert stale_pages(app.outdir, fresh.outdir, page) == {}, f"step {number} went stale"


def written_docs(status: str) -> set[str]:
    """The documents a build's status output says it wrote."""
    found = re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", strip_escape_sequences(status))
    return set(found)


def test_an_edit_rewrites_only_the_pages_showing_its_data(make_app: Any, tmp_path: Path) -> None:
    """Mentioning a tool re-writes the glossary, not every page linking the tool."""
    src = copy_root(tmp_path / "src")
    make_app("html", srcdir=src).build()
    edit(src / "talks" / "kopernik.rst", "on Copernicus.", "on Copernicus, not :tool:`psutil`.")
    app = make_app("html", srcdir=src)
    app.build()
    status = app.status.getvalue()
    assert "0 added, 1 changed, 0 removed" in strip_escape_sequences(status)
    # the page itself, its toctree parent (Sphinx's rule), and the glossary;
    # circus.rst and index.rst also link psutil, speakers.rst and circus.rst
    # show Brandon's card or talk, but none of that changed
    assert written_docs(status) == {"talks/kopernik", "index", "tools"}

    edit(src / "talks" / "kopernik.rst", ":title: On the Revolutions", ":title: Revolutions")
    app = make_app("html", srcdir=src)
    app.build()
    # the title shows in Brandon's card (speakers) and in the glossary's
    # "Mentioned in"; circus.rst links the talk by its title
    assert written_docs(app.status.getvalue()) == {
        "talks/kopernik",
        "index",
        "tools",
        "speakers",
        "talks/circus",
    }

    # a tool's new description: its entry, and the talk that ends with it
    edit(
        src / "tools.rst",
        "Messaging library with socket-like patterns.",
        "A messaging library with socket-like patterns.",
    )
    app = make_app("html", srcdir=src)
    app.build()
    assert written_docs(app.status.getvalue()) == {"tools", "index", "talks/circus"}


def test_noop_rebuild_reads_and_writes_nothing(make_app: Any, tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    make_app("html", srcdir=src).build()
    # genindex.html and search.html are regenerated by Sphinx on every build
    outputs = {
        p: p.stat().st_mtime_ns
        for p in (src / "_build" / "html").rglob("*.html")
        if p.name not in {"genindex.html", "search.html"}
    }
    app = make_app("html", srcdir=src)
    app.build()
    status = strip_escape_sequences(app.status.getvalue())
    assert "0 added, 0 changed, 0 removed" in status
    assert "no targets are out of date." in status
    assert not re.search(r"(reading sources|writing output)\.\.\. \S*\[", status)
    assert {p: p.stat().st_mtime_ns for p in outputs} == outputs


def test_parallel_build_matches_serial(
    make_app: Any, tmp_path: Path, page: Any, fresh: Any
) -> None:
    serial = fresh("html")
    parallel = make_app("html", srcdir=copy_root(tmp_path / "parallel"), freshenv=True, parallel=2)
    parallel.build()
    assert pages(parallel.outdir, page) == pages(serial.outdir, page)
    assert parallel.env.domaindata["conf"] == serial.env.domaindata["conf"]
    glossary = page(parallel.outdir / "tools.html")
    mentions = parallel.env.domaindata["conf"]["mentions"]
    assert mentions
    # one link per mention, each to its place
    assert len(glossary.select("ul.conf-mentions a")) == sum(map(len, mentions.values())) > 5


def test_environment_pickles_and_second_build_changes_nothing(
    make_app: Any, tmp_path: Path
) -> None:
    src = copy_root(tmp_path / "src")
    app = make_app("html", srcdir=src)
    app.build()
    restored = pickle.loads(pickle.dumps(app.env, pickle.HIGHEST_PROTOCOL))
    assert restored.domaindata["conf"] == app.env.domaindata["conf"]
    again = make_app("html", srcdir=src)
    again.build()
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()
    assert again.env.domaindata["conf"] == app.env.domaindata["conf"]


#: a manual page of the root, for the man builder
MAN_PAGES = [("index", "talks", "Test talks", ["Test"], 7)]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``fresh(builder)``: a fresh build of the root, one per builder for the tests that read it.

    All are built before any test of the module makes an app, and each app is
    cleaned up right after its build (docutils' registries are global); its
    warnings, status and environment stay readable.
    """
    built: dict[str, SphinxTestApp] = {}
    for builder in ("html", *sorted(SMOKE)):
        src = copy_root(tmp_path_factory.mktemp(f"fresh-{builder}") / "src")
        overrides = {"man_pages": MAN_PAGES} if builder == "man" else None
        app = SphinxTestApp(
            builder,
            srcdir=src,
            freshenv=True,
            confoverrides=overrides,
            status=StringIO(),
            warning=StringIO(),
        )
        try:
            app.build()
        finally:
            app.cleanup()
        built[builder] = app
    return built.__getitem__


def outputs(outdir: Path, pattern: str) -> dict[str, str]:
    return {
        p.relative_to(outdir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob(pattern))
    }


def test_shared_doctrees_give_fresh_output(make_app: Any, tmp_path: Path, fresh: Any) -> None:
    """Read the Docs: html, then latex and epub over one doctree directory."""
    src = copy_root(tmp_path / "src")
    shared = tmp_path / "shared"
    for builder in ("html", "latex", "epub"):
        make_app(builder, srcdir=src, builddir=shared).build()
    for builder, pattern in (("latex", "*.tex"), ("epub", "*.xhtml")):
        assert outputs(shared / builder, pattern) == outputs(fresh(builder).outdir, pattern)


VIEW_TEXTS = (
    "Tarek Ziad",
    "Mentioned in",
    "Stop writing settings files",
    "Library (2)",
    "Affiliation",
    "Geek Girls Carrots",
)
SMOKE = {
    "text": "*.txt",
    "man": "*.7",
    "latex": "*.tex",
    "singlehtml": "*.html",
    "dirhtml": "*.html",
    "epub": "*.xhtml",
    "gettext": "*.pot",
}


@pytest.mark.parametrize("builder", sorted(SMOKE))
def test_every_builder_renders_views(fresh: Any, warnings_of: Any, builder: str) -> None:
    app = fresh(builder)
    assert warnings_of(app) == []
    text = "\n".join(outputs(app.outdir, SMOKE[builder]).values())
    # gettext extracts the source's own messages; the views are generated data
    wanted = VIEW_TEXTS if builder != "gettext" else ("Circus runs and watches processes",)
    for expected in wanted:
        assert expected in text, (builder, expected)


def test_latex_links_land_on_labels(fresh: Any, warnings_of: Any) -> None:
    """Every \\hyperref to a talk, speaker or tool has its \\label in LaTeX."""
    app = fresh("latex")
    assert warnings_of(app) == []
    tex = "\n".join(outputs(app.outdir, "*.tex").values())
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    refs = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*conf-[^}]*)\}\]", tex))
    assert {"speakers:conf-speaker-tarek-ziade", "talks/circus:conf-talk-circus"} <= refs
    assert refs <= labels, sorted(refs - labels)


@pytest.mark.parametrize("builder", ["text", "latex", "epub"])
def test_other_builders_get_a_plain_talk_header(fresh: Any, warnings_of: Any, builder: str) -> None:
    """Off screen the header is a fact sheet with plain links; no player, no card."""
    app = fresh(builder)
    assert warnings_of(app) == []
    pattern = {"text": "circus.txt", "latex": "*.tex", "epub": "circus.xhtml"}[builder]
    text = "\n".join(outputs(app.outdir, pattern).values())
    if builder == "latex":  # the circus page's part of the book
        text = text.split(r"\label{\detokenize{talks/circus::doc}}")[1].split("::doc}}")[0]
    video = "https://www.youtube.com/watch?v=YEtTWeeRzUI"
    for absent in ("Play the recording", "youtube-nocookie", "Affiliation", "TZ"):
        assert absent not in text, (builder, absent)
    assert video in text
    assert "Tools mentioned" in text
    if builder == "text":
        assert (
            "Speaker:\n   *Tarek Ziadé*\n\nKind:\n   talk\n\nDate:\n   15 May 2013\n\n"
            "Event:\n   DjangoCon Europe 2013\n\nVideo:\n   " + video
        ) in text
        assert "* *psutil* — Process and system utilities for Python." in text
    if builder == "epub":
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(text, "lxml")
        header = soup.select_one(".conf-talk-header")
        assert header.select("button, iframe, .conf-video, .conf-talk-card") == []
        assert [a["href"] for a in header.select("a.external")][:1] == [video]


@pytest.mark.parametrize(
    ("folder", "uri", "expected"),
    [
        ("", "talks/a.html#x", "/en/latest/talks/a.html#x"),
        ("", "index.html", "/en/latest/index.html"),
        ("404", "../talks/a/", "/en/latest/talks/a/"),  # dirhtml: 404/index.html
        ("404", "../", "/en/latest/"),
        ("404", "../#conf-day", "/en/latest/#conf-day"),
        ("", "#top", "#top"),
        ("", "https://example.org/", "https://example.org/"),
    ],
)
def test_404_links_are_made_absolute(
    confnotes_importable: None, folder: str, uri: str, expected: str
) -> None:
    from confnotes.site.navigation.notfound import absolute_uri

    assert absolute_uri("/en/latest/", folder, uri) == expected
