"""The site on the open web: link previews, description, canonical URL, sitemap, robots, 404.

Two builds of the real site: a local one (no root URL known) and one as
Read the Docs makes it (``READTHEDOCS_CANONICAL_URL`` set). Pages are
parsed, never matched as text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from project_scripts import import_script

SITE = Path(__file__).parent.parent
CANONICAL = "https://circus-notes.example.org/en/latest/"
#: what each builder's pages are called (html: talks/02-circus.html)
NOT_IN_SITEMAP = {"search.html", "genindex.html", "404.html"}

pytestmark = pytest.mark.slow


def build(out: Path, builder: str = "html", **env: str) -> Path:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", builder]
    cmd += ["-d", str(out / ".doctrees"), str(SITE), str(out / builder)]
    proc = subprocess.run(cmd, env={**environ, **env}, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    return out / builder


@pytest.fixture(scope="module")
def local_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("local"))


@pytest.fixture(scope="module")
def rtd_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(
        tmp_path_factory.mktemp("rtd"), READTHEDOCS="True", READTHEDOCS_CANONICAL_URL=CANONICAL
    )


def soup_of(path: Path) -> BeautifulSoup:
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


def test_talk_page_preview_is_its_title_and_introduction(local_html: Path) -> None:
    tags = meta(soup_of(local_html / "talks" / "02-circus.html"))
    assert tags["og:title"] == "Circus: process & socket manager"
    assert tags["og:site_name"] == "Django Circus Notes"
    assert tags["og:type"] == "website"
    # the introduction (speaker and tool named as the page shows them), not the metadata block
    assert tags["description"].startswith("Tarek Ziadé presented Circus, a tool that watches")
    assert tags["og:description"] == tags["description"]
    assert len(tags["description"]) <= 200
    assert "Kind" not in tags["description"]


def test_every_page_has_a_description_and_title(local_html: Path) -> None:
    pages = content_pages(local_html)
    assert {"index.html", "search.html", "genindex.html", "404.html"} <= set(pages)
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
    soup = soup_of(rtd_html / "talks" / "02-circus.html")
    canonical = soup.head.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == CANONICAL + "talks/02-circus.html"
    tags = meta(soup)
    assert tags["og:url"] == CANONICAL + "talks/02-circus.html"
    assert tags["og:image"] == CANONICAL + "_static/social-card.png"
    assert tags["og:image:alt"]
    assert tags["twitter:card"] == "summary_large_image"
    card = rtd_html / "_static" / "social-card.png"
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
    talks = [p for p in (rtd_html / "talks").glob("*.html")]
    assert not any(f"{prefix}talks/{p.name}" in on_404 for p in talks)


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    scripts = soup.find_all("script", type="application/ld+json")
    items: list[dict[str, Any]] = []
    for script in scripts:
        data = json.loads(script.string)
        items += data["@graph"] if "@graph" in data else [data]
    return items


def test_talk_page_json_ld_is_an_event_with_performer_and_video(rtd_html: Path) -> None:
    soup = soup_of(rtd_html / "talks" / "02-circus.html")
    (event,) = json_ld(soup)
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Circus: process & socket manager"
    assert event["startDate"] == "2013-05-15"
    assert event["url"] == CANONICAL + "talks/02-circus.html#conf-talk-circus"
    assert event["superEvent"] == {"@type": "Event", "name": "DjangoCon Europe 2013"}
    (performer,) = event["performer"]
    assert performer["@type"] == "Person" and performer["name"] == "Tarek Ziadé"
    assert performer["url"] == CANONICAL + "speakers.html#conf-speaker-tarek-ziade"
    video = event["recordedIn"]
    assert video == {
        "@type": "VideoObject",
        "name": event["name"],
        "url": "https://www.youtube.com/watch?v=YEtTWeeRzUI",
    }
    assert event["description"].startswith("Tarek Ziadé presented Circus")


def test_json_ld_on_every_talk_page_and_lightning_page(local_html: Path) -> None:
    for path in sorted((local_html / "talks").glob("*.html")):
        events = json_ld(soup_of(path))
        assert events and all(e["@type"] == "Event" for e in events), path.name
        assert all("url" not in e for e in events), "a URL without a root URL"
    lightning = json_ld(soup_of(local_html / "talks" / "11-lightning-talks.html"))
    page = SITE / "talks" / "11-lightning-talks.rst"
    declared = import_script(SITE / "scripts" / "new_talk.py").find_declarations(SITE, "talk")
    assert len(lightning) == sum(1 for d in declared if d.path == page) >= 6
    unknown = next(e for e in lightning if e["name"] == "Geek Girls Carrots")
    assert "performer" not in unknown and "recordedIn" not in unknown
    assert not json_ld(soup_of(local_html / "index.html"))


def test_json_ld_script_cannot_be_closed_by_data() -> None:
    from confnotes.jsonld import script_json

    data = {"name": "</script><script>alert(1)</script> & <!-- x -->"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    html = f'<html><head><script type="application/ld+json">{text}</script></head></html>'
    soup = BeautifulSoup(html, "lxml")
    (script,) = soup.find_all("script")
    assert json.loads(script.string) == data


def test_html_baseurl_on_the_command_line(tmp_path: Path) -> None:
    """`-D html_baseurl=...` (without a trailing slash) works like Read the Docs' URL."""
    out = tmp_path / "html"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html"]
    cmd += ["-D", "html_baseurl=https://notes.example.org/circus", "-d", str(tmp_path / "d")]
    proc = subprocess.run(
        [*cmd, str(SITE), str(out)], env=environ, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    soup = soup_of(out / "talks" / "02-circus.html")
    url = "https://notes.example.org/circus/talks/02-circus.html"
    assert soup.head.find("link", rel="canonical")["href"] == url
    assert meta(soup)["og:url"] == url
    assert "https://notes.example.org/circus/index.html" in (out / "sitemap.xml").read_text()
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://notes.example.org/circus/sitemap.xml" in robots
    stylesheets = [link["href"] for link in soup_of(out / "404.html").find_all("link", href=True)]
    assert any(href.startswith("/circus/_static/") for href in stylesheets), stylesheets


def test_read_the_docs_without_a_canonical_url_still_builds(tmp_path: Path) -> None:
    """sphinxext-opengraph alone stops such a build; no URL is made up either."""
    html = build(tmp_path, READTHEDOCS="True")
    tags = meta(soup_of(html / "talks" / "02-circus.html"))
    assert "og:url" not in tags and "og:image" not in tags
    assert tags["og:title"] == "Circus: process & socket manager"
    assert not (html / "sitemap.xml").exists()
