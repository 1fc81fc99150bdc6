"""Every warning type the extension emits has its row in CONTRIBUTING's table.

A contributor who meets ``[confnotes.<subtype>]`` looks it up there: what it
means and how to fix it. The subtypes are read from the extension's source
(``subtype="..."``, the prose checks' table, the bibliography's
``Problem("...", ...)``), so a new warning without
its row fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

SITE = Path(__file__).resolve().parents[1]
EMITTED_RE = re.compile(r'subtype="(\w+)"|\(\w+_RE, "(\w+)",|Problem\(\s*"(\w+)"')
#: a row of the table: its first cell names one or more warning types
ROW_RE = re.compile(r"^\| (`confnotes\.[^|]*)\|", re.M)
NAME_RE = re.compile(r"`confnotes\.(\w+)`")


def emitted() -> set[str]:
    """The subtypes written in the extension's source."""
    found: set[str] = set()
    for path in (SITE / "_ext").rglob("*.py"):
        for match in EMITTED_RE.finditer(path.read_text(encoding="utf-8")):
            found.add(match[1] or match[2] or match[3])
    return found


def test_every_warning_type_has_its_row() -> None:
    subtypes = emitted()
    # each way the source names one is read
    assert {"unsafe_link", "stated_day", "bib_missing"} <= subtypes
    text = (SITE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = {name for cell in ROW_RE.findall(text) for name in NAME_RE.findall(cell)}
    assert sorted(subtypes - rows) == []
