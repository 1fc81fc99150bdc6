"""Speaker aliases: one person under several spellings of the id reaches one card."""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.sphinx("html", testroot="aliases", freshenv=True)

CARD = "speakers.html#conf-speaker-maria-procida"


def test_every_spelling_reaches_one_card(app: Any, page: Any, warnings_of: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    speakers = page(app.outdir / "speakers.html")
    cards = speakers.select(".conf-speaker-grid .sd-card")
    names = [c.select_one(".conf-speaker-name strong").get_text(strip=True) for c in cards]
    assert names.count("Maria Procida") == 1
    maria = next(c for c in cards if "Maria Procida" in c.get_text())
    assert {"A first talk", "A second talk"} <= {a.get_text(strip=True) for a in maria.select("a")}
    second = page(app.outdir / "talks" / "second.html")
    hrefs = [a["href"] for a in second.select("a[href]")]
    # the header's speaker (written maria-procide) and the prose's :speaker:`procide`
    assert hrefs.count(f"../{CARD}") >= 2


def test_the_export_names_the_aliases(app: Any) -> None:
    app.build()
    data = json.loads((app.outdir / "conference.json").read_text())
    maria = next(s for s in data["speakers"] if s["id"] == "maria-procida")
    assert maria["aliases"] == ["maria-procide", "procide"]
    assert sorted(maria["talks"]) == ["first", "second"]
    second = next(t for t in data["talks"] if t["slug"] == "second")
    assert second["speaker_ids"] == ["maria-procida", "bob"]


def test_an_alias_that_is_a_declared_id_warns_and_keeps_both_cards(
    app: Any, page: Any, warnings_of: Any
) -> None:
    speakers = app.srcdir / "speakers.rst"
    speakers.write_text(speakers.read_text().replace("procide\n", "procide, bob\n"))
    app.build()
    assert warnings_of(app) == [
        "speakers.rst:6: alias 'bob' of speaker 'maria-procida' is itself a declared speaker"
        " id, which keeps its own card [confnotes.alias_conflict]"
    ]
    cards = page(app.outdir / "speakers.html").select(".conf-speaker-grid .sd-card")
    assert len(cards) == 2
