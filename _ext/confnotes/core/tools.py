"""The ``tool`` directive, the ``:tool:`` role and the ``tool-glossary`` view."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from confnotes.core.declaration import DeclarationDirective
from confnotes.core.locations import in_included_file
from confnotes.core.records import CATEGORIES, UNKNOWN, MentionRecord, ToolRecord
from confnotes.core.roles import ConfXRefRole
from confnotes.core.validation import check_choice, check_name, check_url

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


class ToolDirective(DeclarationDirective):
    """Declare a tool; renders only an index entry (the entry is a view)."""

    objtype = "tool"
    required_options = ("category",)
    option_spec: ClassVar[dict[str, object]] = {
        **dict.fromkeys(("name", "category", "homepage"), directives.unchanged),
        # the name is also an everyday word ("six"): ``make check`` does not
        # look for it in plain prose, where it is mostly that word
        "common-word": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        """Validate and record the tool."""
        docname = self.env.docname
        tool_id, opts, location = self.declare()
        if opts.get("category"):
            check_choice(opts["category"], "category", CATEGORIES, location)
        if opts.get("homepage"):
            check_url(opts["homepage"], "homepage", location)
        name = check_name(opts.get("name") or tool_id, "name", location)
        if not tool_id:
            return []
        record = ToolRecord(
            id=tool_id,
            name=name,
            category=opts.get("category") or UNKNOWN,
            homepage=opts.get("homepage", ""),
            description=" ".join(line.strip() for line in self.content).strip(),
            docname=docname,
            lineno=self.lineno,
            common_word="common-word" in opts,
            written=in_included_file(location),
        )
        domain: ConferenceDomain = self.env.domains["conf"]  # type: ignore[assignment]
        if not domain.add_record("tool", record):
            return []
        index = addnodes.index(
            entries=[
                ("single", f"{name} (tool)", record.anchor, "", None),
                ("single", f"{record.category}; {name}", record.anchor, "", None),
            ]
        )
        self.set_source_info(index)
        return [index]


class ToolRole(ConfXRefRole):
    """``:tool:`` — a link to the glossary that also records the mention.

    An inline target with a fresh id goes right before the link, so the
    glossary can point at the exact place (an html anchor, a latex label).
    """

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Record the mention and put its anchor before the reference.

        ``:tool:`!x``` asks for no link (Sphinx's rule for every cross-reference
        role): the name is shown, and nothing is mentioned or linked.
        """
        if not is_ref:
            return [node], []
        tool_id = node["reftarget"]
        anchor = make_mention_id(env, document, tool_id)
        target = nodes.target("", "", ids=[anchor], classes=["conf-mention"])
        document.note_explicit_target(target)
        domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
        domain.note_mention(
            MentionRecord(
                tool=tool_id,
                docname=env.docname,
                anchor=anchor,
                talk=env.ref_context.get("conf:talk", ""),
                lineno=self.lineno,
            )
        )
        return [target, node], []


def make_mention_id(env: BuildEnvironment, document: nodes.document, tool_id: str) -> str:
    """``mention-<tool>-<n>``, numbered per document so rebuilds agree."""
    prefix = nodes.make_id(f"mention-{tool_id}")
    while True:
        candidate = f"{prefix}-{env.new_serialno(prefix)}"
        if candidate not in document.ids:
            return candidate
