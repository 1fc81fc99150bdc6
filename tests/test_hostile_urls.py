"""Unsafe links, images and redirects, whoever writes them, never reach an output file.

The root ``test-hostile-urls`` holds what a hostile contributor writes in
reST, MyST and ``references.bib``: ``javascript:``/``vbscript:``/``data:``
links (named, anonymous, bare, mixed case, with a tab inside), a ``data:``
image, an image target, ``\\url{...}`` in a work's fields, and page metadata
that redirects (``.. meta::`` and MyST's ``html_meta``). Each is warned
about at its page and line, and every output file of every builder is
scanned (``output_scan``). With the gate switched off, the scan finds them.
"""

from __future__ import annotations

import collections
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from anchors import broken_links
from output_scan import scan, unsafe_url

#: MyST's ``include`` (``includes-myst.md``) reads ``env.app``, deprecated in Sphinx 9
pytestmark = pytest.mark.filterwarnings(
    "ignore:'sphinx.environment.BuildEnvironment.app' is deprecated"
)

BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "gettext")

REMOVED = (
    "removed, its text kept: only http, https and mailto URLs (or relative paths) become links"
)
META = (
    "page metadata with http-equiv removed: a page's metadata may set only a name or property"
    " and its content (http-equiv could redirect every reader) [confnotes.unsafe_meta]"
)
WARNINGS = {
    f"rest.rst:8: link to 'javascript:alert(1)' {REMOVED} [confnotes.unsafe_link]",
    f"rest.rst:9: link to 'JaVaScRiPt:alert(2)' {REMOVED} [confnotes.unsafe_link]",
    f"rest.rst:9: link to 'vbscript:msgbox(3)' {REMOVED} [confnotes.unsafe_link]",
    # docutils drops the tab: the line is found with white space aside (source_lines.line_with),
    # the line of the URL itself
    f"rest.rst:10: link to 'javascript:alert(4)' {REMOVED} [confnotes.unsafe_link]",
    f"rest.rst:12: link to 'javascript:alert(5' {REMOVED} [confnotes.unsafe_link]",
    f"rest.rst:12: link to 'data:text/html' {REMOVED} [confnotes.unsafe_link]",
    f"rest.rst:16: link to 'javascript:alert(7)' {REMOVED} [confnotes.unsafe_link]",
    f"rest.rst:23: link to 'javascript:alert(9)' {REMOVED} [confnotes.unsafe_link]",
    # network paths: another host with the page's scheme (file: for a site opened from disk)
    f"rest.rst:57: link to '//evil.example/y' {REMOVED} [confnotes.unsafe_link]",
    f"rest.rst:57: link to '\\\\\\\\evil.example/w' {REMOVED} [confnotes.unsafe_link]",
    # an image's link: at its :target:, whose backslash reST writes doubled
    f"rest.rst:61: link to '/\\\\evil.example/t' {REMOVED} [confnotes.unsafe_link]",
    # a link written over two lines: where it begins, not a later line holding its URL whole
    f"rest.rst:47: link to 'javascript:alert(19)' {REMOVED} [confnotes.unsafe_link]",
    # the image's URL, cut at 80 characters
    "rest.rst:18: image 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9"
    "zdmciIG' removed: only http and https images (or files of the project) are shown"
    " [confnotes.unsafe_link]",
    # an unsafe image that is a link (:target:): the link goes with it, the build goes on
    "rest.rst:27: image 'data:image/png;base64,AAAA' removed: only http and https images"
    " (or files of the project) are shown [confnotes.unsafe_link]",
    # a script as an image's source: the gate's warning only (Sphinx's collector,
    # which would call it an unreadable file, never sees it)
    "rest.rst:31: image 'javascript:alert(15)' removed: only http and https images"
    " (or files of the project) are shown [confnotes.unsafe_link]",
    # without alt text, with a class, a name others link to, on a card: an empty
    # inline keeps the class and the target (docutils refuses to drop them)
    *(
        f"rest.rst:{line}: image 'javascript:alert({n})' removed: only http and https images"
        " (or files of the project) are shown [confnotes.unsafe_link]"
        for line, n in ((34, 16), (37, 17), (43, 18), (51, 20))
    ),
    f"rest.rst:5: {META}",
    f"myst.md:4: {META}",
    f"bibliography.rst:4: link to 'javascript:alert(12)' (refs.bib:3) {REMOVED}"
    " [confnotes.unsafe_link]",
    f"bibliography.rst:4: link to 'javascript:alert(13)' (refs.bib:9) {REMOVED}"
    " [confnotes.unsafe_link]",
    # pybtex reads the tab as a space; the .bib line is found all the same
    f"bibliography.rst:4: link to 'java script:alert(14)' (refs.bib:21) {REMOVED}"
    " [confnotes.unsafe_link]",
    # a page's own list of the works it cites, and its footnotes: at each directive, with
    # the .bib line, in every builder (LaTeX moves a footnote to where it is cited)
    f"cited.rst:9: link to 'javascript:alert(12)' (refs.bib:3) {REMOVED} [confnotes.unsafe_link]",
    f"cited.rst:13: link to 'javascript:alert(13)' (refs.bib:9) {REMOVED} [confnotes.unsafe_link]",
}


SUBTYPES = (
    "unsafe_link",
    "unsafe_meta",
    "unsafe_icon",
    "icon_font",
    "active_file",
    "outside_include",
    "unsafe_math",
    "unsafe_substitution",
    "unsafe_latex",
    "bad_option",
)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, rootdir: Path) -> dict[str, tuple[Path, str]]:
    """The root built once in every builder: ``builder -> (outdir, warnings)``."""
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_escape_sequences

    found = {}
    for builder in BUILDERS:
        out = tmp_path_factory.mktemp(builder)
        app = SphinxTestApp(
            builder,
            srcdir=rootdir / "test-hostile-urls",
            builddir=out,
            freshenv=True,
            status=io.StringIO(),
            warning=io.StringIO(),
        )
        try:
            app.build()
            found[builder] = (Path(app.outdir), strip_escape_sequences(app.warning.getvalue()))
        finally:
            app.cleanup()
    return found


#: what the gate cannot see, checked while the page is read: where each warns, how often
LOCATED = {
    # a toctree's javascript:// and vbscript:// entries (the https one stays)
    ("index.rst:4", "unsafe_link"): 2,
    # MyST links markdown-it refuses (shown as text): a link and an autolink with a
    # script address, an SVG image as data
    ("myst.md:10", "unsafe_link"): 2,
    ("myst.md:11", "unsafe_link"): 1,
    # one in a directive's fence, which MyST reads as Markdown (not the code block's)
    ("myst.md:27", "unsafe_link"): 1,
    # written with character references: at the paragraph's line, and the definition's
    ("myst.md:34", "unsafe_link"): 1,
    ("myst.md:37", "unsafe_link"): 1,
    # an octicon in a title, one with a handler, a Material icon; two in MyST
    ("icons.rst:1", "unsafe_icon"): 1,
    ("icons.rst:4", "unsafe_icon"): 1,
    ("icons.rst:5", "unsafe_icon"): 1,
    # the Font Awesome icon no font fills (its class is escaped: not unsafe)
    ("icons.rst:4", "icon_font"): 1,
    ("icons-myst.md:1", "unsafe_icon"): 1,
    ("icons-myst.md:3", "unsafe_icon"): 1,
    # \href in inline math; \href and \url in a math block
    ("math.rst:4", "unsafe_link"): 1,
    ("math.rst:7", "unsafe_link"): 2,
    # macros, a comment inside \href, a PDF link, a file, a character code
    ("math.rst:11", "unsafe_math"): 1,
    ("math.rst:12", "unsafe_math"): 1,
    ("math.rst:14", "unsafe_link"): 1,
    ("math.rst:19", "unsafe_math"): 1,
    ("math.rst:20", "unsafe_math"): 2,
    # expl3 through the LaTeX kernel, a command called by its name, filecontents
    ("math.rst:24", "unsafe_math"): 1,
    ("math.rst:25", "unsafe_math"): 1,
    ("math.rst:27", "unsafe_math"): 1,
    # \begin{name} runs \name: a refused command as an environment, a built name
    ("math.rst:32", "unsafe_math"): 1,
    ("math.rst:33", "unsafe_math"): 1,
    ("math.rst:35", "unsafe_math"): 1,
    # math shown as its source for \input: its \href's script address is taken out too
    ("math.rst:39", "unsafe_math"): 1,
    ("math.rst:39", "unsafe_link"): 1,
    # the same with the \href in a comment: shown as TeX reads it, without the comment
    ("math.rst:43", "unsafe_math"): 1,
    # hyperref's base URL and form buttons (PDF JavaScript), its Form environment, and an
    # index entry makeindex writes as \href (helper-63's findings)
    ("math.rst:49", "unsafe_math"): 1,
    ("math.rst:53", "unsafe_math"): 1,
    ("math.rst:57", "unsafe_math"): 1,
    # \url|...|, which no group holds
    ("math.rst:61", "unsafe_math"): 1,
    # an SVG with a handler (image, linked figure, download), an HTML download,
    # an HTML file as an image, an image name.* that picks an SVG with a handler,
    # a MathML download
    ("files.rst:4", "active_file"): 1,
    ("files.rst:12", "active_file"): 2,
    ("files.rst:15", "active_file"): 1,
    ("files.rst:20", "active_file"): 1,
    ("files.rst:23", "active_file"): 1,
    ("files.rst:26", "active_file"): 1,
    # an SVG animation whose list of values ends in a script link (image, download)
    ("files.rst:28", "active_file"): 1,
    ("files.rst:31", "active_file"): 1,
    # an HTML page under a suffix of the MIME tables' (application/xhtml+xml)
    ("files.rst:33", "active_file"): 1,
    # what a browser given no type sniffs as a page: a download without a suffix and a
    # .php one (an HTML start), an image named .png that starts as XML
    ("files.rst:35", "active_file"): 2,
    ("files.rst:38", "active_file"): 1,
    # an XSLT stylesheet named .svg, which writes a script when opened (image, download)
    ("files.rst:41", "active_file"): 1,
    ("files.rst:44", "active_file"): 1,
    # a reading speed of 0 words a minute, which MyST divided by (every builder stopped)
    ("wordcount.md:3", "bad_option"): 1,
    # a standard include that climbs out of docutils' folder, in reST and MyST
    ("includes.rst:4", "outside_include"): 1,
    ("includes-myst.md:3", "outside_include"): 1,
    # a Markdown file a MyST page includes: at the file's own line
    ("parts/links.md:1", "unsafe_link"): 1,
    # a column specification that reads a file, an equation label that would
    ("latex.rst:4", "unsafe_latex"): 1,
    ("latex.rst:18", "unsafe_latex"): 1,
    # an image file name TeX reads (^^7b is a brace), Sphinx's \sphinxhref, \href[options]
    ("latex.rst:30", "unsafe_latex"): 1,
    ("latex.rst:33", "unsafe_math"): 1,
    ("latex.rst:34", "unsafe_link"): 1,
    # class names LaTeX writes as they are: MyST's attributes, an icon's classes
    ("latex-myst.md:7", "unsafe_latex"): 1,
    ("icons.rst:4", "unsafe_latex"): 1,
    # front matter that turns on MyST's substitutions
    ("substitution.md:5", "unsafe_substitution"): 1,
    # the same, the name spelt with a YAML escape (no "substitution" in the text)
    ("substitution-escaped.md:3", "unsafe_substitution"): 1,
    # the same, the extensions given as a mapping (MyST reads its keys)
    ("substitution-mapping.md:3", "unsafe_substitution"): 1,
    # raw :url: and csv-table :url:, never fetched
    ("fetch.rst:4", "outside_include"): 1,
    ("fetch.rst:7", "outside_include"): 1,
    # a field named to break its tag, a URL field; .. meta:: og:url and refresh
    ("fields.rst:1", "unsafe_meta"): 1,
    ("fields.rst:2", "unsafe_meta"): 1,
    # at each field's own line, not at the paragraph that names og:url and a refresh
    ("fields.rst:11", "unsafe_meta"): 1,
    ("fields.rst:12", "unsafe_meta"): 1,
    # MyST front matter: the broken name (as written and as smart-quoted), a URL
    # field, html_meta's og:image
    ("fields-myst.md:2", "unsafe_meta"): 2,
    ("fields-myst.md:3", "unsafe_meta"): 1,
    ("fields-myst.md:6", "unsafe_meta"): 1,
    # a page field of the same name after it: at its own line, not html_meta's
    ("fields-myst.md:7", "unsafe_meta"): 1,
}
WARNING_RE = re.compile(r"(?P<where>\S+:\d+): .* \[confnotes\.(?P<subtype>\w+)\]")


def test_each_unsafe_url_warns_at_its_line(
    builds: dict[str, tuple[Path, str]], rootdir: Path
) -> None:
    prefix = f"{rootdir / 'test-hostile-urls'}/"
    lines = builds["html"][1].replace(prefix, "").replace(": WARNING: ", ": ").splitlines()
    assert WARNINGS <= set(lines)
    others = [WARNING_RE.fullmatch(line) for line in lines if line not in WARNINGS]
    assert all(others), [line for line in lines if line not in WARNINGS]
    assert collections.Counter((m["where"], m["subtype"]) for m in others if m) == LOCATED


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_pages_own_bibliography_warns_at_its_directive_in_every_builder(
    builds: dict[str, tuple[Path, str]], rootdir: Path, builder: str
) -> None:
    prefix = f"{rootdir / 'test-hostile-urls'}/"
    lines = builds[builder][1].replace(prefix, "").replace(": WARNING: ", ": ").splitlines()
    assert sorted(line for line in lines if line.startswith("cited.rst:")) == sorted(
        w for w in WARNINGS if w.startswith("cited.rst:")
    )


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_builder_locates_each_warning_at_a_line(
    builds: dict[str, tuple[Path, str]], builder: str
) -> None:
    """LaTeX and single-page builds assemble one tree; each warning still names its line."""
    ours = [line for line in builds[builder][1].splitlines() if "[confnotes." in line]
    assert ours
    assert [line for line in ours if not re.match(r"\S+:\d+: ", line)] == []


@pytest.mark.parametrize("builder", BUILDERS)
def test_no_output_file_holds_an_unsafe_url(
    builds: dict[str, tuple[Path, str]], builder: str
) -> None:
    outdir, warnings = builds[builder]
    assert "[confnotes.unsafe_link]" in warnings  # every builder meets the gate
    assert scan(outdir) == []


def test_math_shown_as_its_source_shows_no_script_address(
    builds: dict[str, tuple[Path, str]],
) -> None:
    for builder, suffix in (("html", ".html"), ("text", ".txt"), ("latex", ".tex")):
        outdir = builds[builder][0]
        written = "".join(  # the pages as written (not _sources/, the sources as they are)
            p.read_text("utf-8", "replace")
            for p in outdir.rglob(f"*{suffix}")
            if "_sources" not in p.relative_to(outdir).parts
        )
        assert "/etc/hostname" in written, builder  # the source is shown
        assert "alert('shown')" not in written, builder
        assert "alert('shown in a comment')" not in written, builder


def test_a_removed_link_keeps_its_text(builds: dict[str, tuple[Path, str]], page: Any) -> None:
    html = builds["html"][0]
    rest = page(html / "rest.html")
    # a removed image's name stays a target: the link to it still lands
    for name in ("gone-target", "linked-gone"):  # the second one was a link's image
        assert rest.select_one(f"#{name}") is not None, name
        assert rest.select_one(f"a[href='#{name}']") is not None, name
    text = rest.get_text(" ", strip=True)
    for kept in (
        "named link",
        "mixed case",
        "vb",
        "tabbed",
        "evil",
        "an inline picture",
        "a linked picture",
    ):
        assert kept in text, kept
    safe = page(html / "index.html").select('a[href="https://example.org/safe"]')
    assert safe, "a safe link was removed too"
    assert page(html / "index.html").select('a[href^="mailto:notes"]')
    bibliography = page(html / "bibliography.html")
    assert bibliography.select('a[href="https://example.org/work"]')
    assert "javascript:alert(12)" in bibliography.get_text()  # shown, not linked


def test_the_warnings_can_be_suppressed(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    app = make_app(
        "html",
        srcdir=rootdir / "test-hostile-urls",
        builddir=tmp_path,
        freshenv=True,
        confoverrides={"suppress_warnings": [f"confnotes.{s}" for s in SUBTYPES]},
    )
    app.build()
    assert "[confnotes." not in app.warning.getvalue()
    assert scan(Path(app.outdir)) == []


def test_without_the_gate_the_scan_finds_them(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks are what makes the output clean: switched off, the scan fails."""
    import confnotes.site.safety.gate
    from confnotes.site.safety.image_fetch import KeepImagesLocal

    monkeypatch.setattr(confnotes.site.safety.gate, "gate_doctree", lambda *args: None)
    from confnotes.site.safety import active_files

    monkeypatch.setattr(KeepImagesLocal, "run", lambda self, **kwargs: None)
    monkeypatch.setattr(active_files, "gate_image", lambda *args: None)  # its read-time use
    app = make_app("html", srcdir=rootdir / "test-hostile-urls", builddir=tmp_path, freshenv=True)
    app.build()
    found = "\n".join(scan(Path(app.outdir)))
    for needle in ("javascript:alert(1)", "vbscript:", "data:image", "http-equiv", "alert(12)"):
        assert needle in found, needle


def test_without_the_read_checks_the_scan_finds_them(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Icons, toctree URLs, math links, active files and preview fields: what each check
    stops is in the output without it, and the scan says so."""
    from confnotes.site.safety import active_files, icons, math_links, toctree_links
    from confnotes.site.web import metatags

    for transform in (
        icons.RemoveUnsafeIcons,
        toctree_links.RemoveUnsafeTocEntries,
        math_links.UnlinkUnsafeMath,
        active_files.RemoveActiveFiles,
    ):
        monkeypatch.setattr(transform, "apply", lambda self, **kwargs: None)
    monkeypatch.setattr(metatags, "open_graph_problem", lambda key, value: "")
    app = make_app("html", srcdir=rootdir / "test-hostile-urls", builddir=tmp_path, freshenv=True)
    app.build()
    found = "\n".join(scan(Path(app.outdir)))
    for needle in (
        "alert('title')",  # the icon in a title: on its page, and in every sidebar
        "index.html: <a href=\"javascript://%0aalert('toc')\">",
        "\\href{javascript:alert('inline')}",
        "_images/evil.svg: <script>",
        "evil.html: <meta http-equiv='refresh'>",  # the download
        "_images/evil.html: <meta http-equiv='refresh'>",  # the image
        "_images/drawing.svg: <script>",  # picked by drawing.*
        "evil.mml: <script>",  # a MathML download
        "evil.mml: <maction href=\"javascript:alert('mml')\">",
        "alert('front')",  # a field's name, in the head
        "og:see_also=\"javascript:alert('seealso')\"",
    ):
        assert needle in found, needle


def test_no_page_fetches_an_address(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``raw :url:`` and ``csv-table :url:`` reach no network, and would without the check."""
    from confnotes.site.safety import unsafe
    from docutils.parsers.rst.directives import misc, tables

    fetched: list[str] = []

    def urlopen(url: str, *args: object, **kwargs: object) -> io.BytesIO:
        fetched.append(url)
        return io.BytesIO(b"a,b\n")

    monkeypatch.setattr(misc, "urlopen", urlopen)
    monkeypatch.setattr(tables, "urlopen", urlopen)
    srcdir = rootdir / "test-hostile-urls"
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "a", freshenv=True)
    app.build()
    assert fetched == []
    monkeypatch.setattr(unsafe, "may_read", lambda directive, **options: True)
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "b", freshenv=True)
    app.build()
    assert sorted(fetched) == ["http://127.0.0.1:9/t.csv", "http://127.0.0.1:9/x.html"]


def test_plain_icons_math_links_and_drawings_stay(
    builds: dict[str, tuple[Path, str]], page: Any
) -> None:
    html = builds["html"][0]
    icons = page(html / "icons.html")
    assert icons.select("svg.sd-octicon-rocket.sd-text-info"), "a plain icon was removed"
    assert 'href="https://example.org/safe-toc"' in (html / "index.html").read_text("utf-8")
    assert "\\href{https://example.org/math}{safe}" in page(html / "math.html").get_text()
    files = page(html / "files.html")
    assert files.select('img[src$="plain.svg"]') and (html / "_images" / "plain.svg").is_file()
    assert files.select('a.download[href$="plain.svg"]')
    assert "the evil page" in files.get_text() and "an evil picture" in files.get_text()


@pytest.mark.parametrize(
    ("url", "unsafe"),
    [
        ("https://example.org/", False),
        ("mailto:a@example.org", False),
        ("talks/x.html#y", False),
        # another host with the page's scheme: file: for a site opened from disk
        ("//example.org/x", True),
        ("\\\\example.org\\x", True),
        (" /\\example.org/x", True),
        ("/talks/x.html", False),
        ("#anchor", False),
        ("javascript:alert(1)", True),
        (" JavaScript:alert(1)", True),
        ("java\tscript:alert(1)", True),
        ("java\nscript:alert(1)", True),
        ("\x01javascript:alert(1)", True),
        ("data:text/html,x", True),
        ("vbscript:x", True),
    ],
)
def test_the_scheme_rule_reads_urls_as_browsers_do(url: str, unsafe: bool) -> None:
    from confnotes.core.validation import is_safe_link

    assert unsafe_url(url) is unsafe
    assert is_safe_link(url) is not unsafe


@pytest.mark.slow
@pytest.mark.parametrize("builder", BUILDERS)
def test_the_real_site_passes_the_scan(
    build_site: Callable[..., tuple[Path, str]], builder: str
) -> None:
    """Every output file of the site: no unsafe URL, script, handler or refresh; no link
    to an anchor that does not exist (``tests/anchors.py``)."""
    outdir = build_site(builder)[0]
    assert scan(outdir) == []
    assert broken_links(outdir, builder) == []


def test_a_drawing_fixed_is_shown_on_the_next_build(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    """The page of a refused SVG is read again once the SVG changes: incremental as fresh."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["confnotes"]\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(
        "Drawing\n=======\n\n.. image:: drawing.svg\n   :alt: a drawing\n", encoding="utf-8"
    )
    drawing = srcdir / "drawing.svg"
    drawing.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf-8"
    )
    first = make_app("html", srcdir=srcdir, builddir=tmp_path / "build", freshenv=True)
    first.build()
    assert "[confnotes.active_file]" in first.warning.getvalue()
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>', "utf-8")
    again = make_app("html", srcdir=srcdir, builddir=tmp_path / "build")
    again.build()
    assert "[confnotes.active_file]" not in again.warning.getvalue()
    assert (Path(again.outdir) / "_images" / "drawing.svg").is_file()
    assert 'src="_images/drawing.svg"' in (Path(again.outdir) / "index.html").read_text("utf-8")


def test_a_page_cannot_turn_on_substitutions(
    builds: dict[str, tuple[Path, str]],
    make_app: Callable[..., Any],
    rootdir: Path,
    tmp_path: Path,
    page: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``{{ ... }}`` stays text, whether the page or conf.py turns substitutions on;
    without the check, the page reads the build environment (and could run code)."""
    from confnotes.site.safety import myst_settings

    srcdir = rootdir / "test-hostile-urls"
    copyright = "2013, the test authors"  # conf.py's, what {{ env.config.copyright }} reads
    for name in ("substitution.html", "substitution-escaped.html", "substitution-mapping.html"):
        text = page(builds["html"][0] / name).get_text(" ", strip=True)
        assert "{{ env.config.copyright }}" in text and copyright not in text, name
    site_wide = ["colon_fence", "dollarmath", "substitution"]
    app = make_app(
        "html",
        srcdir=srcdir,
        builddir=tmp_path / "site",
        freshenv=True,
        confoverrides={"myst_enable_extensions": site_wide},
    )
    app.build()
    conf = f"{srcdir / 'conf.py'}:1: WARNING: MyST's 'substitution' extension is turned off"
    conf += " for the site"
    assert conf in app.warning.getvalue()
    assert copyright not in page(app.outdir / "substitution.html").get_text()
    monkeypatch.setattr(myst_settings, "without_substitution", lambda names: (names, False))
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "off", freshenv=True)
    app.build()
    assert copyright in page(app.outdir / "substitution.html").get_text()
    assert copyright in page(app.outdir / "substitution-escaped.html").get_text()
    assert copyright in page(app.outdir / "substitution-mapping.html").get_text()


def test_includes_stay_in_the_project(builds: dict[str, tuple[Path, str]], page: Any) -> None:
    """``<../../etc/passwd>`` is not one of docutils' files; ``<isonum.txt>`` is."""
    for builder, (outdir, _warnings) in builds.items():
        for path in outdir.rglob("*"):
            if path.is_file() and "includes" in path.name:
                assert b"root:" not in path.read_bytes(), (builder, path)
    html = builds["html"][0]
    assert "A standard include still works: \u00a9." in page(html / "includes.html").get_text()
    assert "The page goes on." in page(html / "includes-myst.html").get_text()


@pytest.mark.parametrize("builder", ["epub", "latex"])
def test_no_build_fetches_an_image(
    make_app: Callable[..., Any],
    rootdir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    builder: str,
) -> None:
    """A builder that cannot link a remote image would fetch it; it is shown as its alt text."""
    from confnotes.site.safety.image_fetch import KeepImagesLocal
    from sphinx.util import requests

    fetched: list[str] = []

    def get(url: str, **kwargs: object) -> object:
        fetched.append(url)
        raise OSError("no network in tests")

    monkeypatch.setattr(requests, "get", get)
    srcdir = rootdir / "test-hostile-urls"
    app = make_app(builder, srcdir=srcdir, builddir=tmp_path / "a", freshenv=True)
    app.build()
    assert fetched == []
    expected = (
        f"{srcdir / 'rest.rst'}:21: WARNING: remote image 'https://example.org/picture.png'"
        f" is not fetched for the {builder} build; its alt text is shown [confnotes.remote_image]"
    )
    assert expected in app.warning.getvalue()
    monkeypatch.setattr(KeepImagesLocal, "run", lambda self, **kwargs: None)
    app = make_app(builder, srcdir=srcdir, builddir=tmp_path / "b", freshenv=True)
    app.build()
    assert fetched == ["https://example.org/picture.png"]


def test_latex_gets_no_command_from_a_page(
    builds: dict[str, tuple[Path, str]],
    make_app: Callable[..., Any],
    rootdir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A column specification or an equation label reaches the .tex unescaped: checked,
    a plain one kept; without the checks the scan finds ``\\input``."""
    from confnotes.site.safety.latex_input import CheckLatexInput, SpellOutEquationLabels

    tex = (builds["latex"][0] / "hostile.tex").read_text(encoding="utf-8")
    assert "{|>{\\raggedright\\arraybackslash}\\X{1}{3}|\\Y{0.5}|}" in tex
    assert "\\eqref{equation:latex:plain}" in tex
    assert "\\label{equation:latex:a-u007d-u005cinput-u007b/etc/passwd-u007d}" in tex
    monkeypatch.setattr(CheckLatexInput, "apply", lambda self, **kwargs: None)
    monkeypatch.setattr(SpellOutEquationLabels, "run", lambda self, **kwargs: None)
    app = make_app("latex", srcdir=rootdir / "test-hostile-urls", builddir=tmp_path, freshenv=True)
    app.build()
    found = scan(Path(app.outdir))
    # the column specification, the equation label, the MyST class
    assert found.count("hostile.tex: \\input") == 3, found
    assert "hostile.tex: \\iffalse" in found
