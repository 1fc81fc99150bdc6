"""``target-notes`` with a link written before its target builds, and notes every link.

docutils' ``TargetNotes`` walked the page's targets while inserting after
each link to them: a link before its target under one parent (an image's
``:target:`` naming a target below it, a reference before the inline target
of the same name) made the walk come back to that target forever, the
build's memory growing. In a copy of ``test-page-files`` (built in a
process of its own, with a time limit), the page builds in every builder
strictly, and each external link has its note.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from root_builds import add_pages

ROOTS = Path(__file__).parent / "roots"
PAGE = """Notes
=====

.. image:: logo.png
   :target: `home`_

.. _home: https://example.org/

See `web`_, or `web <https://example.com/>`_ itself.

.. target-notes::
"""
#: seconds: a few for the build; the loop never ended
LIMIT = 120


@pytest.mark.parametrize("builder", ["html", "text"])
def test_a_link_before_its_target_builds_with_its_notes(tmp_path: Path, builder: str) -> None:
    """The build ends, strict, and both addresses are in the notes."""
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp_path / "src")
    add_pages(srcdir, {"notes.rst": PAGE})
    (srcdir / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / builder
    strict = ["-W", "--keep-going", "-n", "-q", "-b", builder]
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", *strict, str(srcdir), str(out)],
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
        env={"PYTHONPATH": str(Path(__file__).parent.parent / "_ext"), "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    written = next(out.glob("notes.*")).read_text("utf-8")
    for address in ("https://example.org/", "https://example.com/"):
        assert address in written, address
