"""Issue 12: bad markup warns with file:line and a type, in reST and MyST, and loses nothing else.

Unknown options, empty role targets, accented ids, unknown references with a
"did you mean", and duplicate ids that never take an object over.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOTS = Path(__file__).parent / "roots"


ALLOWED_TALK = (
    "allowed: :title:, :speaker:, :kind:, :date:, :day:, :event:, :slot:, :start:, :slides:,"
    " :video:, :links:, :speaker-note:"
)

EXPECTED = [
    "speakers.rst:8: unknown option :githb: of speaker 'tarek-ziade' (did you mean 'github'?);"
    " allowed: :name:, :twitter:, :github:, :speakerdeck:, :affiliation:, :website:,"
    " :aliases: [confnotes.unknown_option]",
    "talks/myst.md:8: unknown option :slieds: of talk 'myst-talk' (did you mean 'slides'?);"
    f" {ALLOWED_TALK} [confnotes.unknown_option]",
    "talks/myst.md:13: empty target in '{tool}``': write the tool id between the backquotes"
    " [confnotes.empty_target]",
    "talks/myst.md:13: empty target in '{tool}` `': write the tool id between the backquotes"
    " [confnotes.empty_target]",
    "talks/myst.md:14: empty target in '{tool}`<>`': write the tool id between the backquotes"
    " [confnotes.empty_target]",
    # any role left as text by the parser, not only ours
    "talks/myst.md:25: empty target in '{doc}``': write the target between the backquotes"
    " [confnotes.empty_target]",
    "talks/myst.md:27: empty target in '{conf:tool}``': write the tool id between the"
    " backquotes [confnotes.empty_target]",
    "talks/rest.rst:9: unknown option :vidoe: of talk 'rest-talk' (did you mean 'video'?);"
    f" {ALLOWED_TALK} [confnotes.unknown_option]",
    "talks/rest.rst:13: empty target in ':tool:``': write the tool id between the backquotes"
    " [confnotes.empty_target]",
    "talks/rest.rst:13: empty target in ':tool:` `': write the tool id between the backquotes"
    " [confnotes.empty_target]",
    "talks/rest.rst:14: empty target in ':tool:`<>`': write the tool id between the backquotes"
    " [confnotes.empty_target]",
    "talks/rest.rst:14: empty target in ':speaker:`Someone < >`': write the speaker id between"
    " the backquotes [confnotes.empty_target]",
    "talks/rest.rst:25: empty target in ':cite:p:``': write the target between the backquotes"
    " [confnotes.empty_target]",
    "talks/rest.rst:25: empty target in ':doc:` `': write the target between the backquotes"
    " [confnotes.empty_target]",
    "talks/rest.rst:26: empty target in ':conf:tool:``': write the tool id between the"
    " backquotes [confnotes.empty_target]",
    "tools.rst:6: tool id 'café' must use only lowercase letters, digits and hyphens;"
    " using 'cafe' [confnotes.bad_id]",
    "tools.rst:9: unknown option :hompage: of tool 'cafe' (did you mean 'homepage'?);"
    " allowed: :name:, :category:, :homepage:, :common-word: [confnotes.unknown_option]",
    "tools.rst:13: tool id 'cafè' must use only lowercase letters, digits and hyphens;"
    " using 'cafe' [confnotes.bad_id]",
    "tools.rst:13: duplicate tool id 'cafe': also declared at tools.rst:6, which is used"
    " [confnotes.duplicate_id]",
    "talks/myst.md:17: unknown talk: 'rest' (did you mean 'rest-talk'?);"
    " talks are declared in talks/ [ref.talk]",
    "talks/rest.rst:17: unknown talk: 'myst' (did you mean 'myst-talk'?);"
    " talks are declared in talks/ [ref.talk]",
]


@pytest.mark.sphinx("html", testroot="bad-markup", freshenv=True)
def test_bad_markup_exact_warnings(app: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == EXPECTED


@pytest.mark.sphinx("html", testroot="bad-markup", freshenv=True)
def test_bad_markup_loses_nothing_else(app: Any, page: Any) -> None:
    app.build()
    domain = app.env.domains["conf"]
    assert sorted(domain.talks) == ["myst-talk", "rest-talk"]
    assert sorted(domain.tools) == ["cafe", "psutil"]
    for name, video_or_slides in (("rest", "Video"), ("myst", "Slides")):
        talk = page(app.outdir / "talks" / f"{name}.html")
        text = talk.get_text(" ", strip=True)
        header = talk.select_one(".conf-talk-header")
        # declared from its valid options: header, speaker card; the typo is ignored
        assert header["id"] == f"conf-talk-{name}-talk"
        card = [p.get_text(" ", strip=True) for p in header.select(".conf-talk-card > p")]
        assert card[0].endswith("Tarek Ziadé")
        assert card[1].startswith("Talk · ")
        assert not header.select(f"a.conf-link-{video_or_slides.lower()}")
        assert "The abstract survives." in text
        assert "This paragraph is still here." in text
        # accented ids are written as declared, or in another case, and resolve
        for tools in talk.select(".conf-talk-tools-section"):
            tools.decompose()  # the talk's own glossary links each tool once more
        links = [a["href"] for a in talk.select("a.reference.internal")]
        assert links.count("../tools.html#conf-tool-cafe") == 2
        assert "../tools.html#conf-tool-psutil" in links
        # empty targets are shown as written, never as links
        assert ("{tool}``" if name == "myst" else ":tool:``") in text
    glossary = page(app.outdir / "tools.html")
    assert [dt["id"] for dt in glossary.select("dt")] == ["conf-tool-cafe", "conf-tool-psutil"]
    assert glossary.select_one("#conf-tool-cafe").get_text(" ", strip=True) == "Café 4 mentions"
    assert "Most mentioned: Café (4)" in glossary.get_text()


@pytest.mark.sphinx(
    "html",
    testroot="bad-markup",
    srcdir="bad-markup-suppressed",
    freshenv=True,
    confoverrides={"suppress_warnings": ["confnotes.empty_target", "confnotes.unknown_option"]},
)
def test_new_subtypes_are_suppressible(app: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        w
        for w in EXPECTED
        if not w.endswith(("[confnotes.empty_target]", "[confnotes.unknown_option]"))
    ]


def test_one_id_rule_drops_apostrophes_and_transliterates() -> None:
    """Declarations, roles, programme anchors and the scaffold's new ids share this rule."""
    from confnotes.core.ids import normalise_id
    from confnotes.core.programme import Programme

    assert normalise_id("Don't Trust - Check") == "dont-trust-check"
    assert normalise_id("What\u2019s new in Django-CMS 3.0") == "whats-new-in-django-cms-3-0"
    assert normalise_id("Łukasz Langa, Straße") == "lukasz-langa-strasse"
    assert normalise_id("---") == ""
    anchors = Programme.build([])
    assert anchors.day_anchor(("Łódź Sprint", "2013-05-16")) == "conf-day-lodz-sprint-2013-05-16"
    assert anchors.day_anchor(("", "")) == "conf-day-x-x"


# -- duplicate ids: the declaration the site uses keeps the id -----------------

COPIES = """\
:orphan:

A copied page
=============

.. tool:: psutil
   :category: library

.. speaker:: tarek-ziade
   :name: Tarek Copy
"""

TALK_COPY = """\
:orphan:

Circus (copy)
=============

.. talk:: circus
   :title: Circus: process & socket manager
   :speaker: tarek-ziade
   :kind: talk
   :date: 2013-05-15
"""


def test_copies_sorting_first_take_nothing_over(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    src = shutil.copytree(ROOTS / "test-talks", tmp_path / "src")
    (src / "aaa-copy.rst").write_text(COPIES, encoding="utf-8")
    (src / "talks" / "00-circus.rst").write_text(TALK_COPY, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    # each warning lands on the copy and names the original, file:line
    assert warnings_of(app) == [
        "talks/00-circus.rst:6: duplicate talk id 'circus': also declared at"
        " talks/circus.rst:4, which is used [confnotes.duplicate_id]",
        "aaa-copy.rst:9: duplicate speaker id 'tarek-ziade': also declared at speakers.rst:6,"
        " which is used [confnotes.duplicate_id]",
        "aaa-copy.rst:6: duplicate tool id 'psutil': also declared at tools.rst:6,"
        " which is used [confnotes.duplicate_id]",
        "aaa-copy.rst:9: speaker 'tarek-ziade' is declared on a page without a speaker-grid"
        " directive [confnotes.orphan_declaration]",
        "aaa-copy.rst:6: tool 'psutil' is declared on a page without a tool-glossary directive"
        " [confnotes.orphan_declaration]",
    ]
    domain = app.env.domains["conf"]
    assert domain.talk("circus").docname == "talks/circus"
    assert domain.speaker("tarek-ziade").docname == "speakers"
    assert domain.tool("psutil").docname == "tools"
    # links keep going to the glossary and the speaker grid
    circus = page(app.outdir / "talks" / "circus.html")
    for tools in circus.select(".conf-talk-tools-section"):
        tools.decompose()  # the talk's own glossary links each tool once more
    hrefs = [a["href"] for a in circus.select("a.reference.internal")]
    assert hrefs.count("../tools.html#conf-tool-psutil") == 2
    index = page(app.outdir / "index.html")
    assert [a["href"] for a in index.select("a.reference.internal") if "psutil" in a["href"]] == [
        "tools.html#conf-tool-psutil"
    ]
    # the talk stays on its speaker's card, linking to its own page
    card = page(app.outdir / "speakers.html").find(id="conf-speaker-tarek-ziade")
    assert [a["href"] for a in card.select(".conf-speaker-talks a")] == [
        "talks/circus.html#conf-talk-circus"
    ]
    assert card.select_one("strong").get_text() == "Tarek Ziadé"
    objects = {(name, typ): doc for name, _l, typ, doc, _a, _p in domain.get_objects()}
    assert objects["circus", "talk"] == "talks/circus"
    assert objects["psutil", "tool"] == "tools"


COPIED_PAGE = """\
:orphan:

Copied declarations
===================

.. tool:: psutil
   :name: psutil
   :category: library

.. talk:: circus
   :title: Circus: process & socket manager
   :speaker: tarek-ziade
   :kind: talk
   :date: 2013-05-15
"""


def test_copies_on_a_talk_page_sorting_first_move_nothing(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    """Issue 11's take-over cases in one talk page that sorts first: links and cards stay put."""
    src = shutil.copytree(ROOTS / "test-talks", tmp_path / "src")
    (src / "talks" / "00-copy.rst").write_text(COPIED_PAGE, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True, warningiserror=True)
    app.build()
    assert app.statuscode != 0  # the duplicates fail the strict build
    assert sorted(warnings_of(app)) == [
        "talks/00-copy.rst:10: duplicate talk id 'circus': also declared at"
        " talks/circus.rst:4, which is used [confnotes.duplicate_id]",
        "talks/00-copy.rst:6: duplicate tool id 'psutil': also declared at"
        " tools.rst:6, which is used [confnotes.duplicate_id]",
        "talks/00-copy.rst:6: tool 'psutil' is declared on a page without a"
        " tool-glossary directive [confnotes.orphan_declaration]",
    ]
    links = [
        (path.relative_to(app.outdir).as_posix(), a["href"])
        for path in app.outdir.rglob("*.html")
        for a in page(path).select("a.reference.internal")
        if "conf-tool-psutil" in a["href"]
    ]
    # every page that mentions the tool links it: the front page, the talk, the glossary
    assert {name for name, _href in links} >= {"index.html", "talks/circus.html", "tools.html"}
    # to the glossary; on the glossary itself (its jump bar and index), in-page
    assert all(
        href.rpartition("#")[0].endswith("tools.html") or (name == "tools.html" and href[0] == "#")
        for name, href in links
    )
    card = page(app.outdir / "speakers.html").find(id="conf-speaker-tarek-ziade")
    assert [a["href"] for a in card.select(".conf-speaker-talks a")] == [
        "talks/circus.html#conf-talk-circus"
    ]


def test_the_quick_url_rule_never_accepts_what_parsing_refuses() -> None:
    """``is_safe_url`` says yes to plain http(s) URLs without parsing them; never wrongly.

    Seeded random strings from the characters URLs (and attacks on them)
    are made of: whenever the quick pattern matches, the parsed rule agrees.
    """
    import random
    from urllib.parse import urlsplit

    from confnotes.core.validation import PLAIN_WEB_URL_RE, is_safe_url

    def parsed_rule(value: str) -> bool:
        before_query = re.split(r"[?#]", value, maxsplit=1)[0]
        if not value or any(ch.isspace() or ch < " " for ch in value) or "\\" in before_query:
            return False  # a browser reads a backslash before the query as a slash
        try:
            parts = urlsplit(value)
            return parts.scheme in {"http", "https"} and bool(parts.hostname)
        except ValueError:
            return False

    draw = random.Random(2013)
    pieces = [
        "http",
        "https",
        "HTTP",
        "javascript",
        ":",
        "//",
        "/",
        "@",
        "[",
        "]",
        "::1",
        "example.org",
        "a",
        "-",
        ".",
        ":80",
        "?",
        "#",
        "%",
        " ",
        "\t",
        "\x00",
        "é",
        "\\",
        "x.y",
        ":99999",
    ]
    matched = 0
    for _ in range(20_000):
        start = draw.choice(["http://", "https://", "HTTPS://", "http:/", ""])
        value = start + "".join(draw.choice(pieces) for _ in range(draw.randint(0, 6)))
        if PLAIN_WEB_URL_RE.fullmatch(value):
            matched += 1
            assert parsed_rule(value), value
        assert is_safe_url(value) == parsed_rule(value), value
    assert matched > 100  # the draw does reach the quick rule
