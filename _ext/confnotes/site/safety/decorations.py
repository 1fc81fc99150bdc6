"""A page's ``header`` and ``footer`` are left out, with a warning, before any builder sees them.

docutils' ``.. header::`` and ``.. footer::`` put their content into the
document's decoration, which no page of the site shows (furo's templates
leave it out of HTML) and which Sphinx's text and man writers cannot write
at all: they raise ``NotImplementedError`` and stop the whole build. So both
directives (reST and MyST) warn ``confnotes.page_decoration`` where they
are written and add nothing: every builder gets the same page, and the rest
of it is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from confnotes.core.locations import directive_location
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class LeftOutDecoration(SphinxDirective):
    """``header`` or ``footer``: warned about where written, left out."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        """Warn; add nothing to the page or its decoration."""
        warn(
            "a page %s is left out: the site's pages show none, and the text and man"
            " builders cannot write one; put the text in the page itself",
            self.name,
            subtype="page_decoration",
            location=directive_location(self),
        )
        return []


def setup_decorations(app: Sphinx) -> None:
    """Register the checked directives (called from the package's ``setup()``)."""
    for name in ("header", "footer"):
        app.add_directive(name, LeftOutDecoration, override=True)
