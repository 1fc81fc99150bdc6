"""Find where a text was written in a source file, for warnings the doctree cannot place.

Some things reach a check without a line of their own: a label Sphinx's
standard domain holds, a bibliography entry, a value a parser reshaped.
Their warning points at the first line of the file that holds the text.
"""

from __future__ import annotations

import re
from pathlib import Path

WHITE_SPACE_RE = re.compile(r"\s+")


def lines_matching(path: Path, pattern: re.Pattern[str]) -> list[int]:
    """Return every line of *path* that *pattern* matches in (none when it cannot be read)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [n for n, line in enumerate(lines, 1) if pattern.search(line)]


def line_matching(path: Path, pattern: re.Pattern[str], start: int = 1) -> int:
    """Return the first line of *path* from *start* on that *pattern* matches in (0: none)."""
    return next((n for n in lines_matching(path, pattern) if n >= start), 0)


def line_with(path: Path, needle: str, start: int = 1) -> int:
    """Return the first line of *path* from *start* on where *needle* begins (0: none).

    White space aside: a parser drops a tab or a line break inside a URL
    (``java<TAB>script:``, a link written over two lines) before we see it,
    so the text is searched with its white space (line breaks too) taken
    out, and the line where the match begins is the answer; a later line
    holding the needle whole does not win over an earlier one that starts it.
    """
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 0
    squeezed = WHITE_SPACE_RE.sub("", needle)
    if not squeezed:
        return next((n for n, line in enumerate(lines, 1) if n >= start and needle in line), 0)
    text: list[str] = []
    owners: list[int] = []  # the line of each character of the joined text
    for number, line in enumerate(lines[max(start, 1) - 1 :], max(start, 1)):
        part = WHITE_SPACE_RE.sub("", line)
        text.append(part)
        owners += [number] * len(part)
    at = "".join(text).find(squeezed)
    return owners[at] if at >= 0 else 0


def lower_lines(source: Path) -> list[str]:
    """Return the lines of *source* in lower case (none when it cannot be read)."""
    try:
        return source.read_text(encoding="utf-8", errors="replace").lower().splitlines()
    except OSError:
        return []


def line_of_name(source: Path, name: str, *more: str) -> int:
    """Return the first line holding *name*'s first line, in any case (0 when none does).

    As written, or as a reST label escapes it; docutils lower-cases labels.
    The names of *more* are looked for in turn when none holds *name*; the
    file is read once.
    """
    lines = lower_lines(source)
    for each in (name, *more):
        first = (each.splitlines() or [""])[0].strip().lower()
        for needle in (first, first.replace(":", "\\:")):
            found = next((n for n, line in enumerate(lines, 1) if needle and needle in line), 0)
            if found:
                return found
    return 0


def line_of_term(source: Path, term: str, near: int = 0) -> int:
    """Return the line that is *term* alone, in any case, as a glossary writes it (0: none).

    Of several, the one nearest the line *near* (a term's node carries a
    line close to its own, not always its own).
    """
    wanted = term.strip().lower()
    found = [n for n, line in enumerate(lower_lines(source), 1) if line.strip() == wanted]
    return min(found, key=lambda n: (abs(n - near), n)) if found else 0


def line_of_target(source: Path, kind: str, name: str, near: int = 0) -> int:
    """Return the line that writes a label (*kind* ``"label"``) or a glossary term (0: none).

    A label as reST ``.. _name:`` or MyST ``(name)=`` writes it, in any case
    (docutils lower-cases labels); a term on a line of its own, the nearest
    to *near*.
    """
    if kind == "label":
        return line_of_name(source, f"_{name}:", f"({name})=")
    return line_of_term(source, name, near)
