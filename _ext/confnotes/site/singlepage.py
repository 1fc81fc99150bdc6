"""singlehtml: links to another document's anchor land on the one page.

In singlehtml every document is part of ``index.html``, where a document
starts at ``#document-<docname>``; ``make_refnode`` and the toctree join that
with the anchor, ``#document-talks/circus#conf-talk-circus``, a fragment no
element has (Sphinx 9 no longer runs ``SingleFileHTMLBuilder.fix_refuris``,
which kept the last part). Every such link is given its anchor alone: in
the page (the views', the roles', Sphinx's own ``:ref:``) at
``doctree-resolved``, after the glossary's "Mentioned in" lists are filled;
in the sidebar's table of contents (sections below a document's title),
which the theme renders from ``toc`` and ``toctree()``, at
``html-page-context``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes

from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PREFIX = "#document-"
#: the same, in rendered HTML: ``href="#document-<doc>#`` keeps ``href="#``
DOUBLE_HREF = re.compile(r'href="#document-[^"#]*#')


def land_on_anchors(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (singlehtml): ``#document-<doc>#<anchor>`` becomes ``#<anchor>``."""
    if app.builder.name != "singlehtml":
        return
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if uri.startswith(PREFIX) and "#" in uri[1:]:
            ref["refuri"] = uri[uri.index("#", 1) :]


def single_anchor(html: str) -> str:
    """Return rendered *html* with each ``#document-<doc>#<anchor>`` link as ``#<anchor>``."""
    return DOUBLE_HREF.sub('href="#', html)


def land_sidebar_on_anchors(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (singlehtml): the same for the sidebar's tables of contents.

    No public API: Sphinx renders these from the environment's tables of
    contents with no event between, so the rendered HTML's
    ``href="#document-<doc>#<anchor>"`` links are rewritten (the one place;
    pinned in ``tests/test_pinned_internals.py``: when Sphinx gets them
    right itself, the pin fails and this can go).
    """
    if app.builder.name != "singlehtml":
        return
    if isinstance(context.get("toc"), str):
        context["toc"] = single_anchor(context["toc"])
    toctree = context.get("toctree")
    if callable(toctree):
        context["toctree"] = _fixed(toctree)


def _fixed(toctree: Callable[..., str]) -> Callable[..., str]:
    def render(**kwargs: Any) -> str:
        return single_anchor(toctree(**kwargs))

    return render


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the fixes (called from the package's ``setup()``)."""
    app.connect("doctree-resolved", land_on_anchors, priority=900)
    app.connect("html-page-context", land_sidebar_on_anchors, priority=900)
    return metadata()
