"""The real site builds with no warning in every builder, and the way Read the Docs builds it."""

from __future__ import annotations

import functools
import importlib.util
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from bs4 import BeautifulSoup
from project_scripts import import_script
from sphinx.util.osutil import make_filename

Build = Callable[..., tuple[Path, str]]

SITE = Path(__file__).parent.parent
SCAFFOLD = import_script(SITE / "scripts" / "new_talk.py")
#: the pages every version of the site has (its structure, not its content)
STRUCTURE = ["index", "speakers", "tools"]


def talk_declarations() -> list[Any]:
    """Every ``talk`` directive of the sources, as the scaffold reads them."""
    return list(SCAFFOLD.find_declarations(SITE, "talk"))


def talk_pages() -> list[str]:
    """Docnames of the pages that declare talks."""
    found = (decl.path.relative_to(SITE).with_suffix("") for decl in talk_declarations())
    return sorted({path.as_posix() for path in found})


def outputs(builder: str) -> list[str]:
    """Files a builder must write (relative to its outdir): one per page where it has pages."""
    pages = STRUCTURE + talk_pages()
    conf = site_conf()
    return {
        "html": [f"{page}.html" for page in pages],
        "dirhtml": ["index.html"] + [f"{page}/index.html" for page in pages if page != "index"],
        "singlehtml": ["index.html"],
        "epub": [f"{make_filename(conf.project)}.epub"],
        "latex": [],  # checked below: one .tex file
        "text": [f"{page}.txt" for page in pages],
        "man": [f"{name}.{section}" for _doc, name, *_rest, section in conf.man_pages],
        # gettext_compact: one catalogue per top-level folder
        "gettext": sorted({f"{page.split('/')[0]}.pot" for page in pages}),
    }[builder]


@functools.cache
def site_conf() -> ModuleType:
    """The site's conf.py, for its project name and man pages (configuration, not content)."""
    return load_conf(SITE)


BUILDERS = ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "gettext"]


@pytest.mark.slow
@pytest.mark.parametrize("builder", BUILDERS)
def test_strict_build_has_no_warning(build_site: Build, builder: str) -> None:
    outdir, warnings = build_site(builder)
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings
    for name in outputs(builder):
        assert (outdir / name).is_file(), f"{builder}: {name} missing"
    if builder == "latex":
        assert list(outdir.glob("*.tex")), "latex: no .tex file"


@pytest.mark.slow
def test_epub_is_a_valid_book(build_site: Build) -> None:
    outdir, _ = build_site("epub")
    (book_file,) = outputs("epub")
    with zipfile.ZipFile(outdir / book_file) as book:
        assert book.read("mimetype") == b"application/epub+zip"
        names = book.namelist()
    for page in talk_pages():
        assert any(name.endswith(f"{page}.xhtml") for name in names), page


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
    assert site_conf().project in soup.title.get_text()


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
def test_read_the_docs_command(read_the_docs_build: Any) -> None:
    """The exact command Read the Docs runs, in a clean copy, with its clone URL set.

    ``read_the_docs_build`` (``tests/conftest.py``) runs it once per test run:
    ``sphinx -T -W --keep-going -b html -d _build/doctrees -D language=en . <out>``
    in the copy, with ``READ_THE_DOCS_ENV``.
    """
    proc, out = read_the_docs_build, read_the_docs_build.outdir
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    assert (proc.checkout / "_build" / "doctrees" / "environment.pickle").is_file()
    # every talk page links to its own source for editing, and to its canonical URL
    sources = {decl.path.relative_to(SITE).as_posix() for decl in talk_declarations()}
    assert sources
    for source in sorted(sources):
        page = Path(source).with_suffix(".html").as_posix()
        soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "lxml")
        edit = soup.select_one('a[rel="edit"]')
        assert edit is not None, page
        assert edit["href"] == f"https://github.com/example-org/notes/edit/main/{source}"
        canonical = soup.find("link", rel="canonical")
        assert canonical is not None, page
        assert canonical["href"] == f"https://notes.example.org/en/latest/{page}"


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
