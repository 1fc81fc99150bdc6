"""A talk's unknown speaker warns at its ``:speaker:`` option, wherever the talk is written.

The speaker ids are checked once every page is read (a speaker may be
declared on any page), from the talk's record: the warning was at the
directive's line, where CONTRIBUTING promises the option's own. In a copy
of ``test-page-files``: a reST page, a MyST page (options as ``:name:``
lines and as a YAML block), and a file a page includes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from root_builds import MYST_INCLUDE_USES_ENV_APP, add_pages, build_root

ROOTS = Path(__file__).parent / "roots"
TALK_RST = ".. talk:: {id}\n   :title: T\n   :kind: talk\n   :speaker: {speaker}\n"
PAGES = {
    "plain.rst": "Plain\n=====\n\n" + TALK_RST.format(id="plain", speaker="ghost-one"),
    "fence.md": "# Fence\n\n```{talk} fence\n:title: T\n:kind: talk\n:speaker: ghost-two\n```\n",
    "yaml.md": (
        "# Yaml\n\n```{talk} yaml\n---\ntitle: T\nkind: talk\nspeaker: ghost-three\n---\n```\n"
    ),
    "holder.rst": "Holder\n======\n\nIntro.\n\n.. include:: held.txt\n",
}
#: (the unknown id, where the warning must be)
EXPECTED = [
    ("ghost-one", "plain.rst:7"),
    ("ghost-two", "fence.md:6"),
    ("ghost-three", "yaml.md:7"),
    ("ghost-four", "held.txt:6"),
]


@MYST_INCLUDE_USES_ENV_APP
def test_an_unknown_speaker_warns_at_its_option(tmp_path: Path) -> None:
    """Each at the line of its ``:speaker:``: the page's, or the included file's."""
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    add_pages(srcdir, PAGES)
    held = "Held notes.\n\n" + TALK_RST.format(id="held", speaker="ghost-four")
    (srcdir / "held.txt").write_text(held, encoding="utf-8")
    _app, warnings = build_root(srcdir, tmp_path / "out", "html")
    for speaker, place in EXPECTED:
        said = [w for w in warnings if f"unknown speaker: {speaker!r}" in w]
        assert len(said) == 1, warnings
        assert said[0].startswith(f"{place}: "), said
