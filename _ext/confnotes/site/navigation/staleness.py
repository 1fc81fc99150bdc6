"""What the sidebar shows of other pages, for incremental builds.

A page's sidebar lists its own day's pages (a :class:`~confnotes.core.keys.DayPages`
key the core fingerprints), and on every page the events, the days and the
other pages; the theme adds the previous and next page. The first is a key
the page uses; the rest are compared before and after reading here, held by
one :class:`NavigationWatch` per application between the two events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from confnotes.core import keys
from confnotes.core.programme import day_key
from confnotes.site.navigation.navigation import nav_state, relations_state
from confnotes.site.navigation.titles import repeated_titles

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain

Relations = dict[str, tuple[str | None, ...]]


class NavigationWatch:
    """Remembers the sidebar's shared parts from before the read to after it."""

    def __init__(self) -> None:
        """Start with nothing remembered."""
        self.before: tuple[str, Relations, frozenset[str]] | None = None

    def stash(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """``env-get-outdated``: note the events, days, other pages and relations.

        Nothing added, changed or removed (a no-op, or a build that re-reads
        pages only for other extensions' reasons): their sources are as
        they were, so is what the sidebars show of them; nothing to note.
        """
        if self.before is None and (added or changed or removed):
            self.before = (nav_state(env), relations_state(env), repeated_titles(env))
        return []

    def changed_pages(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-get-updated``: every page when the shared parts changed, else the moved ones."""
        if self.before is None:
            return []
        old_nav, old_relations, old_repeated = self.before
        self.before = None
        if old_nav != nav_state(env):
            return sorted(env.all_docs)  # every sidebar lists the events, days and pages
        if old_repeated != repeated_titles(env):
            return sorted(env.all_docs)  # previous/next links tell repeated titles apart
        relations = relations_state(env)
        moved = {
            docname
            for docname in relations.keys() | old_relations.keys()
            if relations.get(docname) != old_relations.get(docname)
        }
        return sorted(moved & env.all_docs.keys())

    @staticmethod
    def day_of_page(app: Sphinx, domain: ConferenceDomain, docname: str) -> list[keys.Key]:
        """``confnotes-page-uses``: a talk page's sidebar lists the pages of its day."""
        return [keys.DayPages(*day_key(talk)) for talk in domain.talks_on(docname)]
