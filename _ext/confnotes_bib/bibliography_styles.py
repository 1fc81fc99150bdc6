"""A bibliography's ``:style:`` that names no pybtex style warns, instead of stopping the build.

sphinxcontrib-bibtex looks the style up when it formats the entries, after
every page is read (``env-updated``): an unknown name raises
``PluginNotFound`` out of Sphinx, with no page or line, and the build stops.
Each ``bibliography`` directive is checked once its page is read: an
unknown style warns ``confnotes.bib_style`` at the directive's line and the
directive uses ``bibtex_default_style`` instead.

``conf.py``'s ``bibtex_default_style`` (and ``bibtex_tooltips_style``) is
checked at ``config-inited``: one pybtex has not warns at its line of
``conf.py`` and sphinxcontrib-bibtex's own default is used (the build
stopped at the first bibliography or citation).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

from confnotes.core.source_lines import lines_matching
from confnotes.core.validation import warn
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.nodes import bibliography

from confnotes_bib.plugins import register

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinxcontrib.bibtex.domain import BibtexDomain

#: pybtex's plugin group of formatting styles (``plain``, ``unsrt``, ``alpha``...)
FORMATTING = "pybtex.style.formatting"
#: settings naming a formatting style, with what sphinxcontrib-bibtex uses when unset
STYLE_SETTINGS = {"bibtex_default_style": "alpha", "bibtex_tooltips_style": ""}


def assigned_at(conf: Path, setting: str) -> int:
    """Return the line of ``conf.py`` that last assigns *setting* (the one that counts; 1: none)."""
    assignment = re.compile(rf"^\s*{re.escape(setting)}\s*[:=]")
    return max(lines_matching(conf, assignment), default=1)


def check_style_settings(app: Sphinx, config: Config) -> None:
    """``config-inited``: a style setting that names no pybtex style falls back to the default."""
    conf = Path(app.confdir, "conf.py")
    for setting, default in STYLE_SETTINGS.items():
        value = getattr(config, setting, default)
        if not value or value == default or register(FORMATTING, value) is not None:
            continue
        warn(
            "%s %r is not a pybtex style; using %r",
            setting,
            value,
            default or config.bibtex_default_style,
            subtype="bib_style",
            location=f"{conf}:{assigned_at(conf, setting)}",
        )
        setattr(config, setting, default)


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
    """Register the checks (called from the package's ``setup()``)."""
    # before sphinxcontrib-bibtex and confnotes_bib.plugins read the settings
    app.connect("config-inited", check_style_settings, priority=400)
    app.connect("doctree-read", check_styles)
