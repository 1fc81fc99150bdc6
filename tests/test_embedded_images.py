"""An image to embed is linked instead: the writer would embed a file nobody checked.

docutils' ``:loading: embed`` makes the HTML writer read the image from the
path the page links (``_images/plain.svg``), relative to the directory the
build runs in, and put it inline: not the drawing the page names, which
the active-file check read, but any file of that name there. In a copy of
``test-page-files``, a reST and a MyST page embed a plain drawing, and the
build runs where ``_images/plain.svg`` holds a script. Each image warns
``confnotes.embedded_image`` at its line and is linked; no page holds the
script. A ``docutils.conf`` that embeds every image embeds none. Without
the check, the script is in the page.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from output_scan import scan
from root_builds import sphinx_process

EXT = Path(__file__).resolve().parents[1] / "_ext"
PLAIN = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
ACTIVE = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
PAGES = {
    "embed.rst": "Embed\n=====\n\n.. image:: plain.svg\n   :loading: embed\n   :alt: drawn\n",
    "embed-md.md": "# Embed in MyST\n\n```{image} plain.svg\n:loading: embed\n:alt: drawn\n```\n",
    "plain-image.rst": "Plain\n=====\n\n.. image:: plain.svg\n   :alt: drawn\n",
}
WARNED = [
    "embed-md.md:3: image 'plain.svg' is linked, not embedded",
    "embed.rst:4: image 'plain.svg' is linked, not embedded",
]


def embedding_copy(rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The root with the pages, the drawing, and an active file where the writer looks."""
    srcdir = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (srcdir / "plain.svg").write_text(PLAIN, encoding="utf-8")
    for name, text in PAGES.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "plain.svg").write_text(ACTIVE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return srcdir


def built_text(outdir: Path) -> str:
    return "\n".join(p.read_text("utf-8", "replace") for p in outdir.rglob("*.html"))


@pytest.mark.parametrize("builder", ["html", "singlehtml"])
def test_an_image_to_embed_is_linked(
    make_app: Callable[..., Any],
    rootdir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings_of: Any,
    builder: str,
) -> None:
    app = make_app(builder, srcdir=embedding_copy(rootdir, tmp_path, monkeypatch), freshenv=True)
    app.build()
    warned = [w for w in warnings_of(app) if "[confnotes.embedded_image]" in w]
    assert sorted(w.split(": the HTML")[0] for w in warned) == WARNED
    assert "alert(" not in built_text(Path(app.outdir))
    assert scan(Path(app.outdir)) == []
    if builder == "html":
        assert '<img alt="drawn" src="_images/plain.svg"' in (
            Path(app.outdir) / "embed.html"
        ).read_text(encoding="utf-8")


def test_a_docutils_conf_embeds_nothing(
    rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sphinx-build`` reads ``docutils.conf`` beside ``conf.py``: every image embedded."""
    srcdir = embedding_copy(rootdir, tmp_path, monkeypatch)
    (srcdir / "docutils.conf").write_text("[general]\nimage_loading: embed\n", encoding="utf-8")
    out = tmp_path / "out"
    done = sphinx_process(EXT, srcdir, out)
    assert (out / "plain-image.html").is_file(), done.stderr
    assert "alert(" not in built_text(out)
    assert scan(out) == []


def test_without_the_check_the_script_is_embedded(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confnotes.site.safety.active_files import RemoveActiveFiles

    srcdir = embedding_copy(rootdir, tmp_path, monkeypatch)
    monkeypatch.setattr(RemoveActiveFiles, "link_not_embed", lambda self, image: None)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert "<script>alert(2)</script>" in (Path(app.outdir) / "embed.html").read_text("utf-8")
