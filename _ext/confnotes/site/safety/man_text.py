r"""Text that the man writer copies unescaped is written as escaped text.

The man writer escapes a page's text node by node (a backslash becomes
``\e``, a quote ``\(aq``), but not everywhere:

* three of Sphinx's visitors write a node's text as it is: an image's alt
  text (``[image: …]``), an ``acks`` list and a first-level section title
  (``.SH TITLE``);
* a dot that starts a line is escaped (``\&.``) only in paragraphs and
  literal blocks, not in a title, a rubric, an admonition's title or a
  field name;
* a link's address is written as it is.

Text there that holds a line break then a dot (an alt in MyST's ``<img>``,
an item of ``.. acks::``, a multi-line substitution in a title) is a roff
request when the page is viewed: ``.so /etc/passwd`` reads a file of the
reader's, ``.UR javascript:…`` makes a link; a backslash starts a roff
escape (``\V'HOME'`` reads the reader's environment).

The translator writes such text on one line (alt, acks, ``.SH``) or with
each line's dot escaped, escaped as the writer escapes any text; an
address's backslash is percent-encoded. A page reads as before and nothing
in it runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.manpage import ManualPageTranslator

from confnotes.core.nodes import ancestors

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: nodes whose text the writer puts on a macro line (``.SS``, ``.B``, ``.IP "…"``): a
#: line break there ends the macro's argument, so it becomes a space
ONE_LINE_PARENTS = (nodes.title, nodes.subtitle, nodes.term, nodes.field_name, nodes.rubric)
#: spaces and line breaks, not U+00A0 (``deunicode`` writes it ``\ ``: a space that holds)
SPACES_RE = re.compile(r"[ \t\r\n]+")
#: what ends a table cell's text block (tbl's ``T}``) at the start of a line
CELL_END_RE = re.compile(r"(^|\n)T\}")


class ConfnotesManTranslator(ManualPageTranslator):
    """:class:`~sphinx.writers.manpage.ManualPageTranslator` that escapes what it wrote raw."""

    def roff_text(self, text: str) -> str:
        """*text* on one line, escaped by the writer's own ``visit_Text`` (its one body item)."""
        super().visit_Text(nodes.Text(SPACES_RE.sub(" ", text).strip()))
        return str(self.body.pop())

    def visit_Text(self, node: nodes.Text) -> None:
        """Escape what starts a line of the text, not only in paragraphs.

        The writer escapes a dot that starts a line only inside paragraphs
        and literal blocks: the second line of a section title (``.SS``), a
        term or a field name would be a request. Those, on a macro's line,
        are joined into one. In a table cell, a line ``T}`` would end the
        cell (tbl's text block) and let the rest be read as requests.
        """
        above = ancestors(node)
        if "\n" in node and any(isinstance(up, ONE_LINE_PARENTS) for up in above):
            node = nodes.Text(SPACES_RE.sub(" ", str(node)))
        super().visit_Text(node)
        text = self.body[-1].replace("\n.", "\n\\&.")
        if "T}" in text and any(isinstance(up, nodes.entry) for up in above):
            text = CELL_END_RE.sub(r"\1\\&T}", text)
        self.body[-1] = text

    def visit_image(self, node: nodes.Element) -> None:
        """Write the alt text escaped (Sphinx writes it as it is)."""
        if "alt" in node.attributes:
            self.body.append(_("[image: %s]") % self.roff_text(node["alt"]) + "\n")
        self.body.append(_("[image]") + "\n")
        raise nodes.SkipNode

    def visit_acks(self, node: nodes.Element) -> None:
        """Write the names escaped (Sphinx writes each item's text as it is)."""
        items = cast("Iterable[nodes.list_item]", node[0])
        self.ensure_eol()
        self.body.append(", ".join(self.roff_text(item.astext()) for item in items) + ".")
        self.body.append("\n")
        raise nodes.SkipNode

    def visit_title(self, node: nodes.title) -> None:
        """Write a first-level section title escaped (Sphinx writes it as it is)."""
        if isinstance(node.parent, nodes.section) and self.section_level == 1:
            self.body.append(f".SH {self.roff_text(node.astext().upper())}\n")
            raise nodes.SkipNode
        super().visit_title(node)


class ManAddresses(SphinxPostTransform):
    r"""Write a link's address as a man page can show it.

    The writer copies the address as it is after the text (``text
    \%<address>``). A backslash, which no URL holds (RFC 3986) but a safe
    scheme can (``https://a.example/\V'HOME'``), starts a roff escape:
    ``%5C`` is how a URL writes it, and a link whose text is its address gets
    the same text. A link within the manual (``#conf-talk-circus``, or none)
    leads nowhere a reader of a man page can go: its text is shown alone.
    """

    default_priority = 900
    builders = ("man",)

    def run(self, **kwargs: Any) -> None:
        """Encode each address's backslash; drop the addresses within the manual."""
        for ref in self.document.findall(nodes.reference):
            address = ref.get("refuri")
            if address is None:
                continue
            if not address or address.startswith("#"):
                del ref["refuri"]
                continue
            if "\\" not in address:
                continue
            ref["refuri"] = address.replace("\\", "%5C")
            if ref.astext() in (address, address.removeprefix("mailto:")):
                ref[:] = [nodes.Text(ref["refuri"].removeprefix("mailto:"))]


def setup_man_text(app: Sphinx) -> None:
    """Use the translator and the post-transform for man pages (called from ``setup()``).

    ``override``: the site's man pages are written by this translator, as
    its HTML by ``confnotes.site.translator``'s; a project that registers a
    man translator of its own after this one keeps its own.
    """
    app.set_translator("man", ConfnotesManTranslator, override=True)
    app.add_post_transform(ManAddresses)
