"""A Font Awesome icon no font fills warns at its line, in reST and MyST (``icon_font``).

sphinx-design writes an empty ``<span class="fas fa-x">`` that only Font
Awesome's font fills; without ``sd_fontawesome_source = "cdn"`` nothing
loads it and ``make html`` said nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from root_builds import add_pages

ROOT = Path(__file__).parent / "roots" / "test-myst"
RST = "Icons\n=====\n\nA heart :fas:`heart` and a logo :fab:`github`.\n"
MD = "# Icons\n\nA heart {fas}`heart` and\n\na made-up {far}`no-such-octicon-x`.\n"


@pytest.fixture
def icons_src(tmp_path: Path) -> Path:
    src = shutil.copytree(ROOT, tmp_path / "src")
    (src / "talk.md").unlink()  # the root's two formats of one talk: keep one
    add_pages(src, {"icons.rst": RST, "icons_md.md": MD})
    return src


@pytest.mark.parametrize("builder", ["html", "text"])
def test_each_icon_warns_at_its_line_with_the_octicon_to_write(
    make_app: Any, icons_src: Path, warnings_of: Any, builder: str
) -> None:
    app = make_app(builder, srcdir=icons_src, freshenv=True)
    app.build()
    ours = sorted(w for w in warnings_of(app) if "[confnotes.icon_font]" in w)
    assert [w.split(": ", 1)[0] for w in ours] == [
        "icons.rst:4",
        "icons.rst:4",
        "icons_md.md:3",
        "icons_md.md:5",
    ], ours
    said = " ".join(ours)
    assert "write :octicon:`heart` instead" in said  # reST, in reST's markup
    assert "write :octicon:`mark-github` instead" in said  # Font Awesome's name for it
    assert "write {octicon}`heart` instead" in said  # MyST, in MyST's
    assert "'no-such-octicon-x'" in said and "one of sphinx-design's octicons" in said


def test_silenced_by_its_type_or_by_loading_the_font(
    make_app: Any, icons_src: Path, build_suppressing: Any
) -> None:
    quiet = build_suppressing(icons_src, "confnotes.icon_font")
    assert "icon_font" not in quiet.warning.getvalue()
    quiet.cleanup()
    loaded = make_app(
        "html", srcdir=icons_src, freshenv=True, confoverrides={"sd_fontawesome_source": "cdn"}
    )
    loaded.build()
    assert "icon_font" not in loaded.warning.getvalue()
    html = (Path(loaded.outdir) / "icons.html").read_text(encoding="utf-8")
    assert 'class="fas fa-heart"' in html  # the icon stays, for the font to fill
