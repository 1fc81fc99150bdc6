"""Citation helpers on top of sphinxcontrib-bibtex for the Django Circus notes.

sphinxcontrib-bibtex links a bibliography entry back only to citations on the
same page (docutils ``backrefs``).  This package adds what a notes site needs
on top of it, without replacing any of its directives or roles:

* ``backlinks``: a "Cited in" line on entries of citation-style bibliographies
  linking to every other page (and the exact place) that cites the work;
* ``style``: the ``author_year_round`` reference style, "(Godwin, 2013)";
* ``bibcheck``: a malformed or repeated entry in a ``.bib`` file is a located
  warning (``confnotes.bib_syntax``, ``confnotes.bib_duplicate``) and is left
  out, instead of a traceback that stops the build;
* ``plugins``: pybtex's plugins found once per process, not at every citation;
* ``bibliography_styles``: a bibliography's ``:style:`` that names no pybtex
  style warns (``confnotes.bib_style``) instead of stopping the build;
* ``page_references``: with ``confnotes_bib_page_references``, a page that
  cites works and lists none warns (``confnotes.no_references``);
* ``dependencies``: pages that cite a work are rebuilt when the ``.bib`` file
  changes, and pages holding a citation-style bibliography are written again when
  the citations or titles of the pages citing works change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confnotes_bib.backlinks import CitedInTransform, resolve_cited_in
from confnotes_bib.bibcheck import check_bibfiles, default_bibfiles
from confnotes_bib.bibliography_styles import setup_bibliography_styles
from confnotes_bib.dependencies import (
    bibliographies_to_rewrite,
    note_bibfile_dependency,
    stash_citations,
)
from confnotes_bib.page_references import setup_page_references
from confnotes_bib.plugins import register_used_plugins
from confnotes_bib.style import register as register_reference_style

if TYPE_CHECKING:
    from sphinx.application import Sphinx

from confnotes.version import __version__  # one version for the one package


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform and the event handlers."""
    app.setup_extension("sphinxcontrib.bibtex")
    register_reference_style()
    app.add_config_value("confnotes_bib_cited_in_label", "Cited in:", "env", types=[str])
    app.add_post_transform(CitedInTransform)
    app.connect("missing-reference", resolve_cited_in)
    # a project may have no .bib file (sphinxcontrib-bibtex requires the setting)
    app.connect("config-inited", default_bibfiles)
    app.connect("config-inited", register_used_plugins)
    # before sphinxcontrib-bibtex's own handler (priority 500) parses the files
    app.connect("builder-inited", check_bibfiles, priority=400)
    app.connect("doctree-read", note_bibfile_dependency)
    setup_bibliography_styles(app)
    setup_page_references(app)
    app.connect("env-get-outdated", stash_citations)
    app.connect("env-get-updated", bibliographies_to_rewrite)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
