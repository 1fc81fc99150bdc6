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

    monkeypatch.setattr(confnotes.site.safety, "setup_deep_nesting", lambda app: None)
    srcdir = deep_copy(rootdir, tmp_path)
    (srcdir / "fences.md").unlink()
    app = make_app("html", srcdir=srcdir, freshenv=True)
    with pytest.raises(RecursionError):
        app.build()
