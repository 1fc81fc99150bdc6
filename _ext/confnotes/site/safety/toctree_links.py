"""A toctree entry that is a URL with an unsafe scheme is left out.

A ``toctree`` takes ``Title <scheme://…>`` as a link to another site, and
Sphinx writes it wherever that toctree is shown: the page, the sidebar of
every page, an epub's ``nav.xhtml`` and ``toc.ncx``. Those are built from
the toctree as read, after the late gate (``gate``) has looked at the
pages, so the entry is checked while its page is read:
``javascript://%0aalert(1)`` warns ``confnotes.unsafe_link`` at the
toctree's line and is removed from the toctree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import written_at
from confnotes.core.validation import is_safe_link, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class RemoveUnsafeTocEntries(SphinxTransform):
    """Remove toctree entries whose URL a browser would run, before the toctrees are kept."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Keep the entries that are pages, ``self`` or safe URLs."""
        for toctree in self.document.findall(addnodes.toctree):
            kept = []
            for title, ref in toctree["entries"]:
                if ref is None or ref in self.env.found_docs or is_safe_link(ref):
                    kept.append((title, ref))
                    continue
                warn(
                    "toctree entry %r (%r) removed: only http and https URLs (or pages)"
                    " become links",
                    title or ref,
                    ref,
                    subtype="unsafe_link",
                    location=written_at(self.env, toctree),
                )
            toctree["entries"] = kept


def setup_toctree_links(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(RemoveUnsafeTocEntries)
