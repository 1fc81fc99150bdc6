"""The site's citation reference style: author-year in round brackets.

sphinxcontrib-bibtex's ``author_year`` style writes "[Godwin, 2013]"; notes
read better with "(Godwin, 2013)" and "Godwin (2013)".  Its documented way to
change that is a dataclass subclass registered as a referencing plugin; conf.py
selects it with ``bibtex_reference_style = "author_year_round"``.  Works with no
author show their title in italics, works with no year "n.d." (both built in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from confnotes.core.bibtext import plain_text
from pybtex.plugin import register_plugin as register_pybtex_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSortingStyle
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

#: Name to use in ``bibtex_reference_style``.
REFERENCE_STYLE = "author_year_round"
#: Name to use in ``bibtex_default_style``: pybtex's ``plain``, titles sorted
#: without regard to case or braces.
FORMATTING_STYLE = "plain_casefold"
SORTING_STYLE = "author_year_title_casefold"


def _round() -> BracketStyle:
    """Round brackets, the usual ones for author-year citations."""
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """``author_year`` with round brackets (``:cite:label:`` keeps "[1]" as listed)."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


class CaseInsensitiveSortingStyle(AuthorYearTitleSortingStyle):  # type: ignore[misc]
    """pybtex's author, year, title order, with titles compared as readers read them.

    pybtex compares raw titles: ``{The Twelve-Factor App}`` sorted before
    ``{python.pp}`` because "T" < "p" and braces count. Authors are already
    compared in lowercase.
    """

    def sorting_key(self, entry: Any) -> tuple[str, str, str]:
        """Sort key: author, year, then the title's plain text, case-folded."""
        author, year, title = super().sorting_key(entry)
        return author, year, plain_text(title).casefold()


class CaseInsensitivePlainStyle(PlainStyle):  # type: ignore[misc]
    """pybtex's ``plain`` formatting with :class:`CaseInsensitiveSortingStyle`."""

    default_sorting_style = SORTING_STYLE


def register() -> None:
    """Make the styles known to sphinxcontrib-bibtex and pybtex (before builder-inited)."""
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing",
        REFERENCE_STYLE,
        RoundAuthorYearReferenceStyle,
        force=True,
    )
    register_pybtex_plugin("pybtex.style.sorting", SORTING_STYLE, CaseInsensitiveSortingStyle)
    register_pybtex_plugin("pybtex.style.formatting", FORMATTING_STYLE, CaseInsensitivePlainStyle)
