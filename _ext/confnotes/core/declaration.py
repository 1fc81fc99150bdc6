"""Directive bases: declarations (id, options, location) and view placeholders."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from confnotes.core.ids import did_you_mean
from confnotes.core.locations import directive_location
from confnotes.core.plaintext import check_one_line
from confnotes.core.validation import (
    AnyLocation,
    check_id,
    check_required,
    warn,
)
from confnotes.core.views import view_of_directive

if TYPE_CHECKING:
    from docutils import nodes


class OpenOptionSpec(dict[str, Callable[[str], str]]):
    """An ``option_spec`` that accepts every option name.

    docutils and MyST look converters up with ``spec[name]``; an unknown name
    would make docutils drop the whole directive with an untyped ERROR (and
    MyST drop the option with its own warning). Here it passes, as text, and
    :meth:`DeclarationDirective.declare` warns ``unknown_option`` and ignores
    it, so the object is still declared from its valid options.
    """

    def __missing__(self, key: str) -> Callable[[str], str]:
        return directives.unchanged  # type: ignore[no-any-return]


class DeclarationDirective(SphinxDirective):
    """Base of the ``talk``, ``speaker`` and ``tool`` directives."""

    #: the object type, as in warnings and ids ("talk", "speaker", "tool")
    objtype: ClassVar[str]
    #: options whose absence warns ``missing_option``
    required_options: ClassVar[tuple[str, ...]] = ()
    #: options that are lists and may span lines; every other one is one line of text
    list_options: ClassVar[tuple[str, ...]] = ()
    required_arguments = 1
    has_content = True

    def __init_subclass__(cls, **kwargs: object) -> None:
        """Make each subclass's ``option_spec`` an :class:`OpenOptionSpec`."""
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("option_spec")
        if spec is not None and not isinstance(spec, OpenOptionSpec):
            cls.option_spec = OpenOptionSpec(spec)

    def declare(self) -> tuple[str, dict[str, str], AnyLocation]:
        """Return the checked id, the stripped options and the location.

        Every option but a list is one line of plain text (:mod:`confnotes.core.plaintext`).
        The location is where the directive is written: in an included file, its own line.
        """
        location = directive_location(self)
        object_id = check_id(self.arguments[0], self.objtype, location)
        known = tuple(self.option_spec or ())
        opts = {}
        for key, value in self.options.items():
            if key in known:
                opts[key] = check_one_line(
                    str(value or ""),
                    key,
                    self.option_location(key),
                    lines=key in self.list_options,
                )
                continue
            warn(
                "unknown option :%s: of %s %r%s; allowed: %s",
                key,
                self.objtype,
                object_id,
                did_you_mean(key, known),
                ", ".join(f":{name}:" for name in known),
                subtype="unknown_option",
                location=self.option_location(key),
            )
        check_required(opts, self.required_options, f"{self.objtype} {object_id!r}", location)
        return object_id, opts, location

    def option_location(self, name: str) -> AnyLocation:
        """Return where option *name* is written (the directive's place if not found)."""
        return directive_location(self, self.option_line(name) - int(self.lineno))

    def option_line(self, name: str) -> int:
        """Return the line of option *name* (the directive's line if not found).

        ``block_text`` starts at ``lineno`` in reST and in MyST fences alike.
        The options come first (``:name:`` lines, or MyST's YAML block between
        ``---`` lines) and end at the first blank line: the content after it
        may hold another directive with the same option.
        """
        option = re.compile(rf"\s*:{re.escape(name)}:")
        yaml_key = re.compile(rf"\s*{re.escape(name)}\s*:")
        in_yaml = False
        for offset, text in enumerate(self.block_text.splitlines()[1:], start=1):
            if text.strip() == "---":
                in_yaml = not in_yaml
            elif not text.strip() and not in_yaml:
                break
            elif option.match(text) or (in_yaml and yaml_key.match(text)):
                return int(self.lineno) + offset
        return int(self.lineno)


class ViewDirective(SphinxDirective):
    """Base of ``speaker-grid``, ``tool-glossary`` and ``lightning-index``.

    Leaves a placeholder that :mod:`confnotes.core.resolve` fills late (the
    domain notes it, and so the view, at ``process_doc``). The name and the
    placeholder are those of the module's ``VIEW``, which names this
    directive: a subclass states neither.
    """

    def run(self) -> list[nodes.Node]:
        """Leave the view's placeholder."""
        node = view_of_directive(self).placeholder(docname=self.env.docname)
        self.set_source_info(node)
        return [node]
