"""A Font Awesome icon the site cannot show warns where it is written.

sphinx-design's ``fa``/``fas``/``fab``/``far`` roles write an empty
``<span class="fas fa-heart">`` that only Font Awesome's font fills, and
sphinx-design loads that font only with ``sd_fontawesome_source = "cdn"``
(from a CDN, a third party every reader's browser would then ask for).
Without it the icon is an empty box in HTML: no warning in
``make html``, where contributors look, and sphinx-design warns in LaTeX,
text and man only. The icon's line now warns ``confnotes.icon_font`` in
every builder, with the octicon to use instead, whose SVG is in the page.

A project whose theme or CSS loads Font Awesome itself silences it:
``suppress_warnings = ["confnotes.icon_font"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.transforms import SphinxTransform

from confnotes.core.markup import is_markdown
from confnotes.core.validation import warn
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: sphinx-design's setting that, set to this, makes it load the font
LOADS_THE_FONT = ("sd_fontawesome_source", "cdn")


def octicon_for(name: str, *, markdown: bool) -> str:
    """Return the octicon role to write instead of Font Awesome's *name*, or a pointer.

    In the page's own markup: ``{octicon}`x``` in MyST, ``:octicon:`x``` in reST.
    """
    from sphinx_design.icons import list_octicons

    known = set(list_octicons())
    found = next((n for n in (name, f"mark-{name}") if n in known), None)
    if found is None:
        return "one of sphinx-design's octicons"
    return f"{{octicon}}`{found}`" if markdown else f":octicon:`{found}`"


class WarnUnshownIcons(SphinxTransform):
    """Warn at each Font Awesome icon of the page when nothing loads the font."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        """Warn once per icon, at its line; the icon stays (a theme may load the font)."""
        try:
            from sphinx_design.icons import fontawesome
        except ImportError:
            return
        setting, value = LOADS_THE_FONT
        if getattr(self.config, setting, None) == value:
            return
        for icon in self.document.findall(fontawesome):
            name = str(icon.get("icon", ""))
            source = str(icon.source or self.document.get("source", ""))
            warn(
                "Font Awesome icon %r shows nothing: this site loads no Font Awesome font"
                " (%s is not %r); write %s instead, whose image is in the page",
                name,
                setting,
                value,
                octicon_for(name, markdown=is_markdown(self.config, source)),
                subtype="icon_font",
                location=icon,
            )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the check (a part of the site: ``confnotes.site.icon_fonts``)."""
    app.add_transform(WarnUnshownIcons)
    return metadata()
