"""A toctree that leads back to a page above it is cut there, and the build goes on.

Sphinx walks the toctrees down from the root page without stopping at a
page it has already seen (``BuildEnvironment.collect_relations``, Sphinx
9.0-9.2), so a page whose toctree lists the front page, or any page above
it (``.. toctree:: /index`` in a talk), recurses until Python gives up: a
``RecursionError`` stops the whole build, for one line of one page.

An entry a page's author wrote is left out of the page itself while it is
read (``toctree_places``, which finds the page's place and what is above it:
with a warning ``confnotes.toctree_cycle`` at the toctree's line), so no
builder meets the loop (the e-book's navigation stopped the build on one).
What remains, a toctree a programme made, is cut here: once every page is
read (``env-updated``, first, before any handler asks for the relations, as
sphinxcontrib-bibtex's does, and again last, after the handlers that read a
page again, such as a programme's), the toctrees are walked down from the
root page; an entry that leads back to a page on the way down is left out
of the relations Sphinx keeps (``env.toctree_includes``), with the same
warning. A page with a cut entry is read again on the next build, so
whether it still closes a loop is decided afresh, as a fresh build would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx import addnodes

from confnotes.core.validation import AnyLocation, line_of, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: the environment's note of the entries cut in the last build: ``(page, entry)``
CUT_EDGES = "confnotes_toctree_cuts"


def back_edges(root: str, includes: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Return each ``(page, entry)`` whose entry is a page on the way down to *page*.

    A depth-first walk from *root* in toctree order, without recursion (a
    long chain of pages is no reason to fail either).
    """
    found: list[tuple[str, str]] = []
    on_path: set[str] = {root}
    done: set[str] = set()
    stack = [(root, iter(includes.get(root, ())))]
    while stack:
        page, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            on_path.discard(page)
            done.add(page)
        elif entry in on_path:
            if (page, entry) not in found:  # an entry listed twice loops once
                found.append((page, entry))
        elif entry not in done:
            on_path.add(entry)
            stack.append((entry, iter(includes.get(entry, ()))))
    return found


def toctree_line(env: BuildEnvironment, page: str, entry: str) -> int:
    """Return the line of the toctree of *page* that lists *entry* (0: its doctree does not say)."""
    for toctree in env.get_doctree(page).findall(addnodes.toctree):
        if entry in toctree.get("includefiles", ()):
            return line_of(toctree)
    return 0


def cut_cycles(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: leave out of the relations each entry that loops back.

    No public API: the relations are made from ``env.toctree_includes``,
    which this edits; pinned in ``tests/test_pinned_internals.py``.

    Each loop warns once a build, though a page read again between the two
    passes (a programme's) brings its entries back to be cut again.
    """
    cut: set[tuple[str, str]] = getattr(env, CUT_EDGES, set())
    for page, entry in back_edges(env.config.root_doc, env.toctree_includes):
        env.toctree_includes[page] = [e for e in env.toctree_includes[page] if e != entry]
        if (page, entry) in cut:
            continue
        cut.add((page, entry))
        warn_loop(entry, (page, toctree_line(env, page, entry)))
    setattr(env, CUT_EDGES, cut)


def warn_loop(entry: str, location: AnyLocation) -> None:
    """Warn about a toctree entry that leads back: the same words wherever it is cut."""
    warn(
        "toctree entry %r leads back to a page above this one: left out of the"
        " navigation (previous/next and parents), as a loop would stop the build",
        entry,
        subtype="toctree_cycle",
        location=location,
    )


def reread_cut_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the pages cut last time are read again, and checked anew."""
    cut: set[tuple[str, str]] = getattr(env, CUT_EDGES, set())
    setattr(env, CUT_EDGES, set())
    return sorted({page for page, _entry in cut if page in env.found_docs})


def setup_toctree_cycles(app: Sphinx) -> None:
    """Register the cut: first at ``env-updated``, and after the pages read again there."""
    app.connect("env-updated", cut_cycles, priority=1)
    app.connect("env-updated", cut_cycles, priority=900)
    app.connect("env-get-outdated", reread_cut_pages)
