"""The ``programme`` view: talks by event and day, and the toctrees that order the pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from confnotes.core import keys
from confnotes.core.locations import directive_location
from confnotes.core.nodes import ConfPlaceholder, anchor_container, xref
from confnotes.core.programme import (
    KIND_LABELS,
    Day,
    DayKey,
    Programme,
    slug,
)
from confnotes.core.records import TalkRecord
from confnotes.core.speakers import speaker_nodes
from confnotes.core.validation import check_date, check_name
from confnotes.core.view import View
from confnotes.core.words import plural

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain

logger = logging.getLogger(__name__)


class programme(ConfPlaceholder):
    """Talks by event and day; attributes ``event`` and ``date`` narrow it."""


class ProgrammeDirective(SphinxDirective):
    """Show the programme (all of it, one event, or one day) and make its toctrees."""

    has_content = False
    option_spec: ClassVar[dict[str, object]] = {
        "event": directives.unchanged,
        "date": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Leave the view's placeholder, then a hidden toctree per day shown."""
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        docname = self.env.docname
        event = str(self.options.get("event", "")).strip()
        date = str(self.options.get("date", "")).strip()
        location = directive_location(self)
        if event:
            event = check_name(event, "event", location)
        if date:
            check_date(date, location)  # a day no talk has: the programme says so
        domain.note_programme(docname, event, date, "")
        plan = toctree_plan(domain, docname, event, date)
        domain.data["programmes"][docname][-1] = (event, date, plan_fingerprint(plan))
        node = programme(docname=docname, event=event, date=date)
        self.set_source_info(node)
        out: list[nodes.Node] = [node]
        for caption, pages in plan:
            out.append(self.toctree(caption, pages))
        return out

    def toctree(self, caption: str, pages: list[str]) -> nodes.compound:
        """Make a hidden toctree of *pages*, as Sphinx's ``toctree`` directive does."""
        tree = addnodes.toctree()
        tree["parent"] = self.env.docname
        tree["entries"] = [(None, page) for page in pages]
        tree["includefiles"] = list(pages)
        tree["maxdepth"] = -1
        tree["caption"] = caption
        tree["glob"] = False
        tree["hidden"] = True
        tree["includehidden"] = False
        tree["numbered"] = 0
        tree["titlesonly"] = False
        tree[PROGRAMME_TOCTREE] = True
        self.set_source_info(tree)
        return nodes.compound("", tree, classes=["toctree-wrapper"])


#: the attribute that marks a toctree a programme made
PROGRAMME_TOCTREE = "confnotes_programme"


def is_programme_toctree(toctree: nodes.Element) -> bool:
    """Whether a programme made *toctree* (its plan, not a page's author, chose its pages)."""
    return bool(toctree.get(PROGRAMME_TOCTREE))


def rank(event: str, date: str) -> int:
    """How specific a programme is: all (0), one event (1), one day (2 or 3)."""
    return (2 if date else 0) + (1 if event else 0)


#: the day id of a key that stands for a whole event: ``(event, WHOLE_EVENT)``
WHOLE_EVENT = ""


def covers(event: str, date: str, key: DayKey) -> bool:
    """Whether a programme narrowed to *event* and *date* shows the day *key*.

    ``(event, WHOLE_EVENT)`` is the whole event: only a programme narrowed
    to no date shows it.
    """
    return (not event or event == key[0]) and (not date or date == key[1])


def programme_pages(domain: ConferenceDomain, key: DayKey) -> list[tuple[int, str]]:
    """``(rank, docname)`` of every page whose programme shows the day *key*."""
    return sorted(
        {
            (rank(event, date), docname)
            for docname, shown in domain.data["programmes"].items()
            for event, date, _fingerprint in shown
            if covers(event, date, key)
        }
    )


def programme_page(domain: ConferenceDomain, key: DayKey) -> str | None:
    """Return the most specific page whose programme shows *key* (of equals, the first by name)."""
    pages = programme_pages(domain, key)
    if not pages:
        return None
    most = pages[-1][0]
    return next(page for level, page in pages if level == most)


def toctree_plan(
    domain: ConferenceDomain, docname: str, event: str, date: str
) -> list[tuple[str, list[str]]]:
    """``(caption, pages)`` of each day the directive shows, from the current data.

    The hierarchy follows how specific the pages are: the whole programme
    lists an event's page where there is one, an event's page lists a day's
    page, and the most specific page of a day lists its talks. Of two pages
    equally specific, the first by name holds the toctree.
    """
    found = domain.programme()
    mine = rank(event, date)
    plan: list[tuple[str, list[str]]] = []
    listed: set[str] = set()
    for day in found.select(event, date):
        pages = programme_pages(domain, day.key)
        below = [page for level, page in pages if level > mine]
        if below:
            child = below[0]  # the least specific page below this one
            if child not in listed:
                listed.add(child)
                plan.append((f"{day.event} · {day.label}", [child]))
            continue
        peers = [page for level, page in pages if level == mine]
        if peers and peers[0] != docname:
            continue  # an equally specific page earlier by name holds the day
        plan.append((f"{day.event} · {day.label}", found.pages_by_day[day.key]))
    return plan


def plan_fingerprint(plan: list[tuple[str, list[str]]]) -> str:
    """Fingerprint what a programme's toctrees listed, to tell when they go stale."""
    return repr(plan)


def reread_stale_programmes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: read again each page whose programme toctrees are stale.

    Runs after every page was read and merged (also in parallel builds), so
    the data is complete; a no-op build re-reads nothing.
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    stale = sorted(
        docname
        for docname, shown in domain.data["programmes"].items()
        if any(
            fingerprint != plan_fingerprint(toctree_plan(domain, docname, event, date))
            for event, date, fingerprint in shown
        )
    )
    for docname in stale:
        logger.info("confnotes: re-reading %s (pages read after it changed its programme)", docname)
        reread(app, env, docname)
    return stale


def reread(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Read *docname* again, once reading is over, as the builder reads a page.

    No public API: Sphinx offers no way to re-read a page after reading; these
    are the steps of ``Builder._read_serial``. Pinned in ``tests/test_pinned_internals.py``.
    """
    app.events.emit("env-purge-doc", env, docname)
    env.clear_doc(docname)
    app.builder.read_doc(docname)


def summary(found: Programme) -> nodes.paragraph:
    """One sentence of counts, all from the data."""
    lightning = sum(1 for t in found.talks if t.kind == "lightning")
    text = f"{plural(len(found.talks), 'talk')}"
    if lightning:
        text += f" ({lightning} of them lightning talks)"
    days = sum(1 for day in found.days if day.number and found.talks_by_day[day.key])
    if days:
        text += f" on {plural(days, 'day')}"
    if len(found.events) > 1:
        text += f" of {plural(len(found.events), 'event')}"
    undated = sum(len(found.talks_by_day[day.key]) for day in found.days if not day.number)
    if undated:
        text += f"; the notes do not say on which day for {undated}"
    return nodes.paragraph("", f"The programme: {text}.", classes=["conf-programme-summary"])


def entry(domain: ConferenceDomain, talk: TalkRecord, refdoc: str) -> nodes.list_item:
    """Start time, title (linked), kind and speakers of one talk."""
    para = nodes.paragraph()
    if talk.start:
        para += nodes.inline(talk.start, talk.start, classes=["conf-programme-start"])
        para += nodes.Text(" ")
    para += xref("talk", talk.id, talk.title, refdoc)
    label = KIND_LABELS.get(talk.kind, talk.kind)
    if talk.title.casefold() != label.casefold():  # "Lightning talk Lightning talk"
        para += nodes.Text(" ")
        para += nodes.inline(label, label, classes=["conf-kind", f"conf-kind-{slug(talk.kind)}"])
    para += nodes.Text(" — ")
    para.extend(speaker_nodes(domain, talk, refdoc, with_note=False))
    return nodes.list_item("", para, classes=["conf-programme-talk"])


def day_block(
    domain: ConferenceDomain, found: Programme, day: Day, refdoc: str, level: int
) -> nodes.Node:
    """Build a day's heading and its talks, anchored ``conf-day-<event>-<date>``."""
    heading = nodes.rubric(day.label, day.label, classes=["conf-programme-day-title"])
    heading["heading-level"] = level
    talks: nodes.Element = nodes.bullet_list(
        "",
        *(entry(domain, t, refdoc) for t in found.talks_by_day[day.key]),
        classes=["conf-programme-talks"],
    )
    if not found.talks_by_day[day.key]:  # its talks are all inside ``only`` for other builders
        text = "No talk of this day is in this format."
        talks = nodes.paragraph("", text, classes=["conf-programme-empty"])
    block = nodes.container("", heading, talks, classes=["conf-programme-day"])
    return anchor_container(block, [found.day_anchor(day.key)])


def build_programme(
    env: BuildEnvironment, domain: ConferenceDomain, node: programme
) -> list[nodes.Node]:
    """Build events, their days and each day's talks (those this builder shows), in order."""
    found = domain.shown().programme
    days = found.select(node["event"], node["date"])
    if not days:
        return [nodes.paragraph("", "No talks yet.", classes=["conf-programme-empty"])]
    out: list[nodes.Node] = []
    if not node["event"] and not node["date"]:
        out.append(summary(found))
    one_event = len({d.event for d in days}) == 1 and bool(node["event"] or node["date"])
    if node["event"] and not node["date"]:  # an event's own page
        blocks = [day_block(domain, found, d, node["docname"], 2) for d in days]
        group = nodes.container("", *blocks, classes=["conf-programme-event"])
        return [*out, anchor_container(group, [found.event_anchor(node["event"])])]
    for event in dict.fromkeys(d.event for d in days):
        blocks = [
            day_block(domain, found, d, node["docname"], 3 if not one_event else 2)
            for d in days
            if d.event == event
        ]
        if one_event:
            out.extend(blocks)
            continue
        heading = nodes.rubric(event, event, classes=["conf-programme-event-title"])
        heading["heading-level"] = 2
        group = nodes.container("", heading, *blocks, classes=["conf-programme-event"])
        out.append(anchor_container(group, [found.event_anchor(event)]))
    return out


def programme_uses(
    domain: ConferenceDomain, docname: str, attributes: dict[str, Any]
) -> Iterable[keys.Key]:
    """Every talk and the names of its speakers."""
    return [keys.Every(keys.Talk), keys.Every(keys.Speaker)]


def setup_programme(app: Sphinx) -> None:
    """Re-read a programme page whose toctrees no longer list its day's pages."""
    app.connect("env-updated", reread_stale_programmes)


VIEW = View(
    name="programme",
    placeholder=programme,
    build=build_programme,
    uses=programme_uses,
    directive=ProgrammeDirective,
    setup=setup_programme,
)
