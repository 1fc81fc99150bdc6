"""Keep Python's cyclic garbage collector off the environment during a build.

Why: a conference's loaded environment is hundreds of thousands of
long-lived objects (370,000 at 2,000 talks), and every full collection walks
them all, while a build allocates millions of short-lived ones (a rendered
glossary alone is hundreds of thousands). Measured at 2,000 talks (CPU
seconds in the collector): an edit rebuild 2.2 s (plain Sphinx on the same
talks: 0.6 s), a no-op 0.6 s; a full build at 500 talks 4.1 s. So, for the
length of a build:

- the first threshold goes from 700 to 10,000 allocations
  (``config-inited``, before a pickled environment is loaded): ten times
  fewer young collections, so fewer of the full ones they lead to;
- the second from 10 to 40 young collections, and the third from 10 to
  100 middle ones: a full collection walks every object left unfrozen,
  which grows with the talks (the environment read in this build, the
  doctrees Sphinx keeps from reading to writing), so their cost grows as
  the square of the talks, the one part of the build that grew faster than
  them (issue 21's growth verdict). A fresh build at 2,000 talks made 9,
  8.7 s of its 62 s, and 4 at 1,000 talks (2.5 s of 31 s) with the second
  and third thresholds at Python's 10; 2 and 1 (2.8 and 1.2 s) with the
  second at 40; none now, nor below about 6,000 talks (29 middle
  collections at 2,000 talks, 14 at 1,000, 3 at 200). The price would be
  memory: cycles that outlive a middle collection wait for the end of the
  build, and every written doctree was one (the nodes resolving takes out
  still point at it): 595 MiB at 2,000 talks, plain Sphinx 553. The html
  builders now take each written doctree apart
  (:mod:`confnotes.core.dismantle`): 365 MiB. Python 3.14's incremental
  collector reads the thresholds otherwise; these figures are 3.11's (3.13
  collects as 3.11 does);
- ``gc.freeze()`` once the environment is loaded (``builder-inited``) moves
  it into a permanent generation the collector skips (the standard
  library's tool for long-lived objects);
- under ``-j``, each forked worker freezes what it inherited, once, at its
  first document (``confnotes-worker-started``,
  :mod:`confnotes.core.workers`). The main process goes on making objects
  while workers run (the doctrees it resolves, the search index it feeds),
  and a full collection in a worker walked them all and wrote to each,
  copying the memory pages they live on: profiled at 2,000 talks, the last
  writing workers spent up to 2.4 s of their 5.6 s collecting (the first
  worker took 2.6 s in all). A worker lives for one chunk of documents, so
  nothing it inherited is its garbage to collect. ``-j 2`` at 2,000 talks,
  two draws each: 65.0 and 72.0 s wall before, 57.1 and 57.9 s after
  (serial: 75 s). The main process collects as in a serial build: freezing
  it again once the pages were read (tried twice) raised its peak from 433
  to 593 MiB: the doctrees Sphinx keeps from reading to writing are then
  frozen, and stay after they are written. Writers that fire no ``html-page-context``
  (text) collect as before.

The same builds then spend 0.5 s, 0.2 s and 2.0 s in the collector. The
build's short-lived garbage is collected as always; cycles that outlive a
middle collection wait, as above.
``build-finished`` restores the thresholds and unfreezes, so a process
that builds several projects (sphinx-autobuild, a test suite) gets every
object collectable again (objects frozen by anyone before the build are
unfrozen too: ``gc`` has one permanent generation).

And once the process exits: at exit, Python collects every cycle left (the
application and its environment are one) and frees it, object by object,
only for the operating system to take the memory back anyway. That teardown
took 1.0 s of CPU after a no-op rebuild at 2,000 talks (plain Sphinx: 0.5 s),
a third of the build. So ``build-finished`` also registers ``gc.freeze`` with
``atexit``: the handler runs before the interpreter's final collections,
which then skip every object (0.05 s). Nothing changes while the process
lives; ``atexit`` handlers registered earlier (``weakref.finalize``'s,
``multiprocessing``'s, pytest's) still run after it, and objects outside
cycles are still freed as the modules are cleared. The price: an object
still caught in a reference cycle at exit is never finalised, so a file
left open in one loses what it had not flushed, and a ``NamedTemporaryFile``
in one stays on disk. Sphinx closes its files; code in ``conf.py`` or
another extension should too (Python warns of an unclosed file with a
``ResourceWarning``). With the setting off, a build takes the registration
back (the last build of a process decides).

``confnotes_freeze_gc = False`` turns it off.
"""

from __future__ import annotations

import atexit
import gc
from typing import TYPE_CHECKING

from confnotes.core.workers import WORKER_STARTED

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


#: allocations (minus deallocations) between two young collections, during a build
YOUNG_THRESHOLD = 10_000
#: young collections between two middle ones
MIDDLE_THRESHOLD = 40
#: middle collections between two full ones: none in a build of up to about 6,000 talks
OLD_THRESHOLD = 100


def raise_threshold(app: Sphinx, config: Config) -> None:
    """``config-inited``: before a pickled environment is loaded (370,000 objects at N=2000)."""
    if config.confnotes_freeze_gc:
        app.confnotes_gc_threshold = gc.get_threshold()  # type: ignore[attr-defined]
        gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)


def freeze_loaded(app: Sphinx) -> None:
    """``builder-inited``: the modules, the config and the environment are loaded."""
    if app.config.confnotes_freeze_gc:
        gc.freeze()


def freeze_inherited(app: Sphinx) -> None:
    """``confnotes-worker-started``: what a forked ``-j`` worker inherited is not its garbage."""
    if app.config.confnotes_freeze_gc:
        gc.freeze()


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (last): the collector as it was, every object collectable.

    Until the process exits: then everything left is frozen (registered
    once per process, however many builds it ran; taken back by a build
    with the setting off).
    """
    threshold = getattr(app, "confnotes_gc_threshold", None)
    if threshold is not None:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    atexit.unregister(gc.freeze)
    if app.config.confnotes_freeze_gc:
        atexit.register(gc.freeze)


def setup_gc_freeze(app: Sphinx) -> None:
    """Register the setting and the hooks (from the core's ``setup()``)."""
    app.add_config_value("confnotes_freeze_gc", True, "", types=frozenset({bool}))
    app.connect("config-inited", raise_threshold, priority=100)
    app.connect("builder-inited", freeze_loaded, priority=900)
    app.connect(WORKER_STARTED, freeze_inherited)
    app.connect("build-finished", unfreeze, priority=900)
