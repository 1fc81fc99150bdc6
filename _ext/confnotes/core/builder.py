"""The builder that is writing: the one place the core reaches into Sphinx for it.

No public API: Sphinx 9 gives a domain or a post-transform no way to the
current builder (``env.app`` is deprecated, sphinx-doc/sphinx#14136);
``env._app.builder`` is what Sphinx's own ``ReferencesResolver`` uses.
Pinned for Sphinx 9.0 and 9.2 in ``tests/test_pinned_internals.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def current_builder(env: BuildEnvironment) -> Builder:
    """Return the builder of the build *env* belongs to."""
    return env._app.builder
