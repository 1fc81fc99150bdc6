"""Directive bases: declarations (id, options, location) and view placeholders."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from sphinx.util.docutils import SphinxDirective

from confnotes.validation import Location, check_id, check_required

if TYPE_CHECKING:
    from docutils import nodes

    from confnotes.domain import ConferenceDomain
    from confnotes.nodes import ConfPlaceholder


class DeclarationDirective(SphinxDirective):
    """Base of the ``talk``, ``speaker`` and ``tool`` directives."""

    #: the object type, as in warnings and ids ("talk", "speaker", "tool")
    objtype: ClassVar[str]
    #: options whose absence warns ``missing_option``
    required_options: ClassVar[tuple[str, ...]] = ()
    required_arguments = 1
    has_content = True

    def declare(self) -> tuple[str, dict[str, str], Location]:
        """Return the checked id, the stripped options and the location."""
        location = (self.env.docname, self.lineno)
        object_id = check_id(self.arguments[0], self.objtype, location)
        opts = {key: str(value).strip() for key, value in self.options.items()}
        check_required(opts, self.required_options, f"{self.objtype} {object_id!r}", location)
        return object_id, opts, location


class ViewDirective(SphinxDirective):
    """Base of ``speaker-grid``, ``tool-glossary`` and ``lightning-index``.

    Notes the view on the page (for orphan checks) and leaves a placeholder
    that :mod:`confnotes.views` fills late.
    """

    #: the view's directive name, as noted in the domain
    view: ClassVar[str]
    #: the placeholder node class
    placeholder: ClassVar[type[ConfPlaceholder]]

    def run(self) -> list[nodes.Node]:
        """Note the view and leave its placeholder."""
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        domain.note_view(self.env.docname, self.view)
        node = self.placeholder(docname=self.env.docname)
        self.set_source_info(node)
        return [node]
