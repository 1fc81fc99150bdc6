"""A page makes a bounded number of inclusions, however its files include each other.

Twenty files of a few bytes, each including the next one twice, made 2^19
inclusions: the build ran for minutes, with no circle for the recursion
check to find. In a copy of ``test-page-files``, a reST page and a MyST
page include such a chain: each warns ``confnotes.include_count`` once, at
the include that went past the budget, and the build ends in seconds with
the first inclusions shown.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DEPTH = 20


def chain(folder: Path, suffix: str, include: Callable[[str], str]) -> None:
    """Files ``l0`` to ``l{DEPTH}``, each including the next one twice."""
    for level in range(DEPTH):
        nxt = f"parts/l{level + 1}{suffix}"  # from the page, as Sphinx and MyST read it
        (folder / f"l{level}{suffix}").write_text(
            f"Level {level}.\n\n{include(nxt)}\n{include(nxt)}\n", encoding="utf-8"
        )
    (folder / f"l{DEPTH}{suffix}").write_text("leaf text\n", encoding="utf-8")


#: MyST's ``include`` reads ``env.app``, deprecated in Sphinx 9 (not our code)
@pytest.mark.filterwarnings("ignore:'sphinx.environment.BuildEnvironment.app' is deprecated")
@pytest.mark.parametrize("markup", ["rst", "md"])
def test_a_page_stops_including_past_its_budget(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, markup: str
) -> None:
    from confnotes.site.safety.includes import MAX_INCLUDES

    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    parts = srcdir / "parts"
    parts.mkdir()
    if markup == "rst":
        chain(parts, ".inc", lambda name: f".. include:: {name}\n")
        page = "Fan out\n=======\n\n.. include:: parts/l0.inc\n"
    else:
        chain(parts, ".inc.md", lambda name: f"```{{include}} {name}\n```\n")
        page = "# Fan out\n\n```{include} parts/l0.inc.md\n```\n"
    (srcdir / f"fan.{markup}").write_text(page, encoding="utf-8")
    start = time.perf_counter()
    app = make_app(
        "html", srcdir=srcdir, freshenv=True, confoverrides={"exclude_patterns": ["parts"]}
    )
    app.build()
    assert time.perf_counter() - start < 30
    ours = [w for w in warnings_of(app) if "[confnotes.include_count]" in w]
    assert len(ours) == 1, warnings_of(app)
    assert f"has made {MAX_INCLUDES} inclusions already" in ours[0]
    # at the include left out: a line of a file of the chain that is an include
    place, line = ours[0].split(":")[:2]
    written = (srcdir / place).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert place.startswith("parts/l") and "include" in written, ours[0]
    html = (Path(app.outdir) / "fan.html").read_text(encoding="utf-8")
    assert "leaf text" in html and "Level 0." in html
    assert html.count("leaf text") <= MAX_INCLUDES
