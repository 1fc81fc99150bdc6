"""The index pages print their group keys as text (helper-74's fuzz, then an attacker's key).

A glossary term's classifier (``term : key``) is its group in the general
index, which every theme's template printed unescaped: a key of
``"><img src=x onerror=alert(1)>`` wrote that element into
``genindex.html``. A module named ``"y`` did the same to ``py-modindex``'s
letter (the e-book's page was no XML). In a copy of ``test-page-files``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from output_scan import scan
from root_builds import add_pages

KEY = '"><img src=x onerror=alert(1)>'
PAGE = f"""Keys
====

.. glossary::

   term : {KEY}
      Its definition.

.. py:module:: "y
"""


@pytest.mark.parametrize(("builder", "suffix"), [("html", ".html"), ("epub", ".xhtml")])
def test_keys_are_text_and_their_links_still_match(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, builder: str, suffix: str
) -> None:
    from bs4 import BeautifulSoup

    src = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    add_pages(src, {"keys.rst": PAGE})
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    assert scan(Path(app.outdir)) == []
    index = BeautifulSoup((Path(app.outdir) / f"genindex{suffix}").read_text("utf-8"), "lxml")
    assert index.find("img") is None
    # the key is shown as written, and its jump link finds its group
    jump = next(a for a in index.select("a[href^='#']") if a.get_text() == KEY)
    assert index.find(id=jump["href"][1:]) is not None
    modules = (Path(app.outdir) / f"py-modindex{suffix}").read_text("utf-8")
    assert 'href="#cap-&quot;"' in modules and 'id="cap-&quot;"' in modules
