"""Which markup a page is written in: what the project's ``source_suffix`` says.

A page (or an included file) is Markdown, read by MyST, when its name ends
with a suffix that ``source_suffix`` maps to ``markdown``; everything else
here is reStructuredText. Titles are located differently (a reST title's
line is its underline's), and some checks only apply to one markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.config import Config


def is_markdown(config: Config, path: str | Path) -> bool:
    """Whether the file at *path* is read as Markdown in this project."""
    name = str(path)
    return any(
        name.endswith(suffix)
        for suffix, filetype in config.source_suffix.items()
        if filetype == "markdown"
    )
