"""Two of Sphinx's directives stop the build on a value a page may hold: checked first.

* ``hlist`` divides its items by ``:columns:``: ``0`` raises
  ``ZeroDivisionError`` and a huge number makes as many columns (memory and
  time in proportion: ``100000000`` exhausts the machine). A value outside
  1 to :data:`MAX_COLUMNS` warns ``confnotes.bad_option`` and the nearest
  of those is used.
* ``productionlist`` takes a first line without ``:`` as the group's name
  and then needs a production: with none (``.. productionlist:: broken``)
  it raises ``ValueError``. It warns ``confnotes.bad_option`` and shows
  nothing.

Each is Sphinx's own directive, checked and then run as it is, registered
over it with Sphinx's public ``override``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.directives.other import HList
from sphinx.domains.std import ProductionList

from confnotes.core.validation import warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: more columns than any page can show side by side
MAX_COLUMNS = 12


class CheckedHList(HList):
    """Sphinx's ``hlist``, with its number of columns kept to what a page can show."""

    def run(self) -> list[nodes.Node]:
        """Warn about a number of columns out of range, and use the nearest in range."""
        columns = self.options.get("columns", 2)
        if not 1 <= columns <= MAX_COLUMNS:
            used = min(max(columns, 1), MAX_COLUMNS)
            warn(
                "hlist :columns: %d is not between 1 and %d: %d columns are shown",
                columns,
                MAX_COLUMNS,
                used,
                subtype="bad_option",
                location=(self.env.docname, self.lineno),
            )
            self.options["columns"] = used
        return super().run()


class CheckedProductionList(ProductionList):
    """Sphinx's ``productionlist``, shown only when it holds a production."""

    def run(self) -> list[nodes.Node]:
        """Warn about a list with no production (``name: tokens``) and show nothing."""
        lines = self._nl_escape_re.sub("", self.arguments[0]).splitlines()
        group = self.production_group(lines=lines, options=self.options)
        if not next(self.production_definitions(lines), None):
            warn(
                "productionlist %r holds no production (a line 'name: tokens'): not shown",
                group or self.arguments[0],
                subtype="bad_option",
                location=(self.env.docname, self.lineno),
            )
            return []
        return super().run()


def setup_sphinx_directives(app: Sphinx) -> None:
    """Register the checked directives over Sphinx's."""
    app.add_directive("hlist", CheckedHList, override=True)
    app.add_directive_to_domain("std", "productionlist", CheckedProductionList, override=True)
