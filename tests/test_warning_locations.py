"""A warning another package logs without its line is shown at the line of its markup.

docutils (``.. default-role:: ::``: no file at all), sphinx-design (a card's
unreadable image: the page, no line) and MyST with docutils (a math label
written twice: "Duplicate ID", no line) each warn unlocated. The site puts
each at the line of the markup that caused it, serially and with ``-j 2``
(a worker's records are handled in the main process, Sphinx's reading
warnings after the page is read).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docutils import nodes
from docutils.utils import new_document
from root_builds import add_pages, build_root

ROOTS = Path(__file__).parent / "roots"
PAGES = {
    "role.rst": "Role\n====\n\n.. default-role:: ::\n\nText.\n",
    "card.rst": (
        "Card\n====\n\n.. grid::\n\n   .. grid-item-card:: Title\n"
        "      :img-top: nothere.png\n\n      Body.\n"
    ),
    "math.md": "# Math\n\n```{math}\n:label: eq1\na=b\n```\n\n```{math}\n:label: eq1\nc=d\n```\n",
}
#: (page, what the warning says, the line of the markup that caused it)
EXPECTED = [
    ("role.rst", "unknown role name: ::", 4),
    ("card.rst", "image file not readable: nothere.png", 6),
    ("math.md", 'Duplicate ID: "equation-eq1"', 8),
]


@pytest.mark.parametrize("parallel", [1, 2], ids=["serial", "j2"])
def test_each_unlocated_warning_is_at_its_markups_line(tmp_path: Path, parallel: int) -> None:
    """Each warning at the line of its directive, or of the card its image is in."""
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    add_pages(srcdir, PAGES)
    _app, warnings = build_root(srcdir, tmp_path / "out", "html", parallel=parallel)
    for page, words, line in EXPECTED:
        said = [warning for warning in warnings if words in warning]
        assert said, f"no warning {words!r}:\n" + "\n".join(warnings)
        assert all(re.match(rf"{re.escape(page)}:{line}: ", warning) for warning in said), said


def test_a_location_has_a_line_in_each_form_sphinx_takes() -> None:
    """A node (line 0 is none), ``(docname, line)``, ``"path:line"``; else the parent's."""
    from confnotes.site.warning_locations import has_line, lined_ancestor

    document = new_document("page.rst")
    lined, unlined, zero = nodes.paragraph(), nodes.image(), nodes.image()
    lined.line, zero.line = 3, 0
    assert has_line(lined) and has_line(("page", 3)) and has_line("/src/page.rst:3")
    assert not any(map(has_line, [unlined, zero, ("page", None), "/src/page.rst:", None, "page"]))
    document += lined
    lined += unlined
    assert lined_ancestor(unlined) is lined
    assert lined_ancestor(lined) is None
