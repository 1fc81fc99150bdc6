"""The sidebar navigation, from the programme: events, days, the talks of one day.

Sphinx's global toctree resolves every entry of the site for every page, so
a sidebar built from it grows with the whole site and the build turns
quadratic. This one lists the events and their days (links to where the
programme shows them), the pages of the current page's day only, and the
root document's other toctrees ("More"): O(days + talks of one day).

It is handed to the theme as the page's ``toctree()`` function, shaped like
Sphinx's own, so a theme decorates it as it decorates Sphinx's (expanders,
current page). What every page shows is built once per build and kept by
the application's :class:`Sidebars`; with furo,
``confnotes.site.navigation.sidebar`` also makes furo's decoration and
renders what the pages of a day share once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.util.osutil import relative_uri

from confnotes.core.nodes import title_of
from confnotes.core.programme import DayKey, Programme
from confnotes.core.views.programme import WHOLE_EVENT, is_programme_toctree, programme_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain
    from confnotes.site.navigation.sidebar import Entries, SharedSidebar

#: builders whose pages carry a per-page sidebar
NAVIGATED_BUILDERS = frozenset({"html", "dirhtml"})


class Link(NamedTuple):
    """A sidebar entry: the page (and anchor) it goes to, and its text."""

    docname: str
    anchor: str
    text: str


def day_of_programme_page(domain: ConferenceDomain, docname: str) -> DayKey | None:
    """Return the day a page's programme narrows to, if it shows exactly one."""
    for event, date, _fingerprint in domain.data["programmes"].get(docname, ()):
        if date:
            days = domain.programme().select(event, date)
            if len(days) == 1:
                return days[0].key
    return None


def more_toctrees(env: BuildEnvironment) -> list[tuple[str, list[Link]]]:
    """Return caption and pages of each root-document toctree but the programme's."""
    toc = env.tocs.get(env.config.root_doc)
    if toc is None:
        return []
    out: list[tuple[str, list[Link]]] = []
    for tree in toc.findall(addnodes.toctree):
        if is_programme_toctree(tree):
            continue
        links = [
            Link(ref, "", str(title) if title else title_of(env, ref))
            for title, ref in tree["entries"]
            if ref in env.all_docs
        ]
        if links:
            out.append((tree.get("caption") or "", links))
    return out


def nav_state(env: BuildEnvironment) -> str:
    """Fingerprint what every sidebar shows whatever its day: events, days, More."""
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    found = domain.programme()
    days = [(day.event, day.label, programme_page(domain, day.key)) for day in found.days]
    return repr((days, more_toctrees(env), title_of(env, env.config.root_doc)))


def relations_state(env: BuildEnvironment) -> dict[str, tuple[str | None, ...]]:
    """Return each page's parent, previous and next page, with their titles."""
    out: dict[str, tuple[str | None, ...]] = {}
    for docname, (parent, prev, nxt) in env.collect_relations().items():
        titles = tuple(title_of(env, d) if d else None for d in (parent, prev, nxt))
        out[docname] = (parent, prev, nxt, *titles)
    return out


#: a file name no page has (targets end in a suffix or "/"): the base of
#: links that any page of a folder shares (see :func:`folder_uri`)
ANY_PAGE = "-"


def folder_uri(builder: Builder, pagename: str, docname: str) -> str:
    """Return the link to *docname* from any other page in *pagename*'s folder."""
    folder = posixpath.dirname(builder.get_target_uri(pagename))
    return relative_uri(posixpath.join(folder, ANY_PAGE), builder.get_target_uri(docname))


def entry(
    builder: Builder,
    pagename: str,
    link: Link,
    level: int,
    *,
    current: bool,
    uri: str | None = None,
) -> nodes.list_item:
    """Make one ``li.toctree-l<level>`` holding a link, as Sphinx's toctree does."""
    if uri is None:
        uri = builder.get_relative_uri(pagename, link.docname)
    if link.anchor:
        uri += f"#{link.anchor}"
    ref = nodes.reference("", link.text, internal=True, refuri=uri, anchorname="")
    if current and link.docname == pagename and not link.anchor:
        ref["classes"].append("current")
    item = nodes.list_item("", addnodes.compact_paragraph("", "", ref))
    item["classes"].append(f"toctree-l{level}")
    if current:
        item["classes"].append("current")
    return item


def caption(text: str) -> addnodes.compact_paragraph:
    """Make a toctree caption (rendered by Sphinx as the theme expects)."""
    return addnodes.compact_paragraph("", "", nodes.title(text, text), toctree=True)


class DayLinks(NamedTuple):
    """A day in the sidebar: its key, its link, and the links to its pages."""

    key: DayKey
    link: Link
    pages: list[Link]


class EventLinks(NamedTuple):
    """An event in the sidebar: its link and its days."""

    name: str
    link: Link
    days: list[DayLinks]


class Outline(NamedTuple):
    """What every page's sidebar shows, whatever the page: built once per build."""

    #: the programme it was built from
    programme: Programme
    events: list[EventLinks]
    more: list[tuple[str, list[Link]]]


def build_outline(env: BuildEnvironment) -> Outline:
    """Build the sidebar's page-independent part from the programme.

    Days, labels, anchors and the page each links to, titles and the "More"
    toctrees. Each page then only marks its own event, day and page.
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    found = domain.programme()
    events: list[EventLinks] = []
    for event in found.events:
        event_page = programme_page(domain, (event, WHOLE_EVENT))
        if event_page is None:
            continue
        days = [
            DayLinks(
                day.key,
                Link(
                    programme_page(domain, day.key) or event_page,
                    found.day_anchor(day.key),
                    day.label,
                ),
                [Link(doc, "", title_of(env, doc)) for doc in found.pages_by_day[day.key]],
            )
            for day in found.days
            if day.event == event
        ]
        events.append(EventLinks(event, Link(event_page, found.event_anchor(event), event), days))
    return Outline(found, events, more_toctrees(env))


class Sidebars:
    """What the sidebars of one build share: one per application, made in ``setup()``.

    The outline every page shows, and (with furo) the rendered sidebar the
    pages of a folder and day share (``confnotes.site.navigation.sidebar``).
    Both are built when first asked for while writing, and forgotten at
    ``env-updated``: reading may have changed the programme, titles and
    toctrees they show.
    """

    def __init__(self) -> None:
        """Hold nothing yet."""
        self._outline: Outline | None = None
        #: (folder, day) -> the sidebar the pages of that day in that folder share
        self.shared: dict[tuple[str, DayKey], SharedSidebar] = {}
        #: day -> its list's entries as their own pages show them, in any folder
        self.own_entries: dict[DayKey, Entries | None] = {}

    def forget(self, app: Sphinx, env: BuildEnvironment) -> None:
        """``env-updated``: what was read may change every sidebar."""
        self._outline = None
        self.shared.clear()
        self.own_entries.clear()

    def outline(self, env: BuildEnvironment) -> Outline:
        """Return the sidebar's page-independent part, built once per build."""
        if self._outline is None:
            self._outline = build_outline(env)
        return self._outline

    def install(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """``html-page-context`` (before the theme's): the page's ``toctree()`` is ours."""
        if navigates(app, context):
            context["toctree"] = PageNavigation(app, self, pagename)


def build_navigation(
    builder: Builder,
    env: BuildEnvironment,
    plan: Outline,
    pagename: str,
    *,
    own_day_pages: Callable[[DayLinks], nodes.Node] | None = None,
    rewrite: Callable[[str], str] | None = None,
) -> list[nodes.Node]:
    """Build the sidebar of *pagename* as toctree-shaped nodes.

    ``own_day_pages``: what stands for the list of the pages of the page's
    day (``confnotes.site.navigation.sidebar`` leaves a slot there in the
    sidebar the pages of a folder and day share).
    ``rewrite``: applied to every link's URI (the 404 page's absolute links).
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    own_day = plan.programme.day_of_page.get(pagename) or day_of_programme_page(domain, pagename)
    out: list[nodes.Node] = []
    events = nodes.bullet_list()
    for event in plan.events:
        in_event = own_day is not None and own_day[0] == event.name
        item = entry(builder, pagename, event.link, 1, current=in_event)
        days = nodes.bullet_list()
        for day in event.days:
            here = own_day == day.key
            day_item = entry(builder, pagename, day.link, 2, current=here)
            if here and own_day_pages is not None:
                day_item += own_day_pages(day)
            elif here:
                talks = nodes.bullet_list()
                for link in day.pages:
                    talks += entry(builder, pagename, link, 3, current=link.docname == pagename)
                day_item += talks
            days += day_item
        item += days
        events += item
    if len(events):
        out += [caption("Programme"), events]
    for text, links in plan.more:
        more = nodes.bullet_list()
        for link in links:
            more += entry(builder, pagename, link, 1, current=link.docname == pagename)
        if text:
            out.append(caption(text))
        out.append(more)
    if rewrite is not None:
        for part in out:
            for ref in part.findall(nodes.reference):
                ref["refuri"] = rewrite(ref["refuri"])
    return out


def render(builder: Builder, parts: list[nodes.Node]) -> str:
    """Render sidebar parts to HTML with the builder's own translator, in one pass.

    The parts go into one toctree-flagged ``compact_paragraph`` (which writes
    no tag of its own, and under which titles render as captions), as
    Sphinx's global toctree does: one render per page, not one per part.

    No public API: Sphinx renders a page's ``toctree()`` and ``toc`` with
    ``StandaloneHTMLBuilder.render_partial`` (``{"fragment": html, ...}``)
    and offers nothing else that renders nodes outside a page; this is the
    one call (pinned in ``tests/test_pinned_internals.py``).
    """
    if not parts:
        return ""
    whole = addnodes.compact_paragraph("", "", *parts, toctree=True)
    return builder.render_partial(whole)["fragment"]  # type: ignore[attr-defined,no-any-return]


class PageNavigation:
    """The page context's ``toctree()``: this page's sidebar (the theme's options are moot).

    ``rewrite`` maps each link's URI (see ``confnotes.site.navigation.notfound``).
    """

    def __init__(
        self,
        app: Sphinx,
        sidebars: Sidebars,
        pagename: str,
        rewrite: Callable[[str], str] | None = None,
    ) -> None:
        self.app = app
        self.sidebars = sidebars
        self.pagename = pagename
        self.rewrite = rewrite

    def parts(self) -> list[nodes.Node]:
        """Build this page's sidebar as nodes."""
        env = self.app.env
        plan = self.sidebars.outline(env)
        return build_navigation(self.app.builder, env, plan, self.pagename, rewrite=self.rewrite)

    def __call__(self, **kwargs: Any) -> str:
        """Render the sidebar's HTML."""
        return render(self.app.builder, self.parts())


def navigates(app: Sphinx, context: dict[str, Any]) -> bool:
    """Whether this page's ``toctree()`` is ours: a page with one, in a builder we navigate."""
    return (
        "toctree" in context
        and app.builder.name in NAVIGATED_BUILDERS
        and bool(app.config.confnotes_navigation)
    )
