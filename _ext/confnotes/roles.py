"""The cross-reference role shared by ``:talk:``, ``:speaker:`` and ``:tool:``."""

from __future__ import annotations

from docutils import nodes
from sphinx.roles import XRefRole


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
        return self.create_xref_node()
