r"""A link written inside math is checked like any other link.

``\href{url}{text}`` in math is a link in every output: MathJax makes it
one in the browser, and LaTeX (hyperref) in the PDF. No link node carries
it, so the late gate (``gate``) never sees it; the check reads the math
itself while the page is read. An ``\href`` whose URL has a scheme other
than http, https or mailto keeps its text and loses its link (as the gate
does to any other link), and a ``\url`` of such a URL is removed; each warns
``confnotes.unsafe_link`` at the math's line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.validation import is_safe_link, line_of, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

COMMAND_RE = re.compile(r"\\(href|url)\s*\{")


def group_end(latex: str, start: int) -> int:
    """Return the index just after the ``}`` closing the group opened at *start* - 1."""
    depth, index = 1, start
    while index < len(latex) and depth:
        char = latex[index]
        if char == "\\":
            index += 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        index += 1
    return index


def unlink(latex: str) -> tuple[str, list[str]]:
    r"""Return *latex* without its unsafe ``\href`` links and ``\url``\ s, and their URLs."""
    removed: list[str] = []
    parts: list[str] = []
    position = 0
    for match in COMMAND_RE.finditer(latex):
        if match.start() < position:
            continue  # inside a command already handled
        end = group_end(latex, match.end())
        url = latex[match.end() : end - 1]
        if is_safe_link(url):
            continue
        removed.append(url)
        parts.append(latex[position : match.start()])
        position = end  # \href's text group stays, as a plain group
    parts.append(latex[position:])
    return "".join(parts), removed


class UnlinkUnsafeMath(SphinxTransform):
    """Remove unsafe links from inline and displayed math."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Rewrite each math node whose links are unsafe."""
        math = (nodes.math, nodes.math_block)
        for node in list(self.document.findall(lambda n: isinstance(n, math))):
            latex, removed = unlink(node.astext())
            if not removed:
                continue
            for url in removed:
                warn(
                    "link to %r in math removed, its text kept: only http, https and mailto"
                    " URLs (or relative ones) become links",
                    url,
                    subtype="unsafe_link",
                    location=(self.env.docname, line_of(node)),
                )
            node[:] = [nodes.Text(latex)]


def setup_math_links(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(UnlinkUnsafeMath)
