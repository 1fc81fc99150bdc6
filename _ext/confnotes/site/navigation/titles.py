"""Titles that repeat from one event to the next, told apart where they leave their context.

An archive of several events has a "Keynote" page in each. The sidebar
lists pages under their event and day, so there they are apart already;
previous/next links, the browser tab and search results show a bare title,
so there a repeated title gets its event and day beside it ("Keynote (PyCon 2015 ·
Day 1 · ...)"). A title that no other page has is left as it is.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING, Any

from confnotes.core.nodes import title_of
from confnotes.site.searchindex import search_titles

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


class RepeatedTitles:
    """Which page titles repeat, counted once per build (one instance per application)."""

    def __init__(self) -> None:
        """Count nothing yet."""
        self.titles: frozenset[str] | None = None
        self.relations: dict[str, list[str | None]] | None = None

    def forget(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-updated``: titles may have changed; count again when next asked."""
        self.titles = None
        self.relations = None
        return []

    def repeated(self, env: BuildEnvironment, docname: str) -> bool:
        """Whether another page has *docname*'s title."""
        if self.titles is None:
            self.titles = repeated_titles(env)
        return title_of(env, docname).strip().casefold() in self.titles

    def tell_apart(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        """``html-page-context``: add the event and day to repeated titles out of context."""
        env = app.env
        if pagename not in env.all_docs:
            return
        if self.relations is None:  # once per build, as the HTML builder itself does
            self.relations = env.collect_relations()
        _parent, prev, nxt = self.relations.get(pagename, (None, None, None))
        for name, docname in (("prev", prev), ("next", nxt)):
            link = context.get(name)
            if link and docname and self.repeated(env, docname) and where(env, docname):
                link["title"] = f"{link['title']} {escape(where(env, docname))}"
        if self.repeated(env, pagename) and context.get("title") and where(env, pagename):
            context["title"] = f"{context['title']} {escape(where(env, pagename))}"

    def in_search(self, app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
        """``html-collect-pages``: search results name a repeated title's event and day too."""
        titles = search_titles(app)
        if titles is None:
            return []
        for docname in titles:
            if docname in app.env.all_docs and self.repeated(app.env, docname):
                if place := where(app.env, docname):
                    titles[docname] = escape(f"{title_of(app.env, docname)} {place}")
        return []


def repeated_titles(env: BuildEnvironment) -> frozenset[str]:
    """Return the (case-folded) titles more than one page has."""
    counts = Counter(title_of(env, d).strip().casefold() for d in env.all_docs)
    return frozenset(title for title, count in counts.items() if count > 1)


def where(env: BuildEnvironment, docname: str) -> str:
    """``(Event · Day 1 · date)`` of a page of the programme, or "" for other pages."""
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    found = domain.programme()
    key = found.day_of_page.get(docname)
    day = next((d for d in found.days if d.key == key), None)
    return f"({day.event} · {day.label})" if day is not None else ""
