"""Raw content and includes from outside the source tree: warned, located, left out.

Unless a maintainer allows a reviewed use with ``confnotes_allow_unsafe``.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from root_builds import MYST_INCLUDE_USES_ENV_APP

ROOTS = Path(__file__).parent / "roots"

UNSAFE = [
    "talks/myst.md:12: include of '../../outside.txt', outside the source directory, is left out;"
    " confnotes_allow_unsafe = ['talks/myst.md:12'] in conf.py allows it once reviewed"
    " [confnotes.outside_include]",
    "talks/myst.md:15: literalinclude of '../../outside.txt', outside the source directory, is"
    " left out; confnotes_allow_unsafe = ['talks/myst.md:15'] in conf.py allows it once reviewed"
    " [confnotes.outside_include]",
    "talks/myst.md:5: raw html content is left out (it would reach readers unescaped);"
    " confnotes_allow_unsafe = ['talks/myst.md:5'] in conf.py allows it once reviewed"
    " [confnotes.raw_content]",
    "talks/myst.md:7: raw html content is left out (it would reach readers unescaped);"
    " confnotes_allow_unsafe = ['talks/myst.md:7'] in conf.py allows it once reviewed"
    " [confnotes.raw_content]",
    "talks/rest.rst:15: include of '../../outside.txt', outside the source directory, is left"
    " out; confnotes_allow_unsafe = ['talks/rest.rst:15'] in conf.py allows it once reviewed"
    " [confnotes.outside_include]",
    "talks/rest.rst:17: literalinclude of '../../outside.txt', outside the source directory, is"
    " left out; confnotes_allow_unsafe = ['talks/rest.rst:17'] in conf.py allows it once"
    " reviewed [confnotes.outside_include]",
    "talks/rest.rst:6: raw html content is left out (it would reach readers unescaped);"
    " confnotes_allow_unsafe = ['talks/rest.rst:6'] in conf.py allows it once reviewed"
    " [confnotes.raw_content]",
    "talks/rest.rst:13: raw html content is left out (it would reach readers unescaped);"
    " confnotes_allow_unsafe = ['talks/rest.rst:13'] in conf.py allows it once reviewed"
    " [confnotes.raw_content]",
]


def unsafe_root(tmp_path: Path) -> Path:
    """A copy of the root, with the file its pages include from outside it."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "outside.txt").write_text("OUTSIDE-SECRET\n", encoding="utf-8")
    return shutil.copytree(ROOTS / "test-unsafe", tmp_path / "src")


@MYST_INCLUDE_USES_ENV_APP
def test_raw_and_outside_includes_warn_and_are_left_out(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    app = make_app("html", srcdir=unsafe_root(tmp_path), freshenv=True)
    app.build()
    assert warnings_of(app) == UNSAFE
    for name in ("rest", "myst"):
        html = (app.outdir / "talks" / f"{name}.html").read_text(encoding="utf-8")
        body = page(app.outdir / "talks" / f"{name}.html")
        assert "OUTSIDE-SECRET" not in html
        assert body.find("script") is None
        assert body.find("b") is None
        text = body.get_text(" ", strip=True)
        assert "Before the raw block." in text
        # a raw role goes whole; MyST's inline HTML loses its tags only
        inline = "Inline markup." if name == "rest" else "Inline bold markup."
        assert inline in " ".join(text.split())
        assert "A snippet from inside the source tree." in text
        assert "This paragraph is still here." in text
    # markup MyST renders as raw HTML is not raw content written in the page
    assert "break<br />" in (app.outdir / "talks" / "myst.html").read_text(encoding="utf-8")


@MYST_INCLUDE_USES_ENV_APP
def test_a_maintainer_allows_a_reviewed_use(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    allowed = ["talks/rest.rst:6", "talks/myst.md:12", "talks/myst.md"]
    app = make_app(
        "html",
        srcdir=unsafe_root(tmp_path),
        freshenv=True,
        confoverrides={"confnotes_allow_unsafe": allowed},
    )
    app.build()
    assert warnings_of(app) == [w for w in UNSAFE if w.startswith("talks/rest.rst:1")]
    rest = (app.outdir / "talks" / "rest.html").read_text(encoding="utf-8")
    assert '<script>alert("rest")</script>' in rest
    assert "OUTSIDE-SECRET" not in rest
    myst = (app.outdir / "talks" / "myst.html").read_text(encoding="utf-8")
    assert "OUTSIDE-SECRET" in myst
    assert '<script>alert("myst")</script>' in myst


HIDDEN_REST = """Hidden files
============

.. literalinclude:: /.git/config

.. include:: ../.env

.. csv-table::
   :file: /.git/config

Get :download:`the config <../.git/config>` and :download:`a safe one <../snippet.txt>`.
"""
HIDDEN_MYST = """# Hidden files, MyST

```{literalinclude} ../inc/linked.txt
```

```{include} ../.env
```

```{include} ../inc/env-link.txt
```
"""


@MYST_INCLUDE_USES_ENV_APP
def test_files_the_project_hides_are_not_read(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """``.git/config`` (a token in a remote's URL), ``.env``: hidden, even behind a link.

    The project itself lies in a hidden folder (``.cache/``): only what it
    hides counts, its own pages and snippet are read.
    """
    srcdir = unsafe_root(tmp_path / ".cache")
    (srcdir / ".git").mkdir()
    (srcdir / ".git" / "config").write_text("[remote]\nurl = HIDDEN-SECRET\n", "utf-8")
    (srcdir / ".env").write_text("TOKEN=HIDDEN-SECRET\n", encoding="utf-8")
    (srcdir / "inc").mkdir()
    (srcdir / "inc" / "linked.txt").symlink_to(srcdir / ".git" / "config")
    (srcdir / "inc" / "env-link.txt").symlink_to(srcdir / ".env")
    (srcdir / "talks" / "hidden.rst").write_text(HIDDEN_REST, encoding="utf-8")
    (srcdir / "talks" / "hidden-myst.md").write_text(HIDDEN_MYST, encoding="utf-8")
    index = srcdir / "index.rst"
    index.write_text(index.read_text("utf-8") + "   talks/hidden\n   talks/hidden-myst\n", "utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    hidden = [w for w in warnings_of(app) if "hidden" in w]
    assert sorted(w.split(" is left out")[0] for w in hidden) == [
        "talks/hidden-myst.md:3: literalinclude of '../inc/linked.txt', in '.git', hidden in"
        " the source directory,",
        "talks/hidden-myst.md:6: include of '../.env', in '.env', hidden in the source directory,",
        # the same file through a link: at its own line
        "talks/hidden-myst.md:9: include of '../inc/env-link.txt', in '.env', hidden in the"
        " source directory,",
        "talks/hidden.rst:11: download of '../.git/config', in '.git', hidden in the source"
        " directory,",
        "talks/hidden.rst:4: literalinclude of '/.git/config', in '.git', hidden in the source"
        " directory,",
        "talks/hidden.rst:6: include of '../.env', in '.env', hidden in the source directory,",
        "talks/hidden.rst:8: csv-table :file: of '/.git/config', in '.git', hidden in the source"
        " directory,",
    ]
    assert all(w.endswith("[confnotes.outside_include]") for w in hidden), hidden
    written = [p for p in Path(app.outdir).rglob("*") if p.is_file()]
    assert not [p for p in written if b"HIDDEN-SECRET" in p.read_bytes()]
    assert (Path(app.outdir) / "talks" / "hidden.html").is_file()
    assert (
        "A snippet from inside the source tree." in (app.outdir / "talks" / "rest.html").read_text()
    )


def outside_files_root(tmp_path: Path) -> Path:
    """A copy of the root, with the files its pages name from outside it."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n OUTSIDE-SECRET")
    (tmp_path / "outside.csv").write_text("OUTSIDE-SECRET,1\n", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("OUTSIDE-SECRET\n", encoding="utf-8")
    return shutil.copytree(ROOTS / "test-outside-files", tmp_path / "src")


@MYST_INCLUDE_USES_ENV_APP  # MyST's csv-table :file: as well
def test_outside_images_tables_and_downloads_are_left_out(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any
) -> None:
    """Sphinx would copy them into the built site (``_images``, ``_downloads``)."""
    app = make_app("html", srcdir=outside_files_root(tmp_path), freshenv=True)
    app.build()
    hint = "outside the source directory, is left out; confnotes_allow_unsafe = [{!r}]"
    places = [
        ("talks/files-myst.md", "![from outside]", "image of '../../outside.png'"),
        ("talks/files-myst.md", "{download}`the secret", "download of '../../outside.txt'"),
        (
            "talks/files-myst.md",
            "```{csv-table} Outside",
            "csv-table :file: of '../../outside.csv'",
        ),
        ("talks/files.rst", ".. image:: ../../outside.png", "image of '../../outside.png'"),
        ("talks/files.rst", ".. figure:: ../../outside.png", "image of '../../outside.png'"),
        ("talks/files.rst", ".. csv-table:: Outside", "csv-table :file: of '../../outside.csv'"),
        ("talks/files.rst", ":download:`the secret", "download of '../../outside.txt'"),
    ]
    expected = [(path, line_with(app.srcdir / path, needle), what) for path, needle, what in places]
    warnings = [w for w in warnings_of(app) if w.startswith("talks/files")]
    assert len(warnings) == len(expected), warnings
    for (path, line, what), warning in zip(expected, sorted(warnings, key=_by_place), strict=True):
        assert warning.startswith(f"{path}:{line}: {what}, "), warning
        assert hint.format(f"{path}:{line}") in warning, warning
        assert warning.endswith("[confnotes.outside_include]"), warning
    built = [p for p in app.outdir.rglob("*") if p.is_file()]
    assert not any(b"OUTSIDE-SECRET" in p.read_bytes() for p in built)
    assert not any(p.name.startswith("outside") for p in built)
    rst = page(app.outdir / "talks" / "files.html")
    text = " ".join(rst.get_text(" ", strip=True).split())
    assert "A caption that stays." in text and "inside cell" in text
    assert "Get the secret or the snippet ." in text  # the outside download keeps its text
    assert [a.get_text() for a in rst.select("a.download")] == ["the snippet"]
    assert [img["src"] for img in rst.select("img")] == ["https://example.org/remote.png"]
    assert len(rst.select("table")) == 1  # the inside one


@MYST_INCLUDE_USES_ENV_APP  # MyST's csv-table and raw :file: as well
def test_an_absolute_file_path_is_the_file_docutils_reads(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """``/etc/passwd`` is that file: docutils reads an absolute ``:file:`` as it is.

    Sphinx's ``csv-table`` reads it from the source directory only when no
    such file exists, which still works.
    """
    srcdir = outside_files_root(tmp_path)
    outside = {"csv": tmp_path / "outside.csv", "txt": tmp_path / "outside.txt"}
    (srcdir / "talks" / "absolute.rst").write_text(
        "Absolute\n========\n\n"
        f".. csv-table:: Outside\n   :file: {outside['csv']}\n\n"
        f".. raw:: html\n   :file: {outside['txt']}\n\n"
        ".. csv-table:: Inside, from the source directory\n   :file: /inside.csv\n",
        encoding="utf-8",
    )
    (srcdir / "talks" / "absolute-myst.md").write_text(
        "# Absolute in MyST\n\n"
        f"```{{csv-table}} Outside\n:file: {outside['csv']}\n```\n\n"
        f"```{{raw}} html\n:file: {outside['txt']}\n```\n",
        encoding="utf-8",
    )
    index = srcdir / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8") + "   talks/absolute\n   talks/absolute-myst\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    places = [
        (
            "talks/absolute-myst.md",
            "```{csv-table}",
            f"csv-table :file: of {str(outside['csv'])!r}",
        ),
        ("talks/absolute-myst.md", "```{raw}", f"raw :file: of {str(outside['txt'])!r}"),
        (
            "talks/absolute.rst",
            ".. csv-table:: Outside",
            f"csv-table :file: of {str(outside['csv'])!r}",
        ),
        ("talks/absolute.rst", ".. raw::", f"raw :file: of {str(outside['txt'])!r}"),
    ]
    expected = [(path, line_with(srcdir / path, needle), what) for path, needle, what in places]
    warnings = sorted(
        (w for w in warnings_of(app) if w.startswith("talks/absolute")), key=_by_place
    )
    assert len(warnings) == len(expected), warnings
    for (path, line, what), warning in zip(expected, warnings, strict=True):
        assert warning.startswith(f"{path}:{line}: {what}, outside the source directory"), warning
        assert warning.endswith("[confnotes.outside_include]"), warning
    built = [p for p in app.outdir.rglob("*") if p.is_file()]
    assert not any(b"OUTSIDE-SECRET" in p.read_bytes() for p in built)
    inside = (srcdir / "inside.csv").read_text(encoding="utf-8").split(",")[0].strip()
    assert inside in (app.outdir / "talks" / "absolute.html").read_text(encoding="utf-8")


@MYST_INCLUDE_USES_ENV_APP
def test_a_file_named_in_an_included_file_is_found_from_that_file(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """docutils reads an included file's ``:file:`` from the included file's folder.

    Included at the source root by ``talks/deep.rst``: ``../outside.csv`` is
    outside (from the page's folder it would be inside), and so is
    ``/outside.csv``, which Sphinx's csv-table rewrites relative to the
    page's folder (no such absolute file) and docutils joins to the root.
    """
    srcdir = outside_files_root(tmp_path)
    (srcdir / "inc-relative.txt").write_text(
        ".. csv-table:: Relative\n   :file: ../outside.csv\n", encoding="utf-8"
    )
    (srcdir / "inc-absolute.txt").write_text(
        ".. csv-table:: Absolute\n   :file: /outside.csv\n", encoding="utf-8"
    )
    (srcdir / "talks" / "deep.rst").write_text(
        "Deep\n====\n\n.. include:: /inc-relative.txt\n\n.. include:: /inc-absolute.txt\n",
        encoding="utf-8",
    )
    index = srcdir / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   talks/deep\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    ours = [w for w in warnings_of(app) if w.endswith("[confnotes.outside_include]")]
    # at the included files' own lines, each offering that file and line as its allow key
    included = [w for w in ours if w.startswith("inc-")]
    assert sorted((w.split(": ", 1)[0], w.split(": ", 1)[1].split(",")[0]) for w in included) == [
        ("inc-absolute.txt:1", "csv-table :file: of '/outside.csv'"),
        ("inc-relative.txt:1", "csv-table :file: of '../outside.csv'"),
    ], warnings_of(app)
    assert all(f"['{w.split(': ', 1)[0]}']" in w for w in included), included
    built = [p for p in app.outdir.rglob("*") if p.is_file()]
    assert not any(b"OUTSIDE-SECRET" in p.read_bytes() for p in built)


def line_with(path: Path, needle: str) -> int:
    """Return the number of the first line of *path* that contains *needle*."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, start=1) if needle in text)


def _by_place(warning: str) -> tuple[str, int]:
    path, line, _rest = warning.split(":", 2)
    return path, int(line)


#: a page whose include names a module as its parser, and directives given codecs
#: that turn bytes into bytes (docutils accepted them and the build stopped)
OPTIONS_PAGE = """Options
=======

.. include:: ../snippet.txt
   :parser: confnotes_probe_parser

.. include:: ../snippet.txt
   :parser: rst

.. include:: ../snippet.txt
   :parser: myst

.. literalinclude:: ../snippet.txt
   :diff: ../../outside.txt

.. csv-table:: Codec
   :file: ../snippet.txt
   :encoding: rot13

.. include:: ../snippet.txt
   :encoding: base64

.. literalinclude:: ../snippet.txt
   :encoding: zlib

.. raw:: html
   :file: ../snippet.txt
   :encoding: hex

The rest of the page is built.
"""


def options_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of the root with the options page, and the file the probe module would write."""
    marker = tmp_path / "imported"
    modules = tmp_path / "modules"
    modules.mkdir(parents=True)
    (modules / "confnotes_probe_parser.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
        "from docutils.parsers.rst import Parser\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(modules))
    monkeypatch.delitem(sys.modules, "confnotes_probe_parser", raising=False)
    srcdir = unsafe_root(tmp_path)
    (srcdir / "talks" / "options.rst").write_text(OPTIONS_PAGE, encoding="utf-8")
    index = srcdir / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "   talks/options\n", encoding="utf-8")
    return srcdir, marker


@MYST_INCLUDE_USES_ENV_APP
def test_an_include_imports_no_module_and_codecs_are_text_encodings(
    make_app: Any, tmp_path: Path, warnings_of: Any, page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir, marker = options_root(tmp_path, monkeypatch)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert not marker.exists(), "the include imported the module it named"
    warnings = [w for w in warnings_of(app) if w.startswith("talks/options.rst")]
    assert warnings[0] == (
        "talks/options.rst:4: include with :parser: 'confnotes_probe_parser' is left out: only"
        " reST parsers parse an included file (docutils would import the module"
        " named, running its code; a Markdown parser would read the file's own front matter,"
        " which no check reads); confnotes_allow_unsafe = ['talks/options.rst:4'] in conf.py"
        " allows it once reviewed [confnotes.unsafe_parser]"
    )
    assert warnings[1].startswith(
        "talks/options.rst:10: include with :parser: 'myst' is left out"
    ), warnings  # a Markdown parser reads front matter no check sees
    assert warnings[2].startswith(
        "talks/options.rst:13: literalinclude :diff: of '../../outside.txt', outside the source"
    ), warnings
    html = (app.outdir / "talks" / "options.html").read_text(encoding="utf-8")
    assert "OUTSIDE-SECRET" not in html
    for line, codec in ((16, "rot13"), (20, "base64"), (23, "zlib"), (26, "hex")):
        assert any(w.startswith(f"talks/options.rst:{line}: ERROR: Error in") for w in warnings)
        assert f"'{codec}' is not a text encoding" in app.warning.getvalue()
    text = page(app.outdir / "talks" / "options.html").get_text(" ", strip=True)
    assert "The rest of the page is built." in text
    assert "A snippet" in text  # the include with the reST parser


@MYST_INCLUDE_USES_ENV_APP
def test_without_the_check_the_include_imports_its_parser(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confnotes.site.safety import unsafe
    from docutils.parsers.rst import directives

    srcdir, marker = options_root(tmp_path, monkeypatch)
    monkeypatch.setitem(unsafe.CheckedInclude.option_spec, "parser", directives.parser_name)
    make_app("html", srcdir=srcdir, freshenv=True).build()
    assert marker.read_text() == "ran"


def test_a_file_served_as_a_page_is_one_whatever_its_suffix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A suffix the MIME tables map to HTML, script or any XML type counts as a page."""
    import mimetypes

    from confnotes.site.safety.active_files import opens_as_page

    assert not opens_as_page(Path("notes.zzq"))
    monkeypatch.setattr(mimetypes, "guess_type", lambda name, strict=True: ("a/b+xml", None))
    assert opens_as_page(Path("notes.zzq"))
    monkeypatch.setattr(mimetypes, "guess_type", lambda name, strict=True: ("text/html", None))
    assert opens_as_page(Path("notes.zzq"))
    monkeypatch.setattr(mimetypes, "guess_type", lambda name, strict=True: ("image/png", None))
    assert not opens_as_page(Path("picture.zzq"))


@pytest.mark.parametrize(
    ("head", "sniffed"),
    [
        (b"<!DOCTYPE html>\n<p>x", True),
        (b"\n\t  <HTML><body>", True),
        (b"<script>alert(1)</script>", True),
        (b"<a href=x>", True),
        (b"<!-- a comment -->", True),
        (b'<?xml version="1.0"?><svg/>', True),
        (b"<pre>code</pre>", True),  # Firefox's addition
        (b"<?php echo 1; ?>", True),
        (b"<!--x-->", True),
        (b"<svg onload=alert(1)>", True),
        (b"<abbr>", False),  # <a followed by neither a space nor >
        (b"<code>", False),
        (b"Notes: <html> later on", False),
        (b"\x89PNG\r\n\x1a\n", False),
        (b"%PDF-1.7", False),
        (b"", False),
    ],
)
def test_a_file_that_starts_like_a_page_is_one_whatever_its_name(
    tmp_path: Path, head: bytes, sniffed: bool
) -> None:
    """Sniffing a file of no type: the first tag, after spaces, in any case (WHATWG, Firefox)."""
    from confnotes.site.safety.active_files import file_problem, starts_like_a_page

    path = tmp_path / "download"
    path.write_bytes(head)
    assert starts_like_a_page(path) is sniffed
    assert bool(file_problem(path)) is sniffed


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', ""),
        # a comment and an instruction no browser acts on are no script
        (b'<?xml version="1.0"?><!-- drawn --><?inkscape x?><svg><circle r="1"/></svg>', ""),
        # a stylesheet a browser applies: XSLT writes any page (helper-63's finding)
        (
            b'<?xml-stylesheet type="text/xsl" href="d.svg"?>'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "<?xml-stylesheet?>",
        ),
        (b'<?XML-STYLESHEET href="x.css"?><svg/>', "<?XML-STYLESHEET?>"),
        # not a picture at all: the root says what a browser makes of it
        (
            b'<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
            "its root element is <stylesheet>",
        ),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><p>x</p></html>', "root element is <html>"),
        # an <svg> of XHTML's namespace is a page (its <meta http-equiv> would run)
        (b'<svg xmlns="http://www.w3.org/1999/xhtml"><p>x</p></svg>', "not SVG's <svg>"),
        (b'<!DOCTYPE svg><svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', ""),
        (b"<svg><script>alert(1)</script></svg>", "<script>"),
        # HTML's redirect inside an SVG: it sends whoever opens the file elsewhere
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml">'
            b'<h:meta http-equiv="refresh" content="0; url=https://evil.example/"/></svg>',
            "<meta>",
        ),
    ],
)
def test_an_svg_is_a_picture_or_refused(tmp_path: Path, svg: bytes, problem: str) -> None:
    from confnotes.site.safety.active_files import file_problem

    path = tmp_path / "d.svg"
    path.write_bytes(svg)
    found = file_problem(path)
    assert (problem in found) if problem else found == "", found


@MYST_INCLUDE_USES_ENV_APP
@pytest.mark.parametrize("page", ["inc.rst", "inc.md"])
def test_a_missing_included_file_reads_the_page_again_once_added(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any, page: str
) -> None:
    """docutils notes no dependency on a file it could not read: the page kept its warning.

    In a copy of ``test-page-files``, a page includes a file that is not
    there; once the file is added, the next build reads the page again and
    equals a fresh build: no warning, the text included.
    """
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    include = ".. include:: part.txt\n" if page.endswith(".rst") else "```{include} part.txt\n```\n"
    (srcdir / page).write_text(f"Inc\n===\n\n{include}", encoding="utf-8")
    first = make_app("html", srcdir=srcdir, freshenv=True)
    first.build()
    assert any(w.startswith(f"{page}:4:") for w in warnings_of(first)), warnings_of(first)
    (srcdir / "part.txt").write_text("INCLUDED-TEXT\n", encoding="utf-8")
    again = make_app("html", srcdir=srcdir)
    again.build()
    assert not [w for w in warnings_of(again) if page in w]  # (a second app in a process
    # warns that Sphinx's nodes are registered already)
    html = (Path(again.outdir) / page.replace(".rst", ".html").replace(".md", ".html")).read_text()
    assert "INCLUDED-TEXT" in html
    if page.endswith(".rst"):  # (MyST's include notes the missing file as a dependency)
        # before the file was added, a build with nothing changed read nothing
        (srcdir / "part.txt").unlink()
        broken = make_app("html", srcdir=srcdir)
        broken.build()
        still = make_app("html", srcdir=srcdir)
        still.build()
        assert "0 added, 0 changed, 0 removed" in still.status.getvalue()
