"""Shared fixtures: sphinx.testing for the small roots, and cached builds of the real site."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from entry_point_cache import entry_points_once
from project_scripts import command_line_variables, import_script
from template_cache import compiled_once

pytest_plugins = ("sphinx.testing.fixtures",)

# Sphinx colours its messages when it sees CI=true (as on CI runners), even
# into a pipe; the tests read warnings as plain text, in this process and in
# every build they start.
os.environ["NO_COLOR"] = "1"

ROOTS = Path(__file__).parent / "roots"
#: ``python -m sphinx`` with each plugin lookup made once (see :func:`strict_build`)
SPHINX_ONCE = Path(__file__).parent / "entry_point_cache.py"
SITE = Path(__file__).parent.parent
#: scripts/check.py (``make check``): its source fingerprint and manifest name
CHECK = import_script(SITE / "scripts" / "check.py")


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


#: What a copy of the site leaves out: what is no input of a build (make check's own list).
SITE_COPY_IGNORE = shutil.ignore_patterns(*CHECK.NOT_SOURCES)


@pytest.fixture(scope="session")
def copy_site() -> Callable[[Path], Path]:
    """Return a function making a writable copy of the site's sources at a path."""

    def copy(dest: Path) -> Path:
        shutil.copytree(SITE, dest, ignore=SITE_COPY_IGNORE)
        return dest

    return copy


def strict_build(
    srcdir: Path,
    outdir: Path,
    builder: str,
    doctrees: Path,
    *extra: str,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run Sphinx as CI does (``-W --keep-going -n``) in a subprocess.

    ``python -m sphinx`` with its plugin lookups answered once
    (``entry_point_cache.py`` as a script: half a second of each site build).
    A local build (no ``READTHEDOCS*`` variable from the caller's shell)
    unless *env* sets them, as Read the Docs does.
    """
    cmd = [sys.executable, str(SPHINX_ONCE), "-W", "--keep-going", "-n", "-q"]
    cmd += ["-b", builder, "-d", str(doctrees), *extra, str(srcdir), str(outdir)]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    environ.update(env or {})
    return subprocess.run(cmd, capture_output=True, text=True, check=False, env=environ)


@pytest.fixture(scope="session")
def run_strict_build() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Return :func:`strict_build`, for tests that build a copy of the site."""
    return strict_build


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every worker of this run shares (pytest-xdist gives each its own basetemp)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


#: output folder of a ``build_site`` build -> its doctrees (this process's builds)
DOCTREES: dict[str, Path] = {}


def _prebuilt(builder: str) -> tuple[Path, str] | None:
    """The build ``make check`` made just before its tests stage, if of these very sources."""
    manifest = os.environ.get(CHECK.SITE_BUILDS_ENV)
    if not manifest or not Path(manifest).is_file():
        return None
    recorded = json.loads(Path(manifest).read_text(encoding="utf-8"))
    entry = recorded["builds"].get(builder)
    if entry is None or entry["returncode"] != 0:
        return None  # a failed build is made again here, so the test shows why
    if recorded["fingerprint"] != _fingerprint():
        return None
    DOCTREES[str(Path(entry["outdir"]))] = Path(entry["doctrees"])
    return Path(entry["outdir"]), entry["output"]


@functools.cache
def _fingerprint() -> str:
    return str(CHECK.source_fingerprint(SITE))


@pytest.fixture(scope="session")
def build_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., tuple[Path, str]]:
    """Build the real site strictly with a builder, once per test run.

    ``build(builder, *options, env={...})`` returns ``(outdir, warnings)``;
    *env* adds environment variables (``READTHEDOCS_CANONICAL_URL``: a build
    as Read the Docs makes it). Each build runs in a subprocess (docutils'
    global state cannot leak between builders) and happens once per run:
    under ``make check`` the tests take the check's own strict builds (same
    sources, same interpreter); otherwise the first worker that asks builds
    into a folder all pytest-xdist workers share, under a file lock, and the
    others read its result.
    """
    from filelock import FileLock

    shared = _shared_dir(tmp_path_factory) / "site-builds"
    shared.mkdir(exist_ok=True)
    cache: dict[tuple[str, ...], tuple[Path, str]] = {}
    # the browser tests start two builds at once from threads
    key_locks: defaultdict[tuple[str, ...], threading.Lock] = defaultdict(threading.Lock)
    locks_lock = threading.Lock()

    def build(builder: str, *extra: str, env: Mapping[str, str] | None = None) -> tuple[Path, str]:
        environ = dict(sorted((env or {}).items()))
        key = (builder, *extra, *(f"{k}={v}" for k, v in environ.items()))
        with locks_lock:
            key_lock = key_locks[key]
        with key_lock:
            if key not in cache:
                plain = not extra and not environ
                cache[key] = (plain and _prebuilt(builder)) or _build_once(key, extra, environ)
        return cache[key]

    def _build_once(
        key: tuple[str, ...], extra: tuple[str, ...], env: dict[str, str]
    ) -> tuple[Path, str]:
        # a name that is safe as a path, whatever the options (URLs have slashes)
        folder = shared / f"{key[0]}-{hashlib.sha256(repr(key).encode()).hexdigest()[:12]}"
        result = folder / "result.json"
        with FileLock(str(folder) + ".lock"):
            if not result.is_file():
                folder.mkdir(exist_ok=True)
                proc = strict_build(
                    SITE, folder / key[0], key[0], folder / ".doctrees", *extra, env=env
                )
                result.write_text(
                    json.dumps({"returncode": proc.returncode, "stderr": proc.stderr}),
                    encoding="utf-8",
                )
        recorded = json.loads(result.read_text(encoding="utf-8"))
        if recorded["returncode"] != 0:
            pytest.fail(f"{' '.join(key)} build failed:\n{recorded['stderr']}")
        DOCTREES[str(folder / key[0])] = folder / ".doctrees"
        return folder / key[0], recorded["stderr"]

    return build


#: what Read the Docs sets on every build (sphinxext-opengraph requires the canonical URL
#: there), and the clone the edit links come from
READ_THE_DOCS_ENV = {
    "READTHEDOCS": "True",
    "READTHEDOCS_CANONICAL_URL": "https://notes.example.org/en/latest/",
    "READTHEDOCS_GIT_CLONE_URL": "https://github.com/example-org/notes.git",
    "READTHEDOCS_GIT_IDENTIFIER": "main",
}


@dataclass(frozen=True)
class ReadTheDocsBuild:
    """The site built by the exact command Read the Docs runs, in a clean copy."""

    checkout: Path
    outdir: Path
    returncode: int
    stderr: str
    #: the root URL the build was given (``READTHEDOCS_CANONICAL_URL``)
    canonical_url: str = READ_THE_DOCS_ENV["READTHEDOCS_CANONICAL_URL"]


@pytest.fixture(scope="session")
def read_the_docs_build(tmp_path_factory: pytest.TempPathFactory) -> ReadTheDocsBuild:
    """Run Read the Docs' command (``READ_THE_DOCS_ENV`` set) once per test run.

    In a clean copy of the sources, with the relative doctrees folder Read the
    Docs passes; the first pytest-xdist worker that asks builds under a file
    lock, the others read its result. The tests of that command
    (``test_site_builders``) and of the site as Read the Docs serves it
    (``test_open_web``) share it, as they share ``build_site``'s builds.
    """
    from filelock import FileLock

    folder = _shared_dir(tmp_path_factory) / "read-the-docs"
    result = folder / "result.json"
    with FileLock(str(folder) + ".lock"):
        if not result.is_file():
            checkout = shutil.copytree(SITE, folder / "checkout", ignore=SITE_COPY_IGNORE)
            cmd = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html"]
            cmd += ["-d", "_build/doctrees", "-D", "language=en", ".", str(folder / "html")]
            env = {**os.environ, **READ_THE_DOCS_ENV}
            proc = subprocess.run(
                cmd, cwd=checkout, env=env, capture_output=True, text=True, check=False
            )
            result.write_text(
                json.dumps({"returncode": proc.returncode, "stderr": proc.stderr}),
                encoding="utf-8",
            )
    recorded = json.loads(result.read_text(encoding="utf-8"))
    return ReadTheDocsBuild(
        folder / "checkout", folder / "html", recorded["returncode"], recorded["stderr"]
    )


@pytest.fixture(scope="session")
def site_doctrees(build_site: Callable[..., tuple[Path, str]]) -> Callable[[Path], Path]:
    """Return where the doctrees of a ``build_site`` output folder are.

    Its own builds keep them beside the output; ``make check``'s share one
    folder between builders. Either way the build recorded it.
    """

    def doctrees(outdir: Path) -> Path:
        return DOCTREES[str(outdir)]

    return doctrees


@pytest.fixture(scope="session", autouse=True)
def _templates_compiled_once() -> Iterator[None]:
    """Every in-process build of the run shares the theme's compiled templates (template_cache)."""
    with compiled_once():
        yield


@pytest.fixture(scope="session", autouse=True)
def _entry_points_read_once() -> Iterator[None]:
    """Every in-process build of the run shares the plugin lookups (entry_point_cache)."""
    with entry_points_once():
        yield


#: what an outer ``make`` (``make check BUILDDIR=...``) passes down to every ``make`` below it
OUTER_MAKE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


@pytest.fixture(scope="session", autouse=True)
def no_outer_make() -> Iterator[None]:
    """Run the tests' own ``make`` commands as a contributor would type them.

    Under ``make test`` or ``make check`` the environment carries the outer
    make's command-line variables, in ``MAKEFLAGS`` and each as a variable of
    its own (make exports them to its recipes): a ``make ids`` a test runs on
    a copy of the site would build into the outer ``BUILDDIR``.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name in command_line_variables(os.environ.get("MAKEFLAGS", "")):
            patch.delenv(name, raising=False)
        for name in OUTER_MAKE:
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="session", autouse=True)
def confnotes_importable() -> None:
    """Let the test roots' ``conf.py`` load ``confnotes`` from ``_ext/``."""
    ext = str(SITE / "_ext")
    if ext not in sys.path:
        sys.path.insert(0, ext)


@pytest.fixture
def build_suppressing(make_app: Callable[..., Any]) -> Callable[..., Any]:
    """``build_suppressing(srcdir, *types)``: a fresh html build with those warning types off.

    What every "the warning can be silenced" test does: ``suppress_warnings``
    as a contributor sets it in ``conf.py``.
    """

    def build(srcdir: Path, *types: str) -> Any:
        app = make_app(
            "html", srcdir=srcdir, freshenv=True, confoverrides={"suppress_warnings": list(types)}
        )
        app.build()
        return app

    return build


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
