"""The site on the open web: descriptions, escaped metatags, JSON-LD, robots.txt, sitemap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes.site.web.jsonld import add_json_ld
from confnotes.site.web.metatags import setup_metatags
from confnotes.site.web.web import setup_web
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the page-context and build-finished hooks."""
    app.setup_extension("confnotes.core")
    app.connect("html-page-context", add_json_ld)
    setup_web(app)
    setup_metatags(app)
    return metadata()
