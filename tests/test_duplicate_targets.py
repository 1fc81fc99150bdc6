"""A label or glossary term written twice warns ``confnotes.duplicate_target``, in every build.

Sphinx's own message is untyped, and under ``-j`` two pages read by two
workers gave none at all. In a copy of ``test-page-files``: a label on two
pages, a term on two pages (in another case), and a term twice in one
glossary. Serial, parallel, incremental (one page read) and no-op builds
give the same typed warnings, each at its place after the first, and no
untyped one; ``suppress_warnings`` silences them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

PAGES = {
    "dup-a.rst": ".. _shared-label:\n\nFirst\n=====\n\n.. glossary::\n\n   Widget\n      One.\n",
    "dup-b.rst": (
        "Second\n======\n\nSee :ref:`shared-label`.\n\n.. _shared-label:\n\nPart\n----\n\n"
        ".. glossary::\n\n   widget\n      Two.\n"
    ),
    "dup-c.rst": (
        "Third\n=====\n\n.. glossary::\n\n   Gadget\n      One.\n\n   Gadget\n      Two.\n"
    ),
}
EXPECTED = [
    "dup-b.rst:6: label 'shared-label' is also written in dup-a.rst, line 1",
    "dup-b.rst:13: term 'widget' is also written in dup-a.rst, line 8",
    "dup-c.rst:9: term 'Gadget' is also written in dup-c.rst, line 6",
]


def copy(rootdir: Path, tmp_path: Path) -> Path:
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    for name, text in PAGES.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    return srcdir


def duplicates(warnings: list[str]) -> list[str]:
    """Our warnings, without their advice; and a failure for any untyped duplicate message."""
    untyped = [w for w in warnings if "duplicate" in w and "[confnotes." not in w]
    assert untyped == [], untyped
    ours = [w for w in warnings if w.endswith("[confnotes.duplicate_target]")]
    return sorted(w.split(": links to it")[0] for w in ours)


def test_each_extra_place_warns_the_same_in_every_build(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    srcdir = copy(rootdir, tmp_path)
    serial = make_app("html", srcdir=srcdir, builddir=tmp_path / "serial", freshenv=True)
    serial.build()
    assert duplicates(warnings_of(serial)) == sorted(EXPECTED)
    parallel = make_app(
        "html", srcdir=srcdir, builddir=tmp_path / "parallel", freshenv=True, parallel=2
    )
    parallel.build()
    assert duplicates(warnings_of(parallel)) == sorted(EXPECTED)
    page = srcdir / "dup-b.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    again = make_app("html", srcdir=srcdir, builddir=tmp_path / "serial")
    again.build()
    assert "1 changed" in again._status.getvalue()
    assert duplicates(warnings_of(again)) == sorted(EXPECTED)
    noop = make_app("html", srcdir=srcdir, builddir=tmp_path / "serial")
    noop.build()
    assert duplicates(warnings_of(noop)) == sorted(EXPECTED)


def test_suppress_warnings_silences_them(
    build_suppressing: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    app = build_suppressing(copy(rootdir, tmp_path), "confnotes.duplicate_target")
    assert [w for w in warnings_of(app) if "duplicate" in w] == []
