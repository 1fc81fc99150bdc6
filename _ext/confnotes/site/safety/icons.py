"""Icons whose markup a contributor could break open never reach a page.

sphinx-design's ``octicon`` and ``material-*`` roles build an ``<svg>`` tag
as a string, with the classes written after the icon's name
(``:octicon:`rocket;1em;my-class```) pasted in unescaped, and every HTML
builder writes that string as it is. A class holding a quote
(``x"><script>…``) ends the tag and adds markup of the writer's choosing,
in the page and wherever its title is shown (the sidebar, previous/next).

The check runs while the page is read, before Sphinx keeps its title for
the toctrees: an icon whose opening tag is not sphinx-design's, with a class
of plain names, is removed and warns
``confnotes.unsafe_icon`` at its line. An icon that is only decoration
takes nothing from the text around it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import written_at
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: the opening tag sphinx-design writes (``get_octicon``, ``get_material_icon``): its
#: attributes in its order, a class of plain names (no quote can end it early)
ICON_OPENING_RE = re.compile(
    r'<svg version="[\w.]+" width="[\d.]+(?:px|em|rem)" height="[\d.]+(?:px|em|rem)"'
    r' class="[\w -]*" viewBox="[\d. ]+"'
    r' (?:aria-hidden="true"|aria-label="[^"<>&]*" role="img")>'
)


def is_plain_icon(svg: str) -> bool:
    """Whether *svg* opens as sphinx-design writes an icon, with plain classes.

    What follows the opening tag is sphinx-design's own drawing of the icon:
    only the classes (and the height, which sphinx-design checks) come from
    the page, and a class that is letters, digits, ``_`` and ``-`` cannot end
    the attribute, so nothing written in the page reaches the markup.
    """
    return ICON_OPENING_RE.match(svg) is not None


class RemoveUnsafeIcons(SphinxTransform):
    """Remove, with a warning, every icon whose markup is not sphinx-design's own."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Look at each inline node that carries an icon's markup."""
        for node in list(self.document.findall(nodes.inline)):
            svg = node.get("svg")
            if not isinstance(svg, str) or is_plain_icon(svg):
                continue
            warn(
                "icon with markup of its own removed: an icon's classes are letters,"
                " digits, hyphens and underscores, separated by spaces: %r",
                svg[: svg.find(">") + 1][:120],
                subtype="unsafe_icon",
                location=written_at(self.env, node),
            )
            node.parent.remove(node)


def setup_icons(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(RemoveUnsafeIcons)
