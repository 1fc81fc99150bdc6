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
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from project_scripts import import_script
from sphinx.testing.util import SphinxTestApp
from sphinx.util.matching import patmatch

SCAFFOLD = import_script(Path(__file__).parent.parent / "scripts" / "new_talk.py")
#: the scaffold's reader of conf.py and lister of pages (``scripts/site_pages.py``),
#: the module the scaffold imported: one ScaffoldError class for both
PAGES = sys.modules["site_pages"]

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
            with pytest.raises(PAGES.ScaffoldError, match="is not a glob"):
                PAGES.glob_regex(pattern)
            continue
        assert (PAGES.glob_regex(pattern).match(path) is not None) == expected, (pattern, path)


CONF = """\
extensions = ["myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "drafts", "**/skip-*.rst", "notes?.md", "[ab]side/**"]
templates_path: list[str] = ["_templates"]
html_static_path = ["_static"]
"""

#: other conf.py files over the same tree: each setting the scaffold reads, written as people do
CONFS = {
    "Sphinx's defaults": """\
project = "Nothing set"
""",
    "literal": CONF,
    "grown in place": """\
extensions = []
extensions.append("myst_parser")
exclude_patterns = ["_build"]
exclude_patterns += ["drafts", "**/skip-*.rst"]
exclude_patterns.extend(("notes?.md", "[ab]side/**"))
html_extra_path = ["_static", "_templates"]
""",
    "included only": """\
extensions = ["myst_parser"]
include_patterns = ["index.rst", "talks/**", "?side/*.rst", "linked/**", "caf*"]
exclude_patterns = ["talks/deep"]
""",
    "reST only": """\
source_suffix = ".rst"
exclude_patterns = ["_build"]
""",
    "listed suffixes, no Markdown parser": """\
source_suffix = [".rst", ".md"]
exclude_patterns = ["_build"]
""",
}

FILES = [
    "index.rst",
    "talks/a.rst",
    "talks/b.md",
    "talks/twin.rst",
    "talks/twin.md",  # one page: Sphinx takes the first by name, and warns
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
    unicodedata.normalize("NFC", "naïve.rst"),
    unicodedata.normalize("NFD", "café.rst"),  # as macOS writes it: Sphinx reads it there only
]


def make_root(root: Path, conf: str = CONF) -> Path:
    """The tree of FILES, a folder linked in (Sphinx follows links), and *conf*."""
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("Page\n====\n" if name.endswith(".rst") else "# Page\n")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "linked.rst").write_text("Linked\n======\n", encoding="utf-8")
    (root / "linked").symlink_to(root / "elsewhere", target_is_directory=True)
    (root / "conf.py").write_text(conf, encoding="utf-8")
    return root


@pytest.fixture
def tricky_root(tmp_path: Path) -> Path:
    return make_root(tmp_path / "site")


def nfc(paths: set[Path]) -> set[str]:
    return {unicodedata.normalize("NFC", str(path)) for path in paths}


@pytest.fixture
def sphinx_default_suffixes() -> Iterator[None]:
    """Sphinx's default ``source_suffix``, as it is before any app of this process.

    Sphinx adds a parser's suffix (MyST's ``.md``) to ``config.source_suffix``
    in place, and without a ``source_suffix`` in conf.py that is the default's
    own dict, shared by every later app of the process: a project without
    MyST would read ``.md`` pages after one with it (never in a real build,
    one app per process).
    """
    from sphinx.config import Config

    default = Config.config_values["source_suffix"].default
    before = dict(default)
    default.clear()
    default.update({".rst": "restructuredtext"})
    yield
    default.clear()
    default.update(before)


@pytest.mark.parametrize("conf", CONFS.values(), ids=CONFS)
@pytest.mark.usefixtures("sphinx_default_suffixes")
def test_the_scaffold_finds_the_pages_sphinx_finds(tmp_path: Path, conf: str) -> None:
    root = make_root(tmp_path / "site", conf)
    app = SphinxTestApp("html", srcdir=root, builddir=root / "_build")
    try:
        app.env.find_files(app.config, app.builder)
        expected = {Path(app.env.doc2path(doc)) for doc in app.env.found_docs}
    finally:
        app.cleanup()
    found = set(PAGES.source_files(root))
    assert nfc(found) == nfc(expected)
    assert all(path.exists() for path in found)  # the names as stored, NFD included


def test_the_confs_differ_in_what_they_read(tmp_path: Path) -> None:
    """The draw is not trivial: the conf.py files disagree, and each reads some of each kind."""
    roots = {
        name: make_root(tmp_path / str(n), conf) for n, (name, conf) in enumerate(CONFS.items())
    }
    seen = {
        name: {path.relative_to(root).as_posix() for path in PAGES.source_files(root)}
        for name, root in roots.items()
    }
    assert len({frozenset(pages) for pages in seen.values()}) == len(CONFS) - 2
    assert seen["literal"] == seen["grown in place"]
    assert seen["Sphinx's defaults"] == seen["reST only"]  # the default suffix is .rst
    assert not any(p.endswith(".md") for p in seen["reST only"])
    assert any(p.endswith("linked/linked.rst") for p in seen["included only"])
    assert unicodedata.normalize("NFC", "naïve.rst") in seen["literal"]
    assert not any("drafts" in p for p in seen["literal"])
    assert any("cside" in p for p in seen["literal"])


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
        ("exclude_patterns = ['a']\nexclude_patterns += ['b']\n", ["a", "b"]),
        ("exclude_patterns = ['a']\nexclude_patterns.append('b')\n", ["a", "b"]),
        ("exclude_patterns = []\nexclude_patterns.extend(('a', 'b'))\n", ["a", "b"]),
        ("def exclude(p):\n    exclude_patterns = [p]\n", []),  # a local name
        ("from shared_conf import *\nexclude_patterns = ['a']\n", ["a"]),  # set after it
        ("import os\nexclude_patterns = ['a']\nos.environ.get('X')\n", ["a"]),
        ("", []),
    ],
)
def test_conf_settings_are_read_never_run(tmp_path: Path, text: str, expected: list[str]) -> None:
    (tmp_path / "conf.py").write_text("raise SystemExit('never run')\n" + text, encoding="utf-8")
    assert PAGES.conf_setting(tmp_path, "exclude_patterns", []) == expected


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("exclude_patterns = sorted(['d'])\n", 2),
        ("import os\nexclude_patterns = ['a'] + os.environ['X'].split()\n", 3),
        ("exclude_patterns = ['a']\nif True:\n    exclude_patterns += ['b']\n", 4),
        ("try:\n    exclude_patterns = ['a']\nexcept ImportError:\n    pass\n", 3),
        ("exclude_patterns = []\nexclude_patterns.insert(0, 'a')\n", 3),
        ("exclude_patterns = ['a']\nexclude_patterns += EXTRA\n", 3),
        ("exclude_patterns = ['a']\nexclude_patterns[0] = 'b'\n", 3),
        ("exclude_patterns, x = ['a'], 1\n", 2),
        ("source_suffix = '.rst'\nfrom shared_conf import *\n", 3),  # it may set anything
        ("from shared_conf import patterns as exclude_patterns\n", 2),
        ("for exclude_patterns in [['a']]:\n    pass\n", 2),
        ("with open('x') as exclude_patterns:\n    pass\n", 2),
        ("exclude_patterns = ['a']\ndel exclude_patterns\n", 3),
        # what else can change a setting: code, a function, an alias, a comprehension
        ("exclude_patterns = ['a']\nexec('exclude_patterns = []')\n", 3),
        ("exclude_patterns = ['a']\nglobals()['exclude_patterns'] = []\n", 3),
        ("def add():\n    global exclude_patterns\n    exclude_patterns = []\nadd()\n", 3),
        ("exclude_patterns = ['a']\n_x = exclude_patterns\n_x += ['b']\n", 3),
        ("exclude_patterns = ['a']\n[exclude_patterns.append(p) for p in 'bc']\n", 3),
        ("exclude_patterns = ['a']\n_ = exclude_patterns.append('b')\n", 3),
        ("if (exclude_patterns := ['a']):\n    pass\n", 2),
        ("def setup(app):\n    app.config.exclude_patterns = ['a']\n", 3),
        ("exclude_patterns = ['a']\nclass C:\n    x = exclude_patterns\n", 4),
    ],
)
def test_a_setting_conf_py_computes_is_a_scaffold_error_naming_it(
    tmp_path: Path, text: str, line: int
) -> None:
    """Guessing would number a new talk from the wrong pages: say which setting, where."""
    (tmp_path / "conf.py").write_text("raise SystemExit('never run')\n" + text, encoding="utf-8")
    # code that may set any name: the first setting read (source_suffix) is named
    any_name = ("import *", "exec(", "globals(")
    name = "source_suffix" if any(code in text for code in any_name) else "exclude_patterns"
    with pytest.raises(PAGES.ScaffoldError, match=rf"line {line}: .* what {name} is"):
        PAGES.source_files(tmp_path)


def test_a_setup_that_adds_a_format_makes_the_formats_computed(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(
        "source_suffix = '.rst'\ndef setup(app):\n    app.setup_extension('myst_parser')\n",
        encoding="utf-8",
    )
    with pytest.raises(PAGES.ScaffoldError, match=r"line 3: .* what source_suffix is"):
        PAGES.source_files(tmp_path)


def test_a_computed_extensions_list_counts_markdown_pages(tmp_path: Path) -> None:
    """``extensions`` is often added to under a condition: .md pages are not left out for that."""
    root = make_root(tmp_path / "site", "extensions = []\nif True:\n    extensions += ['x']\n")
    assert any(path.suffix == ".md" for path in PAGES.source_files(root))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source_suffix = 1\n", "source_suffix is 1"),
        ("exclude_patterns = ['[b-!]']\n", "the pattern '[b-!]' is not a glob"),
    ],
)
def test_a_setting_sphinx_cannot_use_is_a_scaffold_error(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "conf.py").write_text(text, encoding="utf-8")
    with pytest.raises(PAGES.ScaffoldError, match=re.escape(message)):
        PAGES.source_files(tmp_path)


def test_a_conf_py_that_does_not_parse_is_a_scaffold_error(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("exclude_patterns = [\n", encoding="utf-8")
    with pytest.raises(PAGES.ScaffoldError, match=r"conf\.py cannot be read"):
        PAGES.source_files(tmp_path)
