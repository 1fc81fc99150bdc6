"""The text builder's translator: Sphinx's, with what it could not write.

One translator per builder can be registered, so the text writer's fixes
are mixins, composed here: ``long_words`` (very long words wrapped in linear
time, text indented past the width written unwrapped) and ``text_sections``
(a section at any depth underlined).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from confnotes.site.safety.long_words import LinearWrap
from confnotes.site.safety.text_sections import DeepSections

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ConfnotesTextTranslator(LinearWrap, DeepSections):
    """Sphinx's text translator with the site's fixes."""


def setup_text_translator(app: Sphinx) -> None:
    """Register the translator (called from the package's ``setup()``)."""
    app.set_translator("text", ConfnotesTextTranslator, override=True)
