"""Content for some builders only: declarations and mentions inside ``only``.

Sphinx keeps or drops an ``only`` directive's content late, per builder
(``OnlyNodeTransform``, after our views), while the domain records what
every directive declared when the page was read, for every builder. Left
alone, a talk inside ``.. only:: latex`` would be listed by the HTML
programme, lightning index, speaker cards, glossary and general index, all
linking to an anchor the HTML page does not have (Sphinx's own labels and
the todo extension's lists have the same flaw: neither looks at ``only``).

So each record carries the condition of the ``only`` nodes around it (``""``
when there are none), noted right after parsing (:class:`NoteOnlyScopes`);
views, references, the export and JSON-LD show a record only to builders
whose tags satisfy it (:func:`shown`), as ``process_only_nodes`` keeps the
content. The condition is stored, not evaluated, when reading: one
environment serves every builder (``make html`` and ``make latex`` share
``_build/doctrees``). The general index cannot differ per builder, so a
declaration inside ``only`` gets no index entry, and no standard label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from confnotes.core.talks import talk_header

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from confnotes.core.domain import ConferenceDomain

#: anchor prefix of each declaration the index entries point to -> domain table
DECLARED_ANCHORS = {"conf-speaker-": "speakers", "conf-tool-": "tools"}


def condition_of(node: nodes.Node, stop: nodes.Node | None = None) -> str:
    """Return the ``only`` condition around *node* (below *stop*), "" if none.

    Nested ``only`` directives combine with ``and``, outermost first.
    """
    found: list[str] = []
    current = node.parent
    while current is not None and current is not stop:
        if isinstance(current, addnodes.only):
            found.append(str(current["expr"]))
        current = current.parent
    if len(found) == 1:
        return found[0]
    return " and ".join(f"({expr})" for expr in reversed(found))


def shown(builder: Builder, condition: str) -> bool:
    """Whether *builder* shows content under *condition*, as ``process_only_nodes`` decides.

    An expression Sphinx cannot evaluate keeps its content (Sphinx warns
    about it), so it is shown here too.
    """
    if not condition:
        return True
    try:
        return bool(builder.tags.eval_condition(condition))
    except Exception:  # Sphinx keeps the content on any error
        return True


class NoteOnlyScopes(SphinxTransform):
    """Note on each record the ``only`` condition of the content that declared it.

    Runs after parsing and :class:`~confnotes.core.views.talk_tools.AddTalkTools`, before
    ``SphinxDomains`` (850) runs the domains' ``process_doc``, which the
    general index collects its entries in.
    """

    default_priority = 805

    def apply(self, **kwargs: Any) -> None:
        """Find talks, speakers, tools and mentions inside ``only`` nodes."""
        if not any(True for _ in self.document.findall(addnodes.only)):
            return
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        docname = self.env.docname
        for header in self.document.findall(talk_header):
            condition = condition_of(header)
            if condition:
                domain.restrict("talks", header["talk"], docname, condition)
        for target in self.document.findall(nodes.target):
            if "conf-mention" in target["classes"] and target["ids"]:
                condition = condition_of(target)
                if condition:
                    domain.restrict_mention(docname, target["ids"][0], condition)
        for index in self.document.findall(addnodes.index):
            condition = condition_of(index)
            if condition:
                index["entries"] = [
                    entry
                    for entry in index["entries"]
                    if not self.declares(domain, docname, entry[2], condition)
                ]

    @staticmethod
    def declares(domain: ConferenceDomain, docname: str, anchor: str, condition: str) -> bool:
        """Whether an index entry's *anchor* is a declaration of ours; restrict it if so."""
        if anchor.startswith("conf-talk-"):
            return True  # the talk was restricted through its header
        for prefix, table in DECLARED_ANCHORS.items():
            if anchor.startswith(prefix):
                record_id = anchor.removeprefix(prefix)
                if docname in domain.data[table].get(record_id, {}):
                    domain.restrict(table, record_id, docname, condition)
                    return True
        return False
