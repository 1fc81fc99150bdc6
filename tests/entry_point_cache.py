"""Read the installed packages' entry points once per test run, not once per lookup.

pybtex finds every plugin by asking ``importlib.metadata`` for the entry
points of a group and name (sphinxcontrib-bibtex does so for each
bibliography: its style, and the style's label, name and sorting parts),
sphinxcontrib-bibtex finds its own plugins the same way, and Sphinx looks up
the ``sphinx.html_themes`` group for every app. Each call reads the metadata
of every installed distribution: about a quarter of a small bibliography
build in this process, and half a second of every build of the real site.
The installed packages do not change while the tests run, so neither does
the answer to a lookup; each is asked once and the (immutable) result handed
to every later build.

Run as a script (``python tests/entry_point_cache.py <sphinx-build
arguments>``) it is ``python -m sphinx`` with the lookups of that one build
cached: what ``conftest.strict_build`` runs for the builds of the real site
in subprocesses.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: modules that call ``entry_points`` (imported by that name) while a build runs
LOOKERS = ("pybtex.plugin", "sphinxcontrib.bibtex.plugin", "sphinx.theming")


@contextmanager
def entry_points_once() -> Iterator[None]:
    """Inside the block, each of ``LOOKERS`` gets every ``entry_points(...)`` answer once."""
    from importlib.metadata import entry_points

    @functools.cache
    def cached(**selection: Any) -> Any:
        return entry_points(**selection)

    modules = [importlib.import_module(name) for name in LOOKERS]
    for module in modules:
        assert module.entry_points is entry_points, module  # what the cache stands in for
        module.entry_points = cached
    try:
        yield
    finally:
        for module in modules:
            module.entry_points = entry_points


def main(argv: list[str]) -> int:
    """``python -m sphinx`` with every lookup of the build answered once.

    The cache is put in place before anything imports ``entry_points``, so
    every module of the build (Sphinx, pybtex, sphinxcontrib-bibtex, the
    theme) binds it; and ``sys.path`` starts with the working folder, as
    under ``-m``, not with ``tests/``.
    """
    import importlib.metadata

    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path[0] = os.getcwd()
    importlib.metadata.entry_points = functools.cache(importlib.metadata.entry_points)  # type: ignore[assignment]
    from sphinx.cmd.build import main as sphinx_build

    return sphinx_build(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
