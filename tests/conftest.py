"""Shared fixtures: sphinx.testing for the small roots, and cached builds of the real site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from project_scripts import import_script

pytest_plugins = ("sphinx.testing.fixtures",)

# Sphinx colours its messages when it sees CI=true (as on CI runners), even
# into a pipe; the tests read warnings as plain text, in this process and in
# every build they start.
os.environ["NO_COLOR"] = "1"

ROOTS = Path(__file__).parent / "roots"
SITE = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def load_script() -> Callable[[Path], ModuleType]:
    """Return :func:`import_script`, for tests of the scripts in ``scripts/``."""
    return import_script


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Point sphinx.testing at our ``tests/roots/test-*`` projects."""
    return ROOTS


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The real site's source directory (the repository root)."""
    return SITE


#: What a copy of the site leaves out: VCS, environments, caches, outputs, tests.
SITE_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".tox",
    "_build",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "test-artifacts",
    "tests",
    "benchmarks",
)


@pytest.fixture(scope="session")
def copy_site() -> Callable[[Path], Path]:
    """Return a function making a writable copy of the site's sources at a path."""

    def copy(dest: Path) -> Path:
        shutil.copytree(SITE, dest, ignore=SITE_COPY_IGNORE)
        return dest

    return copy


def strict_build(
    srcdir: Path, outdir: Path, builder: str, doctrees: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """Run Sphinx as CI does (``-W --keep-going -n``) in a subprocess."""
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q"]
    cmd += ["-b", builder, "-d", str(doctrees), *extra, str(srcdir), str(outdir)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def run_strict_build() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Return :func:`strict_build`, for tests that build a copy of the site."""
    return strict_build


@pytest.fixture(scope="session")
def build_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., tuple[Path, str]]:
    """Build the real site strictly with a builder, once per session.

    Returns ``(outdir, warnings)``; the build runs in a subprocess so that
    docutils' global state cannot leak between builders.
    """
    cache: dict[tuple[str, ...], tuple[Path, str]] = {}
    # Callers may build several builders at once from threads: pytest's
    # tmp_path_factory is not thread-safe, and one build per key must run.
    factory_lock = threading.Lock()
    key_locks: defaultdict[tuple[str, ...], threading.Lock] = defaultdict(threading.Lock)

    def build(builder: str, *extra: str) -> tuple[Path, str]:
        key = (builder, *extra)
        with factory_lock:
            key_lock = key_locks[key]
        with key_lock:
            if key not in cache:
                with factory_lock:
                    out = tmp_path_factory.mktemp(f"site-{builder}")
                proc = strict_build(SITE, out / builder, builder, out / ".doctrees", *extra)
                if proc.returncode != 0:
                    pytest.fail(f"{builder} build failed:\n{proc.stderr}")
                cache[key] = (out / builder, proc.stderr)
        return cache[key]

    return build


@pytest.fixture(scope="session", autouse=True)
def confnotes_importable() -> None:
    """Let the test roots' ``conf.py`` load ``confnotes`` from ``_ext/``."""
    ext = str(SITE / "_ext")
    if ext not in sys.path:
        sys.path.insert(0, ext)


@pytest.fixture(scope="session")
def warnings_of() -> Callable[..., list[str]]:
    """Warnings of a sphinx.testing app as ``relative/path:line: message [type]``."""
    from sphinx.util.console import strip_escape_sequences

    def collect(app: Any) -> list[str]:
        text = strip_escape_sequences(app.warning.getvalue())
        prefix = f"{app.srcdir}{os.sep}"
        return [
            line.replace(prefix, "").replace(os.sep, "/").replace(": WARNING: ", ": ")
            for line in text.splitlines()
            if line.strip()
        ]

    return collect


@pytest.fixture(scope="session")
def page() -> Callable[..., Any]:
    """Parse a built HTML page and return its main content (BeautifulSoup)."""
    from bs4 import BeautifulSoup

    def parse(path: Path) -> Any:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        return soup.select_one('div[role="main"]') or soup.select_one("article") or soup.body

    return parse
