"""A warning logged without its line gets the line of the markup that caused it.

docutils, Sphinx and other extensions log some warnings with no location,
or with a node that has no line: ``.. default-role:: ::`` ("unknown role
name", no file at all), sphinx-design's card image ("image file not
readable", ``page.rst:`` and no line), MyST's duplicate equation label
(docutils' "Duplicate ID", no line). A contributor was told the page at
best. Two places know better, and are asked in turn:

- the node's ancestors: the nearest one with a line (the card the image is in);
- while a page is read, the directive or role that is running (the same
  frames :mod:`confnotes.site.safety.parse_errors` reads in a traceback).

A filter placed first on Sphinx's warning handler fills the location in.
Sphinx holds back the warnings of reading, and a ``-j`` worker sends its
records to the main process: both are handled when nothing of the page is
left on the stack. So the handler that collects them gets the filter too,
when reading starts and when a worker starts (:mod:`confnotes.core.workers`).
No public API: that Sphinx collects them in its logging's ``MemoryHandler``;
``tests/test_warning_locations.py`` fails if it stops.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.util import logging as sphinx_logging

from confnotes.core.locations import location_of
from confnotes.core.nodes import ancestors
from confnotes.core.workers import WORKER_STARTED
from confnotes.site.safety.parse_errors import culprit_running
from confnotes.site.warning_types import put_first
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def has_line(location: object) -> bool:
    """Whether a warning's ``location`` names a line (each form Sphinx's logging takes)."""
    if isinstance(location, nodes.Node):
        return bool(get_source_line(location)[1])  # 0 is no line to Sphinx either
    if isinstance(location, tuple):
        return bool(location[1:2] and location[1])
    if isinstance(location, str):
        return location.rpartition(":")[2].isdigit()
    return False


def lined_ancestor(node: nodes.Node) -> nodes.Node | None:
    """Return the nearest ancestor of *node* that has a line, or None."""
    return next((above for above in ancestors(node) if has_line(above)), None)


class FallbackLocation(logging.Filter):
    """Give a warning without a line the line of what caused it, when one is known."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        """Locate the warning if it has no line; never drop it."""
        location = getattr(record, "location", None)
        if record.levelno >= logging.WARNING and not has_line(location):
            found = self.better_location(location)
            if found is not None:
                record.location = found
        return True

    def better_location(self, location: object) -> object | None:
        """Return the nearest lined ancestor of a node, else the running markup's line."""
        if isinstance(location, nodes.Node):
            ancestor: object = lined_ancestor(location)
            if ancestor is not None:
                return ancestor
        env: BuildEnvironment | None = getattr(self.app, "env", None)
        if env is None or not env.docname:
            return None
        culprit = culprit_running()
        if culprit is None:
            return None
        return location_of(env, culprit.source, culprit.line)


def install(app: Sphinx) -> None:
    """``builder-inited``: put the filter first on Sphinx's warning handler (once)."""
    put_first(FallbackLocation(app))


def install_on_collectors(app: Sphinx, *_args: object) -> None:
    """Put the filter on the handlers that hold records back (reading, a worker)."""
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.MemoryHandler) and not any(
            isinstance(found, FallbackLocation) for found in handler.filters
        ):
            handler.filters.insert(0, FallbackLocation(app))


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the installations of the filter."""
    app.setup_extension("confnotes.core")
    app.connect("builder-inited", install)
    app.connect("env-before-read-docs", install_on_collectors)
    app.connect(WORKER_STARTED, install_on_collectors)
    return metadata()
