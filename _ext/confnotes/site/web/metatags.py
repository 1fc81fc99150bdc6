"""Meta tags through an escaping API, and what sphinxext-opengraph is told to write.

Every tag this extension writes is built by :func:`meta_tag` (markupsafe,
which Jinja uses for the templates: ``&``, ``<``, ``>`` and both quotes
escaped). sphinxext-opengraph's tags are steered through its documented
settings and page fields, never by editing what it wrote, with one
exception (``og:url``, below):

* its ``og:title`` and ``og:description`` come from the page's ``og:title``
  and ``og:description`` fields (its per-page overrides), set before it runs
  (:func:`open_graph_fields`) from the page title's text (or the page's own
  field) and the description it is to use (a talk's introduction, set by
  :func:`confnotes.site.web.web.describe_page`, or the page's own field),
  escaped. No public API: opengraph writes those values with ``make_tag``,
  which escapes only ``"``, so they are handed over escaped: a talk titled
  ``Quotes & <brackets>``, or an introduction holding ``</title><script>``,
  would otherwise reach the page's head as raw markup. A description
  opengraph makes itself is already escaped (``html.escape``) and stays.
  Any other ``og:`` field of a page is handed over escaped too, unless it
  holds a URL; a field whose name is not an Open Graph name (opengraph
  writes the name unescaped: ``og:x"><script>``) or whose URL is unsafe
  (``og:audio: vbscript:…``) is left out and warns ``confnotes.unsafe_meta``.
* without an absolute root URL there is no image (the settings, see
  :func:`confnotes.site.web.web.configure`), and a page's own relative
  ``og:image`` or ``og:url`` field is not handed on; a page with an image
  also gets ``twitter:card`` (the large preview), after opengraph's tags.
* ``og:url``, which opengraph writes on every page (relative without a root
  URL, where the Open Graph protocol wants an absolute URL), has no setting:
  :func:`after_open_graph` removes that one line.

The behaviour relied on is pinned in ``tests/test_pinned_internals.py``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from markupsafe import Markup, escape

from confnotes.core.source_lines import line_matching, line_with
from confnotes.core.validation import URL_METADATA_RE, is_safe_metadata, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: an Open Graph property's name (``og:image:alt``): opengraph writes it unescaped
OPEN_GRAPH_NAME_RE = re.compile(r"og:[a-z0-9_]+(?::[a-z0-9_]+)*")
#: a page's own fields that hold a URL (meaningless unless absolute), and what goes with them
URL_FIELDS = {"og:image": ("og:image", "og:image:alt"), "og:url": ("og:url",)}
#: the page context's note that the page's preview has an image
HAS_IMAGE = "confnotes_preview_image"


def meta_tag(attribute: str, key: str, content: str) -> str:
    """Return ``<meta {attribute}="{key}" content="{content}" />`` with both values escaped."""
    return str(Markup('<meta {}="{}" content="{}" />\n').format(attribute, key, content))


def is_absolute(url: str) -> bool:
    """Whether *url* is absolute (``http://`` or ``https://``)."""
    return url.startswith(("http://", "https://"))


class _Text(HTMLParser):
    """The text of an HTML fragment, entities decoded (as opengraph reads the title)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(fragment: str) -> str:
    """Return the text of the HTML *fragment* (the page title Sphinx rendered)."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def written_part(key: str) -> str:
    """Return the start of a field's name as written: smart quotes change what follows."""
    written = re.match(r"[\w:.-]*", key)
    return (written[0] if written else "") or key


def field_line(app: Sphinx, pagename: str, written: str) -> int:
    """Return the line of the page that sets the field named *written* (0: not found).

    A field's name is followed by its colon and its value (``og:image: x``
    in front matter, ``:og:image: x`` in reST), which the same name inside
    MyST's ``html_meta`` (``"property=og:image":``) and a longer name
    (``og:image:alt:``) are not.
    """
    if pagename not in app.env.found_docs:
        return 0
    source = Path(app.env.doc2path(pagename))
    # the name, then its colon and the value (not og:image:alt: for og:image)
    field = re.compile(rf"(?<![\w.-]){re.escape(written)}:(?:\s|$)")
    return line_matching(source, field) or line_with(source, written)


def open_graph_problem(key: str, value: str) -> str:
    """Return why a page's ``og:`` field may not reach its head ("" when it may)."""
    if not OPEN_GRAPH_NAME_RE.fullmatch(key):
        return "an Open Graph name is lowercase letters, digits and underscores after og:"
    if not is_safe_metadata(key, value):
        return f"its URL {value[:80]!r} is not http, https or mailto"
    return ""


def large_card() -> str:
    """Return the tag that asks for the large preview card (a page with an image)."""
    return meta_tag("name", "twitter:card", "summary_large_image")


def open_graph_fields(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (before opengraph): the page fields opengraph is to write.

    Pages without a doctree get no opengraph tags; ours are built by
    :func:`meta_tag` already.
    """
    if doctree is None or app.builder.name == "epub" or "ogp_site_url" not in app.config:
        return
    config = app.config
    fields = dict(context.get("meta") or {})  # a copy: context["meta"] is the env's
    for key in [k for k in fields if str(k).startswith("og:")]:
        if problem := open_graph_problem(str(key), str(fields[key])):
            del fields[key]
            warn(
                "page field %r left out of the link preview: %s",
                key,
                problem,
                subtype="unsafe_meta",
                location=(pagename, field_line(app, pagename, written_part(str(key)))),
            )
        elif not URL_METADATA_RE.search(key):
            fields[key] = str(escape(fields[key]))
    fields["og:title"] = fields.get("og:title") or str(
        escape(html_text(str(context.get("title") or "")))
    )
    # opengraph joins a relative image to ogp_site_url, and writes a URL as given
    roots = {"og:image": config.ogp_site_url, "og:url": ""}
    for key, dropped in URL_FIELDS.items():
        if key in fields and not is_absolute(urljoin(roots[key] or "", str(fields[key]))):
            for name in dropped:
                fields.pop(name, None)
    context["meta"] = fields
    image = fields["og:image"] if "og:image" in fields else config.ogp_image
    if image and "ogp_disable" not in fields:
        context[HAS_IMAGE] = True


def after_open_graph(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (after opengraph): no relative ``og:url``; the card of an image.

    No public API: opengraph writes ``og:url`` on every page, joined to
    ``ogp_canonical_url`` (or ``ogp_site_url``), with no setting to leave it
    out. The one line it wrote is built by its own ``make_tag``, as it
    builds it, and removed when the URL is not absolute.
    """
    if doctree is None or app.builder.name == "epub" or "metatags" not in context:
        return
    if "ogp_site_url" not in app.config:
        return
    config = app.config
    tags = str(context["metatags"])
    url = urljoin(
        config.ogp_canonical_url or config.ogp_site_url, app.builder.get_target_uri(pagename)
    )
    if not is_absolute(url):
        from sphinxext.opengraph import make_tag

        tags = tags.replace(make_tag("og:url", url) + "\n", "", 1)
    if context.get(HAS_IMAGE):
        tags += large_card()
    context["metatags"] = tags


def setup_metatags(app: Sphinx) -> None:
    """Register the hooks (called from the package's ``setup()``)."""
    app.connect("html-page-context", open_graph_fields, priority=450)
    app.connect("html-page-context", after_open_graph, priority=600)
