"""Under ``-j 2``, pages are written by two writers at once, and the output is the serial one.

Sphinx writes with ``N - 1`` forked writers beside the resolving main
process, so under ``-j 2`` never two at a time
(:mod:`confnotes.site.parallel_writing`). A copy of ``test-talks`` with
added pages is built with an extension that makes each writer, at its
first page, wait for another live writer: they must meet. The same copy
built serially and with ``-j 2``, in html and dirhtml, gives the same
files; a writer that fails fails the build; and sphinx-sitemap still knows
a dirhtml build.
"""

from __future__ import annotations

import filecmp
import shutil
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest
from root_builds import add_pages, sphinx_process

SITE = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).parent / "roots" / "test-talks"
#: pages added to the root: enough for several chunks of writing
ADDED = 12

#: each forked writer, at its first page, waits (15 s at most) for another live writer
RENDEZVOUS = '''\
"""At its first page, a forked writer notes its pid and waits for another live writer."""
import os
import time

FOLDER = os.path.join(os.path.dirname(__file__), "writers")


def note_main(app):
    app.rendezvous_main = os.getpid()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def meet(app, pagename, templatename, context, doctree):
    pid = os.getpid()
    if pid == app.rendezvous_main or getattr(app, "rendezvous_pid", None) == pid:
        return
    app.rendezvous_pid = pid
    os.makedirs(FOLDER, exist_ok=True)
    open(os.path.join(FOLDER, f"writer-{pid}"), "w").close()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        others = [
            int(name.removeprefix("writer-"))
            for name in os.listdir(FOLDER)
            if name.startswith("writer-") and name != f"writer-{pid}"
        ]
        if any(alive(other) for other in others):
            open(os.path.join(FOLDER, f"met-{pid}"), "w").close()
            return
        time.sleep(0.02)


def setup(app):
    app.connect("builder-inited", note_main)
    app.connect("html-page-context", meet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

#: a forked writer fails at its chunk's second page; the main process is slow
#: to resolve the pages after the first chunk (Sphinx's or ours), so the
#: failure is in before the next hand-over
FAILING_WRITER = """\
import os
import time


def note_main(app):
    app.failing_main = os.getpid()


def fail(app, pagename, templatename, context, doctree):
    if os.getpid() != app.failing_main and pagename == "page-01":
        raise RuntimeError("the writer failed")


def slow_resolving(app, doctree, docname):
    if docname > "page-04":
        time.sleep(0.2)


def setup(app):
    app.connect("builder-inited", note_main)
    app.connect("html-page-context", fail)
    app.connect("doctree-resolved", slow_resolving)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def project(root: Path, extension: str = "", conf: str = "") -> Path:
    """A copy of ``test-talks`` with :data:`ADDED` pages, *extension*'s code and *conf* added."""
    src = shutil.copytree(ROOT, root / "src")
    pages = {f"page-{n:02}.rst": f"Page {n}\n{'=' * 12}\n\nSome notes.\n" for n in range(ADDED)}
    add_pages(src, pages)
    added = conf
    if extension:
        (src / "test_writer.py").write_text(extension, encoding="utf-8")
        added += textwrap.dedent(
            """
            import sys, os
            sys.path.insert(0, os.path.dirname(__file__))
            extensions.append("test_writer")
            """
        )
    conf_py = src / "conf.py"
    conf_py.write_text(conf_py.read_text(encoding="utf-8") + added, encoding="utf-8")
    return src


def test_two_writers_write_at_once_under_j2(tmp_path: Path) -> None:
    src = project(tmp_path, RENDEZVOUS)
    result = sphinx_process(SITE / "_ext", src, tmp_path / "out", "-j", "2")
    assert result.returncode == 0, result.stderr
    writers = sorted(p.name for p in (src / "writers").iterdir() if p.name.startswith("writer-"))
    met = sorted(p.name for p in (src / "writers").iterdir() if p.name.startswith("met-"))
    assert met, f"no writer met another: {writers}"


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_j2_writes_the_files_of_a_serial_build(tmp_path: Path, builder: str) -> None:
    src = project(tmp_path)
    outputs = {}
    for name, extra in (("serial", ()), ("j2", ("-j", "2"))):
        out = tmp_path / name
        result = sphinx_process(SITE / "_ext", src, out, "-b", builder, *extra)
        assert result.returncode == 0, result.stderr
        outputs[name] = out
    pages = sorted(p.relative_to(outputs["serial"]) for p in outputs["serial"].rglob("*.html"))
    assert len(pages) > ADDED
    assert pages == sorted(p.relative_to(outputs["j2"]) for p in outputs["j2"].rglob("*.html"))
    differing = [
        p for p in pages if not filecmp.cmp(outputs["serial"] / p, outputs["j2"] / p, shallow=False)
    ]
    assert differing == []


def test_a_failing_writer_fails_the_build(tmp_path: Path) -> None:
    """Sphinx's ``ParallelTasks`` drops the error of a writer that fails before a hand-over.

    It stops the other writers too, and Sphinx's build ended with success.
    Here the build stops with the page and the writer's own error.
    """
    src = project(tmp_path, FAILING_WRITER)
    result = sphinx_process(SITE / "_ext", src, tmp_path / "out", "-j", "2")
    assert result.returncode != 0
    assert "page-01" in result.stderr and "the writer failed" in result.stderr, result.stderr
    assert not (tmp_path / "out" / "page-01.html").exists()


def test_sitemap_knows_a_dirhtml_build(tmp_path: Path) -> None:
    """sphinx-sitemap tells dirhtml by the builder's class name: each page once, by its folder."""
    base = "https://example.invalid/"
    conf = (
        f'\nextensions.append("sphinx_sitemap")\nhtml_baseurl = "{base}"\n'
        'sitemap_url_scheme = "{link}"\n'
    )
    src = project(tmp_path, conf=conf)
    out = tmp_path / "out"
    result = sphinx_process(SITE / "_ext", src, out, "-b", "dirhtml", "-j", "2")
    assert result.returncode == 0, result.stderr
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(out / "sitemap.xml").getroot()
    locs = [loc.text or "" for loc in root.findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs)) > ADDED
    assert [loc for loc in locs if loc.endswith(".html")] == []
    assert f"{base}page-05/" in locs
