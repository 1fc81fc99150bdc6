"""What a view declares about itself: the one place the core learns of a view.

A view (an aggregate of other pages' records: cards, glossary, programme,
lightning index) is one module in :mod:`confnotes.core.views` that defines
``VIEW = View(...)``. The domain's directives, the resolving post-transform
(:mod:`confnotes.core.resolve`) and the incremental hooks
(:mod:`confnotes.core.dependencies`) are built from these declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from confnotes.core.nodes import ConfPlaceholder

if TYPE_CHECKING:
    from docutils import nodes
    from docutils.parsers.rst import Directive
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain
    from confnotes.core.keys import Key

#: (domain, docname of a page, placeholder's attributes) -> keys the page shows
Uses = Callable[["ConferenceDomain", str, dict[str, Any]], Iterable["Key"]]
#: (domain, docname) -> (key, what views show of it), in the page's order
Provides = Callable[["ConferenceDomain", str], Iterator[tuple["Key", object]]]
#: (env, domain, placeholder) -> the standard nodes that replace it
Build = Callable[["BuildEnvironment", "ConferenceDomain", Any], "list[nodes.Node]"]


def no_keys(domain: ConferenceDomain, docname: str) -> Iterator[tuple[Key, object]]:
    """Provide nothing: the view shows only keys other modules provide."""
    return iter(())


@dataclass(frozen=True)
class View:
    """A view: its directive, its placeholder, how it is built, what it depends on.

    ``uses`` is asked when deciding what to re-write, with the current data,
    so a view whose keys follow the data (the lightning index shows the
    speakers of whatever lightning talks there are) needs no special case.
    ``provides`` fingerprints the keys only this view reads; keys every view
    reads (talks, speakers, tools) are the domain's.
    """

    #: the view's name: its directive's name, or the name of a view placed by other means
    name: str
    #: the placeholder node the view's directive (or transform) leaves
    placeholder: type[ConfPlaceholder]
    #: replaces the placeholder, late, for the current builder
    build: Build
    #: the keys a page holding this placeholder shows
    uses: Uses
    #: the directive that places the view, if it has one
    directive: type[Directive] | None = None
    #: keys this view introduces, with what it shows of each
    provides: Provides = no_keys
    #: other registrations of the view (a transform, a late hook), if any
    setup: Callable[[Sphinx], None] | None = None
    #: the object types (``speaker``, ``tool``) whose declarations belong on the
    #: view's page: one declared elsewhere warns ``orphan_declaration``, and of
    #: an id declared twice, the one on such a page is the one the site uses
    hosts: tuple[str, ...] = ()
