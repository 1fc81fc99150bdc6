"""Sphinx's search highlighter puts no ``javascript:`` link into a page.

After a search, Sphinx's ``sphinx_highlight.js`` (the basic theme's, which
furo and most themes ship) adds a "Hide Search Matches" link to the page's
``#searchbox`` whose address is ``javascript:SphinxHighlight.hideSearchWords()``:
a script URL in a file of the site, which the site's rule forbids whoever
wrote it, and which a content security policy without ``unsafe-inline``
refuses to run.

So the HTML builders ship a copy in which the link's address is ``#`` and
a click listener, added at the end of the same file, hides the words and
keeps the reader where they are. The copy is made the way sphinx-design
ships its assets: at ``builder-inited`` the file the build would copy (the
project's own, else the theme's) is read, rewritten under the doctree
directory, and that folder is added last to ``html_static_path``, whose
files Sphinx copies after the theme's. A script without that link (another
Sphinx) is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SCRIPT = "sphinx_highlight.js"
#: the link as Sphinx 7.2-9.x writes it, in a JavaScript string
SCRIPT_LINK_RE = re.compile(r"""href=(["'])javascript:SphinxHighlight\.hideSearchWords\(\)\1""")
PLAIN_LINK = 'href="#"'
LISTENER = """
/* confnotes: the "Hide Search Matches" link runs no script address; a click hides the words */
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (target === null || target.closest("#searchbox .highlight-link a") === null) return;
  event.preventDefault();
  SphinxHighlight.hideSearchWords();
});
"""
FOLDER = "confnotes-static"


def without_script_link(text: str) -> str | None:
    """Return the script with a plain link and its listener; None when it has no such link."""
    plain, count = SCRIPT_LINK_RE.subn(PLAIN_LINK, text)
    return plain + LISTENER if count else None


def shipped_script(app: Sphinx) -> Path | None:
    """Return the ``sphinx_highlight.js`` the build would copy: the project's, else the theme's.

    No public API names the theme's folders or the order their static files
    are copied in: ``builder.theme.get_theme_dirs()``, then ``html_static_path``;
    pinned in ``tests/test_pinned_internals.py``.
    """
    confdir = Path(app.confdir)
    for entry in reversed(app.config.html_static_path):
        path: Path = confdir / entry
        candidate = path if path.name == SCRIPT and path.is_file() else path / SCRIPT
        if candidate.is_file():
            return candidate
    theme = getattr(app.builder, "theme", None)
    for folder in theme.get_theme_dirs() if theme else ():
        candidate = Path(folder, "static", SCRIPT)
        if candidate.is_file():
            return candidate
    return None


def ship_plain_highlighter(app: Sphinx) -> None:
    """``builder-inited``: ship the highlighter without its ``javascript:`` link."""
    if app.builder.format != "html":
        return
    source = shipped_script(app)
    plain = without_script_link(source.read_text(encoding="utf-8")) if source else None
    if plain is None:
        return
    folder = Path(app.doctreedir) / FOLDER
    target = folder / SCRIPT
    if not target.is_file() or target.read_text(encoding="utf-8") != plain:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(plain, encoding="utf-8")
    app.config.html_static_path.append(str(folder))


def setup_theme_scripts(app: Sphinx) -> None:
    """Register the rewrite of the theme's highlighter."""
    app.connect("builder-inited", ship_plain_highlighter)
