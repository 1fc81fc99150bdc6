"""``target-notes`` on a page with a link written before its target no longer hangs the build.

docutils' ``TargetNotes`` walks the page's targets and, for each, inserts a
note reference after every link to it. When a link comes before its target
under one parent (an image's ``:target: `home`_`` above ``.. _home:
https://...``, or ```home`_`` before ```home <https://...>`_`` in one
paragraph), the insertion moves the target, or the block holding it, one
place on; the walk comes to it again, inserts again, and never ends
(docutils 0.22: the build hung, its memory growing, with no message).
Before the transform runs, each such link is put in an element of its own,
an inline in text and a container in a body: the note reference then goes
in there, and nothing the walk has reached moves. The page shows the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.transforms.references import TargetNotes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def has_target_notes(document: nodes.document) -> bool:
    """Whether a ``target-notes`` directive left its pending transform on the page."""
    return any(
        isinstance(pending.transform, type) and issubclass(pending.transform, TargetNotes)
        for pending in document.findall(nodes.pending)
    )


def comes_before(link: nodes.Element, target: nodes.Element) -> bool:
    """Whether *link*'s parent holds *target* (or a block holding it) after *link*."""
    parent = link.parent
    holder: nodes.Node | None = target
    while holder is not None and holder.parent is not parent:
        holder = holder.parent
    return holder is not None and parent.index(link) < parent.index(holder)


class IsolateLinksBeforeTargets(SphinxTransform):
    """Put each link written before its external target in an element of its own."""

    #: before ``TargetNotes`` (540)
    default_priority = 530

    def apply(self, **kwargs: Any) -> None:
        """Wrap the links the walk would insert before a target it has reached."""
        if not has_target_notes(self.document):
            return
        for target in list(self.document.findall(nodes.target)):
            if not target.hasattr("refuri"):
                continue
            for name in target["names"]:
                for link in self.document.refnames.get(name, []):
                    if link.parent is not None and comes_before(link, target):
                        wrapper = (
                            nodes.inline()
                            if isinstance(link.parent, nodes.TextElement)
                            else nodes.container()
                        )
                        link.replace_self(wrapper)
                        wrapper += link


def setup_target_notes(app: Sphinx) -> None:
    """Register the transform (called from the package's ``setup()``)."""
    app.add_transform(IsolateLinksBeforeTargets)
