"""A page nested deeper than the parser can follow is shown as its text; the rest builds.

Docutils and MyST parse each level by calling themselves again: 180 block
quotes, each a space deeper, or 200 fences in fences, ran into Python's
recursion limit and stopped the whole build. In a copy of
``test-page-files``, such a reST page and such a MyST page each warn
``confnotes.deep_nesting`` at their deepest line and show their text; the
other pages are built as usual, in every builder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

LEVELS = 400
#: a glossary term its parse notes before it runs out of depth, which must not point at nothing
QUOTES = "Deep\n====\n\n.. glossary::\n\n   Deep term\n      A term.\n\n" + "\n".join(
    f"{' ' * i}quote {i}\n" for i in range(LEVELS)
)
FENCES = (
    "# Deep fences\n\n"
    + "".join(":" * (LEVELS + 3 - i) + "{note}\n" for i in range(LEVELS))
    + "inside\n"
    + "".join(":" * (i + 4) + "\n" for i in range(LEVELS))
)


def deep_copy(rootdir: Path, tmp_path: Path) -> Path:
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "quotes.rst").write_text(QUOTES, encoding="utf-8")
    (srcdir / "fences.md").write_text(FENCES, encoding="utf-8")
    return srcdir


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_a_page_too_deep_is_shown_as_text(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    app = make_app(
        builder,
        srcdir=deep_copy(rootdir, tmp_path),
        freshenv=True,
        confoverrides={"myst_enable_extensions": ["colon_fence"]},  # as the site has it
    )
    app.build()
    ours = sorted(w for w in warnings_of(app) if "[confnotes.deep_nesting]" in w)
    assert [w.split(": ")[0] for w in ours] == [
        f"fences.md:{LEVELS + 2}",
        f"quotes.rst:{LEVELS * 2 + 7}",
    ]
    if builder == "html":
        quotes = (Path(app.outdir) / "quotes.html").read_text(encoding="utf-8")
        assert f"quote {LEVELS - 1}" in quotes and "<pre" in quotes
        assert "inside" in (Path(app.outdir) / "fences.html").read_text(encoding="utf-8")
        assert (Path(app.outdir) / "about.html").is_file()
        terms = {name for (kind, name) in app.env.get_domain("std").objects if kind == "term"}
        assert "Deep term" not in terms  # forgotten with the failed parse


def test_without_the_guard_the_build_stops(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.site.safety

    monkeypatch.setattr(confnotes.site.safety, "setup_parse_guard", lambda app: None)
    srcdir = deep_copy(rootdir, tmp_path)
    (srcdir / "fences.md").unlink()
    app = make_app("html", srcdir=srcdir, freshenv=True)
    with pytest.raises(RecursionError):
        app.build()


#: a list item numbered with more digits than Python reads (docutils reads it as an int)
LONG_NUMBER = "Numbered\n========\n\nIntro.\n\n" + "9" * 4301 + ". item\n"


@pytest.mark.parametrize("builder", ["html", "text"])
def test_a_number_python_cannot_read_shows_the_page_as_text(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    """``ValueError: Exceeds the limit (4300 digits)`` stopped every builder (helper-65)."""
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "numbered.rst").write_text(LONG_NUMBER, encoding="utf-8")
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    ours = [w for w in warnings_of(app) if "[confnotes.long_number]" in w]
    assert [w.split(": ")[0] for w in ours] == ["numbered.rst:6"]
    suffix = ".html" if builder == "html" else ".txt"
    assert "9" * 4301 in (Path(app.outdir) / f"numbered{suffix}").read_text(encoding="utf-8")
    assert (Path(app.outdir) / f"about{suffix}").is_file()


def test_a_long_number_in_an_included_file_is_located_in_that_file(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    """Located at the included file's line, not at the page's own longest number."""
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "parts").mkdir()
    (srcdir / "parts" / "long.txt").write_text(f"Some text.\n\n{'9' * 4301}. item\n")
    page = "Numbered\n========\n\nA year, 2013, and 12345678 visitors.\n\n"
    (srcdir / "numbered.rst").write_text(page + ".. include:: parts/long.txt\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    ours = [w for w in warnings_of(app) if "[confnotes.long_number]" in w]
    assert [w.split(": ")[0] for w in ours] == ["parts/long.txt:3"], ours
    assert (Path(app.outdir) / "numbered.html").is_file()


#: what indents the text writer's state past its 70 columns: a long list number, a
#: citation's and a footnote's long labels, 25 block quotes in one another
INDENTED = (
    "Indented\n========\n\n"
    + "9" * 70
    + ". item\n\n"
    + f"See [{'A' * 70}]_ and [{'9' * 70}]_.\n\n"
    + f".. [{'A' * 70}] the work\n\n.. [{'9' * 70}] the note\n\n"
    + "\n".join(f"{' ' * 3 * i}quote {i}\n" for i in range(25))
)


def test_text_indented_past_the_writers_width_is_written_unwrapped(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    """Sphinx wrapped it to a width of 0 or less: ``ValueError: invalid width`` (helper-65)."""
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "indented.rst").write_text(INDENTED, encoding="utf-8")
    app = make_app("text", srcdir=srcdir, freshenv=True)
    app.build()
    text = (Path(app.outdir) / "indented.txt").read_text(encoding="utf-8")
    assert "the work" in text and "the note" in text and "quote 24" in text
    assert not [w for w in warnings_of(app) if "indented.rst" in w]
