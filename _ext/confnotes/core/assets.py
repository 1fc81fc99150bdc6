"""The extension's stylesheet and script, served from the package itself.

``static/`` beside this module holds ``confnotes-core.css`` (the extension's
markup: talk headers, cards, glossary, video box) and ``confnotes.js`` (the
video facade, the glossary's filter). Both travel with the package, so a
project that installs it needs no copy in its own ``_static``.

A small extension of its own: :func:`setup` runs once per application
however many parts ask for it (``app.setup_extension``), so the folder, the
stylesheet and the script are registered once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: the extension's own static files
STATIC = Path(__file__).parent / "static"
STYLESHEET = "confnotes-core.css"
SCRIPT = "confnotes.js"
#: after other extensions' stylesheets (500: sphinx-design's, whose rules
#: ours override at equal specificity, whichever extension is set up first)
#: and furo's for them (600), and before a project's own ``html_css_files``
#: (800), which may override ours
CSS_PRIORITY = 700


def add_static_path(app: Sphinx, config: Config) -> None:
    """``config-inited``: serve the extension's static files in every html build.

    Done before the environment compares configurations, so a rebuild does
    not see a changed ``html_static_path``.
    """
    paths = list(config.html_static_path)
    if str(STATIC) not in paths:
        # a new list: the default value is shared by every app in the process
        config.html_static_path = [*paths, str(STATIC)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the static folder, the stylesheet and the script."""
    app.add_css_file(STYLESHEET, priority=CSS_PRIORITY)
    app.add_js_file(SCRIPT, loading_method="defer")
    app.connect("config-inited", add_static_path)
    return metadata()
