"""Run the project's scripts (``scripts/*.py``) and its Makefile, for the tests.

A module of its own rather than a name in ``conftest``: the browser tests
have a ``conftest`` too, and whichever pytest loaded last owns that name.
"""

from __future__ import annotations

import importlib.util
import re
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


def command_line_variables(makeflags: str) -> list[str]:
    """The names of the variables set on an outer ``make``'s command line, from its ``MAKEFLAGS``.

    GNU make lists them after `` -- `` (``s -- BUILDDIR=/tmp/x PYTHON=python3``,
    spaces in a value escaped with a backslash) and also puts each in the
    environment of its recipes, where a nested ``make`` takes them as its own
    (``BUILDDIR ?= _build``).
    """
    _flags, dashes, assignments = makeflags.partition("-- ")
    if not dashes:
        return []
    names = []
    for word in re.split(r"(?<!\\) ", assignments):
        found = re.match(r"([^\s:+?!=]+)\s*[:+?!]*=", word)
        if found:
            names.append(found[1])
    return names


#: the repository: its Makefile, scripts and templates run on copies of test roots
SITE = Path(__file__).resolve().parent.parent


def project_copy(root: Path, dest: Path, *with_files: str) -> Path:
    """A writable copy of a test root with some of the repository's own files beside it.

    *with_files* are paths relative to the repository (``"Makefile"``,
    ``"scripts"``, ``"scripts/check.py"``): the root then runs ``make html``,
    ``make new-talk`` or ``make check`` as a contributor's clone would, on
    content the test controls.
    """
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("_build"))
    for name in with_files:
        source, target = SITE / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    return dest


def fill_in_placeholders(root: Path) -> None:
    """Write a contributor's own words where the scaffold left its placeholders (any wrapping)."""
    scaffold = import_script(Path(__file__).parent.parent / "scripts" / "new_talk.py")
    for path in scaffold.source_files(root):
        text = path.read_text(encoding="utf-8")
        filled = text
        for placeholder in scaffold.PLACEHOLDERS:
            written = r"\s+".join(map(re.escape, placeholder.split()))  # wrapped at any space
            filled = re.sub(written, "What the contributor noted.", filled)
        if filled != text:
            path.write_text(filled, encoding="utf-8")
