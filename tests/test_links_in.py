"""Links in: a plain Sphinx project links to talks, speakers and tools with standard roles.

Each talk, speaker and tool is also a ``std:label`` (its anchor) and each tool
a ``std:term``, next to the ``conf`` domain's own entries, so a project with
only intersphinx can use ``:ref:`` and ``:term:``. The standard domain's data
must follow edits and parallel reads like the ``conf`` domain's own.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).parent / "roots" / "test-talks"
BASE = "https://circus-notes.example.org/en/latest/"

PLAIN_CONF = """\
project = "A plain project"
extensions = ["sphinx.ext.intersphinx"]
intersphinx_mapping = {{"circus": ({base!r}, {inventory!r})}}
intersphinx_timeout = 1
"""

PLAIN_INDEX = """\
A plain project
===============

The talk :ref:`conf-talk-circus`, by :ref:`conf-speaker-tarek-ziade`, about
:term:`ZeroMQ` and :term:`psutil` (also :ref:`the glossary entry
<conf-tool-zeromq>`), and the lightning talk :ref:`circus:conf-talk-elasticsearch`.
The tool by its id: :external+circus:term:`geek-girls-carrots`.
"""


@pytest.mark.slow
def test_plain_project_links_in_through_intersphinx_only(
    build_site: Callable[..., tuple[Path, str]],
    run_strict_build: Callable[..., Any],
    tmp_path: Path,
) -> None:
    site = build_site("html")[0]
    src = tmp_path / "plain"
    src.mkdir()
    inventory = str(site / "objects.inv")
    (src / "conf.py").write_text(
        PLAIN_CONF.format(base=BASE, inventory=inventory), encoding="utf-8"
    )
    (src / "index.rst").write_text(PLAIN_INDEX, encoding="utf-8")
    proc = run_strict_build(src, tmp_path / "out", "html", tmp_path / "doctrees")
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    soup = BeautifulSoup((tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "lxml")
    links = {
        a.get_text(" ", strip=True): a["href"]
        for a in soup.select('div[role="main"] a.reference.external')
    }
    assert links == {
        "Circus: process & socket manager": BASE + "talks/02-circus.html#conf-talk-circus",
        "Tarek Ziadé": BASE + "speakers.html#conf-speaker-tarek-ziade",
        "ZeroMQ": BASE + "tools.html#conf-tool-zeromq",
        "psutil": BASE + "tools.html#conf-tool-psutil",
        "the glossary entry": BASE + "tools.html#conf-tool-zeromq",
        "Elasticsearch": BASE + "talks/11-lightning-talks.html#conf-talk-elasticsearch",
        "geek-girls-carrots": BASE + "tools.html#conf-tool-geek-girls-carrots",
    }
    # every link lands on an element of the site with that id
    for href in links.values():
        page, _, anchor = href.removeprefix(BASE).partition("#")
        target = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
        assert target.find(id=anchor) is not None, href


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
