"""Incremental builds: the search index equals a fresh one, and a no-op rebuild is quiet.

Sphinx reloads the previous ``searchindex.js`` for pages it does not write
again but drops their general-index entries (Sphinx issue 12599), and keeps
a word an edit took out of every page, with no page;
``confnotes.site.searchindex`` gives the entries back and drops the word. A
no-op rebuild writes nothing and says no option of ours, or of conf.py,
changed (the README says which messages are Sphinx's, furo's and sphinx-design's own).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SITE = Path(__file__).parent.parent
ROOT = Path(__file__).parent / "roots" / "test-talks"
EXT_ENV = {"PYTHONPATH": str(SITE / "_ext")}
#: options a no-op rebuild reports as changed though conf.py did not change them:
#: furo registers pygments_dark_style only after Sphinx compares the
#: configurations, and sphinx-design appends to html_static_path while building
NOT_OURS = {"pygments_dark_style", "html_static_path"}

Build = Callable[..., subprocess.CompletedProcess[str]]


def search_index(outdir: Path) -> dict[str, Any]:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return data


def entry_pages(index: dict[str, Any]) -> set[str]:
    """The pages the general-index entries of a search index point to."""
    docnames = index["docnames"]
    return {docnames[i] for places in index["indexentries"].values() for i, *_ in places}


@pytest.mark.parametrize(("builder", "jobs"), [("html", "1"), ("html", "2")])
def test_incremental_search_index_equals_a_fresh_one(
    tmp_path: Path, run_strict_build: Build, builder: str, jobs: str
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"

    def build(into: Path, trees: Path) -> None:
        proc = run_strict_build(src, into, builder, trees, "-j", jobs, env=EXT_ENV)
        assert proc.returncode == 0, proc.stderr

    build(out, doctrees)
    first = search_index(out)
    assert entry_pages(first) >= {"speakers", "tools", "talks/circus"}, "no entries to lose"
    build(out, doctrees)  # nothing changed
    assert search_index(out) == first
    page = src / "talks" / "kopernik.rst"
    text = page.read_text(encoding="utf-8")
    # words leave the page's title and its text: Sphinx keeps them with no page
    title = text.split("\n", 1)[0]
    edited = text.replace(title + "\n" + "=" * len(title), "Heliocentrism\n=============", 1)
    edited = re.sub(r"\bCopernicus\b", "Galileo", edited)
    assert not edited.startswith(title) and "Galileo" in edited
    page.write_text(edited + "\nOne more line.\n", encoding="utf-8")
    build(out, doctrees)  # only the edited page (and the pages that show it) are written
    build(tmp_path / "fresh", tmp_path / "fresh-doctrees")
    incremental = (out / "searchindex.js").read_bytes()
    assert incremental == (tmp_path / "fresh" / "searchindex.js").read_bytes()
    assert entry_pages(search_index(out)) == entry_pages(first)


def test_a_no_op_rebuild_writes_nothing_and_names_no_option_of_ours(
    build_site: Callable[..., tuple[Path, str]],
    site_doctrees: Callable[[Path], Path],
    tmp_path: Path,
) -> None:
    """The real site, built twice: the second build reads and writes no page.

    The first build is the suite's strict html build of the site (``build_site``),
    copied with its doctrees, times kept; the second runs on the copy with the
    same options (``-n`` is a setting; ``-W`` and ``--keep-going`` are not).
    """
    built = build_site("html")[0]
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    shutil.copytree(built, out)
    shutil.copytree(site_doctrees(built), doctrees)
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-b", "html"]
    cmd += ["-d", str(doctrees), str(SITE), str(out)]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    again = subprocess.run(cmd, capture_output=True, text=True, check=False, env=environ)
    assert again.returncode == 0, again.stderr
    assert "0 added, 0 changed, 0 removed" in again.stdout
    assert "no targets are out of date" in again.stdout
    changed = re.search(r"The configuration has changed \((?:\d+ options?): (.*)\)", again.stdout)
    named = set(re.findall(r"'(\w+)'", changed[1])) if changed else set()
    assert named <= NOT_OURS, again.stdout


def test_each_word_is_stemmed_once_and_the_index_is_sphinxs(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``confnotes.site.search_stems``: each word stemmed once, the same index as Sphinx's English.

    The control build runs with English replaced by a plain subclass of
    Sphinx's, which the extension leaves alone (as it leaves any English a
    project registers), so it stems as Sphinx does, page by page.
    """
    from sphinx.search import languages
    from sphinx.search.en import SearchEnglish

    asked: list[str] = []
    english_stem = SearchEnglish.stem

    def counted(self: SearchEnglish, word: str) -> str:
        asked.append(word)
        return english_stem(self, word)

    monkeypatch.setattr(SearchEnglish, "stem", counted)
    memoised = make_app("html", srcdir=shutil.copytree(ROOT, tmp_path / "memo"), freshenv=True)
    memoised.build()
    stems = memoised.builder.indexer.lang.stems
    assert len(stems) > 50, "the root's pages have words"
    assert sorted(asked) == sorted(stems), "every word stemmed once"

    class SphinxEnglish(SearchEnglish):
        """Sphinx's English under another name: not replaced."""

    monkeypatch.setitem(languages, "en", SphinxEnglish)
    plain = make_app("html", srcdir=shutil.copytree(ROOT, tmp_path / "plain"), freshenv=True)
    plain.build()
    assert type(plain.builder.indexer.lang) is SphinxEnglish
    assert len(asked) > 2 * len(stems), "Sphinx's memo lasts a page: words asked again"
    assert (memoised.outdir / "searchindex.js").read_bytes() == (
        plain.outdir / "searchindex.js"
    ).read_bytes()
