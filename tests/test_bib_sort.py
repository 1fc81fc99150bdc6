"""The bibliography sorts titles as readers read them: case and braces do not count."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import Entry, Person


def untitled(title: str, year: str = "") -> Entry:
    return Entry("misc", fields={"title": title, **({"year": year} if year else {})})


def test_titles_sort_case_insensitively() -> None:
    from confnotes_bib.style import CaseInsensitiveSortingStyle

    style = CaseInsensitiveSortingStyle()
    entries = [
        untitled("{The Twelve-Factor App}"),
        untitled("django-test-db"),
        untitled("{python.pp}"),
        untitled("Circus"),
    ]
    titles = [e.fields["title"] for e in style.sort(entries)]
    assert titles == ["Circus", "django-test-db", "{python.pp}", "{The Twelve-Factor App}"]


def test_authors_still_come_first() -> None:
    from confnotes_bib.style import CaseInsensitiveSortingStyle

    style = CaseInsensitiveSortingStyle()
    authored = Entry("misc", fields={"title": "a"}, persons={"author": [Person("Godwin, Andrew")]})
    assert style.sort([authored, untitled("Zeta")]) == [untitled("Zeta"), authored]


@pytest.mark.slow
def test_site_bibliography_lists_untitled_works_case_insensitively(
    build_site: Callable[..., tuple[Path, str]],
) -> None:
    outdir = build_site("html")[0]
    soup = BeautifulSoup((outdir / "bibliography.html").read_text(encoding="utf-8"), "lxml")
    ids = [c["id"] for c in soup.select("div.citation")]
    # works with no author come first (pybtex's author key is empty), by title
    assert ids[:6] == [
        "cite-1-chaussette",
        "cite-1-circus",
        "cite-1-fauxo",
        "cite-1-owasp-appsensor",
        "cite-1-traff-pythonpp",  # "python.pp" before "The Twelve-Factor App"
        "cite-1-twelvefactor",
    ]
