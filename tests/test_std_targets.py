"""The standard targets of talks, speakers and tools (``confnotes.core.stdtargets``).

They are registered once reading is over, for the pages read in that build;
so a page read again gets its labels and terms back, a page not read keeps
them, and a parallel build registers the same as a serial one. Checked on
``objects.inv`` (what intersphinx readers see) and the standard domain.
"""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent / "roots" / "test-talks"


def inventory(outdir: Path) -> list[str]:
    """The entries of ``objects.inv``, sorted."""
    data = (outdir / "objects.inv").read_bytes()
    body = data.split(b"\n", 4)[4]
    return sorted(zlib.decompress(body).decode().splitlines())


def ours(entries: list[str]) -> list[str]:
    """Entries the extension adds to the standard domain."""
    return [line for line in entries if " std:label " in line and line.startswith("conf-")]


def build(make_app: Any, srcdir: Path, outdir: Path, **kwargs: Any) -> Any:
    app = make_app("html", srcdir=srcdir, builddir=outdir.parent, **kwargs)
    app.build()
    return app


def test_labels_and_terms_hold_after_edits_in_parallel_and_serial(
    make_app: Any, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    fresh = build(make_app, src, tmp_path / "serial" / "html", freshenv=True)
    expected = inventory(fresh.outdir)
    std = fresh.env.domains.standard_domain
    talk_labels = {name: doc for name, (doc, *_rest) in std.labels.items() if "conf-talk-" in name}
    assert talk_labels, "the root's talks have no std:label"
    assert any(" std:term " in line for line in expected), "the root's tools have no std:term"
    assert len(ours(expected)) >= len(talk_labels)

    # one talk page read again, the others not: every entry as before
    page = src / f"{next(iter(talk_labels.values()))}.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    again = build(make_app, src, tmp_path / "serial" / "html")
    assert "1 changed" in again._status.getvalue()
    assert inventory(again.outdir) == expected
    # and a build that reads nothing
    noop = build(make_app, src, tmp_path / "serial" / "html")
    assert "0 added, 0 changed, 0 removed" in noop._status.getvalue()
    assert inventory(noop.outdir) == expected

    parallel = build(make_app, src, tmp_path / "parallel" / "html", freshenv=True, parallel=2)
    assert inventory(parallel.outdir) == expected


def test_a_label_of_the_same_name_on_another_page_wins_and_warns_in_every_build(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """A user's ``.. _conf-talk-x:`` keeps its name, and warns at its line in every build.

    Fresh, incremental (the user's page read, or nothing read) and parallel;
    once it is gone, the talk takes its label again and nothing warns.
    """
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out = tmp_path / "out" / "html"
    first = build(make_app, src, out, freshenv=True)
    assert not [w for w in warnings_of(first) if "taken_target" in w]
    label = next(
        name
        for name, (doc, *_rest) in first.env.domains.standard_domain.labels.items()
        if name.startswith("conf-talk-") and doc.startswith("talks/")
    )
    talk_page = first.env.domains.standard_domain.labels[label][0]
    user = src / "zzz.rst"
    # a link to it comes first; the label is written in capitals (docutils lower-cases it)
    user.write_text(
        f"See :ref:`{label}`.\n\n.. _{label.upper()}:\n\nMy page\n=======\n\nText.\n", "utf-8"
    )
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\n.. toctree::\n   :hidden:\n\n   zzz\n")

    def holder(app: Any) -> str:
        taken = [w for w in warnings_of(app) if "[confnotes.taken_target]" in w]
        assert [w.split(": ")[0] for w in taken] == ["zzz.rst:3"], warnings_of(app)
        assert f"{label!r} is the standard name of talk" in taken[0], taken
        return str(app.env.domains.standard_domain.labels[label][0])

    assert holder(build(make_app, src, tmp_path / "fresh" / "html", freshenv=True)) == "zzz"
    assert (
        holder(build(make_app, src, tmp_path / "j2" / "html", freshenv=True, parallel=2)) == "zzz"
    )
    assert holder(build(make_app, src, out)) == "zzz"
    assert holder(build(make_app, src, out)) == "zzz"  # nothing read: the warning again
    user.write_text(user.read_text(encoding="utf-8") + "\nMore text.\n", "utf-8")
    assert holder(build(make_app, src, out)) == "zzz"  # the user's page read again
    user.write_text("A page of my own\n================\n\nText.\n", "utf-8")
    last = build(make_app, src, out)
    assert not [w for w in warnings_of(last) if "taken_target" in w]
    assert last.env.domains.standard_domain.labels[label][0] == talk_page


def test_a_glossary_term_of_a_tool_s_name_warns_whatever_its_case(
    make_app: Any, tmp_path: Path, warnings_of: Any
) -> None:
    """A page's ``.. glossary::`` term that is a tool's name (any case) takes its ``:term:``."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    first = build(make_app, src, tmp_path / "first" / "html", freshenv=True)
    std = first.env.domains.standard_domain
    term, (tool_page, _anchor) = next(
        (name, place) for (kind, name), place in std.objects.items() if kind == "term"
    )
    user = src / "zzz.rst"
    user.write_text(
        f"Words\n=====\n\nNot :term:`{term}` here.\n\n.. glossary::\n\n   {term.swapcase()}\n"
        "      Mine.\n",
        "utf-8",
    )
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\n.. toctree::\n   :hidden:\n\n   zzz\n")
    app = build(make_app, src, tmp_path / "second" / "html", freshenv=True)
    taken = [w for w in warnings_of(app) if "[confnotes.taken_target]" in w]
    assert [w.split(": ")[0] for w in taken] == ["zzz.rst:8"], warnings_of(app)
    assert f"{term.swapcase()!r} is the standard name of tool" in taken[0], taken
    assert tool_page in taken[0] or Path(tool_page).name in taken[0], taken
