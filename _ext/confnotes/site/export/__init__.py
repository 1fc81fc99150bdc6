"""Open data: ``conference.json`` and its JSON Schema, written once per build."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes.site.export.export import ExportWriter
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Write the export when the build finishes."""
    app.setup_extension("confnotes.core")
    writer = ExportWriter()
    app.connect("env-before-read-docs", writer.note_read)
    app.connect("doctree-resolved", writer.note_written)
    app.connect("build-finished", writer.write)
    return metadata()
