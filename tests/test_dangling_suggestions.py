"""A link to an undeclared id warns with today's close ids, also from a page not read again.

The warning names the declared ids close to the one written ("did you
mean 'psutil'?"). A page is written again when what it shows changes, and
its warnings repeated otherwise; a page with such a link showed the
suggestions of the build that last wrote it after a close id was declared
or removed elsewhere. In a copy of ``test-talks``, a talk page links a
mistyped tool and speaker; each edit of the declarations gives the
incremental build the warnings of a fresh one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from root_builds import build_root

ROOT = Path(__file__).parent / "roots" / "test-talks"
TYPOS = "\nTypos: :tool:`psutill` and :speaker:`tarek-ziad`.\n"
#: (file, text, its replacement)
EDITS = {
    "close tool declared": (
        "tools.rst",
        ".. tool:: psutil\n",
        ".. tool:: psutils\n   :category: library\n\n   Another.\n\n.. tool:: psutil\n",
    ),
    "close speaker declared": (
        "speakers.rst",
        ".. speaker:: tarek-ziade\n",
        ".. speaker:: tarek-ziadx\n   :name: Tarek X\n\n.. speaker:: tarek-ziade\n",
    ),
}


def warned(srcdir: Path, builddir: Path, *, fresh: bool) -> list[str]:
    """Build html; return the warnings about the talk page."""
    _app, warnings = build_root(srcdir, builddir, "html", fresh=fresh)
    return sorted(w for w in warnings if w.startswith("talks/kopernik.rst"))


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_the_suggestions_are_a_fresh_builds(tmp_path: Path, edit: str) -> None:
    """After the edit, the incremental build's warnings about the page are a fresh build's."""
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    page = srcdir / "talks" / "kopernik.rst"
    page.write_text(page.read_text("utf-8") + TYPOS, encoding="utf-8")
    before = warned(srcdir, tmp_path / "out", fresh=True)
    name, old, new = EDITS[edit]
    declarations = srcdir / name
    assert old in declarations.read_text("utf-8")
    declarations.write_text(declarations.read_text("utf-8").replace(old, new), "utf-8")
    incremental = warned(srcdir, tmp_path / "out", fresh=False)
    assert incremental == warned(srcdir, tmp_path / "fresh", fresh=True)
    assert incremental != before
