"""A page file that links outside the project, or whose name reads as a URL scheme, is not built.

The root ``test-page-files`` lists every page; each test adds, in a copy, a
page that is a symbolic link to a file outside the source directory, a
linked folder outside it holding a page, and a page named
``javascript:alert(1)<!--`` (its URL, relative to the front page beside it,
would run script), and a page whose name closes the attribute it is written
into (``q" onmouseover="alert(2)" x="``). Each warns ``confnotes.unsafe_page`` at its file; no
output holds any of them, in html and dirhtml. Without the check, the scan
finds the link and the outside files' text is published.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from output_scan import scan

SECRET = "OUTSIDE-SECRET"
COLON_PAGE = "javascript:alert(1)<!--"
#: a name that closes the attribute Sphinx writes it into, and opens a handler
QUOTE_PAGE = 'q" onmouseover="alert(2)" x="'


def hostile_copy(rootdir: Path, tmp_path: Path) -> Path:
    """A copy of the root with the symbolic link and the colon page."""
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    outside = tmp_path / "outside.rst"
    outside.write_text(f"Secret\n======\n\n{SECRET}\n", encoding="utf-8")
    (srcdir / "talks" / "linked.rst").symlink_to(outside)
    folder = tmp_path / "outside-folder"
    folder.mkdir()
    (folder / "page.rst").write_text(f"Secret too\n==========\n\n{SECRET}\n", encoding="utf-8")
    (srcdir / "talks" / "linked-folder").symlink_to(folder, target_is_directory=True)
    (srcdir / f"{COLON_PAGE}.rst").write_text("Colon\n=====\n\nText.\n", "utf-8")
    (srcdir / "talks" / f"{QUOTE_PAGE}.rst").write_text("Quote\n=====\n\nText.\n", "utf-8")
    return srcdir


def outputs(outdir: Path) -> str:
    """Every written file's text (the doctrees and the pickled environment aside)."""
    return "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in outdir.rglob("*")
        if path.is_file() and ".doctrees" not in path.parts and path.suffix != ".pickle"
    )


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_unsafe_page_files_are_not_built(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    app = make_app(builder, srcdir=hostile_copy(rootdir, tmp_path), freshenv=True)
    app.build()
    assert sorted(warnings_of(app)) == [
        f"{COLON_PAGE}.rst:1: page '{COLON_PAGE}.rst' is not built: its name holds"
        " a colon, and a link to it would read as a URL scheme [confnotes.unsafe_page]",
        "talks/linked-folder/page.rst:1: page 'talks/linked-folder/page.rst' is not built:"
        " it links to a file outside the source directory [confnotes.unsafe_page]",
        "talks/linked.rst:1: page 'talks/linked.rst' is not built: it links to a file outside"
        " the source directory [confnotes.unsafe_page]",
        f"talks/{QUOTE_PAGE}.rst:1: page 'talks/{QUOTE_PAGE}.rst' is not built: its name holds"
        " '\"', which links to it would write into the pages' markup: name it with letters,"
        " digits, '-', '_' and '.' [confnotes.unsafe_page]",
    ]
    assert scan(Path(app.outdir)) == []
    written = outputs(Path(app.outdir))
    assert SECRET not in written and "alert(1)" not in written and "alert(2)" not in written
    assert "A plain page" in written


def test_the_warning_can_be_suppressed(
    build_suppressing: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    app = build_suppressing(hostile_copy(rootdir, tmp_path), "confnotes.unsafe_page")
    assert "confnotes" not in app.warning.getvalue()
    assert SECRET not in outputs(Path(app.outdir))


def test_an_unchanged_tree_is_not_read_again(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path
) -> None:
    """Excluding the same files each build leaves the configuration as it was."""
    srcdir = hostile_copy(rootdir, tmp_path)
    make_app("html", srcdir=srcdir, freshenv=True).build()
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()


def test_without_the_check_both_are_published(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confnotes.site.safety import page_files

    monkeypatch.setattr(page_files, "page_problem", lambda *args: "")
    # furo writes the page's name into its "view this page" link as it is
    srcdir = hostile_copy(rootdir, tmp_path)
    app = make_app("dirhtml", srcdir=srcdir, freshenv=True, confoverrides={"html_theme": "furo"})
    app.build()
    assert SECRET in outputs(Path(app.outdir))
    problems = scan(Path(app.outdir))
    assert any("javascript:alert(1)" in problem for problem in problems), problems
    assert any("onmouseover" in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("name", "refused"),
    [
        ("talks/za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105.rst", False),  # letters, a space
        ("talks/q&a.rst", True),
        ("talks/txt.\u202egnp.rst", True),  # reads as "talks/txt.png.rst" backwards
        ("talks/100%.rst", True),
    ],
)
def test_a_name_is_refused_for_its_characters_only(
    tmp_path: Path, name: str, refused: bool
) -> None:
    from confnotes.site.safety.page_files import page_problem

    assert bool(page_problem(tmp_path, name, {})) == refused
