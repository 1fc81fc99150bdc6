"""Every warning the build shows has a type, so ``suppress_warnings`` can silence it.

Sphinx gives most of its warnings a type (``ref.python``, ``toc.circular``),
but about fifty have none, and a page can cause each of them: the C and C++
domains' "Unparseable C++ expression", the Python domain's "could not parse
...", ``acks``' "content is not a list", "numfig is disabled"... No
``suppress_warnings`` entry could silence them, and a contributor could not
tell one from another by its type.

A filter placed first on Sphinx's warning handler (before the handler's own
filters read the type: ``suppress_warnings``, the ``[type]`` shown after the
message, ``-W``) gives each warning that has none the type
``sphinx.<module>``, named after the module that logged it: the last part
of a Sphinx module's name (``sphinx.domains.cpp``: ``sphinx.cpp``), else
the package's (``sphinx.sphinx_design`` is sphinx-design's); ``sphinx``
silences them all. No public API reaches the handler's list of filters
(``replay`` attaches to the same handler); ``tests/test_warning_types.py``
fails if Sphinx's handler stops taking it first.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from sphinx.util import logging as sphinx_logging

from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: not ``confnotes``: ``suppress_warnings = ["confnotes"]`` silences the site's own only
TYPE = "sphinx"
NOT_A_NAME_RE = re.compile(r"\W+")


def fallback_subtype(logger_name: str) -> str:
    """Return the subtype for a warning of the logger *logger_name* (``sphinx.<module>``)."""
    module = logger_name.removeprefix(f"{sphinx_logging.NAMESPACE}.")
    parts = module.split(".")
    name = parts[-1] if parts[0] == "sphinx" else parts[0]
    return NOT_A_NAME_RE.sub("_", name) or "sphinx"


class FallbackType(logging.Filter):
    """Give a warning without a type one, named after the module that logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Type the warning if it has no type; never drop it.

        A typed warning's message gets its type appended (``-W``'s
        ``[type.subtype]``), so it must be a string: the C and C++ domains log
        the parser's exception as the message, which a string is made of as
        logging would make it.
        """
        if record.levelno >= logging.WARNING and not getattr(record, "type", None):
            record.type = TYPE
            record.subtype = fallback_subtype(record.name)
            if not isinstance(record.msg, str):
                record.msg = str(record.msg)
        return True


def put_first(made: logging.Filter) -> None:
    """Put *made* first on Sphinx's warning handler, unless a filter of its class is there.

    First: before the handler's own filters read a warning's type
    (``suppress_warnings``, ``-W``, the ``[type]`` shown after the message).
    """
    for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
        if isinstance(handler, sphinx_logging.WarningStreamHandler) and not any(
            isinstance(found, type(made)) for found in handler.filters
        ):
            handler.filters.insert(0, made)


def install(app: Sphinx) -> None:
    """``builder-inited``: put the filter first on Sphinx's warning handler (once)."""
    put_first(FallbackType())


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the installation of the filter."""
    app.connect("builder-inited", install)
    return metadata()
