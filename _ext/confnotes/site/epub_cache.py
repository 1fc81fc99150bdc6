"""An e-book built without ``-d`` does not warn about its own doctree cache.

``sphinx-build -b epub src out`` (no ``-d``, as the one-line command in
Sphinx's documentation) keeps the doctree cache in ``out/.doctrees``; the
epub builder then lists every file of the output folder for the e-book's
manifest and warns ``epub.unknown_project_files`` for each cached doctree,
which it leaves out of the e-book anyway: a strict build failed on files
nobody wrote. That one warning is dropped for files inside the doctree
cache; about any other file it stays.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confnotes.site.warning_types import put_first
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class CacheIsNoContent(logging.Filter):
    """Drop the epub builder's "unknown mimetype" warning about a file of the doctree cache."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every warning but that one."""
        if (
            getattr(record, "type", "") != "epub"
            or getattr(record, "subtype", "") != "unknown_project_files"
            or not isinstance(record.args, tuple)
            or not record.args
        ):
            return True
        listed = Path(self.app.outdir, str(record.args[0])).resolve()
        return not listed.is_relative_to(Path(self.app.doctreedir).resolve())


def install(app: Sphinx) -> None:
    """``builder-inited``: put the filter first on Sphinx's warning handler (once)."""
    put_first(CacheIsNoContent(app))


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the installation of the filter."""
    app.connect("builder-inited", install)
    return metadata()
