"""Whether a path a page names is a file or a folder, asked without raising.

A page names any path it likes: one longer than the system allows (a name of
300 digits) made ``Path.is_file()`` raise ``OSError`` (``File name too
long``) on Python 3.11, which stopped every builder while the page was read.
Such a path is neither a file nor a folder: the checks go on, and Sphinx or
docutils then say the file cannot be read, at its line.
"""

from __future__ import annotations

import os
from pathlib import Path


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether *path* is a file (False when the system refuses the path)."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):  # too long a name, a NUL byte
        return False


def is_folder(path: str | os.PathLike[str]) -> bool:
    """Whether *path* is a folder (False when the system refuses the path)."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def exists(path: str | os.PathLike[str]) -> bool:
    """Whether anything is at *path* (False when the system refuses the path)."""
    try:
        return Path(path).exists()
    except (OSError, ValueError):
        return False
