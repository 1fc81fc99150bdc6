"""No object of any domain forges another entry of ``objects.inv``.

Sphinx writes each object of each domain as one line, ``name domain:type
priority uri dispname``, and its intersphinx reader takes the shortest name
followed by such a triple (:func:`confnotes.core.stdtargets.reads_back`): a
glossary term, a label, an ``envvar`` or any domain's object named
``Forge x std:term -1 https://evil.example/ -`` reads back, in every project
that links here through intersphinx, as ``Forge x`` linking to evil.example.

A line break does the same: Sphinx writes an object's name and shown title
as they are, one entry a line, and a figure's caption (a label's title)
keeps its line breaks, so the rest of it is read as an entry of its own.

Tool names never reach the inventory as terms (``stdtargets``). Every other
object is checked once the inventory is written (``build-finished``): each
line that reads back as an entry outside the site is taken out of
``objects.inv``, with a warning ``confnotes.inventory_name`` at the page of
each object that wrote one.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from docutils import nodes

from confnotes.core.locations import line_in_file_of
from confnotes.core.shape import title_line
from confnotes.core.source_lines import line_of_name
from confnotes.core.stdtargets import INVENTORY_LINE_RE, reads_back
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

INVENTORY = "objects.inv"
#: lines before the compressed body: the format's, the project's and the version's (no
#: public API says so: Sphinx's reader, which tests/test_inventory_names.py reads the
#: rewritten file with, fails if it changes)
HEADER_LINES = 4


def forged_entries(app: Sphinx) -> list[tuple[str, str, str, str, str]]:
    """Return ``(name, display, kind, docname, anchor)`` of each entry that would not read back.

    Its name reads as a shorter name and another entry, or its name or shown
    title holds a line break: Sphinx writes both as they are, one entry a
    line, so the rest of the title is read as an entry of its own.
    """
    found = []
    for domain in app.env.domains.sorted():
        for name, display, kind, docname, anchor, _priority in domain.get_objects():
            if not reads_back(name) or "\n" in name or "\n" in display:
                found.append((name, display, kind, docname, anchor))
    return found


def stays_in_site(line: str) -> bool:
    """Whether an entry's line reads back (as Sphinx's reader reads it) as a page of the site."""
    match = INVENTORY_LINE_RE.match(line)
    if match is None:
        return False
    try:
        target = urlsplit(match[4])
    except ValueError:  # no address a parser reads (``//[x``) is a page of the site
        return False
    return not (target.scheme or target.netloc or match[4].startswith("//"))


def without_forged_lines(data: bytes) -> bytes:
    """Return the inventory *data* without the lines that read back as leaving the site.

    Entries are split where Sphinx's reader splits them, at line feeds; a line
    the reader takes for an entry elsewhere is dropped, the site's are kept.
    """
    parts = data.split(b"\n", HEADER_LINES)
    lines = zlib.decompress(parts[HEADER_LINES]).decode("utf-8").split("\n")
    kept = "".join(f"{line}\n" for line in lines if line and stays_in_site(line))
    return b"\n".join(parts[:HEADER_LINES]) + b"\n" + zlib.compress(kept.encode("utf-8"), 9)


def drop_forged_entries(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: take out of ``objects.inv`` each line that reads as another entry.

    The file is written first, then the warnings: a build that stops at the
    first warning leaves no forged inventory behind.
    """
    path = Path(app.outdir, INVENTORY)
    if exception is not None or app.builder.format != "html" or not path.is_file():
        return
    forged = forged_entries(app)
    if not forged:
        return
    path.write_bytes(without_forged_lines(path.read_bytes()))
    for name, display, kind, docname, anchor in forged:
        warn(
            "%r is left out of objects.inv: intersphinx would read it back as another"
            " entry, linking elsewhere; name it (and title it) on one line, without a"
            " 'domain:type number' in it",
            name,
            subtype="inventory_name",
            location=object_location(app.env, name, display, kind, docname, anchor),
        )


def object_location(
    env: BuildEnvironment, name: str, display: str, kind: str, docname: str, anchor: str = ""
) -> str | tuple[str, int]:
    """Locate an object by the line that writes its name or title; a page at its title.

    A page's name is its docname, which it does not write, and its title
    may be written nowhere as it reads (a substitution makes it). A name
    written nowhere as it reads (an empty one: ``.. js:method:: ()``) is
    located by the line of the node its anchor names.
    """
    if kind == "doc":
        return docname, title_line(env, docname)
    line = line_of_name(env.doc2path(docname), name, display)
    if line:
        return docname, line
    return anchor_location(env, docname, anchor) or docname


def anchor_location(
    env: BuildEnvironment, docname: str, anchor: str
) -> str | tuple[str, int] | None:
    """Locate the node of *docname* whose id is *anchor*, in the file it is written in."""
    if not anchor:
        return None
    for node in env.get_doctree(docname).findall(nodes.Element):
        if anchor in node["ids"]:
            written = next((n for n in node.findall() if n.line), None)
            return line_in_file_of(env, written, written.line, docname) if written else None
    return None


def setup_inventory(app: Sphinx) -> None:
    """Register the check of the written inventory."""
    app.connect("build-finished", drop_forged_entries)
