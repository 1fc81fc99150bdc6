"""Run the project's scripts (``scripts/*.py``) and its Makefile, for the tests.

A module of its own rather than a name in ``conftest``: the browser tests
have a ``conftest`` too, and whichever pytest loaded last owns that name.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest


def import_script(path: Path) -> ModuleType:
    """Import one of the project's scripts (``scripts/*.py``) as a module."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(path.stem, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def gnu_make() -> str:
    """Return the path of ``make``; skip the test where it is not installed."""
    make = shutil.which("make")
    if make is None:  # pragma: no cover - make is on every machine we build on
        pytest.skip("GNU make is not installed")
    return make
