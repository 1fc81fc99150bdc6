"""Issue 18, class 1: no page, option value, include or .bib entry stops the build.

The root ``test-hostile-build`` holds, in reST and in MyST, URLs no parser
can read (``http://[::1``, ``http://[abc]/``, a host NFKC breaks) in every
URL option and in prose and ``refs.bib``; a page that includes itself;
pages and snippets that include each other; odd option values (a
superscript slot, full-width digits, empty values, YAML lists). The tests
add what must be bytes: a reST page, a MyST page, an included file and a
``.bib`` entry that are not UTF-8, and values too big for a file worth
reading (a 5000-digit slot, a 100 000-character title).

Each bad input warns at its file and line with its subtype; every page is
built, with its text after the bad part; a strict build fails only because
of those warnings and a non-strict one succeeds; each new subtype can be
silenced. The last tests take each fix away again (monkeypatching the old
behaviour back) and show that the same corpus then stops the build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from root_builds import build_root

ROOT = "test-hostile-build"


def at(page: str, option: str, directive: int) -> str:
    """``page:line`` of *option* of the directive at line *directive* (an option warns there)."""
    lines = (Path(__file__).parent / "roots" / ROOT / page).read_text("utf-8").splitlines()
    written = re.compile(rf"\s*:?{option}\s*:")  # reST's ``:slot:``, MyST's YAML ``slot:``
    found = next(n for n, text in enumerate(lines, 1) if n > directive and written.match(text))
    return f"{page}:{found}"


#: what the tests write as bytes into the copy of the root
LATIN1_PAGE = (
    b"Not UTF-8\n=========\n\nThis page is Latin-1: caf\xe9 ol\xe9,"
    b" and cites :cite:p:`latin2013`.\n\nThe rest of the page is built.\n"
)
LATIN1_MYST = (
    b"# Not UTF-8, in MyST\n\nThis page is Latin-1: caf\xe9.\n\nThe rest of the page is built.\n"
)
LATIN1_SNIPPET = b"An included file in Latin-1: na\xefve.\n"
INCLUDES_LATIN1 = (
    b"An include that is not UTF-8\n============================\n\n"
    b".. include:: /snippets/latin1.txt\n\nThe rest of the page is built.\n"
)
LATIN1_BIB = (
    b"\n@misc{latin2013,\n  author = {Jos\xe9 Example},\n  title = {A work in Latin-1},\n"
    b"  year = {2013}\n}\n"
)
HUGE_TITLE = "A title " + "very " * 20_000 + "long"
HUGE_PAGE = f"""Huge values
===========

.. talk:: huge
   :title: {HUGE_TITLE}
   :speaker: alice
   :kind: talk
   :date: 2013-05-15
   :slot: {"9" * 5000}

The rest of the page is built.
"""

#: the line of the huge page's ``:slot:`` (an option warns at its own line)
HUGE_SLOT_LINE = next(n for n, text in enumerate(HUGE_PAGE.splitlines(), 1) if ":slot:" in text)
MALFORMED = "(expected http:// or https:// and a host)"
ENCODING = "cannot be read; the file is read with U+FFFD (\ufffd) for every such byte"
RECURSIVE = (
    "is left out: that file is being included already (it includes itself, or a file that"
    " includes it), and would be included forever [confnotes.recursive_include]"
)
SLOT = "(expected a positive whole number: 1 for the day's first talk) [confnotes.bad_option]"
EXPECTED = [
    # not UTF-8: the line and column of the first bad byte, in pages, includes and .bib
    f"refs.bib:18: not valid UTF-8: byte 0xe9 (column 16) {ENCODING} [confnotes.bad_encoding]",
    f"talks/latin1.rst:4: not valid UTF-8: byte 0xe9 (column 26) {ENCODING}"
    " [confnotes.bad_encoding]",
    f"talks/latin1-md.md:3: not valid UTF-8: byte 0xe9 (column 26) {ENCODING}"
    " [confnotes.bad_encoding]",
    f"snippets/latin1.txt:1: not valid UTF-8: byte 0xef (column 32) {ENCODING}"
    " [confnotes.bad_encoding]",
    # includes that close a circle, at the include that closes it
    f"talks/self.rst:6: include of 'self.rst' {RECURSIVE}",
    f"talks/self-md.md:5: include of 'self-md.md' {RECURSIVE}",
    f"talks/pong.rst:6: include of 'ping.rst' {RECURSIVE}",
    f"talks/ping.rst:6: include of 'pong.rst' {RECURSIVE}",
    f"talks/pong-md.md:5: include of 'ping-md.md' {RECURSIVE}",
    f"talks/ping-md.md:5: include of 'pong-md.md' {RECURSIVE}",
    f"snippets/loop-b.rst:3: include of '/snippets/loop-a.rst' {RECURSIVE}",
    f"snippets/loop-b.md:3: include of '/snippets/loop-a.md' {RECURSIVE}",
    # URLs no parser can read: warned once, shown as text
    f"speakers.rst:6: malformed URL in :website: {MALFORMED}: 'http://[::1' [confnotes.bad_url]",
    f"tools.rst:6: malformed URL in :homepage: {MALFORMED}: 'http://[abc]/' [confnotes.bad_url]",
    *(
        line
        for page, talk in (("talks/urls.rst", 4), ("talks/urls-md.md", 3))
        for line in (
            f"{at(page, 'slides', talk)}: malformed URL in :slides: {MALFORMED}:"
            " 'http://[abc]/slides' [confnotes.bad_url]",
            f"{at(page, 'video', talk)}: malformed URL in :video: {MALFORMED}: 'http://[::1'"
            " [confnotes.bad_url]",
            f"{at(page, 'links', talk)}: malformed URL in :links: {MALFORMED}: 'http://[::1'"
            " [confnotes.bad_url]",
            f"{at(page, 'links', talk)}: malformed URL in :links: {MALFORMED}:"
            " 'http://example.org\uff03@evil.example/' [confnotes.bad_url]",
            # a browser reads the backslash as a slash: the host is evil.example, not
            # the github.com the link's label would show
            f"{at(page, 'links', talk)}: malformed URL in :links: {MALFORMED}:"
            " 'https://evil.example\\\\@github.com/django' [confnotes.bad_url]",
        )
    ),
    # odd option values
    f"{at('talks/odd.rst', 'slot', 4)}: invalid :slot: '\u00b2' {SLOT}",
    f"{at('talks/odd.rst', 'start', 4)}: invalid :start: '\uff10\uff19:\uff13\uff10'"
    " (expected a 24-hour time,"
    " HH:MM) [confnotes.bad_option]",
    "talks/odd.rst:12: talk 'odd-empty' is missing the required option :title:"
    " [confnotes.missing_option]",
    # marks that turn text right to left and spaces of no width: taken out of a title
    "talks/odd.rst:22: control character U+202E, U+200B in :title: is removed:"
    " 'Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144  \u4e2d\u6587'"
    " [confnotes.control_character]",
    # format strings in an event's name: markup, shown as text
    f"{at('talks/odd.rst', 'event', 21)}:"
    " markup in :event: is shown as plain text: '%s %d %(x)s {0} \\\\N{BULLET}'"
    " [confnotes.markup_in_name]",
    f"{at('talks/odd-md.md', 'slot', 3)}: invalid :slot: '\u00b2' {SLOT}",
    f"{at('talks/odd-md.md', 'start', 3)}: invalid :start: '\uff10\uff19:\uff13\uff10'"
    " (expected a 24-hour time,"
    " HH:MM) [confnotes.bad_option]",
    f"{at('talks/odd-md.md', 'links', 12)}: malformed URL in :links: {MALFORMED}: '[1,'"
    " [confnotes.bad_url]",
    f"{at('talks/odd-md.md', 'links', 12)}: malformed URL in :links: {MALFORMED}: '2]'"
    " [confnotes.bad_url]",
    f"{at('talks/odd-md.md', 'slot', 12)}: invalid :slot: '3.5' {SLOT}",
    f"talks/huge.rst:{HUGE_SLOT_LINE}: invalid :slot: '{'9' * 5000}' {SLOT}",
]
NEW_SUBTYPES = ("bad_encoding", "recursive_include")

#: MyST's include reaches Sphinx's events through ``env.app``, deprecated in Sphinx 9
pytestmark = pytest.mark.filterwarnings(
    "ignore:'sphinx.environment.BuildEnvironment.app' is deprecated"
)


def add_bytes(srcdir: Path) -> Path:
    """Write what must be bytes (or too big for a file worth reading) into a copy of the root."""
    (srcdir / "talks" / "latin1.rst").write_bytes(LATIN1_PAGE)
    (srcdir / "talks" / "latin1-md.md").write_bytes(LATIN1_MYST)
    (srcdir / "snippets" / "latin1.txt").write_bytes(LATIN1_SNIPPET)
    (srcdir / "talks" / "includes-latin1.rst").write_bytes(INCLUDES_LATIN1)
    with (srcdir / "refs.bib").open("ab") as bib:
        bib.write(LATIN1_BIB)
    (srcdir / "talks" / "huge.rst").write_text(HUGE_PAGE, encoding="utf-8")
    return srcdir


@pytest.fixture
def hostile_src(rootdir: Path, tmp_path: Path) -> Path:
    """A fresh, writable copy of the root with the byte files added."""
    return add_bytes(Path(shutil.copytree(rootdir / ROOT, tmp_path / "src")))


@pytest.fixture(scope="module")
def shared_src(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the root with the byte files, for the builds that only read it."""
    return add_bytes(Path(shutil.copytree(rootdir / ROOT, tmp_path_factory.mktemp("hb") / "src")))


def build(
    srcdir: Path, outdir: Path, builder: str = "html", **kwargs: Any
) -> tuple[Any, list[str]]:
    """Build *srcdir* in-process; return the app and its warnings as ``path:line: message``."""
    return build_root(srcdir, outdir, builder, **kwargs)


@pytest.fixture(scope="module")
def html(shared_src: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The copy built once in html: ``(outdir, warnings)``."""
    app, warnings = build(shared_src, tmp_path_factory.mktemp("html"))
    return Path(app.outdir), warnings


def test_each_bad_input_warns_at_its_file_and_line(html: tuple[Path, list[str]]) -> None:
    assert sorted(html[1]) == sorted(EXPECTED)


def test_the_same_warnings_in_parallel(shared_src: Path, tmp_path: Path) -> None:
    _app, warnings = build(shared_src, tmp_path, parallel=2)
    assert sorted(warnings) == sorted(EXPECTED)


def text_of(html: Path, docname: str, page: Callable[..., Any]) -> str:
    return str(page(html / f"{docname}.html").get_text(" ", strip=True))


def paragraphs(html: Path, docname: str, page: Callable[..., Any]) -> list[str]:
    return [p.get_text(" ", strip=True) for p in page(html / f"{docname}.html").select("p")]


def test_every_page_is_built(
    html: tuple[Path, list[str]], shared_src: Path, page: Callable[..., Any]
) -> None:
    outdir = html[0]
    pages = [
        path.relative_to(shared_src).with_suffix("").as_posix()
        for path in shared_src.rglob("*")
        if path.suffix in {".rst", ".md"} and path.parts[len(shared_src.parts)] != "snippets"
    ]
    assert len(pages) == 20
    for docname in pages:
        assert (outdir / f"{docname}.html").is_file(), docname
    for docname in pages:
        if docname.startswith("talks/") and docname not in {
            "talks/ping",
            "talks/pong",
            "talks/ping-md",
            "talks/pong-md",
            "talks/loops",
            "talks/loops-md",
        }:
            assert "The rest of the page is built." in text_of(outdir, docname, page) or (
                "After the include." in text_of(outdir, docname, page)
            ), docname


def test_a_circular_include_is_left_out_and_nothing_else(
    html: tuple[Path, list[str]], page: Callable[..., Any]
) -> None:
    outdir = html[0]
    for docname in ("talks/self", "talks/self-md"):
        found = paragraphs(outdir, docname, page)
        assert found.count("Before the include.") == 1, (docname, found)
        assert found.count("After the include.") == 1, (docname, found)
        # the include shown as text is kept
        literal = page(outdir / f"{docname}.html").select_one("pre").get_text()
        assert "Before the include." in literal
    # each page has its own text, then the other's (whose include of it is left out)
    for first, then in (("Ping", "Pong"), ("Pong", "Ping")):
        for suffix, text in (("", "The text of"), ("-md", "The MyST text of")):
            found = paragraphs(outdir, f"talks/{first.lower()}{suffix}", page)
            assert found == [f"{text} {first}.", f"{text} {then}."], found
    assert paragraphs(outdir, "talks/loops", page) == [
        "Snippet A.",
        "Snippet B.",
        "After the snippets.",
    ]
    assert paragraphs(outdir, "talks/loops-md", page) == [
        "MyST snippet A.",
        "MyST snippet B.",
        "After the snippets.",
    ]


def test_bytes_that_are_not_utf8_are_shown_as_replacement_characters(
    html: tuple[Path, list[str]], page: Callable[..., Any]
) -> None:
    outdir = html[0]
    assert "This page is Latin-1: caf\ufffd ol\ufffd, and cites" in text_of(
        outdir, "talks/latin1", page
    )
    assert "This page is Latin-1: caf\ufffd." in text_of(outdir, "talks/latin1-md", page)
    assert "An included file in Latin-1: na\ufffdve." in text_of(
        outdir, "talks/includes-latin1", page
    )
    assert "Jos\ufffd Example" in text_of(outdir, "bibliography", page)


def test_urls_no_parser_reads_are_text_and_the_others_links(
    html: tuple[Path, list[str]], page: Callable[..., Any]
) -> None:
    outdir = html[0]
    for docname in ("talks/urls", "talks/urls-md"):
        header = page(outdir / f"{docname}.html").select_one(".conf-talk-card")
        links = [a["href"] for a in header.select("a[href]") if "conf-link-button" in a["class"]]
        assert links == ["https://example.org/kept"], (docname, links)
        shown = [span.get_text() for span in header.select(".conf-unlinked-url")]
        assert shown == [
            "http://[::1",
            "http://[abc]/slides",
            "http://[::1",
            "http://example.org\uff03@evil.example/",
            "https://evil.example\\@github.com/django",
        ]
    assert "http://[::1" in text_of(outdir, "speakers", page)
    assert "http://[abc]/" in text_of(outdir, "tools", page)


def test_the_huge_values_are_kept(html: tuple[Path, list[str]], page: Callable[..., Any]) -> None:
    body = page(html[0] / "talks" / "huge.html")
    assert "The rest of the page is built." in body.get_text()


@pytest.mark.parametrize("builder", ["latex", "text", "epub", "singlehtml", "man"])
def test_every_builder_finishes(shared_src: Path, tmp_path: Path, builder: str) -> None:
    _app, warnings = build(shared_src, tmp_path, builder)
    assert sorted(w for w in warnings if "[confnotes." in w) == sorted(
        w for w in EXPECTED if "[confnotes." in w
    ), builder


def sphinx_build(srcdir: Path, outdir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sphinx`` as CI does, with the test's ``_ext`` on the path."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "_ext"), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "sphinx", *options, "-q", "-b", "html", str(srcdir), str(outdir)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)


def test_a_strict_build_fails_on_the_warnings_only(shared_src: Path, tmp_path: Path) -> None:
    strict = sphinx_build(shared_src, tmp_path / "strict", "-W", "--keep-going", "-E")
    assert strict.returncode == 1
    assert "Traceback" not in strict.stderr and "Exception" not in strict.stderr
    prefix = f"{shared_src}{os.sep}"
    lines = [
        re.sub(r": (?:WARNING|ERROR): ", ": ", line.replace(prefix, ""))
        for line in strict.stderr.splitlines()
        if "[confnotes." in line
    ]
    assert sorted(lines) == sorted(w for w in EXPECTED if "[confnotes." in w)
    relaxed = sphinx_build(shared_src, tmp_path / "relaxed", "-E")
    assert relaxed.returncode == 0, relaxed.stderr
    assert (tmp_path / "relaxed" / "talks" / "self-md.html").is_file()


@pytest.mark.parametrize("subtype", NEW_SUBTYPES)
def test_each_new_subtype_is_suppressible(hostile_src: Path, tmp_path: Path, subtype: str) -> None:
    _app, warnings = build(
        hostile_src, tmp_path, confoverrides={"suppress_warnings": [f"confnotes.{subtype}"]}
    )
    kept = [w for w in EXPECTED if not w.endswith(f"[confnotes.{subtype}]")]
    assert sorted(warnings) == sorted(kept)


# -- without the fixes, the same corpus stops the build --------------------------------


def test_without_safe_url_parts_a_link_stops_the_build(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.core.views.talk_header

    monkeypatch.setattr(
        confnotes.core.views.talk_header, "url_host", lambda url: urlsplit(url).hostname or ""
    )
    with pytest.raises(ValueError, match=r"Invalid IPv6 URL|does not appear to be an IP"):
        build(hostile_src, tmp_path)


def test_without_the_lenient_codec_a_latin1_page_stops_the_build(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.site.safety.sources

    monkeypatch.setattr(confnotes.site.safety.sources, "read_leniently", lambda *args: None)
    with pytest.raises(UnicodeDecodeError):
        build(hostile_src, tmp_path)


def test_without_the_guard_a_myst_page_including_itself_stops_the_build(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.site.safety
    import confnotes.site.safety.includes

    monkeypatch.setattr(confnotes.site.safety.includes, "guard_myst_include", lambda *args: None)
    # and the last line of defence, which shows a page too deep to parse as text
    monkeypatch.setattr(confnotes.site.safety, "setup_parse_guard", lambda app: None)
    for path in hostile_src.glob("talks/*"):
        if path.name not in {"self-md.md", "latin1.rst"}:
            path.unlink()
    with pytest.raises(RecursionError):
        build(hostile_src, tmp_path)


def test_without_the_rest_check_docutils_warns_untyped(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.site.safety.unsafe

    monkeypatch.setattr(confnotes.site.safety.unsafe, "is_circular_rst", lambda *args: False)
    _app, warnings = build(hostile_src, tmp_path)
    assert any("circular inclusion" in w for w in warnings)
    assert any(w.endswith("[docutils]") for w in warnings)
    assert sorted(warnings) != sorted(EXPECTED)


def test_without_ascii_slots_a_long_slot_loses_its_page(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the slot rule, Python refuses the 5000-digit slot: the build stopped; the
    parser guard (``parse_guard``) now shows the whole page as its text instead."""
    import confnotes.core.dates

    monkeypatch.setattr(confnotes.core.dates, "COUNT_RE", re.compile(r"\d+"))
    app, warnings = build(hostile_src, tmp_path)
    assert any(
        w.startswith(f"talks/huge.rst:{HUGE_SLOT_LINE}: ") and "[confnotes.long_number]" in w
        for w in warnings
    ), warnings
    assert "huge" not in app.env.get_domain("conf").data["talks"]
