"""The bibliography's order, read from a ``.bib`` file with pybtex: one rule for the tests.

pybtex's ``plain`` order (author, or a book's editor; year; title) with titles
compared as readers read them, case-folded (``confnotes_bib.style``). Works
whose key has no person come first. ``test_bib_sort`` pins it on a root and
``site_rules`` holds any site to it, whatever ``references.bib`` holds.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from pybtex.database import BibliographyData, Entry, Person
from pybtex.richtext import Text


def _persons_key(persons: Iterable[Person]) -> str:
    """pybtex's author key: last names (with "van", "de"...), then first names, lowercase."""
    return "   ".join(
        "  ".join(
            (
                " ".join(p.prelast_names + p.last_names),
                " ".join(p.first_names + p.middle_names),
                " ".join(p.lineage_names),
            )
        ).lower()
        for p in persons
    )


def reading_key(entry: Entry) -> tuple[str, str, str]:
    """Author (or, for a book, editor), year, and the title as a reader sees it, case-folded."""
    persons = entry.persons.get("author") or (
        entry.persons.get("editor") if entry.type in ("book", "inbook") else None
    )
    title = Text.from_latex(entry.fields.get("title", "")).render_as("text")
    return (_persons_key(persons or ()), entry.fields.get("year", ""), title.casefold())


def expected_order(bibdata: BibliographyData) -> list[str]:
    """The keys in the order the bibliography must list them (ties: the file's order)."""
    return sorted(bibdata.entries, key=lambda key: reading_key(bibdata.entries[key]))


def assert_follows_the_rule(order: list[str], bibdata: BibliographyData) -> None:
    """The order is the rule's; said piece by piece so a failure names what broke."""
    entries = bibdata.entries
    unauthored = [k for k in order if not reading_key(entries[k])[0]]
    assert order[: len(unauthored)] == unauthored, "a work with an author precedes one without"
    for before, after in itertools.pairwise(order):
        key_a, key_b = reading_key(entries[before]), reading_key(entries[after])
        assert key_a <= key_b, f"{before} {key_a} is listed before {after} {key_b}"
    assert order == expected_order(bibdata)
