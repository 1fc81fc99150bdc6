"""The bibliography sorts titles as readers read them: case and braces do not count.

The order is pybtex's ``plain`` one (author, year, title), with titles compared
as plain, case-folded text (``confnotes_bib.style``). Works without an author
have an empty author key, so they come first, by year, then by title. The
test root pins each case; the real site's page must follow the same rule for
whatever ``references.bib`` holds, so the expected order is read from that
file with pybtex, never written down here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bib_order import assert_follows_the_rule
from bs4 import BeautifulSoup
from docutils.nodes import make_id
from pybtex.database import BibliographyData, Entry, Person, parse_file


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


def test_works_without_an_author_come_first() -> None:
    from confnotes_bib.style import CaseInsensitiveSortingStyle

    style = CaseInsensitiveSortingStyle()
    authored = Entry("misc", fields={"title": "a"}, persons={"author": [Person("Godwin, Andrew")]})
    assert style.sort([authored, untitled("Zeta")]) == [untitled("Zeta"), authored]


# -- the rule, read from a .bib file (bib_order) ----------------------------------------


def listed_keys(page: Path, bibdata: BibliographyData, cite_id: str) -> list[str]:
    """The keys of the citation list on *page*, in page order (ids made as bibtex makes them)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    ids = [str(c["id"]) for c in soup.select("div.citation")]
    key_of = {
        make_id(cite_id.format(bibliography_count=1, key=key)): key for key in bibdata.entries
    }
    assert len(key_of) == len(bibdata.entries), "two keys make the same citation id"
    assert set(ids) == set(key_of), (sorted(set(ids) ^ set(key_of)), "listed vs in the .bib")
    return [key_of[i] for i in ids]


@pytest.mark.sphinx("html", testroot="bib-sort", freshenv=True)
def test_root_bibliography_order(app: Any) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    bibdata = parse_file(str(Path(app.srcdir) / "refs.bib"))
    order = listed_keys(Path(app.outdir) / "index.html", bibdata, app.config.bibtex_cite_id)
    assert order == [
        # no author, no year: by title, case and braces ignored ("python.pp" before
        # "The Twelve-Factor App", "aardvark" before "Chaussette")
        "aaa-no-author",
        "chaussette",
        "circus",
        "owasp-appsensor",
        "traff-pythonpp",
        "twelvefactor",
        # no author, a year: after those without one, whatever the title
        "almanac",
        # authors: by last name ("van Rossum" under v), year, then title, case ignored
        "bernhardt2012boundaries",
        "godwin-diaries",  # "django diaries" before "Migrating the Future"
        "godwin-migrating",
        "edited",  # a book without an author sorts by its editor, "Itor"
        "vanrossum",
    ]
    assert_follows_the_rule(order, bibdata)


@pytest.mark.slow
def test_site_bibliography_follows_the_rule(
    build_site: Callable[..., tuple[Path, str]], site_dir: Path
) -> None:
    """``bibliography.html`` lists every work of ``references.bib`` in the rule's order."""
    outdir = build_site("html")[0]
    bibdata = parse_file(str(site_dir / "references.bib"))
    conf = (site_dir / "conf.py").read_text(encoding="utf-8")
    cite_id = re.search(r"^bibtex_cite_id\s*=\s*\"([^\"]+)\"", conf, re.M)
    assert cite_id, "conf.py sets no bibtex_cite_id"
    order = listed_keys(outdir / "bibliography.html", bibdata, cite_id[1])
    assert_follows_the_rule(order, bibdata)
