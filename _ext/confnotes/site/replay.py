"""Repeat the warnings of pages an incremental build did not process.

Sphinx warns about a page only while it reads or writes it, so a second
``make html`` with nothing changed re-reads nothing, warns nothing and exits
0 although a page still has a problem.  This module keeps every warning that
has a location, keyed by the phase that emitted it and the page it names, in
``<doctreedir>/confnotes-warnings.json``; at ``build-finished`` it repeats
the ones whose phase did not run again for that page, so ``-W`` fails until
the page is fixed:

* reading: forgotten when the page is read again (``env-purge-doc``);
* consistency checks: replaced whenever Sphinx runs them again;
* resolving and writing: per builder, forgotten when the page is written
  again (``doctree-resolved``); builders that assemble their own documents
  (singlehtml, latex, man, texinfo) write every page every time.

The records are taken from Sphinx's own warning handler, after
``suppress_warnings`` and after the location became ``path:line``; under
``-j`` the workers' warnings reach that handler in the main process, so one
recorder sees them all (:meth:`Recorder.install`: there is no public API for
this). The phase a warning belongs to follows Sphinx's events, in the order
its documentation gives: reading until ``env-get-updated``, the consistency
checks until ``write-started``, then writing. A repeated warning is never
recorded again, and a warning this build already gave is not repeated. A
warning at a line of a file a page includes (``part.txt:5``) is kept as the
warning of the page being read or resolved when it came
(:class:`PageTagging`), and repeated at the file's line. A page read twice
in one build (a programme's page, read again once every page is read) shows
each of its reading warnings once. Warnings without a page (configuration,
the build's own messages) happen every build and are not kept.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.builders import Builder
from sphinx.util import logging as sphinx_logging

from confnotes.site.parallel_writing import ParallelWriting
from confnotes.version import metadata

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = sphinx_logging.getLogger(__name__)

STORE = "confnotes-warnings.json"
#: bump when the file's shape changes; an unknown version is ignored
STORE_VERSION = 2
LOCATION_RE = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d*))?$")


class Kept(NamedTuple):
    """One warning, as needed to emit it again."""

    docname: str
    lineno: int | None
    message: str
    type: str
    subtype: str
    #: ``path:line`` of a file the page includes, where the warning is (else "")
    where: str = ""


#: the attribute a log record gets: the page being read or resolved when it was made
PAGE_ATTRIBUTE = "confnotes_page"


class PageTagging:
    """A log record factory that notes on each record the page being read or resolved.

    Sphinx sets ``env.current_document.docname`` while it reads a page (in a
    ``-j`` worker too, which inherits this factory) and while it applies a
    page's post-transforms, but no more while its ``doctree-resolved``
    handlers run (the late gate's): :class:`Recorder` names that page here
    meanwhile. A warning about a file that is no page (an included file)
    belongs to that page. The factory is Python's public hook for what every record
    carries; it is put in place for the build and taken out after.
    """

    def __init__(self, app: Sphinx, previous: Callable[..., logging.LogRecord]) -> None:
        self.app = app
        self.previous = previous
        #: the page whose ``doctree-resolved`` handlers are running ("" between pages):
        #: Sphinx names it no more by then
        self.resolving = ""

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        """Make the record as before; note the current page on it."""
        record = self.previous(*args, **kwargs)
        env = getattr(self.app, "env", None)
        document = getattr(env, "current_document", None)
        page = self.resolving or getattr(document, "docname", "") or ""
        setattr(record, PAGE_ATTRIBUTE, page)
        return record


def including_page(env: BuildEnvironment, path: str) -> str:
    """Return the first page (by name) that includes the file *path*, or "".

    For a warning no page was being read or resolved for (the consistency
    checks, after reading): a declaration in an included file.
    """
    wanted = os.path.abspath(path)
    for docname in sorted(env.dependencies):
        if any(
            os.path.abspath(os.path.join(env.srcdir, dep)) == wanted
            for dep in env.dependencies[docname]
        ):
            return docname
    return ""


def _rewrites_everything(builder: Builder) -> bool:
    """Whether the builder assembles documents itself and so writes them all each build.

    singlehtml, LaTeX, man, doctest: they write documents their own way
    (``write_documents``); the html builders that only write with more
    processes (:mod:`confnotes.site.parallel_writing`) write page by page.
    """
    own = type(builder).write_documents
    return own not in {Builder.write_documents, ParallelWriting.write_documents}


class Recorder(logging.Filter):
    """Records warnings (a filter on Sphinx's warning handler) and repeats kept ones."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        self.replaying = False
        #: this build's warnings, by phase
        self.new: dict[str, list[Kept]] = {"read": [], "consistency": [], "write": []}
        #: this build's read-phase warnings so far, to show a page read twice once
        self.shown: set[tuple[str, str]] = set()
        self.reread: set[str] = set()
        self.written: set[str] = set()
        self.consistency_ran = False
        #: the phase warnings belong to now: "read", "consistency" or "write"
        self.phase = "read"
        self.kept: dict[str, Any] = {}
        self.tagging: PageTagging | None = None

    # -- recording -----------------------------------------------------------------

    def filter(self, record: logging.LogRecord) -> bool:
        """Note a warning that passed Sphinx's filters; never drop it."""
        if self.replaying or record.levelno < logging.WARNING:
            return True
        location = getattr(record, "location", None)
        if not isinstance(location, str) or not (match := LOCATION_RE.match(location)):
            return True
        env = self.app.env
        if not match["path"]:
            return True
        message = logging.LogRecord.getMessage(record)  # without "path: WARNING: "
        if self.phase == "read":  # a page read again (a programme's) warns once
            if (location, message) in self.shown:
                return False
            self.shown.add((location, message))
        docname = env.path2doc(match["path"])
        where = ""
        if docname not in env.found_docs:  # a file a page includes: the page that read it
            docname = getattr(record, PAGE_ATTRIBUTE, "") or including_page(env, match["path"])
            where = f"{os.path.abspath(match['path'])}:{match['line'] or ''}".rstrip(":")
            if docname not in env.found_docs:
                return True
        kind, subtype = getattr(record, "type", "") or "", getattr(record, "subtype", "") or ""
        suffix = f" [{kind}.{subtype}]" if subtype else f" [{kind}]"
        if kind and message.endswith(suffix):  # show_warning_types added it
            message = message.removesuffix(suffix)
        lineno = int(match["line"]) if match["line"] else None
        self.new[self.phase].append(Kept(docname, lineno, message, kind, subtype, where))
        return True

    def install(self, app: Sphinx) -> None:
        """Attach to the warning handler and load the kept warnings (``builder-inited``).

        No public API: Sphinx has no event for a warning. Its handler of
        warnings (a ``WarningStreamHandler`` on the ``sphinx`` logger,
        set up with the application) filters each record through
        ``suppress_warnings`` and turns its location into ``path:line``;
        a filter added after those sees each warning as it is shown, with
        its ``type`` and ``subtype``. This is the one place that reaches
        it; pinned in ``tests/test_pinned_internals.py``.
        """
        if not app.config.confnotes_repeat_warnings:
            return
        for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
            if isinstance(handler, sphinx_logging.WarningStreamHandler):
                handler.addFilter(self)
        self.tagging = PageTagging(app, logging.getLogRecordFactory())
        logging.setLogRecordFactory(self.tagging)
        self.kept = self.load()

    def note_read(self, _app: Sphinx, _env: BuildEnvironment) -> list[str]:
        """``env-get-updated`` (last): reading is over; the consistency checks come next."""
        self.phase = "consistency"
        return []

    def note_reread(self, _app: Sphinx, _env: BuildEnvironment, docname: str) -> None:
        """Note a page read again (or removed): its reading warnings will come again."""
        self.reread.add(docname)

    def note_written(self, _app: Sphinx, _doctree: nodes.document, docname: str) -> None:
        """Note a page resolved for writing: its writing warnings will come again.

        Runs first at ``doctree-resolved``; until :meth:`note_resolved`, a
        warning about an included file is this page's (:class:`PageTagging`).
        """
        self.written.add(docname)
        if self.tagging is not None:
            self.tagging.resolving = docname

    def note_resolved(self, _app: Sphinx, _doctree: nodes.document, _docname: str) -> None:
        """Note that the page's ``doctree-resolved`` handlers are done (runs last)."""
        if self.tagging is not None:
            self.tagging.resolving = ""

    def note_writing(self, _app: Sphinx, _builder: Builder) -> None:
        """Note that writing began: later warnings belong to the pages written."""
        self.phase = "write"

    def note_consistency(self, _app: Sphinx, _env: BuildEnvironment) -> None:
        """Sphinx ran its consistency checks, so their warnings are all new."""
        self.consistency_ran = True

    # -- keeping and repeating -----------------------------------------------------------

    def load(self) -> dict[str, Any]:
        """Return the kept warnings of earlier builds (none for a fresh environment)."""
        path = self.app.doctreedir / STORE
        if not self.app.env.all_docs or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if data.get("version") == STORE_VERSION else {}

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        """Merge this build's warnings into the kept ones, save, and repeat the rest."""
        if self.tagging is not None:
            self.tagging.resolving = ""  # a handler that raised left it set
            if logging.getLogRecordFactory() is self.tagging:
                logging.setLogRecordFactory(self.tagging.previous)  # whatever the outcome
        if exception is not None or not app.config.confnotes_repeat_warnings:
            return
        found = app.env.found_docs
        kept_read = self._by_doc(self.kept.get("read", []))
        kept_write_all = self.kept.get("write", {})
        kept_write = self._by_doc(kept_write_all.get(app.builder.name, []))
        if _rewrites_everything(app.builder):
            self.written |= set(kept_write)
        read = self._merge(kept_read, self.reread, self.new["read"])
        write = self._merge(kept_write, self.written, self.new["write"])
        consistency = (
            []
            if self.consistency_ran
            else self._flat(self._by_doc(self.kept.get("consistency", [])))
        )
        consistency += self.new["consistency"]
        # a removed page takes its warnings along
        read = {d: w for d, w in read.items() if d in found}
        write = {d: w for d, w in write.items() if d in found}
        consistency = [w for w in consistency if w.docname in found]
        every_new = {w[:3] for phase in self.new.values() for w in phase}
        repeat = [
            w
            # as often as the build that made them showed them (three links to one
            # missing label warn three times)
            for w in sorted(
                [*self._flat(read), *self._flat(write), *consistency],
                key=lambda w: (w.docname, w.lineno or 0, w.message),
            )
            if w[:3] not in every_new
        ]
        kept_write_all[app.builder.name] = [list(w) for w in self._flat(write)]
        self.kept = {
            "version": STORE_VERSION,
            "read": [list(w) for w in self._flat(read)],
            "consistency": [list(w) for w in consistency],
            "write": kept_write_all,
        }
        self.save(self.kept)
        # the same application may build again
        self.new = {phase: [] for phase in self.new}
        self.reread, self.written = set(), set()
        self.shown = set()
        self.consistency_ran = False
        self.phase = "read"  # the next build, if any, reads first
        if repeat:
            logger.info(
                "confnotes: %d warning(s) of pages this build did not re-read or re-write:",
                len(repeat),
            )
        self.replaying = True
        try:
            for w in repeat:
                logger.warning(
                    "%s",
                    w.message,
                    location=w.where or (w.docname, w.lineno),
                    type=w.type or None,
                    subtype=w.subtype or None,
                )
        finally:
            self.replaying = False

    def save(self, data: dict[str, Any]) -> None:
        """Write the kept warnings next to the environment pickle."""
        path = self.app.doctreedir / STORE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")

    @staticmethod
    def _merge(
        kept: dict[str, list[Kept]], renewed: set[str], new: list[Kept]
    ) -> dict[str, list[Kept]]:
        """Kept warnings of pages not *renewed*, plus the new ones not kept already.

        A new warning made several times is kept as often (three links to one
        missing label warn three times).
        """
        merged = {d: list(w) for d, w in kept.items() if d not in renewed}
        already = {d: set(w) for d, w in merged.items()}
        for w in new:
            if w not in already.get(w.docname, ()):
                merged.setdefault(w.docname, []).append(w)
        return merged

    @staticmethod
    def _by_doc(warnings: list[Any]) -> dict[str, list[Kept]]:
        by_doc: dict[str, list[Kept]] = {}
        for w in warnings:
            kept = Kept(*w)
            by_doc.setdefault(kept.docname, []).append(kept)
        return by_doc

    @staticmethod
    def _flat(by_doc: dict[str, list[Kept]]) -> list[Kept]:
        return [w for _doc, found in sorted(by_doc.items()) for w in found]


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect a recorder for this application's builds (unless switched off in conf.py)."""
    app.add_config_value("confnotes_repeat_warnings", True, "", types=frozenset({bool}))
    recorder = Recorder(app)
    app.connect("builder-inited", recorder.install)
    app.connect("env-purge-doc", recorder.note_reread)
    app.connect("doctree-resolved", recorder.note_written, priority=0)
    app.connect("doctree-resolved", recorder.note_resolved, priority=1000)
    app.connect("env-get-updated", recorder.note_read, priority=900)
    app.connect("env-check-consistency", recorder.note_consistency)
    app.connect("write-started", recorder.note_writing)
    app.connect("build-finished", recorder.finish)
    return metadata()
