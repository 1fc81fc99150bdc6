"""Placeholder nodes (replaced late by :mod:`confnotes.views`) and the avatar.

Placeholders remember the docname they were read in: in singlehtml and
latex several documents are resolved as one tree, so ``env.docname`` would
be wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from confnotes.validation import is_safe_url

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


class ConfPlaceholder(nodes.General, nodes.Element):  # type: ignore[misc]
    """Base of the view placeholders: attributes ``docname`` (and ``talk``)."""


class talk_header(ConfPlaceholder):
    """Metadata block and speaker cards of the talk ``self["talk"]``."""


class speaker_grid(ConfPlaceholder):
    """Grid of the cards of every speaker declared in ``self["docname"]``."""


class tool_glossary(ConfPlaceholder):
    """Glossary of every tool declared in ``self["docname"]``."""


class lightning_index(ConfPlaceholder):
    """Index of all lightning talks of the project."""


class avatar(nodes.inline):  # type: ignore[misc]
    """Initials avatar; an inline elsewhere, an ``img`` role in HTML."""


def visit_avatar_html(self: HTML5Translator, node: avatar) -> None:
    """Open a span announced as an image with the full name as its label."""
    self.body.append(
        self.starttag(node, "span", "", role="img", **{"aria-label": node.get("label", "")})
    )


def depart_avatar_html(self: HTML5Translator, node: avatar) -> None:
    """Close the avatar span."""
    self.body.append("</span>")


def xref(
    reftype: str,
    target: str,
    text: str,
    refdoc: str,
    *,
    explicit: bool = True,
    warn: bool = False,
    source: str | None = None,
    line: int | None = None,
) -> addnodes.pending_xref:
    """Make a ``conf`` pending_xref for a view; Sphinx resolves it per builder.

    ``refdoc`` is the document the view belongs to (not ``env.docname``);
    ``source``/``line`` locate the dangling warning when ``warn`` is set.
    """
    inner = nodes.inline(text, text, classes=["xref", "conf", f"conf-{reftype}"])
    node = addnodes.pending_xref(
        "",
        inner,
        refdomain="conf",
        reftype=reftype,
        reftarget=target,
        refdoc=refdoc,
        refexplicit=explicit,
        refwarn=warn,
    )
    node.source, node.line = source, line
    return node


def url_node(url: str) -> nodes.Node:
    """Return a link for a safe URL, plain text otherwise."""
    if is_safe_url(url):
        return nodes.reference(url, url, refuri=url, internal=False)
    return nodes.inline(url, url, classes=["conf-unlinked-url"])


def joined(items: list[nodes.Node], sep: str = ", ") -> list[nodes.Node]:
    """*items* separated by text nodes."""
    out: list[nodes.Node] = []
    for i, item in enumerate(items):
        if i:
            out.append(nodes.Text(sep))
        out.append(item)
    return out
