"""Sphinx directives that stop the build on a value a page may hold: checked first.

* ``hlist`` divides its items by ``:columns:``: ``0`` raises
  ``ZeroDivisionError`` and a huge number makes as many columns (memory and
  time in proportion: ``100000000`` exhausts the machine). A value outside
  1 to :data:`MAX_COLUMNS` warns ``confnotes.bad_option`` and the nearest
  of those is used.
* ``productionlist`` takes a first line without ``:`` as the group's name
  and then needs a production: with none (``.. productionlist:: broken``)
  it raises ``ValueError``. It warns ``confnotes.bad_option`` and shows
  nothing.
* ``code-block`` and ``literalinclude`` make a list of every line a
  ``:emphasize-lines:`` or ``:lines:`` range names (``1-100000000``: a
  hundred million numbers), and warn without a type about lines past the
  end. Ranges are kept to the lines there are (the block's, the included
  file's: ``unsafe``'s ``literalinclude`` calls :func:`keep_included_lines`
  once the path is checked) and lines past the end warn
  ``confnotes.line_range``; MyST's ``{emphasize-lines=...}`` attribute too
  (:func:`keep_myst_emphasis`). An ``include``'s or ``literalinclude``'s
  ``:tab-width:`` (``99999999``: a 500 MB page from a 12-byte file) is
  kept to :data:`MAX_TAB_WIDTH` (``confnotes.bad_option``). A
  ``code-block``'s or ``literalinclude``'s ``:dedent:`` larger than the
  indent of the lines it shows cut their text (an untyped warning, at a
  ``.rst.rst`` path for a code block): it warns ``confnotes.bad_option``
  and the indent is used.
* ``only`` takes an expression of tags (``html and not epub``). One Sphinx's
  tags cannot read (``html and``, ``1 + 2``, ``html)``) only failed when
  the page was written, with an untyped warning, and the content was kept.
  It warns ``confnotes.bad_option`` where it is written, and the content
  is kept, as Sphinx keeps it.

Each is Sphinx's own directive, checked and then run as it is, registered
over it with Sphinx's public ``override``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.nodes
from sphinx.directives.code import CodeBlock, LiteralInclude, LiteralIncludeReader
from sphinx.directives.other import HList, Only
from sphinx.domains.std import ProductionList
from sphinx.util.logging import suppress_logging
from sphinx.util.tags import BooleanParser

from confnotes.core.locations import directive_location
from confnotes.core.markup import is_markdown
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.util.docutils import SphinxDirective

#: more columns than any page can show side by side
MAX_COLUMNS = 12
#: the widest tab an included file is shown with: each tab becomes that many spaces
MAX_TAB_WIDTH = 16
#: a MyST attribute that emphasizes lines of the fence after it (``attrs_block``)
MYST_EMPHASIS_RE = re.compile(r"""(emphasize-lines\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s}]+))""")
#: what is left of an option none of whose lines are there
LEFT = {"lines": "nothing is shown", "emphasize-lines": "no line is emphasized"}
#: the characters of an unreadable ``only`` expression its warning quotes
MAX_SHOWN = 80
#: an ``only`` expression that holds for any tags: what a page's unreadable one becomes
ANY_TAGS = "html or not html"
#: one part of a line number spec: ``4``, ``4-6``, ``-6``, ``4-``
LINE_PART_RE = re.compile(r"\s*(\d+)\s*|\s*(\d*)\s*-\s*(\d*)\s*")


def within(spec: str, total: int) -> tuple[str, bool] | None:
    """Return *spec* kept to lines 1 to *total*, and whether it named a line past them.

    None when *spec* is not a line number spec: Sphinx says so itself.
    """
    try:
        return _within(spec, total)
    except ValueError:  # a number of more digits than Python reads (4300)
        return None


def _within(spec: str, total: int) -> tuple[str, bool] | None:
    kept: list[str] = []
    past = False
    for part in spec.split(","):
        match = LINE_PART_RE.fullmatch(part)
        if match is None or match[0].strip() == "-":
            return None
        if match[1]:
            first = last = int(match[1])
        else:
            first, last = int(match[2] or 1), int(match[3] or max(int(match[2] or 1), total))
            if first > last:
                return None
        past = past or last > total
        last = min(last, total)
        if first <= last:
            kept.append(f"{first}-{last}" if last > first else str(first))
    return ",".join(kept), past


def keep_lines(directive: CodeBlock | LiteralInclude, option: str, total: int) -> bool:
    """Keep *option*'s line numbers to *total* lines; warn about lines past them.

    Return whether none is left of a ``:lines:``: nothing to show (with none
    left, Sphinx would show every line).
    """
    spec = directive.options.get(option)
    checked = within(spec, total) if spec else None
    if checked is None:
        return False
    kept, past = checked
    if past:
        warn(
            ":%s: %r names lines past the %d there are: %s",
            option,
            spec,
            total,
            f"kept to {kept!r}" if kept else LEFT[option],
            subtype="line_range",
            location=directive_location(directive),
        )
    if kept:
        directive.options[option] = kept
        return False
    directive.options.pop(option)
    return option == "lines"


class CheckedHList(HList):
    """Sphinx's ``hlist``, with its number of columns kept to what a page can show."""

    def run(self) -> list[nodes.Node]:
        """Warn about a number of columns out of range, and use the nearest in range."""
        keep_number(self, "columns", 1, MAX_COLUMNS)
        return super().run()


class CheckedProductionList(ProductionList):
    """Sphinx's ``productionlist``, shown only when it holds a production."""

    def run(self) -> list[nodes.Node]:
        """Warn about a list with no production (``name: tokens``) and show nothing.

        Sphinx's reading: lines joined where a backslash ends one; a first
        line without ``:`` names the group; productions follow, up to the
        first line without ``:``.
        """
        lines = re.sub(r"\\\n", "", self.arguments[0]).splitlines()
        group = lines.pop(0).strip() if lines and ":" not in lines[0] else ""
        if not lines or ":" not in lines[0]:
            warn(
                "productionlist %r holds no production (a line 'name: tokens'): not shown",
                group or self.arguments[0],
                subtype="bad_option",
                location=directive_location(self),
            )
            return []
        return super().run()


class CheckedCodeBlock(CodeBlock):
    """Sphinx's ``code-block``, its emphasized lines kept to the block's."""

    def run(self) -> list[nodes.Node]:
        """Keep ``:emphasize-lines:`` to the block's lines and ``:dedent:`` to its indent."""
        keep_lines(self, "emphasize-lines", len(self.content))
        keep_dedent(self, self.content)
        return super().run()


def keep_dedent(directive: CodeBlock | LiteralInclude, lines: Iterable[str]) -> None:
    """Keep a ``:dedent:`` to the least indent of the lines shown: more would cut their text."""
    dedent = directive.options.get("dedent")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    if dedent is None or not indents or dedent <= min(indents):
        return
    warn(
        ":dedent: %d would cut text from lines indented by %d: %d is used",
        dedent,
        min(indents),
        min(indents),
        subtype="bad_option",
        location=directive_location(directive),
    )
    directive.options["dedent"] = min(indents)


def keep_included_dedent(directive: LiteralInclude, path: str) -> None:
    """Keep a ``literalinclude``'s ``:dedent:`` to the indent of the lines it shows.

    Those are the file's lines once its other options picked them (Sphinx's
    own reader, without the dedent, and without ``:prepend:`` and ``:append:``,
    which it adds after dedenting); a file the reader cannot read is left to
    Sphinx's own run, which reports it. No public API: the reader and its
    order of filters are pinned in ``tests/test_pinned_internals.py``.
    """
    if directive.options.get("dedent") is None or "diff" in directive.options:
        return
    options = {
        name: value
        for name, value in directive.options.items()
        if name not in {"dedent", "prepend", "append"}
    }
    try:
        with suppress_logging():
            text, _count = LiteralIncludeReader(path, options, directive.config).read()
    except Exception:  # what Sphinx's literalinclude catches and reports
        return
    keep_dedent(directive, text.splitlines())


def tags_problem(expression: str) -> str | None:
    """Say why Sphinx's tags cannot evaluate *expression* for some set of tags (None: they can).

    The whole tree is looked at: evaluating would stop where ``and`` and
    ``or`` are decided, and leave a part it never reached for another
    builder's tags (``latex or (html and true)``). No public API: Sphinx's
    ``BooleanParser`` (pinned in ``tests/test_pinned_internals.py``), and
    the nodes ``Tags`` evaluates: names, ``and``, ``or``, ``not`` and
    ``if``/``else``.
    """
    try:
        parser = BooleanParser(jinja2.Environment(), expression, state="variable")
        tree = parser.parse_expression()
        if not parser.stream.eos:
            return "more after the expression"
    except Exception as err:  # jinja2's syntax errors; RecursionError when nested too deep
        return next(iter(str(err).splitlines()), type(err).__name__)
    pending: list[jinja2.nodes.Node | None] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, jinja2.nodes.CondExpr):
            if node.expr2 is None:
                return "an 'if' without 'else'"
            pending += [node.test, node.expr1, node.expr2]
        elif isinstance(node, jinja2.nodes.And | jinja2.nodes.Or):
            pending += [node.left, node.right]
        elif isinstance(node, jinja2.nodes.Not):
            pending.append(node.node)
        elif isinstance(node, jinja2.nodes.Const):
            return f"{node.value!r} is not a tag"
        elif not isinstance(node, jinja2.nodes.Name):
            return f"{type(node).__name__} is not a tag"
    return None


class CheckedOnly(Only):
    """Sphinx's ``only``, its expression read when the page is."""

    def run(self) -> list[nodes.Node]:
        """Warn about an expression Sphinx's tags cannot read; keep the content, as Sphinx does."""
        expression = self.arguments[0]
        problem = tags_problem(expression)
        if problem is not None:
            warn(
                "only %r is not an expression of tags (%s): its content is always shown",
                expression if len(expression) <= MAX_SHOWN else f"{expression[:MAX_SHOWN]}...",
                problem,
                subtype="bad_option",
                location=directive_location(self),
            )
            self.arguments[0] = ANY_TAGS
        return super().run()


def keep_number(directive: SphinxDirective, option: str, low: int, high: int) -> None:
    """Keep a whole-number option between *low* and *high*: the nearest is used, warned."""
    value = directive.options.get(option)
    if value is None or low <= value <= high:
        return
    used = min(max(value, low), high)
    warn(
        ":%s: %d is not between %d and %d: %d is used",
        option,
        value,
        low,
        high,
        used,
        subtype="bad_option",
        location=directive_location(directive),
    )
    directive.options[option] = used


def keep_tab_width(directive: SphinxDirective) -> None:
    """Keep an ``include``'s or ``literalinclude``'s ``:tab-width:`` to :data:`MAX_TAB_WIDTH`.

    Each tab of the file becomes that many spaces before anything else is
    looked at: ``99999999`` turned a 12-byte file into a 500 MB page. (Below
    1, tabs are removed, as with 0.)
    """
    keep_number(directive, "tab-width", 0, MAX_TAB_WIDTH)


def keep_included_lines(directive: LiteralInclude, path: str) -> bool:
    """Keep a ``literalinclude``'s ``:lines:`` and ``:emphasize-lines:`` to *path*'s lines.

    Return whether nothing is to be shown (no line of ``:lines:`` is there).
    The file's lines are counted as Sphinx reads them (its encoding,
    ``str.splitlines``): an upper bound of what ``:pyobject:`` or
    ``:start-after:`` leave, which Sphinx checks itself. Called by the
    ``literalinclude`` that checks the path first
    (:class:`confnotes.site.safety.unsafe.CheckedLiteralInclude`).
    """
    env = directive.state.document.settings.env
    encoding = directive.options.get("encoding", env.config.source_encoding)
    try:
        total = len(Path(path).read_text(encoding=encoding, errors="replace").splitlines())
    except (OSError, LookupError):
        return False  # Sphinx says what is wrong with the file
    nothing = keep_lines(directive, "lines", total)
    keep_lines(directive, "emphasize-lines", total)
    return nothing


def keep_myst_emphasis(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: keep a MyST page's ``{emphasize-lines=...}`` to the page's lines.

    MyST reads that attribute of a fence with Sphinx's line number parser,
    no directive of ours between: ``1-100000000`` listed a hundred million
    numbers. No fence is longer than its page, so each range is kept to the
    page's lines (``confnotes.line_range`` when one was past them); MyST
    then says itself if a number is past the fence's end.
    """
    if not is_markdown(app.config, app.env.doc2path(docname)):
        return
    text = source[0]
    total = text.count("\n") + 1

    def kept(match: re.Match[str]) -> str:
        spec = next(group for group in match.groups()[1:] if group is not None)
        checked = within(spec, total)
        if checked is None or not checked[1]:
            return match[0]
        # none left: the page's last line, past the fence's end, which MyST says itself
        spec_kept = checked[0] or str(total)
        warn(
            ":emphasize-lines: %r names lines past the %d of the page: kept to %r",
            spec,
            total,
            spec_kept,
            subtype="line_range",
            location=(docname, text.count("\n", 0, match.start()) + 1),
        )
        return f'{match[1]}"{spec_kept}"'

    source[0] = MYST_EMPHASIS_RE.sub(kept, text)


def setup_sphinx_directives(app: Sphinx) -> None:
    """Register the checked directives over Sphinx's."""
    app.add_directive("hlist", CheckedHList, override=True)
    app.add_directive("only", CheckedOnly, override=True)
    for name in ("code-block", "sourcecode"):
        app.add_directive(name, CheckedCodeBlock, override=True)

    app.add_directive_to_domain("std", "productionlist", CheckedProductionList, override=True)
    app.connect("source-read", keep_myst_emphasis)
