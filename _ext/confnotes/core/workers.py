"""``confnotes-worker-started``: once in each forked ``-j`` worker, at its first document.

Sphinx forks its parallel workers from the main process, one per chunk of
pages to read or to write, and has no event for it. Some things are the
worker's to do once, before its pages: its copy of everything inherited is
not its garbage (:mod:`confnotes.core.gc_freeze`), and its log records cross
a pipe (:mod:`confnotes.core.worker_logging`). So the main process notes
its pid when the builder is ready, and the first ``source-read`` (a
reading worker, before it parses anything) or ``html-page-context`` (a
writing one, after its first page's HTML) in another process announces
the worker. A serial build announces nothing.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the event; handlers take the application only
WORKER_STARTED = "confnotes-worker-started"


def note_main_process(app: Sphinx) -> None:
    """``builder-inited``: the process that forks the workers."""
    app.confnotes_main_pid = os.getpid()  # type: ignore[attr-defined]


def announce_worker(app: Sphinx, *_args: object) -> None:
    """First document in a forked worker: emit the event, once (the worker's app notes its pid)."""
    pid = os.getpid()
    if getattr(app, "confnotes_main_pid", pid) == pid:
        return
    if getattr(app, "confnotes_worker_pid", None) != pid:
        app.confnotes_worker_pid = pid  # type: ignore[attr-defined]
        app.emit(WORKER_STARTED)


def setup_workers(app: Sphinx) -> None:
    """Register the event and its hooks (from the core's ``setup()``)."""
    app.add_event(WORKER_STARTED)
    app.connect("builder-inited", note_main_process, priority=100)
    # first among the handlers: nothing of the worker's first page has run yet
    app.connect("source-read", announce_worker, priority=1)
    app.connect("html-page-context", announce_worker, priority=1)
