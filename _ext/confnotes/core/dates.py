"""Dates as the notes and the pages write them: one rule, the standard library only.

English names whatever the machine's locale (``%A`` and ``%B`` would print
the builder's language), so the scaffold (``scripts/new_talk.py``, which
loads this file without Sphinx) and the pages print the same words.
"""

from __future__ import annotations

import datetime
import re

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def is_date(value: str) -> bool:
    """Whether *value* is an ISO calendar date (YYYY-MM-DD); no warning."""
    if not DATE_RE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def human_date(value: str) -> str:
    """``2013-05-15`` as "15 May 2013"; anything else (``unknown``) unchanged."""
    if not is_date(value):
        return value
    day = datetime.date.fromisoformat(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_label(value: str) -> str:
    """``Wednesday 15 May 2013`` for an ISO date, "date unknown" for ``unknown``."""
    if not is_date(value):
        return "date unknown" if value == "unknown" else value
    day = datetime.date.fromisoformat(value)
    return f"{WEEKDAYS[day.weekday()]} {human_date(value)}"
