"""An e-book built without ``-d`` warns about no file of its own doctree cache.

``sphinx-build -b epub src out`` keeps the cache in ``out/.doctrees``, and
the epub builder warned ``epub.unknown_project_files`` for each cached
doctree (a strict build failed). A copy of ``test-talks`` is built that way,
with a file of an unknown type among its extra files: that one still warns.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.console import strip_escape_sequences
from sphinx.util.docutils import docutils_namespace

ROOT = Path(__file__).parent / "roots" / "test-talks"


@pytest.mark.parametrize("cache_inside", [True, False], ids=["no -d", "-d elsewhere"])
def test_only_files_of_the_project_are_unknown(tmp_path: Path, cache_inside: bool) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    (src / "extra").mkdir()
    (src / "extra" / "notes.unknowntype").write_text("notes", encoding="utf-8")
    out = tmp_path / "out"
    warnings = io.StringIO()
    with docutils_namespace():  # the nodes and directives registered go with it
        app = Sphinx(
            src,
            src,
            out,
            out / ".doctrees" if cache_inside else tmp_path / "doctrees",
            "epub",
            confoverrides={"html_extra_path": ["extra"]},
            status=io.StringIO(),
            warning=warnings,
            freshenv=True,
        )
        app.build()
    assert (out / ".doctrees" / "environment.pickle").is_file() == cache_inside
    unknown = [
        line
        for line in strip_escape_sequences(warnings.getvalue()).splitlines()
        if "[epub.unknown_project_files]" in line
    ]
    assert unknown == [
        "WARNING: unknown mimetype for notes.unknowntype, ignoring [epub.unknown_project_files]"
    ]


def test_a_changed_setting_leaves_no_backup_in_the_book(tmp_path: Path) -> None:
    """Sphinx keeps ``.buildinfo.bak`` once ``html_title`` changes: no warning, not packed."""
    import zipfile

    from root_builds import build_root

    src = shutil.copytree(ROOT, tmp_path / "src")
    said = []
    for number, title in enumerate(("First title", "Second title", "Second title")):
        overrides = {"html_title": title}
        app, warnings = build_root(
            src, tmp_path / "out", "epub", fresh=not number, confoverrides=overrides
        )
        said += warnings
    assert (app.outdir / ".buildinfo.bak").is_file()  # what Sphinx does, which this is about
    assert not [line for line in said if "buildinfo" in line], said
    (book,) = app.outdir.glob("*.epub")
    assert not [name for name in zipfile.ZipFile(book).namelist() if "buildinfo" in name]
