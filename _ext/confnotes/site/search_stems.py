"""The English search stemmer, with each word stemmed once per build.

Sphinx's indexer stems every word of every page it writes, with a memo that
lasts one page; snowballstemmer's English stemmer is pure Python (about 70
microseconds a word without PyStemmer). A conference repeats its words from
page to page: at 200 talks, 23,665 stems were asked for and 3.4 s (profiled)
spent on them, in the main process even with ``-j 2``, where Sphinx feeds the
index page by page while the workers render. The language below is Sphinx's
English one with a memo for the length of a build; the index it writes is
the same (a test compares the two stemmers on every word of a project).
Registered with Sphinx's ``add_search_language``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.search.en import SearchEnglish

from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class MemoisedEnglish(SearchEnglish):
    """Sphinx's English search language; each word is stemmed once per indexer."""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        #: word -> its stem, for the life of this indexer (one build)
        self.stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """Return Sphinx's English stem of *word*, computed once."""
        try:
            return self.stems[word]
        except KeyError:
            stem = self.stems[word] = super().stem(word)
            return stem


def setup(app: Sphinx) -> dict[str, Any]:
    """Make it the search language for English."""
    app.add_search_language(MemoisedEnglish)
    return metadata()
