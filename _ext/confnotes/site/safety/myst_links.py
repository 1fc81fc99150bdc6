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
fence is parsed the same way, fences within it too (as deep as MyST reads), if
its directive is one whose body MyST reads as Markdown
(:data:`MARKDOWN_DIRECTIVES`: admonitions, containers, cards, tabs...; not
code, math, reST, a toctree or a doctest), and so is the title after its
name (```` ```{admonition} Title ````). A colon fence (``:::{note}``)
is no fence to CommonMark: its body is read with the page. An included
Markdown file (``{include}``, ``.. include::`` of a ``.md`` file) is read
the same way, and warned about at its own lines.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_block.reference import reference
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from confnotes.core.markup import is_markdown
from confnotes.core.source_lines import line_with
from confnotes.core.validation import LINK_RULE, AnyLocation, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: a fence's info string that makes it a MyST directive: ``{name}`` first
DIRECTIVE_RE = re.compile(r"\{([^{}\s]+)\}")
#: directives whose body MyST reads as Markdown: admonitions, containers, sphinx-design's
#: components, the conference's own; any other body (code, TeX, reST, a toctree's entries,
#: doctests...) is not looked at, so no text is ever taken for a link it is not
MARKDOWN_DIRECTIVES = frozenset(
    {
        *("admonition", "attention", "caution", "danger", "error", "hint", "important"),
        *("note", "seealso", "tip", "warning", "todo", "versionadded", "versionchanged"),
        *("deprecated", "versionremoved", "topic", "sidebar", "container", "div", "margin"),
        *("epigraph", "pull-quote", "highlights", "compound", "only", "figure", "table"),
        *("list-table", "glossary", "centered", "hlist", "card", "grid", "grid-item"),
        *("grid-item-card", "dropdown", "tab-set", "tab-item", "talk", "speaker", "tool"),
        *("card-carousel", "button-link", "button-ref", "ifconfig", "class", "rst-class"),
        "csv-table",  # (MyST reads each cell as Markdown)
    }
)
#: fences in fences looked into: MyST itself stops near 200 (``parse_guard``: the page
#: is then shown as text), so no deeper link can reach a page
MAX_FENCE_DEPTH = 200


def markdown_fence_title(token: Token) -> str | None:
    """Return the title of a directive fence whose body MyST reads as Markdown, else None.

    The title is what follows the directive's name (``{admonition} Title``),
    Markdown too; "" when there is none.
    """
    match = DIRECTIVE_RE.match(token.info.strip()) if token.type == "fence" else None
    # (MyST finds a directive by its name in any case: {NOTE} is a note)
    if match is None or match.group(1).rpartition(":")[2].lower() not in MARKDOWN_DIRECTIVES:
        return None
    return token.info.strip()[match.end() :]


class RefusedLinks:
    """markdown-it's CommonMark parser, noting each address it refuses and the lines of its block.

    The lines are those of the paragraph (or heading, table cell...) holding
    the link, or of the link reference definition: markdown-it asks
    ``validateLink`` with no position, so the rules that call it are wrapped
    to say where they are (its core ``inline`` rule, the same loop as
    markdown-it-py's ``rules_core.inline``, and its block ``reference`` rule).
    """

    def __init__(self) -> None:
        self.parser = MarkdownIt("commonmark")
        self.accepts = self.parser.validateLink
        self.parser.validateLink = self.noting  # type: ignore[method-assign]
        self.parser.core.ruler.at("inline", self.inline)
        self.parser.block.ruler.at("reference", self.reference)
        #: the page's line before the text being parsed (a fence's body is parsed alone)
        self.offset = 0
        #: the page's first and last line of the block being parsed
        self.block = (0, 0)
        #: each refused address, once, with the block where it was first met
        self.found: dict[str, tuple[int, int]] = {}

    def noting(self, url: str) -> bool:
        """``validateLink``: markdown-it's answer, noting a refusal."""
        if self.accepts(url):
            return True
        self.found.setdefault(url, self.block)
        return False

    def inline(self, state: StateCore) -> None:
        """markdown-it's core ``inline`` rule, noting each block's lines first."""
        for token in state.tokens:
            if token.type == "inline":
                first, end = token.map or (0, 1)
                self.block = (self.offset + first + 1, self.offset + end)
                if token.children is None:
                    token.children = []
                state.md.inline.parse(token.content, state.md, state.env, token.children)

    def reference(self, state: StateBlock, start: int, end: int, silent: bool) -> bool:
        """markdown-it's block ``reference`` rule, noting its lines first."""
        self.block = (self.offset + start + 1, self.offset + end)
        return reference(state, start, end, silent)

    def read(self, text: str) -> None:
        """Parse *text*, then each directive fence's Markdown body, fences in fences too."""
        waiting = [(text, 0, 0)]  # (text, its offset in the page, fences around it)
        while waiting:
            body, self.offset, depth = waiting.pop()
            for token in self.parser.parse(body):
                title = markdown_fence_title(token) if depth < MAX_FENCE_DEPTH else None
                if title is not None and token.map:
                    fence = self.offset + token.map[0]
                    waiting.append((token.content, fence + 1, depth + 1))
                    waiting.append((title, fence, depth + 1))


def refused_links(text: str) -> dict[str, tuple[int, int]]:
    """Return each address markdown-it refuses to link in *text*, with its block's lines."""
    links = RefusedLinks()
    links.read(text)
    return links.found


def warn_refused(path: Path, text: str, at: Callable[[int], AnyLocation]) -> None:
    """Warn about each link of the Markdown *text* (the file at *path*) markdown-it refuses."""
    found = []
    for address, (first, last) in refused_links(text).items():
        # the address's own line in its block, found by its start (markdown-it percent-encodes
        # what an address may not hold before it asks); the block's first when it is written
        # otherwise (an entity: &#106;avascript:)
        line = line_with(path, address.split("%", 1)[0][:40], first)
        found.append((line if first <= line <= last else first, address))
    for line, address in sorted(found, key=lambda pair: pair[0]):
        warn(
            f"link to %r removed, its text kept: {LINK_RULE}",
            address[:80],
            subtype="unsafe_link",
            location=at(line),
        )


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: warn about each link of a Markdown page that markdown-it refuses."""
    if is_markdown(app.config, app.env.doc2path(docname)):
        warn_refused(Path(app.env.doc2path(docname)), source[0], lambda line: (docname, line))


def check_included(app: Sphinx, relative_path: Path, parent: str, content: list[str]) -> None:
    """``include-read``: the same for an included Markdown file, located in that file."""
    path = Path(os.path.normpath(Path(app.srcdir) / relative_path))
    if not is_markdown(app.config, path):
        return
    try:
        warn_refused(path, content[0], lambda line: f"{path}:{line}")
    except RecursionError:
        # includes nested past Python's stack: the page is shown as its text (parse_guard),
        # which that guard sees only if the error is not raised here, inside an event
        return


def setup_myst_links(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.connect("source-read", check_page)
    app.connect("include-read", check_included)
