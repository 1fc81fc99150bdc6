"""No object's name forges another entry of ``objects.inv``, whatever its domain.

A name holding ``domain:type number address`` is read back by Sphinx's
intersphinx reader as a shorter name linking elsewhere. In a copy of
``test-page-files``, a page declares such a glossary term, label,
``envvar``, ``confval``, ``js:data`` and ``rst:directive`` beside plain
ones, a ``js:method`` has an empty name, and another page's title holds a
line break. Each forged name warns
``confnotes.inventory_name`` at its page and line (where the name is
written as it reads, else where its node is); Sphinx's own reader finds no
entry leaving the site and every plain one. Without the check it finds
evil.example.
"""

from __future__ import annotations

import io
import posixpath
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PAGE = """\
Inventory
=========

.. glossary::

   Forge x std:term -1 https://evil.example/term -
      A term that forges an entry.

   Plain term
      A term.

.. envvar:: ENVX std:envvar -1 https://evil.example/envvar -

.. confval:: confx std:confval -1 https://evil.example/confval -

.. js:data:: jsx js:data -1 https://evil.example/js -

.. rst:directive:: rstx std:label -1 https://evil.example/rst -

.. envvar:: PLAIN_VARIABLE

.. _lbl std\\:label -1 https\\://evil.example/label -:

Labelled
--------

.. _plain-label:

Plain
-----

.. _Forge Upper std\\:label -1 //evil.example/upper -:

Upper
-----

.. _fig:

.. figure:: pic.png

   A picture
   Forge std:label -1 //evil.example/caption -

.. js:method:: ()

   A method with an empty name, written nowhere as it reads.
"""
#: a page whose title a substitution breaks over two lines: written nowhere as it reads
TITLED = """\
Titled |t|
==========

.. |t| replace:: with a break
   second std:label -1 //evil.example/title -

Text that writes the page's name, broken, below its title.
"""
WARNED = [
    "broken.rst:1: 'broken'",
    "inventory.rst:12: 'ENVX std:envvar -1 https://evil.example/envvar -'",
    "inventory.rst:14: 'confx std:confval -1 https://evil.example/confval -'",
    "inventory.rst:16: 'jsx js:data -1 https://evil.example/js -'",
    "inventory.rst:18: 'rstx std:label -1 https://evil.example/rst -'",
    "inventory.rst:22: 'lbl std:label -1 https://evil.example/label -'",
    "inventory.rst:32: 'forge upper std:label -1 //evil.example/upper -'",
    "inventory.rst:37: 'fig'",
    "inventory.rst:44: ''",
    "inventory.rst:6: 'Forge x std:term -1 https://evil.example/term -'",
]


def read_inventory(outdir: Path) -> dict[str, dict[str, Any]]:
    """``objects.inv`` as intersphinx reads it: type -> name -> item."""
    from sphinx.util.inventory import InventoryFile

    data = (outdir / "objects.inv").read_bytes()
    return dict(InventoryFile.load(io.BytesIO(data), "", posixpath.join))


def build(make_app: Callable[..., Any], rootdir: Path, tmp_path: Path) -> Any:
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "inventory.rst").write_text(PAGE, encoding="utf-8")
    (srcdir / "broken.rst").write_text(TITLED, encoding="utf-8")
    (srcdir / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return app


def uris(inventory: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    return {
        (kind, name): item[2] if isinstance(item, tuple) else item.uri
        for kind, items in inventory.items()
        for name, item in items.items()
    }


def test_forged_names_are_left_out_of_the_inventory(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    app = build(make_app, rootdir, tmp_path)
    ours = [w for w in warnings_of(app) if "[confnotes.inventory_name]" in w]
    assert sorted(w.split(" is left out")[0] for w in ours) == WARNED
    found = uris(read_inventory(Path(app.outdir)))
    assert [u for u in found.values() if "//" in u or "evil" in u] == []
    for entry in [
        ("std:term", "Plain term"),
        ("std:envvar", "PLAIN_VARIABLE"),
        ("std:label", "plain-label"),
        ("std:doc", "inventory"),
    ]:
        assert entry in found, entry


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("plain std:label -1 talks/x.html#plain Plain", True),
        ("x std:label -1 https://evil.example/ -", False),
        ("x std:label -1 //evil.example/ -", False),
        ("x std:label -1 //[evil -", False),  # no parser reads it: not a page either
        ("A picture", False),  # the rest of a caption, no entry
    ],
)
def test_a_line_stays_when_it_reads_back_as_a_page(line: str, kept: bool) -> None:
    from confnotes.site.safety.inventory import stays_in_site

    assert stays_in_site(line) is kept


def test_without_the_check_intersphinx_reads_the_forged_entries(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confnotes.site.safety import inventory

    monkeypatch.setattr(inventory, "forged_entries", lambda app: [])
    app = build(make_app, rootdir, tmp_path)
    found = uris(read_inventory(Path(app.outdir)))
    assert found["std:term", "Forge x"] == "https://evil.example/term"
    assert found["std:label", "Forge"] == "//evil.example/caption"  # a caption's second line
