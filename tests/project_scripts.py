"""Import the project's scripts (``scripts/*.py``) as modules, for the tests.

A module of its own rather than a name in ``conftest``: the browser tests
have a ``conftest`` too, and whichever pytest loaded last owns that name.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def import_script(path: Path) -> ModuleType:
    """Import one of the project's scripts (``scripts/*.py``) as a module."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(path.stem, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
