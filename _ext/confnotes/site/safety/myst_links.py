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

CommonMark reads a MyST directive's backtick fence (```` ```{note} ````) as
code, where MyST parses its body as Markdown: the body of every directive
fence is parsed the same way, fences within it too, except the directives
whose body is not Markdown (:data:`LITERAL_DIRECTIVES`: code, math, raw,
reST...). A colon fence (``:::{note}``) is no fence to CommonMark: its body
is read with the page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.token import Token

from confnotes.core.markup import is_markdown
from confnotes.core.source_lines import line_with
from confnotes.core.validation import LINK_RULE, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: a fence's info string that makes it a MyST directive: ``{name}`` first
DIRECTIVE_RE = re.compile(r"\{([^{}\s]+)\}")
#: directives whose body MyST does not read as Markdown (code, TeX, HTML, reST, data)
LITERAL_DIRECTIVES = frozenset(
    {
        "code",
        "code-block",
        "sourcecode",
        "code-cell",
        "literalinclude",
        "math",
        "raw",
        "eval-rst",
        "csv-table",
        "parsed-literal",
        "graphviz",
        "digraph",
        "graph",
        "mermaid",
        "productionlist",
        "highlight",
    }
)


def markdown_fences(tokens: list[Token]) -> list[str]:
    """Return the bodies of the directive fences among *tokens* that MyST reads as Markdown."""
    bodies = []
    for token in tokens:
        match = DIRECTIVE_RE.match(token.info.strip()) if token.type == "fence" else None
        if match and match.group(1).rpartition(":")[2] not in LITERAL_DIRECTIVES:
            bodies.append(token.content)
    return bodies


def refused_links(text: str) -> list[str]:
    """Return each address markdown-it refuses to link in *text*, once each.

    The page's own first, then those in the bodies of its directive fences
    (:func:`markdown_fences`).
    """
    parser = MarkdownIt("commonmark")
    accepts = parser.validateLink
    refused: dict[str, None] = {}

    def noting(url: str) -> bool:
        if accepts(url):
            return True
        refused[url] = None
        return False

    parser.validateLink = noting  # type: ignore[method-assign]
    waiting = [text]
    while waiting:
        waiting = [*markdown_fences(parser.parse(waiting.pop(0))), *waiting]
    return list(refused)


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: warn about each link of a Markdown page that markdown-it refuses."""
    if not is_markdown(app.config, app.env.doc2path(docname)):
        return
    path = Path(app.env.doc2path(docname))
    # its start: markdown-it percent-encodes what an address may not hold before it asks
    found = [(line_with(path, a.split("%", 1)[0][:40]), a) for a in refused_links(source[0])]
    for line, address in sorted(found, key=lambda pair: pair[0]):
        warn(
            f"link to %r removed, its text kept: {LINK_RULE}",
            address[:80],
            subtype="unsafe_link",
            location=(docname, line),
        )


def setup_myst_links(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.connect("source-read", check_page)
