"""The site's citation reference style: author-year in round brackets.

sphinxcontrib-bibtex's ``author_year`` style writes "[Godwin, 2013]"; notes
read better with "(Godwin, 2013)" and "Godwin (2013)".  Its documented way to
change that is a dataclass subclass registered as a referencing plugin; conf.py
selects it with ``bibtex_reference_style = "author_year_round"``.  Works with no
author show their title in italics, works with no year "n.d." (both built in).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

#: Name to use in ``bibtex_reference_style``.
REFERENCE_STYLE = "author_year_round"


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


def register() -> None:
    """Make the style known to sphinxcontrib-bibtex (before builder-inited)."""
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing",
        REFERENCE_STYLE,
        RoundAuthorYearReferenceStyle,
        force=True,
    )
