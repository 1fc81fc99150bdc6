"""A bibliography's ``:style:`` that names no pybtex style warns, instead of stopping the build.

sphinxcontrib-bibtex looks the style up when it formats the entries, after
every page is read (``env-updated``): an unknown name raises
``PluginNotFound`` out of Sphinx, with no page or line, and the build stops.
Each ``bibliography`` directive is checked once its page is read: an
unknown style warns ``confnotes.bib_style`` at the directive's line and the
directive uses ``bibtex_default_style`` instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from confnotes.core.validation import warn
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography

from confnotes_bib.plugins import register

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinxcontrib.bibtex.domain import BibtexDomain

#: pybtex's plugin group of formatting styles (``plain``, ``unsrt``, ``alpha``...)
FORMATTING = "pybtex.style.formatting"


def check_styles(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: give each of the page's bibliographies a style pybtex has."""
    docname = app.env.docname
    domain = cast("BibtexDomain", app.env.get_domain("cite"))
    default = app.config.bibtex_default_style
    for node in doctree.findall(bibliography):
        key = BibliographyKey(docname, node["ids"][0])
        value = domain.bibliographies.get(key)
        if value is None or value.style == default:
            continue
        if register(FORMATTING, value.style) is None:
            warn(
                "bibliography style %r is not a pybtex style; using %r",
                value.style,
                default,
                subtype="bib_style",
                location=(docname, value.line),
            )
            domain.bibliographies[key] = value._replace(style=default)


def setup_bibliography_styles(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.connect("doctree-read", check_styles)
