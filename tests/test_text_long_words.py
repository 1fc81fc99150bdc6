"""The text builder writes a very long word in linear time, every character in order.

Sphinx's text writer wrapped a word in time that grows with the square of
its length: a title of one 300,000-character word took ``-b text`` about 18
minutes. In a copy of ``test-page-files``, a page holds one 20,000-character
word as its title (which the front page's toctree lists), in a paragraph, in
a list item and in a note inside it; a run of 2,000 inline literals with no
space between them; and the word's start in a literal block. Its text build
takes about a second (Sphinx's own wrapper took 4 s for each block of
the word), and:

* every line but the title and its underline (written whole, as Sphinx
  writes any title) fits the writer's 70 columns;
* the word's lines are the pieces :mod:`confnotes.site.safety.long_words`
  cuts, one a line (Sphinx's own breaks would fill every line), and no
  line shows a space between two of them;
* the line block's line and the table's borders are written whole;
* with the spaces taken out, each block holds its text exactly as written;
* the literal block is written as it is.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from root_builds import build_root

ROOTS = Path(__file__).parent / "roots"
WORD = ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 3000)[:20_000]
CHAIN = "\\ ".join(["``ab``"] * 2_000)
#: a line of a line block, which the writer does not wrap
LINE = "y" * 600
PAGE = (
    f"{WORD}\n{'=' * len(WORD)}\n\n"
    f"Before {WORD} after.\n\n"
    f"* item {WORD}\n\n"
    f"  .. note:: {WORD}\n\n"
    f".. admonition:: {WORD}\n\n   Body.\n\n"
    f"chain {CHAIN} end\n\n"
    f"::\n\n   {WORD[:800]}\n\n"
    f"| {LINE}\n\n"
    ".. list-table::\n\n"
    f"   * - cell {WORD}\n"
    f"     - ::\n\n          {WORD}\n\n"
    f"+-{'-' * 600}-+\n| {'g' * 600} |\n+-{'-' * 600}-+\n"
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the copy of ``test-page-files`` with the long page, text builder; its outdir."""
    tmp = tmp_path_factory.mktemp("long")
    srcdir = shutil.copytree(ROOTS / "test-page-files", tmp / "src")
    (srcdir / "long.rst").write_text(PAGE, encoding="utf-8")
    app, warnings = build_root(srcdir, tmp / "out", "text")
    assert not warnings
    return Path(app.outdir)


def blocks(text: str) -> list[str]:
    """Return the text's blocks (separated by blank lines) with all whitespace taken out."""
    return [re.sub(r"\s+", "", block) for block in re.split(r"\n\s*\n", text)]


def test_every_wrapped_line_fits_and_the_word_is_in_pieces(written: Path) -> None:
    lines = (written / "long.txt").read_text(encoding="utf-8").splitlines()
    title, underline, *rest = lines
    assert title == WORD and len(set(underline)) == 1, "a title is written whole"
    assert LINE in [line.strip() for line in rest], "a line block is written as it is"
    borders = [line for line in rest if line.startswith("+-")]
    assert borders and not [line for line in borders if " " in line], "so are table borders"
    unwrapped = (WORD[:800], LINE)
    wrapped = [line for line in rest if line.strip() not in unwrapped and line[:1] not in "+|"]
    too_wide = [len(line) for line in wrapped if len(line) > 70]
    assert not too_wide, too_wide
    word_lines = [line.strip() for line in wrapped if line.strip() and line.strip() in WORD]
    assert len(word_lines) > 3 * len(WORD) // 36, "four blocks hold the word"
    assert max(map(len, word_lines)) < 70, "a piece is half a line, the last one less than all"
    # no line shows two pieces of the word with a space between them (but table rows:
    # a cell joins its paragraphs' wrapped lines with spaces, as Sphinx always did)
    split = [
        line
        for line in wrapped
        for left, right in zip(line.split(), line.split()[1:], strict=False)
        if left in WORD and right in WORD and left + right in WORD
    ]
    assert not split, split[:3]


def test_each_block_holds_its_text_as_written(written: Path) -> None:
    page = blocks((written / "long.txt").read_text(encoding="utf-8"))
    assert f"Before{WORD}after." in page
    assert f"*item{WORD}" in page
    assert "chain" + '"ab"' * 2_000 + "end" in page
    assert WORD in page, "the note's paragraph"
    assert f"{WORD}:Body." in page, "the admonition's title starts its first paragraph"
    literal = (written / "long.txt").read_text(encoding="utf-8")
    assert f"\n   {WORD[:800]}\n" in literal, "the literal block is written as it is"
    # the front page's toctree lists the page by its title
    assert any(WORD in block for block in blocks((written / "index.txt").read_text("utf-8")))


@pytest.mark.parametrize("seed", range(20))
def test_in_pieces_keeps_every_character_and_bounds_every_run(seed: int) -> None:
    from confnotes.site.safety.long_words import LONG_RUN, in_pieces, piece_size

    draw = random.Random(seed)
    text = "".join(
        draw.choice(["a" * draw.randrange(1, 3 * LONG_RUN), " ", "\n", "b-c", "é"])
        for _ in range(draw.randrange(1, 40))
    )
    width = draw.choice([1, 20, 70, 300, 5000])
    cut = in_pieces(text, width)
    assert re.sub(r"\s", "", cut) == re.sub(r"\s", "", text)
    size = piece_size(width)
    longest = max((len(run) for run in re.findall(r"\S+", text)), default=0)
    if longest <= LONG_RUN:
        assert cut == text, "no long run: left as it is"
    for run in re.findall(r"\S+", cut):  # a run as written, or a piece that fits a line
        assert len(run) <= LONG_RUN or len(run) < 2 * size, len(run)
    # one piece a line: two and a space are wider, the longest (the last) is not
    assert size <= LONG_RUN and (2 * size - 1 <= width < 2 * size + 1 or width > 2 * LONG_RUN)
