r"""Names, titles and descriptions are one line of plain text.

A talk's title, a speaker's or a tool's name, a ``:speaker-note:`` become a
line of ``objects.inv``, a ``<title>``, a ``<meta>`` description, a string
of JSON-LD and of ``conference.json``. ``objects.inv`` holds one entry per
line and Sphinx reads it back with :meth:`str.splitlines`, which breaks at
``\n`` and also at ``\r``, ``\v``, ``\f``, ``\x1c``-``\x1e``, ``\x85``,
U+2028 and U+2029: a line break in a title would add entries of the
contributor's choosing to the inventory every intersphinx user reads.
Control characters mean nothing to a reader, and HTML does not allow them;
docutils itself marks a backslash escape (``\*args``) with a NUL inside its
text nodes, which ``astext()`` drops but ``str()`` keeps.

* One-line options: :func:`check_one_line` (from every ``talk``, ``speaker``
  and ``tool`` option but the lists) joins the lines and drops control
  characters, warning ``confnotes.multiline_option`` and
  ``confnotes.control_character``.
* Descriptions: :func:`plain` (:mod:`confnotes.core.intros`).
* Pages, included files: control characters, and the line breaks beyond
  ``\n``, are taken out of the text before it is parsed (``source-read``,
  ``include-read``), one warning ``confnotes.control_character`` per line;
  the line breaks become spaces, so line numbers stay. What parsing makes
  (a ``unicode`` substitution, a MyST entity) is taken out of the doctree by
  :class:`RemoveControlCharacters`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.validation import AnyLocation, line_of, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: what :meth:`str.splitlines` (and so an ``objects.inv`` reader) breaks a line at
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_BREAK_RE = re.compile(f"[{LINE_BREAKS}]")
#: Unicode's noncharacters (U+FDD0-U+FDEF, and the last two of every plane:
#: U+FFFE, U+FFFF, U+1FFFE...): no character to show; no XML may hold U+FFFE
#: and U+FFFF, so one made an epub's page unreadable
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
#: control characters that are not a tab or a line break: C0, DEL, C1; and the
#: invisible ones that make a name read as another or look like one it is not
#: (U+202E turns text right to left, U+200B is a space of no width: "Conf\u200b"
#: is a second event that looks like "Conf"). Joiners (U+200C, U+200D) stay:
#: some scripts and emoji need them.
CONTROL_RE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
    f"\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff{NONCHARACTERS}]"
)
#: a line break with the spaces around it
JOIN_RE = re.compile(f"[ \t]*(?:[{LINE_BREAKS}][ \t]*)+")
#: what is taken out of a source before it is parsed (``\r`` never gets
#: there: files are read with universal newlines)
SOURCE_CONTROL_RE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{NONCHARACTERS}]")
#: what is taken out of the doctree's text: NUL stays, docutils' escape marker
TEXT_CONTROL_RE = re.compile(f"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{NONCHARACTERS}]")
#: the line breaks beyond ``\n``: they become a space
SPACES = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def char_names(text: str) -> str:
    """Name the distinct control characters and line breaks of *text*: ``U+001B, U+2028``."""
    found = dict.fromkeys(ch for ch in text if CONTROL_RE.match(ch) or LINE_BREAK_RE.match(ch))
    return ", ".join(f"U+{ord(ch):04X}" for ch in found)


def abbreviated(text: str, limit: int = 100) -> str:
    """Return *text*, cut to *limit* characters with an ellipsis, for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def one_line(text: str) -> str:
    """Return *text* without control characters, its lines joined with one space."""
    return JOIN_RE.sub(" ", CONTROL_RE.sub("", text)).strip()


def plain(text: str) -> str:
    """Return *text* as description text: no control character, whitespace runs one space.

    Docutils' escape markers (NUL) go with the other control characters.
    """
    return " ".join(CONTROL_RE.sub("", text).split())


def check_one_line(value: str, option: str, location: AnyLocation, *, lines: bool = False) -> str:
    """Warn about line breaks and control characters in an option; return it fixed.

    With *lines*, the option is a list that may span lines (``:links:``):
    only its control characters go.
    """
    fixed = CONTROL_RE.sub("", value).strip() if lines else one_line(value)
    if not lines and LINE_BREAK_RE.search(value.strip()):
        warn(
            "line break in :%s: (a name, title or value is one line of plain text);"
            " its lines are joined: %r",
            option,
            abbreviated(fixed),
            subtype="multiline_option",
            location=location,
        )
    if CONTROL_RE.search(value):
        warn(
            "control character %s in :%s: is removed: %r",
            char_names("".join(CONTROL_RE.findall(value))),
            option,
            abbreviated(fixed),
            subtype="control_character",
            location=location,
        )
    return fixed


def without_controls(text: str, pattern: re.Pattern[str] = SOURCE_CONTROL_RE) -> str:
    """Return *text* without control characters; the other line breaks become spaces."""
    return pattern.sub(lambda m: " " if m.group() in SPACES else "", text)


def strip_controls(text: str, at: Callable[[int], AnyLocation]) -> str:
    """Return *text* without control characters, after one warning per line that had any."""
    if not SOURCE_CONTROL_RE.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = SOURCE_CONTROL_RE.findall(line)
        if not found:
            continue
        warn(
            "control character %s removed (line breaks other than a newline become spaces)",
            char_names("".join(found)),
            subtype="control_character",
            location=at(number),
        )
        lines[number - 1] = without_controls(line)
    return "\n".join(lines)


def strip_page_controls(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: take control characters out of a page."""

    def at(line: int) -> AnyLocation:
        return (docname, line)

    source[0] = strip_controls(source[0], at)


def strip_included_controls(
    app: Sphinx, relative_path: Path, parent: str, content: list[str]
) -> None:
    """``include-read``: the same for an included file, located in that file."""
    path = os.path.normpath(Path(app.srcdir) / relative_path)

    def at(line: int) -> AnyLocation:
        return f"{path}:{line}"

    content[0] = strip_controls(content[0], at)


class RemoveControlCharacters(SphinxTransform):
    """Take out control characters that parsing made (a substitution, an entity).

    Docutils' escape markers (NUL) are left for ``astext()`` to drop. A
    title's line is docutils' (its underline).
    """

    default_priority = 800

    def apply(self, **kwargs: Any) -> None:
        """Replace each text node that holds one, warning at its line."""
        for text in list(self.document.findall(nodes.Text)):
            if not TEXT_CONTROL_RE.search(text):
                continue
            if isinstance(text.parent, nodes.substitution_definition):
                continue  # never shown; each use is a text node of its own
            warn(
                "control character %s removed",
                char_names("".join(TEXT_CONTROL_RE.findall(text))),
                subtype="control_character",
                location=(self.env.docname, line_of(text.parent)),
            )
            text.parent.replace(text, nodes.Text(without_controls(text, TEXT_CONTROL_RE)))


def setup_plaintext(app: Sphinx) -> None:
    """Register the source and doctree checks (called from the package's ``setup()``)."""
    app.connect("source-read", strip_page_controls)
    app.connect("include-read", strip_included_controls)
    app.add_transform(RemoveControlCharacters)
