"""confnotes: talks, speakers and tools of conference notes as a Sphinx domain.

``setup()`` only registers; each concept lives in its own module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes import nodes
from confnotes.dependencies import find_updated, stash_outdated
from confnotes.domain import ConferenceDomain, warn_missing_reference
from confnotes.event_days import setup_event_days
from confnotes.export import write_export
from confnotes.includes import setup_includes
from confnotes.intros import TalkPageCollector
from confnotes.jsonld import add_json_ld
from confnotes.lines import InlineLines
from confnotes.lint import check_plain_mentions
from confnotes.metatags import setup_metatags
from confnotes.navigation import install_navigation
from confnotes.notfound import install_notfound_navigation
from confnotes.plaintext import setup_plaintext
from confnotes.programme import reread_stale_programmes
from confnotes.prose import setup_prose
from confnotes.replay import setup_replay
from confnotes.roles import EmptyRoleTargets
from confnotes.safety import setup_safety
from confnotes.scopes import NoteOnlyScopes
from confnotes.searchindex import setup_search_index
from confnotes.shape import setup_shape
from confnotes.sidebar import (
    defer_for_furo,
    depart_html,
    furo_navigation_tree,
    toctree_checkbox,
    toctree_expander,
    visit_checkbox_html,
    visit_expander_html,
)
from confnotes.singlepage import setup_singlepage
from confnotes.sources import setup_sources
from confnotes.stdtargets import note_standard_targets
from confnotes.talk_tools import AddTalkTools
from confnotes.translator import setup_translator
from confnotes.unsafe import (
    CheckedCSVTable,
    CheckedInclude,
    CheckedLiteralInclude,
    RemoveOutsideFiles,
    RemoveRawContent,
    check_myst_include,
)
from confnotes.video import setup_video
from confnotes.views import ResolveViews, fill_mentions
from confnotes.web import setup_web

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"
#: bump with ``ConferenceDomain.data_version`` when a record changes shape, and
#: alone when what is stored changes meaning (4: ids normalised to ASCII, raw
#: content left out of doctrees, talk pages' intros collected; 5: slots and
#: start times, talks end with a "Tools mentioned" section; 6: records note
#: the ``only`` condition around them; 7: talks' introductions keep a space
#: between blocks, drop docutils' escape markers and nested talks), so an
#: older environment is read afresh
ENV_VERSION = 7


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``conf`` domain, short aliases, the views and the hooks."""
    app.add_config_value("confnotes_default_event", "", "env", types=frozenset({str}))
    app.add_config_value("confnotes_check_plain_mentions", False, "env", types=frozenset({bool}))
    app.add_config_value(
        "confnotes_plain_mentions_ignore", [], "env", types=frozenset({list, tuple})
    )
    app.add_config_value("confnotes_navigation", True, "html", types=frozenset({bool}))
    app.add_config_value("confnotes_allow_unsafe", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("confnotes_furo_sidebar", True, "html", types=frozenset({bool}))
    app.add_domain(ConferenceDomain)
    for name, directive in ConferenceDomain.directives.items():
        app.add_directive(name, directive)
    for name, role in ConferenceDomain.roles.items():
        app.add_role(name, role)
    app.add_node(nodes.avatar, html=(nodes.visit_avatar_html, nodes.depart_avatar_html))
    app.add_node(nodes.anchored, latex=(nodes.visit_anchored_latex, nodes.depart_anchored_latex))
    app.add_transform(AddTalkTools)
    app.add_transform(NoteOnlyScopes)
    # only ever rendered into the HTML sidebar, never put in a doctree
    app.add_node(toctree_checkbox, html=(visit_checkbox_html, depart_html))
    app.add_node(toctree_expander, html=(visit_expander_html, depart_html))
    app.add_post_transform(ResolveViews)
    app.connect("doctree-resolved", fill_mentions)
    setup_video(app)
    setup_event_days(app)
    setup_singlepage(app)
    app.add_transform(EmptyRoleTargets)
    app.add_transform(RemoveRawContent)
    app.add_transform(RemoveOutsideFiles)
    app.add_directive("include", CheckedInclude, override=True)
    app.add_directive("literalinclude", CheckedLiteralInclude, override=True)
    app.add_directive("csv-table", CheckedCSVTable, override=True)
    app.connect("include-read", check_myst_include)
    # any bytes, any include: read, warned about, and the build goes on
    setup_sources(app)
    setup_includes(app)
    # names, titles, descriptions: one line of plain text
    setup_plaintext(app)
    app.connect("env-get-outdated", stash_outdated)
    app.connect("env-updated", reread_stale_programmes)
    app.connect("env-get-updated", find_updated)
    # before the theme's handler (500), which renders the sidebar from toctree()
    app.connect("html-page-context", install_navigation, priority=400)
    # with furo: hide it from furo's handler (500), then set furo's sidebar
    # after sphinx-notfound-page's own (400), before furo's
    app.connect("html-page-context", install_notfound_navigation, priority=420)
    app.connect("html-page-context", defer_for_furo, priority=450)
    app.connect("html-page-context", furo_navigation_tree, priority=600)
    app.connect("env-check-consistency", check_plain_mentions)
    # review aids: warnings on a role's own line, the lightning pages' shape
    # and titles, counts and days stated in prose; the search index's entries
    app.add_transform(InlineLines)
    setup_shape(app)
    setup_prose(app)
    setup_search_index(app)
    setup_replay(app)
    app.connect("warn-missing-reference", warn_missing_reference)
    # the site on the open web: links in, descriptions, JSON-LD, open data
    app.add_env_collector(TalkPageCollector)
    app.connect("doctree-read", note_standard_targets)
    app.connect("html-page-context", add_json_ld)
    app.connect("build-finished", write_export)
    setup_web(app)
    setup_metatags(app)
    setup_translator(app)
    setup_safety(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
