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

from confnotes.core.validation import line_of

if TYPE_CHECKING:
    from docutils import nodes
    from docutils.parsers.rst import Directive
    from sphinx.environment import BuildEnvironment


def resolved(path: str | Path) -> Path:
    """Return *path* made absolute and free of ``..`` and links, to compare files."""
    return Path(path).resolve()


def location_of(env: BuildEnvironment, source: str | Path, line: int) -> str | tuple[str, int]:
    """Locate a line of *source*: ``(docname, line)`` on the page, else ``"path:line"``."""
    if resolved(source) == resolved(env.doc2path(env.docname)):
        return env.docname, line
    path = os.path.abspath(source)
    return f"{path}:{line}" if line else path


def directive_location(directive: Directive, offset: int = 0) -> str | tuple[str, int]:
    """Locate a directive (or its line *offset* lines further) where it is written.

    Any docutils directive: Sphinx's, or docutils' own that Sphinx patches.
    """
    env: BuildEnvironment = directive.state.document.settings.env
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return location_of(env, source or env.doc2path(env.docname), line + offset if line else 0)


def written_at(env: BuildEnvironment, node: nodes.Node) -> str | tuple[str, int]:
    """Locate *node* where it is written: its line, or its nearest ancestor's.

    A node read from a file the page includes carries that file as its
    source and the file's own line: the location names the file, not the
    page (whose line that is not); a node of the page is ``(docname, line)``.
    """
    holder: nodes.Node | None = node
    while holder is not None and not holder.line:
        holder = holder.parent
    if holder is None:
        return (env.docname, 0)
    source: nodes.Node | None = holder
    while source is not None and not source.source:
        source = source.parent
    written = source.source if source is not None else None
    return location_of(env, written or env.doc2path(env.docname), int(holder.line or 0))


def node_location(env: BuildEnvironment, node: nodes.Element) -> str | tuple[str, int]:
    """Locate *node* at the first line written inside it, else at its own line.

    Tables and their cells often have no line of their own (a list-table's
    node before Sphinx 9.2, a grid table's cells) or a wrong one (a grid
    table in MyST's ``{eval-rst}`` says line 1); their paragraphs have the
    right one. The location is in the file that line is in: the page, or a
    file it includes; with no line inside, the nearest line at or above it.
    """
    first = next((inner for inner in node.findall(include_self=False) if inner.line), None)
    if first is None:
        return (env.docname, line_of(node))
    return location_of(env, first.source or env.doc2path(env.docname), int(first.line or 0))
