"""Every warning has a type: Sphinx's untyped ones get ``sphinx.<module>``.

In a copy of ``test-page-files``, a page causes warnings Sphinx gives no
type (``acks`` without a list, a malformed option, a Python object described
twice, a C++ namespace popped from nothing, C and C++ expressions that do
not parse, in a role and in a declaration). Each shows a type named after
the module that logged it (``sphinx.cpp``), at its line, and ``suppress_warnings`` silences
them by that type; without the filter they have none.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from root_builds import build_root

ROOTS = Path(__file__).parent / "roots"
PAGE = """Untyped
=======

.. acks::

   not a list

.. option:: ===

.. py:function:: dup()

.. py:function:: dup()

.. cpp:namespace-pop::

See :cpp:expr:`a +` and :c:expr:`a +`.

.. c:function:: int (

.. cpp:class:: template<
"""
EXPECTED = sorted(
    [
        ("untyped.rst:4", "other"),
        ("untyped.rst:8", "std"),
        ("untyped.rst:12", "python"),
        ("untyped.rst:14", "cpp"),
        ("untyped.rst:16", "c"),
        ("untyped.rst:16", "cpp"),
        # the C and C++ domains log the parser's exception, not a string, as the message
        ("untyped.rst:18", "c"),
        ("untyped.rst:20", "cpp"),
    ]
)
TYPE_RE = re.compile(r"\[(\w+)\.(\w+)\]\s*$")


def typed_warnings(tmp_path: Path, **conf: object) -> list[tuple[str, str]]:
    """Build the page; return each warning's place and type ("" if it has none)."""
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    (srcdir / "untyped.rst").write_text(PAGE, encoding="utf-8")
    overrides = "".join(f"{name} = {value!r}\n" for name, value in conf.items())
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text("utf-8") + overrides, "utf-8")
    _app, warnings = build_root(srcdir, tmp_path / "out", "html")
    messages: list[str] = []
    for line in warnings:  # a message of several lines goes on until the next place
        if re.match(r"[\w/.-]+:\d*: ", line) or not messages:
            messages.append(line)
        else:
            messages[-1] += "\n" + line
    found = []
    for message in messages:
        if message.startswith("untyped.rst:"):
            typed = TYPE_RE.search(message)
            place = ":".join(message.split(":")[:2])
            found.append((place, f"{typed[1]}.{typed[2]}" if typed else ""))
    return sorted(found)


def test_each_untyped_warning_gets_its_modules_type(tmp_path: Path) -> None:
    assert typed_warnings(tmp_path) == [(place, f"sphinx.{sub}") for place, sub in EXPECTED]


def test_the_types_can_be_silenced(tmp_path: Path) -> None:
    types = sorted({f"sphinx.{subtype}" for _place, subtype in EXPECTED})
    assert typed_warnings(tmp_path, suppress_warnings=types) == []
    assert typed_warnings(tmp_path / "all", suppress_warnings=["sphinx"]) == []
    # the site's own type does not silence Sphinx's
    assert typed_warnings(tmp_path / "ours", suppress_warnings=["confnotes"]) != []


@pytest.mark.parametrize(
    ("logger", "subtype"),
    [
        ("sphinx.sphinx.domains.cpp", "cpp"),
        ("sphinx.sphinx.directives.other", "other"),
        ("sphinx.sphinx_design.icons", "sphinx_design"),
        ("sphinx.myst-parser.x", "myst_parser"),
        ("sphinx", "sphinx"),
    ],
)
def test_the_subtype_names_the_module(logger: str, subtype: str) -> None:
    from confnotes.site.warning_types import fallback_subtype

    assert fallback_subtype(logger) == subtype
