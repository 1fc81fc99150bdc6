"""The optional plain-mention check for ``make check``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent / "roots" / "test-talks"


def test_off_by_default(make_app: Any, tmp_path: Path, warnings_of: Any) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    (src / "talks" / "kopernik.rst").write_text(
        (src / "talks" / "kopernik.rst").read_text() + "\nWe used psutil here.\n"
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert warnings_of(app) == []


def test_plain_mentions_warn_with_location(make_app: Any, tmp_path: Path, warnings_of: Any) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    kopernik = src / "talks" / "kopernik.rst"
    kopernik.write_text(
        kopernik.read_text()
        + "\nWe used psutil and ZeroMQ here, but not ``psutil`` nor :tool:`psutil`.\n"
    )
    allowed = src / "talks" / "circus.rst"
    allowed.write_text(
        ":confnotes-plain-mentions: allow\n\n"
        + allowed.read_text()
        + "\nPlain psutil is fine on this page.\n"
    )
    app = make_app(
        "html", srcdir=src, freshenv=True, confoverrides={"confnotes_check_plain_mentions": True}
    )
    app.build()
    assert warnings_of(app) == [
        "talks/kopernik.rst:13: tool 'psutil' mentioned in plain text;"
        " use :tool:`psutil` to link it"
        " [confnotes.plain_mention]",
        "talks/kopernik.rst:13: tool 'ZeroMQ' mentioned in plain text;"
        " use :tool:`zeromq` to link it"
        " [confnotes.plain_mention]",
    ]


def build_with_text(make_app: Any, tmp_path: Path, text: str, **overrides: Any) -> Any:
    """Build a copy of the root with *text* appended to a talk, plain mentions checked."""
    src = shutil.copytree(ROOT, tmp_path / "src")
    kopernik = src / "talks" / "kopernik.rst"
    kopernik.write_text(kopernik.read_text() + text)
    app = make_app(
        "html",
        srcdir=src,
        freshenv=True,
        confoverrides={"confnotes_check_plain_mentions": True, **overrides},
    )
    app.build()
    return app


def test_linked_earlier_in_paragraph_or_ignored_phrase_is_fine(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    app = build_with_text(
        make_app,
        tmp_path,
        "\n:tool:`psutil` first, then psutil again, and ZeroMQ unlinked.\n"
        "\nA new paragraph: psutil must be linked again. The psutil Circus is a name.\n",
        confnotes_plain_mentions_ignore=["psutil Circus"],
    )
    assert warnings_of(app) == [
        "talks/kopernik.rst:13: tool 'ZeroMQ' mentioned in plain text;"
        " use :tool:`zeromq` to link it"
        " [confnotes.plain_mention]",
        "talks/kopernik.rst:15: tool 'psutil' mentioned in plain text;"
        " use :tool:`psutil` to link it"
        " [confnotes.plain_mention]",
    ]


def test_a_tool_named_by_a_common_word_is_not_looked_for(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """``:common-word:``: "his six steps" is the word, not the library six."""
    src = shutil.copytree(ROOT, tmp_path / "src")
    tools = src / "tools.rst"
    six = "\n.. tool:: six\n   :name: six\n   :category: library\n{flag}\n   Python 2 and 3.\n"
    kopernik = src / "talks" / "kopernik.rst"
    kopernik.write_text(kopernik.read_text() + "\nHis six steps, and psutil.\n")
    found = {}
    for flag in ("", "   :common-word:\n"):
        tools.write_text(ROOT.joinpath("tools.rst").read_text() + six.format(flag=flag))
        app = make_app(
            "html",
            srcdir=src,
            freshenv=True,
            confoverrides={"confnotes_check_plain_mentions": True},
        )
        app.build()
        mentions = [w for w in warnings_of(app) if "[confnotes.plain_mention]" in w]
        found[flag] = [w.split(": ", 1)[1].split(";")[0] for w in mentions]
    assert found == {
        "": ["tool 'six' mentioned in plain text", "tool 'psutil' mentioned in plain text"],
        "   :common-word:\n": ["tool 'psutil' mentioned in plain text"],
    }


def test_titles_and_subtitles_are_not_prose(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """A sidebar's title and ``:subtitle:`` are headings, as for the stated-facts check."""
    app = build_with_text(
        make_app,
        tmp_path,
        "\n.. sidebar:: About psutil\n   :subtitle: psutil and ZeroMQ\n\n"
        "   Linked: :tool:`psutil`.\n",
    )
    assert warnings_of(app) == []


def test_each_mention_is_located_at_its_own_line(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """Not at the paragraph's first line: in a long paragraph, that would send the
    contributor looking on the wrong line (reST; MyST's soft breaks alike)."""
    src = shutil.copytree(ROOT, tmp_path / "src")
    kopernik = src / "talks" / "kopernik.rst"
    kopernik.write_text(
        kopernik.read_text()
        + "\nA paragraph that starts here,\n*goes on* here,\nand names psutil.\n"
    )
    (src / "talks" / "mentions.md").write_text(
        "# Mentions\n\nA MyST paragraph\nover *two* lines\nnames ZeroMQ on its third.\n",
        encoding="utf-8",
    )
    app = make_app(
        "html",
        srcdir=src,
        freshenv=True,
        confoverrides={
            "confnotes_check_plain_mentions": True,
            "extensions": ["sphinx_design", "myst_parser", "confnotes"],
            "source_suffix": {".rst": "restructuredtext", ".md": "markdown"},
        },
    )
    app.build()
    warnings = [w for w in warnings_of(app) if "plain_mention" in w]
    assert warnings == [
        "talks/kopernik.rst:15: tool 'psutil' mentioned in plain text;"
        " use :tool:`psutil` to link it"
        " [confnotes.plain_mention]",
        "talks/mentions.md:5: tool 'ZeroMQ' mentioned in plain text; use {tool}`zeromq` to link it"
        " [confnotes.plain_mention]",
    ]
