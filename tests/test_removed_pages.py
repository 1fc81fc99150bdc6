"""A page deleted from the sources is gone from the output of every builder that wrote it.

Sphinx never deletes a page's file: the old talk stayed in ``html`` (with
its ``_sources`` copy), ``dirhtml`` and ``text``, and the e-book packed it.
In a copy of ``test-talks``, each builder writes, a talk page is deleted
(and taken out of the toctree), and the next build leaves the same files
as a fresh build of what is left; builders sharing one doctree folder
each delete their own.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from root_builds import build_root

ROOT = Path(__file__).parent / "roots" / "test-talks"
BUILDERS = ("html", "dirhtml", "epub", "text")


def build(srcdir: Path, builddir: Path, builder: str, *, fresh: bool) -> Path:
    """Build into ``builddir/<builder>`` (doctrees: ``builddir/doctrees``, shared)."""
    confoverrides = {"epub_copyright": "2013"}
    app, _warnings = build_root(srcdir, builddir, builder, fresh=fresh, confoverrides=confoverrides)
    return Path(app.outdir)


def files(outdir: Path) -> set[str]:
    """Every file of the output, and each e-book's members, but what a build dates."""
    found = {p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file()}
    for book in outdir.glob("*.epub"):
        found |= {f"{book.name}:{name}" for name in zipfile.ZipFile(book).namelist()}
    return {name for name in found if ".buildinfo" not in name}


def test_a_deleted_page_leaves_the_files_of_a_fresh_build(tmp_path: Path) -> None:
    """Each builder in turn on one doctree folder: only the first sees the page removed."""
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    # a page whose name begins another's: only its own files go
    (srcdir / "notes.rst").write_text(":orphan:\n\nNotes\n=====\n", encoding="utf-8")
    (srcdir / "notes.2024.rst").write_text("Notes 2024\n==========\n", encoding="utf-8")
    index = srcdir / "index.rst"
    index.write_text(index.read_text("utf-8") + "   notes.2024\n", "utf-8")
    for builder in BUILDERS:
        build(srcdir, tmp_path / "out", builder, fresh=True)
    (srcdir / "talks" / "kopernik.rst").unlink()
    (srcdir / "notes.rst").unlink()
    index.write_text(index.read_text("utf-8").replace("   talks/kopernik\n", ""), "utf-8")
    for builder in BUILDERS:
        incremental = build(srcdir, tmp_path / "out", builder, fresh=False)
        fresh = build(srcdir, tmp_path / "fresh", builder, fresh=True)
        assert files(incremental) == files(fresh), builder
        assert not [name for name in files(incremental) if "kopernik" in name], builder
    assert "kopernik" not in (tmp_path / "out" / "epub" / "content.opf").read_text("utf-8")
