"""Markup in a file a page includes warns at that file's own line, in every builder.

The late gate located what it removed on the page being written: a link,
an image or page metadata written in an included file was named at the
page with the file's line (html), or at the front page (singlehtml, latex
and man, which gate the assembled book), and an ``http-equiv`` at no line;
the checks made while reading (icons, math, toctree entries, outside
includes) named the page with the file's line, or the page's own line.
In a copy of ``test-talks``, a talk page includes ``talks/extra.txt``; each
warning names that file and the line where the markup is written, and a
build with nothing changed repeats them (``replay``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from output_scan import scan
from root_builds import MYST_INCLUDE_USES_ENV_APP, build_root
from sphinx.util.console import strip_escape_sequences

ROOT = Path(__file__).parent / "roots" / "test-talks"
INCLUDED = """\
Notes of their own.

.. meta::
   :http-equiv=refresh: 0;url=https://evil.example/

See `the demo <javascript:alert(1)>`_.

.. raw:: html

   <script>alert(1)</script>

.. image:: javascript:alert(2)

An icon :octicon:`rocket;1em;x" onload="alert(3)` in the notes.

Math :math:`\\href{javascript:alert(4)}{click}` and :math:`\\input{/etc/passwd}`.

A control character\x07 in the text, and a tool :tool:`---` with no name.

.. toctree::

   Evil <javascript://x/%0Aalert(5)>

A note of their own [#n]_.

.. [#n] See `the other demo <javascript:alert(6)>`_.

.. include:: ../../../../../../../../../../../../../../../../etc/hostname

.. literalinclude:: ../../../../../../../../../../../../../../../../etc/hostname
"""
#: (what the warning says, the subtype, the text on its line)
EXPECTED = [
    ("page metadata with http-equiv removed", "unsafe_meta", ":http-equiv=refresh:"),
    ("link to 'javascript:alert(1)' removed", "unsafe_link", "See `the demo"),
    ("raw html content is left out", "raw_content", ".. raw:: html"),
    ("image 'javascript:alert(2)' removed", "unsafe_link", ".. image::"),
    ("icon with markup of its own removed", "unsafe_icon", "An icon"),
    ("link to 'javascript:alert(4)' in math removed", "unsafe_link", "Math :math:"),
    ("math using \\input is shown as its source", "unsafe_math", "Math :math:"),
    ("control character", "control_character", "A control character"),
    ("tool id '---' has no letter or digit", "empty_id", "A control character"),
    ("toctree entry 'Evil'", "unsafe_link", ".. toctree::"),
    # a footnote the file writes (Sphinx gives every footnote its page's docname)
    ("link to 'javascript:alert(6)' removed", "unsafe_link", ".. [#n]"),
    ("literalinclude of '../", "outside_include", ".. literalinclude:: ../"),
    ("include of '../", "outside_include", ".. include:: ../"),
]


#: the file the page includes: notes, or a reST file the project excludes from its pages
INCLUDES = ["extra.txt", "_parts/extra.rst"]


def project(tmp_path: Path, included: str = INCLUDES[0]) -> Path:
    """A copy of test-talks whose first talk page includes the file."""
    src = shutil.copytree(ROOT, tmp_path / "src", ignore=shutil.ignore_patterns("_build"))
    (src / "talks" / included).parent.mkdir(exist_ok=True)
    (src / "talks" / included).write_text(INCLUDED, encoding="utf-8")
    page = src / "talks" / "kopernik.rst"
    page.write_text(page.read_text("utf-8") + f"\n.. include:: {included}\n", "utf-8")
    conf = src / "conf.py"
    conf.write_text(conf.read_text("utf-8") + 'exclude_patterns += ["**/_parts"]\n', "utf-8")
    return src


def expected(included: str = INCLUDES[0]) -> list[str]:
    lines = INCLUDED.splitlines()
    located = []
    for said, subtype, text in EXPECTED:
        line = next(n for n, written in enumerate(lines, 1) if written.lstrip().startswith(text))
        located.append(f"talks/{included}:{line}: {said} [confnotes.{subtype}]")
    return sorted(located)


def shortened(warnings: list[str]) -> list[str]:
    """Each warning's place, what it says first, and its type."""
    said = [s for s, _subtype, _text in EXPECTED]
    return sorted(
        w.split(": ", 1)[0]
        + ": "
        + next((s for s in said if s in w), w.split(": ", 1)[-1])
        + " "
        + w.rsplit(" ", 1)[-1]
        for w in warnings
    )


@pytest.mark.parametrize("included", INCLUDES)
@pytest.mark.parametrize("builder", ["html", "singlehtml", "latex", "man"])
def test_each_warning_is_at_the_included_files_line(
    tmp_path: Path, builder: str, included: str
) -> None:
    app, warnings = build_root(project(tmp_path, included), tmp_path / "out", builder)
    assert shortened(warnings) == expected(included)
    if builder != "man":
        assert scan(Path(app.outdir)) == []


def test_a_build_from_another_folder_still_names_the_file(
    make_app: Any, tmp_path: Path, warnings_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docutils names an included file relative to the folder a build runs in.

    The pages are read from one folder; another builder writes them, on the
    same doctrees, from another.
    """
    src = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    app = make_app("html", srcdir=src)
    app.build()
    app.cleanup()
    monkeypatch.chdir("/")
    app = make_app("singlehtml", srcdir=src)
    app.build()
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()
    assert shortened(warnings_of(app)) == expected()


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_build_with_nothing_changed_repeats_them(
    make_app: Any, tmp_path: Path, warnings_of: Any, parallel: int
) -> None:
    src = project(tmp_path)
    found = []
    for _build in range(2):
        app = make_app("html", srcdir=src, parallel=parallel)
        app.build()
        app.cleanup()
        found.append(shortened(warnings_of(app)))
    assert "no targets are out of date" in app.status.getvalue()
    assert found == [expected(), expected()]


# -- MyST: an included Markdown file, and an include in it -----------------------------

PAGE_FILES = Path(__file__).parent / "roots" / "test-page-files"
#: ``notes.md`` includes ``parts/two.md``, which includes a file from outside
MYST_INCLUDED = """\
Some notes.

Math {math}`\\\\href{javascript:alert(4)}{click}` here.

<script>alert(1)</script>

```{include} ../../../../../../../../../../../../../../../../etc/hostname
```
"""
MYST_EXPECTED = [
    ("link to 'javascript:alert(4)' in math removed", "unsafe_link", "Math {math}"),
    ("raw html content is left out", "raw_content", "<script>"),
    ("include of '../", "outside_include", "```{include} ../"),
]


def myst_project(tmp_path: Path, allowed: list[str]) -> Path:
    src = shutil.copytree(PAGE_FILES, tmp_path / "src")
    (src / "parts").mkdir()
    (src / "parts" / "two.md").write_text(MYST_INCLUDED, encoding="utf-8")
    (src / "notes.md").write_text("# Notes\n\n```{include} parts/two.md\n```\n", encoding="utf-8")
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text("utf-8")
        + f'exclude_patterns += ["parts"]\nconfnotes_allow_unsafe = {allowed!r}\n',
        "utf-8",
    )
    return src


def myst_expected() -> list[str]:
    lines = MYST_INCLUDED.splitlines()
    return sorted(
        f"parts/two.md:{next(n for n, w in enumerate(lines, 1) if w.startswith(text))}:"
        f" {said} [confnotes.{subtype}]"
        for said, subtype, text in MYST_EXPECTED
    )


@MYST_INCLUDE_USES_ENV_APP
@pytest.mark.parametrize("builder", ["html", "singlehtml"])
def test_a_markdown_files_warnings_are_at_its_lines(tmp_path: Path, builder: str) -> None:
    _app, warnings = build_root(myst_project(tmp_path, []), tmp_path / "out", builder)
    said = [s for s, _subtype, _text in MYST_EXPECTED]
    assert (
        sorted(
            w.split(": ", 1)[0]
            + ": "
            + next(s for s in said if s in w)
            + " "
            + w.rsplit(" ", 1)[-1]
            for w in warnings
        )
        == myst_expected()
    ), warnings


@MYST_INCLUDE_USES_ENV_APP
def test_the_allow_key_a_warning_offers_allows_it(tmp_path: Path) -> None:
    """``confnotes_allow_unsafe = ['parts/two.md:5']``: the key is the file and line warned."""
    _app, warnings = build_root(myst_project(tmp_path, []), tmp_path / "first", "html")
    offered = sorted(
        w.split("confnotes_allow_unsafe = ['")[1].split("'")[0]
        for w in warnings
        if "confnotes_allow_unsafe" in w
    )
    assert offered == [w.split(": ", 1)[0] for w in myst_expected() if "math" not in w]
    _app, warnings = build_root(myst_project(tmp_path / "again", offered), tmp_path / "out")
    assert [w for w in warnings if "allow" in w] == []


OUTSIDE = "../../../../../../../../../../../../../../../../etc/hostname"


@MYST_INCLUDE_USES_ENV_APP
def test_includes_of_one_file_from_the_page_and_an_included_file_keep_their_lines(
    tmp_path: Path,
) -> None:
    """Each ``{include}`` of an outside file warns at its own line, wherever it is.

    ``notes.md`` includes ``parts/two.md`` twice and the outside file once,
    after them; ``two.md`` includes the outside file too. MyST reads
    ``two.md``'s include first: it is ``two.md``'s, the page's is the page's,
    and the second reading of ``two.md`` is located where the first was
    (the same warning, shown once).
    """
    src = myst_project(tmp_path, [])
    (src / "parts" / "two.md").write_text(
        f"Some notes.\n\n```{{include}} {OUTSIDE}\n```\n", encoding="utf-8"
    )
    page = (
        "# Notes\n\n```{include} parts/two.md\n```\n\n```{include} parts/two.md\n```\n\n"
        f"```{{include}} {OUTSIDE}\n```\n"
    )
    (src / "notes.md").write_text(page, encoding="utf-8")
    _app, warnings = build_root(src, tmp_path / "out")
    places = sorted(w.split(": ", 1)[0] for w in warnings if "[confnotes.outside_include]" in w)
    own = page.splitlines().index(f"```{{include}} {OUTSIDE}") + 1
    # the second reading of two.md warns as the first did: shown once
    assert places == [f"notes.md:{own}", "parts/two.md:3"], warnings


def test_text_the_configuration_adds_is_the_pages(tmp_path: Path, make_app: Any) -> None:
    """``rst_epilog`` is added to every page: a warning in it names each page, at a line.

    Sphinx names its source ``<rst_epilogue>``, which is no file to name
    (nor an allow-list key that holds wherever the build runs).
    """
    src = shutil.copytree(ROOT, tmp_path / "src", ignore=shutil.ignore_patterns("_build"))
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text("utf-8") + 'rst_epilog = ".. raw:: html\\n\\n   <b>epilogue</b>\\n"\n',
        "utf-8",
    )
    counts = []
    for _build in range(2):
        app = make_app("html", srcdir=src)
        app.build()
        app.cleanup()
        raw = [
            w
            for w in strip_escape_sequences(app.warning.getvalue()).splitlines()
            if "[confnotes.raw_content]" in w
        ]
        assert raw and not [w for w in raw if "<rst_epilogue>" in w], raw
        assert all(re.match(rf"{re.escape(str(src))}/\S+\.rst:\d+: ", w) for w in raw), raw
        counts.append(len(raw))
    assert counts[0] == counts[1] == len(app.env.found_docs)


DECLARED = """\
Notes with declarations of their own.

.. talk:: far-away
   :title: A talk dated far from the others
   :speaker: unknown
   :kind: talk
   :date: 2031-05-15

.. speaker:: stray-speaker
   :name: Stray Speaker
"""


@pytest.mark.parametrize("parallel", [0, 2])
def test_checks_after_reading_name_the_included_file_and_repeat(
    make_app: Any, tmp_path: Path, warnings_of: Any, parallel: int
) -> None:
    """A declaration's warnings of the checks after reading are at the included file's line.

    A talk dated years from the others (``far_date``) and a speaker declared
    away from the speaker grid (``orphan_declaration``), both in an included
    file; a build with nothing changed repeats them there.
    """
    src = shutil.copytree(ROOT, tmp_path / "src", ignore=shutil.ignore_patterns("_build"))
    (src / "talks" / "declared.txt").write_text(DECLARED, encoding="utf-8")
    page = src / "talks" / "kopernik.rst"
    page.write_text(page.read_text("utf-8") + "\n.. include:: declared.txt\n", "utf-8")
    lines = DECLARED.splitlines()
    talk, speaker = (
        lines.index(f".. {name}") + 1 for name in ("talk:: far-away", "speaker:: stray-speaker")
    )
    found = []
    for _build in range(2):
        app = make_app("html", srcdir=src, parallel=parallel)
        app.build()
        app.cleanup()
        found.append(
            sorted(w.split(": ", 1)[0] + " " + w.rsplit(" ", 1)[-1] for w in warnings_of(app))
        )
    assert "no targets are out of date" in app.status.getvalue()
    assert (
        found[0]
        == found[1]
        == sorted(
            [
                f"talks/declared.txt:{talk} [confnotes.far_date]",
                f"talks/declared.txt:{speaker} [confnotes.orphan_declaration]",
            ]
        )
    )


PROSE = """\
Notes in a file of their own.

They used ZeroMQ for the queue,
and on the second day there were eleven talks.
"""


@pytest.mark.parametrize("parallel", [0, 2])
def test_prose_checks_name_the_included_file_and_repeat(
    make_app: Any, tmp_path: Path, warnings_of: Any, parallel: int
) -> None:
    """``make check``'s prose checks find a plain mention, a stated day and count at their lines.

    They named the page, with the included file's line (a contributor looked
    in the wrong file); a build with nothing changed repeats them there.
    """
    src = shutil.copytree(ROOT, tmp_path / "src", ignore=shutil.ignore_patterns("_build"))
    (src / "talks" / "prose.txt").write_text(PROSE, encoding="utf-8")
    page = src / "talks" / "kopernik.rst"
    page.write_text(page.read_text("utf-8") + "\n.. include:: prose.txt\n", "utf-8")
    lines = PROSE.splitlines()
    mention = next(n for n, line in enumerate(lines, 1) if "ZeroMQ" in line)
    stated = next(n for n, line in enumerate(lines, 1) if "second day" in line)
    checks = {"confnotes_check_plain_mentions": True, "confnotes_check_stated_facts": True}
    found = []
    for _build in range(2):
        app = make_app("html", srcdir=src, parallel=parallel, confoverrides=checks)
        app.build()
        app.cleanup()
        # the talk pages' (the root's front page states a day of its own)
        found.append(
            sorted(
                w.split(": ", 1)[0] + " " + w.rsplit(" ", 1)[-1]
                for w in warnings_of(app)
                if w.startswith("talks/")
            )
        )
    assert "no targets are out of date" in app.status.getvalue()
    assert (
        found[0]
        == found[1]
        == sorted(
            [
                f"talks/prose.txt:{mention} [confnotes.plain_mention]",
                f"talks/prose.txt:{stated} [confnotes.stated_day]",
                f"talks/prose.txt:{stated} [confnotes.stated_count]",
            ]
        )
    )
