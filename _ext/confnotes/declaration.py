"""The start every declaration directive shares: id, options, location."""

from __future__ import annotations

from typing import ClassVar

from sphinx.util.docutils import SphinxDirective

from confnotes.validation import Location, check_id, check_required


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
