"""The sidebar navigation, from the programme: events, days, the talks of one day.

Sphinx's global toctree resolves every entry of the site for every page, so
a sidebar built from it grows with the whole site and the build turns
quadratic. This one lists the events and their days (links to where the
programme shows them), the pages of the current page's day only, and the
root document's other toctrees ("More"): O(days + talks of one day).

It is handed to the theme as the page's ``toctree()`` function, so furo
decorates it exactly as it decorates Sphinx's own (expanders, current page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes
from sphinx import addnodes

from confnotes.programme import DayKey, day_anchor, event_anchor, rank

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain

#: builders whose pages carry a per-page sidebar
NAVIGATED_BUILDERS = frozenset({"html", "dirhtml"})


class Link(NamedTuple):
    """A sidebar entry: the page (and anchor) it goes to, and its text."""

    docname: str
    anchor: str
    text: str


def title_of(env: BuildEnvironment, docname: str) -> str:
    """Return the page's title as text, or its docname."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def programme_page(domain: ConferenceDomain, key: DayKey | None, event: str) -> str | None:
    """Return the page whose programme shows that day (or event), most specific first."""
    best: tuple[int, str] | None = None
    for docname, shown in domain.data["programmes"].items():
        for shown_event, shown_date, _fingerprint in shown:
            if shown_event and shown_event != event:
                continue
            if shown_date and (key is None or shown_date != key[1]):
                continue
            level = rank(shown_event, shown_date)
            if best is None or (-level, docname) < (-best[0], best[1]):
                best = (level, docname)
    return best[1] if best else None


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
        if tree.get("confnotes_programme"):
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
    days = [
        (day.event, day.label, programme_page(domain, day.key, day.event)) for day in found.days
    ]
    return repr((days, more_toctrees(env), title_of(env, env.config.root_doc)))


def relations_state(env: BuildEnvironment) -> dict[str, tuple[str | None, ...]]:
    """Return each page's parent, previous and next page, with their titles."""
    out: dict[str, tuple[str | None, ...]] = {}
    for docname, (parent, prev, nxt) in env.collect_relations().items():
        titles = tuple(title_of(env, d) if d else None for d in (parent, prev, nxt))
        out[docname] = (parent, prev, nxt, *titles)
    return out


def entry(
    builder: Builder, pagename: str, link: Link, level: int, *, current: bool
) -> nodes.list_item:
    """Make one ``li.toctree-l<level>`` holding a link, as Sphinx's toctree does."""
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


def build_navigation(app: Sphinx, pagename: str) -> list[nodes.Node]:
    """Build the sidebar of *pagename* as toctree-shaped nodes."""
    env = app.env
    builder = app.builder
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    found = domain.programme()
    own_day = found.day_of_page.get(pagename) or day_of_programme_page(domain, pagename)
    out: list[nodes.Node] = []
    events = nodes.bullet_list()
    for event in found.events:
        event_page = programme_page(domain, None, event)
        in_event = own_day is not None and own_day[0] == event
        if event_page is None:
            continue
        item = entry(
            builder, pagename, Link(event_page, event_anchor(event), event), 1, current=in_event
        )
        days = nodes.bullet_list()
        for day in found.days:
            if day.event != event:
                continue
            page = programme_page(domain, day.key, event) or event_page
            here = own_day == day.key
            day_item = entry(
                builder, pagename, Link(page, day_anchor(day.key), day.label), 2, current=here
            )
            if here:
                talks = nodes.bullet_list()
                for docname in found.pages_by_day[day.key]:
                    link = Link(docname, "", title_of(env, docname))
                    talks += entry(builder, pagename, link, 3, current=docname == pagename)
                day_item += talks
            days += day_item
        item += days
        events += item
    if len(events):
        out += [caption("Programme"), events]
    for text, links in more_toctrees(env):
        more = nodes.bullet_list()
        for link in links:
            more += entry(builder, pagename, link, 1, current=link.docname == pagename)
        if text:
            out.append(caption(text))
        out.append(more)
    return out


def render_navigation(app: Sphinx, pagename: str) -> str:
    """Render the sidebar's HTML with the builder's own translator."""
    render = app.builder.render_partial  # type: ignore[attr-defined]
    return "".join(render(node)["fragment"] for node in build_navigation(app, pagename))


def install_navigation(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` (before the theme's): the page's ``toctree()`` is ours."""
    if app.builder.name not in NAVIGATED_BUILDERS or not app.config.confnotes_navigation:
        return
    if "toctree" not in context:
        return

    def toctree(**kwargs: Any) -> str:
        return render_navigation(app, pagename)

    context["toctree"] = toctree


def plain_checkboxes(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context`` (after the theme's): expanders are plain checkboxes.

    furo gives each expander of a nested sidebar entry ``role="switch"``
    without the ``aria-checked`` state that role requires (HTML checkers
    reject it, and nothing updates it when toggled); a native checkbox
    already exposes its checked state and keeps its ``aria-label``.
    """
    tree = context.get("furo_navigation_tree")
    if app.builder.name in NAVIGATED_BUILDERS and isinstance(tree, str):
        context["furo_navigation_tree"] = tree.replace(' role="switch"', "")
