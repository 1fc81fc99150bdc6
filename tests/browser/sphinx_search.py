"""Sphinx's search page, as the browser tests wait for it.

A module of its own rather than names in ``conftest``: ``tests/`` has a
``conftest`` too, and whichever pytest loaded last owns that name.
"""

from __future__ import annotations

#: True once the search has finished (its status line is written, after the
#: last result) and every result without a description has the summary its
#: page's text gives (fetched page by page, after the list is shown).
SEARCH_DONE_JS = """() => {
  const status = document.querySelector('#search-results .search-summary');
  if (!status || !status.textContent.trim()) return false;
  if (!DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY) return true;
  return [...document.querySelectorAll('#search-results ul.search > li')]
    .every((li) => li.querySelector(':scope > span, :scope > p.context'));
}"""
