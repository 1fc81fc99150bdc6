"""Values that stopped the build, or made Sphinx warn untyped, in its own directives: warned.

``:columns: 0`` divided by zero, a huge ``:columns:`` made that many
columns, and a ``productionlist`` without a production raised
``ValueError``. In a copy of ``test-page-files``, each warns
``confnotes.bad_option`` at its directive and the build ends; a usual
``hlist`` and ``productionlist`` are shown as Sphinx shows them. So do a
``:dedent:`` deeper than the lines' indent and an ``only`` whose expression
is not one of tags, where Sphinx warned without a type.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PAGE = """\
Lists
=====

.. hlist::
   :columns: 0

   * zero

.. hlist::
   :columns: 100000000

   * many

.. hlist::
   :columns: 3

   * one
   * two
   * three

.. productionlist:: broken

.. productionlist::
   rule: "a" | "b"
"""
WARNED = [
    "lists.rst:4: :columns: 0 is not between 1 and 12: 1 is used [confnotes.bad_option]",
    "lists.rst:9: :columns: 100000000 is not between 1 and 12: 12 is used [confnotes.bad_option]",
    "lists.rst:21: productionlist 'broken' holds no production (a line 'name: tokens'): not shown"
    " [confnotes.bad_option]",
]


CODE = """\
Code
====

.. code-block:: python
   :emphasize-lines: 2,9

   a = 1
   b = 2

.. code-block:: python
   :emphasize-lines: 1-100000000

   c = 3

.. literalinclude:: snippet.py
   :lines: 2-100000000
   :emphasize-lines: 1,2

.. code-block:: python
   :emphasize-lines: 1

   d = 4

.. code-block:: python
   :dedent: 6

       e = 5
         f = 6

.. literalinclude:: tabs.txt
   :tab-width: 99999999

.. include:: tabs.txt
   :literal:
   :tab-width: 99999999

.. literalinclude:: snippet.py
   :lines: 9

.. literalinclude:: breaks.txt
   :lines: 5

.. literalinclude:: indented.py
   :dedent: 8

.. literalinclude:: indented.py
   :lines: 2
   :dedent: 2

.. literalinclude:: indented.py
   :lines: 2
   :dedent: 8
   :prepend: # added before
   :append: # added after
"""
CODE_WARNED = [
    "code.rst:4: :emphasize-lines: '2,9' names lines past the 2 there are: kept to '2'"
    " [confnotes.line_range]",
    "code.rst:10: :emphasize-lines: '1-100000000' names lines past the 1 there are:"
    " kept to '1' [confnotes.line_range]",
    "code.rst:15: :lines: '2-100000000' names lines past the 3 there are: kept to '2-3'"
    " [confnotes.line_range]",
    "code.rst:24: :dedent: 6 would cut text from lines indented by 4: 4 is used"
    " [confnotes.bad_option]",
    "code.rst:30: :tab-width: 99999999 is not between 0 and 16: 16 is used [confnotes.bad_option]",
    "code.rst:33: :tab-width: 99999999 is not between 0 and 16: 16 is used [confnotes.bad_option]",
    "code.rst:37: :lines: '9' names lines past the 3 there are: nothing is shown"
    " [confnotes.line_range]",
    "code.rst:43: :dedent: 8 would cut text from lines indented by 4: 4 is used"
    " [confnotes.bad_option]",
]


def copy_with_lists(rootdir: Path, tmp_path: Path) -> Path:
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "lists.rst").write_text(PAGE, encoding="utf-8")
    (srcdir / "code.rst").write_text(CODE, encoding="utf-8")
    (srcdir / "snippet.py").write_text("x = 1\ny = 2\nz = 3\n", encoding="utf-8")
    (srcdir / "tabs.txt").write_text("a\tb\t\tc\n", encoding="utf-8")
    (srcdir / "indented.py").write_text("    if x:\n        y = 1\n", encoding="utf-8")
    # five lines as Sphinx reads them (str.splitlines: a form feed ends one), four newlines
    (srcdir / "breaks.txt").write_text("a\n\x0c\nb\nlast\n", encoding="utf-8")
    return srcdir


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_values_that_stopped_the_build_are_warned(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    app = make_app(builder, srcdir=copy_with_lists(rootdir, tmp_path), freshenv=True)
    app.build()
    assert [w for w in warnings_of(app) if w.startswith("lists.rst")] == WARNED
    assert [w for w in warnings_of(app) if w.startswith("code.rst")] == CODE_WARNED
    if builder == "html":
        page = (Path(app.outdir) / "lists.html").read_text(encoding="utf-8")
        assert page.count('<td><ul class="simple">') == 1 + 12 + 3
        assert page.count('<strong id="grammar-token-rule">rule</strong>') == 1
        code = (Path(app.outdir) / "code.html").read_text(encoding="utf-8")
        assert code.count('<span class="hll">') == 1 + 1 + 2 + 1
        assert '<span class="n">e</span>' in code and '  <span class="n">f</span>' in code
        shown = re.sub(r"<[^>]+>", "", code)
        assert len(shown) < 200_000  # each tab is 16 spaces at most, not 99999999
        assert "a" + " " * 15 + "b" in shown
        assert "z = 3" in shown and "x = 1" not in shown  # line 9 of three: nothing
        assert "last" in shown  # line 5 of five, a form feed ending one
        assert "if x:\n    y = 1" in shown  # dedented by the indent there is, 4
        assert re.search(r"(?<! ) {6}y = 1", shown)  # line 2 alone, dedented by 2 as asked
        # Sphinx adds :prepend: and :append: after dedenting: they take no indent from it
        assert "# added before\ny = 1\n# added after" in shown


@pytest.mark.parametrize(
    ("directive", "error"),
    [
        (".. hlist::\n   :columns: 0\n\n   * x\n", ZeroDivisionError),
        (".. productionlist:: broken\n", ValueError),
    ],
)
def test_sphinx_alone_stops_on_them(
    make_app: Callable[..., Any],
    rootdir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    directive: str,
    error: type[Exception],
) -> None:
    """What the checks are for: Sphinx's own directives raise.

    Without them, the last resort (``markup_error``) would show the whole page
    as text; without it too, the build stops.
    """
    import confnotes.site.safety

    monkeypatch.setattr(confnotes.site.safety, "setup_sphinx_directives", lambda app: None)
    monkeypatch.setattr(confnotes.site.safety, "setup_parse_guard", lambda app: None)
    srcdir = copy_with_lists(rootdir, tmp_path)
    (srcdir / "code.rst").unlink()  # Sphinx would list a hundred million lines
    (srcdir / "lists.rst").write_text(f"Lists\n=====\n\n{directive}", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    with pytest.raises(error):
        app.build()


@pytest.mark.parametrize(
    ("spec", "total", "kept"),
    [
        ("1,3", 5, ("1,3", False)),
        ("2-4", 3, ("2-3", True)),
        ("9", 3, ("", True)),
        ("-2", 5, ("1-2", False)),
        ("3-", 5, ("3-5", False)),
        ("4-", 3, ("", True)),
        ("1, 2 - 3", 3, ("1,2-3", False)),
        ("a", 3, None),  # not a spec: Sphinx says so
        ("5-1", 9, None),
        ("1-" + "9" * 5000, 3, None),  # more digits than Python reads: Sphinx's warning
    ],
)
def test_line_numbers_are_kept_to_the_lines_there_are(
    spec: str, total: int, kept: tuple[str, bool] | None
) -> None:
    from confnotes.site.safety.sphinx_directives import within

    assert within(spec, total) == kept


MYST = """\
---
myst:
  enable_extensions: [attrs_block]
---
# Attributes

{emphasize-lines="1-100000000"}
```python
x = 1
y = 2
```
"""


def test_a_myst_fence_attribute_is_kept_to_the_page(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    """MyST reads ``{emphasize-lines=...}`` with Sphinx's parser, no directive between."""
    srcdir = copy_with_lists(rootdir, tmp_path)
    (srcdir / "attrs.md").write_text(MYST, encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert [w for w in warnings_of(app) if w.startswith("attrs.md")] == [
        "attrs.md:7: :emphasize-lines: '1-100000000' names lines past the 12 of the page:"
        " kept to '1-12' [confnotes.line_range]",
        # then MyST says itself that the fence is shorter (typed), and emphasizes none
        "attrs.md:8: emphasize_lines: out of range(1-2) [myst.attribute]",
    ]
    assert "y" in (Path(app.outdir) / "attrs.html").read_text(encoding="utf-8")


ONLY = """\
Only
====

.. only:: html and

   Kept after a dangling and.

.. only:: 1 + 2

   Kept after arithmetic.

.. only:: html)

   Kept after a stray bracket.

.. only:: html

   Shown in HTML only.

.. only:: html and true

   Kept after a constant.

.. only:: latex or (html and none)

   Kept after a constant that evaluating never reaches.

.. only:: latex if not html

   Kept after an if without else.

.. only:: {deep}

   Kept after deep brackets.
""".format(deep="(" * 300 + "html" + ")" * 300)
ONLY_MD = """\
# Only in Markdown

```{only} not (html
Kept after an open bracket.
```
"""
ONLY_WARNED = [
    "only.rst:4: only 'html and'",
    "only.rst:8: only '1 + 2'",
    "only.rst:12: only 'html)'",
    "only.rst:20: only 'html and true'",
    "only.rst:24: only 'latex or (html and none)'",
    "only.rst:28: only 'latex if not html'",
    "only.rst:32: only '" + "(" * 80 + "...'",
    "only_md.md:3: only 'not (html'",
]


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_an_unreadable_only_expression_is_warned_where_it_is_written(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, builder: str
) -> None:
    """Sphinx warned untyped when it wrote the page, and kept the content: so do we, typed."""
    srcdir = copy_with_lists(rootdir, tmp_path)
    (srcdir / "only.rst").write_text(ONLY, encoding="utf-8")
    (srcdir / "only_md.md").write_text(ONLY_MD, encoding="utf-8")
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    warned = [w for w in warnings_of(app) if w.startswith("only")]
    assert [w.split(" is not an expression of tags (")[0] for w in warned] == ONLY_WARNED
    assert all(w.endswith("its content is always shown [confnotes.bad_option]") for w in warned)
    assert all(len(w) < 300 for w in warned)  # a long expression is shortened
    assert not [w for w in warnings_of(app) if "only directive expression" in w]
    outdir = Path(app.outdir)
    written = outdir.glob("*.tex") if builder == "latex" else outdir.glob("only*.*")
    shown = "".join(path.read_text(encoding="utf-8") for path in written)
    kept_after = [
        "a dangling and",
        "arithmetic",
        "a stray bracket",
        "an open bracket",
        "a constant",
        "a constant that evaluating never reaches",
        "an if without else",
        "deep brackets",
    ]
    for kept in kept_after:
        assert f"Kept after {kept}." in shown
    assert ("Shown in HTML only" in shown) == (builder == "html")
