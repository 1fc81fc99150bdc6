"""An edited stylesheet of ``_static`` is linked with its new checksum from every page.

Sphinx links ``site.css?v=<checksum>``, taken when a page is written, and
an edit of the stylesheet alone wrote no page: every page kept the old
checksum (readers kept the old stylesheet) until ``-E``. In a copy of
``test-talks`` with a stylesheet of its own, the incremental build after
the edit links it as a fresh build does, from every page; a build with
nothing changed then writes no page of the sources.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent / "roots" / "test-talks"
CONF = '\nhtml_static_path = ["_static"]\nhtml_css_files = ["site.css"]\n'
#: pages Sphinx makes of no source
SPHINXS = {"genindex", "search", "py-modindex"}
LINK_RE = re.compile(r"site\.css\?v=[0-9a-f]+")


def build(srcdir: Path, builddir: Path, *, fresh: bool, builder: str = "html") -> dict[str, str]:
    """Build in a process of its own (Sphinx keeps checksums for its process's life).

    Return each html page's link to the stylesheet.
    """
    outdir = builddir / builder
    command = [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-d", str(builddir / "d")]
    done = subprocess.run(
        [*command, *(["-E"] if fresh else []), str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "_ext")},
    )
    assert done.returncode == 0, done.stderr
    links = {}
    for page in outdir.rglob("*.html"):
        found = LINK_RE.findall(page.read_text("utf-8"))
        links[page.relative_to(outdir).as_posix()] = found[0] if found else ""
    return links


def test_every_page_links_the_edited_stylesheet_anew(tmp_path: Path) -> None:
    """Incremental equals fresh, on every page; a no-op then writes no page of the sources."""
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text("utf-8") + CONF, "utf-8")
    (srcdir / "_static").mkdir()
    stylesheet = srcdir / "_static" / "site.css"
    stylesheet.write_text("body { margin: 0; }\n", encoding="utf-8")
    before = build(srcdir, tmp_path / "out", fresh=True)
    assert all(before.values()), before
    stylesheet.write_text("body { margin: 1px; }\n", encoding="utf-8")
    incremental = build(srcdir, tmp_path / "out", fresh=False)
    assert incremental == build(srcdir, tmp_path / "fresh", fresh=True)
    assert set(incremental.values()).isdisjoint(before.values())
    # the pages of the sources (Sphinx writes its index and search pages again when it
    # finds the configuration changed, which it does on every build here: README.md)
    pages = [p for p in (tmp_path / "out" / "html").rglob("*.html") if p.stem not in SPHINXS]
    stamps = {p: p.stat().st_mtime_ns for p in pages}
    build(srcdir, tmp_path / "out", fresh=False)
    assert stamps == {p: p.stat().st_mtime_ns for p in stamps}


def test_builders_sharing_the_doctrees_write_nothing_again(tmp_path: Path) -> None:
    """html, then LaTeX (no static folder of the html builders) on one doctree folder, then html.

    Each builder's static files are its own: the LaTeX build is no change
    of the html build's, and the html build after it writes no page.
    """
    srcdir = shutil.copytree(ROOT, tmp_path / "src")
    build(srcdir, tmp_path / "out", fresh=True)
    pages = [p for p in (tmp_path / "out" / "html").rglob("*.html") if p.stem not in SPHINXS]
    stamps = {p: p.stat().st_mtime_ns for p in pages}
    build(srcdir, tmp_path / "out", fresh=False, builder="latex")
    build(srcdir, tmp_path / "out", fresh=False)
    assert stamps == {p: p.stat().st_mtime_ns for p in stamps}
