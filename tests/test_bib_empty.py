"""Nothing to cite yet: no ``bibtex_bibfiles``, an empty ``.bib`` file, or one of comments.

Each used to stop the build: sphinxcontrib-bibtex requires the setting, and
the entry check (``confnotes_bib.bibcheck``) failed on a file with no entry.
A project starting out, with the citation set-up in place and every view,
must build strictly with no warning, and rebuild reading nothing.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
STRICT = {"nitpicky": True}


def build(
    make_app: Callable[..., SphinxTestApp], src: Path, out: Path, **kwargs: Any
) -> tuple[SphinxTestApp, list[str]]:
    """Build *src* strictly into *out*; return the app and the pages it read."""
    app = make_app(
        "html", srcdir=src, builddir=out, warningiserror=True, confoverrides=STRICT, **kwargs
    )
    read: list[str] = []
    app.connect("source-read", lambda _app, docname, _source: read.append(docname))
    app.build()
    return app, read


@pytest.mark.parametrize("root", ["test-bib-none", "test-bib-empty", "test-bib-comments"])
def test_no_work_to_cite_builds_strictly_without_a_warning(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, page: Any, root: str
) -> None:
    src = shutil.copytree(ROOTS / root, tmp_path / "src")
    out = tmp_path / "build"
    app, read = build(make_app, src, out, freshenv=True)
    assert app.statuscode == 0
    assert app.warning.getvalue() == ""
    assert set(read) == {"bibliography", "index", "speakers", "talks/opening"}
    # the talk has its header and an empty references list; the bibliography lists nothing
    talk = page(app.outdir / "talks" / "opening.html")
    assert talk.select_one(".conf-talk-header") is not None
    assert not talk.select("section#references li")
    assert not page(app.outdir / "bibliography.html").select(".citation")
    export = json.loads((app.outdir / "conference.json").read_text(encoding="utf-8"))
    assert [talk["slug"] for talk in export["talks"]] == ["opening"]
    app.cleanup()  # unregister nodes and roles before the next app
    # a rebuild sees no changed setting and reads nothing
    again, read = build(make_app, src, out)
    assert again.warning.getvalue() == ""
    assert read == []
    assert "bibtex_bibfiles" not in again.status.getvalue()  # "The configuration has changed"


def test_an_at_sign_in_the_comment_warns_at_its_line_and_the_rest_builds(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    warnings_of: Callable[..., list[str]],
    page: Any,
) -> None:
    """BibTeX reads any ``@`` as an entry's start: one in a comment stopped the build."""
    src = shutil.copytree(ROOTS / "test-bib-comments", tmp_path / "src")
    bib = src / "references.bib"
    lines = bib.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "% questions: mail notes@example.org")
    bib.write_text("\n".join(lines) + "\n", encoding="utf-8")
    app = make_app("html", srcdir=src, builddir=tmp_path / "build", freshenv=True)
    app.build()
    (warning,) = warnings_of(app)
    assert warning.startswith("references.bib:2: an '@' in the comment before the first entry")
    assert warning.endswith("[confnotes.bib_syntax]")
    assert page(app.outdir / "talks" / "opening.html").select_one(".conf-talk-header")
