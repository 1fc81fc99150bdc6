"""`make ids`: every talk, speaker and tool id with the file and line that declares it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from project_scripts import command_line_variables, gnu_make, import_script

SCRIPT = Path(__file__).parent.parent / "scripts" / "list_ids.py"


@pytest.fixture(scope="module")
def list_ids(load_script: Callable[[Path], ModuleType]) -> ModuleType:
    return load_script(SCRIPT)


def rows(output: str) -> list[list[str]]:
    """The listing's entry lines, split into id, file:line and label."""
    return [line.split(None, 2) for line in output.splitlines() if line.startswith("  ")]


def run_on(app: Any, list_ids: ModuleType, capsys: Any, *words: str) -> str:
    app.build()
    builddir = Path(app.doctreedir).parent
    assert (Path(app.doctreedir) / "environment.pickle").exists()
    code = list_ids.main(
        ["--srcdir", str(app.srcdir), "--builddir", str(builddir), "--no-build", *words]
    )
    assert code == 0
    out: str = capsys.readouterr().out
    return out


@pytest.mark.sphinx("html", testroot="talks", freshenv=True)
def test_lists_every_id_with_file_and_line(app: Any, list_ids: ModuleType, capsys: Any) -> None:
    out = run_on(app, list_ids, capsys)
    headings = [line for line in out.splitlines() if not line.startswith("  ")]
    assert [h.split(" (")[0] for h in headings] == ["talks", "speakers", "tools"]
    listed = rows(out)
    assert ["circus", "talks/circus.rst:4", "Circus: process & socket manager"] in listed
    assert ["tarek-ziade", "speakers.rst:6", "Tarek Ziadé"] in listed
    assert ["psutil", "tools.rst:6", "psutil"] in listed
    talks = app.env.domains["conf"].talks
    assert headings[0] == f"talks ({len(talks)}):"


@pytest.mark.sphinx("html", testroot="talks", freshenv=True)
def test_words_filter_the_listing(app: Any, list_ids: ModuleType, capsys: Any) -> None:
    out = run_on(app, list_ids, capsys, "CIRCUS")
    assert {row[0] for row in rows(out)} == {"circus"}  # the talk, by id and title
    assert run_on(app, list_ids, capsys, "no-such-thing").strip() == (
        "no talk, speaker or tool matches 'no-such-thing'"
    )


@pytest.mark.sphinx("html", testroot="bad-input", freshenv=True)
def test_an_id_declared_twice_is_listed_twice(app: Any, list_ids: ModuleType, capsys: Any) -> None:
    out = run_on(app, list_ids, capsys, "alice")
    listed = [row[:2] for row in rows(out)]
    # one entry per page that declares it (the domain keeps one record per page)
    assert listed[:2] == [["alice", "other.rst:4"], ["alice", "speakers.rst:12"]]
    assert {row[0] for row in listed} == {"alice"}


def declarations(root: Path) -> list[tuple[str, str, str, str]]:
    """``(kind, id, file:line, label)`` of every talk, speaker and tool of the sources."""
    scaffold = import_script(root / "scripts" / "new_talk.py")
    found = []
    for kind, label in (("talk", "title"), ("speaker", "name"), ("tool", "name")):
        for decl in scaffold.find_declarations(root, kind):
            where = f"{decl.path.relative_to(root).as_posix()}:{decl.line}"
            text = " ".join((decl.options.get(label) or decl.ident).split())
            found.append((kind, decl.ident, where, text))
    return found


def test_make_ids_builds_the_site_and_lists_despite_warnings(
    tmp_path: Path, copy_site: Callable[[Path], Path]
) -> None:
    """Any talk's id finds it, at the file and line that declare it, with all else that matches."""
    make = gnu_make()
    root = copy_site(tmp_path / "site")
    listed_before = declarations(root)
    scaffold = import_script(root / "scripts" / "new_talk.py")
    # the talk whose id the most entries contain (the filter must reach every kind)
    talk = max(
        scaffold.find_declarations(root, "talk"),
        key=lambda t: sum(t.ident.casefold() in " ".join(d).casefold() for d in listed_before),
    )
    # a dangling reference, in the page's own syntax: the build warns, the listing goes on
    role = "{tool}`no-such-tool`" if talk.path.suffix == ".md" else ":tool:`no-such-tool`"
    talk.path.write_text(
        talk.path.read_text(encoding="utf-8") + f"\nSee {role}.\n", encoding="utf-8"
    )
    word = talk.ident
    cmd = [make, "-s", "-C", str(root), "ids", f"PYTHON={sys.executable}", f"FIND={word}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    where = f"{talk.path.relative_to(root).as_posix()}:{talk.line}"
    title = " ".join(talk.options["title"].split())
    assert [talk.ident, where, title] in rows(proc.stdout)
    # exactly the talks, speakers and tools whose id, place or label has the word
    matching = [d for d in listed_before if word.casefold() in " ".join(d).casefold()]
    assert sorted(tuple(row) for row in rows(proc.stdout)) == sorted(d[1:] for d in matching)
    headings = [line for line in proc.stdout.splitlines() if line and not line.startswith("  ")]
    kinds = [kind for kind in ("talk", "speaker", "tool") if any(d[0] == kind for d in matching)]
    assert headings == [f"{kind}s ({sum(1 for d in matching if d[0] == kind)}):" for kind in kinds]
    assert "the site has warnings" in proc.stderr
    assert (root / "_build" / "doctrees" / "environment.pickle").exists()


def test_the_outer_makes_command_line_variables_are_found(tmp_path: Path) -> None:
    """What ``no_outer_make`` takes out of a nested ``make``'s way, as GNU make passes it.

    Under ``make check BUILDDIR=...`` the tests' own ``make ids`` took the outer
    ``BUILDDIR`` from the environment (make exports command-line variables to
    its recipes) and built elsewhere.
    """
    (tmp_path / "Makefile").write_text("all:\n\t@printf '%s\\n' \"$$MAKEFLAGS\"\n")
    cmd = [gnu_make(), "-s", "-C", str(tmp_path), "BUILDDIR=/tmp/a b", "FIND:=x", "all"]
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env=environ)
    assert sorted(command_line_variables(proc.stdout.strip())) == ["BUILDDIR", "FIND"], proc.stdout
    assert command_line_variables("s") == []
