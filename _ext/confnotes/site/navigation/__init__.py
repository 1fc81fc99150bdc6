"""The sidebar navigation from the programme, in furo and on the 404 page.

The order of the ``html-page-context`` handlers is the contract with the
theme and with sphinx-notfound-page: ours fills the context before the
theme renders it (furo, 500), the 404 page's after sphinx-notfound-page
(400), and furo's own sidebar is set after furo's handler.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from confnotes.site.navigation.navigation import Sidebars
from confnotes.site.navigation.notfound import install_notfound_navigation
from confnotes.site.navigation.sidebar import (
    day_pages_slot,
    defer_for_furo,
    depart_html,
    furo_navigation_tree,
    toctree_checkbox,
    toctree_expander,
    visit_checkbox_html,
    visit_expander_html,
    visit_slot_html,
)
from confnotes.site.navigation.staleness import NavigationWatch
from confnotes.site.navigation.titles import RepeatedTitles
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the settings, the sidebar nodes and the page-context handlers."""
    app.setup_extension("confnotes.core")
    app.add_config_value("confnotes_navigation", True, "html", types=frozenset({bool}))
    app.add_config_value("confnotes_furo_sidebar", True, "html", types=frozenset({bool}))
    # only ever rendered into the HTML sidebar, never put in a doctree
    app.add_node(toctree_checkbox, html=(visit_checkbox_html, depart_html))
    app.add_node(toctree_expander, html=(visit_expander_html, depart_html))
    app.add_node(day_pages_slot, html=(visit_slot_html, depart_html))
    watch = NavigationWatch()
    app.connect("env-get-outdated", watch.stash)
    app.connect("env-get-updated", watch.changed_pages)
    app.connect("confnotes-page-uses", watch.day_of_page)
    # what the sidebars share, for this application's builds
    sidebars = Sidebars()
    app.connect("env-updated", sidebars.forget)
    # before the theme's handler (500), which renders the sidebar from toctree()
    app.connect("html-page-context", sidebars.install, priority=400)
    # with furo: hide it from furo's handler (500), then set furo's sidebar
    # after sphinx-notfound-page's own (400), before furo's
    notfound = partial(install_notfound_navigation, sidebars=sidebars)
    app.connect("html-page-context", notfound, priority=420)
    app.connect("html-page-context", defer_for_furo, priority=450)
    app.connect("html-page-context", furo_navigation_tree, priority=600)
    # titles that repeat across events: the event and day beside them out of context
    titles = RepeatedTitles()
    app.connect("env-updated", titles.forget)
    app.connect("html-page-context", titles.tell_apart)
    app.connect("html-collect-pages", titles.in_search)
    return metadata()
