"""Optional check (``confnotes_check_plain_mentions = True``) for ``make check``.

Warns ``confnotes.plain_mention`` where a declared tool's name appears in
plain prose instead of through ``:tool:``. A page opts out with the
file-wide metadata ``:confnotes-plain-mentions: allow``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from confnotes.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain

#: text inside these is a reference, code or markup, never plain prose
SKIP = (
    nodes.reference,
    addnodes.pending_xref,
    nodes.literal,
    nodes.literal_block,
    nodes.title,
    nodes.target,
    nodes.raw,
    nodes.comment,
    nodes.system_message,
    addnodes.index,
    addnodes.toctree,
)


def check_plain_mentions(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: scan every page's prose for tool names."""
    if not env.config.confnotes_check_plain_mentions:
        return
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    names = sorted({t.name for t in (domain.tool(i) for i in domain.tools) if t}, key=len)
    if not names:
        return
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(n) for n in reversed(names)) + r")(?![\w-])"
    )
    for docname in sorted(env.found_docs):
        if env.metadata.get(docname, {}).get("confnotes-plain-mentions") == "allow":
            continue
        doctree = env.get_doctree(docname)
        for text in doctree.findall(nodes.Text):
            parent = text.parent
            if parent is None or _inside(parent):
                continue
            for match in pattern.finditer(text.astext()):
                warn(
                    "tool %r mentioned in plain text; use :tool: to link it",
                    match.group(1),
                    subtype="plain_mention",
                    location=(docname, _line(parent)),
                )


def _inside(node: nodes.Element) -> bool:
    current: nodes.Node | None = node
    while current is not None:
        if isinstance(current, SKIP):
            return True
        current = current.parent
    return False


def _line(node: nodes.Node) -> int:
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return int(current.line)
        current = current.parent
    return 0
