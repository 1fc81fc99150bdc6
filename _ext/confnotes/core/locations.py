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
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.nodes import ancestors
from confnotes.core.records import split_place

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def resolved(path: str | Path) -> Path:
    """Return *path* made absolute and free of ``..`` and links, to compare files."""
    return Path(path).resolve()


def is_a_file(source: str | Path) -> bool:
    """Whether *source* names a file, not text a parser made up (``<rst_epilogue>``)."""
    return not str(source).startswith(("<", "internal padding")) and os.path.isfile(source)


def location_of(
    env: BuildEnvironment, source: str | Path, line: int, docname: str = ""
) -> str | tuple[str, int]:
    """Locate a line of *source*: ``(docname, line)`` on the page, else ``"path:line"``.

    The page is *docname*, else the one being read or written
    (``env.docname``). A source that names no file (Sphinx's
    ``<rst_epilogue>``, docutils' ``<string>``) is the page's: its text is
    added to the page.
    """
    page = docname or env.docname
    written_in = env.doc2path(page)
    # the page's own path as Sphinx gave it to docutils: no file system call
    if os.fspath(source) == os.fspath(written_in):
        return page, line
    if not is_a_file(source) or resolved(source) == resolved(written_in):
        return page, line
    path = os.path.abspath(source)
    return f"{path}:{line}" if line else path


def place_name(env: BuildEnvironment, location: str | tuple[str, int]) -> str:
    """Name *location* as a warning shows it: ``file:line``, the file relative to the sources.

    The page (``talks/x.rst:12``), or the file it includes where the markup
    is written (``talks/x-notes.txt:3``), with ``/``; a file on another drive
    (Windows), which has no relative path, in full.
    """
    if isinstance(location, tuple):
        docname, number = location
        return f"{env.doc2path(docname, False).as_posix()}:{number}"
    path, line = split_place(location)
    try:
        relative = Path(os.path.relpath(path, env.srcdir)).as_posix()
    except ValueError:
        relative = Path(path).as_posix()
    return f"{relative}:{line}" if line else relative


def in_included_file(location: str | tuple[str, int]) -> str:
    """Return *location* if it is a line of a file the page includes (``"path:line"``), else ""."""
    return location if isinstance(location, str) else ""


def directive_location(directive: Directive, offset: int = 0) -> str | tuple[str, int]:
    """Locate a directive (or its line *offset* lines further) where it is written.

    Any docutils directive: Sphinx's, or docutils' own that Sphinx patches.
    """
    env: BuildEnvironment = directive.state.document.settings.env
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    return location_of(env, source or env.doc2path(env.docname), line + offset if line else 0)


def source_and_line(node: nodes.Node) -> tuple[str | None, int]:
    """Return the file *node* is written in and its line there (0: none known).

    The line is the node's, or its nearest ancestor's; the file is that of
    the nearest node from there up that is not inline only (a ``meta``
    node names its file but no line): MyST gives an inline
    node of an included file (``{math}``) the page as its source, with the
    included file's line, where the paragraph holding it names the file.
    """
    holder = next((above for above in [node, *ancestors(node)] if above.line), None)
    upward = [holder or node, *ancestors(holder or node)]
    named = next(
        (above for above in upward if above.source and not is_inline_only(above)),
        next((above for above in upward if above.source), None),
    )
    return (named.source if named else None), int(holder.line) if holder else 0


def is_inline_only(node: nodes.Node) -> bool:
    """Whether *node* is inline text (``math``), not also a body element (``image``, ``raw``)."""
    return isinstance(node, nodes.Inline) and not isinstance(node, nodes.Body)


def written_at(env: BuildEnvironment, node: nodes.Node) -> str | tuple[str, int]:
    """Locate *node* where it is written: its line, or its nearest ancestor's.

    A node read from a file the page includes carries that file as its
    source and the file's own line: the location names the file, not the
    page (whose line that is not); a node of the page being read or
    resolved (``env.docname``) is ``(docname, line)``, of another page
    (singlehtml's assembled book) ``"path:line"``.
    """
    return line_in_file_of(env, node, source_and_line(node)[1])


def line_in_file_of(
    env: BuildEnvironment, node: nodes.Node, line: int, docname: str = ""
) -> str | tuple[str, int]:
    """Locate *line* of the file *node* is written in: the page's, or a file it includes.

    The page is *docname*, else the one being read or written; the checks
    after reading, which walk every page, name it.
    """
    source = source_and_line(node)[0] or env.doc2path(docname or env.docname)
    return location_of(env, source, line, docname)


def node_location(env: BuildEnvironment, node: nodes.Element) -> str | tuple[str, int]:
    """Locate *node* at the first line written inside it, else where :func:`written_at` does.

    Tables and their cells often have no line of their own (a list-table's
    node before Sphinx 9.2, a grid table's cells) or a wrong one (a grid
    table in MyST's ``{eval-rst}`` says line 1); their paragraphs have the
    right one.
    """
    first = next((inner for inner in node.findall(include_self=False) if inner.line), node)
    return written_at(env, first)


class AbsoluteSources(SphinxTransform):
    """Name every file a page's nodes come from by its absolute path, as Sphinx names the page.

    docutils names an included file relative to the working directory of
    the build that read it; a later build (another builder on the same
    doctrees, run from elsewhere) would look for it in the wrong place.
    """

    default_priority = 1

    def apply(self, **kwargs: Any) -> None:
        """Make each relative source that names a file absolute (not ``<rst_epilogue>``).

        Each source is looked up once: an included file's nodes all name it.
        """
        absolute: dict[str, str] = {}
        for node in self.document.findall(nodes.Element):
            source = node.source
            if not source or os.path.isabs(source):
                continue
            if source not in absolute:
                absolute[source] = os.path.abspath(source) if is_a_file(source) else source
            node.source = absolute[source]


def setup_locations(app: Sphinx) -> None:
    """Register the transform (called from the core's ``setup()``)."""
    app.add_transform(AbsoluteSources)
