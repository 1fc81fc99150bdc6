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

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.manpage import ManualPageTranslator

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ConfnotesManTranslator(ManualPageTranslator):
    """:class:`~sphinx.writers.manpage.ManualPageTranslator` that escapes what it wrote raw."""

    def roff_text(self, text: str) -> str:
        """*text* on one line, escaped as the writer escapes a text node (``visit_Text``)."""
        text = " ".join(text.split()).replace("\\", "\\e")
        text = self.deunicode(self.encode_special_chars(text))
        return "\\&" + text if text.startswith(".") else text

    def visit_Text(self, node: nodes.Text) -> None:
        """Escape a dot that starts any line of the text, not only in paragraphs.

        The writer does it only inside paragraphs and literal blocks: a
        second line of a section title (``.SS``), a term or a field name
        that starts with a dot would be a request.
        """
        super().visit_Text(node)
        self.body[-1] = self.body[-1].replace("\n.", "\n\\&.")

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


class EscapeManAddresses(SphinxPostTransform):
    r"""Percent-encode the backslash of a link's address, which the man writer copies as it is.

    A backslash is no character of a URL (RFC 3986), but a safe scheme can
    hold one (``https://a.example/\V'HOME'``), and in a man page it starts
    a roff escape. ``%5C`` is how a URL writes it; a link whose text is its
    address gets the same text.
    """

    default_priority = 900
    builders = ("man",)

    def run(self, **kwargs: Any) -> None:
        """Encode each reference's address, and its text when that is the address."""
        for ref in self.document.findall(nodes.reference):
            address = ref.get("refuri", "")
            if "\\" not in address:
                continue
            ref["refuri"] = address.replace("\\", "%5C")
            if ref.astext() == address:
                ref[:] = [nodes.Text(ref["refuri"])]


def setup_man_text(app: Sphinx) -> None:
    """Use the translator and the post-transform for man pages (called from ``setup()``)."""
    app.set_translator("man", ConfnotesManTranslator, override=True)
    app.add_post_transform(EscapeManAddresses)
