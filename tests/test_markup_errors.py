"""A directive or role that raises shows its page as text, warned at its line.

Values nobody tried, in any extension's markup (helper-73's fuzz): an empty
``:delim:`` of a ``csv-table`` and an empty ``:figwidth:`` (docutils, while
reading options), ``.. option:: [`` (Sphinx's std domain),
``:cite:p:`,``` (sphinxcontrib-bibtex's role), in reST, MyST and an included
file. Each stopped every builder; now ``confnotes.markup_error`` at the
directive's or role's line, the page shown as its text under its name, and
the rest of the site built.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from root_builds import MYST_INCLUDE_USES_ENV_APP, add_pages

PAGES = {
    "csv.rst": "Csv\n===\n\nBefore.\n\n.. csv-table::\n   :delim:\n\n   a,b\n",
    "figure.rst": "Fig\n===\n\n.. figure:: about.png\n   :figwidth:\n\n   A caption.\n",
    "option.rst": "Opt\n===\n\nText.\n\n.. option:: [\n",
    "csv_md.md": "# Csv md\n\ntext\n\n```{csv-table}\n:delim:\n\na,b\n```\n",
    "included.rst": "Inc\n===\n\nIntro.\n\n.. include:: parts/option.txt\n",
    "included_md.md": "# Inc md\n\nIntro.\n\n```{include} parts/table.md\n```\n",
}
pytestmark = MYST_INCLUDE_USES_ENV_APP

#: the included files
INCLUDED = {
    "parts/option.txt": "Para.\n\n.. option:: -x[\n",
    "parts/table.md": "Para.\n\nMore.\n\n```{csv-table}\n:delim:\n\na,b\n```\n",
}
WARNED = [
    "csv.rst:6: directive 'csv-table' stopped the parser (AttributeError: 'NoneType' object"
    " has no attribute 'isdigit')",
    "csv_md.md:5: directive 'csv-table' stopped the parser (AttributeError: 'NoneType' object"
    " has no attribute 'isdigit')",
    "figure.rst:4: directive 'figure' stopped the parser (AttributeError: 'NoneType' object"
    " has no attribute 'lower')",
    "option.rst:6: directive 'std:option' stopped the parser (IndexError: string index out of"
    " range)",
    "parts/option.txt:3: directive 'std:option' stopped the parser (IndexError: string index"
    " out of range)",
    "parts/table.md:5: directive 'csv-table' stopped the parser (AttributeError: 'NoneType'"
    " object has no attribute 'isdigit')",
]


@pytest.fixture
def src(rootdir: Path, tmp_path: Path) -> Path:
    src = shutil.copytree(rootdir / "test-page-files", tmp_path / "src")
    (src / "parts").mkdir()
    for name, text in INCLUDED.items():
        (src / name).write_text(text, encoding="utf-8")
    add_pages(src, PAGES)
    return src


@pytest.mark.parametrize("builder", ["html", "text"])
def test_each_is_warned_at_its_line_and_its_page_shown_as_text(
    make_app: Callable[..., Any], src: Path, warnings_of: Any, builder: str
) -> None:
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    ours = sorted(w for w in warnings_of(app) if "[confnotes.markup_error]" in w)
    assert [w.split(": the page")[0] for w in ours] == WARNED
    assert all(
        w.endswith("write the directive as its documentation says [confnotes.markup_error]")
        for w in ours
    )
    # each page is there, as its text, under its own name; so is every other page
    suffix = ".html" if builder == "html" else ".txt"
    for name, text in PAGES.items():
        written = (Path(app.outdir) / f"{Path(name).stem}{suffix}").read_text(encoding="utf-8")
        assert f"{Path(name).stem} (shown as its text)" in written, name
        directive = next(line for line in text.splitlines() if "::" in line or "```{" in line)
        assert directive in written, name  # the page's own text, as written
    assert (Path(app.outdir) / f"about{suffix}").is_file()
    assert not [w for w in warnings_of(app) if "duplicate_title" in w]


def test_the_same_with_two_processes(
    make_app: Callable[..., Any], src: Path, warnings_of: Any
) -> None:
    """Read by parallel workers (``-j 2``), the same warnings at the same lines."""
    app = make_app("html", srcdir=src, freshenv=True, parallel=2)
    app.build()
    ours = sorted(w for w in warnings_of(app) if "[confnotes.markup_error]" in w)
    assert [w.split(": the page")[0] for w in ours] == WARNED


def test_a_role_that_raises_is_located_too(
    make_app: Callable[..., Any], rootdir: Path, tmp_path: Path, warnings_of: Any
) -> None:
    """sphinxcontrib-bibtex's ``cite:p`` raised on an empty key between commas."""
    src = shutil.copytree(rootdir / "test-bib-site", tmp_path / "src")
    expected = []
    for page in sorted((src / "talks").iterdir()):
        role = ":cite:p:`,`" if page.suffix == ".rst" else "{cite:p}`a,,b`"
        page.write_text(page.read_text("utf-8") + f"\nAnd {role} too.\n", encoding="utf-8")
        target = "," if page.suffix == ".rst" else "a,,b"
        expected.append(
            f"talks/{page.name}:{page.read_text('utf-8').count(chr(10))}: role 'cite:p' stopped"
            f" the parser (ValueError: malformed citation target: {target})"
        )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    ours = [w for w in warnings_of(app) if "[confnotes.markup_error]" in w]
    assert sorted(w.split(": the page")[0] for w in ours) == expected


def test_an_error_below_a_parse_of_content_is_the_parsers() -> None:
    """Going out from the error, a parse of markup before any directive: nothing to blame.

    A directive that raises is the culprit; one whose content's parse raised
    (the parser's own code) is not, and the guard leaves the error to stop
    the build.
    """
    from confnotes.site.safety.parse_errors import culprit_of
    from docutils.parsers.rst import Directive
    from docutils.statemachine import StateMachine

    class Parsing(StateMachine):
        def __init__(self) -> None:
            pass

        def run(self) -> None:  # type: ignore[override]
            raise RuntimeError("a bug of the parser")

        def get_source_and_line(self, lineno: int) -> tuple[str, int]:  # type: ignore[override]
            return "page.rst", lineno

    class Nesting(Directive):
        def __init__(self, *, raises: bool) -> None:
            self.name, self.lineno, self.state_machine = "nesting", 7, Parsing()
            self.raises = raises

        def run(self) -> list[Any]:
            if self.raises:
                raise ValueError("the directive's own")
            self.state_machine.run()
            return []

    for raises, expected in ((True, ("directive 'nesting'", "page.rst", 7)), (False, None)):
        try:
            Nesting(raises=raises).run()
        except (ValueError, RuntimeError) as error:
            culprit = culprit_of(error)
        assert (culprit and (culprit.what, culprit.source, culprit.line)) == expected


def test_sphinx_errors_still_stop_the_build(make_app: Callable[..., Any], src: Path) -> None:
    """An extension's error (``ExtensionError``, a ``SphinxError``) is not the page's markup."""
    from docutils.parsers.rst import Directive
    from sphinx.errors import ExtensionError

    class DeclaredWrong(Directive):
        def run(self) -> list[Any]:
            raise ExtensionError("an extension declared its directive wrong")

    (src / "listed.rst").write_text("Listed\n======\n\n.. declared-wrong::\n", "utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.add_directive("declared-wrong", DeclaredWrong)
    with pytest.raises(ExtensionError, match="declared its directive wrong"):
        app.build()


def test_silenced_by_its_type(src: Path, build_suppressing: Any) -> None:
    app = build_suppressing(src, "confnotes.markup_error")
    assert "markup_error" not in app.warning.getvalue()


def test_without_the_guard_the_build_stops(
    make_app: Callable[..., Any], src: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.site.safety

    monkeypatch.setattr(confnotes.site.safety, "setup_parse_guard", lambda app: None)
    app = make_app("html", srcdir=src, freshenv=True)
    with pytest.raises(AttributeError):
        app.build()
