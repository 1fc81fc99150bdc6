"""Hostile data the build used to accept silently: each warns at its line, none reaches the export.

The root ``test-hostile-data`` holds, in reST and MyST: ids with no letter or
digit (``---``, ``~~~``, ``***``, ``___``) for talks, speakers, tools, a talk's
speakers and roles, and an id with stray hyphens; an unknown ``:kind:`` and
``:category:``; a date that is no calendar date; a year and a month typed
wrong (far from their event's other days), beside a five-day event and one
with a week off; recordings on YouTube, Vimeo and a site of their own (one
host and one link not ASCII, a speaker and a link given twice); and a title
and introduction full of ``<``, ``>``, ``&`` and quotes.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import pyvideo_rules
from bs4 import BeautifulSoup

SCHEMA = (
    Path(__file__).parent.parent
    / "_ext"
    / "confnotes"
    / "site"
    / "export"
    / "conference.schema.json"
)
ROOT = "hostile-data"

CATEGORIES = "library, framework, service, database, tool, standard, language, community"
FAR = (
    "talk {id!r} is dated {date}, {days} days from the other days of 'Example Conf 2013'"
    " (2013-05-15 to 2013-05-17): check its :date: and :event: (an event's days are at"
    " most 7 days apart, confnotes_event_max_gap) [confnotes.far_date]"
)
EXPECTED = [
    "speakers.rst:12: speaker id '---' has no letter or digit: the speaker is not declared"
    " [confnotes.empty_id]",
    "speakers.rst:15: speaker id '-carol--x-' must not begin or end with a hyphen, nor have"
    " two in a row; using 'carol-x' [confnotes.bad_id]",
    "talks/escaping.rst:5: markup in :title: is shown as plain text: 'Quotes & <brackets> in"
    " a \"title\" that\\'s \\'hostile\\'' [confnotes.markup_in_name]",
    'talks/escaping-myst.md:4: markup in :title: is shown as plain text: \'MyST: "quotes" &'
    " <tags>' [confnotes.markup_in_name]",
    "talks/ids.rst:4: talk id '---' has no letter or digit: the talk is not declared"
    " [confnotes.empty_id]",
    "talks/ids.rst:12: speaker id '---' has no letter or digit: it is left out of the talk's"
    " speakers [confnotes.empty_id]",
    "talks/ids.rst:13: unknown :kind: value 'workshop' (expected one of: keynote, talk,"
    " lightning) [confnotes.bad_option]",
    "talks/ids.rst:17: tool id '---' has no letter or digit: ':tool:`---`' is left as text"
    " [confnotes.empty_id]",
    "talks/ids.rst:17: talk id '!!!' has no letter or digit: ':talk:`Nothing <!!!>`' is left"
    " as text [confnotes.empty_id]",
    "talks/ids.rst:23: invalid :date: '2013-02-30' (expected an ISO date, YYYY-MM-DD,"
    " or unknown) [confnotes.bad_option]",
    "talks/ids-myst.md:3: talk id '~~~' has no letter or digit: the talk is not declared"
    " [confnotes.empty_id]",
    "talks/ids-myst.md:12: speaker id '___' has no letter or digit: it is left out of the"
    " talk's speakers [confnotes.empty_id]",
    "talks/ids-myst.md:13: unknown :kind: value 'Keynote' (expected one of: keynote, talk,"
    " lightning) [confnotes.bad_option]",
    "talks/ids-myst.md:18: speaker id '***' has no letter or digit: '{speaker}`***`' is left"
    " as text [confnotes.empty_id]",
    "tools.rst:11: tool id '***' has no letter or digit: the tool is not declared"
    " [confnotes.empty_id]",
    f"tools.rst:15: unknown :category: value 'gizmo' (expected one of: {CATEGORIES})"
    " [confnotes.bad_option]",
    # after reading, once every talk is known: the same with -j 2
    "talks/days.rst:11: " + FAR.format(id="stray-year", date="2031-05-15", days=6572),
    "talks/days-myst.md:3: " + FAR.format(id="stray-month", date="2013-01-15", days=120),
]
SUBTYPES = sorted({line.rpartition("[")[2].rstrip("]") for line in EXPECTED})
#: the subtypes this issue added; each must be silenced by suppress_warnings
NEW_SUBTYPES = ("confnotes.empty_id", "confnotes.far_date")


def sphinx_root(**kwargs: Any) -> pytest.MarkDecorator:
    return pytest.mark.sphinx("html", testroot=ROOT, freshenv=True, **kwargs)


def export(app: Any) -> dict[str, Any]:
    return json.loads((Path(app.outdir) / "conference.json").read_text(encoding="utf-8"))


def validate(data: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(data)


@sphinx_root(confoverrides={"nitpicky": True})
def test_exact_warnings(app: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == EXPECTED


@sphinx_root(parallel=2)
def test_same_warnings_in_parallel(app: Any, warnings_of: Any) -> None:
    app.build()
    assert sorted(warnings_of(app)) == sorted(EXPECTED)


@pytest.mark.parametrize(
    "subtype",
    [
        pytest.param(
            subtype,
            marks=sphinx_root(
                srcdir=f"hostile-data-{subtype}", confoverrides={"suppress_warnings": [subtype]}
            ),
        )
        for subtype in SUBTYPES
    ],
)
def test_each_subtype_is_suppressible(app: Any, warnings_of: Any, subtype: str) -> None:
    assert set(NEW_SUBTYPES) <= set(SUBTYPES)
    app.build()
    assert warnings_of(app) == [w for w in EXPECTED if not w.endswith(f"[{subtype}]")]


# -- ids and choices ---------------------------------------------------------------


@sphinx_root()
def test_ids_without_a_letter_or_digit_declare_nothing(app: Any, page: Any) -> None:
    app.build()
    data = export(app)
    validate(data)
    assert [s["id"] for s in data["speakers"]] == ["alice", "bob", "carol-x"]
    assert [t["id"] for t in data["tools"]] == ["gadget", "psutil"]
    slugs = {t["slug"] for t in data["talks"]}
    assert not {"", "---", "~~~"} & slugs
    assert {"workshop-talk", "myst-keynote"} <= slugs
    talks = {t["slug"]: t for t in data["talks"]}
    assert talks["workshop-talk"]["speaker_ids"] == ["alice", "bob"]
    assert talks["myst-keynote"]["speaker_ids"] == ["bob"]
    # nothing named "---" reaches a page: the roles stay as written (smart quotes
    # make the dashes an em dash), unlinked
    ids = page(Path(app.outdir) / "talks" / "ids.html")
    assert ":tool:`—`" in ids.get_text()
    anchors = {a["href"].partition("#")[2] for a in ids.select('a.reference[href*="#conf-"]')}
    assert anchors == {"conf-speaker-alice", "conf-speaker-bob", "conf-tool-psutil"}


@sphinx_root()
def test_unknown_kind_and_category_are_shown_but_not_exported(app: Any, page: Any) -> None:
    app.build()
    data = export(app)
    talks = {t["slug"]: t for t in data["talks"]}
    assert talks["workshop-talk"]["kind"] is None
    assert talks["myst-keynote"]["kind"] is None
    assert talks["no-such-day"]["recorded"] is None
    assert {t["id"]: t["category"] for t in data["tools"]} == {"gadget": None, "psutil": "library"}
    assert None in [d["date"] for d in data["days"]]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) for e in data["events"] for day in e["days"])
    # the page still says what the source says (a failed check never hides a value)
    header = page(Path(app.outdir) / "talks" / "ids.html").select_one(".conf-talk-facts")
    assert header.get_text(" ", strip=True).startswith("Workshop")


@pytest.mark.parametrize(
    "value",
    ["talk", "keynote", "lightning", "workshop", "Keynote"],
)
def test_schema_takes_only_known_kinds(value: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    kind = {**schema["$defs"]["talk"]["properties"]["kind"], "$defs": schema["$defs"]}
    valid = jsonschema.Draft202012Validator(kind).is_valid(value)
    assert valid == (value in {"talk", "keynote", "lightning"})


# -- dates ---------------------------------------------------------------------------


@sphinx_root(confoverrides={"confnotes_event_max_gap": 0})
def test_the_date_check_can_be_turned_off(app: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == [w for w in EXPECTED if "far_date" not in w]


@sphinx_root(confoverrides={"confnotes_event_max_gap": 6})
def test_a_week_off_is_far_when_the_gap_allowed_is_shorter(app: Any, warnings_of: Any) -> None:
    app.build()
    far = [w for w in warnings_of(app) if "far_date" in w]
    assert [w.split(":")[0] + " " + w.split("'")[1] for w in far] == [
        "talks/days.rst stray-year",
        "talks/days-myst.md stray-month",
        "talks/days.rst gap-after",  # a tie: the earlier part is the event
    ]


def talk(ident: str, date: str, event: str = "Conf") -> Any:
    from confnotes.core.records import TalkRecord

    return TalkRecord(
        ident, ident, ("x",), "talk", date, event, "", "", (), "", 0, "", "talks/x", 1
    )


def test_legitimate_events_are_never_far() -> None:
    from confnotes.core.event_days import DEFAULT_MAX_GAP, far_talks

    first = datetime.date(2013, 5, 15)
    # five days, then what the random contributor adds (tests/test_contributor.py):
    # 1-3 days before, 1-2 and 3-5 days after the last day, in the same event
    days = [first + datetime.timedelta(days=n) for n in (-3, 0, 1, 2, 3, 4, 6, 9)]
    talks = [talk(f"t{i}", day.isoformat()) for i, day in enumerate(days)]
    assert far_talks(talks, DEFAULT_MAX_GAP) == []
    # a second event a year away is another event, so not far either
    talks += [talk("next", "2014-05-15", "Next Conf")]
    assert far_talks([t for t in talks if t.event == "Conf"], DEFAULT_MAX_GAP) == []
    # but one talk of the same event a year away is
    found = far_talks([*talks[:-1], talk("typo", "2014-05-15")], DEFAULT_MAX_GAP)
    assert [(t.id, days_off) for t, days_off, _first, _last in found] == [("typo", 356)]


def test_the_bigger_part_of_an_event_is_the_event() -> None:
    from confnotes.core.event_days import far_talks

    talks = [talk("a", "2003-05-15"), talk("b", "2013-05-15"), talk("c", "2013-05-16")]
    assert [t.id for t, *_rest in far_talks(talks, 7)] == ["a"]


# -- PyVideo -------------------------------------------------------------------------


@sphinx_root()
def test_talks_with_a_recording_are_pyvideo_records(app: Any) -> None:
    app.build()
    data = export(app)
    recorded = [t for t in data["talks"] if t["videos"]]
    assert [t["slug"] for t in recorded] == ["on-youtube", "on-vimeo", "on-a-site"]
    for record in recorded:
        assert pyvideo_rules.problems(record) == [], record["slug"]
    youtube, vimeo, site = recorded
    assert youtube["speakers"] == ["Alice Example", "Bob Example"]  # Alice was given twice
    assert youtube["related_urls"] == [
        {"label": "slides", "url": "https://speakerdeck.com/alice/on-youtube"},
        {"label": "link", "url": "https://example.org/a"},
        {"label": "link", "url": "https://speakerdeck.com/alice/on-youtube"},
    ]
    assert vimeo["speakers"] == []
    assert vimeo["related_urls"] == [
        {"label": "link", "url": "https://example.org/%C3%9Cn%C3%AFcode/slides?q=%C3%A7a"}
    ]
    assert site["videos"] == [
        {"type": "url", "url": "https://m%C3%A9dia.example.org/talks/on-a-site.mp4"}
    ]
    assert "id" not in youtube


def test_pyvideo_rules_are_not_vacuous() -> None:
    good = {
        "title": "T",
        "description": None,
        "speakers": ["A"],
        "recorded": "2013-05-15",
        "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=x"}],
    }
    assert pyvideo_rules.problems(good) == []
    assert pyvideo_rules.problems({**good, "recorded": "2019-08-10T13:33:30+05:30"}) == []
    # the shape of schema_version 1: a string id
    assert pyvideo_rules.problems({**good, "id": "circus"}) == [
        "'id' must be an integer or null, not 'circus'"
    ]
    bad = [
        {**good, "recorded": "2013-02-30"},
        {**good, "speakers": ["A", "A"]},
        {**good, "videos": []},
        {**good, "videos": [{"type": "url", "url": "https://média.example.org/v.mp4"}]},
        {**good, "videos": [{"url": "https://example.org/v.mp4"}]},
        {**good, "related_urls": [{"label": "x", "url": "not a uri"}]},
        {key: value for key, value in good.items() if key != "title"},
    ]
    for record in bad:
        assert pyvideo_rules.problems(record), record


# -- Open Graph ----------------------------------------------------------------------

ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def meta_contents(html: str) -> list[str]:
    """The raw ``content`` attribute of every meta tag, as written."""
    return re.findall(r'<meta\b[^>]*?\scontent="([^"]*)"', html)


@sphinx_root()
def test_open_graph_title_and_description_are_escaped(app: Any) -> None:
    app.build()
    for name, title, intro in (
        (
            "escaping",
            "Quotes & <brackets> in a “title”",
            "An intro with </title><script>alert(“og”)</script> & \u2018single\u2019 quotes,"
            " &amp; an entity written out, and a > sign.",
        ),
        (
            "escaping-myst",
            "MyST: “quotes” & <tags>",
            "An intro in MyST with <meta http-equiv=”refresh”> & “double” quotes.",
        ),
    ):
        html = (Path(app.outdir) / "talks" / f"{name}.html").read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        # as written: no bracket, and every & starts an entity
        for content in meta_contents(head):
            assert "<" not in content and ">" not in content, content
            assert all(ENTITY.match(content, m.start()) for m in re.finditer("&", content))
        # as read: exactly the title and the introduction
        soup = BeautifulSoup(head, "lxml")
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert og["og:title"] == title
        assert og["og:description"] == intro
        assert soup.find("meta", attrs={"name": "description"})["content"] == intro
        # no script but the JSON-LD, whose text escapes < > & (confnotes.site.web.jsonld)
        assert re.findall(r"<script\b(?![^>]*(?:\ssrc=|application/ld\+json))", head) == []
