"""Crawl the built html and dirhtml outputs: every internal link and anchor resolves.

This reads the files (lxml), not the browser: it is the same check for both
builders and needs no server. External links are listed in
``test-artifacts/external-links.txt`` (never fetched: the network is closed).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.browser

LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}
IGNORED_SCHEMES = {"mailto", "javascript", "data", "tel"}
BASE = "http://site.invalid/"

# (broken links, external URL -> pages linking to it, internal links checked)
Crawl = tuple[list[str], dict[str, set[str]], int]


@functools.cache
def _ids(path: Path) -> frozenset[str]:
    tree = lxml_html.parse(str(path))
    ids = set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))
    return frozenset(ids)


def _pages(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(root).parts)
    )


def _target_file(root: Path, url_path: str) -> Path:
    rel = unquote(url_path.removeprefix(urlsplit(BASE).path))
    target = root / rel
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def crawl(root: Path) -> Crawl:
    """Return (broken links, external URL -> pages, number of internal links checked)."""
    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    checked = 0
    for page in _pages(root):
        rel_page = page.relative_to(root).as_posix()
        page_url = BASE + rel_page
        tree = lxml_html.parse(str(page))
        for tag, attr in LINK_ATTRS.items():
            for element in tree.iter(tag):
                raw = element.get(attr)
                if raw is None:
                    continue
                raw = raw.strip()
                parts = urlsplit(raw)
                if parts.scheme in IGNORED_SCHEMES:
                    continue
                if parts.scheme or parts.netloc:
                    if parts.scheme in {"http", "https"} or raw.startswith("//"):
                        external[raw].add(rel_page)
                    else:
                        broken.append(f"{rel_page}: unexpected scheme in {raw!r}")
                    continue
                if raw in {"", "#"}:
                    continue  # furo's "back to top" and similar in-page controls
                resolved = urlsplit(urljoin(page_url, raw))
                if not resolved.path.startswith(urlsplit(BASE).path):
                    broken.append(f"{rel_page}: {raw!r} leaves the site")
                    continue
                target = _target_file(root, resolved.path)
                checked += 1
                if not target.is_file():
                    broken.append(f"{rel_page}: {raw!r} -> missing file {target.relative_to(root)}")
                    continue
                fragment = unquote(resolved.fragment)
                if fragment and target.suffix == ".html" and fragment not in _ids(target):
                    broken.append(
                        f"{rel_page}: {raw!r} -> no id {fragment!r} in {target.relative_to(root)}"
                    )
    return broken, external, checked


@pytest.fixture(scope="module")
def crawls(html_dir: Path, dirhtml_dir: Path) -> dict[str, Crawl]:
    return {"html": crawl(html_dir), "dirhtml": crawl(dirhtml_dir)}


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_internal_links_and_anchors_resolve(
    builder: str, crawls: dict[str, Crawl], html_dir: Path, dirhtml_dir: Path
) -> None:
    broken, _external, checked = crawls[builder]
    # every page links within the site (its navigation at least)
    pages = len(_pages(html_dir if builder == "html" else dirhtml_dir))
    assert checked >= pages, f"{checked} internal links on {pages} pages: is the crawl broken?"
    assert not broken, f"{len(broken)} broken internal links ({builder}):\n" + "\n".join(broken)


def test_external_links_are_listed_not_fetched(crawls: dict[str, Crawl], artifacts: Path) -> None:
    """Write every external URL with the pages that link to it; both builders agree."""
    html_ext = crawls["html"][1]
    dirhtml_ext = crawls["dirhtml"][1]
    assert html_ext, "no external link at all: is the crawl broken?"
    lines = [f"{url}\t{' '.join(sorted(pages))}" for url, pages in sorted(html_ext.items())]
    (artifacts / "external-links.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert set(html_ext) == set(dirhtml_ext), (
        "html and dirhtml link to different external URLs: "
        f"{sorted(set(html_ext) ^ set(dirhtml_ext))}"
    )
    insecure_scripts = [u for u in html_ext if u.endswith(".js")]
    assert not insecure_scripts, f"scripts loaded from elsewhere: {insecure_scripts}"
