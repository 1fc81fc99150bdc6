"""Every bad case warns with file:line and a subtype, and loses nothing else."""

from __future__ import annotations

from typing import Any

import pytest

EXPECTED = [
    "speakers.rst:6: malformed twitter handle in :twitter:: '@far_too_long_a_handle'"
    " [confnotes.bad_handle]",
    "speakers.rst:6: malformed github handle in :github:: '-bad-' [confnotes.bad_handle]",
    "speakers.rst:6: unsafe URL scheme 'javascript' in :website: (only http and https become"
    " links): 'javascript:alert(1)' [confnotes.unsafe_url]",
    "speakers.rst:6: markup in :name: is shown as plain text:"
    " '<script>alert(1)</script> Mallory' [confnotes.markup_in_name]",
    "speakers.rst:12: malformed URL in :website: (expected http:// or https:// and a host):"
    " 'www.example.org' [confnotes.bad_url]",
    "speakers.rst:17: duplicate speaker id 'alice': also declared at speakers.rst:12, which is used"
    " [confnotes.duplicate_id]",
    "speakers.rst:20: speaker id 'Bad_ID' must use only lowercase letters, digits and hyphens;"
    " using 'bad-id' [confnotes.bad_id]",
    "speakers.rst:20: markup in :name: is shown as plain text: 'Bob *Emphasis*'"
    " [confnotes.markup_in_name]",
    "talks/bad.rst:7: unknown :kind: value 'workshop' (expected one of: keynote, talk, lightning)"
    " [confnotes.bad_option]",
    "talks/bad.rst:8: unsafe URL scheme 'javascript' in :slides: (only http and https become"
    " links): 'javascript:alert(1)' [confnotes.unsafe_url]",
    "talks/bad.rst:9: malformed URL in :video: (expected http:// or https:// and a host):"
    " 'not a url' [confnotes.bad_url]",
    "talks/bad.rst:5: markup in :title: is shown as plain text: 'A <b>bold</b> talk'"
    " [confnotes.markup_in_name]",
    "talks/bad.rst:18: empty entry in :speaker: ',, unknown,,': speakers are ids separated"
    " by commas [confnotes.bad_option]",
    "talks/bad.rst:20: invalid :date: '2013-13-45' (expected an ISO date, YYYY-MM-DD,"
    " or unknown) [confnotes.bad_option]",
    "talks/bad.rst:21: markup in :event: is shown as plain text: 'Evil <i>Conf</i>'"
    " [confnotes.markup_in_name]",
    "talks/bad.rst:22: markup in :speaker-note: is shown as plain text: 'Not <b>named</b>.'"
    " [confnotes.markup_in_name]",
    "tools.rst:12: duplicate tool id 'psutil': also declared at tools.rst:6, which is used"
    " [confnotes.duplicate_id]",
    "tools.rst:15: unknown :category: value 'gizmo' (expected one of: library, framework,"
    " service, database, tool, standard, language, community) [confnotes.bad_option]",
    "tools.rst:15: unsafe URL scheme 'ftp' in :homepage: (only http and https become links):"
    " 'ftp://example.org/gadget' [confnotes.unsafe_url]",
    # found after reading, in env-check-consistency: the same in -j builds; the
    # declaration on the speaker-grid page is used, the warning is on the other
    "other.rst:4: duplicate speaker id 'alice': also declared at speakers.rst:12, which is used"
    " [confnotes.duplicate_id]",
    "other.rst:4: speaker 'alice' is declared on a page without a speaker-grid directive"
    " [confnotes.orphan_declaration]",
    "other.rst:7: speaker 'orphan' is declared on a page without a speaker-grid directive"
    " [confnotes.orphan_declaration]",
    # dangling references, Sphinx's ref.<type> warnings with where ids are declared;
    # a talk's unknown speaker at its :speaker: option
    "talks/bad.rst:6: unknown speaker: 'ghost'; speakers are declared in speakers.rst"
    " [ref.speaker]",
    "talks/bad.rst:13: unknown tool: 'nosuchtool'; tools are declared in tools.rst [ref.tool]",
    "talks/bad.rst:13: unknown speaker: 'nobody'; speakers are declared in speakers.rst"
    " [ref.speaker]",
    "talks/bad.rst:14: unknown talk: 'nothing'; talks are declared in talks/bad.rst [ref.talk]",
]

SUBTYPES = sorted({line.rpartition("[")[2].rstrip("]") for line in EXPECTED})


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_exact_warnings(app: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == EXPECTED


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True, parallel=2)
def test_same_warnings_in_parallel(app: Any, warnings_of: Any) -> None:
    app.build()
    assert sorted(warnings_of(app)) == sorted(EXPECTED)


@pytest.mark.parametrize(
    "subtype",
    [
        pytest.param(
            subtype,
            marks=pytest.mark.sphinx(
                "html",
                testroot="bad-input",
                srcdir=f"bad-input-{subtype}",
                freshenv=True,
                confoverrides={"suppress_warnings": [subtype]},
            ),
        )
        for subtype in SUBTYPES
    ],
)
def test_each_subtype_is_suppressible(app: Any, warnings_of: Any, subtype: str) -> None:
    app.build()
    assert warnings_of(app) == [w for w in EXPECTED if not w.endswith(f"[{subtype}]")]


@pytest.mark.sphinx("html", testroot="bad-input")
def test_names_are_escaped_and_unsafe_urls_never_links(app: Any, page: Any) -> None:
    app.build()
    speakers = page(app.outdir / "speakers.html")
    names = [s.get_text() for s in speakers.select(".conf-speaker-name strong")]
    assert names == [
        "<script>alert(1)</script> Mallory",
        "Alice Example",
        "Bob *Emphasis*",
    ]
    assert speakers.find("script") is None
    mallory = speakers.find(id="conf-speaker-mallory")
    assert mallory.select_one(".conf-avatar")["aria-label"] == "<script>alert(1)</script> Mallory"
    assert mallory.select("a") == []
    assert [li.get_text(" ", strip=True) for li in mallory.select(".conf-handles li")] == [
        "Twitter: @far_too_long_a_handle",
        "GitHub: -bad-",
        "Website: javascript:alert(1)",
    ]
    for path in app.outdir.rglob("*.html"):
        body = page(path)
        for a in body.find_all("a", href=True):
            assert not a["href"].lower().startswith(("javascript:", "ftp:")), (path, a)
        assert body.find("script") is None
        assert body.find("b") is None


@pytest.mark.sphinx("html", testroot="bad-input")
def test_rest_of_page_still_renders(app: Any, page: Any) -> None:
    app.build()
    talk = page(app.outdir / "talks" / "bad.html")
    text = talk.get_text(" ", strip=True)
    assert "The abstract survives." in text
    assert "This paragraph is still here." in text
    headers = talk.select(".conf-talk-header")
    assert len(headers) == 2
    card = [
        [p.get_text(" ", strip=True) for p in header.select(".conf-talk-card > p")]
        for header in headers
    ]
    assert card == [
        # no date, no event and no confnotes_default_event: left out, not
        # "unknown"; "alice" resolves to the canonical declaration: the one on
        # the speaker-grid page; unsafe and malformed URLs stay text
        ["AE Alice Example ghost", "Workshop", "not a url javascript:alert(1)"],
        # an invalid date warns and counts as unknown: never shown as the date;
        # markup in the event's name is text
        ["Speaker unknown — Not <b>named</b>.", "Talk · Evil <i>Conf</i>"],
    ]
    assert talk.select_one(".conf-talk-header")["id"] == "conf-talk-bad-talk"
    title = headers[0].find_parent("section").h1.get_text()
    assert title.startswith("Bad talk")
    glossary = page(app.outdir / "tools.html")
    assert [dt["id"] for dt in glossary.select("dt")] == ["conf-tool-gadget", "conf-tool-psutil"]
    assert "ftp://example.org/gadget" in glossary.get_text()
