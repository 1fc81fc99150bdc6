r"""TeX in prose that MathJax would make a link or markup of is shown as code, and warns.

MathJax typesets ``\(...\)``, ``\[...\]``, ``$$...$$`` and ``\begin{...}`` in
any text of a page that loads it, not only Sphinx's math. In a copy of
``test-page-files``, pages with math (so MathJax loads) hold such TeX in
paragraphs, in reST and MyST: each unsafe block warns
``confnotes.unsafe_math`` at its line and is code in the page; safe TeX,
and TeX already in code, stay as written; the output scan (which reads text
as MathJax does) finds nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from output_scan import scan
from root_builds import add_pages, build_root

ROOTS = Path(__file__).parent / "roots"
PAGES = {
    "prose.rst": r"""Prose
=====

The area is :math:`\pi r^2`.

As the notes wrote it: \\(\\href{javascript: alert(document.domain)}{CLICK}\\).

A safe one: \\(\\href{https://example.org}{ok}\\) and a plain \\ backslash.

Styled *\\(\\cssId{x}{y}\\)* here.

A :dfn:`\\[\\style{color:red}{x}\\]` term.

Code is fine: ``\(\href{javascript:x}{y}\)``.

Tickets cost $$ (mid-range). Save to C:\\Users\\me\\(backup) and C:\\data\\x.

A link `kept <https://example.org/kept>`_ beside \\(\\href{javascript:alert(7)}{x}\\).
""",
    "myst-prose.md": r"""# Prose in MyST

The area is {math}`\pi r^2`.

As the notes wrote it: \\(\\href{javascript:alert(2)}{CLICK2}\\)

And $$\href{javascript:alert(3)}{x}$$ too, and \begin{x}\class{a}{b}\end{x}.
""",
}
#: (page and line, what the warning names)
EXPECTED = [
    ("myst-prose.md:5", "a link to 'javascript:alert(2)'"),
    ("myst-prose.md:7", "a link to 'javascript:alert(3)'"),
    ("prose.rst:12", "\\style"),
    ("prose.rst:6", "a link to 'javascript: alert(document.domain)'"),
    ("prose.rst:10", "\\cssId"),
    ("prose.rst:18", "a link to 'javascript:alert(7)'"),
]


def test_unsafe_tex_in_prose_is_code_and_warns(tmp_path: Path) -> None:
    """Each unsafe block at its line; nothing MathJax would read is left unsafe."""
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    add_pages(srcdir, PAGES)
    _app, warnings = build_root(srcdir, tmp_path / "out", "html")
    found = [
        (w.split(": ", 1)[0], w.split("uses ", 1)[1].split(", which")[0])
        for w in warnings
        if w.endswith("[confnotes.unsafe_math]")
    ]
    assert sorted(found) == sorted(EXPECTED), warnings
    html = tmp_path / "out" / "html"
    assert scan(html) == []
    soup = BeautifulSoup((html / "prose.html").read_text("utf-8"), "lxml")
    prose = [" ".join(p.get_text().split()) for p in soup.select("p")]
    assert "A safe one: \\(\\href{https://example.org}{ok}\\) and a plain \\ backslash." in prose
    # no formula (no closing), however many backslashes: prose as written
    assert "Tickets cost $$ (mid-range). Save to C:\\Users\\me\\(backup) and C:\\data\\x." in prose
    # the text that starts the formula is code; the link beside it stays
    kept = soup.find("a", href="https://example.org/kept")
    assert kept is not None and kept.find_next("code").get_text().startswith(" beside \\(")
    coded = [p for p in soup.select("p") if p.find("code") and "CLICK" in p.get_text()]
    assert coded and all("\\(" in p.code.get_text() for p in coded), coded


def test_a_name_holds_no_formula(tmp_path: Path) -> None:
    """TeX in a talk's title, a speaker's or a tool's name loses its openings, and warns.

    Views print names as text on every page (the programme, cards, the
    glossary), and the single page has math whenever any page has: MathJax
    would have made each a link. In every builder that writes HTML, nothing
    is left for the output scan.
    """
    srcdir = shutil.copytree(ROOTS / "test-talks", tmp_path / "src")
    evil = r"\(\href{javascript:alert(1)}{X}\)"
    edits = {
        "talks/circus.rst": (":title: Circus: process", f":title: {evil} Circus: process"),
        "speakers.rst": (":name: Tarek Ziadé", f":name: Tarek {evil}"),
        "tools.rst": (
            ".. tool:: psutil\n",
            ".. tool:: psutil\n   :name: $$\\href{javascript:x}{p}$$\n",
        ),
    }
    for name, (old, new) in edits.items():
        page = srcdir / name
        assert old in page.read_text("utf-8"), name
        page.write_text(page.read_text("utf-8").replace(old, new), encoding="utf-8")
    add_pages(srcdir, {"math.rst": "Math\n====\n\n:math:`x^2` here.\n"})
    for builder in ("html", "singlehtml"):
        _app, warnings = build_root(srcdir, tmp_path / "out", builder)
        said = [w.split(": ")[0] for w in warnings if "TeX in :" in w]
        assert sorted(said) == ["speakers.rst:6", "talks/circus.rst:5", "tools.rst:6"], warnings
        assert scan(tmp_path / "out" / builder) == [], builder


def test_a_formula_across_inline_markup_leaves_no_link_in_text(tmp_path: Path) -> None:
    """The opening in one piece of text, the link in another: both are code."""
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    page = (
        "Split\n=====\n\n:math:`x`\n\nSee \\\\( *and* \\\\href{javascript:alert(9)}{x}\\\\) here.\n"
    )
    add_pages(srcdir, {"split.rst": page})
    _app, warnings = build_root(srcdir, tmp_path / "out", "html")
    assert [w for w in warnings if "[confnotes.unsafe_math]" in w], warnings
    assert scan(tmp_path / "out" / "html") == []
