"""Hostile input: no unsafe link, script or redirect reaches a reader, any bytes are read.

``unsafe``: raw content and files from outside the source tree;
``sources`` and ``includes``: pages in any encoding, includes that include
themselves; ``gate``: the late check of every link, image and meta tag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes.site.safety.gate import setup_safety
from confnotes.site.safety.includes import setup_includes
from confnotes.site.safety.sources import setup_sources
from confnotes.site.safety.unsafe import setup_unsafe
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the checks."""
    app.setup_extension("confnotes.core")
    setup_unsafe(app)
    # any bytes, any include: read, warned about, and the build goes on
    setup_sources(app)
    setup_includes(app)
    setup_safety(app)
    return metadata()
