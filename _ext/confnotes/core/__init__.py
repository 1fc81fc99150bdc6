"""The core: talks, speakers and tools of conference notes as a Sphinx domain.

What any conference-notes project needs: the ``conf`` domain, its
declarations, roles and views (:mod:`confnotes.core.views`), incremental
dependencies, and the checks that keep notes reviewable. ``setup()`` only
registers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes.core import nodes
from confnotes.core.dependencies import find_updated, stash_outdated
from confnotes.core.domain import ConferenceDomain, warn_missing_reference
from confnotes.core.duplicate_targets import setup_duplicate_targets
from confnotes.core.event_days import setup_event_days
from confnotes.core.gc_freeze import setup_gc_freeze
from confnotes.core.intros import TalkPageCollector
from confnotes.core.lines import InlineLines
from confnotes.core.lint import check_plain_mentions
from confnotes.core.locations import setup_locations
from confnotes.core.placeholders import setup_placeholders
from confnotes.core.plaintext import setup_plaintext
from confnotes.core.prose import setup_prose
from confnotes.core.resolve import ResolveViews
from confnotes.core.roles import EmptyRoleTargets
from confnotes.core.running_order import setup_running_order
from confnotes.core.scopes import NoteOnlyScopes
from confnotes.core.shape import setup_shape
from confnotes.core.standard_links import setup_standard_links
from confnotes.core.stdtargets import setup_standard_targets
from confnotes.core.video import setup_video
from confnotes.core.views import setup_views
from confnotes.core.worker_logging import setup_worker_logging
from confnotes.core.workers import setup_workers
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``conf`` domain, short aliases, the views and the hooks."""
    # the cards and the grid are sphinx-design components
    app.setup_extension("sphinx_design")
    app.add_config_value("confnotes_default_event", "", "env", types=frozenset({str}))
    # events listed here come first, in this order; the others by first known date
    app.add_config_value("confnotes_event_order", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("confnotes_check_plain_mentions", False, "env", types=frozenset({bool}))
    app.add_config_value(
        "confnotes_plain_mentions_ignore", [], "env", types=frozenset({list, tuple})
    )
    # other parts add what a page shows of other pages (see confnotes.core.dependencies)
    app.add_event("confnotes-page-uses")
    # what each forked -j worker does once: its inherited objects are not its garbage,
    # and it makes no log record the build would not show
    setup_workers(app)
    setup_gc_freeze(app)
    setup_worker_logging(app)
    app.add_domain(ConferenceDomain)
    setup_views(app)
    for name, directive in ConferenceDomain.directives.items():
        app.add_directive(name, directive)
    for name, role in ConferenceDomain.roles.items():
        app.add_role(name, role)
    app.add_node(nodes.avatar, html=(nodes.visit_avatar_html, nodes.depart_avatar_html))
    app.add_node(nodes.anchored, latex=(nodes.visit_anchored_latex, nodes.depart_anchored_latex))
    app.add_transform(NoteOnlyScopes)
    app.add_post_transform(ResolveViews)
    # the stylesheet of the extension's markup and its script, from the package
    app.setup_extension("confnotes.core.assets")
    setup_video(app)
    setup_event_days(app)
    setup_running_order(app)
    setup_standard_links(app)
    app.add_transform(EmptyRoleTargets)
    # names, titles, descriptions: one line of plain text
    setup_plaintext(app)
    app.connect("env-get-outdated", stash_outdated)
    app.connect("env-get-updated", find_updated)
    app.connect("env-check-consistency", check_plain_mentions)
    # review aids: warnings on a role's own line, the lightning pages' shape
    # and titles, counts and days stated in prose
    app.add_transform(InlineLines)
    # an included file's nodes name it by its absolute path, whatever the working directory
    setup_locations(app)
    setup_shape(app)
    setup_duplicate_targets(app)
    setup_prose(app)
    setup_placeholders(app)
    app.connect("warn-missing-reference", warn_missing_reference)
    # what talk pages say about their talks (descriptions, cited works), and
    # standard targets for links in from plain projects
    app.add_env_collector(TalkPageCollector)
    setup_standard_targets(app)
    return metadata()
