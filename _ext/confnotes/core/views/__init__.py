"""The views: one module each, each declaring ``VIEW`` (:class:`confnotes.core.view.View`).

Adding a view is adding a module here (and its test root): :func:`declared`
finds it, and a module without a ``VIEW`` is an error, never skipped. A
project adds a view of its own the same way, in a module of its own that
``confnotes_views`` names in its ``conf.py`` (``["myviews.talks_by_room"]``):
a build's views are this package's and those (:func:`views_of`).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError, ExtensionError

from confnotes.core.nodes import ConfPlaceholder
from confnotes.core.view import View

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.docutils import SphinxDirective


def view_in(module_name: str) -> View:
    """Import *module_name* and return its ``VIEW``; a module without one is an error."""
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # a missing module, or one that fails as it is imported
        msg = f"cannot import the view module {module_name!r}: {error!r}"
        raise ExtensionError(msg) from error
    view = getattr(module, "VIEW", None)
    if not isinstance(view, View):
        msg = f"{module.__name__} declares no VIEW = View(...)"
        raise ExtensionError(msg)
    return view


@cache
def declared(extra: tuple[str, ...] = ()) -> tuple[View, ...]:
    """Return the package's views, in module order, then those the modules *extra* name.

    Imported once per process; two views of one name, or of one
    placeholder, are an error.
    """
    modules = sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    found = [view_in(f"{__name__}.{m.name}") for m in modules]
    found += [view_in(name) for name in dict.fromkeys(extra)]
    for attribute in ("name", "placeholder"):
        values = [getattr(view, attribute) for view in found]
        if len(set(values)) != len(values):
            twice = sorted({str(v) for v in values if values.count(v) > 1})
            msg = f"two views declare the same {attribute}: {', '.join(twice)}"
            raise ExtensionError(msg)
    return tuple(found)


def views_of(config: Config) -> tuple[View, ...]:
    """Return the views of a build: this package's, then those ``confnotes_views`` names."""
    names = config.confnotes_views
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        msg = f"confnotes_views must be a list of module names (strings), not {names!r}"
        raise ConfigError(msg)
    return declared(tuple(names))


def view_of(placeholder: ConfPlaceholder, config: Config) -> View:
    """Return the view of *placeholder*; an unregistered placeholder is an error."""
    for view in views_of(config):
        if type(placeholder) is view.placeholder:
            return view
    msg = f"{type(placeholder).__name__} is a placeholder no view declares (confnotes.core.views)"
    raise ExtensionError(msg)


def view_of_directive(directive: SphinxDirective) -> View:
    """Return the view whose directive *directive* is (also as ``conf:<name>``).

    The nearest in its class's ancestry: Sphinx registers a domain's directive
    as a subclass of it, and a project's directive may subclass a package's.
    """
    ancestry = type(directive).__mro__
    found = [v for v in views_of(directive.config) if v.directive in ancestry]
    if found:
        return min(found, key=lambda view: ancestry.index(view.directive))
    msg = f"{type(directive).__name__} is a directive no view declares (confnotes.core.views)"
    raise ExtensionError(msg)


@cache
def _hosts(views: tuple[View, ...]) -> dict[str, str]:
    """Map each hosted object type to its view's name (once per set of views)."""
    found: dict[str, str] = {}
    for view in views:
        for objtype in view.hosts:
            if objtype in found:
                msg = f"views {found[objtype]!r} and {view.name!r} both host {objtype!r} entries"
                raise ExtensionError(msg)
            found[objtype] = view.name
    return found


def host_views(config: Config) -> dict[str, str]:
    """Return each object type some view hosts (:attr:`View.hosts`) -> that view's name.

    Two views hosting one type is an error: the page of a declaration would be ambiguous.
    """
    return _hosts(views_of(config))


def by_name(config: Config) -> dict[str, View]:
    """Return the build's views by name."""
    return {view.name: view for view in views_of(config)}


def register(app: Sphinx, views: tuple[View, ...]) -> None:
    """Register each view's directive (short and ``conf:`` names) and its own hooks."""
    for view in views:
        if view.directive is not None:
            app.add_directive_to_domain("conf", view.name, view.directive)
            app.add_directive(view.name, view.directive)
        if view.setup is not None:
            view.setup(app)


def register_project_views(app: Sphinx, config: Config) -> None:
    """``config-inited``: register the views the project's ``confnotes_views`` names."""
    register(app, views_of(config)[len(declared()) :])


def setup_views(app: Sphinx) -> None:
    """Register this package's views now, and the project's once its settings are read."""
    app.add_config_value("confnotes_views", [], "env", types=[list, tuple])
    register(app, declared())
    app.connect("config-inited", register_project_views)
