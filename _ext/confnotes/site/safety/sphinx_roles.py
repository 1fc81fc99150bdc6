"""Sphinx roles that stop the build on text a page may hold: checked first.

``guilabel`` and ``menuselection`` mark the letter after a single ``&`` as
the key's accelerator (``&Save``; ``&&`` is an ``&``). One ``&`` at the very
end of the text (``:guilabel:`Save &```) has no letter after it: Sphinx
raised ``IndexError`` reading it, and every builder stopped while reading
the page. It warns ``confnotes.bad_role`` at the role and is shown as the
``&`` it is; the rest of the label is Sphinx's.

Each is Sphinx's own role, checked and then run as it is, registered over
it with Sphinx's public ``override``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.roles import GUILabel, MenuSelection

from confnotes.core.validation import warn

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message
    from sphinx.application import Sphinx


class TrailingAccelerator(GUILabel):
    """A label whose text may end in an ``&`` that marks no letter."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        """Run Sphinx's role; a last ``&`` that marks nothing is kept as text, with a warning."""
        if self.amp_re.split(self.text)[-1] or not self.text.endswith("&"):
            return super().run()
        warn(
            "%r ends with '&', which marks the letter after it as the key to press, and"
            " no letter follows: the '&' is shown as it is; to mark a key, put its letter"
            " right after the '&'",
            self.text,
            subtype="bad_role",
            location=self.get_location(),
        )
        self.text = self.text[:-1]
        found, messages = super().run()
        for label in found[:1]:
            if isinstance(label, nodes.Element):
                label += nodes.Text("&")
        return found, messages


class CheckedGUILabel(TrailingAccelerator):
    """Sphinx's ``guilabel``, checked."""


class CheckedMenuSelection(TrailingAccelerator, MenuSelection):
    """Sphinx's ``menuselection``, checked."""


def setup_sphinx_roles(app: Sphinx) -> None:
    """Register the checked roles over Sphinx's."""
    app.add_role("guilabel", CheckedGUILabel(), override=True)
    app.add_role("menuselection", CheckedMenuSelection(), override=True)
