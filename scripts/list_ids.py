#!/usr/bin/env python3
"""List the talk, speaker and tool ids the site declares, with file and line (``make ids``).

The ids come from the build environment Sphinx pickles in
``<builddir>/doctrees/environment.pickle``: the script first brings the html
build up to date (incremental, not strict, quiet: a page with a warning must
not hide the ids that would fix it), then reads the ``conf`` domain's records.
An id declared in two places is listed twice.

Needs Sphinx (the docs requirements): run it with the interpreter that builds
the site, as ``make ids`` does.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
#: Domain table, heading, and the record field that names the object.
TABLES = (("talks", "talk", "title"), ("speakers", "speaker", "name"), ("tools", "tool", "name"))


class Entry(NamedTuple):
    """One declaration: its kind, id, source file:line and title or name."""

    kind: str
    ident: str
    where: str
    label: str


def build(srcdir: Path, builddir: Path) -> subprocess.CompletedProcess[str]:
    """Bring ``<builddir>/html`` and its environment up to date, as ``make html`` would."""
    cmd = [sys.executable, "-m", "sphinx", "-M", "html", str(srcdir), str(builddir), "-q", "-n"]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def load_env(doctrees: Path, srcdir: Path) -> Any:
    """Unpickle the environment; its records are classes of ``_ext/confnotes``."""
    ext = str(srcdir / "_ext")
    if ext not in sys.path:
        sys.path.insert(0, ext)
    with (doctrees / "environment.pickle").open("rb") as handle:
        return pickle.load(handle)


def entries(env: Any, srcdir: Path) -> list[Entry]:
    """Every declaration of the ``conf`` domain, by kind, then id, then place."""
    data = env.domaindata.get("conf", {})
    found = []
    for table, kind, field in TABLES:
        for ident, by_doc in sorted(data.get(table, {}).items()):
            for docname, record in sorted(by_doc.items(), key=lambda i: (i[0], i[1].lineno)):
                path = Path(env.doc2path(docname)).relative_to(srcdir).as_posix()
                found.append(Entry(kind, ident, f"{path}:{record.lineno}", getattr(record, field)))
    return found


def render(found: list[Entry], words: list[str]) -> str:
    """One block per kind: ``id  file:line  title``, aligned; only entries matching *words*."""
    if words:
        found = [e for e in found if all(w.casefold() in " ".join(e).casefold() for w in words)]
    lines = []
    for _table, kind, _field in TABLES:
        of_kind = [e for e in found if e.kind == kind]
        if not of_kind:
            continue
        id_width = max(len(e.ident) for e in of_kind)
        where_width = max(len(e.where) for e in of_kind)
        lines.append(f"{kind}s ({len(of_kind)}):")
        lines += [
            f"  {e.ident:<{id_width}}  {e.where:<{where_width}}  {e.label}".rstrip()
            for e in of_kind
        ]
    if not lines:
        return f"no talk, speaker or tool matches {' '.join(words)!r}"
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build if needed, then print the ids."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", help="show only entries containing every word")
    parser.add_argument("--srcdir", type=Path, default=ROOT, help="the site's source folder")
    parser.add_argument("--builddir", type=Path, help="default: <srcdir>/_build")
    parser.add_argument(
        "--no-build", action="store_true", help="read the environment as it is, do not build"
    )
    args = parser.parse_args(argv)
    srcdir = args.srcdir.resolve()
    builddir = (args.builddir or srcdir / "_build").resolve()
    doctrees = builddir / "doctrees"
    if not args.no_build:
        proc = build(srcdir, builddir)
        if "WARNING" in proc.stderr or "ERROR" in proc.stderr:
            print("note: the site has warnings: `make html` shows them", file=sys.stderr)
    if not (doctrees / "environment.pickle").exists():
        print(f"list_ids: no {doctrees / 'environment.pickle'}: run `make html`", file=sys.stderr)
        return 1
    print(render(entries(load_env(doctrees, srcdir), srcdir), args.words))
    return 0


if __name__ == "__main__":
    sys.exit(main())
