"""confnotes: conference notes as a Sphinx site.

Two layers, each a folder: :mod:`confnotes.core` (the ``conf`` domain and
its views, for any conference-notes project) and :mod:`confnotes.site` (the
web concerns of a published site). ``extensions = ["confnotes"]`` sets up
the core and every part of the site; a project that wants fewer lists the
parts it uses (see :data:`PARTS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes.version import __version__, metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["PARTS", "__version__", "setup"]

#: the core, then the site's parts, in the order they are set up
PARTS = (
    "confnotes.core",
    "confnotes.site.safety",
    "confnotes.site.navigation",
    "confnotes.site.searchindex",
    "confnotes.site.search_stems",
    "confnotes.site.replay",
    "confnotes.site.warning_types",
    "confnotes.site.warning_locations",
    "confnotes.site.epub_cache",
    "confnotes.site.removed_pages",
    "confnotes.site.static_files",
    "confnotes.site.parallel_writing",
    "confnotes.site.web",
    "confnotes.site.export",
    "confnotes.site.translator",
    "confnotes.site.singlepage",
    "confnotes.site.icon_fonts",
)


def setup(app: Sphinx) -> dict[str, Any]:
    """Set up every part."""
    for part in PARTS:
        app.setup_extension(part)
    return metadata()
