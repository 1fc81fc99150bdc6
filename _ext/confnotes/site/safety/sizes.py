"""Sizes the writers compute with are kept to sizes a page can have.

An image's ``:width:``, ``:height:`` and ``:scale:`` and a table's
``:widths:`` reach the writers as numbers they multiply: ``:width: 1`` and
309 zeros overflowed the HTML writer's float (``OverflowError``, html,
dirhtml, singlehtml, epub), the same ``:scale:`` LaTeX's, and a column
width of twenty digits the text writer's line (``cannot fit 'int' into an
index-sized integer``). Each stopped the build.

While the page is read, an image size past :data:`MAX_SIZE` (in any unit:
no page is that large) is left out, so the image keeps its own size, and a
table whose column widths pass :data:`MAX_COLUMN_WIDTH` gets equal columns;
each warns ``confnotes.bad_option`` at the image or table.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import written_at
from confnotes.core.source_lines import line_matching
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: larger than any image is shown, in any unit (pixels, ems, percent, a scale in percent)
MAX_SIZE = 100_000
#: a table's relative column widths: larger than any table's source gives
MAX_COLUMN_WIDTH = 10_000
#: a length's number, as docutils keeps it (``1e3em``, ``50%``, ``120``), or what it made
#: of a number past a float's range (4,301 digits: ``inf``, which the HTML writer refused)
NUMBER_RE = re.compile(r"\s*([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|inf(?:inity)?|nan))", re.I)


def too_large(value: Any) -> bool:
    """Whether *value* (a length such as ``"120px"``, or a number) is past :data:`MAX_SIZE`."""
    match = NUMBER_RE.match(str(value))
    if match is None:
        return False
    number = float(match.group(1))  # a float of any digits: inf past its range, never an error
    return not math.isfinite(number) or abs(number) > MAX_SIZE


class KeepSizes(SphinxTransform):
    """Leave out image sizes and table widths no writer can compute with."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Check every image's size and every table's column widths."""
        for image in self.document.findall(nodes.image):
            for option in ("width", "height", "scale"):
                if option in image and too_large(image[option]):
                    warn(
                        "image %s %r is larger than any page shows (at most %s);"
                        " the image keeps its own",
                        option,
                        str(image[option])[:40],
                        f"{MAX_SIZE:,}",
                        subtype="bad_option",
                        location=written_at(self.env, image),
                    )
                    del image[option]
        searched = 1  # the tables' options are written in the order of the tables
        for group in self.document.findall(nodes.tgroup):
            widths = [int(spec.get("colwidth", 1)) for spec in group.findall(nodes.colspec)]
            if max(widths, default=0) > MAX_COLUMN_WIDTH:
                warn(
                    "table column widths %s are larger than any table gives (at most %s);"
                    " its columns are made equal",
                    " ".join(str(width)[:20] for width in widths)[:80],
                    f"{MAX_COLUMN_WIDTH:,}",
                    subtype="bad_option",
                    location=(location := self.widths_location(group, max(widths), searched)),
                )
                searched = location[1] + 1 if isinstance(location, tuple) else searched
                for spec in group.findall(nodes.colspec):
                    spec["colwidth"] = 1

    def widths_location(
        self, group: nodes.tgroup, widest: int, start: int
    ) -> str | tuple[str, int]:
        """Locate the table's widths: the line of the page that writes the widest.

        docutils gives a table from ``csv-table`` or ``list-table`` no line of
        its own; the number is written as it is in the ``:widths:`` option,
        looked for from *start* (after the tables before it).
        """
        source = Path(self.env.doc2path(self.env.docname))
        line = line_matching(source, re.compile(rf"widths\s*:.*(?<!\d){widest}(?!\d)"), start)
        if line:
            return (self.env.docname, line)
        return written_at(self.env, next(group.findall(nodes.Text), group))


def setup_sizes(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(KeepSizes)
