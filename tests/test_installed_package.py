"""The extension as a package: a wheel, installed, builds a project that has no ``_ext/``.

The wheel is built once per session from a copy of ``pyproject.toml`` and
``_ext/`` (so the repository gets no ``build/`` folder), offline, and
installed into a throwaway virtualenv that borrows this interpreter's
site-packages (Sphinx and the other dependencies) through a ``.pth`` file. A
small project in a temporary folder, whose ``conf.py`` is the README's
minimal one, is built there strictly, from a working directory outside the
repository and with ``python -I`` (no ``PYTHONPATH``, no ``_ext``): what it
gets is what ``pip install`` gives a user.
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SITE = Path(__file__).parent.parent
PACKAGE = SITE / "_ext" / "confnotes"
#: files of the package that are no Python module, and must be in the wheel
PACKAGE_DATA = (
    "confnotes/core/static/confnotes-core.css",
    "confnotes/core/static/confnotes.js",
    "confnotes/site/export/conference.schema.json",
)

TALK = """\
Opening
=======

.. talk:: opening
   :title: Opening keynote
   :speaker: ada-lovelace
   :kind: keynote
   :date: 2025-05-15
   :video: https://www.youtube.com/watch?v=YEtTWeeRzUI

   Why we are all here.

The notes of the keynote.
"""

SPEAKERS = """\
Speakers
========

.. speaker-grid::

.. speaker:: ada-lovelace
   :name: Ada Lovelace
"""

INDEX = """\
Conference notes
================

.. programme::

.. toctree::
   :caption: More

   speakers
"""


def run(*cmd: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run *cmd* in *cwd* with no ``PYTHONPATH`` and no Read the Docs variables."""
    env = {
        k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("READTHEDOCS")
    }
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc


def readme_conf_py() -> str:
    """The minimal ``conf.py`` of README's "Use it in your own project"."""
    readme = (SITE / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it in your own project", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "README's 'Use it in your own project' has no ```python block"
    return match[1]


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's wheel, built offline from a copy of its sources."""
    try:
        setuptools_version = version("setuptools")
    except PackageNotFoundError:
        setuptools_version = "0"
    if tuple(int(part) for part in re.findall(r"\d+", setuptools_version)[:2]) < (70, 1):
        pytest.fail(
            "setuptools>=70.1 builds the wheel offline: pip install -r requirements-test.txt"
        )
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    shutil.copy(SITE / "pyproject.toml", src)
    shutil.copytree(
        SITE / "_ext", src / "_ext", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    dist = work / "dist"
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-index",
        "--no-build-isolation",
        "-w",
        dist,
        src,
        cwd=work,
    )
    (built,) = dist.glob("confnotes-*.whl")
    return built


@pytest.fixture(scope="session")
def venv_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a throwaway virtualenv with the wheel installed.

    Its dependencies come from this interpreter's site-packages, added as
    plain paths (their own ``.pth`` files, such as an editable install of
    this repository, are not run).
    """
    venv = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = run(
        python, "-I", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=venv
    )
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib.stdout.strip(), "borrowed.pth").write_text("\n".join(borrowed) + "\n")
    run(
        python,
        "-I",
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=venv,
    )
    return python


@pytest.fixture(scope="session")
def project(venv_python: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project built strictly with the installed package; its html output folder."""
    src = tmp_path_factory.mktemp("notes")
    assert not src.resolve().is_relative_to(SITE.resolve())
    (src / "conf.py").write_text(readme_conf_py(), encoding="utf-8")
    (src / "index.rst").write_text(INDEX, encoding="utf-8")
    (src / "talks").mkdir()
    (src / "talks" / "opening.rst").write_text(TALK, encoding="utf-8")
    (src / "speakers.rst").write_text(SPEAKERS, encoding="utf-8")
    out = src / "_build" / "html"
    run(venv_python, "-I", "-m", "sphinx", "-W", "--keep-going", "-n", "-q", ".", out, cwd=src)
    return out


def test_the_wheel_holds_both_packages_and_their_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "confnotes/__init__.py" in names
    assert "confnotes_bib/__init__.py" in names
    assert set(PACKAGE_DATA) <= names
    # every module of the sources, and nothing of the site around them
    sources = {
        path.relative_to(SITE / "_ext").as_posix()
        for path in (SITE / "_ext").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert sources <= names
    assert not [
        n for n in names if not n.startswith(("confnotes/", "confnotes_bib/", "confnotes-"))
    ]


def test_the_package_is_imported_from_the_virtualenv(venv_python: Path) -> None:
    code = (
        "import confnotes, confnotes_bib, importlib.metadata as m;"
        "print(confnotes.__file__); print(confnotes_bib.__file__);"
        "print(m.version('confnotes') == confnotes.__version__)"
    )
    lines = run(venv_python, "-I", "-c", code, cwd=venv_python.parent).stdout.split()
    venv = venv_python.parent.parent.resolve()
    for module_file in lines[:2]:
        assert Path(module_file).resolve().is_relative_to(venv), module_file
    assert lines[2] == "True"


def test_a_project_outside_the_repository_gets_the_talk_header_and_the_assets(
    project: Path,
) -> None:
    talk = BeautifulSoup((project / "talks" / "opening.html").read_text("utf-8"), "lxml")
    header = talk.select_one(".conf-talk-header")
    assert header is not None
    assert "Ada Lovelace" in header.get_text(" ")
    assert talk.select_one("[data-conf-embed]") is not None  # the video facade
    stylesheets = [str(link["href"]).split("?")[0] for link in talk.select("link[rel=stylesheet]")]
    assert "../_static/confnotes-core.css" in stylesheets
    scripts = [str(script["src"]).split("?")[0] for script in talk.select("script[src]")]
    assert "../_static/confnotes.js" in scripts
    for name in ("confnotes-core.css", "confnotes.js"):
        served = project / "_static" / name
        assert served.read_bytes() == (PACKAGE / "core" / "static" / name).read_bytes()
    speakers = BeautifulSoup((project / "speakers.html").read_text("utf-8"), "lxml")
    assert speakers.select_one(".conf-speaker-card") is not None
    # the export's schema is package data too
    schema = project / "conference.schema.json"
    assert schema.read_bytes() == (PACKAGE / "site" / "export" / schema.name).read_bytes()
