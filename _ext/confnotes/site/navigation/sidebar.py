"""Furo's sidebar for our navigation, rendered once per day rather than once per page.

Furo turns the page's ``toctree()`` HTML into its collapsible sidebar by
parsing it with BeautifulSoup on every page (``furo.navigation.
get_navigation_tree``): a checkbox and an expander label in each item that
holds a list, ``has-children`` on that item, ``current-page`` on the last
current item. Our sidebar lists every event and day on every page, so that
parse, and rendering the nodes, cost O(days) per page: at 20 events x 5
days (2,000 talks) more than the rest of writing a page.

So, with furo, the same decoration is made on the nodes (:func:`decorate`,
furo's rules; a test compares both on every page of a root), and the
sidebar is rendered once per folder and day: the pages of a day share it
and differ only in their own entry, whose current rendering replaces the
shared one. Furo's handler gets no ``toctree`` to parse; ours sets
``furo_navigation_tree`` after it. ``confnotes_furo_sidebar = False`` leaves
the decoration to furo.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from confnotes.site.navigation.navigation import (
    Link,
    PageNavigation,
    build_navigation,
    entry,
    folder_uri,
    outline,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

    from confnotes.site.navigation.navigation import Outline

#: where the page's ``toctree()`` waits while furo's handler runs
DEFERRED = "confnotes_navigation"


class toctree_checkbox(nodes.Inline, nodes.Element):  # type: ignore[misc]
    """Furo's switch that keeps an item expanded or collapsed (``name``, ``label``)."""


class toctree_expander(nodes.Inline, nodes.Element):  # type: ignore[misc]
    """Furo's arrow that toggles the switch ``name``."""


def visit_checkbox_html(self: HTML5Translator, node: toctree_checkbox) -> None:
    """Write the checkbox input, checked when its item is current.

    A native checkbox, unlike furo's: furo adds ``role="switch"`` without the
    ``aria-checked`` state that role requires (HTML checkers reject it, and
    nothing updates it when toggled); a checkbox exposes its checked state.
    """
    atts = {
        "type": "checkbox",
        "CLASS": "toctree-checkbox",
        "ids": [node["name"]],
        "name": node["name"],
        "aria-label": f"Toggle navigation of {node['label']}",
    }
    if node["checked"]:
        atts["checked"] = ""
    self.body.append(self.starttag(node, "input", "", empty=True, **atts))
    raise nodes.SkipNode


def depart_html(self: HTML5Translator, node: nodes.Element) -> None:
    """Never called: the visitors write the whole element."""


def visit_expander_html(self: HTML5Translator, node: toctree_expander) -> None:
    """Write the label with furo's arrow icon."""
    self.body.append(self.starttag(node, "label", "", **{"for": node["name"]}))
    self.body.append(self.starttag(node, "span", "", CLASS="icon"))
    self.body.append(self.starttag(node, "svg", ""))
    self.body.append(self.starttag(node, "use", "", href="#svg-arrow-right"))
    self.body.append("</use></svg></span></label>")
    raise nodes.SkipNode


def decorate(parts: list[nodes.Node], *, mark_page: bool = True) -> None:
    """Decorate the sidebar's items as ``furo.navigation.get_navigation_tree`` does.

    Without ``mark_page`` no item gets ``current-page`` (the shared sidebar
    of a day: each page's own entry brings it).
    """
    count = 0
    last_current: nodes.Element | None = None
    items = [item for part in parts for item in part.findall(nodes.list_item)]
    for item in items:
        classes = list(item["classes"])
        if "current" in classes:
            last_current = item
        if next(item.findall(nodes.bullet_list, include_self=False), None) is None:
            continue
        item["classes"].append("has-children")
        count += 1
        name = f"toctree-checkbox-{count}"
        label = next(item.findall(nodes.reference)).astext()
        item.insert(1, toctree_expander(name=name))
        item.insert(1, toctree_checkbox(name=name, label=label, checked="current" in classes))
    if mark_page and last_current is not None:
        last_current["classes"].append("current-page")


def render(app: Sphinx, parts: list[nodes.Node]) -> str:
    """Render sidebar parts as one toctree (see ``navigation.render_navigation``)."""
    if not parts:
        return ""
    whole = addnodes.compact_paragraph("", "", *parts, toctree=True)
    return app.builder.render_partial(whole)["fragment"]  # type: ignore[attr-defined,no-any-return]


def item_html(app: Sphinx, item: nodes.list_item) -> str:
    """Render one entry, as it appears in a list (its ``<li>`` only)."""
    html = render(app, [nodes.bullet_list("", item)])
    return html[html.index("<li") : html.rindex("</li>") + len("</li>")]


def whole_sidebar(app: Sphinx, pagename: str, rewrite: Callable[[str], str] | None = None) -> str:
    """Build, decorate and render the sidebar of one page (``rewrite``: see navigation)."""
    parts = build_navigation(app, pagename, rewrite=rewrite)
    decorate(parts)
    return render(app, parts)


def own_link(plan: Outline, pagename: str) -> Link | None:
    """Return the page's entry in its day's list, if it is there and nowhere else."""
    if any(link.docname == pagename for _caption, links in plan.more for link in links):
        return None
    own_day = plan.programme.day_of_page.get(pagename)
    for event in plan.events:
        for day in event.days:
            if day.key == own_day:
                return next((link for link in day.pages if link.docname == pagename), None)
    return None


def furo_sidebar(app: Sphinx, pagename: str) -> str:
    """Return the page's decorated sidebar: its folder and day's, with its own entry current."""
    builder = app.builder
    plan = outline(app.env, builder)
    link = own_link(plan, pagename)
    if link is None:  # a page outside the days (front page, "More" pages)
        return whole_sidebar(app, pagename)
    cached: tuple[Outline, dict[tuple[Any, ...], str]] | None = getattr(
        builder, "_confnotes_sidebars", None
    )
    if cached is None or cached[0] is not plan:
        cached = (plan, {})
        builder._confnotes_sidebars = cached  # type: ignore[attr-defined]
    key = (
        posixpath.dirname(builder.get_target_uri(pagename)),
        plan.programme.day_of_page[pagename],
    )
    shared = cached[1].get(key)
    if shared is None:
        parts = build_navigation(app, pagename, shared=True)
        decorate(parts, mark_page=False)
        shared = cached[1][key] = render(app, parts)
    plain = entry(
        builder, pagename, link, 3, current=False, uri=folder_uri(builder, pagename, link.docname)
    )
    current = entry(builder, pagename, link, 3, current=True)
    current["classes"].append("current-page")
    before, after = (item_html(app, item) for item in (plain, current))
    if shared.count(before) != 1:  # cannot tell the page's own entry: render it all
        return whole_sidebar(app, pagename)
    return shared.replace(before, after)


def defer_for_furo(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` (after ours, before furo's): hide our ``toctree()`` from furo."""
    if (
        isinstance(context.get("toctree"), PageNavigation)
        and app.config.html_theme == "furo"
        and app.config.confnotes_furo_sidebar
    ):
        context[DEFERRED] = context.pop("toctree")


def furo_navigation_tree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` (after furo's): give the page its sidebar and ``toctree()`` back."""
    navigation = context.pop(DEFERRED, None)
    if navigation is None:
        return
    context["toctree"] = navigation
    if navigation.rewrite is not None:  # a page of its own kind: nothing to share
        context["furo_navigation_tree"] = whole_sidebar(app, pagename, navigation.rewrite)
    else:
        context["furo_navigation_tree"] = furo_sidebar(app, pagename)
