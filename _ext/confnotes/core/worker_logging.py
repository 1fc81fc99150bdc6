"""In a ``-j`` worker, drop a log record no handler of the build shows when it is made.

Why: a worker collects every record its pages log and sends them all
through a pipe to the main process, which hands each to the build's
handlers, and they drop what is below the build's verbosity. Sphinx 9 logs
every event at debug level with the whole ``repr`` of its arguments: for
``html-page-context`` that is the page's context, its body included, about
10 kB a page. So a writing worker sent about 1 MB of debug records per chunk
of 100 pages, more than a pipe holds, and waited until the main process
read them, which it does only between two chunks it resolves: measured at
1,000 talks with ``-j 2``, writing workers that spent 0.55 s on their pages
took 1.0 to 1.7 s.

So each worker raises the Sphinx logger's level to the lowest level any of
the main process's handlers of the Sphinx loggers accepts, noted when the
build starts reading and again when it starts writing: the build's
verbosity for Sphinx's own handlers (``-vv`` shows debug records as
before), lower if another extension added a handler that takes more, on
``sphinx`` or a logger below it. What reaches the handlers is what reached
them before. No public API: that a worker collects its records and sends
them to the main process (Sphinx's ``ParallelTasks``); the test compares
what the handlers get, serial and with ``-j 2``.
The main process, and a serial build, keep the logger as Sphinx set it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sphinx.util.logging import NAMESPACE

from confnotes.core.workers import WORKER_STARTED

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def shown_level() -> int:
    """Return the lowest level a handler of the Sphinx loggers accepts (0: one takes all).

    The handlers of the ``sphinx`` logger and of every logger below it
    (another extension may listen to ``sphinx.events`` alone).
    """
    prefix = f"{NAMESPACE}."
    loggers = [logging.getLogger(NAMESPACE)] + [
        logger
        for name, logger in logging.Logger.manager.loggerDict.items()
        if name.startswith(prefix) and isinstance(logger, logging.Logger)
    ]
    levels = [handler.level for logger in loggers for handler in logger.handlers]
    return min(levels, default=logging.NOTSET)


def note_shown_level(app: Sphinx, *_args: object) -> None:
    """Before the workers that read, then before those that write: the handlers then."""
    app.confnotes_shown_log_level = shown_level()  # type: ignore[attr-defined]


def drop_unshown_records(app: Sphinx) -> None:
    """``confnotes-worker-started``: records below what the handlers show are not made."""
    level = getattr(app, "confnotes_shown_log_level", logging.NOTSET)
    logger = logging.getLogger(NAMESPACE)
    logger.setLevel(max(logger.level, level))


def setup_worker_logging(app: Sphinx) -> None:
    """Register the hooks (from the core's ``setup()``)."""
    app.connect("env-before-read-docs", note_shown_level)
    app.connect("write-started", note_shown_level)
    app.connect(WORKER_STARTED, drop_unshown_records)
