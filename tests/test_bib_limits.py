"""A bibliography entry that would stop or swamp the build is left out, with a warning.

* ``@string`` macros that repeat macros double at each line: thirty lines
  made a title of 5 GB (pybtex expands them while sphinxcontrib-bibtex reads
  the file, before any page is read).
* A field of megabytes costs about ten seconds a megabyte (latexcodec).
* An entry with no author, editor or title stopped the build at its first
  citation (``FieldIsMissing``: the author-year citation has nothing to show).

In a copy of ``test-bib``, each warns at its line (``confnotes.bib_size``,
``confnotes.bib_missing``) and is left out; the other entries and
citations are built, in seconds and little memory.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent / "roots" / "test-bib"
DOUBLING = "".join(
    f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" if i else '@string{s0 = "xxxxxxxxxx"}\n'
    for i in range(30)
)
BIB = f"""
{DOUBLING}
@misc{{bomb2013,
  title = s29,
  year = {{2013}},
}}

@misc{{long2013,
  title = {{{"a" * 30_000}}},
  year = {{2013}},
}}

@misc{{nothing2013,
  year = {{2013}},
}}

@misc{{fine2013,
  title = {{A work that is fine}},
  howpublished = {{\\url{{https://example.org/fine}}}},
  year = {{2013}},
}}
"""
CITES = "\n\nCited: :cite:p:`nothing2013`, :cite:p:`fine2013`, :cite:p:`bomb2013`.\n"


def project(tmp_path: Path) -> Path:
    src = shutil.copytree(ROOT, tmp_path / "src")
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + BIB, encoding="utf-8")
    page = src / "kopernik.rst"
    page.write_text(page.read_text(encoding="utf-8") + CITES, encoding="utf-8")
    return src


def test_entries_that_swamp_or_stop_the_build_are_left_out(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Any
) -> None:
    src = project(tmp_path)
    start = time.perf_counter()
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert time.perf_counter() - start < 60  # it did not finish before, at 10 GB
    lines = (src / "refs.bib").read_text(encoding="utf-8").splitlines()

    def line(text: str) -> int:
        return next(n for n, each in enumerate(lines, 1) if each.startswith(text))

    from confnotes_bib.bibcheck import MAX_FIELD

    ours = [w for w in warnings_of(app) if "[confnotes.bib_" in w]
    first = next(i for i in range(30) if 10 * 2**i > MAX_FIELD)  # the first macro too long
    at = f"refs.bib:{line(f'@string{{s{first} ')}: bibliography entry 's{first}' is left out:"
    assert next(w for w in ours if w.startswith(at)).endswith("[confnotes.bib_size]"), ours
    for key, subtype in [
        ("bomb2013", "bib_syntax"),  # its macro was left out
        ("long2013", "bib_size"),
        ("nothing2013", "bib_missing"),
    ]:
        found = [w for w in ours if f"'{key}'" in w]
        assert found and found[0].startswith(f"refs.bib:{line('@misc{' + key)}: "), ours
        assert found[0].endswith(f"[confnotes.{subtype}]"), found
    page = (Path(app.outdir) / "kopernik.html").read_text(encoding="utf-8")
    assert "A work that is fine" in (Path(app.outdir) / "bibliography.html").read_text("utf-8")
    assert 'href="#cite-' in page or "bibliography.html#cite-" in page


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("@misc{x, title = {" + "a" * 20_001 + "}}", "its title is 20001 characters long"),
        ("@misc{x, year = {2013}}", "no author, editor or title"),
        ("@misc{x, editor = {An Editor}}", ""),
        ("@misc{x, author = {An Author}}", ""),
    ],
)
def test_parsed_problem(entry: str, problem: str) -> None:
    from confnotes_bib.bibcheck import parsed_problem
    from pybtex.database.input.bibtex import Parser

    parser = Parser()
    data = parser.parse_string(entry)
    found = parsed_problem(data, dict(parser.macros), dict(parser.macros))
    assert problem in (found.reason if found else "") and bool(found) is bool(problem)


def test_an_entry_is_measured_with_its_macros_before_it_is_parsed() -> None:
    """One line naming a long macro many times would be built whole by pybtex first."""
    from confnotes_bib.bibcheck import MAX_EXPANSION, macro_lengths, size_problem

    macros = macro_lengths({"Big": "x" * 20_000})
    many = "@string{huge = " + " # ".join(["big"] * 10) + "}"
    problem = size_problem(many, macros)
    assert problem is not None and problem.subtype == "bib_size"
    assert problem.reason.startswith("with its @string macros it would be")
    assert size_problem("@string{fine = big # big}", macros) is None
    assert size_problem("x" * (MAX_EXPANSION + 1), {}) is not None


def test_macros_are_named_as_pybtex_names_them() -> None:
    """``.a`` or ``x!1`` name macros too: each use counts, whatever its characters."""
    from confnotes_bib.bibcheck import macro_lengths, size_problem

    macros = macro_lengths({".a": "x" * 20_000, "x!1": "y" * 20_000})
    assert size_problem("@misc{k, title = " + " # ".join([".a"] * 6) + "}", macros) is not None
    assert size_problem("@misc{k, title = " + " # ".join(["x!1"] * 6) + "}", macros) is not None


def test_an_entry_with_a_month_macro_is_kept(
    make_app: Callable[..., Any], tmp_path: Path, warnings_of: Any
) -> None:
    """``month = jan`` is one of pybtex's own macros, not an undefined one."""
    src = shutil.copytree(ROOT, tmp_path / "src")
    bib = src / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8")
        + "\n@misc{monthly2013,\n  title = {Monthly},\n  month = jan,\n  year = {2013},\n}\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert [w for w in warnings_of(app) if "monthly2013" in w] == []
    assert "Monthly" in (Path(app.outdir) / "bibliography.html").read_text(encoding="utf-8")
