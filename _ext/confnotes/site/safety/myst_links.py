"""A Markdown link that markdown-it refuses warns, as an unsafe reST link does.

markdown-it (MyST's parser) makes no link of ``[x](javascript:alert(1))``,
``<vbscript:x>`` or ``[ref]: file:///etc/passwd``: its ``validateLink``
refuses the address, and the page shows the markup as text. The output is
safe, but the contributor is told nothing, where the same link in reST
warns ``confnotes.unsafe_link`` (``gate``).

Each Markdown page is parsed once more by markdown-it's CommonMark parser,
with its own ``validateLink`` noting what it refuses (text in code spans
and fences is never a link, so it is not asked). Each refused address warns
``confnotes.unsafe_link`` at its line: the first line of its block (or
link definition) on which it is written (``source_lines.line_with``), or
the block's first line when it is written otherwise (``&#106;avascript:``).

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
from markdown_it.rules_block.reference import reference
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.state_core import StateCore
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


def is_markdown_fence(token: Token) -> bool:
    """Whether *token* is a directive fence whose body MyST reads as Markdown."""
    match = DIRECTIVE_RE.match(token.info.strip()) if token.type == "fence" else None
    return match is not None and match.group(1).rpartition(":")[2] not in LITERAL_DIRECTIVES


class RefusedLinks:
    """markdown-it's CommonMark parser, noting each address it refuses and the line of its block.

    The line is that of the paragraph (or heading, table cell...) holding the
    link, or of the link reference definition: markdown-it asks
    ``validateLink`` with no position, so the rules that call it are wrapped
    to say where they are (its core ``inline`` rule, the same loop, and its
    block ``reference`` rule).
    """

    def __init__(self) -> None:
        self.parser = MarkdownIt("commonmark")
        self.accepts = self.parser.validateLink
        self.parser.validateLink = self.noting  # type: ignore[method-assign]
        self.parser.core.ruler.at("inline", self.inline)
        self.parser.block.ruler.at("reference", self.reference)
        #: the page's line before the text being parsed (a fence's body is parsed alone)
        self.offset = 0
        #: the page's line of the block being parsed
        self.line = 0
        #: each refused address, once, with the line where it was first met
        self.found: dict[str, int] = {}

    def noting(self, url: str) -> bool:
        """``validateLink``: markdown-it's answer, noting a refusal."""
        if self.accepts(url):
            return True
        self.found.setdefault(url, self.line)
        return False

    def inline(self, state: StateCore) -> None:
        """markdown-it's core ``inline`` rule, noting each block's line first."""
        for token in state.tokens:
            if token.type == "inline":
                self.line = self.offset + (token.map[0] + 1 if token.map else 1)
                if token.children is None:
                    token.children = []
                state.md.inline.parse(token.content, state.md, state.env, token.children)

    def reference(self, state: StateBlock, start: int, end: int, silent: bool) -> bool:
        """markdown-it's block ``reference`` rule, noting its line first."""
        self.line = self.offset + start + 1
        return reference(state, start, end, silent)

    def read(self, text: str, offset: int = 0) -> None:
        """Parse *text* (at *offset* in the page), then each directive fence's Markdown body."""
        self.offset = offset
        for token in self.parser.parse(text):
            if is_markdown_fence(token) and token.map:
                self.read(token.content, offset + token.map[0] + 1)


def refused_links(text: str) -> dict[str, int]:
    """Return each address markdown-it refuses to link in *text*, with its block's line."""
    links = RefusedLinks()
    links.read(text)
    return links.found


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: warn about each link of a Markdown page that markdown-it refuses."""
    if not is_markdown(app.config, app.env.doc2path(docname)):
        return
    path = Path(app.env.doc2path(docname))
    found = []
    for address, block in refused_links(source[0]).items():
        # the address's own line in its block, found by its start (markdown-it percent-encodes
        # what an address may not hold before it asks); the block's when it is written
        # otherwise (an entity: &#106;avascript:)
        found.append((line_with(path, address.split("%", 1)[0][:40], block) or block, address))
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
