"""Log records in ``-j`` workers (``confnotes.core.worker_logging``).

A forked worker makes no record that no handler of the build would show
(it would send it through a pipe for the main process to drop); every
record a handler takes still reaches it. Built on a small test root,
serial and with ``-j 2``.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.logging import NAMESPACE
from worker_probe import probe_processes, seen_by_processes

ROOT = Path(__file__).parent / "roots" / "test-talks"
#: the debug record Sphinx 9 makes each time it emits the event, once per written page
PAGE_EVENT = "emitting event: 'html-page-context'"


@pytest.fixture
def sphinx_logger_level() -> Iterator[None]:
    """Whatever a build does to the Sphinx logger in this process is undone."""
    logger = logging.getLogger(NAMESPACE)
    level = logger.level
    yield
    logger.setLevel(level)


def build(
    make_app: Callable[..., SphinxTestApp],
    src: Path,
    log: Path,
    *,
    parallel: int,
    verbosity: int = 0,
    handler: logging.Handler | None = None,
    logger_name: str = NAMESPACE,
    add_at: str | None = None,
) -> tuple[SphinxTestApp, dict[str, set[bool]]]:
    """Build *src*; per process kind and phase, whether a debug record would be made.

    Each process looks once per phase, after the core's handlers (workers
    can only hand back what they saw in a file). *handler* is added to
    *logger_name* before the build, or when the event *add_at* comes.
    """
    app = make_app("html", srcdir=src, freshenv=True, parallel=parallel, verbosity=verbosity)
    if handler is not None and add_at is None:
        logging.getLogger(logger_name).addHandler(handler)
    elif handler is not None and add_at is not None:
        app.connect(add_at, lambda *_args: logging.getLogger(logger_name).addHandler(handler))
    probe_processes(
        app, log, lambda: logging.getLogger(NAMESPACE).isEnabledFor(logging.DEBUG), priority=900
    )
    try:
        app.build()
    finally:
        if handler is not None:
            logging.getLogger(logger_name).removeHandler(handler)
    seen = seen_by_processes(log)
    return app, seen


def page_events(text: str) -> int:
    """How many page-context debug records *text* holds."""
    return text.count(PAGE_EVENT)


@pytest.mark.parametrize(
    ("parallel", "debug_made"),
    [
        # workers make no debug record; the main process keeps the logger as Sphinx set it
        (2, {"worker-read": {False}, "worker-write": {False}, "main-write": {True}}),
        (0, {"main-read": {True}, "main-write": {True}}),
    ],
)
@pytest.mark.usefixtures("sphinx_logger_level")
def test_workers_make_no_record_the_build_does_not_show(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    parallel: int,
    debug_made: dict[str, set[bool]],
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app, seen = build(make_app, src, tmp_path / "seen.jsonl", parallel=parallel)
    app.cleanup()
    assert app.statuscode == 0
    assert seen == debug_made
    assert page_events(app.status.getvalue()) == 0


@pytest.mark.usefixtures("sphinx_logger_level")
def test_debug_output_shows_every_worker_record(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """With ``-vv`` a worker's pages log what a serial build's pages log."""
    counts = {}
    for parallel in (0, 2):
        src = shutil.copytree(ROOT, tmp_path / f"src-{parallel}")
        app, seen = build(
            make_app, src, tmp_path / f"seen-{parallel}.jsonl", parallel=parallel, verbosity=2
        )
        assert all(seen[key] == {True} for key in seen), seen
        counts[parallel] = page_events(app.status.getvalue())
        app.cleanup()
    assert counts[0] > 0
    assert counts[2] == counts[0]


@pytest.mark.parametrize(
    ("logger_name", "add_at"),
    [
        (NAMESPACE, None),
        (f"{NAMESPACE}.sphinx.events", None),  # below the Sphinx logger: where events log
        (NAMESPACE, "env-updated"),  # added once the pages are read, before they are written
    ],
)
@pytest.mark.usefixtures("sphinx_logger_level")
def test_a_handler_that_takes_more_still_gets_every_record(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, logger_name: str, add_at: str | None
) -> None:
    """Another extension's debug handler sees the workers' records, as in a serial build."""
    counts = {}
    for parallel in (0, 2):
        src = shutil.copytree(ROOT, tmp_path / f"src-{parallel}")
        # a file: a handler below the Sphinx logger runs in the worker that logs
        kept = logging.FileHandler(tmp_path / f"kept-{parallel}.log", encoding="utf-8")
        kept.setLevel(logging.DEBUG)
        app, _seen = build(
            make_app,
            src,
            tmp_path / f"seen-{parallel}.jsonl",
            parallel=parallel,
            handler=kept,
            logger_name=logger_name,
            add_at=add_at,
        )
        app.cleanup()
        kept.close()
        counts[parallel] = page_events((tmp_path / f"kept-{parallel}.log").read_text("utf-8"))
    assert counts[0] > 0
    assert counts[2] == counts[0]
