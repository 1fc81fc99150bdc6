"""A toctree that loops back is cut with a warning, and the build goes on.

Sphinx follows toctrees from the root page without stopping at a page seen
before: a talk whose toctree lists ``/index`` stopped every build with a
``RecursionError``. In a copy of ``test-talks``, one talk lists the front
page and two pages list each other; each loop is cut at its line, the
build ends, and so do the incremental builds after it and after the loop
is removed. Without the cut the same pages stop the build.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = "test-talks"
#: a page whose toctree lists the front page, and two that list each other
PAGES = {
    "talks/back.rst": "Back\n====\n\nText.\n\n.. toctree::\n\n   /index\n",
    "talks/ping.rst": "Ping\n====\n\n.. toctree::\n\n   pong\n",
    "talks/pong.rst": "Pong\n====\n\nText.\n\n.. toctree::\n\n   ping\n",
}
CUTS = [
    "talks/back.rst:6: toctree entry 'index' leads back to a page above this one",
    "talks/pong.rst:6: toctree entry 'talks/ping' leads back to a page above this one",
]


def looping_copy(rootdir: Path, tmp_path: Path) -> Path:
    """The root with the looping pages, listed by the front page."""
    srcdir = shutil.copytree(rootdir / ROOT, tmp_path / "src")
    for name, text in PAGES.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    index = srcdir / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "   talks/circus\n", "   talks/circus\n   talks/back\n   talks/ping\n"
        ),
        encoding="utf-8",
    )
    return srcdir


def cuts(warnings: list[str]) -> list[str]:
    return sorted(w.split(": left out")[0] for w in warnings if "[confnotes.toctree_cycle]" in w)


@pytest.mark.parametrize("builder", ["html", "epub"])
def test_each_loop_is_cut_at_its_line(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    """The e-book's navigation stopped the build on a loop; no builder meets one now."""
    srcdir = looping_copy(rootdir, tmp_path)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert cuts(warnings_of(app)) == CUTS
    assert not [w for w in warnings_of(app) if "toc.circular" in w], "Sphinx meets no loop"
    if builder == "epub":
        return
    assert (Path(app.outdir) / "talks" / "back.html").is_file()
    # the loops are still cut on the next build (which warns again, reading nothing)
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert cuts(warnings_of(again)) == CUTS
    # and a page that no longer loops is linked again, as in a fresh build
    (srcdir / "talks" / "pong.rst").write_text("Pong\n====\n\nText.\n", encoding="utf-8")
    fixed = make_app("html", srcdir=srcdir)
    fixed.build()
    assert cuts(warnings_of(fixed)) == [CUTS[0]]
    assert fixed.env.collect_relations()["talks/pong"][0] == "talks/ping"


def test_a_loop_that_is_not_cut_stops_the_build(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the cuts are for: Sphinx and sphinxcontrib-bibtex recurse until Python stops them.

    Neither the page's own toctree leaves the entry out (``toctree_places``)
    nor the relations lose it (``toctree_cycles``).
    """
    from confnotes.site.safety import toctree_cycles, toctree_places

    monkeypatch.setattr(toctree_cycles, "back_edges", lambda root, includes: [])
    monkeypatch.setattr(toctree_places, "second_places", lambda root, written: {})
    app = make_app("html", srcdir=looping_copy(rootdir, tmp_path), freshenv=True)
    with pytest.raises(RecursionError):
        app.build()


@pytest.mark.parametrize(
    ("includes", "edges"),
    [
        ({"r": ["a"], "a": ["b"], "b": ["a"]}, [("b", "a")]),
        ({"r": ["a"], "a": ["a"]}, [("a", "a")]),
        ({"r": ["a", "b"], "a": ["c"], "b": ["c"], "c": []}, []),  # seen twice, no loop
        ({"r": ["a"], "a": ["r"], "x": ["x"]}, [("a", "r")]),  # x is not reached
        ({"r": ["a"], "a": ["r", "r"]}, [("a", "r")]),  # listed twice, one loop
    ],
)
def test_back_edges(includes: dict[str, list[str]], edges: list[tuple[str, str]]) -> None:
    from confnotes.site.safety.toctree_cycles import back_edges

    assert back_edges("r", includes) == edges


def test_a_long_chain_is_no_loop() -> None:
    from confnotes.site.safety.toctree_cycles import back_edges

    chain = {f"p{i}": [f"p{i + 1}"] for i in range(5000)}
    assert back_edges("p0", chain) == []
