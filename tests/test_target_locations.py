"""A link to a named target with an unsafe URL warns at the target, where the URL is written.

The gate located a removed link at the first line holding its URL from the
paragraph that uses it on, so a target written above (``.. _js:
javascript:...`` used by ``|js|_``) was found at a later quote of the URL,
or not at all. In a copy of ``test-page-files``: a substitution's link to a
target above it, quoted again below in code, and a reference to a target
below it; an embedded URL that a target block below repeats is the
link's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from root_builds import add_pages, build_root

ROOTS = Path(__file__).parent / "roots" / "test-page-files"
PAGE = """Targets
=======

.. |js| replace:: click
.. _js: javascript:alert(1)

A |js|_ link.

A later paragraph quotes ``javascript:alert(1)`` as code.

See `other`_.

.. _other: javascript:alert(2)

An `inline <javascript:alert(3)>`_ link, whose URL a later target repeats.

.. _later: javascript:alert(3)
"""


def test_each_removed_link_is_at_its_targets_line(tmp_path: Path) -> None:
    """Lines 5, 13 and 15, where the URLs the links take are written."""
    srcdir = shutil.copytree(ROOTS, tmp_path / "src")
    add_pages(srcdir, {"targets.rst": PAGE})
    _app, warnings = build_root(srcdir, tmp_path / "out", "html")
    removed = sorted(
        w.split(": link to ")[0] + " " + w.split("'")[1]
        for w in warnings
        if w.startswith("targets.rst:") and "[confnotes.unsafe_link]" in w
    )
    assert removed == [
        "targets.rst:13 javascript:alert(2)",
        "targets.rst:15 javascript:alert(3)",
        "targets.rst:5 javascript:alert(1)",
    ]
