r"""A link written inside math is checked like any other link.

``\href{url}{text}`` in math is a link in every output: MathJax makes it
one in the browser, and LaTeX (hyperref) in the PDF. No link node carries
it, so the late gate (``gate``) never sees it; the check reads the math
itself while the page is read. An ``\href`` whose URL has a scheme other
than http, https or mailto keeps its text and loses its link (as the gate
does to any other link), and a ``\url`` of such a URL is removed; each warns
``confnotes.unsafe_link`` at the math's line. TeX comments (``%`` to the end
of the line) are taken out first, as TeX and MathJax read them.

What no reading of the math can check is not rendered: commands that define
or build other commands (``\def``, ``\newcommand``, ``\let``, ``\csname``,
``^^`` character codes) could hide an ``\href``; commands that read or write
files, or make links, annotations and styles of their own (``\input``,
``\write``, ``\pdfstartlink``, ``\hyperlink``, ``\hypersetup``, hyperref's
form fields and buttons (PDF JavaScript), ``\index`` (makeindex writes an
entry's ``|command`` as a command), MathJax's ``\require``,
``\class``, ``\style``, the kernel's ``\ExplSyntaxOn`` and ``\UseName`` that
reach expl3's file commands, ``filecontents``) reach past the formula. An
environment's name is a command's (``\begin{input}`` runs ``\input``): it
must be plain letters, and is checked like one. Math that uses one is shown
as its source text (code, escaped in every output) and warns
``confnotes.unsafe_math``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import written_at
from confnotes.core.validation import LINK_RULE, is_safe_link, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

COMMAND_RE = re.compile(r"\\(href|url)\s*(?:\[[^\]]*\]\s*)?\{")
#: url.sty's other spelling, the URL between two of any other character (``\url|x|``)
DELIMITED_URL_RE = re.compile(r"\\url\s*[^\s{A-Za-z]")
#: a TeX comment: ``%`` (not ``\%``) to the end of the line, and the next line's indent
COMMENT_RE = re.compile(r"(?<!\\)((?:\\\\)*)%[^\n]*(?:\n[ \t]*)?")
#: a control word (``\def``) or the ``^^`` notation that spells any character
CONTROL_RE = re.compile(r"\\([A-Za-z@]+)|\^\^")
#: commands whose effect no reading of the formula can check
REFUSED = frozenset(
    {
        # define, rename or build commands
        *("def", "edef", "gdef", "xdef", "let", "futurelet", "csname", "expandafter"),
        *("newcommand", "renewcommand", "providecommand", "DeclareRobustCommand"),
        *("newenvironment", "renewenvironment", "catcode", "scantokens", "makeatletter"),
        # read or write files, run commands
        *("input", "include", "InputIfFileExists", "openin", "openout", "read", "write"),
        *("immediate", "special", "directlua", "luaexec", "IfFileExists", "pdfximage"),
        *("includegraphics", "sphinxincludegraphics", "includepdf", "verbatiminput"),
        # links, annotations and raw PDF of their own
        *("pdfstartlink", "pdfendlink", "pdfannot", "pdfliteral", "pdfobj", "pdfaction"),
        "nolinkurl",  # (hyperref's \hyper... commands: a prefix below)
        # hyperref's forms, whose buttons run PDF JavaScript and submit to any address
        *("TextField", "CheckBox", "ChoiceMenu", "PushButton", "Submit", "Reset"),
        *("Acrobatmenu", "MakeRadioField", "MakeCheckField", "MakeTextField"),
        *("MakeChoiceField", "MakeButtonField"),
        # index and glossary entries: makeindex writes an entry's |command{...} as the
        # command (\index{x|href{javascript:...}} becomes a link in the PDF's index)
        *("index", "glossary"),
        # MathJax: load extensions, set classes, ids, styles and data attributes
        *("require", "class", "cssId", "style", "data", "mmlToken"),
        # a command by its name, primitives by theirs, token lists read again
        *("begincsname", "lastnamedcs", "primitive", "scantextokens", "readline", "shipout"),
        *("usepackage", "RequirePackage", "documentclass", "endlinechar", "newlinechar"),
    }
)


#: families of commands: pdfTeX's primitives (catalog, outlines, file dumps),
#: Sphinx's own LaTeX macros (``\sphinxhref``), fancyvrb's file readers, LuaTeX's
#: Lua, the token lists TeX inserts on its own (``\everymath``), and the LaTeX
#: kernel's interfaces to expl3 (``\ExplSyntaxOn``, ``\UseName{file_input:n}``),
#: hooks and document commands (``\NewDocumentCommand``, ``\DeclareMathOperator``)
REFUSED_PREFIXES = (
    *("pdf", "sphinx", "Verbatim", "fvset", "lstinput", "lua", "latelua", "every"),
    # hyperref's links, targets, settings and base URL (\hyperlink, \hypersetup...)
    "hyper",
    *("Expl", "Use", "Expand", "New", "Renew", "Provide", "Declare", "AddToHook"),
)
#: environments that write or run what they hold (``filecontents`` writes a file)
#: (``Form``: hyperref's, whose fields and buttons run PDF JavaScript)
REFUSED_ENVIRONMENTS = frozenset(
    {"filecontents", "VerbatimOut", "verbatimwrite", "luacode", "Form"}
)
#: ``\begin{name}`` runs the command ``\name`` (``\end{name}``: ``\endname``), so an
#: environment's name is a command's: a plain name, checked like one
ENVIRONMENT_RE = re.compile(r"\\(begin|end)(?![A-Za-z@])\s*(?:\{\s*([A-Za-z]+)\*?\s*\})?")


def is_refused(name: str) -> bool:
    r"""Whether the command ``\name`` may not be rendered (an environment's too: it is one)."""
    return name in REFUSED or name in REFUSED_ENVIRONMENTS or name.startswith(REFUSED_PREFIXES)


def without_comments(latex: str) -> str:
    """Return *latex* without its comments, as TeX reads it."""
    return COMMENT_RE.sub(lambda match: match[1], latex)


def refused_command(latex: str) -> str:
    """Return the first command of *latex* that may not be rendered ("" when none)."""
    if match := DELIMITED_URL_RE.search(latex):
        return match[0]  # \url|...|: a URL no group holds, which unlink() does not read
    for match in CONTROL_RE.finditer(latex):
        name = match[1]
        if name is None:
            return "^^"
        # an environment's command runs without \begin too (\filecontents{w.tex})
        if is_refused(name):
            return "\\" + name
    for match in ENVIRONMENT_RE.finditer(latex):
        command, name = match[1], match[2]
        # a name that is not plain letters (a macro, a group) is built while TeX reads it
        if name is None or is_refused(name):
            return match[0]
        if command == "end" and is_refused("end" + name):
            return match[0]
    return ""


def group_end(latex: str, start: int) -> int:
    """Return the index just after the ``}`` closing the group opened at *start* - 1."""
    depth, index = 1, start
    while index < len(latex) and depth:
        char = latex[index]
        if char == "\\":
            index += 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        index += 1
    return index


def unlink(latex: str) -> tuple[str, list[str]]:
    r"""Return *latex* without its unsafe ``\href`` links and ``\url``\ s, and their URLs."""
    removed: list[str] = []
    parts: list[str] = []
    position = 0
    for match in COMMAND_RE.finditer(latex):
        if match.start() < position:
            continue  # inside a command already handled
        end = group_end(latex, match.end())
        url = latex[match.end() : end - 1]
        # a group inside the URL ({}javascript:) is no part of a URL TeX writes out
        if is_safe_link(url) and "{" not in url:
            continue
        removed.append(url)
        parts.append(latex[position : match.start()])
        position = end  # \href's text group stays, as a plain group
    parts.append(latex[position:])
    return "".join(parts), removed


class UnlinkUnsafeMath(SphinxTransform):
    """Remove unsafe links from inline and displayed math."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Rewrite each math node whose links are unsafe."""
        math = (nodes.math, nodes.math_block)
        for node in list(self.document.findall(lambda n: isinstance(n, math))):
            source = node.astext()
            read = without_comments(source)
            latex, removed = unlink(read)
            for url in removed:
                warn(
                    f"link to %r in math removed, its text kept: {LINK_RULE}",
                    url,
                    subtype="unsafe_link",
                    location=written_at(self.env, node),
                )
            if command := refused_command(read):
                # shown as code as TeX reads it (no comments), without the unsafe URLs too
                self.show_as_source(node, latex, command)
            elif removed:
                node[:] = [nodes.Text(latex)]

    def show_as_source(self, node: nodes.Element, source: str, command: str) -> None:
        """Replace *node* by its source, as code."""
        warn(
            "math using %s is shown as its source: it could define a link, or reach files,"
            " that no reading of the formula can check",
            command,
            subtype="unsafe_math",
            location=written_at(self.env, node),
        )
        if isinstance(node, nodes.math_block):
            node.replace_self(nodes.literal_block(source, source))
        else:
            node.replace_self(nodes.literal(source, source))


def setup_math_links(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(UnlinkUnsafeMath)
