"""Where something is written: its page and line, or an included file's own line.

A warning about a page's line is located ``(docname, line)``, so that
``replay`` repeats it until the page is fixed; a line of a file the page
includes is ``"path:line"``, the file named in full (docutils names it
relative to the working directory), and the line the file's own, not the
line of the page with every inclusion expanded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import SphinxDirective


def resolved(path: str | Path) -> Path:
    """Return *path* made absolute and free of ``..`` and links, to compare files."""
    return Path(path).resolve()


def location_of(env: BuildEnvironment, source: str | Path, line: int) -> str | tuple[str, int]:
    """Locate a line of *source*: ``(docname, line)`` on the page, else ``"path:line"``."""
    if resolved(source) == resolved(env.doc2path(env.docname)):
        return env.docname, line
    path = os.path.abspath(source)
    return f"{path}:{line}" if line else path


def directive_location(directive: SphinxDirective, offset: int = 0) -> str | tuple[str, int]:
    """Locate a directive (or its line *offset* lines further) where it is written."""
    source, line = directive.get_source_info()
    return location_of(
        directive.env,
        source or directive.env.doc2path(directive.env.docname),
        line + offset if line else 0,
    )
