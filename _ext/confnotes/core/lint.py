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

from confnotes.core.locations import line_in_file_of
from confnotes.core.markup import is_markdown
from confnotes.core.nodes import not_prose
from confnotes.core.records import split_place
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


def check_plain_mentions(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: scan every page's prose for tool names.

    A name is fine where the same tool is already linked earlier in the same
    paragraph (contributors link the first mention), or inside one of the
    phrases of ``confnotes_plain_mentions_ignore`` (e.g. "Django Circus");
    a tool declared ``:common-word:`` ("six") is not looked for at all.
    """
    if not env.config.confnotes_check_plain_mentions:
        return
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    tools = (domain.tool(i) for i in domain.tools)
    ids_by_name = {t.name: t.id for t in tools if t and not t.common_word}
    if not ids_by_name:
        return
    names = sorted(ids_by_name, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    phrases = sorted(env.config.confnotes_plain_mentions_ignore, key=len, reverse=True)
    ignored = re.compile("|".join(map(re.escape, phrases))) if phrases else None
    for docname in sorted(env.found_docs):
        if env.metadata.get(docname, {}).get("confnotes-plain-mentions") == "allow":
            continue
        for block in env.get_doctree(docname).findall(nodes.TextElement):
            if isinstance(block.parent, nodes.TextElement):
                continue  # inline element: scanned with its block
            linked: set[str] = set()
            for node in block.findall():
                if isinstance(node, addnodes.pending_xref) and node.get("reftype") == "tool":
                    linked.add(node["reftarget"])
                if not isinstance(node, nodes.Text) or not_prose(node.parent):
                    continue
                text = node.astext()
                if ignored is not None:
                    text = ignored.sub(lambda m: " " * len(m.group()), text)
                for match in pattern.finditer(text):
                    if ids_by_name[match.group(1)] in linked:
                        continue
                    location = line_in_file_of(env, node, text_line(node, match.start()), docname)
                    warn(
                        "tool %r mentioned in plain text; use %s to link it",
                        match.group(1),
                        tool_role(env, location, ids_by_name[match.group(1)]),
                        subtype="plain_mention",
                        location=location,
                    )


def tool_role(env: BuildEnvironment, location: str | tuple[str, int], tool_id: str) -> str:
    """Return the role linking *tool_id* as the file at *location* writes it (reST or MyST)."""
    path = env.doc2path(location[0]) if isinstance(location, tuple) else split_place(location)[0]
    return f"{{tool}}`{tool_id}`" if is_markdown(env.config, path) else f":tool:`{tool_id}`"


def text_line(text: nodes.Text, offset: int) -> int:
    """Return the line of the character at *offset* of *text*.

    The nearest element with a line (the paragraph, or an inline node
    :class:`~confnotes.core.lines.InlineLines` placed) gives the first line;
    the line breaks of the text before it in that element, and in *text*
    before *offset*, count on from there (reST and MyST keep them in the text).
    """
    element = text.parent
    while element is not None and not element.line:
        element = element.parent
    if element is None:
        return 0
    breaks: int = text.astext()[:offset].count("\n")
    for earlier in element.findall(nodes.Text):
        if earlier is text:
            break
        breaks += str(earlier).count("\n")
    return int(element.line) + breaks
