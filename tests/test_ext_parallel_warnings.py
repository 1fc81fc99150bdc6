"""Every warning-producing input of the suite gives the same warnings with ``-j 2``.

Each root is built serially and with ``parallel=2`` (Sphinx 9 reads in
parallel whatever the number of documents); the sets of located, typed
warnings must be equal. Duplicate and orphan checks run after reading, in
the main process, so they do not depend on how documents were shared out.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from root_builds import MYST_INCLUDE_USES_ENV_APP
from sphinx.builders import Builder

ROOTS = Path(__file__).parent / "roots"
#: refs.bib of test-bib with a missing comma, a repeated key and an unquoted value
BROKEN_BIB = Path(__file__).parent / "data" / "broken-refs.bib"


#: what the take-over tests add to test-talks: copies on pages that sort first
COPIES = {
    "aaa-copy.rst": ":orphan:\n\nCopy\n====\n\n.. tool:: psutil\n   :category: library\n\n"
    ".. speaker:: tarek-ziade\n   :name: Tarek Copy\n",
    "talks/00-circus.rst": ":orphan:\n\nCircus\n======\n\n.. talk:: circus\n"
    "   :title: Circus\n   :speaker: tarek-ziade\n   :kind: talk\n   :date: 2013-05-15\n",
}


def warning_root(name: str, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A writable copy of a root whose build warns, and its config overrides."""
    if name == "bib":
        src = shutil.copytree(ROOTS / "test-bib", tmp_path / "src")
        shutil.copyfile(BROKEN_BIB, src / "refs.bib")
        return src, {}
    if name in {"plain-mentions", "duplicates"}:
        src = shutil.copytree(ROOTS / "test-talks", tmp_path / "src")
        if name == "duplicates":
            for page, text in COPIES.items():
                (src / page).write_text(text, encoding="utf-8")
            return src, {}
        kopernik = src / "talks" / "kopernik.rst"
        kopernik.write_text(kopernik.read_text() + "\nWe used psutil and ZeroMQ here.\n")
        return src, {"confnotes_check_plain_mentions": True}
    if name in {"unsafe", "outside-files"}:
        (tmp_path / "outside.txt").write_text("OUTSIDE-SECRET\n", encoding="utf-8")
        (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n OUTSIDE-SECRET")
        (tmp_path / "outside.csv").write_text("OUTSIDE-SECRET,1\n", encoding="utf-8")
    return shutil.copytree(ROOTS / f"test-{name}", tmp_path / "src"), {}


@MYST_INCLUDE_USES_ENV_APP
@pytest.mark.parametrize(
    "name",
    ["bad-input", "bad-markup", "unsafe", "outside-files", "bib", "plain-mentions", "duplicates"],
)
def test_parallel_build_gives_the_same_warnings(
    make_app: Any, tmp_path: Path, warnings_of: Any, monkeypatch: Any, name: str
) -> None:
    reads: list[str] = []
    read_parallel = Builder._read_parallel

    def spy(self: Builder, *args: Any, **kwargs: Any) -> None:
        reads.append("parallel")
        read_parallel(self, *args, **kwargs)

    monkeypatch.setattr(Builder, "_read_parallel", spy)
    src, overrides = warning_root(name, tmp_path)
    serial = make_app(
        "html",
        srcdir=src,
        builddir=tmp_path / "serial",
        freshenv=True,
        confoverrides=overrides,
    )
    serial.build()
    expected = warnings_of(serial)
    assert expected
    serial.cleanup()
    parallel = make_app(
        "html",
        srcdir=src,
        builddir=tmp_path / "parallel",
        freshenv=True,
        confoverrides=overrides,
        parallel=2,
    )
    parallel.build()
    assert reads == ["parallel"]
    assert sorted(warnings_of(parallel)) == sorted(expected)
