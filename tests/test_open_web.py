"""The site on the open web: link previews, description, canonical URL, sitemap, robots, 404.

Builds of the real site, shared with the rest of the suite: a local one (no
root URL known, ``build_site``), one by Read the Docs' own command
(``READTHEDOCS_CANONICAL_URL`` set, ``read_the_docs_build``), one on Read the
Docs without that URL and one with ``-D html_baseurl`` (``build_site``).
Pages are parsed, never matched as text; which pages are talk pages, and
what each talk's preview and JSON-LD must say, is read from the sources (and
the export of the same build), so any talk a contributor adds is checked the
same way.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup, Tag
from project_scripts import import_script
from site_rules import Sources, shown_name, speaker_ids

SITE = Path(__file__).parent.parent
SCAFFOLD = import_script(SITE / "scripts" / "new_talk.py")
CANONICAL = "https://notes.example.org/en/latest/"
BASEURL = "https://notes.example.org/circus"
NOT_IN_SITEMAP = {"search.html", "genindex.html", "404.html"}
UNKNOWN = "unknown"
Build = Callable[..., tuple[Path, str]]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_html(build_site: Build) -> Path:
    return build_site("html")[0]


@pytest.fixture(scope="module")
def rtd_html(read_the_docs_build: Any) -> Path:
    """The site built by Read the Docs' own command, its canonical URL set (shared with
    ``test_site_builders``, which checks the command)."""
    assert read_the_docs_build.returncode == 0, read_the_docs_build.stderr
    assert read_the_docs_build.canonical_url == CANONICAL
    return Path(read_the_docs_build.outdir)


@functools.cache
def soup_of(path: Path) -> BeautifulSoup:
    """The parsed page, parsed once a run (the builds are shared and never change; no test
    changes a parsed page: ``page_heading`` reads a copy)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def meta(soup: BeautifulSoup) -> dict[str, str]:
    """``property``/``name`` -> ``content`` of the page's meta tags."""
    found: dict[str, str] = {}
    for tag in soup.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            assert key not in found or key == "viewport", f"duplicate meta {key}"
            found[key] = tag.get("content", "")
    return found


def content_pages(outdir: Path) -> list[str]:
    return sorted(
        p.relative_to(outdir).as_posix()
        for p in outdir.rglob("*.html")
        if not p.relative_to(outdir).parts[0].startswith(("_", "."))
    )


def conf_value(name: str) -> str:
    """A string setting of conf.py, read as text (conf.py is configuration, not content)."""
    match = re.search(rf"^{name}\s*=\s*\"([^\"]*)\"", (SITE / "conf.py").read_text("utf-8"), re.M)
    assert match, f"conf.py sets no {name}"
    return match[1]


def docname_of(path: Path) -> str:
    return path.relative_to(SITE).with_suffix("").as_posix()


def talks_declared() -> list[Any]:
    """Every ``talk`` directive of the sources, as the scaffold reads them."""
    return list(SCAFFOLD.find_declarations(SITE, "talk"))


def talk_pages() -> dict[str, list[Any]]:
    """``page.html`` -> the talks it declares, in source order."""
    pages: dict[str, list[Any]] = {}
    for decl in talks_declared():
        pages.setdefault(f"{docname_of(decl.path)}.html", []).append(decl)
    return pages


def heads_its_page(soup: BeautifulSoup, talk_id: str) -> bool:
    """The talk is declared under the page's title (not in a section of its own)."""
    header = soup.find(id=f"conf-talk-{talk_id}")
    assert isinstance(header, Tag), talk_id
    section = header.find_parent("section")
    return section is not None and section.find(re.compile(r"^h[1-6]$")).name == "h1"


def page_heading(soup: BeautifulSoup) -> str:
    found = soup.select_one("article h1") or soup.find("h1")
    assert isinstance(found, Tag)
    h1 = copy.copy(found)  # the page itself stays whole (soup_of parses it once)
    for mark in h1.select("a.headerlink"):
        mark.decompose()
    return " ".join(h1.get_text(" ", strip=True).split())


def export_of(outdir: Path) -> dict[str, dict[str, Any]]:
    """The build's own ``conference.json`` talks, by id (its description is the talk's intro)."""
    data = json.loads((outdir / "conference.json").read_text(encoding="utf-8"))
    return {t["slug"]: t for t in data["talks"]}


def is_shortened(text: str, full: str, limit: int = 200) -> bool:
    """*text* is *full*, or *full* cut at a word to at most *limit* characters plus "…"."""
    if len(full) <= limit:
        return text == full
    return len(text) <= limit and text.endswith("…") and full.startswith(text[:-1])


def test_talk_page_preview_is_its_title_and_introduction(local_html: Path) -> None:
    """Each page a talk heads: its title, and its talk's introduction (not the metadata)."""
    intros = {talk_id: talk["description"] for talk_id, talk in export_of(local_html).items()}
    site_name = conf_value("project")
    headed = 0
    for page, decls in talk_pages().items():
        soup = soup_of(local_html / page)
        tags = meta(soup)
        assert tags["og:title"] == page_heading(soup), page
        assert tags["og:site_name"] == site_name
        assert tags["og:type"] == "website"
        assert tags["og:description"] == tags["description"], page
        head = next((d for d in decls if heads_its_page(soup, d.ident)), None)
        if head is None or not intros[head.ident]:
            continue  # described as any page (every page has a description, below)
        headed += 1
        assert is_shortened(tags["description"], intros[head.ident]), page
    assert headed, "no talk page was checked"


def test_every_page_has_a_description_and_title(local_html: Path) -> None:
    pages = content_pages(local_html)
    assert {"index.html", "search.html", "genindex.html", "404.html"} <= set(pages)
    assert {f"{page}" for page in talk_pages()} <= set(pages)
    for name in pages:
        tags = meta(soup_of(local_html / name))
        assert tags.get("description", "").strip(), f"{name}: no description"
        assert tags.get("og:title", "").strip(), f"{name}: no og:title"
        assert tags.get("og:description") == tags["description"], name


def test_no_url_is_made_up_without_a_root_url(local_html: Path) -> None:
    """Local build: no canonical link, no relative og:url/og:image, no sitemap."""
    for name in content_pages(local_html):
        soup = soup_of(local_html / name)
        assert soup.head.find("link", rel="canonical") is None, name
        tags = meta(soup)
        assert "og:url" not in tags and "og:image" not in tags, name
    assert not (local_html / "sitemap.xml").exists()
    robots = (local_html / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[:2] == ["User-agent: *", "Allow: /"]
    assert not any(line.lower().startswith("sitemap:") for line in robots)


def test_read_the_docs_build_has_canonical_url_and_image(rtd_html: Path) -> None:
    """Every page but the 404 one (served at any URL) has its canonical URL and the card."""
    image = CANONICAL + conf_value("ogp_image")
    for name in set(content_pages(rtd_html)) - {"404.html"}:
        soup = soup_of(rtd_html / name)
        canonical = soup.head.find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == CANONICAL + name, name
        tags = meta(soup)
        assert tags["og:url"] == CANONICAL + name, name
        assert tags["og:image"] == image, name
    for page in talk_pages():
        tags = meta(soup_of(rtd_html / page))
        assert tags["og:image:alt"], page
        assert tags["twitter:card"] == "summary_large_image", page
    card = rtd_html / conf_value("ogp_image")
    assert card.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = (int.from_bytes(card.read_bytes()[16 + i : 20 + i], "big") for i in (0, 4))
    assert (width, height) == (1200, 630)


def test_sitemap_lists_every_page(rtd_html: Path) -> None:
    root = ElementTree.parse(rtd_html / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text or "" for loc in root.findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(CANONICAL) for loc in locs)
    listed = {loc.removeprefix(CANONICAL) for loc in locs}
    assert listed == set(content_pages(rtd_html)) - NOT_IN_SITEMAP
    assert set(talk_pages()) <= listed
    robots = (rtd_html / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {CANONICAL}sitemap.xml" in robots


def test_404_page_works_at_any_depth(rtd_html: Path) -> None:
    """Read the Docs serves 404.html for /en/latest/a/b/c: every URL in it must be absolute."""
    soup = soup_of(rtd_html / "404.html")
    assert "not found" in soup.title.get_text().lower()
    prefix = urlsplit(CANONICAL).path
    urls = [tag.get("href") for tag in soup.find_all(["a", "link"]) if tag.get("href")]
    urls += [tag.get("src") for tag in soup.find_all(["script", "img"]) if tag.get("src")]
    local = [url for url in urls if not url.startswith(("http://", "https://", "#", "mailto:"))]
    assert local, "no local URL checked"
    relative = [url for url in local if not url.startswith(prefix)]
    assert not relative, relative
    assert any(url.startswith(prefix + "_static/") for url in local)


def sidebar_links(path: Path) -> list[str]:
    tree = soup_of(path).select_one(".sidebar-tree")
    assert tree is not None, path
    return [a["href"] for a in tree.select("a[href]")]


def test_404_page_has_the_sites_own_sidebar_with_absolute_links(rtd_html: Path) -> None:
    """Not Sphinx's global toctree (every talk), but the sidebar of any page outside a day."""
    prefix = urlsplit(CANONICAL).path
    on_404 = sidebar_links(rtd_html / "404.html")
    # a "More" page links the same entries (itself as "#"), relative to the root
    on_tools = sidebar_links(rtd_html / "tools.html")
    expected = [prefix + ("tools.html" if href == "#" else href) for href in on_tools]
    assert on_404 == expected
    linked = {urlsplit(href).path for href in on_404}
    assert not {prefix + page for page in talk_pages()} & linked


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """The page's JSON-LD items, each with the ``@context`` of its document (or ``@graph``)."""
    scripts = soup.find_all("script", type="application/ld+json")
    items: list[dict[str, Any]] = []
    for script in scripts:
        data = json.loads(script.string)
        for item in data["@graph"] if "@graph" in data else [data]:
            items.append({"@context": data["@context"], **item})
    return items


def test_talk_json_ld_is_an_event_with_performer_and_video(rtd_html: Path) -> None:
    """Each talk's Event says what its directive says, with absolute URLs."""
    sources = Sources(SITE)
    names, aliases = sources.speaker_declarations, sources.speaker_aliases
    intros = {talk_id: talk["description"] for talk_id, talk in export_of(rtd_html).items()}
    default_event = SCAFFOLD.default_event(SITE)
    by_title: dict[str, list[dict[str, Any]]] = {}
    for page, decls in talk_pages().items():
        events = {e["url"]: e for e in json_ld(soup_of(rtd_html / page))}
        for decl in decls:
            url = f"{CANONICAL}{page}#conf-talk-{decl.ident}"
            event = events[url]
            title = " ".join(decl.options["title"].split())
            assert event["@context"] == "https://schema.org"
            assert event["@type"] == "Event"
            assert event["name"] == title
            if decl.options.get("date", UNKNOWN) != UNKNOWN:
                assert event["startDate"] == decl.options["date"]
            event_name = decl.options.get("event") or default_event
            assert event["superEvent"] == {"@type": "Event", "name": event_name}
            speakers = [names[s] for s in speaker_ids(decl.options, aliases)]
            assert [(p["@type"], p["name"], p["url"]) for p in event.get("performer", [])] == [
                (
                    "Person",
                    shown_name(s.options),
                    f"{CANONICAL}{docname_of(s.path)}.html#conf-speaker-{s.ident}",
                )
                for s in speakers
            ], decl.ident
            video = decl.options.get("video")
            if video:
                assert event["recordedIn"] == {"@type": "VideoObject", "name": title, "url": video}
            else:
                assert "recordedIn" not in event, decl.ident
            assert event.get("description", "") == intros[decl.ident], decl.ident
            by_title.setdefault(title, []).append(event)
    # content fidelity (FACTS.md): Circus, by Tarek Ziadé, recorded on YouTube
    assert any(
        [p["name"] for p in event.get("performer", [])] == ["Tarek Ziadé"]
        and event.get("recordedIn", {}).get("url") == "https://www.youtube.com/watch?v=YEtTWeeRzUI"
        and event["startDate"] == "2013-05-15"
        and event["superEvent"]["name"] == "DjangoCon Europe 2013"
        for event in by_title["Circus: process & socket manager"]
    )


def test_json_ld_on_every_talk_page_and_lightning_page(local_html: Path) -> None:
    """One Event per talk a page declares (a lightning page has several), none elsewhere."""
    declared = talk_pages()
    aliases = Sources(SITE).speaker_aliases
    for name in content_pages(local_html):
        events = json_ld(soup_of(local_html / name))
        decls = declared.get(name, [])
        assert len(events) == len(decls), name
        assert all(e["@type"] == "Event" for e in events), name
        assert all("url" not in e for e in events), "a URL without a root URL"
        titles = [" ".join(d.options["title"].split()) for d in decls]
        assert sorted(e["name"] for e in events) == sorted(titles), name
        for decl in decls:
            event = next(e for e in events if e["name"] == " ".join(decl.options["title"].split()))
            if not speaker_ids(decl.options, aliases):
                assert "performer" not in event, decl.ident
            if not decl.options.get("video"):
                assert "recordedIn" not in event, decl.ident


def test_json_ld_script_cannot_be_closed_by_data() -> None:
    from confnotes.site.web.jsonld import script_json

    data = {"name": "</script><script>alert(1)</script> & <!-- x -->"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    html = f'<html><head><script type="application/ld+json">{text}</script></head></html>'
    soup = BeautifulSoup(html, "lxml")
    (script,) = soup.find_all("script")
    assert json.loads(script.string) == data


def test_html_baseurl_on_the_command_line(build_site: Build) -> None:
    """`-D html_baseurl=...` (without a trailing slash) works like Read the Docs' URL."""
    out = build_site("html", "-D", f"html_baseurl={BASEURL}")[0]
    for name in set(content_pages(out)) - {"404.html"}:
        soup = soup_of(out / name)
        url = f"{BASEURL}/{name}"
        assert soup.head.find("link", rel="canonical")["href"] == url, name
        assert meta(soup)["og:url"] == url, name
    sitemap = ElementTree.parse(out / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert f"{BASEURL}/index.html" in {loc.text for loc in sitemap.findall("s:url/s:loc", ns)}
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASEURL}/sitemap.xml" in robots.splitlines()
    stylesheets = [link["href"] for link in soup_of(out / "404.html").find_all("link", href=True)]
    prefix = urlsplit(BASEURL).path
    assert any(href.startswith(f"{prefix}/_static/") for href in stylesheets), stylesheets


def test_read_the_docs_without_a_canonical_url_still_builds(build_site: Build) -> None:
    """sphinxext-opengraph alone stops such a build; no URL is made up either."""
    html = build_site("html", env={"READTHEDOCS": "True"})[0]  # strict: it must build
    for name in content_pages(html):
        soup = soup_of(html / name)
        tags = meta(soup)
        assert "og:url" not in tags and "og:image" not in tags, name
        assert tags["og:title"], name
        assert soup.head.find("link", rel="canonical") is None, name
    for page in talk_pages():
        soup = soup_of(html / page)
        assert meta(soup)["og:title"] == page_heading(soup), page
    assert not (html / "sitemap.xml").exists()
