"""Check ``.bib`` files entry by entry, so one bad entry never stops the build.

sphinxcontrib-bibtex parses every file with pybtex in one go at
``builder-inited``: a syntax error anywhere (an unclosed brace, a missing
comma, an unquoted value) raises out of Sphinx with a traceback, and a
repeated key stops the parse at that key with a warning that names no line.

This runs just before it. Each file is cut into entries (a line starting with
``@`` starts one) and each entry is parsed alone, in order (so ``@string``
macros still apply). A broken entry warns ``confnotes.bib_syntax`` at its
first line and is left out; a repeated key warns ``confnotes.bib_duplicate``
naming both lines and the first is kept. When anything was left out, the
good entries are parsed into sphinxcontrib-bibtex's own cache
(``BibData``, with the files' current mtimes), which it then keeps as up to
date instead of parsing the files itself. Citations of a left-out entry are
reported by sphinxcontrib-bibtex as unknown keys. A file that is not valid
in ``bibtex_encoding`` warns ``confnotes.bad_encoding`` at the line of its
first unreadable byte and is read with U+FFFD for each such byte; control
characters warn ``confnotes.control_character`` and are removed.

A project with nothing to cite yet builds without a warning: no
``bibtex_bibfiles`` setting (:func:`default_bibfiles`), an empty file, or
one of comments alone.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from string import digits
from typing import TYPE_CHECKING, NamedTuple, cast

import latexcodec  # noqa: F401  (registers the "ulatex" codec pybtex decodes fields with)
from confnotes.core.plaintext import strip_controls as strip_source_controls
from pybtex.database import BibliographyData, Person
from pybtex.database.input.bibtex import NAME_CHARS, Parser, month_names
from pybtex.exceptions import PybtexError
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinxcontrib.bibtex.domain import BibtexDomain

logger = logging.getLogger(__name__)

#: a line that starts an entry (``@misc{``, ``@string(``, ``@comment``...)
ENTRY_START_RE = re.compile(r"^[ \t]*@", re.MULTILINE)
#: the type and key of an entry, for naming it in warnings
HEAD_RE = re.compile(r"@\s*(?P<type>[A-Za-z]+)\s*[{(]\s*(?P<key>[^,\s{}()]*)")
#: a word that may name an ``@string`` macro: pybtex's own rule (``LowLevelParser.NAME``)
MACRO_NAME_RE = re.compile(rf"[{re.escape(NAME_CHARS)}][{re.escape(NAME_CHARS + digits)}]*")
#: the longest field or macro kept, in characters (an abstract is a few thousand): pybtex
#: and latexcodec take about ten seconds a megabyte of field
MAX_FIELD = 20_000
#: the most an entry may expand to with its macros before it is parsed: macros that
#: repeat macros (``@string{s2 = s1 # s1}``) double at each line, to gigabytes in thirty
MAX_EXPANSION = 100_000


class Chunk(NamedTuple):
    """The text of one entry and the line it starts on (1-based)."""

    line: int
    text: str

    @property
    def name(self) -> str:
        """The entry's key, or its type for keyless entries (``@string``)."""
        head = HEAD_RE.match(self.text.lstrip())
        if head is None:
            return self.text.strip().splitlines()[0][:40]
        return head["key"] if head["key"] and "=" not in head["key"] else f"@{head['type']}"

    @property
    def type(self) -> str:
        """The entry type, lowercase (``""`` when unreadable)."""
        head = HEAD_RE.match(self.text.lstrip())
        return head["type"].lower() if head else ""


class StrictParser(Parser):  # type: ignore[misc]
    """pybtex's BibTeX parser raising every error, whatever pybtex's global mode."""

    def handle_error(self, error: PybtexError) -> None:
        """Raise, so the entry is reported and left out."""
        raise error


def warn(message: str, *args: object, subtype: str, location: str) -> None:
    """Emit a typed warning at ``path:line`` (``confnotes.<subtype>``)."""
    logger.warning(message, *args, location=location, type="confnotes", subtype=subtype)


def split_entries(text: str) -> list[Chunk]:
    """Cut a ``.bib`` text into entries; text before the first one is a comment.

    An empty text, or comments alone, has no entry. The comment is a chunk
    of its own only when it holds an ``@``, which pybtex reads as the start
    of an entry (``% mail me@example.org``): checked like an entry, a stray
    one warns instead of stopping the build.
    """
    starts = [match.start() for match in ENTRY_START_RE.finditer(text)]
    if "@" in text[: starts[0] if starts else len(text)]:
        starts.insert(0, 0)
    ends = [*starts[1:], len(text)] if starts else []
    return [
        Chunk(text.count("\n", 0, start) + 1, text[start:end])
        for start, end in zip(starts, ends, strict=True)
    ]


def good_entries(
    path: Path, shown: str, text: str, macros: dict[str, str], seen: dict[str, str]
) -> tuple[str, bool]:
    """Return *text* without its broken and repeated entries, and whether any was.

    Warns about each entry left out.

    Warnings are located at *path* and name other entries by *shown* (the
    path relative to the source directory). *macros* (``@string`` definitions
    so far) and *seen* (key, lowercase, to ``shown:line``) carry over from
    one file to the next, as in one pybtex parse.
    """
    kept: list[str] = []
    left_out = False
    lengths = macro_lengths(macros)
    for chunk in split_entries(text):
        where = f"{path}:{chunk.line}"
        here = f"{shown}:{chunk.line}"
        problem = size_problem(chunk.text, lengths)
        if problem is None:
            parser = StrictParser(macros=macros)
            try:
                data = parser.parse_string(chunk.text)
            except PybtexError as error:
                lineno = getattr(error, "lineno", None)
                detail = str(error)
                if lineno is not None:
                    detail = detail.replace(
                        f"in line {lineno}", f"in line {chunk.line + lineno - 1}"
                    )
                if ENTRY_START_RE.match(chunk.text) is None:  # the comment before the first entry
                    line = chunk.line + chunk.text.count("\n", 0, chunk.text.index("@"))
                    warn(
                        "an '@' in the comment before the first entry starts an entry for BibTeX"
                        " (%s); the comment is left out: remove the '@' or write @comment{...}",
                        detail,
                        subtype="bib_syntax",
                        location=f"{path}:{line}",
                    )
                    left_out = True
                    continue
                warn(
                    "malformed bibliography entry %r (%s); it is left out, citations of it"
                    " will not resolve",
                    chunk.name,
                    detail,
                    subtype="bib_syntax",
                    location=where,
                )
                left_out = True
                seen.setdefault(chunk.name.lower(), f"{here} (malformed, left out)")
                continue
            problem = parsed_problem(data, parser.macros, macros)
        if problem is not None:
            warn(
                "bibliography entry %r is left out: %s; citations of it will not resolve",
                chunk.name,
                problem.reason,
                subtype=problem.subtype,
                location=where,
            )
            left_out = True
            seen.setdefault(chunk.name.lower(), f"{here} (left out)")
            continue
        duplicate = next((seen[k.lower()] for k in data.entries if k.lower() in seen), None)
        if duplicate is not None and duplicate.endswith(")"):
            warn(
                "duplicate bibliography key %r: also at %s; this one is used",
                chunk.name,
                duplicate,
                subtype="bib_duplicate",
                location=where,
            )
        elif duplicate is not None:
            warn(
                "duplicate bibliography key %r: also at %s, which is used",
                chunk.name,
                duplicate,
                subtype="bib_duplicate",
                location=where,
            )
            left_out = True
            continue
        seen.update((key.lower(), here) for key in data.entries)  # a good one replaces a bad
        macros.update(parser.macros)
        lengths.update(macro_lengths(parser.macros))
        kept.append(chunk.text)
    return "".join(kept), left_out


class Problem(NamedTuple):
    """Why an entry is left out: the warning's subtype and its reason."""

    subtype: str
    reason: str


def macro_lengths(macros: dict[str, str]) -> dict[str, int]:
    """Return the length of each ``@string`` macro's text, by its name in lower case."""
    return {name.lower(): len(value) for name, value in macros.items()}


def size_problem(text: str, lengths: dict[str, int]) -> Problem | None:
    """Return why *text* may not be parsed, by what its macros would expand to (None: it may).

    Each word that names a macro counts as that macro's text (*lengths*:
    :func:`macro_lengths`): an upper bound, found before pybtex builds the
    string.
    """
    size = len(text) + sum(lengths.get(word.lower(), 0) for word in MACRO_NAME_RE.findall(text))
    if size > MAX_EXPANSION:
        return Problem(
            "bib_size",
            f"with its @string macros it would be {size} characters long (at most {MAX_EXPANSION})",
        )
    return None


def parsed_problem(
    data: BibliographyData, new_macros: dict[str, str], macros: dict[str, str]
) -> Problem | None:
    """Return why a parsed entry is left out (None: it is kept).

    A field (its authors or editors too) or ``@string`` macro longer than
    :data:`MAX_FIELD`; an entry with
    no author, editor or title, which the author-year citations cannot name
    (sphinxcontrib-bibtex stops the build at its first citation).
    """
    for name, value in new_macros.items():
        if macros.get(name) != value and len(value) > MAX_FIELD:
            return Problem(
                "bib_size", f"@string {name} is {len(value)} characters long (at most {MAX_FIELD})"
            )
    for entry in data.entries.values():
        people = {role: " and ".join(map(str, names)) for role, names in entry.persons.items()}
        for field, value in {**entry.fields, **people}.items():
            if len(value) > MAX_FIELD:
                return Problem(
                    "bib_size", f"its {field} is {len(value)} characters long (at most {MAX_FIELD})"
                )
        # pybtex formats a name part by part: each part is read as LaTeX on its own
        parts = {
            role: [part for person in names for part in person_parts(person)]
            for role, names in entry.persons.items()
        }
        read = {k: [v] for k, v in entry.fields.items() if k.lower() in LATEX_FIELDS}
        for field, values in {**read, **parts}.items():
            unread = next((why for v in values if (why := latex_problem(v)) is not None), None)
            if unread is not None:
                return Problem("bib_syntax", f"its {field} is not LaTeX pybtex can read: {unread}")
        if not (
            entry.fields.get("title") or entry.persons.get("author") or entry.persons.get("editor")
        ):
            return Problem(
                "bib_missing",
                "it has no author, editor or title, so a citation has nothing to show",
            )
    return None


#: the fields a style formats as LaTeX (pybtex's and sphinxcontrib-bibtex's): an
#: address (``url``, ``doi``, ``eprint``) is written as it is, a ``file`` never
LATEX_FIELDS = frozenset(
    (
        "title booktitle journal note howpublished publisher address organization institution"
        " school series edition chapter type volume number pages month year key language"
    ).split()
)


def person_parts(person: Person) -> list[str]:
    """Return the parts of a name pybtex formats: first, middle, prelast, last, lineage."""
    return [
        *person.first_names,
        *person.middle_names,
        *person.prelast_names,
        *person.last_names,
        *person.lineage_names,
    ]


def latex_problem(value: str) -> str | None:
    r"""Return why pybtex could not read *value* as LaTeX (None: it can).

    pybtex decodes a field with latexcodec when it formats it
    (``Text.from_latex``): a lone backslash at its end (``{T \}``) raises
    there, out of sphinxcontrib-bibtex, and stops the build.
    """
    try:
        codecs.decode(value, "ulatex")  # type: ignore[call-overload]  # latexcodec decodes str
    except UnicodeDecodeError as error:
        return str(error.reason)
    return None


def relative_to(path: Path, folder: str | os.PathLike[str]) -> str:
    """Return *path* relative to *folder* with ``/`` (absolute on another drive)."""
    try:
        return Path(os.path.relpath(path, folder)).as_posix()
    except ValueError:
        return path.as_posix()


def read_bibfile(path: Path, encoding: str) -> tuple[str, bool]:
    """Return the text of *path* and whether it is valid *encoding*.

    pybtex (through sphinxcontrib-bibtex) would stop the build at a byte it
    cannot read; here such a byte becomes U+FFFD after a warning
    (``confnotes.bad_encoding``) at its line, and the file counts as
    changed, so sphinxcontrib-bibtex takes our parse and never reads it.
    """
    data = path.read_bytes()
    try:
        return data.decode(encoding), True
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        warn(
            "not valid %s: byte %s (column %d) cannot be read; the file is read with U+FFFD"
            " (\ufffd) for every such byte",
            "UTF-8" if codecs.lookup(encoding).name in {"utf-8", "utf-8-sig"} else encoding,
            " ".join(f"0x{b:02x}" for b in data[error.start : error.end]),
            column,
            subtype="bad_encoding",
            location=f"{path}:{line}",
        )
        return data.decode(encoding, "replace"), False


def strip_controls(path: Path, text: str) -> str:
    """Return *text* without control characters, warning once per line that had any.

    They would reach every page citing the entry, and ``conference.json``;
    line breaks other than a newline become spaces. The file then counts as
    changed (sphinxcontrib-bibtex takes our parse). The rule and the warning
    are the pages' (:func:`confnotes.core.plaintext.strip_controls`).
    """
    return strip_source_controls(text, lambda number: f"{path}:{number}")


def default_bibfiles(app: Sphinx, config: Config) -> None:
    """``config-inited``: no ``bibtex_bibfiles`` setting means no ``.bib`` file.

    sphinxcontrib-bibtex stops the build when the setting is missing; a
    project with nothing to cite yet builds without it. Set before the
    environment compares configurations, so a rebuild sees no change.
    """
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []


#: the environment's note of the files (encoding, paths, mtimes, sizes) last found clean
CLEAN_STAMP = "confnotes_bib_clean"


def check_bibfiles(app: Sphinx) -> None:
    """``builder-inited``, before sphinxcontrib-bibtex: warn, and drop bad entries.

    Files are read with ``bibtex_encoding`` and paths are made as
    sphinxcontrib-bibtex makes them, so its cache check accepts ours.
    """
    encoding = app.config.bibtex_encoding
    paths = [(Path(app.confdir) / file).resolve() for file in app.config.bibtex_bibfiles or ()]
    if not paths or not all(path.is_file() for path in paths):
        return  # sphinxcontrib-bibtex reports the missing file itself
    # files found clean by an earlier build and not touched since need no second look
    # (one that warned is looked at again, and warns again)
    stamp = (encoding, tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths))
    if getattr(app.env, CLEAN_STAMP, None) == stamp:
        return
    setattr(app.env, CLEAN_STAMP, None)
    macros: dict[str, str] = dict(month_names)  # pybtex's own: ``month = jan``
    seen: dict[str, str] = {}
    checked = {}
    for path in paths:
        text, readable = read_bibfile(path, encoding)
        clean = strip_controls(path, text)
        kept, left_out = good_entries(path, relative_to(path, app.srcdir), clean, macros, seen)
        checked[path] = (kept, left_out or not readable or clean != text)
    if not any(left_out for _text, left_out in checked.values()):
        setattr(app.env, CLEAN_STAMP, stamp)
        return  # nothing left out: sphinxcontrib-bibtex parses the files as usual
    parser = Parser(encoding)
    bibfiles: dict[Path, BibFile] = {}
    keys: dict[str, None] = {}
    for path in paths:
        parser.parse_string(checked[path][0])
        old_keys, keys = keys, dict.fromkeys(parser.data.entries.keys())
        bibfiles[path] = BibFile(
            mtime=get_mtime(path), keys=dict.fromkeys(k for k in keys if k not in old_keys)
        )
    domain = cast("BibtexDomain", app.env.get_domain("cite"))
    domain.data["bibdata"] = BibData(encoding=encoding, bibfiles=bibfiles, data=parser.data)
