"""Citations: sphinxcontrib-bibtex as the site configures it, plus confnotes_bib.

The ``test-bib`` root mirrors the site: author-year citations in rST and MyST,
a bullet "References" list per page (``:filter: docname in docnames``) and one
citation list on ``bibliography.rst`` that every citation resolves to.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pybtex.database
import pytest
from bs4 import BeautifulSoup, Tag
from docutils.nodes import make_id
from project_scripts import import_script
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

SITE = Path(__file__).parent.parent
sys.path.insert(0, str(SITE / "_ext"))

ROOT = Path(__file__).parent / "roots" / "test-bib"
STRICT = {"nitpicky": True}


def soup(app: SphinxTestApp, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "lxml")


def citations(page: BeautifulSoup) -> list[Tag]:
    """The links that the cite roles produced on a page."""
    return page.select("span.bibtex-citation a.reference.internal")


def target(app: SphinxTestApp, href: str) -> Tag:
    """The element an internal ``page.html#id`` link points at."""
    page, _, anchor = href.partition("#")
    found = soup(app, page).find(id=anchor)
    assert isinstance(found, Tag), f"{href} points nowhere"
    return found


def entry_text(element: Tag) -> str:
    """An entry's text without our "Cited in" addition."""
    paragraph = element.find("p")
    assert isinstance(paragraph, Tag)
    for extra in paragraph.select(".confnotes-cited-in"):
        extra.extract()
    return " ".join(paragraph.get_text(" ").split())


# -- html ----------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="bib", freshenv=True, confoverrides=STRICT)
def test_html_citations_resolve_to_the_bibliography_entry(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    expected = {
        "kopernik.html": [
            ("(Bernhardt, 2012)", "Gary Bernhardt. Boundaries. Talk, 2012."),
            ("The Twelve-Factor App (n.d.)", "The Twelve-Factor App. Website."),
        ],
        "migrating.html": [  # MyST page
            ("(Godwin, 2013)", "Andrew Godwin. Migrating the Future."),
            ("(Bernhardt, 2012)", "Gary Bernhardt. Boundaries."),
        ],
        "aside.html": [("(Godwin, 2013)", "Andrew Godwin. Migrating the Future.")],
    }
    for page, cites in expected.items():
        links = citations(soup(app, page))
        assert len(links) == len(cites), page
        for link, (text, entry_start) in zip(links, cites, strict=True):
            # the brackets are outside the <a>, inside the citation span
            assert " ".join(link.parent.get_text().split()) == text
            href = str(link["href"])
            assert href.startswith("bibliography.html#cite-1-"), href
            element = target(app, href)
            assert "citation" in element["class"]
            assert entry_text(element).startswith(entry_start)


@pytest.mark.sphinx("html", testroot="bib", freshenv=True, confoverrides=STRICT)
def test_html_author_year_text(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "kopernik.html")
    spans = [" ".join(s.get_text().split()) for s in page.select("span.bibtex-citation")]
    # parenthetical with author; textual with no author: italic title, no year
    assert spans == ["(Bernhardt, 2012)", "The Twelve-Factor App (n.d.)"]
    assert page.select_one("span.bibtex-citation em").get_text() == "The Twelve-Factor App"


@pytest.mark.sphinx("html", testroot="bib", freshenv=True, confoverrides=STRICT)
def test_html_per_page_references_list_only_that_pages_works(app: SphinxTestApp) -> None:
    app.build()
    for page, count in {"kopernik.html": 2, "migrating.html": 2, "aside.html": 0}.items():
        section = soup(app, page).find("section", id="references")
        if count == 0:
            assert section is None
            continue
        assert isinstance(section, Tag)
        items = section.select("ul > li")
        assert len(items) == count, page
        # bullet items are not citation targets: no duplicate citation ids
        assert not section.select(".citation")


@pytest.mark.sphinx("html", testroot="bib", freshenv=True, confoverrides=STRICT)
def test_html_bibliography_links_back_to_citing_pages(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "bibliography.html")
    entries = page.select("div.citation")
    assert len(entries) == 3  # :all:
    backlinks = {
        str(entry["id"]): [
            (a.get_text(), str(a["href"])) for a in entry.select(".confnotes-cited-in a")
        ]
        for entry in entries
    }
    bernhardt = backlinks["cite-1-bernhardt2012boundaries"]
    assert [text for text, _ in bernhardt] == ["Kopernik", "Migrating the Future"]
    assert [text for text, _ in backlinks["cite-1-godwin2013slides"]] == [
        "Migrating the Future",
        "Aside",
    ]
    for links in backlinks.values():
        for _, href in links:
            # each link lands on a citation of this very work
            landed = target(app, href)
            assert "bibtex-citation" in landed["class"]
    assert next(h for _, h in bernhardt).startswith("kopernik.html#")


# -- latex ---------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="bib", freshenv=True, confoverrides=STRICT)
def test_latex_citations_resolve_to_bibitems(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    bibitems = re.findall(r"\\bibitem\[([^\]]*)\]\{([^}]*)\}", tex)
    keys = [key for _, key in bibitems]
    assert sorted(keys) == sorted(set(keys))  # each work once
    assert set(keys) == {
        "bibliography:cite-1-bernhardt2012boundaries",
        "bibliography:cite-1-godwin2013slides",
        "bibliography:cite-1-twelvefactor",
    }
    # hyperref's \bibitem anchors are "cite.<key>"
    cited = re.findall(r"\\hyperlink\{cite\.([^}]*)\}\{([^}]*)\}", tex)
    assert len(cited) == 5
    assert {key for key, _ in cited} <= set(keys)
    assert ("bibliography:cite-1-godwin2013slides", "Godwin, 2013") in cited
    # "Cited in" links point at page labels that exist in the document
    for label in re.findall(r"Cited in:.*?\\hyperref\[\\detokenize\{([^}]*)\}\]", tex):
        assert f"\\label{{\\detokenize{{{label}}}}}" in tex


# -- no duplicate-citation / cited-twice warnings, every builder, serial and -j 2 ---


@pytest.mark.parametrize("parallel", [0, 2])
@pytest.mark.parametrize("builder", ["html", "latex", "text", "singlehtml"])
def test_no_warnings(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, builder: str, parallel: int
) -> None:
    app = make_app(
        builder,
        srcdir=ROOT,
        builddir=tmp_path / "_build",
        freshenv=True,
        parallel=parallel,
        confoverrides=STRICT,
    )
    app.build()
    warnings = app.warning.getvalue()
    assert "duplicate" not in warnings
    assert warnings == ""


@pytest.mark.sphinx("html", testroot="bib", freshenv=True, parallel=2, confoverrides=STRICT)
def test_parallel_build_gives_the_same_bibliography(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app, "bibliography.html")
    assert [str(e["id"]) for e in page.select("div.citation")] == [
        "cite-1-twelvefactor",
        "cite-1-bernhardt2012boundaries",
        "cite-1-godwin2013slides",
    ]
    assert len(page.select(".confnotes-cited-in a")) == 5


# -- incremental builds ------------------------------------------------------------


def _copy_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    return srcdir


def _touch_later(path: Path, text: str) -> None:
    """Write *text* and make sure the mtime moves on (coarse file systems)."""
    before = path.stat().st_mtime
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime <= before:
        os.utime(path, (before + 2, before + 2))


def test_editing_the_bib_file_rebuilds_the_citing_pages(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _copy_root(tmp_path)
    builddir = tmp_path / "_build"
    first = make_app("html", srcdir=srcdir, builddir=builddir, confoverrides=STRICT)
    first.build()
    pages = ["migrating.html", "aside.html", "bibliography.html"]
    before = {page: (first.outdir / page).read_text(encoding="utf-8") for page in pages}
    assert "Godwin, 2013" in before["aside.html"]
    first.cleanup()  # unregister nodes and roles before the second app

    bib = srcdir / "refs.bib"
    time.sleep(0.01)
    _touch_later(bib, bib.read_text(encoding="utf-8").replace("{2013}", "{2014}"))
    second = make_app("html", srcdir=srcdir, builddir=builddir, confoverrides=STRICT)
    second.build()
    assert second.warning.getvalue() == ""
    after = {page: (second.outdir / page).read_text(encoding="utf-8") for page in pages}
    for page in pages:
        assert after[page] != before[page], f"{page} was not rebuilt"
    # aside.rst has no bibliography directive: confnotes_bib notes the dependency
    assert [
        " ".join(s.get_text().split())
        for s in soup(second, "aside.html").select("span.bibtex-citation")
    ] == ["(Godwin, 2014)"]
    entry = target(second, "bibliography.html#cite-1-godwin2013slides")
    assert "Slides on Speaker Deck, 2014." in entry_text(entry)


def _built_copy(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> tuple[Path, Path]:
    """Copy the root and build it once; return its source and build directories."""
    srcdir = _copy_root(tmp_path)
    builddir = tmp_path / "_build"
    first = make_app("html", srcdir=srcdir, builddir=builddir, confoverrides=STRICT)
    first.build()
    first.cleanup()  # unregister nodes and roles before the next app
    return srcdir, builddir


def test_citing_on_another_page_updates_the_bibliography_backlinks(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir, builddir = _built_copy(make_app, tmp_path)
    aside = srcdir / "aside.rst"
    _touch_later(
        aside,
        aside.read_text(encoding="utf-8") + "\nAnd boundaries :cite:p:`bernhardt2012boundaries`.\n",
    )
    second = make_app("html", srcdir=srcdir, builddir=builddir, confoverrides=STRICT)
    second.build()
    assert second.warning.getvalue() == ""
    entry = target(second, "bibliography.html#cite-1-bernhardt2012boundaries")
    assert [a.get_text() for a in entry.select(".confnotes-cited-in a")] == [
        "Kopernik",
        "Migrating the Future",
        "Aside",
    ]


def _rebuild_noting(
    make_app: Callable[..., SphinxTestApp], srcdir: Path, builddir: Path
) -> tuple[SphinxTestApp, list[str], list[str]]:
    """Build again, returning the app and the pages it read and wrote."""
    app = make_app("html", srcdir=srcdir, builddir=builddir, confoverrides=STRICT)
    read: list[str] = []
    written: list[str] = []
    app.connect("source-read", lambda _app, docname, _source: read.append(docname))
    app.connect("html-page-context", lambda _app, name, *_: written.append(name))
    app.build()
    assert app.warning.getvalue() == ""
    return app, read, written


def test_bibliography_is_written_again_only_when_citing_pages_change(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """A prose edit leaves the bibliography alone; a citing page's new title rewrites it."""
    srcdir, builddir = _built_copy(make_app, tmp_path)
    aside = srcdir / "aside.rst"
    _touch_later(aside, aside.read_text(encoding="utf-8") + "\nA sentence without citations.\n")
    second, read, written = _rebuild_noting(make_app, srcdir, builddir)
    second.cleanup()
    assert read == ["aside"]
    assert "bibliography" not in written

    _touch_later(aside, aside.read_text(encoding="utf-8").replace("Aside\n=====", "Margin\n======"))
    third, read, written = _rebuild_noting(make_app, srcdir, builddir)
    assert read == ["aside"]
    assert "bibliography" in written
    entry = target(third, "bibliography.html#cite-1-godwin2013slides")
    assert "Margin" in [a.get_text() for a in entry.select(".confnotes-cited-in a")]


# -- the real site ---------------------------------------------------------------


def cited_keys(doctreedir: Path) -> set[str]:
    """Keys of every cite role Sphinx read (its pickled doctrees, before resolution).

    Reading what Sphinx parsed, not the sources, ignores examples in literal
    text and excluded files, in rST and MyST alike.
    """
    keys: set[str] = set()
    for path in doctreedir.rglob("*.doctree"):
        doctree = pickle.loads(path.read_bytes())
        for node in doctree.findall(addnodes.pending_xref):
            if node.get("refdomain") == "cite":
                keys.update(t.key for t in parse_citation_targets(node["reftarget"]))
    return keys


def bib_keys(bibfile: Path) -> set[str]:
    return set(pybtex.database.parse_file(str(bibfile)).entries)


def bib_urls(bibfile: Path) -> dict[str, str]:
    """``{key: url}`` of the entries that have a URL."""
    entries = pybtex.database.parse_file(str(bibfile)).entries
    return {key: e.fields["url"] for key, e in entries.items() if "url" in e.fields}


def talk_sources(site_dir: Path) -> list[Path]:
    """The pages (rst or md) that declare talks, read from the sources."""
    scaffold = import_script(site_dir / "scripts" / "new_talk.py")
    return sorted({decl.path for decl in scaffold.find_declarations(site_dir, "talk")})


def cite_anchors(keys: set[str]) -> dict[str, str]:
    """Citation id -> key, as the site's ``bibtex_cite_id`` makes them (``cite-1-<key>``)."""
    return {make_id(f"cite-1-{key}"): key for key in keys}


def published_works(source: Path) -> list[str]:
    """The ``:video:`` and ``:slides:`` URLs of the talks on a page."""
    return re.findall(r"^\s*:(?:video|slides):\s*(\S+)\s*$", source.read_text("utf-8"), re.M)


def uncited_entries(bibfile: Path, doctreedir: Path) -> list[str]:
    return sorted(bib_keys(bibfile) - cited_keys(doctreedir))


def test_uncited_entry_is_reported(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> None:
    """The check below really fails on a work nobody cites."""
    srcdir = _copy_root(tmp_path)
    bib = srcdir / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@misc{lonely, title={{Nobody cites me}}}\n",
        encoding="utf-8",
    )
    (srcdir / "aside.rst").write_text(
        "Aside\n=====\n\nNot a citation: ``:cite:p:`lonely```.\n\n"
        ".. code-block:: rst\n\n   :cite:p:`lonely`\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "_build", confoverrides=STRICT)
    app.build()
    assert app.warning.getvalue() == ""
    assert cited_keys(app.doctreedir) == {
        "bernhardt2012boundaries",
        "godwin2013slides",
        "twelvefactor",
    }
    assert uncited_entries(bib, app.doctreedir) == ["lonely"]


@pytest.mark.slow
def test_every_entry_of_references_bib_is_cited(
    build_site: Callable[..., tuple[Path, str]],
    site_doctrees: Callable[[Path], Path],
    site_dir: Path,
) -> None:
    outdir, _ = build_site("html")
    doctrees = site_doctrees(outdir)
    assert uncited_entries(site_dir / "references.bib", doctrees) == []
    assert cited_keys(doctrees) <= bib_keys(site_dir / "references.bib")


def _html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.mark.slow
def test_site_citations_resolve_in_html(
    build_site: Callable[..., tuple[Path, str]], site_dir: Path
) -> None:
    outdir, _ = build_site("html")
    bibliography = _html(outdir / "bibliography.html")
    entries = {str(e["id"]): e for e in bibliography.select("div.citation")}
    anchors = cite_anchors(bib_keys(site_dir / "references.bib"))
    assert set(entries) == set(anchors)
    sources = talk_sources(site_dir)
    assert sources
    urls = bib_urls(site_dir / "references.bib")
    for source in sources:
        name = source.relative_to(site_dir).with_suffix(".html").as_posix()
        page = outdir / name
        html = _html(page)
        links = html.select("span.bibtex-citation a.reference.internal")
        targets = [urljoin(f"http://site.invalid/{name}", str(link["href"])) for link in links]
        cited_here = {anchors.get(urlsplit(url).fragment) for url in targets}
        # the citation rule (CONTRIBUTING): a talk's published recording and
        # slides are cited; a page whose notes cite nothing else is not forced to
        for url in published_works(source):
            assert url in {urls.get(key) for key in cited_here if key}, (
                f"{name}: {url} is not cited (add it to references.bib and cite it)"
            )
        if not links:
            continue
        for url in targets:
            # every citation links to its entry in the bibliography
            assert url.startswith("http://site.invalid/bibliography.html#"), url
            assert urlsplit(url).fragment in entries, url
        # the page ends with its own references: a bullet list of what it cites
        section = html.find_all("section", id=re.compile(r"^references(-\d+)?$"))
        assert section, f"{name} has no References section"
        items = section[-1].select("ul > li")
        assert len(items) == len(cited_here), name
    # every entry links back to at least one talk page citing it
    ids: dict[str, set[str]] = {}
    for entry_id, entry in entries.items():
        backlinks = entry.select(".confnotes-cited-in a")
        assert backlinks, f"{entry_id} is cited nowhere"
        for a in backlinks:
            page, _, anchor = str(a["href"]).partition("#")
            if page not in ids:
                ids[page] = {str(tag["id"]) for tag in _html(outdir / page).find_all(id=True)}
            assert anchor in ids[page], a["href"]


@pytest.mark.slow
def test_site_citations_resolve_in_latex(
    build_site: Callable[..., tuple[Path, str]], site_dir: Path
) -> None:
    outdir, _ = build_site("latex")
    tex = "\n".join(p.read_text(encoding="utf-8") for p in outdir.glob("*.tex"))
    keys = bib_keys(site_dir / "references.bib")
    bibitems = re.findall(r"\\bibitem\[[^\]]*\]\{([^}]*)\}", tex)
    assert len(bibitems) == len(set(bibitems)) == len(keys)
    assert set(bibitems) == {f"bibliography:cite-1-{key}" for key in keys}
    cited = set(re.findall(r"\\hyperlink\{cite\.([^}]*)\}", tex))
    assert cited == set(bibitems)  # every work is cited, every citation resolves


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["html", "latex"])
def test_site_parallel_build_has_no_citation_warnings(
    build_site: Callable[..., tuple[Path, str]], builder: str
) -> None:
    _, warnings = build_site(builder, "-j", "2")  # -W: any warning fails the build
    assert "duplicate" not in warnings
    assert "bibtex" not in warnings
