"""A page the parser cannot follow is shown as its text, warned at its line.

Docutils parses each level of a block quote, a list or a directive's
content by calling itself again, and so does MyST for a fence in a fence:
a page of 180 block quotes, each one space deeper than the last (16 KB), a
2000-level list or 200 nested ``:::`` fences ran into Python's recursion
limit, and the ``RecursionError`` stopped the whole build, every page.

Every source parser the build has (reStructuredText, MyST, any other) is
registered again at ``config-inited`` as a subclass whose ``parse`` catches
that error: the page is then emptied, what its directives noted is taken
out of the environment (as before Sphinx reads a page again), and it is
parsed again as its own text in
one literal block of text (a fence in Markdown, a ``code-block`` in reST), with a warning
``confnotes.deep_nesting`` at the line nested deepest. The other pages are
built as usual.

The same for a number of more digits than Python reads (4,300): docutils
reads a list item's number (``99…9. item``) as an integer, and the
``ValueError`` stopped every builder. The page is shown as its text, with a
warning ``confnotes.long_number`` at the line of the longest number, in the
included file that holds it when the page's own text does not.

And for any other error a directive or role raised while the page was read
(any extension's: docutils', Sphinx's, MyST's, sphinx-design's, the
bibliography's, ours): the page is shown as its text, with a warning
``confnotes.markup_error`` at the line of that directive or role
(``parse_errors``), and the other pages are built (``-vv`` shows the
traceback). What is not the page's markup still stops the build: an error
raised by the parser itself, outside any directive or role, or inside one
but below a parse of its content (a bug to see, which nothing would
locate); Sphinx's own errors (a warning turned into an error by
``--exception-on-warning``, an extension's or a configuration's error); and
running out of memory; a Python warning that ``-W error`` made an error.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import SystemMessage, column_width, new_document
from sphinx.errors import SphinxError
from sphinx.util import logging

from confnotes.core.locations import location_of
from confnotes.core.validation import warn
from confnotes.site.safety.parse_errors import culprit_of, error_text

if TYPE_CHECKING:
    from docutils.parsers import Parser
    from docutils.statemachine import StringList
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


logger = logging.getLogger(__name__)

#: a MyST directive fence opening (``:::{note}``, ``````{note}``) or a bare closing one
FENCE_OPEN_RE = re.compile(r"\s*(?::{3,}|`{3,})\s*\{")
FENCE_CLOSE_RE = re.compile(r"\s*(?::{3,}|`{3,})\s*$")


def deepest_line(text: str) -> int:
    """Return the line (1-based) nested deepest in *text*: most open fences, then most indent."""
    best, deepest, fences = 0, (-1, -1), 0
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE_OPEN_RE.match(line):
            fences += 1
        elif FENCE_CLOSE_RE.match(line):
            fences = max(fences - 1, 0)
        depth = (fences, len(line) - len(line.lstrip()) if line.strip() else -1)
        if depth > deepest:
            best, deepest = number, depth
    return best


DIGITS_RE = re.compile(r"\d+")
#: what Python says when it refuses to read a number of too many digits
DIGIT_LIMIT_MESSAGE = "for integer string conversion"


def holds_too_long_a_number(text: str) -> bool:
    """Whether *text* holds a run of more digits than Python reads as a number (4,300)."""
    limit = sys.get_int_max_str_digits()
    return limit > 0 and any(len(run) > limit for run in DIGITS_RE.findall(text))


def longest_number_line(text: str) -> int:
    """Return the line (1-based) of *text* with the longest run of digits."""
    lengths = [
        max((len(run) for run in DIGITS_RE.findall(line)), default=0) for line in text.splitlines()
    ]
    return lengths.index(max(lengths)) + 1 if lengths else 0


def long_number_location(
    text: str, document: nodes.document, docname: str
) -> str | tuple[str, int]:
    """Where the number Python refused is: the page's line, or an included file's.

    An include records its file (docutils' ``record_dependencies``) before
    parsing it, so a file the failed parse was reading is listed.
    """
    if not holds_too_long_a_number(text):
        recorded = getattr(document.settings, "record_dependencies", None)
        for name in getattr(recorded, "list", ()):
            path = Path(name).resolve()
            try:
                included = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if holds_too_long_a_number(included):
                return f"{path}:{longest_number_line(included)}"
    return (docname, longest_number_line(text))


#: what a title escapes to be read as text in reST and in Markdown alike
MARKUP_CHARACTER_RE = re.compile(r"([!-/:-@\[-`{-~])")


def as_literal(parser: type[Parser], text: str, title: str) -> str:
    """Return *text* as one literal block in *parser*'s markup, under the title *title*.

    The title (the page's name) keeps the page in the navigation as itself,
    not as one more page titled "<no title>".
    """
    shown = MARKUP_CHARACTER_RE.sub(r"\\\1", f"{title} (shown as its text)")
    if {"md", "markdown"} & set(parser.supported):
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"# {shown}\n\n{fence}text\n{text}\n{fence}\n"
    body = textwrap.indent(text, "   ", lambda line: True)
    return f"{shown}\n{'=' * column_width(shown)}\n\n.. code-block:: text\n\n{body}\n"


def emptied(document: nodes.document) -> None:
    """Take out of *document* what the failed parse made: its nodes and their indexes."""
    del document[:]
    fresh = new_document(document.get("source", ""), document.settings)
    for key, value in vars(fresh).items():
        # the indexes of ids, names, references, footnotes... as a new document has them
        if isinstance(value, (dict, list)) and key not in {"attributes", "children"}:
            setattr(document, key, type(value)())


def forget_page(env: BuildEnvironment) -> None:
    """Take out of the environment what the failed parse noted of the page being read.

    Its directives may have declared a talk, a label or a term before the
    error; they point at nothing now. As Sphinx does before it reads a page
    again (``env-purge-doc``, then ``clear_doc``), but the files the page
    depends on are kept: fixing an included file reads the page again.
    """
    docname = env.docname
    depends = set(env.dependencies.get(docname, ()))
    env.events.emit("env-purge-doc", env, docname)
    env.clear_doc(docname)
    env.dependencies[docname] |= depends


def joined(inputstring: str | StringList) -> str:
    """Return the page's text, as the parser was given it."""
    return inputstring if isinstance(inputstring, str) else "\n".join(inputstring)


def guarded(parser: type[Parser]) -> type[Parser]:
    """Return *parser* whose ``parse`` shows a page it cannot follow as its text."""

    def as_text(self: Parser, text: str, document: nodes.document) -> str:
        """Show the page as its text (the failed parse forgotten); return its docname."""
        env = document.settings.env
        emptied(document)
        forget_page(env)
        # parsed again, as one literal block: the parser sets the page up as usual
        parser.parse(self, as_literal(parser, text, str(env.docname)), document)
        return str(env.docname)

    def parse(self: Parser, inputstring: str | StringList, document: nodes.document) -> None:
        try:
            parser.parse(self, inputstring, document)
        except RecursionError:
            text = joined(inputstring)
            warn(
                "this page nests deeper than the parser can follow (block quotes, lists or"
                " directives in one another): it is shown as its text; indent less",
                subtype="deep_nesting",
                location=(as_text(self, text, document), deepest_line(text)),
            )
        except (SystemMessage, SphinxError, MemoryError, Warning):
            # docutils' own halt, Sphinx's errors (--exception-on-warning, an extension's
            # or a configuration's), a Python warning made an error (-W error): not the
            # page's markup
            raise
        except Exception as error:  # any extension's markup may raise anything
            text = joined(inputstring)
            # a number in the page, or Python's own words for it (the number may be in
            # an included file)
            if isinstance(error, ValueError) and (
                holds_too_long_a_number(text) or DIGIT_LIMIT_MESSAGE in str(error)
            ):
                warn(
                    "this page holds a number of more digits than Python reads (4,300), where"
                    " the parser reads a number (a list item's): it is shown as its text;"
                    " shorten the number",
                    subtype="long_number",
                    location=long_number_location(text, document, as_text(self, text, document)),
                )
                return
            culprit = culprit_of(error)
            if culprit is None:
                raise  # not from the page's markup: a bug to see
            logger.debug("the error the page is shown as text for:", exc_info=error)
            env = document.settings.env
            docname = as_text(self, text, document)
            warn(
                "%s stopped the parser (%s): the page is shown as its text; write the %s"
                " as its documentation says",
                culprit.what,
                error_text(error),
                culprit.what.split()[0],
                subtype="markup_error",
                location=location_of(env, culprit.source or env.doc2path(docname), culprit.line),
            )

    return type(f"Guarded{parser.__name__}", (parser,), {"parse": parse, "__doc__": parser.__doc__})


def guard_parsers(app: Sphinx, config: Config) -> None:
    """``config-inited``: register each source parser again, guarded (all extensions are set up).

    No public API lists them: ``app.registry.get_source_parsers()``, pinned in
    ``tests/test_pinned_internals.py``; registering is public (``add_source_parser``).
    """
    parsers: dict[type[Any], type[Parser]] = {}
    for parser in app.registry.get_source_parsers().values():
        if parser not in parsers and not parser.__name__.startswith("Guarded"):
            parsers[parser] = guarded(parser)
    for wrapped in parsers.values():
        app.add_source_parser(wrapped, override=True)


def setup_parse_guard(app: Sphinx) -> None:
    """Register the guard (called from the package's ``setup()``)."""
    app.connect("config-inited", guard_parsers)
