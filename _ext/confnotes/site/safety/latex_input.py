r"""What a page passes to LaTeX unescaped is checked: column specs, equation labels.

Sphinx escapes a page's text for LaTeX, except two things it writes as the
page gave them:

* ``.. tabularcolumns::`` is a column specification, written into
  ``\begin{tabular}{...}``: ``|l|}\input{/etc/passwd}\iffalse{`` closes it
  and reads any file into the PDF. A specification may hold column letters,
  rules, lengths, braces that balance and the commands Sphinx documents
  for it (``\X``, ``\Y``, ``\raggedright``, ``\arraybackslash``,
  ``\linewidth``...); another is left out (the table takes Sphinx's
  default) and warns ``confnotes.unsafe_latex``.
* An equation's label (``:label:``, MyST's ``$$ x $$ (label)``) and its page's
  name go into ``\label{equation:<page>:<label>}`` and every ``:eq:``
  reference's ``\eqref{...}``. A label with characters LaTeX reads as markup
  warns ``confnotes.unsafe_latex`` where it is declared; in the LaTeX
  output, labels and their references are written with those characters
  spelt out (``-u005c`` for a backslash), the same for both, so references
  still work.
* An image's file name goes into ``\sphinxincludegraphics{{name}.png}``: a
  name with ``\ { } ^ % # ~ $ &`` (``^^2f`` is how TeX spells ``/``) is
  left out, its alt text shown. A class name (MyST's ``{class="..."}``) goes
  into ``\DUrole{...}``: one with other characters than letters, digits,
  ``-`` and ``_`` is renamed as docutils names ids. Both warn
  ``confnotes.unsafe_latex``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.nodes import make_id
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from confnotes.core.locations import written_at
from confnotes.core.validation import warn
from confnotes.site.safety.gate import replace_by_alt
from confnotes.site.safety.unsafe import is_local_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: a column specification's characters, commands aside
SPEC_CHARACTERS_RE = re.compile(r"[A-Za-z0-9|{}\[\]<>@!*.,+\- \t\n$=/]*")
SPEC_COMMAND_RE = re.compile(r"\\([A-Za-z@]+|.)")
#: the commands a column specification may use (Sphinx's documentation, array's)
SPEC_COMMANDS = frozenset(
    {
        *("X", "Y", "raggedright", "raggedleft", "centering", "arraybackslash"),
        *("linewidth", "textwidth", "columnwidth", "hsize", "dimexpr", "relax"),
        *("hspace", "hfill", "quad", "qquad", "small", "footnotesize", "scriptsize"),
        *("normalsize", "bfseries", "itshape", "ttfamily", "sffamily"),
        *("sphinxcolwidth", "tabcolsep", "arrayrulewidth", "newline", " "),
    }
)
#: label characters LaTeX reads as they are
LABEL_SAFE_RE = re.compile(r"[A-Za-z0-9 ._:/()+-]*")
LABEL_UNSAFE_RE = re.compile(r"[^A-Za-z0-9 ._:/()+-]")


#: characters of a file name LaTeX reads as markup (``^^2f`` spells ``/``)
NAME_UNSAFE_RE = re.compile(r"[\\{}^%#~$&]")
NAME_PROBLEM = "LaTeX writes an image's file name as it is, and reads these characters as markup"
#: a class name every writer takes as it is (LaTeX's ``\DUrole{...}``)
CLASS_RE = re.compile(r"[A-Za-z0-9_-]+")
CLASS_PROBLEM = "a class is letters, digits, hyphens and underscores (LaTeX writes it as it is)"


def spec_problem(spec: str) -> str:
    """Return why a column specification may not reach LaTeX ("" when it may)."""
    commands = [match[1] for match in SPEC_COMMAND_RE.finditer(spec)]
    if unknown := sorted(set(commands) - SPEC_COMMANDS):
        return "it uses \\" + ", \\".join(unknown)
    if not SPEC_CHARACTERS_RE.fullmatch(SPEC_COMMAND_RE.sub("", spec)):
        return "it holds characters no column specification has (%, #, &, ^, ~...)"
    depth = 0
    for char in SPEC_COMMAND_RE.sub("", spec):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return "it closes a brace it did not open"
    return "" if depth == 0 else "its braces do not balance"


def spelt_out(text: str) -> str:
    """Return *text* with every character LaTeX could read as markup spelt out (``-u005c``)."""
    return LABEL_UNSAFE_RE.sub(lambda match: f"-u{ord(match[0]):04x}", text)


class CheckLatexInput(SphinxTransform):
    """Leave out unsafe column specifications; warn about unsafe equation labels."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Check each specification and labelled equation of the page."""
        for spec in list(self.document.findall(addnodes.tabular_col_spec)):
            if problem := spec_problem(spec.get("spec", "")):
                self.warn("column specification %r left out: %s", spec["spec"], problem, spec)
                spec.parent.remove(spec)
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            name = uri.rsplit("/", 1)[-1]
            if is_local_file(uri) and NAME_UNSAFE_RE.search(name):
                self.warn("image file name %r left out: %s", name, NAME_PROBLEM, image)
                replace_by_alt(image)
        for element in self.document.findall(nodes.Element):
            classes = element.get("classes")
            if classes and not all(CLASS_RE.fullmatch(c) for c in classes):
                bad = next(c for c in classes if not CLASS_RE.fullmatch(c))
                self.warn("class %r renamed: %s", bad, CLASS_PROBLEM, element)
                element["classes"] = [c if CLASS_RE.fullmatch(c) else make_id(c) for c in classes]
        for math in self.document.findall(nodes.math_block):
            label = math.get("label")
            if label and not LABEL_SAFE_RE.fullmatch(str(label)):
                message = "equation label %r holds characters LaTeX reads as markup; %s"
                self.warn(message, label, "the LaTeX output spells them out", math)

    def warn(self, message: str, value: str, problem: str, node: nodes.Node) -> None:
        """Warn ``confnotes.unsafe_latex`` at *node*."""
        location = written_at(self.env, node)
        warn(message, value[:80], problem, subtype="unsafe_latex", location=location)


class SpellOutEquationLabels(SphinxPostTransform):
    """LaTeX: equation labels and their references with markup characters spelt out."""

    default_priority = 200
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Rewrite the page name and label of each equation and equation reference."""
        for node in self.document.findall(lambda n: isinstance(n, nodes.Element)):
            if isinstance(node, nodes.math_block) and node.get("label"):
                node["label"] = spelt_out(str(node["label"]))
            elif node.tagname == "math_reference":
                node["target"] = spelt_out(str(node["target"]))
            else:
                continue
            node["docname"] = spelt_out(str(node.get("docname", "")))


def setup_latex_input(app: Sphinx) -> None:
    """Register the checks (called from the package's ``setup()``)."""
    app.add_transform(CheckLatexInput)
    app.add_post_transform(SpellOutEquationLabels)
