"""A page that keeps a placeholder of the scaffold warns at its line (``placeholder``).

The scaffold's introduction, kept, was published as the talk's description
and a strict ``make html`` said nothing. Wrapped as the scaffold or an
editor wraps it, in reST, MyST and an included file.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from root_builds import add_pages


def test_each_kept_placeholder_warns_where_it_is(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    from confnotes.core.placeholders import INTRO_PLACEHOLDER, NOTES_PLACEHOLDER

    src = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    intro = textwrap.fill(INTRO_PLACEHOLDER, 30)
    (src / "part.txt").write_text(f"First.\n\n{NOTES_PLACEHOLDER}\n", encoding="utf-8")
    add_pages(
        src,
        {
            "kept.rst": f"Kept\n====\n\n{intro}\n\n* {NOTES_PLACEHOLDER}\n"
            "* A point of the notes.\n\n.. include:: part.txt\n",
            "kept_md.md": f"# Kept md\n\nOwn words.\n\n{intro}\n",
            "done.rst": "Done\n====\n\nIntroduce the talk here: a sentence of the talk's own.\n",
        },
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    ours = sorted(w for w in warnings_of(app) if "[confnotes.placeholder]" in w)
    assert [w.split(": ", 1)[0] for w in ours] == [
        "kept.rst:4",
        "kept.rst:8",
        "kept_md.md:5",
        "part.txt:3",
    ], ours
    assert all("write the talk's own words here" in w for w in ours)
    app.cleanup()
    quiet = make_app(
        "html",
        srcdir=src,
        freshenv=True,
        confoverrides={"suppress_warnings": ["confnotes.placeholder"]},
    )
    quiet.build()
    assert "placeholder" not in quiet.warning.getvalue()
