"""Under ``-j N``, pages are written by N processes, in small chunks, so that no core waits.

Sphinx resolves every page in the main process and hands the pages, a
chunk at a time, to ``N - 1`` forked writers (``Builder._write_parallel``):
under ``-j 2`` one writer. A waiting chunk's writer is started only when
the main process hands over its next chunk, and once resolving is done the
main process waits while the one writer writes what is left: a core idle
for a quarter of the ``-j 2`` build of this site (benchmarks/README.md,
issue 21). Here the html and dirhtml builders write with N writers beside
the resolving main process, so that both cores stay busy to the end, and
in smaller chunks, so that a free writer waits less for a hand-over.

No public API: ``write_documents`` is the builder's method to override,
and ``add_builder(..., override=True)`` makes the subclasses the ``html``
and ``dirhtml`` builders, but what the override does is Sphinx's private
``_write_parallel`` (its calls are pinned in ``tests/test_pinned_internals.py``)
with another number of writers and chunk size. Each page is resolved,
``write_doc_serialized`` and ``write_doc`` run, in the same order as there;
only who writes when differs. A serial build writes as Sphinx does. The
other builders do too: epub and the help builders, which subclass the html
builder, are left as Sphinx makes them.

The subclasses keep Sphinx's class names: sphinx-sitemap tells a dirhtml
build by the builder's class name (``DirectoryHTMLBuilder``), and lists
``page.html`` URLs in a dirhtml sitemap for any other name.

One more thing differs, on purpose. Sphinx's ``ParallelTasks.add_task``
drops the error of a writer that failed before a hand-over (and stops the
other writers), and the build ended as if each page had been written. Here
a writer that fails at a page reports the page and its error as its
result; no chunk is handed over after that, and the build stops with the
error, as Sphinx reports a worker's (``SphinxParallelError``: the page,
the error, the writer's traceback). A chunk not reported at all (a writer
killed) makes the build fail too.
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence, Set
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.builders import Builder, dirhtml, html
from sphinx.errors import SphinxError, SphinxParallelError
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

from confnotes.core.dismantle import dismantle
from confnotes.version import metadata

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Sphinx's ``make_chunks`` batch factor for writing (its default is 10):
#: with 2 writers, chunks of 20 pages at 215 pages and 64 at 2,105 (the
#: benchmark's sites; Sphinx, with 1 writer: 46 and 145), so that the last
#: chunk, written while a core may idle, is short
WRITE_BATCH = 4


class UnwrittenPages(SphinxError):
    """A writer stopped and the pages of its chunk were not written."""

    category = "Writing failed"


class WriterFailure(NamedTuple):
    """A writer's error at a page, sent to the main process as the writer's result."""

    docname: str
    #: the exception's type and message
    error: str
    #: the writer's traceback, as Sphinx shows a parallel worker's
    traceback: str

    @classmethod
    def of(cls, docname: str, error: Exception) -> WriterFailure:
        """Describe *error*, raised while *docname* was written."""
        shown = traceback.format_exception_only(type(error), error)[-1].strip()
        return cls(docname, shown, traceback.format_exc())


def writing_chunks(docnames: Sequence[str], writers: int) -> list[list[str]]:
    """Split *docnames* (sorted, as Sphinx writes them) into the chunks the writers take."""
    return make_chunks(docnames, writers, maxbatch=WRITE_BATCH)


class ParallelWriting(Builder):
    """A builder whose ``write_documents`` writes with N writers under ``-j N`` (a mixin)."""

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        #: the ``-j`` value: the number of writers beside the main process
        self.writers: int = app.parallel

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        """Write the page, then take its doctree apart (:mod:`confnotes.core.dismantle`)."""
        super().write_doc(docname, doctree)
        dismantle(doctree)

    def write_documents(self, docnames: Set[str]) -> None:
        """Write as Sphinx does when serial; under ``-j N``, with N writers."""
        if not self.parallel_ok or not docnames:
            super().write_documents(docnames)
            return
        first, *rest = sorted(docnames)
        # the first page in the main process: its templates are compiled
        # and its caches warm before any writer is forked (as Sphinx does)
        self.phase = BuildPhase.RESOLVING
        doctree = self.env.get_and_resolve_doctree(first, self, tags=self.tags)
        self.phase = BuildPhase.WRITING
        self.write_doc_serialized(first, doctree)
        self.write_doc(first, doctree)
        self._write_in_chunks(rest)

    def _write_in_chunks(self, docnames: list[str]) -> None:
        chunks = writing_chunks(docnames, self.writers)
        progress = status_iterator(
            chunks,
            __("writing output... "),
            "darkgreen",
            len(chunks),
            self.config.verbosity,
        )
        reported: list[WriterFailure | None] = []

        def write_chunk(docs: list[tuple[str, nodes.document]]) -> WriterFailure | None:
            self.phase = BuildPhase.WRITING
            for docname, doctree in docs:
                try:
                    self.write_doc(docname, doctree)
                except Exception as error:
                    return WriterFailure.of(docname, error)
            return None

        def chunk_written(
            docs: list[tuple[str, nodes.document]], failure: WriterFailure | None
        ) -> None:
            reported.append(failure)
            next(progress)
            for _docname, doctree in docs:  # the main process's copies, written by a writer
                dismantle(doctree)

        tasks = ParallelTasks(self.writers)
        self.phase = BuildPhase.RESOLVING
        handed = 0
        for chunk in chunks:
            if any(reported):  # a writer failed: hand over no more
                break
            resolved = []
            for docname in chunk:
                doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
                self.write_doc_serialized(docname, doctree)
                resolved.append((docname, doctree))
            tasks.add_task(write_chunk, resolved, chunk_written)
            handed += 1
        tasks.join()
        logger.info("")
        failure = next((found for found in reported if found), None)
        if failure:
            raise SphinxParallelError(f"{failure.docname}: {failure.error}", failure.traceback)
        if len(reported) < handed:
            msg = (
                f"{handed - len(reported)} of {len(chunks)} chunks of pages were not "
                "written: a writer process stopped, and Sphinx did not pass its error on; "
                "build without -j to see it"
            )
            raise UnwrittenPages(msg)


class StandaloneHTMLBuilder(ParallelWriting, html.StandaloneHTMLBuilder):
    """``html``, writing with every core."""


class DirectoryHTMLBuilder(ParallelWriting, dirhtml.DirectoryHTMLBuilder):
    """``dirhtml``, writing with every core."""


def setup(app: Sphinx) -> dict[str, Any]:
    """Make them the ``html`` and ``dirhtml`` builders (a part of the site)."""
    app.add_builder(StandaloneHTMLBuilder, override=True)
    app.add_builder(DirectoryHTMLBuilder, override=True)
    return metadata()
