"""Under ``-j 2``, pages are written by two writers at once, and the output is the serial one.

Sphinx writes with ``N - 1`` forked writers beside the resolving main
process, so under ``-j 2`` never two at a time
(:mod:`confnotes.site.parallel_writing`). A copy of ``test-talks`` with
added pages is built with a slow writer (an extension that takes a quarter
of a second over each page it writes in a worker and notes when), so that
a chunk is still being written when the next is handed over: two writers'
spans must overlap. The same copy built serially and with ``-j 2``, in
html and dirhtml, gives the same files.
"""

from __future__ import annotations

import filecmp
import itertools
import shutil
import textwrap
from pathlib import Path

import pytest
from root_builds import add_pages, sphinx_process

SITE = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).parent / "roots" / "test-talks"
#: pages added to the root: enough for several chunks of writing
ADDED = 12

SLOW_WRITER = '''\
"""In a forked writer, take a while over each page and note its span."""
import os
import time

SPANS = os.path.join(os.path.dirname(__file__), "spans.txt")


def note_main(app):
    app.slow_writer_main = os.getpid()


def slow_page(app, pagename, templatename, context, doctree):
    if os.getpid() == app.slow_writer_main or doctree is None:
        return
    start = time.monotonic()
    time.sleep(0.25)
    with open(SPANS, "a", encoding="utf-8") as spans:
        spans.write(f"{os.getpid()} {start} {time.monotonic()}\\n")


def setup(app):
    app.connect("builder-inited", note_main)
    app.connect("html-page-context", slow_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def project(root: Path, *, slow: bool) -> Path:
    """A copy of ``test-talks`` with :data:`ADDED` pages (and the slow writer if *slow*)."""
    src = shutil.copytree(ROOT, root / "src")
    pages = {f"page-{n:02}.rst": f"Page {n}\n{'=' * 12}\n\nSome notes.\n" for n in range(ADDED)}
    add_pages(src, pages)
    if slow:
        (src / "slow_writer.py").write_text(SLOW_WRITER, encoding="utf-8")
        conf = src / "conf.py"
        conf.write_text(
            conf.read_text(encoding="utf-8")
            + textwrap.dedent(
                """
                import sys, os
                sys.path.insert(0, os.path.dirname(__file__))
                extensions.append("slow_writer")
                """
            ),
            encoding="utf-8",
        )
    return src


def spans(src: Path) -> dict[int, tuple[float, float]]:
    """pid -> (first start, last end) of the pages each writer wrote."""
    found: dict[int, tuple[float, float]] = {}
    for line in (src / "spans.txt").read_text(encoding="utf-8").splitlines():
        pid, start, end = line.split()
        first, last = found.get(int(pid), (float(start), float(end)))
        found[int(pid)] = (min(first, float(start)), max(last, float(end)))
    return found


def test_two_writers_write_at_once_under_j2(tmp_path: Path) -> None:
    src = project(tmp_path, slow=True)
    result = sphinx_process(SITE / "_ext", src, tmp_path / "out", "-j", "2")
    assert result.returncode == 0, result.stderr
    writers = sorted(spans(src).values())
    assert len(writers) > 2  # several chunks, each its writer
    overlapping = [(one, other) for one, other in itertools.pairwise(writers) if other[0] < one[1]]
    assert overlapping, writers


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_j2_writes_the_files_of_a_serial_build(tmp_path: Path, builder: str) -> None:
    src = project(tmp_path, slow=False)
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
