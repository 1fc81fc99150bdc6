"""The site on the open web: descriptions, absolute URLs only, robots.txt, a full sitemap.

Link previews come from sphinxext-opengraph, the sitemap from sphinx-sitemap
and the 404 page from sphinx-notfound-page (all configured in ``conf.py``);
this module fills in what they cannot know or get wrong here:

* a talk page's description is the talk's introduction (opengraph would take
  the first text of the page, the talk's metadata block), and pages without
  a doctree (index, search, 404) get the site's description;
* the site's root URL is never made up: it is ``html_baseurl`` (conf.py sets
  it from Read the Docs' ``READTHEDOCS_CANONICAL_URL``). Without it, the
  relative ``og:url`` and ``og:image`` opengraph would emit are left out (the
  Open Graph protocol wants absolute URLs), sphinx-sitemap writes nothing,
  and ``robots.txt`` has no ``Sitemap:`` line;
* ``robots.txt`` is written at ``build-finished``, because its ``Sitemap:``
  line needs the absolute URL a static file in ``html_extra_path`` cannot
  know;
* sphinx-sitemap lists only the pages written by the current build
  (jdillard/sphinx-sitemap#13): every other page is added back before it
  writes, so an incremental build's sitemap equals a fresh build's.
"""

from __future__ import annotations

import os
import queue
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from confnotes.core.intros import intro_text, page_talk, shorten
from confnotes.core.validation import split_url
from confnotes.site.web.metatags import meta_tag

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: builders whose output is a website served at a URL
WEB_BUILDERS = frozenset({"html", "dirhtml"})

#: opengraph tags that are meaningless unless absolute
_RELATIVE_OG = re.compile(
    r'^<meta property="og:(?:url|image|image:url|image:secure_url)" '
    r'content="(?!https?://)[^"]*" />\n?',
    re.MULTILINE,
)
_OG_IMAGE_ALT = re.compile(r'^<meta property="og:image:alt" content="[^"]*" />\n?', re.MULTILINE)


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
    if "ogp_site_url" in config and not config.ogp_site_url:
        # On Read the Docs without a canonical URL opengraph would stop the
        # build; "/" gives root-relative URLs, which absolute_only() drops.
        config.ogp_site_url = base or ("/" if os.environ.get("READTHEDOCS") else "")
    if "notfound_urls_prefix" in config and base and config.notfound_urls_prefix == "/":
        parts = split_url(base)
        config.notfound_urls_prefix = (parts.path if parts else "") or "/"


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
        description = shorten(intro_text(app.env, pagename, talk_id))
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
                tags["og:image"] = base + image
        context["metatags"] += "".join(
            meta_tag("property", key, str(value)) for key, value in tags.items() if value
        )


def absolute_only(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (after opengraph): drop relative og:url / og:image.

    With an image, announce the large preview card.
    """
    if app.builder.name == "epub" or "metatags" not in context:
        return
    tags = str(context["metatags"])
    if _RELATIVE_OG.search(tags):
        tags = _RELATIVE_OG.sub("", tags)
        if 'property="og:image"' not in tags:
            tags = _OG_IMAGE_ALT.sub("", tags)
    if 'property="og:image"' in tags and 'name="twitter:card"' not in tags:
        tags += '<meta name="twitter:card" content="summary_large_image" />\n'
    context["metatags"] = tags


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (before sphinx-sitemap): list every page, not just re-written ones."""
    links: Any = getattr(app, "sitemap_links", None) or getattr(app.env, "sitemap_links", None)
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
    app.connect("html-page-context", absolute_only, priority=600)
    app.connect("build-finished", complete_sitemap, priority=400)
    app.connect("build-finished", write_robots_txt)
