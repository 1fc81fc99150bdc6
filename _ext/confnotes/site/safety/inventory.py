"""No object of any domain forges another entry of ``objects.inv``.

Sphinx writes each object of each domain as one line, ``name domain:type
priority uri dispname``, and its intersphinx reader takes the shortest name
followed by such a triple (:func:`confnotes.core.stdtargets.reads_back`): a
glossary term, a label, an ``envvar`` or any domain's object named
``Forge x std:term -1 https://evil.example/ -`` reads back, in every project
that links here through intersphinx, as ``Forge x`` linking to evil.example.

Tool names never reach the inventory as terms (``stdtargets``). Every other
object is checked once the inventory is written (``build-finished``): the
line of a name that would not read back as itself is taken out of
``objects.inv``, with a warning ``confnotes.inventory_name`` at its page.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from confnotes.core.stdtargets import reads_back
from confnotes.core.validation import warn
from confnotes.site.safety.gate import line_with

if TYPE_CHECKING:
    from sphinx.application import Sphinx

INVENTORY = "objects.inv"
#: lines before the compressed body: the format's, the project's and the version's
HEADER_LINES = 4


def forged_entries(app: Sphinx) -> list[tuple[str, str]]:
    """Return ``(line start, docname)`` of each object whose name would not read back."""
    found = []
    for domain in app.env.domains.sorted():
        for name, _display, kind, docname, _anchor, _priority in domain.get_objects():
            if not reads_back(name):
                found.append((f"{name} {domain.name}:{kind} ", docname))
    return found


def without_lines(data: bytes, starts: set[str]) -> bytes:
    """Return the inventory *data* without the entries that begin with one of *starts*."""
    parts = data.split(b"\n", HEADER_LINES)
    body = zlib.decompress(parts[HEADER_LINES]).decode("utf-8")
    kept = "".join(
        line for line in body.splitlines(keepends=True) if not line.startswith(tuple(starts))
    )
    return b"\n".join(parts[:HEADER_LINES]) + b"\n" + zlib.compress(kept.encode("utf-8"), 9)


def line_of_name(source: Path, name: str) -> int:
    """Return the line where *name* is written, as is or as a reST label escapes it (0: none)."""
    return line_with(source, name) or line_with(source, name.replace(":", "\\:"))


def drop_forged_entries(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: take out of ``objects.inv`` each entry that reads as another."""
    path = Path(app.outdir, INVENTORY)
    if exception is not None or app.builder.format != "html" or not path.is_file():
        return
    forged = forged_entries(app)
    if not forged:
        return
    for start, docname in forged:
        name = start.rsplit(" ", 2)[0]
        warn(
            "%r is left out of objects.inv: intersphinx would read it back as another"
            " entry, linking elsewhere; name it without a 'domain:type number' in it",
            name,
            subtype="inventory_name",
            location=(docname, line_of_name(app.env.doc2path(docname), name)),
        )
    path.write_bytes(without_lines(path.read_bytes(), {start for start, _ in forged}))


def setup_inventory(app: Sphinx) -> None:
    """Register the check of the written inventory."""
    app.connect("build-finished", drop_forged_entries)
