"""Links in: a plain Sphinx project links to talks, speakers and tools with standard roles.

Each talk, speaker and tool is also a ``std:label`` (its anchor) and each tool
a ``std:term``, next to the ``conf`` domain's own entries, so a project with
only intersphinx can use ``:ref:`` and ``:term:``. The standard domain's data
must follow edits and parallel reads like the ``conf`` domain's own.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from project_scripts import import_script
from site_rules import shown_name

ROOT = Path(__file__).parent / "roots" / "test-talks"
BASE = "https://circus-notes.example.org/en/latest/"

PLAIN_CONF = """\
project = "A plain project"
extensions = ["sphinx.ext.intersphinx"]
intersphinx_mapping = {{"circus": ({base!r}, {inventory!r})}}
intersphinx_timeout = 1
"""


def plain_index(site: Path) -> tuple[str, list[tuple[str, str]]]:
    """A plain project's page linking every talk, speaker and tool of the site's sources.

    Returns the page and the ``(text, URL)`` of each link it must get, in order:
    ``:ref:`` to each talk (its title), speaker and tool (their names), ``:term:``
    to each tool by name and by id (where the name or id is a term of that tool
    alone), an explicit title, and an inventory named in the target.
    """
    scaffold = import_script(site / "scripts" / "new_talk.py")

    def found(kind: str) -> list[tuple[str, str, dict[str, str]]]:
        return [
            (d.ident, d.path.relative_to(site).with_suffix(".html").as_posix(), d.options)
            for d in scaffold.find_declarations(site, kind)
        ]

    def plain(text: str) -> str:
        return " ".join(text.split())

    lines = ["A plain project", "===============", ""]
    links: list[tuple[str, str]] = []

    def link(role: str, text: str, url: str) -> None:
        lines.append(f"- {role}")
        links.append((text, BASE + url))

    talks, speakers, tools = found("talk"), found("speaker"), found("tool")
    for ident, page, options in talks:
        link(f":ref:`conf-talk-{ident}`", plain(options["title"]), f"{page}#conf-talk-{ident}")
    for ident, page, options in speakers:
        url = f"{page}#conf-speaker-{ident}"
        link(f":ref:`conf-speaker-{ident}`", plain(shown_name(options)), url)
    # a term belongs to one tool only when no other tool's name or id reads the same
    terms: dict[str, int] = {}
    for ident, _page, options in tools:
        for term in {ident.casefold(), plain(options.get("name") or ident).casefold()}:
            terms[term] = terms.get(term, 0) + 1
    for ident, page, options in tools:
        name, url = plain(options.get("name") or ident), f"{page}#conf-tool-{ident}"
        link(f":ref:`conf-tool-{ident}`", name, url)
        if terms[name.casefold()] == 1 and not re.search(r"[<>`\\]", name):
            link(f":term:`{name}`", name, url)
        if ident.casefold() != name.casefold() and terms[ident.casefold()] == 1:
            link(f":external+circus:term:`{ident}`", ident, url)  # by its id
    # an explicit title, and the inventory named in the target
    ident, page, _options = tools[0]
    link(
        f":ref:`the glossary entry <conf-tool-{ident}>`",
        "the glossary entry",
        f"{page}#conf-tool-{ident}",
    )
    ident, page, options = talks[-1]
    link(f":ref:`circus:conf-talk-{ident}`", plain(options["title"]), f"{page}#conf-talk-{ident}")
    return "\n".join(lines) + "\n", links


@pytest.mark.slow
def test_plain_project_links_in_through_intersphinx_only(
    build_site: Callable[..., tuple[Path, str]],
    run_strict_build: Callable[..., Any],
    site_dir: Path,
    tmp_path: Path,
) -> None:
    """Every talk, speaker and tool of the site, by :ref: and :term: from intersphinx alone."""
    site = build_site("html")[0]
    src = tmp_path / "plain"
    src.mkdir()
    inventory = str(site / "objects.inv")
    (src / "conf.py").write_text(
        PLAIN_CONF.format(base=BASE, inventory=inventory), encoding="utf-8"
    )
    index, expected = plain_index(site_dir)
    (src / "index.rst").write_text(index, encoding="utf-8")
    proc = run_strict_build(src, tmp_path / "out", "html", tmp_path / "doctrees")
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    soup = BeautifulSoup((tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "lxml")
    links = [
        (a.get_text(" ", strip=True), a["href"])
        for a in soup.select('div[role="main"] a.reference.external')
    ]
    assert links == expected
    # every link lands on an element of the site with that id
    ids: dict[str, set[str]] = {}
    for _text, href in links:
        page, _, anchor = href.removeprefix(BASE).partition("#")
        if page not in ids:
            target = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
            ids[page] = {str(tag["id"]) for tag in target.find_all(id=True)}
        assert anchor in ids[page], href


def std_targets(app: Any) -> dict[str, Any]:
    std = app.env.domains["std"]
    return {
        "labels": {k: v for k, v in std.labels.items() if k.startswith("conf-")},
        "anonlabels": {k: v for k, v in std.anonlabels.items() if k.startswith("conf-")},
        "terms": {k: v for k, v in std.objects.items() if k[0] == "term"},
        "_terms": dict(std._terms),
    }


def copy_root(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def test_std_labels_and_terms_beside_the_conf_domain(make_app: Any, tmp_path: Path) -> None:
    app = make_app("html", srcdir=copy_root(tmp_path / "src"), freshenv=True)
    app.build()
    targets = std_targets(app)
    assert targets["labels"]["conf-talk-circus"] == (
        "talks/circus",
        "conf-talk-circus",
        "Circus: process & socket manager",
    )
    assert targets["anonlabels"]["conf-speaker-tarek-ziade"] == (
        "speakers",
        "conf-speaker-tarek-ziade",
    )
    assert targets["terms"]["term", "ZeroMQ"] == ("tools", "conf-tool-zeromq")
    assert ("term", "zeromq") not in targets["terms"]  # terms match case-insensitively
    assert targets["_terms"]["zeromq"] == ("tools", "conf-tool-zeromq")
    assert targets["terms"]["term", "twelve-factor"] == ("tools", "conf-tool-twelve-factor")
    assert targets["terms"]["term", "psutil"] == ("tools", "conf-tool-psutil")
    assert targets["_terms"]["the twelve-factor app"] == ("tools", "conf-tool-twelve-factor")
    # the conf domain keeps its own entries
    conf = {(name, typ) for name, _d, typ, *_rest in app.env.domains["conf"].get_objects()}
    assert ("circus", "talk") in conf and ("zeromq", "tool") in conf


def test_std_targets_follow_edits(make_app: Any, tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    tools = src / "tools.rst"
    text = tools.read_text(encoding="utf-8")
    text = text.replace(":name: ZeroMQ", ":name: ØMQ").replace(
        ".. tool:: envdir", ".. tool:: envdir2"
    )
    tools.write_text(text, encoding="utf-8")
    (src / "talks" / "kopernik.rst").unlink()
    index = src / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace("talks/kopernik\n", ""), encoding="utf-8"
    )
    app2 = make_app("html", srcdir=src)
    app2.build()
    targets = std_targets(app2)
    assert ("term", "ZeroMQ") not in targets["terms"]
    assert targets["terms"]["term", "ØMQ"] == ("tools", "conf-tool-zeromq")
    assert "conf-tool-envdir" not in targets["labels"] and "conf-tool-envdir2" in targets["labels"]
    assert "conf-talk-kopernik" not in targets["labels"]
    assert "conf-talk-kopernik" not in targets["anonlabels"]
    fresh = make_app("html", srcdir=copy_root_from(src, tmp_path / "fresh"), freshenv=True)
    fresh.build()
    assert std_targets(fresh) == targets


def copy_root_from(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def test_std_targets_in_parallel_build_match_serial(make_app: Any, tmp_path: Path) -> None:
    serial = make_app("html", srcdir=copy_root(tmp_path / "serial"), freshenv=True)
    serial.build()
    parallel = make_app("html", srcdir=copy_root(tmp_path / "parallel"), freshenv=True, parallel=2)
    parallel.build()
    assert std_targets(parallel) == std_targets(serial)
    assert std_targets(serial)["labels"]
