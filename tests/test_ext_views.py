"""What a reader gets from the confnotes views: cards, grid, glossary, indexes."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sphinx.util.inventory import InventoryFile

pytestmark = pytest.mark.sphinx("html", testroot="talks")


def texts(nodes: Any) -> list[str]:
    return [" ".join(node.get_text(" ", strip=True).split()) for node in nodes]


def target_exists(outdir: Path, page_path: Path, href: str) -> bool:
    """Whether ``href`` (relative to ``page_path``) names an id in an existing page."""
    from bs4 import BeautifulSoup

    parts = urlsplit(href)
    target = (page_path.parent / parts.path).resolve() if parts.path else page_path
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "lxml")
    return not parts.fragment or soup.find(id=parts.fragment) is not None


def test_build_has_no_warnings(app: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == []


def test_speaker_grid_cards_sorted_with_anchors(app: Any, page: Any) -> None:
    app.build()
    body = page(app.outdir / "speakers.html")
    cards = body.select(".conf-speaker-grid .sd-card")
    assert texts(card.select_one(".conf-speaker-name strong") for card in cards) == [
        "Brandon Rhodes",
        "Bruno Renié",
        "Tarek Ziadé",
    ]
    # the card itself is the target: its text is what search summaries show
    assert [card["id"] for card in cards] == [
        "conf-speaker-brandon-rhodes",
        "conf-speaker-bruno-renie",
        "conf-speaker-tarek-ziade",
    ]
    tarek = cards[2]
    avatar = tarek.select_one(".conf-avatar")
    assert (avatar.name, avatar["role"], avatar["aria-label"], avatar.text) == (
        "span",
        "img",
        "Tarek Ziadé",
        "TZ",
    )
    assert texts(tarek.select(".conf-affiliation em")) == ["Mozilla"]
    assert [(a.text, a["href"]) for a in tarek.select(".conf-handles a")] == [
        ("tarekziade", "https://github.com/tarekziade"),
        ("https://ziade.org/", "https://ziade.org/"),
    ]
    assert [(a.text, a["href"]) for a in tarek.select(".conf-speaker-talks a")] == [
        ("Circus: process & socket manager", "talks/circus.html#conf-talk-circus")
    ]
    brandon = cards[0]
    assert texts(brandon.select(".conf-affiliation em")) == ["unknown"]
    assert [a["href"] for a in brandon.select(".conf-handles a")] == [
        "https://twitter.com/brandon_rhodes"
    ]
    assert texts(brandon.select(".conf-handles li")) == ["Twitter: @brandon_rhodes"]
    for card in cards:
        assert card.parent["class"] == ["sd-col", "sd-d-flex-row", "docutils"]


def test_talk_header(app: Any, page: Any) -> None:
    app.build()
    body = page(app.outdir / "talks" / "circus.html")
    assert body.find(id="conf-talk-circus") is not None
    header = body.select_one(".conf-talk-header")
    fields = dict(
        zip(
            texts(header.select(".conf-talk-meta > dt")),
            texts(header.select(".conf-talk-meta > dd")),
            strict=True,
        )
    )
    assert fields == {
        "Kind :": "talk",
        "Date :": "2013-05-15",
        "Event :": "DjangoCon Europe 2013",
        "Speaker :": "Tarek Ziadé",
        "Slides :": "http://blog.ziade.org/slides/djangocon2012/circus.html",
        "Video :": "https://www.youtube.com/watch?v=YEtTWeeRzUI",
        "Links :": "http://circus.io/ , http://chaussette.readthedocs.org/",
    }
    speaker = header.select_one(".conf-talk-meta a.internal")
    assert speaker["href"] == "../speakers.html#conf-speaker-tarek-ziade"
    assert texts(header.select(".sd-card .conf-speaker-name strong")) == ["Tarek Ziadé"]
    # cards on talk pages carry no anchor: the grid's card is the target
    assert header.select(".sd-card[id]") == []
    assert texts(body.select(".conf-talk-abstract p")) == [
        "Circus runs and watches processes and sockets."
    ]


def test_roles_resolve_to_names(app: Any, page: Any) -> None:
    app.build()
    body = page(app.outdir / "talks" / "circus.html")
    links = {a.text: a["href"] for a in body.select("section > p a.internal")}
    assert links == {
        "psutil": "../tools.html#conf-tool-psutil",
        "ZeroMQ": "../tools.html#conf-tool-zeromq",
        "On the Revolutions": "kopernik.html#conf-talk-kopernik",
        "Brandon Rhodes": "../speakers.html#conf-speaker-brandon-rhodes",
    }
    # every mention has an anchor right before its link
    anchors = [span["id"] for span in body.select("span.conf-mention")]
    assert anchors == ["mention-psutil-0", "mention-zeromq-0", "mention-psutil-1"]


def test_tool_glossary(app: Any, page: Any) -> None:
    app.build()
    path = app.outdir / "tools.html"
    body = page(path)
    assert texts(body.select("p.conf-tool-category")) == [
        "Library (2)",
        "Standard (1)",
        "Tool (1)",
    ]
    assert [dt["id"] for dt in body.select("dl.conf-tool-glossary > dt")] == [
        "conf-tool-psutil",
        "conf-tool-zeromq",
        "conf-tool-twelve-factor",
        "conf-tool-envdir",
    ]
    psutil = body.find(id="conf-tool-psutil").find_next_sibling("dd")
    assert texts(psutil.select("p.conf-mentions")) == ["Mentioned in (3):"]
    assert texts(psutil.select("ul.conf-mentions > li")) == [
        "Conference notes ( mention 1 )",
        "Circus: process & socket manager ( mention 1 , mention 2 )",
    ]
    hrefs = [a["href"] for a in psutil.select("ul.conf-mentions a")]
    assert hrefs == [
        "index.html",
        "index.html#mention-psutil-0",
        "talks/circus.html#conf-talk-circus",
        "talks/circus.html#mention-psutil-0",
        "talks/circus.html#mention-psutil-1",
    ]
    for href in hrefs:
        assert target_exists(app.outdir, path, href), href
    homepage = psutil.select_one("a.external")
    assert homepage["href"] == "https://github.com/giampaolo/psutil"


def test_lightning_index(app: Any, page: Any) -> None:
    app.build()
    path = app.outdir / "lightning.html"
    body = page(path)
    assert texts(body.select("h2.conf-lightning-event")) == ["DjangoCon Europe 2013"]
    assert texts(body.select("h3.conf-lightning-group")) == ["Day 1 · Wednesday 15 May 2013"]
    items = body.select("li.conf-lightning-talk")
    assert texts(items) == [
        "Geek Girls Carrots — unknown",
        "Stop writing settings files — Bruno Renié "
        "Links: https://speakerdeck.com/brutasse/stop-writing-settings-files , "
        "https://12factor.net "
        "Tools: envdir , The Twelve-Factor App",
    ]
    for a in body.select("li.conf-lightning-talk a.internal"):
        assert target_exists(app.outdir, path, a["href"]), a["href"]


def test_objects_inventory(app: Any) -> None:
    app.build()
    inv = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(), uri="")
    found = {
        (objtype, name, item.uri, item.display_name)
        for objtype, items in inv.data.items()
        if objtype.startswith("conf:")
        for name, item in items.items()
    }
    assert found == {
        (
            "conf:talk",
            "circus",
            "talks/circus.html#conf-talk-circus",
            "Circus: process & socket manager",
        ),
        ("conf:talk", "kopernik", "talks/kopernik.html#conf-talk-kopernik", "On the Revolutions"),
        (
            "conf:talk",
            "geek-girls-carrots",
            "lightning.html#conf-talk-geek-girls-carrots",
            "Geek Girls Carrots",
        ),
        (
            "conf:talk",
            "stop-writing-settings",
            "lightning.html#conf-talk-stop-writing-settings",
            "Stop writing settings files",
        ),
        (
            "conf:speaker",
            "brandon-rhodes",
            "speakers.html#conf-speaker-brandon-rhodes",
            "Brandon Rhodes",
        ),
        ("conf:speaker", "bruno-renie", "speakers.html#conf-speaker-bruno-renie", "Bruno Renié"),
        ("conf:speaker", "tarek-ziade", "speakers.html#conf-speaker-tarek-ziade", "Tarek Ziadé"),
        ("conf:tool", "envdir", "tools.html#conf-tool-envdir", "-"),
        ("conf:tool", "psutil", "tools.html#conf-tool-psutil", "-"),
        (
            "conf:tool",
            "twelve-factor",
            "tools.html#conf-tool-twelve-factor",
            "The Twelve-Factor App",
        ),
        ("conf:tool", "zeromq", "tools.html#conf-tool-zeromq", "ZeroMQ"),
    }


def test_general_index(app: Any) -> None:
    from bs4 import BeautifulSoup

    app.build()
    soup = BeautifulSoup((app.outdir / "genindex.html").read_text(encoding="utf-8"), "lxml")
    entries = {a.get_text(" ", strip=True): a["href"] for a in soup.select("table.genindextable a")}
    assert entries["Tarek Ziadé (speaker)"] == "speakers.html#conf-speaker-tarek-ziade"
    assert entries["psutil (tool)"] == "tools.html#conf-tool-psutil"
    assert (
        entries["Circus: process & socket manager (talk)"] == "talks/circus.html#conf-talk-circus"
    )
    assert entries["Stop writing settings files (talk)"] == (
        "lightning.html#conf-talk-stop-writing-settings"
    )
    for href in entries.values():
        assert target_exists(app.outdir, app.outdir / "genindex.html", href), href


def test_search_index(app: Any) -> None:
    app.build()
    raw = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", raw.strip(), re.DOTALL)[1])
    objnames = {tuple(value[:2]) for value in data["objnames"].values()}
    assert {("conf", "talk"), ("conf", "speaker"), ("conf", "tool")} <= objnames
    names = {name for prefix in data["objects"].values() for name in _names(prefix)}
    assert {"Circus: process & socket manager", "Tarek Ziadé", "psutil", "ZeroMQ"} <= names


def _names(entries: Any) -> list[str]:
    return [html.unescape(entry[4]) for entry in entries]
