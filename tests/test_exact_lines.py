"""A warning about an inline role names the role's own line, in reST and MyST.

The parsers give every role of a paragraph the paragraph's first line;
``confnotes.core.lines.InlineLines`` counts the line breaks before each role.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent / "roots" / "test-lines"
UNKNOWN_RE = re.compile(r"^(?P<path>[\w/.-]+):(?P<line>\d+): unknown \w+: '(?P<target>[\w-]+)'")


def role_lines(path: Path) -> dict[str, int]:
    """Target -> the line its role starts on, read from the source (``:tool:`Text\\n<id>```)."""
    text = path.read_text(encoding="utf-8")
    found = {}
    role = r"(?::\w+:|\{\w+\})`([^`]*)`"
    for match in re.finditer(role, text):
        inner = match[1]
        target = re.search(r"<([^>]*)>\s*$", inner)
        found[(target[1] if target else inner).strip()] = text.count("\n", 0, match.start()) + 1
    return found


def test_every_unknown_reference_warns_at_its_roles_line(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Callable[..., list[str]]
) -> None:
    app = make_app("html", srcdir=ROOT, builddir=tmp_path, freshenv=True)
    app.build()
    expected = {
        (name, target): line
        for name in ("index.rst", "page.md")
        for target, line in role_lines(ROOT / name).items()
    }
    found = {}
    for warning in warnings_of(app):
        match = UNKNOWN_RE.match(warning)
        assert match, warning
        found[(match["path"], match["target"])] = int(match["line"])
    assert found == expected
    # not a vacuous comparison: roles below the first line of their block are there
    assert found[("index.rst", "after-wrap")] == 7
    assert found[("index.rst", "wrapped-role")] == 6  # where `:tool:`Wrapped` starts
    assert found[("page.md", "md-in-definition")] == 12
    assert found[("index.rst", "in-title")] == 1  # a reST title's text, not its underline
    # the text itself is untouched
    assert "then second-line on its second line" in app.env.get_doctree("index").astext().replace(
        "\n", " "
    )
