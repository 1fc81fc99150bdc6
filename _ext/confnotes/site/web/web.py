"""The site on the open web: descriptions, absolute URLs only, robots.txt, a full sitemap.

Link previews come from sphinxext-opengraph, the sitemap from sphinx-sitemap
and the 404 page from sphinx-notfound-page (all configured in ``conf.py``);
this module fills in what they cannot know or get wrong here:

* a talk page's description is the talk's introduction (opengraph would take
  the first text of the page, the talk's metadata block), and pages without
  a doctree (index, search, 404) get the site's description;
* the site's root URL is never made up: it is ``html_baseurl`` (conf.py sets
  it from Read the Docs' ``READTHEDOCS_CANONICAL_URL``). Without it,
  opengraph is given no image and its relative ``og:url`` is left out (the
  Open Graph protocol wants absolute URLs; see
  :mod:`confnotes.site.web.metatags`), sphinx-sitemap writes nothing, and
  ``robots.txt`` has no ``Sitemap:`` line;
* ``robots.txt`` is written at ``build-finished``, because its ``Sitemap:``
  line needs the absolute URL a static file in ``html_extra_path`` cannot
  know;
* sphinx-sitemap lists only the pages written by the current build
  (jdillard/sphinx-sitemap#13): every other page is added back before it
  writes (:func:`complete_sitemap`), so an incremental build's sitemap
  equals a fresh build's.
"""

from __future__ import annotations

import os
import queue
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from sphinx.util import logging

from confnotes.core.intros import intro_text, page_talk, shorten
from confnotes.core.validation import split_url
from confnotes.site.web.metatags import is_absolute, large_card, meta_tag

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: builders whose output is a website served at a URL
WEB_BUILDERS = frozenset({"html", "dirhtml"})


def site_url(config: Config) -> str:
    """Return the site's root URL with a trailing slash, or "" when not known."""
    base = str(config.html_baseurl or "").strip()
    return base if not base or base.endswith("/") else base + "/"


def object_url(app: Sphinx, docname: str, anchor: str = "", *, absolute_only: bool = False) -> str:
    """URL of *docname* (and *anchor*): absolute with a known root URL.

    Without one it is relative to the site's root (where ``conference.json``
    lives), or "" with *absolute_only*.
    """
    uri = app.builder.get_target_uri(docname) + (f"#{anchor}" if anchor else "")
    base = site_url(app.config)
    if base:
        return base + uri
    return "" if absolute_only else uri


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: one root URL for opengraph, the sitemap, 404 and the canonical link.

    A root URL given with ``-D html_baseurl=...`` also moves the 404 page's
    URL prefix from ``/`` to the URL's path.
    """
    base = site_url(config)
    config.html_baseurl = base
    if "ogp_site_url" in config:
        configure_open_graph(config, base)
    if "notfound_urls_prefix" in config and base and config.notfound_urls_prefix == "/":
        parts = split_url(base)
        config.notfound_urls_prefix = (parts.path if parts else "") or "/"


def configure_open_graph(config: Config, base: str) -> None:
    """Give opengraph the root URL; without an absolute one, no image.

    Opengraph joins a relative image to ``ogp_site_url``; a relative image
    URL in a preview is no image at all, so without an absolute root it
    gets none: no ``ogp_image`` (unless absolute), no first image of the
    page, no social card.
    """
    if not config.ogp_site_url:
        # On Read the Docs without a canonical URL opengraph would stop the
        # build; "/" gives root-relative URLs, which are left out.
        config.ogp_site_url = base or ("/" if os.environ.get("READTHEDOCS") else "")
    if is_absolute(config.ogp_site_url):
        return
    if config.ogp_image and not is_absolute(config.ogp_image):
        config.ogp_image = None
    config.ogp_use_first_image = False
    config.ogp_social_cards = {**(config.ogp_social_cards or {}), "enable": False}


def describe_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (before opengraph): the description of the page.

    A talk page is described by its talk's introduction; opengraph then uses
    it for ``og:description`` and leaves our ``<meta name="description">``.
    """
    if app.builder.name == "epub":
        return
    description = ""
    talk_id = page_talk(app.env, pagename) if doctree is not None else None
    if talk_id:
        description = shorten(intro_text(app.builder, pagename, talk_id))
    elif doctree is None:
        description = app.config.confnotes_site_description
    if not description:
        return
    meta = dict(context.get("meta") or {})  # a copy: context["meta"] is the env's
    meta["og:description"] = description
    context["meta"] = meta
    context["metatags"] = context.get("metatags", "") + meta_tag("name", "description", description)
    if doctree is None:
        # opengraph only describes pages with a doctree; these get the basics
        std = app.env.domains.standard_domain
        virtual = std.labels.get(pagename, ("", "", ""))[2]  # genindex, search
        tags = {
            "og:title": context.get("title") or virtual or app.config.project,
            "og:type": "website",
            "og:site_name": app.config.project,
            "og:description": description,
        }
        base = site_url(app.config)
        if base:
            tags["og:url"] = base + app.builder.get_target_uri(pagename)
            image = getattr(app.config, "ogp_image", None)
            if image:
                tags["og:image"] = urljoin(base, image)
        context["metatags"] += "".join(
            meta_tag("property", key, str(value)) for key, value in tags.items() if value
        )
        if tags.get("og:image"):
            context["metatags"] += large_card()


def local_sitemap_queue(app: Sphinx) -> None:
    """``builder-inited`` (after sphinx-sitemap): a queue in this process when writing serially.

    sphinx-sitemap makes its queue of links (``app.sitemap_links``) with
    ``multiprocessing.Manager()``, so that ``-j N`` writers, forked processes,
    can fill it; each ``put`` and ``get`` is then a round trip to the
    manager's process. A serial build (``app.parallel`` at most 1: no
    writer is forked) has no use for that: at N=2000 the 4,200 round trips
    of writing the sitemap cost 0.4 s in this process, and as much in the
    manager's. No public API (the queue is sphinx-sitemap's); pinned in
    ``tests/test_pinned_internals.py``.
    """
    if getattr(app, "sitemap_links", None) is not None and app.parallel <= 1:
        app.sitemap_links = queue.SimpleQueue()  # type: ignore[attr-defined]


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (before sphinx-sitemap): list every page, not just re-written ones.

    No public API: sphinx-sitemap has no setting or event for pages a build
    did not write. It collects ``(link, lastmod)`` pairs in a queue,
    ``app.sitemap_links`` (made at ``builder-inited``, filled at
    ``html-page-context``), and writes them at ``build-finished`` (priority
    500), excluding links by its ``is_excluded``. This takes what the queue
    holds, adds every other page's link, and puts them all back in order;
    pinned in ``tests/test_pinned_internals.py``.
    """
    links: Any = getattr(app, "sitemap_links", None)
    if exception or links is None or app.builder.name not in WEB_BUILDERS:
        return
    seen: dict[str, Any] = {}
    while True:
        try:
            link, lastmod = links.get_nowait()
        except queue.Empty:
            break
        seen[link] = lastmod
    from sphinx_sitemap import is_excluded

    for docname in app.env.found_docs:
        link = app.builder.get_target_uri(docname)
        if not is_excluded(link, app.config.sitemap_excludes):
            seen.setdefault(link, None)
    for link in sorted(seen):
        links.put((link, seen[link]))
    if not site_url(app.config):
        logger.info("no html_baseurl: sitemap.xml is not written, robots.txt names none")


def write_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``robots.txt``, naming the sitemap when its URL is known."""
    if exception or app.builder.name not in WEB_BUILDERS:
        return
    lines = ["User-agent: *", "Allow: /"]
    base = site_url(app.config)
    if base and "sphinx_sitemap" in app.extensions:
        lines += ["", f"Sitemap: {base}{app.config.sitemap_filename}"]
    Path(app.outdir, "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def setup_web(app: Sphinx) -> None:
    """Register the hooks (called from the package's ``setup()``)."""
    app.add_config_value("confnotes_site_description", "", "html", types=frozenset({str}))
    app.connect("config-inited", configure, priority=800)
    app.connect("html-page-context", describe_page, priority=400)
    app.connect("builder-inited", local_sitemap_queue, priority=600)
    app.connect("build-finished", complete_sitemap, priority=400)
    app.connect("build-finished", write_robots_txt)
