"""Speakers declared by handle alone ("@lvh") or by what the notes call them ("Ben - Divio")."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.sphinx("html", testroot="handles", freshenv=True)


def texts(nodes: Any) -> list[str]:
    return [" ".join(node.get_text(" ", strip=True).split()) for node in nodes]


def test_only_a_speaker_without_name_or_handle_warns(app: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        "speakers.rst:22: speaker 'nameless' is missing the required option :name:"
        " (or a :twitter: or :github: handle) [confnotes.missing_option]"
    ]


def test_the_handle_stands_in_for_the_name(app: Any) -> None:
    app.build()
    names = {
        speaker_id: canonical.name
        for speaker_id, found in app.env.domains["conf"].speakers.items()
        for canonical in found.values()
    }
    assert names == {
        "lvh": "@lvh",
        "octo": "@octocat",
        "both": "@bird",  # Twitter first, as people write it
        "ben-divio": "Ben - Divio",
        "zed": "Zed Example",
        "nameless": "nameless",  # warned; the id is all there is
    }


def test_cards_show_the_handle(app: Any, page: Any) -> None:
    app.build()
    cards = page(app.outdir / "speakers.html").select(".conf-speaker-grid .sd-card")
    # sorted by name, ignoring the "@" of a handle
    assert texts(card.select_one(".conf-speaker-name strong") for card in cards) == [
        "Ben - Divio",
        "@bird",
        "@lvh",
        "nameless",
        "@octocat",
        "Zed Example",
    ]
    lvh = cards[2]
    assert lvh["id"] == "conf-speaker-lvh"
    avatar = lvh.select_one(".conf-avatar")
    assert (avatar["aria-label"], avatar.text) == ("@lvh", "L")
    assert [a["href"] for a in lvh.select(".conf-handles a")] == ["https://twitter.com/lvh"]
    assert texts(lvh.select(".conf-speaker-talks a")) == ["Crypto 101"]


def test_roles_and_index_use_the_handle(app: Any, page: Any) -> None:
    app.build()
    body = page(app.outdir / "talk.html")
    prose = body.find(string=lambda s: "listened" in s).parent
    assert texts(prose.find_all("a")) == ["@lvh", "Ben - Divio", "@octocat"]
    assert [a["href"] for a in prose.find_all("a")] == [
        "speakers.html#conf-speaker-lvh",
        "speakers.html#conf-speaker-ben-divio",
        "speakers.html#conf-speaker-octo",
    ]
    entries = texts(page(app.outdir / "genindex.html").select("table.indextable a"))
    assert "@lvh (speaker)" in entries and "Ben - Divio (speaker)" in entries
