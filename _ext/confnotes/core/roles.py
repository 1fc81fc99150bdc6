"""The cross-reference role shared by ``:talk:``, ``:speaker:`` and ``:tool:``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform

from confnotes.core.ids import normalise_id
from confnotes.core.locations import location_of
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: the object types our roles link to
ROLE_TYPES = ("talk", "speaker", "tool")

#: role markup with an empty or blank target, left as text: by the parsers, for
#: any role (``:tool:``, ``:cite:p:` `` in reST, ``{tool}`` `` in MyST), or by
#: our roles (``{tool}` ` ``, ``:tool:`<>` ``, ``:tool:`Text < >` ``)
ROLE_NAME = r"[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*"
EMPTY_ROLE_RE = re.compile(
    rf"(?<![\w`:])(?::(?P<rst>{ROLE_NAME}):|\{{(?P<myst>{ROLE_NAME})\}})"
    r"`(?:[^`]*?<\s*>|\s*)`(?!`)"
)

#: a role's text that EmptyRoleTargets reports: blank, or an explicit title with ``< >``
BLANK_TARGET_RE = re.compile(r"[^`]*?<\s*>|\s*")


class ConfXRefRole(XRefRole):
    """An XRefRole that always targets the ``conf`` domain.

    Registered under the short name (``:tool:``) XRefRole would set an empty
    refdomain; this makes ``:tool:`` and ``:conf:tool:`` give the same node.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Set domain and type from the role name, then build the xref."""
        self.refdomain, self.reftype = "conf", self.name.rpartition(":")[2]
        self.classes = ["xref", "conf", f"conf-{self.reftype}"]
        if self.disabled:
            return self.create_non_xref_node()
        if not normalise_id(self.target):
            # left as text, as written; EmptyRoleTargets warns about blank
            # targets with the exact line, this about ids with no letter or digit
            myst = type(self.inliner).__module__.startswith("myst_parser")
            written = f"{{{self.name}}}`{self.text}`" if myst else self.rawtext
            if not BLANK_TARGET_RE.fullmatch(self.text):
                warn(
                    "%s id %r has no letter or digit: %r is left as text",
                    self.reftype,
                    self.target,
                    written,
                    subtype="empty_id",
                    location=location_of(self.env, *self.get_source_info()),
                )
            return [nodes.Text(written)], []
        return self.create_xref_node()

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: nodes.Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        """Normalise the target as declarations are (``café`` links ``cafe``)."""
        return title, normalise_id(target)


def warn_empty(role: str, rawtext: str, location: tuple[str, int]) -> None:
    """Warn about a role whose target is empty or blank."""
    objtype = role.removeprefix("conf:")
    warn(
        "empty target in %r: write the %s between the backquotes",
        rawtext,
        f"{objtype} id" if objtype in ROLE_TYPES else "target",
        subtype="empty_target",
        location=location,
    )


class EmptyRoleTargets(SphinxTransform):
    """Warn about ``:tool:``, ``:tool:` `` and ``{tool}`` `` left as text.

    The reST and MyST parsers do not call a role whose content is empty or
    blank: the markup reaches the page as text, silently. Runs on every
    document while reading, so both syntaxes are covered.
    """

    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        """Scan prose text (never code or literals) for empty role markup."""
        docname = self.env.docname
        for block in self.document.findall(nodes.TextElement):
            if isinstance(block.parent, nodes.TextElement) or isinstance(
                block, nodes.FixedTextElement | nodes.literal
            ):
                continue
            line = block.line or 0
            for text in block.findall(nodes.Text):
                if not _in_code(text):
                    for match in EMPTY_ROLE_RE.finditer(str(text)):
                        at = line + text.count("\n", 0, match.start())
                        warn_empty(match["rst"] or match["myst"], match.group(), (docname, at))
                line += text.count("\n")


def _in_code(node: nodes.Node) -> bool:
    current = node.parent
    while current is not None:
        if isinstance(current, nodes.literal | nodes.FixedTextElement | nodes.raw):
            return True
        current = current.parent
    return False
