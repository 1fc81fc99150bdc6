"""Find pybtex's plugins once per process, not once per citation.

pybtex looks a plugin up by name among the entry points of every installed
distribution (``importlib.metadata``) each time it is asked, unless the
plugin was registered at run time. sphinxcontrib-bibtex asks for the plain
text backend at every citation it resolves, and a formatting style asks for
its name, label and sorting plugins each time it is made. At 200 talks that
was 220 look-ups and 2.4 s (profiled) of a build, in the main process even
with ``-j 2``, where it cannot be shared out. Registering what will be
asked for with pybtex's own ``register_plugin`` (once, at ``config-inited``)
turns each later look-up into a dictionary access; the classes are the
ones the entry points name, so nothing else changes. A style named only by
a ``bibliography`` directive's own ``:style:`` option is not known at
``config-inited``: it is looked up as before, slowly but the same.
(``tests/entry_point_cache.py`` caches every look-up of a test run; this
module is what a project's own builds get.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pybtex.plugin import PluginNotFound, find_plugin, register_plugin

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: what sphinxcontrib-bibtex and pybtex's styles ask for by name whatever the
#: settings: the backends, the name style of author-year references, and the
#: name, label and sorting styles a formatting style falls back to
ALWAYS = (
    ("pybtex.backends", "plaintext"),
    ("pybtex.backends", "docutils"),
    ("pybtex.style.names", "last"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.labels", "number"),
    ("pybtex.style.sorting", "none"),
)
#: a formatting style's own defaults: (plugin group, class attribute)
STYLE_DEFAULTS = (
    ("pybtex.style.names", "default_name_style"),
    ("pybtex.style.labels", "default_label_style"),
    ("pybtex.style.sorting", "default_sorting_style"),
)


def register(group: str, name: str) -> type | None:
    """Look *name* up once and register it at run time; return its class (None: unknown)."""
    try:
        klass: type = find_plugin(group, name)
    except PluginNotFound:
        return None  # sphinxcontrib-bibtex reports an unknown style itself
    # force: pybtex refuses a name an entry point has. The class is the one
    # the look-up finds (a run-time registration first), so none is replaced.
    register_plugin(group, name, klass, force=True)
    return klass


def register_used_plugins(app: Sphinx, config: Config) -> None:
    """``config-inited``: register the plugins the settings say the build will look up.

    The :data:`ALWAYS` ones, each formatting style the settings name, and that
    style's own defaults, each looked up once.
    """
    for group, name in ALWAYS:
        register(group, name)
    styles = {config.bibtex_default_style, getattr(config, "bibtex_tooltips_style", "")}
    for style in sorted(name for name in styles if name):
        klass = register("pybtex.style.formatting", style)
        if klass is None:
            continue
        for group, attr in STYLE_DEFAULTS:
            if name := getattr(klass, attr):
                register(group, name)
