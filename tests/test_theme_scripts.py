"""Sphinx's search highlighter reaches the site without its ``javascript:`` link.

Every HTML builder ships ``_static/sphinx_highlight.js``; Sphinx's writes a
"Hide Search Matches" link to ``javascript:SphinxHighlight.hideSearchWords()``.
The site's copy has a plain link and a listener (the browser test in
``browser/test_search.py`` clicks it), the rest of the file unchanged. A
project's own copy of the file is the one rewritten; one without the link is
shipped as it is. Without the rewrite, the scan finds the link.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from output_scan import scan

ROOT = "test-talks"
SCRIPT = "sphinx_highlight.js"


def sphinx_script() -> str:
    """The highlighter as the installed Sphinx ships it."""
    import sphinx

    path = Path(sphinx.__file__).parent / "themes" / "basic" / "static" / SCRIPT
    return path.read_text(encoding="utf-8")


def shipped(outdir: Path) -> str:
    """The highlighter a build wrote (an epub's is beside the book, which leaves scripts out)."""
    return (outdir / "_static" / SCRIPT).read_text(encoding="utf-8")


def rewritten(text: str) -> str:
    """*text* as the site ships it: the link plain, the listener after."""
    from confnotes.site.safety.theme_scripts import LISTENER, SCRIPT_LINK_RE

    return SCRIPT_LINK_RE.sub('href="#"', text) + LISTENER


def test_sphinx_still_writes_the_link() -> None:
    """What the rewrite exists for: if Sphinx drops the link, so can the rewrite."""
    from confnotes.site.safety.theme_scripts import SCRIPT_LINK_RE

    assert SCRIPT_LINK_RE.search(sphinx_script())


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "epub"])
def test_the_highlighter_ships_with_a_plain_link(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, builder: str
) -> None:
    app = make_app(builder, srcdir=rootdir / ROOT, builddir=tmp_path, freshenv=True)
    app.build()
    text = shipped(Path(app.outdir))
    assert "javascript:" not in text
    assert text == rewritten(sphinx_script())
    assert scan(Path(app.outdir)) == []


def test_a_projects_own_highlighter_is_the_one_rewritten(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    srcdir = shutil.copytree(rootdir / ROOT, tmp_path / "src")
    (srcdir / "_static").mkdir()
    own = "/* the project's own */\n" + sphinx_script()
    (srcdir / "_static" / SCRIPT).write_text(own, encoding="utf-8")
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"html_static_path": ["_static"]}
    )
    app.build()
    text = shipped(Path(app.outdir))
    assert text == rewritten(own)


def test_a_highlighter_without_the_link_ships_as_it_is(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    srcdir = shutil.copytree(rootdir / ROOT, tmp_path / "src")
    (srcdir / "_static").mkdir()
    own = sphinx_script().replace("javascript:SphinxHighlight.hideSearchWords()", "#hide")
    (srcdir / "_static" / SCRIPT).write_text(own, encoding="utf-8")
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"html_static_path": ["_static"]}
    )
    app.build()
    assert shipped(Path(app.outdir)) == own
    from confnotes.site.safety.theme_scripts import FOLDER

    assert not [path for path in app.config.html_static_path if path.endswith(FOLDER)]


def test_without_the_rewrite_the_scan_finds_the_link(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confnotes.site.safety import theme_scripts

    monkeypatch.setattr(theme_scripts, "without_script_link", lambda text: None)
    app = make_app("html", srcdir=rootdir / ROOT, builddir=tmp_path, freshenv=True)
    app.build()
    assert f"_static/{SCRIPT}: 'javascript:'" in scan(Path(app.outdir))


def test_a_build_that_changes_nothing_leaves_the_copy_alone(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    """The rewritten file is written once: a second build finds it as it left it."""
    from confnotes.site.safety.theme_scripts import FOLDER

    app = make_app("html", srcdir=rootdir / ROOT, builddir=tmp_path, freshenv=True)
    app.build()
    copy = Path(app.doctreedir) / FOLDER / SCRIPT
    written = copy.stat().st_mtime_ns
    again = make_app("html", srcdir=rootdir / ROOT, builddir=tmp_path)
    again.build()
    assert copy.stat().st_mtime_ns == written
    assert "javascript:" not in shipped(Path(again.outdir))
