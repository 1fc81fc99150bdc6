"""A page is a file of the project, whose name makes a safe link.

Three kinds of page file would publish what nobody reviewed, or make a link
that runs script, and are left out of the build:

* a page that is a symbolic link to a file outside the source directory
  (``talks/x.rst -> /etc/hostname``), or that lies in a linked folder outside
  it: Sphinx reads what the link points to and publishes it;
* a page whose name holds a colon (``javascript:alert(1).rst``): its URL,
  relative to a page beside it, reads as a URL with that scheme, and Sphinx
  writes it in every toctree, in the sidebar and in ``objects.inv``;
* a page whose name holds a quote, ``<``, ``>``, ``&``, a backslash, a
  control character or a character that ends a URL's path (``#``, ``?``,
  ``%``): Sphinx and the theme write page names into attributes unescaped
  (``href="../_sources/x" onmouseover="....rst.txt"``, singlehtml's ids);
  or a mark that turns text right to left (U+202E), which makes a name
  read as another in every list of pages.

Each warns ``confnotes.unsafe_page`` at the file (its line 1) and is added to
``exclude_patterns`` before Sphinx looks for pages (``config-inited``); the
rest of the site is built.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import get_matching_files

from confnotes.core.plaintext import CONTROL_RE, LINE_BREAK_RE
from confnotes.core.validation import warn
from confnotes.site.safety.unsafe import is_outside_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: characters Sphinx's patterns read as wildcards, each made a class of itself
WILDCARD_RE = re.compile(r"([*?\[])")
#: characters a page's name may not hold: markup in an attribute, or the end of a
#: path; and, as in any name (:mod:`confnotes.core.plaintext`), control characters,
#: line breaks and the invisible marks that make a name read as another
MARKUP_IN_NAME_RE = re.compile(r"[\t\"'<>&`\\#?%]")


def page_problem(srcdir: Path, relative: str, folders: dict[str, bool]) -> str:
    """Return why the page file *relative* may not be built ("" when it may).

    *folders* remembers whether each folder lies outside *srcdir*, links
    followed: one folder is resolved once, and a file only when it is a link.
    """
    if ":" in relative:
        return "its name holds a colon, and a link to it would read as a URL scheme"
    unsafe = next(
        (m for r in (MARKUP_IN_NAME_RE, CONTROL_RE, LINE_BREAK_RE) if (m := r.search(relative))),
        None,
    )
    if unsafe:
        return (
            f"its name holds {unsafe[0]!r}, which links to it would write into the pages'"
            " markup: name it with letters, digits, '-', '_' and '.'"
        )
    folder = relative.rpartition("/")[0]
    if folder not in folders:
        folders[folder] = is_outside_of(srcdir, srcdir / folder)
    path = srcdir / relative
    if folders[folder] or (os.path.islink(path) and is_outside_of(srcdir, path)):
        return "it links to a file outside the source directory"
    return ""


def as_pattern(relative: str) -> str:
    """Return an ``exclude_patterns`` entry that matches the file *relative* only."""
    return WILDCARD_RE.sub(r"[\1]", relative)


def refuse_unsafe_pages(app: Sphinx, config: Config) -> None:
    """``config-inited``: warn about each unsafe page file and exclude it."""
    srcdir = Path(app.srcdir)
    suffixes = tuple(config.source_suffix)
    excluded = list(config.exclude_patterns)
    refused = []
    folders: dict[str, bool] = {}
    for relative in get_matching_files(srcdir, config.include_patterns, excluded):
        if not relative.endswith(suffixes):
            continue
        problem = page_problem(srcdir, relative, folders)
        if problem:
            # line 1: the file as a whole (Sphinx would read a location
            # without a line as a page's name, and has no pages yet)
            location = f"{srcdir / relative}:1"
            warn(
                "page %r is not built: %s",
                relative,
                problem,
                subtype="unsafe_page",
                location=location,
            )
            refused.append(as_pattern(relative))
    if refused:
        config.exclude_patterns = [*excluded, *refused]


def setup_page_files(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.connect("config-inited", refuse_unsafe_pages, priority=900)
