"""Sphinx builds in processes forked from one that has already imported Sphinx.

A build of a small project in a new interpreter spends about 40 % of its
CPU before it reads a page: importing Sphinx, docutils, the theme, MyST,
sphinx-design and pybtex, and reading every installed distribution's entry
points. The suite runs dozens of such builds. Here one server process per
test process (``multiprocessing``'s forkserver) imports them once, and
each build is a fork of it: a fresh process with its own memory, its own
docutils state and no module of the project imported, that sets up what a
new ``python -m sphinx`` would have (environment, working folder,
``sys.path`` with ``PYTHONPATH``, ``sys.argv``) and writes its output to
files the caller reads. The project's own package is never preloaded: each
build imports it from its project's ``_ext``, as a new interpreter would.

:func:`run` returns what ``subprocess.run`` returns for the same command;
where the platform has no forkserver (Windows), it is ``subprocess.run``.
"""

from __future__ import annotations

import functools
import importlib.metadata
import multiprocessing
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: what every build imports before it reads a page (the project's package excepted)
PRELOAD = (
    "sphinx.cmd.build",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.builders.latex",
    "sphinx.builders.epub3",
    "sphinx.search",
    "docutils.parsers.rst",
    "myst_parser.parsers.sphinx_",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "pybtex.plugin",
    "furo",
)


@functools.cache
def _installed_entry_points() -> importlib.metadata.EntryPoints:
    return importlib.metadata.entry_points()


def _entry_points(**selection: Any) -> importlib.metadata.EntryPoints:
    """``importlib.metadata.entry_points``, every distribution read once (in the server)."""
    return _installed_entry_points().select(**selection) if selection else _installed_entry_points()


def preload() -> None:
    """In the server (``build_server_preload``): read the plugins once, import what builds use."""
    importlib.metadata.entry_points = _entry_points  # type: ignore[assignment]
    _installed_entry_points()
    for name in PRELOAD:
        __import__(name)


def _interpreter_path() -> list[str]:
    """The folders a new interpreter searches: the standard library's and installed packages'."""
    prefixes = tuple({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix})
    return [p for p in sys.path if p and os.path.abspath(p).startswith(prefixes)]


def _build(
    argv: list[str], cwd: str, env: dict[str, str], out: str, err: str, base: list[str]
) -> None:
    """In the fork: become ``python -m sphinx <argv>`` started in *cwd* with *env*."""
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    extra = [os.path.abspath(p) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:] = [cwd, *extra, *base]
    sys.argv = ["sphinx-build", *argv]
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    from sphinx.cmd.build import main

    sys.exit(main(argv))


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["build_server_preload"])
    return context


def run(
    argv: Sequence[str], *, cwd: Path | str | None = None, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sphinx <argv>`` in a fork of the server; capture its output as text."""
    cwd = os.path.abspath(cwd or os.getcwd())
    args = [sys.executable, "-m", "sphinx", *argv]
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return subprocess.run(
            args, capture_output=True, text=True, check=False, env=dict(env), cwd=cwd
        )
    with tempfile.TemporaryDirectory(prefix="sphinx-build-") as folder:
        out, err = os.path.join(folder, "stdout"), os.path.join(folder, "stderr")
        build = _context().Process(
            target=_build, args=(list(argv), cwd, dict(env), out, err, _interpreter_path())
        )
        build.start()
        build.join()
        assert build.exitcode is not None  # joined
        read = functools.partial(Path.read_text, encoding="utf-8", errors="replace")
        return subprocess.CompletedProcess(args, build.exitcode, read(Path(out)), read(Path(err)))
