"""The index pages' group keys are text, escaped, not markup.

A glossary term's classifier is its index group (``term : key``), and the
general index writes each group's key into the page as it is, in a link's
address, an id and the heading (Sphinx's ``genindex.html`` and every theme's
copy of it print ``{{ key }}`` unescaped). A key of
``"><img src=x onerror=alert(1)>`` put a script in ``genindex.html``. The
domain indices write each group's letter the same way (``py-modindex``: a
module named ``"y`` made the e-book's page XML no reader opens).

Before any index page is rendered (``html-page-context``), each key and
letter is given to the template escaped: the page shows the same text, the
links and ids still match, and no key is markup. Sphinx's split index
(``html_split_index``) names a page after each key; a key that needs
escaping there links to a page of its escaped name.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: the context entries of the index pages whose first items are keys the templates print
KEYED_ENTRIES = ("genindexentries", "content")
#: the templates that print them (the general index, its split pages, a domain's index)
INDEX_TEMPLATES = frozenset(
    {"genindex.html", "genindex-single.html", "genindex-split.html", "domainindex.html"}
)


def escaped_keys(groups: Any) -> Any:
    """Return *groups* (``[(key, entries), ...]``) with each key escaped; anything else as is."""
    if not isinstance(groups, list):
        return groups
    return [
        (html.escape(group[0], quote=True), *group[1:])
        if isinstance(group, tuple) and group and isinstance(group[0], str)
        else group
        for group in groups
    ]


def escape_index_keys(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.Node
) -> None:
    """``html-page-context``: escape the keys an index page prints."""
    if templatename not in INDEX_TEMPLATES:
        return
    for name in KEYED_ENTRIES:
        if name in context:
            context[name] = escaped_keys(context[name])


def setup_index_keys(app: Sphinx) -> None:
    """Register the handler (called from the package's ``setup()``)."""
    app.connect("html-page-context", escape_index_keys)
