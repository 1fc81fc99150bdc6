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
        # the website by its host (and path): no scheme to break across a phone's card
        ("ziade.org", "https://ziade.org/"),
    ]
    assert [(a.text, a["href"]) for a in tarek.select(".conf-speaker-talks a")] == [
        ("Circus: process & socket manager", "talks/circus.html#conf-talk-circus")
    ]
    # each talk with its date
    assert texts(tarek.select(".conf-speaker-talks li")) == [
        "Circus: process & socket manager , 15 May 2013"
    ]
    brandon = cards[0]
    # an unknown affiliation is left out, not shown as "unknown"
    assert brandon.select(".conf-affiliation") == []
    assert "unknown" not in brandon.get_text()
    assert [a["href"] for a in brandon.select(".conf-handles a")] == [
        "https://twitter.com/brandon_rhodes"
    ]
    assert texts(brandon.select(".conf-handles li")) == ["Twitter: @brandon_rhodes"]
    for card in cards:
        assert card.parent["class"] == ["sd-col", "sd-d-flex-row", "docutils"]


def test_talk_header(app: Any, page: Any) -> None:
    app.build()
    body = page(app.outdir / "talks" / "circus.html")
    header = body.select_one(".conf-talk-header")
    assert header["id"] == "conf-talk-circus"
    card = header.select_one(".conf-talk-card")
    # speakers: avatar (decorative: the name is read once) and name, one link to the card
    links = card.select(".conf-talk-people a")
    assert [(a["href"], a.get_text(" ", strip=True)) for a in links] == [
        ("../speakers.html#conf-speaker-tarek-ziade", "TZ Tarek Ziadé")
    ]
    avatar = links[0].select_one(".conf-avatar")
    assert (avatar["aria-hidden"], avatar.get("role")) == ("true", None)
    assert texts(card.select(".conf-talk-facts")) == ["Talk · 15 May 2013 · DjangoCon Europe 2013"]
    buttons = card.select(".conf-talk-links a.conf-link-button")
    assert [(a.text, a["href"]) for a in buttons] == [
        ("Video", "https://www.youtube.com/watch?v=YEtTWeeRzUI"),
        ("Slides", "http://blog.ziade.org/slides/djangocon2012/circus.html"),
        ("circus.io", "http://circus.io/"),
        ("chaussette.readthedocs.org", "http://chaussette.readthedocs.org/"),
    ]
    # the full speaker card stays on the speakers page; no fact sheet on screen
    assert header.select(".sd-card, .conf-speaker-card, dl") == []
    assert "unknown" not in header.get_text()
    assert texts(body.select(".conf-talk-abstract p")) == [
        "Circus runs and watches processes and sockets."
    ]


def test_video_facade_is_a_hidden_button_until_scripts_run(app: Any, page: Any) -> None:
    """The box names the nocookie player; the page itself loads nothing from YouTube."""
    app.build()
    body = page(app.outdir / "talks" / "circus.html")
    box = body.select_one(".conf-talk-header .conf-video")
    assert box["data-conf-embed"] == "https://www.youtube-nocookie.com/embed/YEtTWeeRzUI"
    assert box["data-conf-title"] == "Circus: process & socket manager"
    button = box.select_one("button")
    assert (button["type"], button.has_attr("hidden")) == ("button", True)
    assert texts(button.select("span")) == [
        "",
        "Play the recording",
        "Circus: process & socket manager",
        "Loads the YouTube player (youtube-nocookie.com) when pressed",
    ]
    soup = body.find_parent("html")
    sources = [tag.get("src") or tag.get("href") or "" for tag in soup.select("[src], [href]")]
    assert not [s for s in sources if "youtube" in s and s.startswith(("http", "//"))][1:], sources
    assert soup.select("iframe") == []
    assert any(s.endswith("confnotes.js") or "confnotes.js?" in s for s in sources)
    assert (app.outdir / "_static" / "confnotes.js").is_file()


def test_talk_header_of_an_unknown_speaker_shows_the_note(app: Any, page: Any) -> None:
    app.build()
    body = page(app.outdir / "lightning.html")
    header = body.find(id="conf-talk-geek-girls-carrots")
    assert texts(header.select(".conf-talk-people")) == [
        "Speaker unknown — Not named in the notes."
    ]
    assert texts(header.select(".conf-talk-facts")) == [
        "Lightning · 15 May 2013 · DjangoCon Europe 2013"
    ]
    assert header.select(".conf-talk-links, .conf-video") == []


def test_talk_ends_with_the_tools_it_mentions(app: Any, page: Any) -> None:
    app.build()
    body = page(app.outdir / "talks" / "circus.html")
    section = body.select("section")[-1]
    assert section["id"] == "conf-tools-of-circus"
    assert section.find_next_sibling() is None  # the page ends with it
    assert [h.contents[0].strip() for h in section.select("h2")] == ["Tools mentioned"]
    items = section.select("ul.conf-talk-tools > li")
    assert texts(items) == [
        "psutil — Process and system utilities for Python.",
        "ZeroMQ — Messaging library with socket-like patterns.",
    ]
    assert [a["href"] for a in section.select("li a")] == [
        "../tools.html#conf-tool-psutil",
        "../tools.html#conf-tool-zeromq",
    ]
    # a talk mentioning no tool gets no empty section
    assert page(app.outdir / "talks" / "kopernik.html").select(".conf-talk-tools") == []
    # each lightning talk ends with its own tools
    lightning = page(app.outdir / "lightning.html")
    assert texts(lightning.select("#conf-tools-of-stop-writing-settings li")) == [
        "envdir — Runs a program with environment variables read from files.",
        "The Twelve-Factor App — Method for building deployable web services.",
    ]
    assert lightning.select("#conf-tools-of-geek-girls-carrots") == []


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
    assert [p["id"] for p in body.select("p.conf-tool-category")] == [
        "conf-tools-library",
        "conf-tools-standard",
        "conf-tools-tool",
    ]
    assert [dt["id"] for dt in body.select("dl.conf-tool-glossary > dt")] == [
        "conf-tool-psutil",
        "conf-tool-zeromq",
        "conf-tool-twelve-factor",
        "conf-tool-envdir",
    ]
    psutil = body.find(id="conf-tool-psutil").find_next_sibling("dd")
    assert texts(body.select("dl.conf-tool-glossary > dt")) == [
        "psutil 3 mentions",
        "ZeroMQ 1 mention",
        "The Twelve-Factor App 1 mention",
        "envdir 1 mention",
    ]
    assert texts(psutil.select("p.conf-tool-description")) == [
        "Process and system utilities for Python."
    ]
    assert texts(psutil.select("p.conf-mentions")) == ["Mentioned in:"]
    # each talk (or page) is linked to the place of its first mention; more follow;
    # talks in running order, then pages without a talk
    assert texts(psutil.select("ul.conf-mentions > li")) == [
        "Circus: process & socket manager (also mention 2 )",
        "Conference notes",
    ]
    hrefs = [a["href"] for a in psutil.select("ul.conf-mentions a")]
    assert hrefs == [
        "talks/circus.html#mention-psutil-0",
        "talks/circus.html#mention-psutil-1",
        "index.html#mention-psutil-0",
    ]
    for href in hrefs:
        assert target_exists(app.outdir, path, href), href
    homepage = psutil.select_one("a.external")
    assert homepage["href"] == "https://github.com/giampaolo/psutil"


def test_glossary_at_a_glance(app: Any, page: Any) -> None:
    """Jump bar (categories, A-Z, most mentioned) and an A-Z index with counts."""
    app.build()
    path = app.outdir / "tools.html"
    body = page(path)
    bar = body.select_one(".conf-tool-jumpbar")
    assert texts(bar.select("p")) == [
        "Categories: Library (2) · Standard (1) · Tool (1)",
        "A\u2013Z: E P T Z",
        "Most mentioned: psutil (3) · envdir (1) · The Twelve-Factor App (1) · ZeroMQ (1)",
    ]
    for a in bar.select("a"):
        assert target_exists(app.outdir, path, a["href"]), a["href"]
    assert [a["href"] for a in bar.select(".conf-jump-letters a")] == [
        "#conf-tools-letter-e",
        "#conf-tools-letter-p",
        "#conf-tools-letter-t",
        "#conf-tools-letter-z",
    ]
    assert texts(body.select("ul.conf-tool-az > li")) == [
        "E envdir (1)",
        "P psutil (3)",
        "T The Twelve-Factor App (1)",
        "Z ZeroMQ (1)",
    ]
    # no filter box in the page itself: the script inserts it
    assert body.select("input") == []


def kopernik_mentions_psutil(
    make_app: Any, rootdir: Path, tmp_path: Path, page: Any, *edits: tuple[str, str]
) -> tuple[Any, Any]:
    """Build ``test-talks`` with the Kopernik talk mentioning psutil, after *edits* of it.

    Return the app and psutil's glossary entry.
    """
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-talks", src)
    kopernik = src / "talks" / "kopernik.rst"
    text = kopernik.read_text(encoding="utf-8")
    for old, new in (*edits, ("on Copernicus.", "on Copernicus and :tool:`psutil`.")):
        text = text.replace(old, new)
    kopernik.write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    tools = page(app.outdir / "tools.html")
    return app, tools.find(id="conf-tool-psutil").find_next_sibling("dd")


def test_same_title_talks_are_told_apart(
    make_app: Any, rootdir: Path, tmp_path: Path, page: Any
) -> None:
    """ "Mentioned in" adds the date (or event...) next to a title two talks share."""
    app, psutil = kopernik_mentions_psutil(
        make_app,
        rootdir,
        tmp_path,
        page,
        (":title: On the Revolutions", ":title: Circus: process & socket manager"),
        (":date: 2013-05-15", ":date: 2013-05-16"),
    )
    assert texts(psutil.select("ul.conf-mentions > li")) == [
        "Circus: process & socket manager — 15 May 2013 (also mention 2 )",
        "Circus: process & socket manager — 16 May 2013",
        "Conference notes",
    ]
    # a unique title stays bare
    envdir = page(app.outdir / "tools.html").find(id="conf-tool-envdir").find_next_sibling("dd")
    assert texts(envdir.select("ul.conf-mentions > li")) == ["Stop writing settings files"]


def test_lightning_index(app: Any, page: Any) -> None:
    app.build()
    path = app.outdir / "lightning.html"
    body = page(path)
    assert texts(body.select("h2.conf-lightning-event")) == ["DjangoCon Europe 2013"]
    assert texts(body.select("h3.conf-lightning-group")) == ["Day 1 · Wednesday 15 May 2013"]
    items = body.select("li.conf-lightning-talk")
    assert texts(items) == [
        "Geek Girls Carrots — unknown (Not named in the notes.)",
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


def test_glossary_lists_leave_talk_titles_to_the_talks_in_search(app: Any, page: Any) -> None:
    """What the glossary repeats (titles in "Mentioned in", the A-Z list) is not searched there."""
    app.build()
    raw = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", raw.strip(), re.DOTALL)[1])
    main = page(app.outdir / "tools.html")
    repeated = main.select(".no-search")
    assert main.select(".conf-mentions.no-search li"), "the root's tools are mentioned"
    repeated_text = " ".join(node.get_text(" ") for node in repeated)
    titles = " ".join(a.get_text(" ") for a in main.select(".conf-mentions.no-search li a"))
    for node in repeated:
        node.decompose()
    lang = app.builder.indexer.lang

    def stems(text: str) -> set[str]:
        return {
            stem for word in lang.split(text) if lang.word_filter(stem := lang.stem(word.lower()))
        }

    only_repeated = stems(repeated_text) - stems(main.get_text(" "))
    assert only_repeated, "some title words are only in the glossary's lists"
    tools = data["docnames"].index("tools")

    def pages_of(term: str) -> list[int]:
        return [
            doc for table in ("terms", "titleterms") for doc in _as_list(data[table].get(term, []))
        ]

    for term in only_repeated:
        assert tools not in pages_of(term), term
    # what the glossary itself says stays searchable there: names and descriptions
    own = " ".join(n.get_text(" ") for n in main.select(".conf-tool-name, .conf-tool-description"))
    assert stems(own), "the root's tools have names"
    for term in stems(own):
        assert tools in pages_of(term), term
    for term in only_repeated & stems(titles):
        assert pages_of(term), f"{term!r}, of a talk's title, is still found on the talk's page"


def _as_list(docs: int | list[int]) -> list[int]:
    """A term's documents: the index writes one as a bare number."""
    return docs if isinstance(docs, list) else [docs]


def _names(entries: Any) -> list[str]:
    return [html.unescape(entry[4]) for entry in entries]


def test_mentions_follow_the_running_order_not_the_page_names(
    make_app: Any, rootdir: Path, tmp_path: Path, page: Any
) -> None:
    """A talk the day before is listed first, whatever its page is called; pages of no talk last."""
    _app, psutil = kopernik_mentions_psutil(
        make_app, rootdir, tmp_path, page, (":date: 2013-05-15", ":date: 2013-05-14")
    )
    pages = [a["href"].split("#")[0] for a in psutil.select("ul.conf-mentions a")]
    assert list(dict.fromkeys(pages)) == ["talks/kopernik.html", "talks/circus.html", "index.html"]
