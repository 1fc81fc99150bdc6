"""The 404 page's sidebar: the site's own navigation, with absolute links.

sphinx-notfound-page writes ``404.html``, which the web server sends for
any missing path, so every link on it must be absolute. It swaps the page's
``toctree()`` for one rendering Sphinx's *global* toctree with absolute
URIs: every talk of every day, where every other page lists the events,
the days and "More" (``confnotes.site.navigation.navigation``), and a rendering that grows
with the whole site. This gives the 404 page our navigation instead, its
links made absolute the way sphinx-notfound-page makes them (its
``notfound_urls_prefix`` before the path from the site's root).

No public API: sphinx-notfound-page documents no order for its
``html-page-context`` handler; ours runs after it (priority 420 against its
400), pinned in ``tests/test_pinned_internals.py``.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from confnotes.site.navigation.navigation import PageNavigation, navigates

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from confnotes.site.navigation.navigation import Sidebars


def absolute_uri(prefix: str, folder: str, uri: str) -> str:
    """Make *uri*, relative to *folder* (a path from the site's root), absolute under *prefix*."""
    if uri.startswith(("#", "/")) or "://" in uri:
        return uri
    path, hash_, anchor = uri.partition("#")
    resolved = posixpath.normpath(posixpath.join(folder, path)) if path else folder
    resolved = "" if resolved == "." else resolved
    if path.endswith("/") and resolved:
        resolved += "/"
    return f"{prefix.rstrip('/')}/{resolved}{hash_}{anchor}"


def install_notfound_navigation(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: Any,
    *,
    sidebars: Sidebars,
) -> None:
    """``html-page-context`` (after sphinx-notfound-page's): the 404 page's ``toctree()`` is ours.

    Leaves the page alone when sphinx-notfound-page is not loaded, when it
    is not the 404 page, or when the site has no navigation of ours.
    """
    name = getattr(app.config, "notfound_pagename", None)
    if name is None or pagename != name or not navigates(app, context):
        return
    prefix = app.config.notfound_urls_prefix or "/"
    folder = posixpath.dirname(app.builder.get_target_uri(pagename))

    def rewrite(uri: str) -> str:
        return absolute_uri(prefix, folder, uri)

    context["toctree"] = PageNavigation(app, sidebars, pagename, rewrite)
