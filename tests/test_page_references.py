"""A page that cites works and lists none warns at its first citation (``no_references``).

The site's citation rule (CONTRIBUTING.md) asks every citing page to end with
its own References list; with ``confnotes_bib_page_references`` the build
says when one is missing, in reST and MyST, at the citation's own file and
line (an included file's too), instead of a test failing in ``make check``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from test_contributor import REFERENCES

ROOT = Path(__file__).parent / "roots" / "test-bib-site"
ON = {"confnotes_bib_page_references": True}


def without_references(path: Path) -> None:
    """Cut the page's References section (its heading and its bibliography)."""
    text = path.read_text(encoding="utf-8")
    section = REFERENCES[path.suffix]
    assert section in text, path
    path.write_text(text.replace(section, ""), encoding="utf-8")


def first_cite_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if re.search(r"\{?cite:[pt]", line))


def citing_pages(src: Path) -> list[Path]:
    return sorted(p for p in (src / "talks").iterdir() if "cite:" in p.read_text("utf-8"))


def test_the_root_cites_in_both_formats() -> None:
    assert {p.suffix for p in citing_pages(ROOT)} == set(REFERENCES)


def test_pages_with_their_references_do_not_warn(make_app: Any, tmp_path: Path) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=ON)
    app.build()
    assert "no_references" not in app.warning.getvalue()


def test_a_citing_page_without_references_warns_at_its_first_citation(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    pages = citing_pages(src)
    for path in pages:
        without_references(path)
    # the first page's citations move to an included file: the warning follows them
    first = pages[0]
    text = first.read_text(encoding="utf-8")
    head, _, notes = text.partition(":slot:")
    head += ":slot:" + notes.split("\n", 1)[0] + "\n"
    notes = notes.split("\n", 1)[1]
    included = src / "talks" / "notes.txt"
    included.write_text(notes.lstrip("\n"), encoding="utf-8")
    first.write_text(head + "\n.. include:: notes.txt\n", encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=ON)
    app.build()
    found = [w for w in warnings_of(app) if "[confnotes.no_references]" in w]
    expected = [included, *pages[1:]]
    assert [w.split(": ", 1)[0] for w in found] == [
        f"{p.relative_to(src).as_posix()}:{first_cite_line(p)}" for p in expected
    ]
    assert all("holds no 'bibliography' directive" in w for w in found)
    # the rest of the page builds: its citations still link to the bibliography
    html = (app.outdir / first.relative_to(src).with_suffix(".html")).read_text("utf-8")
    assert 'href="../bibliography.html#cite-' in html
    # off by default (one bibliography for a whole project is sphinxcontrib-bibtex's way)
    app.cleanup()
    default = make_app("html", srcdir=src, freshenv=True)
    default.build()
    assert "no_references" not in default.warning.getvalue()
    default.cleanup()
    # and suppressible
    quiet = make_app(
        "html",
        srcdir=src,
        freshenv=True,
        confoverrides={**ON, "suppress_warnings": ["confnotes.no_references"]},
    )
    quiet.build()
    assert "no_references" not in quiet.warning.getvalue()


ONLY_HTML_REFERENCES = """
.. only:: html

   References
   ----------

   .. bibliography::
      :list: bullet
      :filter: docname in docnames
"""


def test_a_list_inside_only_counts_for_the_citations_of_that_block_alone(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """``.. only:: html`` around the list leaves a LaTeX build's citations unlisted: it warns.

    The same list with the citations inside the same block lists them in
    every build where they show: no warning.
    """
    src = shutil.copytree(ROOT, tmp_path / "src")
    page = next(p for p in citing_pages(src) if p.suffix == ".rst")
    without_references(page)
    text = page.read_text(encoding="utf-8")
    page.write_text(text + ONLY_HTML_REFERENCES, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=ON)
    app.build()
    found = [w for w in warnings_of(app) if "[confnotes.no_references]" in w]
    assert [w.split(": ", 1)[0] for w in found] == [
        f"{page.relative_to(src).as_posix()}:{first_cite_line(page)}"
    ]
    app.cleanup()
    # the citing notes move into the block too
    head, _, notes = text.partition(":slot:")
    head += ":slot:" + notes.split("\n", 1)[0] + "\n"
    notes = notes.split("\n", 1)[1].strip("\n")
    inside = "\n".join(f"   {line}" if line else "" for line in notes.splitlines())
    references = ONLY_HTML_REFERENCES.split("\n", 2)[2]
    page.write_text(f"{head}\n.. only:: html\n\n{inside}\n{references}", encoding="utf-8")
    again = make_app("html", srcdir=src, freshenv=True, confoverrides=ON)
    again.build()
    assert "no_references" not in again.warning.getvalue(), page.read_text(encoding="utf-8")
    html = (again.outdir / page.relative_to(src).with_suffix(".html")).read_text("utf-8")
    assert "References" in html and "cite-" in html
    again.cleanup()
    # or in two blocks of the same expression, the citations in one, the list in the other
    page.write_text(f"{head}\n.. only:: html\n\n{inside}\n{ONLY_HTML_REFERENCES}", encoding="utf-8")
    apart = make_app("html", srcdir=src, freshenv=True, confoverrides=ON)
    apart.build()
    assert "no_references" not in apart.warning.getvalue(), page.read_text(encoding="utf-8")
    apart.cleanup()
