"""A section title holds no download link: it is shown as its text.

Sphinx copies a section's title into the page's table of contents, the
sidebar, the parent's toctree and the previous/next links of the pages
around it, and its contents filter keeps a ``download_reference`` there as
it is (it drops the other links): the link then reaches every page that
shows the title, after the late gate (``gate``) has looked at the page
body only, and Sphinx's own table of contents fails on it (``KeyError:
'anchorname'``), stopping the whole build. A MyST heading links a file
with plain Markdown (``## The [notes](notes.txt)``), so this is easy to
write.

While the page is read (after docutils' substitutions, so a ``|name|``
that stands for a download is seen too), each such link in a section title
is replaced by its text, with a warning ``confnotes.link_in_title`` at the title's line;
the file is still linked from the page's body wherever the page links it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import location_of
from confnotes.core.source_lines import line_with
from confnotes.core.validation import AnyLocation, line_of, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class UnlinkDownloadsInTitles(SphinxTransform):
    """Show a section title's download link as its text, before the title is copied."""

    #: after docutils' substitutions (220), which put a ``|name|``'s link into the title,
    #: and before the titles are kept (``doctree-read``, 880)
    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        """Replace each download link of a section title by an inline of its children."""
        for title in self.document.findall(nodes.title):
            if not isinstance(title.parent, nodes.section):
                continue
            for link in list(title.findall(addnodes.download_reference)):
                warn(
                    "download link %r in a title is shown as text: the table of contents"
                    " and the previous/next links copy titles, and cannot link a file;"
                    " link it from the text below the title",
                    link.astext(),
                    subtype="link_in_title",
                    location=self.where(title, link),
                )
                link.replace_self(nodes.inline("", "", *link.children))

    def where(self, title: nodes.title, link: nodes.Element) -> AnyLocation:
        """Return the file and line of *link*'s target (docutils puts a title at its underline)."""
        source = title.source or str(self.env.doc2path(self.env.docname))
        near = line_of(title)
        line = line_with(Path(source), link.get("reftarget", ""), max(1, near - 2)) or near
        return location_of(self.env, source, line)


def setup_title_links(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(UnlinkDownloadsInTitles)
