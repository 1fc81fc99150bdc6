"""Does each variant's site show what it should? Checks on the built HTML.

Not tests (``make test`` never runs them): ``run.py`` runs them on the
first full build of each variant and size, and after the edits, so that a
figure never comes from a site that lost its views, and so that a variant
that re-writes fewer pages because it leaves them stale is seen:

* ``site()``: every talk has its page; the front page (the programme)
  shows every talk's title, the lightning index every lightning talk's;
  each tool's entry in the glossary (ablog: its tag page) lists every talk
  that mentions it and each speaker's entry (ablog: the author page) every
  talk they gave; for ablog also the archive pages (all posts, archive,
  catalogs, each event's category page) and the feed, for sphinx-needs
  one table row per need in each view.
* ``mention_listed()``: after the new-mention edit, the new tool's entry
  lists the edited talk;
* ``showing()`` and ``stale()``: the pages that show the talk's title
  before the retitle and still show only the old title after it.

Standard library only (text search in the unescaped HTML), so they run
with whatever interpreter runs ``run.py``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import generate
from peers import need_id, slugify


def read(out: Path, page: str) -> str | None:
    """The unescaped HTML of *page* (a docname), or None if it was not written."""
    path = out / f"{page}.html"
    return html.unescape(path.read_text(encoding="utf-8")) if path.is_file() else None


def segment(text: str, marker: str, next_prefix: str) -> str | None:
    """The part of *text* from *marker* to the next *next_prefix* (or the end)."""
    start = text.find(marker)
    if start < 0:
        return None
    end = text.find(next_prefix, start + len(marker))
    return text[start : end if end >= 0 else len(text)]


def entry(variant: str, out: Path, view: str, key: str, name: str) -> str | None:
    """The HTML of one entry of a view: a tool in the glossary, a speaker in the list.

    *key* is the conference id of the tool or speaker, *name* its name.
    """
    if variant == "ablog":  # one archive page per tag and per author
        folder = {"tools": "tag", "speakers": "author"}[view]
        return read(out, f"blog/{folder}/{slugify(name)}")
    text = read(out, view)
    if text is None:
        return None
    prefix = {"tools": "tool", "speakers": "speaker"}[view]
    marker, following = {
        "ext": (f'id="conf-{prefix}-{key}"', f'id="conf-{prefix}-'),
        "plain": (f'id="{prefix}-{key}"', f'id="{prefix}-'),
        "needs": (f'data-need-id="{need_id(key)}"', 'data-need-id="'),
    }[variant]
    return segment(text, marker, following)


def listed_as(variant: str, talk: generate.Talk) -> str:
    """How a view's entry lists a talk: its title (a needtable's link cells: its id)."""
    return need_id(talk.id) if variant == "needs" else talk.title


def mention_listed(variant: str, out: Path, conf: generate.Conference, edit: dict) -> bool:
    """After the new-mention edit: does the new tool's entry list the edited talk?"""
    talk = next(t for t in conf.all_talks if t.id == edit["talk"])
    tool = conf.tools[edit["new_tool"]]
    text = entry(variant, out, "tools", tool.id, tool.name)
    return text is not None and listed_as(variant, talk) in text


def missing_titles(text: str | None, talks: list[generate.Talk], variant: str = "") -> list[str]:
    """How *text* should show *talks* (``listed_as``) and does not (all if no text)."""
    keys = [listed_as(variant, t) if variant else t.title for t in talks]
    return [k for k in keys if text is None or k not in text]


def site(variant: str, out: Path, n: int, seed: int) -> dict:
    """Check a fresh full build of *variant*; return what was checked and what failed."""
    conf = generate.make_conference(n, seed)
    by_id = {t.id: t for t in conf.all_talks}
    problems: list[str] = []
    checked: list[str] = []

    def expect(what: str, missing: list[str]) -> None:
        checked.append(what)
        if missing:
            problems.append(f"{what}: {len(missing)} missing, e.g. {', '.join(missing[:3])}")

    pages = {t.docname for t in conf.all_talks}
    expect("a page per talk", sorted(p for p in pages if not (out / f"{p}.html").is_file()))
    expect("front page: every talk", missing_titles(read(out, "index"), conf.all_talks))
    expect(
        "lightning index: every lightning talk",
        missing_titles(read(out, "lightning"), conf.lightning),
    )
    for view, records in (("tools", conf.tools), ("speakers", conf.speakers)):
        missing = []
        for key, record in records.items():
            if not record.talks:
                continue
            text = entry(variant, out, view, key, record.name)
            talks = [by_id[i] for i in record.talks]
            missing += [f"{record.name}: {t}" for t in missing_titles(text, talks, variant)]
        expect(f"{view}: each entry lists its talks", missing)
    if variant == "ablog":
        archives = ["blog", "blog/archive", "blog/tag", "blog/author", "blog/category"]
        archives += [f"blog/category/{slugify(e)}" for e in conf.events]
        expect("ablog archive pages", [p for p in archives if read(out, p) is None])
        expect(
            "ablog all-posts page: every talk", missing_titles(read(out, "blog"), conf.all_talks)
        )
        feed = out / "blog" / "atom.xml"
        entries = feed.read_text(encoding="utf-8").count("<entry>") if feed.is_file() else 0
        checked.append("ablog feed: an entry per talk")
        if entries != len(conf.all_talks):
            problems.append(f"ablog feed: {entries} entries for {len(conf.all_talks)} talks")
    if variant == "needs":
        talks = {need_id(t.id) for t in conf.all_talks}
        for page, ids in (
            ("index", talks),
            ("lightning", {need_id(t.id) for t in conf.lightning}),
            ("speakers", {need_id(s) for s in conf.speakers}),
            ("tools", {need_id(t) for t in conf.tools}),
        ):
            text = read(out, page) or ""
            rows = set(re.findall(r'<tr[^>]*data-need-id="([A-Z0-9_]+)"', text))
            expect(f"needtable rows on {page}: one per need", sorted(ids - rows))
            if rows - ids:
                problems.append(f"needtable rows on {page}: {len(rows - ids)} rows too many")
    return {"checked": checked, "problems": problems, "ok": not problems}


def showing(out: Path, text: str) -> set[str]:
    """The pages (docnames) whose HTML shows *text*."""
    found = set()
    for path in out.rglob("*.html"):
        rel = path.relative_to(out)
        if rel.parts[0].startswith("_"):
            continue
        if text in html.unescape(path.read_text(encoding="utf-8")):
            found.add(rel.with_suffix("").as_posix())
    return found


def stale(out: Path, before: set[str], new: str) -> list[str]:
    """The pages of *before* (they showed the old title) that do not show *new*."""
    return sorted(p for p in before if new not in (read(out, p) or ""))
