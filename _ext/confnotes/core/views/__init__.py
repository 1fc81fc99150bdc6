"""The views: one module each, each declaring ``VIEW`` (:class:`confnotes.core.view.View`).

Adding a view is adding a module here (and its test root): :func:`declared`
finds it, and a module without a ``VIEW`` is an error, never skipped.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

from confnotes.core.nodes import ConfPlaceholder
from confnotes.core.view import View

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
    from sphinx.application import Sphinx


@cache
def declared() -> tuple[View, ...]:
    """Every view of this package, in module order (imported once per process)."""
    found = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        view = getattr(module, "VIEW", None)
        if not isinstance(view, View):
            msg = f"{module.__name__} declares no VIEW = View(...)"
            raise ExtensionError(msg)
        found.append(view)
    return tuple(found)


def view_of(placeholder: ConfPlaceholder) -> View:
    """Return the view of *placeholder*; an unregistered placeholder is an error."""
    for view in declared():
        if type(placeholder) is view.placeholder:
            return view
    msg = f"{type(placeholder).__name__} is a placeholder no view declares (confnotes.core.views)"
    raise ExtensionError(msg)


def view_of_directive(directive: Directive) -> View:
    """Return the view whose directive *directive* is (also as ``conf:<name>``)."""
    for view in declared():
        if view.directive is not None and isinstance(directive, view.directive):
            return view
    msg = f"{type(directive).__name__} is a directive no view declares (confnotes.core.views)"
    raise ExtensionError(msg)


@cache
def host_views() -> dict[str, str]:
    """Return each object type some view hosts (:attr:`View.hosts`) -> that view's name.

    Two views hosting one type is an error: the page of a declaration would be ambiguous.
    """
    found: dict[str, str] = {}
    for view in declared():
        for objtype in view.hosts:
            if objtype in found:
                msg = f"views {found[objtype]!r} and {view.name!r} both host {objtype!r} entries"
                raise ExtensionError(msg)
            found[objtype] = view.name
    return found


def by_name() -> dict[str, View]:
    """Return the views by name."""
    return {view.name: view for view in declared()}


def setup_views(app: Sphinx) -> None:
    """Register each view's directive (short and ``conf:`` names) and its own hooks."""
    for view in declared():
        if view.directive is not None:
            app.add_directive_to_domain("conf", view.name, view.directive)
            app.add_directive(view.name, view.directive)
        if view.setup is not None:
            view.setup(app)
