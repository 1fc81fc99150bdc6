"""The real site builds with no warning in every builder, and the way Read the Docs builds it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup

Build = Callable[..., tuple[Path, str]]

#: builder -> files that must exist in its output (relative to the outdir)
OUTPUTS = {
    "html": ["index.html", "talks/02-circus.html", "speakers.html", "tools.html"],
    "dirhtml": ["index.html", "talks/02-circus/index.html", "tools/index.html"],
    "singlehtml": ["index.html"],
    "epub": ["DjangoCircusNotes.epub"],
    "latex": [],  # checked below: one .tex file
    "text": ["index.txt", "talks/02-circus.txt"],
    "man": ["django-circus-notes.7"],
    "gettext": ["index.pot", "talks.pot"],
}


@pytest.mark.slow
@pytest.mark.parametrize("builder", list(OUTPUTS))
def test_strict_build_has_no_warning(build_site: Build, builder: str) -> None:
    outdir, warnings = build_site(builder)
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings
    for name in OUTPUTS[builder]:
        assert (outdir / name).is_file(), f"{builder}: {name} missing"
    if builder == "latex":
        assert list(outdir.glob("*.tex")), "latex: no .tex file"


@pytest.mark.slow
def test_epub_is_a_valid_book(build_site: Build) -> None:
    outdir, _ = build_site("epub")
    with zipfile.ZipFile(outdir / "DjangoCircusNotes.epub") as book:
        assert book.read("mimetype") == b"application/epub+zip"
        names = book.namelist()
    assert any(name.endswith("02-circus.xhtml") for name in names)


@pytest.mark.slow
def test_html_has_logo_favicon_and_metadata(build_site: Build) -> None:
    outdir, _ = build_site("html")
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "lxml")
    logos = soup.select("img.sidebar-logo")
    assert logos and all(img.get("alt") for img in logos)
    assert all(img["src"].endswith("logo.svg") for img in logos)
    icon = soup.select_one('link[rel~="icon"]')
    assert icon is not None and icon["href"].endswith("favicon.svg")
    assert (outdir / "_static" / "logo.svg").is_file()
    assert "Django Circus Notes" in soup.title.get_text()


def test_logo_svgs_are_accessible(site_dir: Path) -> None:
    from lxml import etree

    ns = "{http://www.w3.org/2000/svg}"
    for name in ("logo.svg", "favicon.svg"):
        root = etree.parse(str(site_dir / "_static" / name)).getroot()
        assert root.tag == f"{ns}svg"
        assert root.get("role") == "img"
        title = root.find(f"{ns}title")
        assert title is not None and title.text and title.text.strip()
        assert title.get("id") in (root.get("aria-labelledby") or "").split()
        # no scripts, no external references: safe as <img> and inline
        assert not root.findall(f".//{ns}script")
        assert "href" not in etree.tostring(root).decode()


@pytest.mark.slow
def test_read_the_docs_command(copy_site: Callable[[Path], Path], tmp_path: Path) -> None:
    """The exact command Read the Docs runs, in a clean copy, with its clone URL set."""
    src = copy_site(tmp_path / "checkout")
    env = {
        **os.environ,
        "READTHEDOCS": "True",
        # Read the Docs sets it on every build (sphinxext-opengraph requires it there)
        "READTHEDOCS_CANONICAL_URL": "https://notes.example.org/en/latest/",
        "READTHEDOCS_GIT_CLONE_URL": "https://github.com/example-org/notes.git",
        "READTHEDOCS_GIT_IDENTIFIER": "main",
    }
    out = tmp_path / "html"
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-T",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-d",
        "_build/doctrees",
        "-D",
        "language=en",
        ".",
        str(out),
    ]
    proc = subprocess.run(cmd, cwd=src, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    assert (src / "_build" / "doctrees" / "environment.pickle").is_file()
    soup = BeautifulSoup((out / "talks" / "02-circus.html").read_text(encoding="utf-8"), "lxml")
    edit = soup.select_one('a[rel="edit"]')
    assert edit is not None
    assert edit["href"] == "https://github.com/example-org/notes/edit/main/talks/02-circus.rst"
    canonical = soup.find("link", rel="canonical")
    assert canonical is not None
    assert canonical["href"] == "https://notes.example.org/en/latest/talks/02-circus.html"


def load_conf(site_dir: Path) -> ModuleType:
    """Execute conf.py as a module (it has no side effects beyond sys.path)."""
    spec = importlib.util.spec_from_file_location("site_conf", site_dir / "conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("clone_url", "expected"),
    [
        ("https://github.com/org/notes.git", "https://github.com/org/notes/"),
        ("git@github.com:org/notes.git", "https://github.com/org/notes/"),
        (
            "https://user:secret@gitlab.com/group/sub/notes.git",
            "https://gitlab.com/group/sub/notes/",
        ),
        ("ssh://git@bitbucket.org/org/notes", "https://bitbucket.org/org/notes/"),
        ("https://git.example.org/org/notes.git", None),  # furo cannot build its edit URL
        ("/work/main", None),
    ],
)
def test_edit_link_repository_is_derived_never_invented(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch, clone_url: str, expected: str | None
) -> None:
    monkeypatch.setenv("READTHEDOCS_GIT_CLONE_URL", clone_url)
    conf = load_conf(site_dir)
    assert conf._source_repository() == expected
    if expected is None:
        assert "source_repository" not in conf.html_theme_options
    else:
        assert conf.html_theme_options["source_repository"] == expected


def test_no_edit_link_without_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a git checkout and off Read the Docs, no URL is made up."""
    shutil.copy(Path(__file__).parent.parent / "conf.py", tmp_path / "conf.py")
    monkeypatch.delenv("READTHEDOCS_GIT_CLONE_URL", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    conf = load_conf(tmp_path)
    assert conf.html_theme_options == {}
