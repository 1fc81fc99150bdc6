"""Meta tags through an escaping API; Open Graph's title and description escaped in full.

sphinxext-opengraph writes its tags with an f-string that escapes only ``"``
(``make_tag``): a talk titled ``Quotes & <brackets>``, or an introduction
holding ``</title><script>``, reaches the page's head as raw markup, and an
``&amp;`` written in a title reaches a reader as ``&``. So every tag this
extension writes is built by :func:`meta_tag` (markupsafe, which Jinja uses
for the templates: ``&``, ``<``, ``>`` and both quotes escaped), and after
opengraph (``html-page-context``, priority 550) its ``og:title`` and
``og:description`` are written again from the values they came from: the
page title's text (or the page's own ``og:title`` field) and the description
opengraph was handed (a talk's introduction, set by
:func:`confnotes.site.web.web.describe_page`, or the page's own field). A description
opengraph made itself is already escaped (``html.escape``) and stays.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: the keys whose value opengraph writes unescaped, and we know
REWRITTEN = ("og:title", "og:description")


def meta_tag(attribute: str, key: str, content: str) -> str:
    """Return ``<meta {attribute}="{key}" content="{content}" />`` with both values escaped."""
    return str(Markup('<meta {}="{}" content="{}" />\n').format(attribute, key, content))


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


def opengraph_line(key: str) -> re.Pattern[str]:
    """Match the line opengraph's ``make_tag`` wrote for *key* (its content has no ``"``)."""
    return re.compile(rf'^<meta property="{re.escape(key)}" content="[^"]*" />$', re.MULTILINE)


def escape_open_graph(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (after opengraph): rewrite og:title and og:description, escaped.

    Pages without a doctree get no opengraph tags; ours are built by
    :func:`meta_tag` already.
    """
    if doctree is None or app.builder.name == "epub" or "metatags" not in context:
        return
    fields = context.get("meta") or {}
    values = {"og:title": fields.get("og:title") or html_text(str(context.get("title") or ""))}
    if fields.get("og:description"):
        values["og:description"] = fields["og:description"]
    tags = str(context["metatags"])
    for key in REWRITTEN:
        if key in values:
            tag = meta_tag("property", key, str(values[key])).rstrip("\n")
            tags = opengraph_line(key).sub(tag.replace("\\", "\\\\"), tags)
    context["metatags"] = tags


def setup_metatags(app: Sphinx) -> None:
    """Register the rewrite (called from the package's ``setup()``)."""
    app.connect("html-page-context", escape_open_graph, priority=550)
