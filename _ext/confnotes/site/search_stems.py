"""The English search stemmer, with each word stemmed once per build.

Sphinx's indexer stems every word of every page it writes, with a memo that
lasts one page; snowballstemmer's English stemmer is pure Python (about 70
microseconds a word without PyStemmer). A conference repeats its words from
page to page: at 200 talks, 23,665 stems were asked for and 3.4 s (profiled)
spent on them, in the main process even with ``-j 2``, where Sphinx feeds the
index page by page while the workers render. The language below is Sphinx's
English one with a memo for the length of a build; the index it writes is
the same (a test compares it, byte for byte, with one written by Sphinx's
English). Registered with Sphinx's ``add_search_language``, which replaces
the English language for the whole process: only while English is still
Sphinx's own, so a language a project or another extension registered is
left alone (and used as it is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.search import languages
from sphinx.search.en import SearchEnglish
from sphinx.util import logging

from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: how Sphinx names its English language in ``sphinx.search.languages``
SPHINX_ENGLISH = (SearchEnglish, "sphinx.search.en.SearchEnglish")


class MemoisedEnglish(SearchEnglish):
    """Sphinx's English search language; each word is stemmed once per indexer."""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        #: word -> its stem, for the life of this indexer (one build)
        self.stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """Return Sphinx's English stem of *word*, computed once (it is case-blind)."""
        key = word.lower()
        try:
            return self.stems[key]
        except KeyError:
            stem = self.stems[key] = super().stem(key)
            return stem


def setup(app: Sphinx) -> dict[str, Any]:
    """Make it the search language for English, unless English is already someone else's."""
    english = languages.get("en")
    if english is MemoisedEnglish or english in SPHINX_ENGLISH:
        app.add_search_language(MemoisedEnglish)
    else:
        logger.verbose("search: English is %r, not Sphinx's: left as it is", english)
    return metadata()
