"""The real site keeps every rule of ``site_rules``, and each rule notices when it breaks.

The same rules run on the random contributors' copies (``test_contributor.py``).
Each rule is shown to fail on a copy of the build with one thing broken, the
thing chosen from the sources (never a named talk of today's site).
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from site_rules import RULES, SCAFFOLD, Site, Sources, talk_anchor

Build = Callable[..., tuple[Path, str]]


@pytest.fixture(scope="module")
def site(build_site: Build, site_dir: Path) -> Site:
    return Site(Sources(site_dir), build_site("html")[0])


@pytest.mark.parametrize("rule", list(RULES))
def test_the_site_keeps_the_rule(site: Site, rule: str) -> None:
    RULES[rule](site)


def edit(html: Path, page: str, change: Callable[[BeautifulSoup], None]) -> None:
    """Change one built page in place."""
    soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "lxml")
    change(soup)
    (html / page).write_text(str(soup), encoding="utf-8")


def first(soup: BeautifulSoup, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert isinstance(found, Tag), selector
    return found


def break_header(site: Site, html: Path) -> None:
    page, anchor = talk_anchor(site.sources.talks[0])
    edit(html, page, lambda s: first(s, f"#{anchor}").attrs.pop("id"))


def break_programme(site: Site, html: Path) -> None:
    edit(html, "index.html", lambda s: first(s, ".conf-programme-talk").decompose())


def break_lightning(site: Site, html: Path) -> None:
    edit(html, "lightning.html", lambda s: first(s, ".conf-lightning-talk").decompose())


def break_speakers(site: Site, html: Path) -> None:
    edit(html, "speakers.html", lambda s: first(s, ".conf-speaker-talks li").decompose())


def break_glossary(site: Site, html: Path) -> None:
    edit(html, "tools.html", lambda s: first(s, "ul.conf-mentions li").decompose())


def break_previous_next(site: Site, html: Path) -> None:
    page = f"{site.sources.page_order[0]}.html"
    edit(html, page, lambda s: first(s, ".related-pages a.next-page").attrs.update(href="x.html"))


def break_citation(site: Site, html: Path) -> None:
    edit(html, "bibliography.html", lambda s: first(s, "div.citation").decompose())


def break_bibliography_order(site: Site, html: Path) -> None:
    def swap(soup: BeautifulSoup) -> None:
        citations = soup.select("div.citation")
        citations[0].insert_before(citations[1].extract())

    edit(html, "bibliography.html", swap)


def break_internal_link(site: Site, html: Path) -> None:
    def dangle(soup: BeautifulSoup) -> None:
        link = soup.new_tag("a", href="speakers.html#no-such-anchor")
        link.string = "dangling"
        first(soup, '[role="main"]').append(link)

    edit(html, "index.html", dangle)


def break_export(site: Site, html: Path) -> None:
    data = json.loads((html / "conference.json").read_text(encoding="utf-8"))
    data["talks"].pop()
    (html / "conference.json").write_text(json.dumps(data), encoding="utf-8")


def break_placeholder(site: Site, html: Path) -> Site:
    """Sources (the site's settings) with a talk page that keeps the scaffold's introduction."""
    root = html.parent / "src"
    (root / "talks").mkdir(parents=True)
    shutil.copyfile(site.sources.root / "conf.py", root / "conf.py")
    wrapped = textwrap.fill(SCAFFOLD.INTRO_PLACEHOLDER, 40)  # wrapped, as the scaffold does
    (root / "talks" / "new.rst").write_text(f"New\n===\n\n{wrapped}\n", encoding="utf-8")
    return Site(Sources(root), html)


BREAKS: dict[str, Callable[[Site, Path], Site | None]] = {
    "every_talk_page_has_its_header": break_header,
    "programme_lists_every_talk_by_day_in_order": break_programme,
    "lightning_index_lists_every_lightning_talk": break_lightning,
    "speakers_and_talks_link_both_ways": break_speakers,
    "glossary_links_every_mention_back": break_glossary,
    "previous_and_next_follow_the_programme": break_previous_next,
    "every_citation_resolves": break_citation,
    "bibliography_lists_works_without_authors_first_by_title": break_bibliography_order,
    "every_internal_link_resolves": break_internal_link,
    "export_holds_what_the_sources_declare": break_export,
    "no_page_keeps_a_placeholder_of_the_scaffold": break_placeholder,
}


def test_every_rule_has_a_break() -> None:
    assert set(BREAKS) == set(RULES)


@pytest.mark.parametrize("rule", list(RULES))
def test_the_rule_notices_a_break(site: Site, rule: str, tmp_path: Path) -> None:
    html = Path(shutil.copytree(site.html, tmp_path / "html"))
    broken = BREAKS[rule](site, html) or Site(site.sources, html)
    with pytest.raises(AssertionError):
        RULES[rule](broken)


def test_role_targets_read_any_spelling_as_the_roles_do(tmp_path: Path) -> None:
    """``:tool:`Celery``` links ``celery``: the rules must expect that link, not ``Celery``."""
    (tmp_path / "conf.py").write_text('extensions = ["myst_parser"]\n', encoding="utf-8")
    (tmp_path / "a.rst").write_text(
        "A\n=\n\n:tool:`Celery`, :conf:tool:`the queue <Task Queue>`, :tool:`!Py PI`.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.md").write_text("# B\n\n{tool}`Café` and {tool}`--`.\n", encoding="utf-8")
    assert Sources(tmp_path).role_targets("tool") == {
        "a": {"celery", "task-queue", "py-pi"},
        "b": {"cafe"},
    }
