"""A page has one place in the navigation: a second toctree that lists it leaves it out.

Sphinx lets any page's toctree list any page. A talk page with ``..
toctree:: :glob: *`` listed every other talk, which the programme lists
already; Sphinx only said so at INFO level ("referenced in multiple
toctrees") and chose the talk page as their parent. The PDF, the e-book and
the single-page build follow the toctrees from the front page and put each
page where they first meet it, so every talk after that one became a part of
its chapter.

Each page's place is the first toctree that lists it, in a walk from the
front page breadth first, in toctree order (the page nearest the front page
keeps it), except that a page a programme lists is the programme's: the
programme orders the talks. Once every page is read (``env-updated``, before
``toctree_cycles`` looks for loops, and again after the programme's pages
are read again), an entry of any other toctree that names a page placed
elsewhere is noted, and its page is read again: its toctree then leaves the
entry out, with a warning ``confnotes.listed_twice`` at the toctree's line.
An entry that leads back to the page itself or a page above it (its place,
its place's place...) is left out the same way, with ``toctree_cycles``'
warning ``confnotes.toctree_cycle``: no builder then meets the loop (the
e-book's navigation stopped the build on one, and the other builders warned
about it without a line). A programme's toctrees are left as they are: two
pages may show the whole programme, and its plan says what each lists.

What each toctree lists as written (:class:`WrittenToctrees`, kept per page
like any environment data) decides the places, so an entry left out comes
back as soon as its other place goes, and the result does not depend on the
order pages were read in, on ``-j``, or on what an incremental build read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from confnotes.core.collectors import PerPageCollector
from confnotes.core.locations import written_at
from confnotes.core.validation import warn
from confnotes.core.views.programme import is_programme_toctree, reread
from confnotes.site.safety.toctree_cycles import warn_loop

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: the environment's ``{page: {entry its toctrees leave out: the page that places it}}``
LEFT_OUT = "confnotes_toctree_left_out"
#: the place noted for an entry that leads back to its page or a page above it
ABOVE = ""
#: a toctree node's entries as written, before any was left out
WRITTEN = "confnotes_written"


def left_out(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """Return the entries each page's toctrees leave out, as decided after the last reading."""
    if not hasattr(env, LEFT_OUT):
        setattr(env, LEFT_OUT, {})
    found: dict[str, dict[str, str]] = getattr(env, LEFT_OUT)
    return found


class LeaveOutSecondPlaces(SphinxTransform):
    """Leave out of this page's toctrees the entries that name a page placed elsewhere."""

    #: after the unsafe URLs are removed (200), before Sphinx keeps the toctrees (doctree-read)
    default_priority = 210

    def apply(self, **kwargs: Any) -> None:
        """Remove the noted entries; keep what each toctree listed as written."""
        noted = left_out(self.env).get(self.env.docname, {})
        for toctree in self.document.findall(addnodes.toctree):
            if is_programme_toctree(toctree):
                continue
            written = list(toctree.get("includefiles", ()))
            toctree[WRITTEN] = written
            by_place: dict[str, list[str]] = {}
            for entry in written:
                if entry in noted and entry not in by_place.get(noted[entry], ()):
                    by_place.setdefault(noted[entry], []).append(entry)
            location = written_at(self.env, toctree)
            for entry in by_place.pop(ABOVE, []):
                warn_loop(entry, location)
            for place, entries in by_place.items():
                warn(
                    "toctree %s %s left out: %r lists %s already, and a page has one place in"
                    " the navigation (the PDF and the e-book would move %s under this page)",
                    "entry" if len(entries) == 1 else "entries",
                    ", ".join(map(repr, entries)),
                    place,
                    *(("that page", "it") if len(entries) == 1 else ("those pages", "them")),
                    subtype="listed_twice",
                    location=location,
                )
            toctree["includefiles"] = [e for e in written if e not in noted]
            toctree["entries"] = [(t, ref) for t, ref in toctree["entries"] if ref not in noted]


class WrittenToctrees(PerPageCollector):
    """``{page: [(entry, whether a programme lists it), ...]}``, as written, in order."""

    attribute = "confnotes_toctrees_written"

    def collect(self, env: BuildEnvironment, docname: str, doctree: nodes.document) -> Any:
        """Return the page's toctree entries as written (empty: it has no toctree)."""
        return [
            (entry, is_programme_toctree(toctree))
            for toctree in doctree.findall(addnodes.toctree)
            for entry in toctree.get(WRITTEN, toctree.get("includefiles", ()))
        ]


#: ``{page: [(entry, whether a programme's toctree lists it), ...]}``
Written = dict[str, list[tuple[str, bool]]]


def walk(root: str, written: Written, follows: Callable[[str, bool], bool]) -> dict[str, str]:
    """Return ``{page: the page that lists it first}``, breadth first from *root*.

    Only the entries *follows* accepts (given the entry and whether a
    programme lists it) are followed.
    """
    placed: dict[str, str] = {root: ""}
    queue = deque([root])
    while queue:
        page = queue.popleft()
        for entry, generated in written.get(page, ()):
            if entry not in placed and follows(entry, generated):
                placed[entry] = page
                queue.append(entry)
    return placed


def places(root: str, written: Written) -> dict[str, str]:
    """Return ``{page: the page whose toctree places it}``.

    A page a programme lists (on any page the front page leads to) is that
    programme's: the programme orders the talks, and the PDF would otherwise
    follow another toctree to them first. Every other page is the first
    toctree's that lists it, breadth first from *root*, in toctree order.
    """
    reached = walk(root, written, lambda entry, generated: True)
    by_programme = {
        entry for page in reached for entry, generated in written.get(page, ()) if generated
    }
    return walk(root, written, lambda entry, generated: generated or entry not in by_programme)


def is_above(entry: str, page: str, placed: dict[str, str]) -> bool:
    """Whether *entry* is *page* or a page above it (its place, its place's place...)."""
    current = page
    while current:
        if current == entry:
            return True
        current = placed[current]
    return False


def second_places(root: str, written: Written) -> dict[str, dict[str, str]]:
    """Return ``{page: {entry: its place, or ABOVE}}`` for the entries to leave out.

    The entries of placed pages that name a page placed elsewhere, or that
    lead back to the page or one above it (:data:`ABOVE`); not a programme's.
    """
    placed = places(root, written)
    found: dict[str, dict[str, str]] = {}
    for page in placed:
        for entry, generated in written.get(page, ()):
            if generated or entry not in placed or placed[entry] == page:
                continue
            place = ABOVE if is_above(entry, page, placed) else placed[entry]
            found.setdefault(page, {})[entry] = place
    return found


def note_second_places(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: read again each page whose entries to leave out changed.

    Not for a build that read nothing: the written toctrees are as before.
    """
    wanted = second_places(env.config.root_doc, WrittenToctrees.data(env))
    noted = left_out(env)
    changed = sorted(page for page in {*wanted, *noted} if wanted.get(page) != noted.get(page))
    setattr(env, LEFT_OUT, wanted)
    changed = [page for page in changed if page in env.found_docs]
    for page in changed:
        reread(app, env, page)
    return changed


def setup_toctree_places(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(LeaveOutSecondPlaces)
    app.add_env_collector(WrittenToctrees)
    # before toctree_cycles looks for loops (1), so that it sees the toctrees without
    # the entries left out here; again after the programme's pages are read again (500)
    # and before the targets are registered (800)
    app.connect("env-updated", note_second_places, priority=0)
    app.connect("env-updated", note_second_places, priority=700)
