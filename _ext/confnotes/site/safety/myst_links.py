"""A Markdown link that markdown-it refuses warns, as an unsafe reST link does.

markdown-it (MyST's parser) makes no link of ``[x](javascript:alert(1))``,
``<vbscript:x>`` or ``[ref]: file:///etc/passwd``: its ``validateLink``
refuses the address, and the page shows the markup as text. The output is
safe, but the contributor is told nothing, where the same link in reST
warns ``confnotes.unsafe_link`` (``gate``).

Each Markdown page is parsed once more by markdown-it's CommonMark parser,
with its own ``validateLink`` noting what it refuses (text in code spans
and fences is never a link, so it is not asked). Each refused address warns
``confnotes.unsafe_link`` at the first line of the page that holds it
(``source_lines.line_with``).
Markdown inside a MyST directive's fence is not looked at: CommonMark
reads the fence as code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from confnotes.core.markup import is_markdown
from confnotes.core.source_lines import line_with
from confnotes.core.validation import LINK_RULE, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def refused_links(text: str) -> list[str]:
    """Return each address markdown-it refuses to link in *text*, in order, once each."""
    parser = MarkdownIt("commonmark")
    accepts = parser.validateLink
    refused: dict[str, None] = {}

    def noting(url: str) -> bool:
        if accepts(url):
            return True
        refused[url] = None
        return False

    parser.validateLink = noting  # type: ignore[method-assign]
    parser.parse(text)
    return list(refused)


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: warn about each link of a Markdown page that markdown-it refuses."""
    if not is_markdown(app.config, app.env.doc2path(docname)):
        return
    path = Path(app.env.doc2path(docname))
    for address in refused_links(source[0]):
        # its start: markdown-it percent-encodes what an address may not hold before it asks
        written = address.split("%", 1)[0][:40]
        warn(
            f"link to %r removed, its text kept: {LINK_RULE}",
            address[:80],
            subtype="unsafe_link",
            location=(docname, line_with(path, written)),
        )


def setup_myst_links(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.connect("source-read", check_page)
