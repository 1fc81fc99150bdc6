"""Furo's sidebar for our navigation, rendered once per day rather than once per page.

Furo turns the page's ``toctree()`` HTML into its collapsible sidebar by
parsing it with BeautifulSoup on every page (``furo.navigation.
get_navigation_tree``): a checkbox and an expander label in each item that
holds a list, ``has-children`` on that item, ``current-page`` on the last
current item. Our sidebar lists every event and day on every page, so that
parse, and rendering the nodes, cost O(days) per page: at 20 events x 5
days (2,000 talks) more than the rest of writing a page.

So, with furo, the same decoration is made on the nodes (:func:`decorate`,
furo's rules; a test compares both on every page of a root), and what the
pages of a folder and day share is rendered once, with a slot
(:class:`day_pages_slot`) where the list of the day's pages goes. That list
is made of entries rendered once too: as the other pages show them, once
per folder, and as their own pages show them (current), once per day
(:class:`DayList`). So a page renders nothing: its sidebar is the shared
HTML before the slot, its list spliced from those entries, and the shared
HTML after it. ``confnotes_furo_sidebar
= False`` leaves the decoration to furo.

No public API: furo has no setting for a sidebar made elsewhere. Its
``html-page-context`` handler (priority 500) renders the page's
``toctree()`` into ``furo_navigation_tree``, which its
``sidebar/navigation.html`` template shows. :func:`defer_for_furo` hides
our ``toctree()`` from that handler (so it parses nothing) and
:func:`furo_navigation_tree` sets ``furo_navigation_tree`` after it; both
are pinned in ``tests/test_pinned_internals.py``.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

from confnotes.site.navigation.navigation import (
    DayLinks,
    Link,
    PageNavigation,
    build_navigation,
    entry,
    folder_uri,
    render,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
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


class day_pages_slot(nodes.bullet_list):  # type: ignore[misc]
    """Where a sidebar the pages of a day share leaves out their list.

    A list for :func:`decorate` (its day has children); its HTML visitor
    writes nothing and notes where it is (:func:`visit_slot_html`), so the
    rendering parts there.
    """


def visit_slot_html(self: HTML5Translator, node: day_pages_slot) -> None:
    """Note where the slot is: the length of the HTML written before it."""
    node["offset"] = sum(len(part) for part in self.body)
    raise nodes.SkipNode


def day_entry(builder: Builder, pagename: str, link: Link, *, own: bool) -> nodes.list_item:
    """One entry of a day's list in *pagename*'s sidebar.

    As its own page shows it (``own``: current) or as any other page of
    *pagename*'s folder does.
    """
    if own:
        item = entry(builder, link.docname, link, 3, current=True)
        item["classes"].append("current-page")
        return item
    uri = folder_uri(builder, pagename, link.docname)
    return entry(builder, pagename, link, 3, current=False, uri=uri)


def day_pages(builder: Builder, pagename: str, day: DayLinks) -> nodes.bullet_list:
    """List the pages of *day* in *pagename*'s sidebar: its own entry current."""
    return nodes.bullet_list(
        "",
        *(day_entry(builder, pagename, link, own=link.docname == pagename) for link in day.pages),
    )


#: a day's list rendered and split: the HTML before its entries, each entry, the HTML after
Entries = tuple[str, tuple[str, ...], str]


class DayList(NamedTuple):
    """A day's list of pages for the pages of one folder, from entries rendered once.

    A page's list is ``opening``, then each entry as ``own`` where it links
    to that page and as ``others`` elsewhere, then ``closing``: the HTML the
    page's own rendering of :func:`day_pages` makes (an entry's HTML does
    not depend on its neighbours'), without rendering it on every page.
    """

    opening: str
    closing: str
    docnames: tuple[str, ...]
    others: tuple[str, ...]
    own: tuple[str, ...]

    def html(self, pagename: str) -> str:
        """Return *pagename*'s list of the day."""
        entries = (
            own if docname == pagename else other
            for docname, other, own in zip(self.docnames, self.others, self.own, strict=True)
        )
        return self.opening + "".join(entries) + self.closing


def split_entries(html: str, count: int) -> Entries | None:
    """Split a rendered one-level list into its opening, *count* entries and closing.

    Each entry starts at its ``<li>`` tag: text and attributes are escaped, so
    no other can occur. None when the HTML is not such a list (a translator
    of another shape): the pages then render their own list.
    """
    starts = [found.start() for found in re.finditer(r"<li[\s>]", html)]
    end = html.rfind("</ul>")
    if len(starts) != count or not starts or end < starts[-1]:
        return None
    bounds = [*starts, end]
    entries = tuple(html[a:b] for a, b in itertools.pairwise(bounds))
    return html[: starts[0]], entries, html[end:]


def day_entries(builder: Builder, pagename: str, day: DayLinks, *, own: bool) -> Entries | None:
    """Render the entries of *day* as *pagename*'s folder shows them, one way, and split them.

    ``own``: each entry as its own page shows it, which no folder changes
    (its link is to the page itself).
    """
    entries = [day_entry(builder, pagename, link, own=own) for link in day.pages]
    return split_entries(render(builder, [nodes.bullet_list("", *entries)]), len(day.pages))


def day_list(navigation: PageNavigation, day: DayLinks) -> DayList | None:
    """Make the day's list for the page's folder (None: the pages render their own).

    Its entries as the other pages show them are rendered for the folder;
    as their own pages show them, once for the day.
    """
    app, sidebars = navigation.app, navigation.sidebars
    others = day_entries(app.builder, navigation.pagename, day, own=False)
    if day.key not in sidebars.own_entries:
        sidebars.own_entries[day.key] = day_entries(app.builder, navigation.pagename, day, own=True)
    own = sidebars.own_entries[day.key]
    if others is None or own is None or (others[0], others[2]) != (own[0], own[2]):
        return None
    docnames = tuple(link.docname for link in day.pages)
    return DayList(others[0], others[2], docnames, others[1], own[1])


def whole_sidebar(navigation: PageNavigation) -> str:
    """Build, decorate and render the sidebar of one page."""
    parts = navigation.parts()
    decorate(parts)
    return render(navigation.app.builder, parts)


def shared_day(plan: Outline, pagename: str) -> DayLinks | None:
    """Return the page's day if its sidebar is its folder and day's, its own entry aside.

    It is when the page is in its day's list and no other link of the
    sidebar (events, days, "More") leads to it.
    """
    own_day = plan.programme.day_of_page.get(pagename)
    found: DayLinks | None = None
    others = [link for _caption, links in plan.more for link in links]
    for event in plan.events:
        others.append(event.link)
        for day in event.days:
            others.append(day.link)
            if day.key == own_day and any(link.docname == pagename for link in day.pages):
                found = day
    if found is None or any(link.docname == pagename for link in others):
        return None
    return found


class SharedSidebar(NamedTuple):
    """What the sidebars of a folder and day share: the HTML around the day's list, and the list."""

    before: str
    after: str
    day_list: DayList | None


def shared_sidebar(navigation: PageNavigation, day: DayLinks) -> SharedSidebar:
    """Render the sidebar of the page's folder and day: the HTML around its list, and the list."""
    app, pagename = navigation.app, navigation.pagename
    plan = navigation.sidebars.outline(app.env)
    slots: list[day_pages_slot] = []

    def slot(day: DayLinks) -> day_pages_slot:
        slots.append(day_pages_slot())
        return slots[-1]

    parts = build_navigation(app.builder, app.env, plan, pagename, own_day_pages=slot)
    decorate(parts, mark_page=False)
    html = render(app.builder, parts)
    (found,) = slots
    return SharedSidebar(
        html[: found["offset"]],
        html[found["offset"] :],
        day_list(navigation, day),
    )


def furo_sidebar(navigation: PageNavigation) -> str:
    """Return the page's decorated sidebar: its folder and day's, with its own list."""
    app, sidebars, pagename = navigation.app, navigation.sidebars, navigation.pagename
    builder = app.builder
    day = shared_day(sidebars.outline(app.env), pagename)
    if day is None:  # the front page, "More" pages
        return whole_sidebar(navigation)
    key = (posixpath.dirname(builder.get_target_uri(pagename)), day.key)
    if key not in sidebars.shared:
        sidebars.shared[key] = shared_sidebar(navigation, day)
    shared = sidebars.shared[key]
    if shared.day_list is not None:
        pages = shared.day_list.html(pagename)
    else:
        pages = render(builder, [day_pages(builder, pagename, day)])
    return shared.before + pages + shared.after


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
        context["furo_navigation_tree"] = whole_sidebar(navigation)
    else:
        context["furo_navigation_tree"] = furo_sidebar(navigation)
