"""An incremental build writes the search index a fresh build writes.

Sphinx's search index (``searchindex.js``) lists the general index's
entries (``indexentries``: every talk, speaker and tool, and any ``index``
directive) so the search page finds them. The indexer collects them while
writing each page; on an incremental build it reloads the previous
``searchindex.js`` for the pages it does not write again, but that reload
skips ``indexentries`` (Sphinx issue 12599, in any project), so after one
edit the index has only the entries of the pages just written.

:func:`restore_index_entries` runs after every page is written and before
the index is dumped (``html-collect-pages``), and gives each page that was
not written again the entries the previous ``searchindex.js`` had for it:
those are exactly what the indexer collected from that page, which has not
changed since. Then the entries are put in page order, as a full build
collects them.

A word an edit takes out of the last page that had it stays in the index
with no page (``"kopernik": []``: the indexer takes the edited page out of
each word's pages but keeps the word; Sphinx does so in any project);
:func:`drop_words_of_no_page` leaves it out, as a fresh build does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: ``(entry, target id, "main" or "")``, as the indexer stores one entry of a page
Entry = tuple[str, str, str]


def previous_entries(path: Path, indexer: Any, fmt: Any) -> dict[str, list[Entry]]:
    """Return the entries of each page in the ``searchindex.js`` at *path*, if it is readable."""
    try:
        with path.open(encoding="utf-8") as handle:
            frozen = fmt.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(frozen, dict) or frozen.get("envversion") != indexer._env_version:
        return {}  # another Sphinx's index: the indexer did not load it either
    docnames = frozen.get("docnames", ())
    found: dict[str, list[Entry]] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for index, target, main in places:
            found.setdefault(docnames[index], []).append((entry, target, "main" if main else ""))
    return found


def search_titles(app: Sphinx) -> dict[str, str | None] | None:
    """Return the search index's page titles (docname -> title as HTML), before the dump.

    No public API: the indexer's ``_titles``, dumped after
    ``html-collect-pages`` like the entries above (pinned in
    ``tests/test_pinned_internals.py``). ``None`` for builders without one.
    """
    titles = getattr(getattr(app.builder, "indexer", None), "_titles", None)
    return titles if isinstance(titles, dict) else None


def restore_index_entries(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: give the pages not written this time their index entries back.

    No public API: the entries are the indexer's ``_index_entries``
    (docname -> ``(entry, target id, "main" or "")``), which Sphinx dumps
    after ``html-collect-pages``; the previous index is read back as Sphinx
    reads it (``searchindex_filename``, ``indexer_format``, ``envversion``
    against the indexer's ``_env_version``). The one place; pinned in
    ``tests/test_pinned_internals.py``.
    """
    builder = app.builder
    indexer = getattr(builder, "indexer", None)
    if indexer is None or not hasattr(indexer, "_index_entries"):
        return []
    collected: dict[str, list[Entry]] = indexer._index_entries
    missing = [d for d in app.env.all_docs if d not in collected]
    if missing:
        path = Path(builder.outdir, builder.searchindex_filename)  # type: ignore[attr-defined]
        before = previous_entries(path, indexer, builder.indexer_format)  # type: ignore[attr-defined]
        for docname in missing:
            if docname in before:
                collected[docname] = sorted(set(before[docname]))
    # page order, as a full build collects them (it writes pages in sorted order)
    ordered = sorted(collected.items())
    collected.clear()
    collected.update(ordered)
    return []


def drop_words_of_no_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: leave out of the search index the words no page has any more.

    No public API: the indexer's ``_mapping`` and ``_title_mapping`` (word ->
    docnames), dumped after ``html-collect-pages`` (pinned in
    ``tests/test_pinned_internals.py``).
    """
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):
        words = getattr(indexer, name, None)
        if isinstance(words, dict):
            for word in [word for word, pages in words.items() if not pages]:
                del words[word]
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the repairs of the search index."""
    app.connect("html-collect-pages", restore_index_entries)
    app.connect("html-collect-pages", drop_words_of_no_page)
    return metadata()
