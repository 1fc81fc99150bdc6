"""The site's content against its seed: nothing of the notes lost, every talk reachable.

The seed (``tests/data/django-circus-day1.txt``, a verbatim copy of the
project's ``shared/seed`` export, or the file named by the ``CONFNOTES_SEED``
environment variable) is a flattened export of one
attendee's notes. The site restores its structure and fixes its typos; these
tests make sure that, along the way, no note went missing and every talk keeps
the facts FACTS.md gives it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup, Tag
from site_rules import Sources

SITE = Path(__file__).parent.parent
#: FACTS.md: the notes are of day 1 of DjangoCon Europe 2013, 2013-05-15
SEED_DAY = ("DjangoCon Europe 2013", "2013-05-15")
SEED = Path(
    os.environ.get("CONFNOTES_SEED", Path(__file__).parent / "data" / "django-circus-day1.txt")
)

BuildSite = Callable[..., tuple[Path, str]]

# Seed word -> the word(s) the site uses instead: the typos and garbles fixed,
# and the abbreviations spelled out.  Everything else must appear verbatim.
FIXES: dict[str, list[str]] = {
    "faaster": ["faster"],
    "chausette": ["chaussette"],
    "agnosticim": ["agnosticism"],
    "lien": ["line"],
    "collabarative": ["collaborative"],
    "recursize": ["recursive"],
    "regine": ["refine"],
    "lso": ["also"],  # "-lso" in the export
    "customuse": ["custom", "use"],
    "tbh": ["to", "be", "honest"],
    "inc": ["including"],
    "cmd": ["command"],
    "dev": ["developing"],
}

# Fixes that only hold inside one talk's notes (the word is right elsewhere).
SECTION_FIXES: dict[str, dict[str, list[str]]] = {
    # "unix socket + v accurate": the talk compares Unix *signals* with threads.
    "Profiling": {
        "socket": ["signals"],
        "v": ["very"],
        "extension": ["extensions"],
    },
}

# Seed heading -> (published title, speaker name, video), from FACTS.md.
TALKS: dict[str, tuple[str, str, str]] = {
    "Kopernik": (
        "On the Revolutions",
        "Brandon Rhodes",
        "https://www.youtube.com/watch?v=yvMWUGx7Fx8",
    ),
    "Circus": (
        "Circus: process & socket manager",
        "Tarek Ziadé",
        "https://www.youtube.com/watch?v=YEtTWeeRzUI",
    ),
    "Processing Payments": (
        "Processing payments for the paranoid",
        "Andy McKay",
        "https://www.youtube.com/watch?v=UYXqbkHMj6k",
    ),
    "The Imaginative Programmer": (
        "The Imaginative Programmer",
        "Zed Shaw",
        "https://www.youtube.com/watch?v=w1-bDwNtG-I",
    ),
    "Advanced PostgreSQL": (
        "Advanced PostgreSQL in Django",
        "Christophe Pettus",
        "https://www.youtube.com/watch?v=C3bZbA4jaAg",
    ),
    "Recommendations": (
        "Getting recommendations out of nothing",
        "Ania Warzecha",
        "https://www.youtube.com/watch?v=AG_ULKxwGYI",
    ),
    "Combine JS and Django": (
        "How to combine JavaScript & Django in a smart way",
        "Przemek Lewandowski",
        "https://www.youtube.com/watch?v=UeYuCr_daFo",
    ),
    "Profiling": (
        "Thread Profiling in Python",
        "Amjith Ramanujam",
        "https://www.youtube.com/watch?v=U-e6GjfzHgM",
    ),
    "Migrating the Future": (
        "Migrating the Future",
        "Andrew Godwin",
        "https://www.youtube.com/watch?v=mCNh2TVQ2o0",
    ),
    "Having your pony and committing it too": (
        "Having Your Pony and Committing It Too",
        "Jacob Burch",
        "https://www.youtube.com/watch?v=yxnrFp2ZW5I",
    ),
}

# Phrases the site writes as one name (applied to the seed text before words).
PHRASES: dict[str, dict[str, str]] = {
    "Profiling": {"run snake run": "RunSnakeRun"},
}


# Seed heading -> (section title on the site, speaker name or "unknown", links).
LIGHTNING: dict[str, tuple[str, str, list[str]]] = {
    "geek girls carrots": ("Geek Girls Carrots", "unknown", []),
    "Don't be afraid to commit": (
        "Don't be afraid to commit",
        "unknown",
        ["http://dont-be-afraid-to-commit.rtfd.com"],
    ),
    "Elasticsearch": ("Elasticsearch", "unknown", []),
    "stop writing settings files": (
        "Stop writing settings files",
        "Bruno Renié",
        ["https://speakerdeck.com/brutasse/stop-writing-settings-files", "https://12factor.net"],
    ),
    "Teaching 2.0": ("Teaching 2.0", "unknown", []),
    "Configuring Python environments with Puppet": (
        "Configuring Python environments with Puppet",
        "unknown",
        ["https://github.com/traff/python.pp"],
    ),
}


# -- helpers -------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lowercase words, with punctuation, markup and backslash escapes dropped."""
    text = text.replace("\\", "").lower().replace("e.g.", "eg")
    return re.findall(r"[^\W_]+", text)


def fixed(seed_words: list[str], section: str | None = None) -> list[str]:
    """Map the seed's typos to the site's spelling (word by word)."""
    fixes = {**FIXES, **SECTION_FIXES.get(section or "", {})}
    out: list[str] = []
    for word in seed_words:
        out.extend(fixes.get(word, [word]))
    return out


def note_words(text: str, section: str | None = None) -> list[str]:
    """The words of a piece of the seed, spelt as the site spells them."""
    for phrase, name in PHRASES.get(section or "", {}).items():
        text = re.sub(re.escape(phrase), name, text, flags=re.I)
    return fixed(words(text), section)


def seed_sections() -> dict[str, str]:
    """Split the seed into {heading: body} for every heading (titles included)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for i, line in enumerate(lines):
        underline = lines[i + 1] if i + 1 < len(lines) else ""
        if line.strip() and re.fullmatch(r"([-~=])\1{2,}", underline.strip()):
            current = line.strip()
            sections[current] = []
            continue
        if re.fullmatch(r"([-~=])\1{2,}", line.strip()):
            continue
        if current is not None:
            sections[current].append(line)
    return {heading: "\n".join(body) for heading, body in sections.items()}


def talk_sections() -> dict[str, str]:
    """{heading: body} of the talks and lightning talks (headings with notes)."""
    return {heading: body for heading, body in seed_sections().items() if words(body)}


def chunks(body: str) -> list[str]:
    """Cut a seed section into the notes' own items (" - ", "->", "1.", blank lines)."""
    text = re.sub(r"\s+", " ", body.replace("\n\n", " \x00 "))
    parts = re.split(r"\x00|\s-\s|\s->\s|^-\s|\s\d\.\s", text)
    return [p.strip() for p in parts if words(p)]


def found_nearby(needle: list[str], haystack: list[str]) -> bool:
    """True if every word of needle occurs within one short stretch of haystack."""
    wanted = set(needle)
    width = max(3 * len(needle), len(needle) + 12)
    for start, word in enumerate(haystack):
        if word in wanted and wanted <= set(haystack[start : start + width]):
            return True
    return False


@functools.cache
def page_of(title: str) -> str:
    """The docname of the page that declares the talk of that (seed) title on day 1.

    Another event or day may repeat a title; day 1 of the seed's event has it once.
    """
    docs = {
        t.docname for t in Sources(SITE).talks if t.title == title and (t.event, t.date) == SEED_DAY
    }
    assert len(docs) == 1, f"{len(docs)} pages declare a talk titled {title!r} on day 1"
    return docs.pop()


def lightning_doc() -> str:
    """The page holding the seed's lightning talks (they share one page)."""
    docs = {page_of(title) for title, _speaker, _links in LIGHTNING.values()}
    assert len(docs) == 1, f"the seed's lightning talks are on several pages: {docs}"
    return docs.pop()


def text_page(outdir: Path, docname: str) -> str:
    return (outdir / f"{docname}.txt").read_text(encoding="utf-8")


def lightning_text(outdir: Path) -> dict[str, str]:
    """The lightning-talks page of the text build, cut at its section titles."""
    text = text_page(outdir, lightning_doc())
    titles = [title for title, _, _ in LIGHTNING.values()]
    pieces: dict[str, str] = {}
    for i, title in enumerate(titles):
        start = re.search(rf"^{re.escape(title)}\n[=\-~*^\"]+$", text, re.M)
        assert start, f"lightning talk section {title!r} not found in the text build"
        end = len(text)
        if i + 1 < len(titles):
            nxt = re.search(rf"^{re.escape(titles[i + 1])}\n[=\-~*^\"]+$", text, re.M)
            assert nxt, f"lightning talk section {titles[i + 1]!r} not found"
            end = nxt.start()
        pieces[title] = text[start.start() : end]
    return pieces


# -- (a) nothing of the notes is lost ---------------------------------------------


@pytest.fixture(scope="module")
def text_build(build_site: BuildSite) -> Path:
    outdir, _warnings = build_site("text")
    return outdir


def test_seed_sections_are_all_known() -> None:
    assert set(talk_sections()) == set(TALKS) | set(LIGHTNING)


def test_every_seed_word_is_on_the_site(text_build: Path) -> None:
    site_words: set[str] = set()
    for page in text_build.rglob("*.txt"):
        site_words.update(words(page.read_text(encoding="utf-8")))
    seed_words: set[str] = set()
    for heading, body in seed_sections().items():
        seed_words.update(note_words(heading))
        seed_words.update(note_words(body, heading))
    # Nothing of the seed may escape the split above.
    assert set(words(SEED.read_text(encoding="utf-8"))) == {
        word for heading, body in seed_sections().items() for word in words(heading + " " + body)
    }
    missing = sorted(seed_words - site_words)
    assert not missing, f"words of the notes missing from the site: {missing}"


def _page_words(text_build: Path) -> dict[str, list[str]]:
    pages = {
        heading: words(text_page(text_build, page_of(title)))
        for heading, (title, *_rest) in TALKS.items()
    }
    by_title = lightning_text(text_build)
    for heading, (title, _speaker, _links) in LIGHTNING.items():
        pages[heading] = words(by_title[title])
    return pages


@pytest.mark.parametrize("heading", [*TALKS, *LIGHTNING])
def test_each_talk_keeps_its_own_notes(text_build: Path, heading: str) -> None:
    """Every word of a talk's notes is on that talk's own page (or section)."""
    page = _page_words(text_build)[heading]
    body = talk_sections()[heading]
    missing = sorted(set(note_words(body, heading)) - set(page))
    assert not missing, f"{heading}: words of the notes missing from its page: {missing}"


@pytest.mark.parametrize("heading", [*TALKS, *LIGHTNING])
def test_each_note_is_kept_together(text_build: Path, heading: str) -> None:
    """Each note item's words stay close together: a dropped sentence fails."""
    page = _page_words(text_build)[heading]
    lost = [
        item
        for item in chunks(talk_sections()[heading])
        if not found_nearby(note_words(item, heading), page)
    ]
    assert not lost, f"{heading}: notes not found on its page: {lost}"


def test_the_check_catches_a_dropped_note() -> None:
    """The checks above are strict enough to notice one missing item."""
    body = talk_sections()["Having your pony and committing it too"]
    page = words(body.replace("have tests", "").replace("Do not pass GO", ""))
    lost = [item for item in chunks(body) if not found_nearby(words(item), page)]
    assert lost


# -- (b) every talk reachable from the front page, with its facts -----------------


@pytest.fixture(scope="module")
def html_build(build_site: BuildSite) -> Path:
    outdir, _warnings = build_site("html")
    return outdir


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _front_page_links(html_build: Path) -> list[tuple[str, str, str]]:
    """(page path relative to the output, fragment, link text) of every front-page link."""
    soup = _soup(html_build / "index.html")
    base = "http://site.invalid/index.html"
    links = []
    for a in soup.select("a[href]"):
        url, fragment = urldefrag(urljoin(base, str(a["href"])))
        if url.startswith("http://site.invalid/"):
            links.append(
                (url.removeprefix("http://site.invalid/"), fragment, a.get_text(" ", strip=True))
            )
    return links


def _normalise(text: str) -> str:
    """Collapse whitespace and undo smart quotes (the HTML builder curls them)."""
    text = text.translate(
        str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    )
    return " ".join(text.split())


@pytest.mark.parametrize("heading", list(TALKS))
def test_talk_reachable_with_its_facts(html_build: Path, heading: str) -> None:
    title, speaker, video = TALKS[heading]
    doc = page_of(title)
    pages = {page for page, _fragment, _text in _front_page_links(html_build)}
    assert f"{doc}.html" in pages, f"{heading}: no link from the front page to {doc}"
    soup = _soup(html_build / f"{doc}.html")
    main = soup.find("article") or soup
    h1 = main.find("h1")
    assert h1 is not None and _normalise(h1.get_text(" ", strip=True)).rstrip("#¶ ") == title
    text = _normalise(main.get_text(" ", strip=True))
    assert speaker in text, f"{heading}: speaker {speaker!r} not on the page"
    assert main.select(f'a[href="{video}"]'), f"{heading}: no link to the video {video}"


@pytest.mark.parametrize("heading", list(LIGHTNING))
def test_lightning_talk_reachable_with_its_facts(html_build: Path, heading: str) -> None:
    title, speaker, links = LIGHTNING[heading]
    targets = [
        (page, fragment)
        for page, fragment, text in _front_page_links(html_build)
        if page == f"{lightning_doc()}.html" and fragment and _normalise(text) == title
    ]
    assert targets, f"{heading}: no link from the front page to its section"
    page, fragment = targets[0]
    soup = _soup(html_build / page)
    anchor = soup.find(id=fragment)
    assert isinstance(anchor, Tag), f"{heading}: anchor #{fragment} missing on {page}"
    section = anchor if anchor.name == "section" else anchor.find_parent("section")
    assert isinstance(section, Tag)
    heading_tag = section.find(["h2", "h3"])
    assert heading_tag is not None
    assert _normalise(heading_tag.get_text(" ", strip=True)).rstrip("#¶ ") == title
    text = _normalise(section.get_text(" ", strip=True))
    assert speaker in text, f"{heading}: {speaker!r} not in its section"
    hrefs = {str(a["href"]).rstrip("/") for a in section.select("a[href]")}
    for link in links:
        assert link.rstrip("/") in hrefs, f"{heading}: link {link} missing"


def test_front_page_links_in_order(html_build: Path) -> None:
    """The front page leads to the talks in the order they were given."""
    pages = [page for page, _fragment, _text in _front_page_links(html_build)]
    wanted = [f"{page_of(title)}.html" for title, *_rest in TALKS.values()]
    firsts = [pages.index(page) for page in wanted]
    assert firsts == sorted(firsts)
