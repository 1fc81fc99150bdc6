"""confnotes: talks, speakers and tools of conference notes as a Sphinx domain.

``setup()`` only registers; each concept lives in its own module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes import nodes
from confnotes.dependencies import find_updated, stash_outdated
from confnotes.domain import ConferenceDomain
from confnotes.export import write_export
from confnotes.intros import TalkPageCollector
from confnotes.jsonld import add_json_ld
from confnotes.lint import check_plain_mentions
from confnotes.stdtargets import note_standard_targets
from confnotes.translator import setup_translator
from confnotes.views import ResolveViews
from confnotes.web import setup_web

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"
#: bump with ``ConferenceDomain.data_version`` when a record changes shape
ENV_VERSION = 4


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``conf`` domain, short aliases, the views and the hooks."""
    app.add_config_value("confnotes_default_event", "", "env", types=frozenset({str}))
    app.add_config_value("confnotes_check_plain_mentions", False, "env", types=frozenset({bool}))
    app.add_config_value(
        "confnotes_plain_mentions_ignore", [], "env", types=frozenset({list, tuple})
    )
    app.add_domain(ConferenceDomain)
    for name, directive in ConferenceDomain.directives.items():
        app.add_directive(name, directive)
    for name, role in ConferenceDomain.roles.items():
        app.add_role(name, role)
    app.add_node(nodes.avatar, html=(nodes.visit_avatar_html, nodes.depart_avatar_html))
    app.add_node(nodes.anchored, latex=(nodes.visit_anchored_latex, nodes.depart_anchored_latex))
    app.add_post_transform(ResolveViews)
    app.connect("env-get-outdated", stash_outdated)
    app.connect("env-get-updated", find_updated)
    app.connect("env-check-consistency", check_plain_mentions)
    # the site on the open web: links in, descriptions, JSON-LD, open data
    app.add_env_collector(TalkPageCollector)
    app.connect("doctree-read", note_standard_targets)
    app.connect("html-page-context", add_json_ld)
    app.connect("build-finished", write_export)
    setup_web(app)
    setup_translator(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
