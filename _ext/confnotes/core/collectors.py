"""What each page holds, kept per page in the environment: the todo extension's pattern, once.

A page's data is dropped when the page is read again or removed
(``clear_doc``), copied from a parallel reader for the pages it read
(``merge_other``), and collected when the page has been read
(``process_doc``); a page that holds nothing takes no entry.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.environment.collectors import EnvironmentCollector

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class PerPageCollector(EnvironmentCollector):
    """Keep ``{docname: what the page holds}`` in ``env.<attribute>``; subclasses say what."""

    #: the environment attribute the data lives in (pickled with the environment)
    attribute: ClassVar[str]

    @classmethod
    def data(cls, env: BuildEnvironment) -> dict[str, Any]:
        """Return ``{docname: value}`` (created on first use)."""
        if not hasattr(env, cls.attribute):
            setattr(env, cls.attribute, {})
        found: dict[str, Any] = getattr(env, cls.attribute)
        return found

    def collect(self, env: BuildEnvironment, docname: str, doctree: nodes.document) -> Any:
        """Return what *docname* holds (empty: nothing to keep)."""
        raise NotImplementedError

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Forget what *docname* held."""
        self.data(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        """Copy what a parallel reader collected for *docnames*."""
        theirs = self.data(other)
        for docname in docnames:
            if docname in theirs:
                self.data(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Collect the page just read."""
        docname = app.env.current_document.docname
        if found := self.collect(app.env, docname, doctree):
            self.data(app.env)[docname] = found
        else:
            self.data(app.env).pop(docname, None)
