"""Counted words ("1 talk", "2 talks"): one rule, the standard library only.

The views and the scripts (``scripts/new_tool.py``, which loads this file
without Sphinx, as the scaffold loads ``ids.py``) print counts the same way.
"""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """``1 talk``, ``2 talks``, ``0 talks``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
