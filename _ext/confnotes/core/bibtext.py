"""The text a reader sees in a BibTeX field: LaTeX decoded, braces gone.

One rule for the two places that read ``.bib`` fields as text: the export's
descriptions of cited works (:mod:`confnotes.site.export`) and the
bibliography's title order (:mod:`confnotes_bib.style`). Much faster than
pybtex's ``Text.from_latex`` (about 70 times), which parses the markup.
"""

from __future__ import annotations

import codecs

import latexcodec  # noqa: F401  (registers the "ulatex" codec; a pybtex dependency)


def plain_text(latex: str) -> str:
    """Return *latex* as a reader sees it: decoded, without braces, spaces collapsed."""
    text: str = codecs.decode(latex, "ulatex")  # type: ignore[call-overload]  # str to str
    return " ".join(text.replace("{", "").replace("}", "").split())
