"""Image sizes and table widths no writer can compute with warn, and every builder goes on.

``:width:`` of 1 and 309 zeros overflowed the HTML writer's float, the same
``:scale:`` LaTeX's, and a column width of twenty digits the text writer's
line: each stopped the build (helper-70). In a copy of ``test-page-files``,
a page holds each, in reST and MyST.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HUGE = "1" + "0" * 309
WIDE = "1" + "0" * 19
#: more digits than Python reads as a number: docutils made it ``inf`` (helper-74)
ENDLESS = "9" * 4301
PAGE = f"""Sizes
=====

.. image:: picture.svg
   :width: {HUGE}px

.. image:: picture.svg
   :height: {HUGE}

.. image:: picture.svg
   :scale: {HUGE}

.. image:: picture.svg
   :width: 50%

.. image:: picture.svg
   :height: {ENDLESS}

.. list-table::
   :widths: {WIDE} 1

   * - a
     - b

.. csv-table::
   :widths: {WIDE} 1

   c, d
"""
MYST = f"""# Sizes in MyST

```{{image}} picture.svg
:width: {HUGE}px
```

```{{list-table}}
:widths: {WIDE} 1

* - e
  - f
```
"""
PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4"/></svg>'


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_sizes_past_any_page_warn_and_the_build_goes_on(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "picture.svg").write_text(PICTURE, encoding="utf-8")
    (srcdir / "sizes.rst").write_text(PAGE, encoding="utf-8")
    (srcdir / "sizes-myst.md").write_text(MYST, encoding="utf-8")
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    ours = sorted(w.split(": ")[0] for w in warnings_of(app) if "[confnotes.bad_option]" in w)
    lines = PAGE.splitlines()
    images = [n for n, line in enumerate(lines, 1) if line == ".. image:: picture.svg"]
    widths = [n for n, line in enumerate(lines, 1) if line.startswith("   :widths:")]
    myst_widths = MYST.splitlines().index(f":widths: {WIDE} 1") + 1
    assert ours == sorted(
        [
            *(f"sizes.rst:{n}" for n in images[:3] + images[4:]),  # not the 50% one
            *(f"sizes.rst:{n}" for n in widths),
            "sizes-myst.md:3",
            f"sizes-myst.md:{myst_widths}",
        ]
    )
    # the 50% image keeps its width; the tables are built, their columns equal
    if builder == "html":
        html = (Path(app.outdir) / "sizes.html").read_text(encoding="utf-8")
        assert 'style="width: 50%;"' in html and HUGE not in html
        assert html.count("<table") == 2
