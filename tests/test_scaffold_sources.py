"""The scaffold reads the pages Sphinx reads: conf.py's exclusions decide, for both.

``scripts/new_talk.py`` runs before any virtualenv exists, so it cannot ask
Sphinx which files are pages; it reads conf.py's literal settings and
matches their globs as Sphinx does. These tests hold the two equal: a talk
in an excluded draft folder is not numbered into a day nor checked for
clashes, and a page Sphinx reads is never skipped.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from project_scripts import import_script
from sphinx.testing.util import SphinxTestApp
from sphinx.util.matching import patmatch

SCAFFOLD = import_script(Path(__file__).parent.parent / "scripts" / "new_talk.py")

#: characters that mean something in a glob, and a few that do not
GLOB_ALPHABET = "ab./*?[]!^\\-"


@pytest.mark.filterwarnings("ignore:Possible:FutureWarning")  # re on "[[" or "[--": both alike
def test_globs_match_as_sphinx_matches_them() -> None:
    """Every pattern and path of a seeded draw: the scaffold's verdict is Sphinx's."""
    draw = random.Random(2013)
    for _ in range(20000):
        pattern = "".join(draw.choices(GLOB_ALPHABET, k=draw.randint(1, 7)))
        path = "".join(draw.choices("ab./-!^[]", k=draw.randint(0, 7)))
        try:
            expected = patmatch(path, pattern) is not None
        except re.error:  # a class Sphinx cannot compile ("[b-!]"): nor can the scaffold
            with pytest.raises(re.error):
                SCAFFOLD.glob_regex(pattern)
            continue
        assert (SCAFFOLD.glob_regex(pattern).match(path) is not None) == expected, (pattern, path)


CONF = """\
extensions = ["myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "drafts", "**/skip-*.rst", "notes?.md", "[ab]side/**"]
templates_path: list[str] = ["_templates"]
html_static_path = ["_static"]
"""

FILES = [
    "index.rst",
    "talks/a.rst",
    "talks/b.md",
    "talks/skip-me.rst",
    "talks/deep/skip-too.rst",
    "drafts/draft.rst",
    "notes1.md",
    "notes12.md",
    "aside/x.rst",
    "cside/x.rst",
    "_templates/layout.rst",
    "_static/readme.md",
    "_build/html/_sources/index.rst",
    ".hidden/page.rst",
    "talks/.#lock.rst",
    "other.txt",
]


@pytest.fixture
def tricky_root(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("Page\n====\n" if name.endswith(".rst") else "# Page\n")
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    return root


def test_the_scaffold_finds_the_pages_sphinx_finds(tricky_root: Path) -> None:
    app = SphinxTestApp("html", srcdir=tricky_root, builddir=tricky_root / "_build")
    try:
        app.env.find_files(app.config, app.builder)
        expected = {Path(app.env.doc2path(doc)) for doc in app.env.found_docs}
    finally:
        app.cleanup()
    found = set(SCAFFOLD.source_files(tricky_root))
    assert found == expected
    # the draw is not trivial: some of each kind
    assert tricky_root / "cside" / "x.rst" in found
    assert tricky_root / "drafts" / "draft.rst" not in found


def test_a_talk_in_an_excluded_folder_is_no_declaration(tricky_root: Path) -> None:
    (tricky_root / "drafts" / "draft.rst").write_text(
        "Draft\n=====\n\n.. talk:: draft-talk\n   :title: Not yet\n", encoding="utf-8"
    )
    (tricky_root / "talks" / "a.rst").write_text(
        "A\n=\n\n.. talk:: real-talk\n   :title: Real\n", encoding="utf-8"
    )
    assert [d.ident for d in SCAFFOLD.find_declarations(tricky_root, "talk")] == ["real-talk"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('exclude_patterns = ["a"]\nexclude_patterns = ["b"]\n', ["b"]),
        ("exclude_patterns: list[str] = ['c']\n", ["c"]),
        ("exclude_patterns = sorted(['d'])\n", []),  # not a literal: Sphinx's default
        ("", []),
    ],
)
def test_conf_settings_are_read_never_run(tmp_path: Path, text: str, expected: list[str]) -> None:
    (tmp_path / "conf.py").write_text("raise SystemExit('never run')\n" + text, encoding="utf-8")
    assert SCAFFOLD.conf_setting(tmp_path, "exclude_patterns", []) == expected


def test_a_conf_py_that_does_not_parse_is_a_scaffold_error(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("exclude_patterns = [\n", encoding="utf-8")
    with pytest.raises(SCAFFOLD.ScaffoldError, match=r"conf\.py cannot be read"):
        SCAFFOLD.source_files(tmp_path)
