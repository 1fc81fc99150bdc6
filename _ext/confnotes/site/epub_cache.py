"""An e-book does not warn about the files a build keeps in its folder: no content.

``sphinx-build -b epub src out`` (no ``-d``, as the one-line command in
Sphinx's documentation) keeps the doctree cache in ``out/.doctrees``; the
epub builder then lists every file of the output folder for the e-book's
manifest and warns ``epub.unknown_project_files`` for each cached doctree,
which it leaves out of the e-book anyway: a strict build failed on files
nobody wrote. That one warning is dropped for files inside the doctree
cache; about any other file it stays.

Sphinx also keeps ``.buildinfo.bak`` there once a setting the output
depends on changes (``html_title``, ``-D html_baseurl=...``): the e-book
warned about it on that build and every one after, even with ``-E``. It is
added to ``epub_exclude_files``, the builder's own list of files to leave out.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confnotes.site.warning_types import put_first
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


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


#: what Sphinx names the previous build's information when a setting changed
BUILD_INFO_BACKUP = ".buildinfo.bak"


def exclude_build_info_backup(app: Sphinx, config: Config) -> None:
    """``config-inited``: leave Sphinx's backup of the build information out of an e-book."""
    if BUILD_INFO_BACKUP not in config.epub_exclude_files:
        config.epub_exclude_files = [*config.epub_exclude_files, BUILD_INFO_BACKUP]


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the installation of the filter, and the exclusion."""
    app.connect("builder-inited", install)
    app.connect("config-inited", exclude_build_info_backup)
    return metadata()
