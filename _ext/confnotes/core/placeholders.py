"""The scaffold's placeholders: written once, and a page that keeps one warns.

``make new-talk`` writes these where only the contributor can write (the
talk's introduction, its notes). Kept, the introduction's is published as
the talk's description (link previews, ``conference.json``) and passes every
other check; a strict ``make html`` said nothing, and only the site's suite
told, minutes later. Now a paragraph holding one (wrapped however the
scaffold or an editor wrapped it) warns ``confnotes.placeholder`` at its
line, in the file that holds it.

The text needs only the standard library: the scaffold
(``scripts/new_talk.py``) loads this file without Sphinx, as it loads
``ids.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

INTRO_PLACEHOLDER = (
    "Introduce the talk here, in your own words: what it covered and why it matters."
)
NOTES_PLACEHOLDER = "The notes, as taken: one point per item, nested where the notes nest."
PLACEHOLDERS = (INTRO_PLACEHOLDER, NOTES_PLACEHOLDER)


def placeholder_in(text: str) -> str | None:
    """Return the placeholder *text* holds, its lines and spaces joined, or None."""
    words = " ".join(text.split())
    return next((p for p in PLACEHOLDERS if p in words), None)


def check_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: warn at each paragraph that still holds a placeholder."""
    from docutils import nodes

    from confnotes.core.locations import written_at
    from confnotes.core.validation import warn

    for paragraph in doctree.findall(nodes.paragraph):
        if found := placeholder_in(paragraph.astext()):
            warn(
                "still holds the scaffold's placeholder %r: write the talk's own words here",
                found,
                subtype="placeholder",
                location=written_at(app.env, paragraph),
            )


def setup_placeholders(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.connect("doctree-read", check_placeholders)
