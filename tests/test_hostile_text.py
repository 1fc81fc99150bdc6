"""Issue 18, class 2: names, titles and descriptions are one line of plain text.

The root ``test-hostile-text`` holds, in reST and MyST: a title, a name, an
affiliation, an event and a speaker note over two lines, written to forge
lines of ``objects.inv`` (``conf-talk-forged conf:talk 1 https://evil.example/``),
in reST continuation lines and in MyST's YAML (``\\n``, U+2028, ``\\e``); a
tool name that, even on one line, would be read back by intersphinx as
another entry; an introduction of two paragraphs and a list with reST
backslash escapes (docutils marks them with NUL); a talk nested in another
talk's content; ``unicode`` substitutions of ESC and U+2028. The tests add,
as bytes, pages that hold ESC, BEL, NUL, DEL, C1, form feed and U+2028 in a
title, an option, a paragraph and a literal block.

Checked: the exact warnings; ``objects.inv`` read back line by line, and by
Sphinx's own reader, holds no forged entry; every description (``<meta
name="description">``, ``og:description``, JSON-LD, ``conference.json``)
keeps word boundaries and holds no control character; no output file holds
one; each new subtype can be silenced; and with each fix taken away the
same checks fail.
"""

from __future__ import annotations

import json
import re
import shutil
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from root_builds import build_root

ROOT = "test-hostile-text"
CONTROLS_RST = (
    b"Control\x1b[31m characters\x07\xef\xbf\xbf\n"
    b"===========================\n\n"
    b".. talk:: controls\n"
    b"   :title: Control\x1b[31m characters\x07\xef\xbf\xbf\n"
    b"   :speaker: mallory\n"
    b"   :kind: talk\n"
    b"   :date: 2013-05-15\n\n"
    b"An introduction with a NUL\x00 byte, a DEL\x7f, a C1\xc2\x85next line, a form\x0cfeed"
    b" and a line\xe2\x80\xa8separator\xef\xbf\xbe.\n\n"
    b"::\n\n   A literal block with an escape \x1b[0m.\n"
)
CONTROLS_MD = (
    b"# Control\x1b[31m characters\x07\xef\xbf\xbf, in MyST\n\n"
    b"```{talk} controls-md\n"
    b":title: Control\x1b[31m characters\x07\xef\xbf\xbf, in MyST\n"
    b":speaker: mallory\n"
    b":kind: talk\n"
    b":date: 2013-05-15\n"
    b"```\n\n"
    b"An introduction with a NUL\x00 byte, a DEL\x7f, a C1\xc2\x85next line, a form\x0cfeed"
    b" and a line\xe2\x80\xa8separator\xef\xbf\xbe.\n\n"
    b"```\nA code block with an escape \x1b[0m.\n```\n"
)

JOINED = "(a name, title or value is one line of plain text); its lines are joined:"
REMOVED = "removed (line breaks other than a newline become spaces) [confnotes.control_character]"
NESTED = "declare each talk on its own, under its own title [confnotes.nested_talk]"
FORGED_TALK = "conf-talk-forged conf:talk 1 https://evil.example/ Forged"
EXPECTED = [
    f"speakers.rst:7: line break in :name: {JOINED}"
    " 'Mallory conf-speaker-forged conf:speaker 1 https://evil.example/ Forged'"
    " [confnotes.multiline_option]",
    f"speakers.rst:9: line break in :affiliation: {JOINED} 'Evil Corp'"
    " [confnotes.multiline_option]",
    f"tools.rst:7: line break in :name: {JOINED}"
    " 'Forge forged-term std:term -1 https://evil.example/ -' [confnotes.multiline_option]",
    "tools.rst:6: tool name 'Forge forged-term std:term -1 https://evil.example/ -' is not a"
    " glossary term in objects.inv: intersphinx would read it back as another entry; its anchor"
    " and id still link [confnotes.inventory_name]",
    f"talks/multiline.rst:5: line break in :title: {JOINED} 'Names over {FORGED_TALK}'"
    " [confnotes.multiline_option]",
    f"talks/multiline.rst:10: line break in :event: {JOINED} 'Example Conf 2013'"
    " [confnotes.multiline_option]",
    f"talks/multiline.rst:12: line break in :speaker-note: {JOINED} 'a note over two lines'"
    " [confnotes.multiline_option]",
    f"talks/multiline.rst:22: talk 'nested' is declared inside the content of talk 'multiline'"
    f" (line 4); {NESTED}",
    f"talks/multiline-md.md:5: line break in :title: {JOINED}"
    " 'Names over conf-talk-forged-md conf:talk 1 https://evil.example/ Forged'"
    " [confnotes.multiline_option]",
    f"talks/multiline-md.md:9: line break in :speaker-note: {JOINED} 'a note over two lines'"
    " [confnotes.multiline_option]",
    "talks/multiline-md.md:10: control character U+001B in :event: is removed:"
    " 'Example [1mConf 2013' [confnotes.control_character]",
    # what the escape leaves reads as markup in the event's name: shown as text
    "talks/multiline-md.md:10: markup in :event: is shown as plain text: 'Example [1mConf 2013'"
    " [confnotes.markup_in_name]",
    f"talks/multiline-md.md:20: talk 'nested-md' is declared inside the content of talk"
    f" 'multiline-md' (line 3); {NESTED}",
    # a unicode substitution: in the doctree, at the title's (underline's) and the paragraph's line
    "talks/substitution.rst:2: control character U+2028 removed [confnotes.control_character]",
    "talks/substitution.rst:13: control character U+001B removed [confnotes.control_character]",
    # bytes in the sources: one warning per line, before parsing
    *(
        warning
        for page, first in (("talks/controls.rst", 5), ("talks/controls-md.md", 4))
        for warning in (
            f"{page}:1: control character U+001B, U+0007, U+FFFF {REMOVED}",
            f"{page}:{first}: control character U+001B, U+0007, U+FFFF {REMOVED}",
            f"{page}:10: control character U+0000, U+007F, U+0085, U+000C, U+2028, U+FFFE"
            f" {REMOVED}",
            f"{page}:{first + 9}: control character U+001B {REMOVED}",
            f"{page}:{first}: markup in :title: is shown as plain text: 'Control[31m characters"
            + (", in MyST" if page.endswith(".md") else "")
            + "' [confnotes.markup_in_name]",
        )
    ),
]
NEW_SUBTYPES = ("multiline_option", "control_character", "nested_talk", "inventory_name")
#: what no output may hold: C0 and C1 controls but tab and newline, DEL, U+2028/9, and
#: the noncharacters U+FFFE and U+FFFF (no XML holds them: an epub's page would not read)
CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
TALK_PAGES = (
    "talks/multiline",
    "talks/multiline-md",
    "talks/controls",
    "talks/controls-md",
    "talks/substitution",
)


def add_bytes(srcdir: Path) -> Path:
    """Write the pages with control characters into a copy of the root."""
    (srcdir / "talks" / "controls.rst").write_bytes(CONTROLS_RST)
    (srcdir / "talks" / "controls-md.md").write_bytes(CONTROLS_MD)
    return srcdir


def build(srcdir: Path, outdir: Path, **kwargs: Any) -> tuple[Path, list[str]]:
    """Build *srcdir* in html; return the output folder and the warnings."""
    app, warnings = build_root(srcdir, outdir, **kwargs)
    return Path(app.outdir), warnings


@pytest.fixture
def hostile_src(rootdir: Path, tmp_path: Path) -> Path:
    """A fresh, writable copy of the root with the byte pages added."""
    return add_bytes(Path(shutil.copytree(rootdir / ROOT, tmp_path / "src")))


@pytest.fixture(scope="module")
def html(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The root with the byte pages, built once: ``(outdir, warnings)``."""
    base = tmp_path_factory.mktemp("ht")
    src = add_bytes(Path(shutil.copytree(rootdir / ROOT, base / "src")))
    return build(src, base / "out")


def inventory_lines(outdir: Path) -> list[str]:
    """The entries of ``objects.inv``, split as Sphinx's reader splits them."""
    data = (outdir / "objects.inv").read_bytes()
    return zlib.decompress(data.split(b"\n", 4)[4]).decode().splitlines()


def inventory(outdir: Path) -> dict[str, dict[str, Any]]:
    """``objects.inv`` as intersphinx reads it: ``{type: {name: item}}``."""
    from sphinx.util.inventory import InventoryFile

    loaded = InventoryFile.loads((outdir / "objects.inv").read_bytes(), uri="https://x.example/")
    return {objtype: dict(items) for objtype, items in loaded.data.items()}


def inventory_problems(outdir: Path) -> list[str]:
    """Entries that point off the site or were not written as one whole line each."""
    problems = []
    entry = re.compile(r"(?P<name>.+?) (?P<type>\S+:\S+) (?P<prio>-?\d+) (?P<uri>\S*) (?P<disp>.+)")
    for line in inventory_lines(outdir):
        match = entry.fullmatch(line)
        if match is None or "forged" in match["name"] or "://" in match["uri"]:
            problems.append(line)
    for objtype, items in inventory(outdir).items():
        for name, item in items.items():
            location = item.uri if hasattr(item, "uri") else item[2]
            if "evil.example" in location or "forged" in name:
                problems.append(f"{objtype} {name} -> {location}")
    return problems


def descriptions(outdir: Path) -> Iterator[tuple[str, str, str]]:
    """Every description of every talk page and talk: ``(where, kind, text)``."""
    from bs4 import BeautifulSoup

    for docname in TALK_PAGES:
        soup = BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"), "lxml")
        yield docname, "meta", soup.find("meta", attrs={"name": "description"})["content"]
        yield docname, "og", soup.find("meta", attrs={"property": "og:description"})["content"]
        data = json.loads(soup.find("script", type="application/ld+json").string)
        for event in data.get("@graph", [data]):
            yield docname, f"json-ld {event['name']}", event.get("description", "")
    export = json.loads((outdir / "conference.json").read_text(encoding="utf-8"))
    for talk in export["talks"]:
        yield "conference.json", talk["slug"], talk["description"] or ""


def description_problems(outdir: Path) -> list[str]:
    """Descriptions with a control character, words run together, or another talk's intro."""
    problems = []
    for where, kind, text in descriptions(outdir):
        if CONTROL.search(text) or re.search(r"[a-z][.,][A-Z]|item[a-z]", text):
            problems.append(f"{where} {kind}: {text!r}")
        nested = kind in {"nested", "nested-md"} or kind.startswith("json-ld A talk inside")
        if "own introduction" in text and not nested:
            problems.append(f"{where} {kind} swallowed the nested talk: {text!r}")
    return problems


def test_each_bad_input_warns_at_its_file_and_line(html: tuple[Path, list[str]]) -> None:
    assert sorted(html[1]) == sorted(EXPECTED)


def test_objects_inv_holds_no_forged_entry(html: tuple[Path, list[str]]) -> None:
    outdir = html[0]
    assert inventory_problems(outdir) == []
    found = inventory(outdir)
    talks = found["conf:talk"]
    assert set(talks) == {
        "controls",
        "controls-md",
        "multiline",
        "multiline-md",
        "nested",
        "nested-md",
        "substitution",
    }
    title = talks["multiline"]
    display = title.display_name if hasattr(title, "display_name") else title[3]
    assert display == f"Names over {FORGED_TALK}"  # one line, shown as written
    assert set(found["std:term"]) == {"forge"}  # the id stays a term, the forging name does not
    # U+2028 from a substitution became a space, between the spaces around it
    assert found["std:doc"]["talks/substitution"].display_name == (
        "A substitution makes a   line separator"
    )


def test_descriptions_keep_word_boundaries_and_no_control_characters(
    html: tuple[Path, list[str]],
) -> None:
    outdir = html[0]
    assert description_problems(outdir) == []
    found = {(where, kind): text for where, kind, text in descriptions(outdir)}
    intro = (
        "The abstract\u2019s first paragraph ends here. Second paragraph, on *args and `ticks`"
        " and a backslash \\ too. a list item another item"
    )
    assert found["talks/multiline", "meta"] == intro
    assert found["conference.json", "multiline"] == intro
    assert found["conference.json", "nested"] == "The nested talk\u2019s own introduction."
    assert found["conference.json", "controls"] == (
        "An introduction with a NUL byte, a DEL, a C1 next line, a form feed and a line separator."
    )
    assert found["conference.json", "substitution"] == "An introduction with an escape in it."


def test_no_output_file_holds_a_control_character(html: tuple[Path, list[str]]) -> None:
    outdir = html[0]
    found = [
        str(path.relative_to(outdir))
        for path in outdir.rglob("*")
        if path.is_file()
        and path.suffix in {".html", ".js", ".json", ".txt"}
        and "_sources" not in path.parts  # the sources as written, for "show source"
        and CONTROL.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []
    assert not any(CONTROL.search(line) for line in inventory_lines(outdir))


def test_names_are_one_line_on_the_pages(
    html: tuple[Path, list[str]], page: Callable[..., Any]
) -> None:
    outdir = html[0]
    speakers = page(outdir / "speakers.html")
    assert [s.get_text() for s in speakers.select(".conf-speaker-name strong")] == [
        "Mallory conf-speaker-forged conf:speaker 1 https://evil.example/ Forged"
    ]
    assert speakers.select_one(".conf-affiliation em").get_text() == "Evil Corp"
    talk = page(outdir / "talks" / "controls.html")
    assert talk.h1.get_text().rstrip("¶") == "Control[31m characters"
    assert "A literal block with an escape [0m." in talk.select_one("pre").get_text()


@pytest.mark.parametrize("subtype", NEW_SUBTYPES)
def test_each_new_subtype_is_suppressible(hostile_src: Path, tmp_path: Path, subtype: str) -> None:
    _outdir, warnings = build(
        hostile_src, tmp_path, confoverrides={"suppress_warnings": [f"confnotes.{subtype}"]}
    )
    assert sorted(warnings) == sorted(
        w for w in EXPECTED if not w.endswith(f"[confnotes.{subtype}]")
    )


# -- without the fixes, the same checks fail --------------------------------------------


def test_without_one_line_options_objects_inv_is_forged(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.core.declaration
    import confnotes.site.safety.inventory

    monkeypatch.setattr(
        confnotes.core.declaration, "check_one_line", lambda value, *args, **kwargs: value.strip()
    )
    # and the inventory's own check, which takes out any line a line break forged
    monkeypatch.setattr(confnotes.site.safety.inventory, "forged_entries", lambda app: [])
    outdir, _warnings = build(hostile_src, tmp_path)
    problems = inventory_problems(outdir)
    assert FORGED_TALK in problems  # a line of its own
    assert any(p.startswith("conf:talk conf-talk-forged -> ") for p in problems), problems


def test_without_the_term_check_a_one_line_name_forges_a_term(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.core.stdtargets
    import confnotes.site.safety.inventory

    monkeypatch.setattr(confnotes.core.stdtargets, "reads_back", lambda name: True)
    # and the inventory's own check, which takes any object's forged line out
    monkeypatch.setattr(confnotes.site.safety.inventory, "forged_entries", lambda app: [])
    outdir, _warnings = build(hostile_src, tmp_path)
    terms = {name.lower(): item.uri for name, item in inventory(outdir)["std:term"].items()}
    assert terms["forge forged-term"].endswith("https://evil.example/")
    assert any(
        p.lower().startswith("std:term forge forged-term -> ") for p in inventory_problems(outdir)
    )


def test_without_block_breaks_and_plain_text_descriptions_break(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.core.intros

    monkeypatch.setattr(confnotes.core.intros, "BLOCK_BREAK", ("", ""))
    monkeypatch.setattr(confnotes.core.intros, "words", str)
    monkeypatch.setattr(confnotes.core.intros, "plain", lambda text: " ".join(text.split()))
    monkeypatch.setattr(confnotes.core.intros, "of_another_talk", lambda node: False)
    outdir, _warnings = build(hostile_src, tmp_path)
    problems = "\n".join(description_problems(outdir))
    assert "ends here.Second paragraph" in problems
    assert "\\x00" in problems  # docutils' escape marker, in conference.json
    assert "swallowed the nested talk" in problems


def test_without_the_source_checks_control_characters_reach_the_html(
    hostile_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import confnotes.core.plaintext

    monkeypatch.setattr(confnotes.core.plaintext, "strip_page_controls", lambda *args: None)
    monkeypatch.setattr(confnotes.core.plaintext, "RemoveControlCharacters", NoTransform)
    outdir, _warnings = build(hostile_src, tmp_path)
    html = (outdir / "talks" / "controls.html").read_text(encoding="utf-8")
    assert "\x1b" in html and "\x07" in html
    assert any(CONTROL.search(line) for line in inventory_lines(outdir))


class NoTransform:
    """Stands for a transform taken away (``app.add_transform`` accepts any class)."""

    default_priority = 800

    def __init__(self, document: Any, startnode: Any = None) -> None:
        pass

    def apply(self, **kwargs: Any) -> None:
        pass


def test_invisible_marks_are_control_characters_in_names() -> None:
    """A mark that turns text right to left, a space of no width: gone, so "Conf\u200b" is
    the event "Conf" (not a second one that looks the same); joiners stay (scripts need them).
    """
    from confnotes.core.plaintext import char_names, one_line

    assert one_line("DjangoCon\u200b Europe 2013\u202e") == "DjangoCon Europe 2013"
    assert char_names("a\u202eb\u2066c\ufeff") == "U+202E, U+2066, U+FEFF"
    assert one_line("\U0001f469\u200d\U0001f4bb") == "\U0001f469\u200d\U0001f4bb"
