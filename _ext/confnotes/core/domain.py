"""The ``conf`` domain: talks, speakers and tools as cross-referenced objects.

All data is keyed so that ``clear_doc`` pops and ``merge_domaindata`` copies
(model: ``sphinx.domains.citation``):

* ``talks`` / ``speakers`` / ``tools``: ``{id: {docname: Record}}``;
* ``mentions``: ``{docname: [MentionRecord]}``;
* ``uses``: ``{docname: [dependency key]}`` (see :mod:`confnotes.core.dependencies`);
* ``placeholders``: ``{docname: [(view name, placeholder's attributes)]}``, the
  views the document holds (what it shows, and which page holds a view);
* ``programmes``: ``{docname: [(event, date, fingerprint of its toctrees)]}``,
  one per ``programme`` directive (see :mod:`confnotes.core.views.programme`);
* ``fresh``: ``{docname: True}`` for documents read in the current build;
* ``declared``: ``{docname: [(table, id)]}``, so ``clear_doc`` touches only
  what the document declared;
* ``stale``: what re-read documents provided before (see dependencies).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from confnotes.core import keys
from confnotes.core.builder import current_builder
from confnotes.core.ids import alias_targets, did_you_mean
from confnotes.core.locations import place_name
from confnotes.core.nodes import ConfPlaceholder
from confnotes.core.programme import Programme
from confnotes.core.records import (
    MentionRecord,
    SpeakerRecord,
    TalkRecord,
    ToolRecord,
    declared_at,
)
from confnotes.core.roles import ConfXRefRole
from confnotes.core.scopes import condition_of, shown
from confnotes.core.speakers import SpeakerDirective
from confnotes.core.standard_links import standard_provided
from confnotes.core.talks import TalkDirective
from confnotes.core.tools import ToolDirective, ToolRole
from confnotes.core.validation import warn
from confnotes.core.views import host_views, view_of
from confnotes.version import ENV_VERSION

if TYPE_CHECKING:
    from docutils.nodes import Element
    from docutils.parsers.rst import Directive
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.roles import XRefRole
    from sphinx.util.typing import RoleFunction

Record = TalkRecord | SpeakerRecord | ToolRecord
R = TypeVar("R", bound=Record)

logger = logging.getLogger(__name__)

#: object type -> key of its records in the domain data
TABLES = {"talk": "talks", "speaker": "speakers", "tool": "tools"}
#: the data kept per page (docname -> its entries): popped when the page is
#: read again, copied from the worker that read it
PER_PAGE = ("mentions", "uses", "fresh", "declared", "programmes", "placeholders", "standard")
#: reference type -> the key of the declaration it links to
KEY_OF_TYPE: dict[str, Callable[[str], keys.Key]] = {
    "talk": keys.Talk,
    "speaker": keys.Speaker,
    "tool": keys.Tool,
}
#: attributes every node has: not what a view is about
BASIC = frozenset(nodes.Element.basic_attributes) | {"source", "line"}


def talk_rank(talk: TalkRecord, mentions: Mapping[str, list[MentionRecord]]) -> tuple[Any, ...]:
    """Sort key of a talk's declarations: the first one is the talk's own.

    1. a page named after the talk (``talks/circus``, ``talks/02-circus``);
    2. then the declaration with the most tool mentions under it (its notes);
    3. then the smallest (docname, line).

    Never the order of reading: a copy on a page that sorts first must not
    take the talk over (nor off its speakers' cards).
    """
    page = talk.docname.rpartition("/")[2]
    named = page == talk.id or page.endswith(f"-{talk.id}")
    notes = sum(1 for m in mentions.get(talk.docname, ()) if m.talk == talk.id)
    return (not named, -notes, talk.docname, talk.lineno)


def canonical_talk(
    found: dict[str, TalkRecord], mentions: Mapping[str, list[MentionRecord]]
) -> TalkRecord:
    """Return the declaration of a talk id that the site uses (see :func:`talk_rank`)."""
    if len(found) == 1:
        return next(iter(found.values()))  # the usual case: no ranking to do
    return min(found.values(), key=lambda talk: talk_rank(talk, mentions))


class DerivedLookups(NamedTuple):
    """Indexes over the domain data that views would otherwise rescan per card."""

    programme: Programme
    talks_by_speaker: dict[str, list[TalkRecord]]
    mentions_by_tool: dict[str, list[MentionRecord]]

    @property
    def talks(self) -> list[TalkRecord]:
        """Canonical talks in running order (the programme's)."""
        return self.programme.talks

    @classmethod
    def build(
        cls,
        talks: dict[str, dict[str, TalkRecord]],
        mentions: dict[str, list[MentionRecord]],
        aliases: dict[str, str],
        event_order: Sequence[str] = (),
    ) -> DerivedLookups:
        """Index canonical talks by speaker and mentions by tool, both in running order."""
        found_programme = Programme.build(
            (canonical_talk(found, mentions) for found in talks.values() if found), event_order
        )
        by_speaker: dict[str, list[TalkRecord]] = {}
        for talk in found_programme.talks:
            for speaker_id in dict.fromkeys(aliases.get(s, s) for s in talk.speakers):
                by_speaker.setdefault(speaker_id, []).append(talk)
        by_tool: dict[str, list[MentionRecord]] = {}
        for found in mentions.values():
            for mention in found:
                by_tool.setdefault(mention.tool, []).append(mention)
        # in the programme's order of pages (a page sits where the programme places it),
        # pages without talks after them; then by line
        page_rank = {page: rank for rank, page in enumerate(found_programme.page_order())}
        last = len(page_rank)
        for found in by_tool.values():
            found.sort(key=lambda m: (page_rank.get(m.docname, last), m.docname, m.lineno))
        return cls(found_programme, by_speaker, by_tool)

    def restricted(self, keep: Callable[[Record | MentionRecord], bool]) -> DerivedLookups:
        """Return the lookups of the records *keep* accepts (see :mod:`confnotes.core.scopes`)."""
        mentions_kept = {
            tool: [m for m in found if keep(m)] for tool, found in self.mentions_by_tool.items()
        }
        kept = sum(1 for talk in self.talks if keep(talk))
        if kept == len(self.talks) and mentions_kept == self.mentions_by_tool:
            return self  # the usual case: nothing inside ``only``
        by_speaker = {
            speaker: [talk for talk in found if keep(talk)]
            for speaker, found in self.talks_by_speaker.items()
        }
        return DerivedLookups(self.programme.restricted(keep), by_speaker, mentions_kept)


class ConferenceDomain(Domain):
    """Talks, speakers and tools of the conference notes."""

    name = "conf"
    label = "Conference"
    #: the shape of ``data``; one number with the extension's (see confnotes.version)
    data_version = ENV_VERSION
    object_types: ClassVar[dict[str, ObjType]] = {
        "talk": ObjType(_("talk"), "talk", "any"),
        "speaker": ObjType(_("speaker"), "speaker", "any"),
        "tool": ObjType(_("tool"), "tool", "any"),
    }
    directives: ClassVar[dict[str, type[Directive]]] = {
        "talk": TalkDirective,
        "speaker": SpeakerDirective,
        "tool": ToolDirective,
    }
    roles: ClassVar[dict[str, RoleFunction | XRefRole]] = {
        "talk": ConfXRefRole(innernodeclass=nodes.inline, warn_dangling=True),
        "speaker": ConfXRefRole(innernodeclass=nodes.inline, warn_dangling=True),
        "tool": ToolRole(innernodeclass=nodes.inline, warn_dangling=True),
    }
    dangling_warnings: ClassVar[dict[str, str]] = {
        "talk": "unknown talk: %(target)r",
        "speaker": "unknown speaker: %(target)r",
        "tool": "unknown tool: %(target)r",
        "mention": "unknown mention anchor: %(target)r",
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "talks": {},
        "speakers": {},
        "tools": {},
        "mentions": {},
        "uses": {},
        "fresh": {},
        "stale": {},
        "declared": {},
        "programmes": {},
        "placeholders": {},
        "standard": {},
    }
    #: derived lookups (talks by speaker, mentions by tool), rebuilt after any
    #: change to the data; kept on the instance, never pickled
    _lookups: DerivedLookups | None = None
    #: other spellings of speaker ids -> the id declaring them (see :meth:`speaker_id`)
    _aliases: dict[str, str] | None = None
    #: the lookups restricted to what the current builder shows, with the
    #: builder's tags and the full lookups they were made from
    _shown: tuple[tuple[str, ...], DerivedLookups, DerivedLookups] | None = None

    # -- records ------------------------------------------------------------

    @property
    def talks(self) -> dict[str, dict[str, TalkRecord]]:
        """``{id: {docname: TalkRecord}}``."""
        return self.data["talks"]  # type: ignore[no-any-return]

    @property
    def speakers(self) -> dict[str, dict[str, SpeakerRecord]]:
        """``{id: {docname: SpeakerRecord}}``."""
        return self.data["speakers"]  # type: ignore[no-any-return]

    @property
    def tools(self) -> dict[str, dict[str, ToolRecord]]:
        """``{id: {docname: ToolRecord}}``."""
        return self.data["tools"]  # type: ignore[no-any-return]

    @property
    def mentions(self) -> dict[str, list[MentionRecord]]:
        """``{docname: [MentionRecord]}`` in source order."""
        return self.data["mentions"]  # type: ignore[no-any-return]

    def add_record(self, objtype: str, record: Record) -> bool:
        """Store a declaration; a second one of the same id in one document warns."""
        table: dict[str, dict[str, Record]] = self.data[TABLES[objtype]]
        by_doc = table.setdefault(record.id, {})
        previous = by_doc.get(record.docname)
        if previous is not None:
            self._warn_duplicate(objtype, record, previous)
            return False
        by_doc[record.docname] = record
        self.data["declared"].setdefault(record.docname, []).append((TABLES[objtype], record.id))
        self._forget()
        return True

    def restrict(self, table: str, record_id: str, docname: str, condition: str) -> None:
        """Note that *docname*'s declaration of *record_id* is inside ``only`` *condition*."""
        found: dict[str, Record] = self.data[table].get(record_id, {})
        if docname in found:
            found[docname] = found[docname]._replace(only=condition)
            self._forget()

    def restrict_mention(self, docname: str, anchor: str, condition: str) -> None:
        """Note that the mention at *anchor* is inside ``only`` *condition*."""
        self.mentions[docname] = [
            m._replace(only=condition) if m.anchor == anchor else m
            for m in self.mentions.get(docname, ())
        ]
        self._forget()

    def _warn_duplicate(self, objtype: str, duplicate: Record, kept: Record) -> None:
        """Warn on the declaration that is not used, naming the one that is."""
        warn(
            "duplicate %s id %r: also declared at %s, which is used",
            objtype,
            duplicate.id,
            place_name(self.env, declared_at(kept)),
            subtype="duplicate_id",
            location=declared_at(duplicate),
        )

    def canonical(self, objtype: str, found: dict[str, R]) -> R:
        """Return the declaration of an id that the site uses, among those in *found*.

        Talks: see :func:`talk_rank`. Speakers and tools: the declaration on
        a page holding the view that hosts them (:attr:`.View.hosts`: the
        ``speaker-grid``, the ``tool-glossary``), then the smallest (docname, line).
        """
        if len(found) == 1:
            return next(iter(found.values()))
        if objtype == "talk":
            return canonical_talk(found, self.mentions)  # type: ignore[arg-type,return-value]
        view = host_views(self.env.config).get(objtype)
        return min(
            found.values(),
            key=lambda rec: (
                view is None or not self.holds_view(rec.docname, view),
                rec.docname,
                rec.lineno,
            ),
        )

    def talk(self, talk_id: str) -> TalkRecord | None:
        """Return the canonical talk of an id, if declared."""
        found = self.talks.get(talk_id)
        return self.canonical("talk", found) if found else None

    def _forget(self) -> None:
        """Drop the derived lookups after any change to the data."""
        self._lookups = None
        self._aliases = None

    def aliases(self) -> dict[str, str]:
        """Other spellings of speaker ids (``:aliases:``) -> the id that declares them.

        An alias that is itself a declared id, or that two speakers claim, is
        ignored (``check_consistency`` warns); the first claim by id wins.
        """
        if self._aliases is None:
            self._aliases = alias_targets(
                {
                    speaker_id: self.canonical("speaker", found).aliases
                    for speaker_id, found in self.speakers.items()
                }
            )
        return self._aliases

    def speaker_id(self, speaker_id: str) -> str:
        """Return the declared id *speaker_id* stands for (itself unless an alias)."""
        return self.aliases().get(speaker_id, speaker_id)

    def speaker(self, speaker_id: str) -> SpeakerRecord | None:
        """Return the canonical speaker of an id or alias, if declared."""
        found = self.speakers.get(self.speaker_id(speaker_id))
        return self.canonical("speaker", found) if found else None

    def tool(self, tool_id: str) -> ToolRecord | None:
        """Return the canonical tool of an id, if declared."""
        found = self.tools.get(tool_id)
        return self.canonical("tool", found) if found else None

    def shown_speaker(self, speaker_id: str) -> SpeakerRecord | None:
        """Return the canonical speaker of an id, if declared and shown by the builder."""
        record = self.speaker(speaker_id)
        return record if record is not None and self.is_shown(record) else None

    def shown_tool(self, tool_id: str) -> ToolRecord | None:
        """Return the canonical tool of an id, if declared and shown by the builder."""
        record = self.tool(tool_id)
        return record if record is not None and self.is_shown(record) else None

    def _derived(self) -> DerivedLookups:
        """Return the lookups views use on every card and entry (built once per change)."""
        if self._lookups is None:
            self._lookups = DerivedLookups.build(
                self.talks, self.mentions, self.aliases(), self.env.config.confnotes_event_order
            )
        return self._lookups

    def is_shown(self, record: Record | MentionRecord) -> bool:
        """Whether the current builder shows *record* (it is not inside ``only`` for others).

        Only a record inside ``only`` asks the builder (:mod:`confnotes.core.builder`).
        """
        return not record.only or shown(current_builder(self.env), record.only)

    def shown(self) -> DerivedLookups:
        """Return the lookups (programme, talks by speaker, mentions by tool) the builder shows.

        Views, the export and JSON-LD read these at write time; reading
        (toctrees, dependencies) uses every record, for every builder.

        The builder comes from :func:`confnotes.core.builder.current_builder`
        (no public API for it).
        """
        full = self._derived()
        builder = current_builder(self.env)
        key = (builder.name, *sorted(builder.tags))
        if self._shown is None or self._shown[0] != key or self._shown[1] is not full:
            self._shown = (key, full, full.restricted(self.is_shown))
        return self._shown[2]

    def all_talks(self) -> list[TalkRecord]:
        """Canonical talks in running order (event, day, slot, page, line)."""
        return self._derived().talks

    def programme(self) -> Programme:
        """Canonical talks grouped by event and day, in running order."""
        return self._derived().programme

    def shown_talks_of(self, speaker_id: str) -> list[TalkRecord]:
        """Return the talks listing *speaker_id* the builder shows, by (date, docname, line)."""
        return self.shown().talks_by_speaker.get(speaker_id, [])

    def shown_mentions_of(self, tool_id: str) -> list[MentionRecord]:
        """Return the mentions of *tool_id* the current builder shows, in running order."""
        return self.shown().mentions_by_tool.get(tool_id, [])

    def note_mention(self, mention: MentionRecord) -> None:
        """Record a ``:tool:`` mention (called by the role while reading)."""
        self.mentions.setdefault(mention.docname, []).append(mention)
        self._forget()

    def talks_on(self, docname: str) -> list[TalkRecord]:
        """Return the talks declared on *docname*, in the page's order."""
        found = (
            self.talks[i][docname]
            for t, i in self.data["declared"].get(docname, ())
            if t == "talks"
        )
        return sorted(found, key=lambda talk: talk.lineno)

    def declared_on(self, docname: str, objtype: str) -> list[Record]:
        """Return the speakers or tools (*objtype*) declared on *docname*, in the page's order."""
        table = TABLES[objtype]
        found = (
            self.data[table][i][docname]
            for t, i in self.data["declared"].get(docname, ())
            if t == table
        )
        return sorted(found, key=lambda record: record.lineno)

    def tools_mentioned_by(
        self, docname: str, talk_id: str, *, shown_only: bool = False
    ) -> list[str]:
        """Return the ids of the tools mentioned under a talk of *docname*, first mention first.

        With *shown_only*, only the mentions the current builder shows.
        """
        seen: dict[str, None] = {}
        for mention in self.mentions.get(docname, ()):
            if mention.talk == talk_id and (not shown_only or self.is_shown(mention)):
                seen.setdefault(mention.tool)
        return list(seen)

    def holds_view(self, docname: str, view: str) -> bool:
        """Whether *docname* holds the view named *view* (from its placeholders)."""
        return any(name == view for name, _attributes in self.data["placeholders"].get(docname, ()))

    def note_programme(self, docname: str, event: str, date: str, fingerprint: str) -> None:
        """Record what a ``programme`` directive's toctrees listed when read."""
        self.data["programmes"].setdefault(docname, []).append((event, date, fingerprint))

    # -- environment protocol ------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        """Forget everything *docname* declared or used."""
        for table, record_id in self.data["declared"].pop(docname, ()):
            by_id: dict[str, dict[str, Record]] = self.data[table]
            found = by_id.get(record_id, {})
            found.pop(docname, None)
            if not found:
                by_id.pop(record_id, None)
        for key in PER_PAGE:
            self.data[key].pop(docname, None)
        self._forget()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Copy the records of *docnames* read by a parallel worker."""
        for table in TABLES.values():
            for record_id, found in otherdata[table].items():
                for docname, record in found.items():
                    if docname in docnames:
                        self.data[table].setdefault(record_id, {})[docname] = record
        for key in PER_PAGE:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self._forget()

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Note what *docname* shows of other pages, and that it was read.

        Links use their targets' declarations; each view placeholder is noted
        with its attributes, and its view says what it uses when asked
        (:mod:`confnotes.core.dependencies`); other parts of the site add the
        keys of what they show through the ``confnotes-page-uses`` event.
        """
        uses: dict[keys.Key, None] = {}
        for xref in document.findall(addnodes.pending_xref):
            if xref.get("refdomain") == "conf" and xref["reftype"] in KEY_OF_TYPE:
                uses[KEY_OF_TYPE[xref["reftype"]](xref["reftarget"])] = None
        for found in env.events.emit("confnotes-page-uses", self, docname):
            uses.update(dict.fromkeys(found))
        # the labels, terms and page title links show (confnotes.core.standard_links,
        # which adds the page's own links to them at doctree-read)
        self.data["standard"][docname] = standard_provided(env, document, docname)
        placeholders = []
        for placeholder in document.findall(ConfPlaceholder):
            view = view_of(placeholder, env.config)  # an unregistered placeholder is an error
            attributes = {k: v for k, v in placeholder.attributes.items() if k not in BASIC}
            placeholders.append((view.name, attributes))
        self.data["uses"][docname] = list(uses)
        self.data["placeholders"][docname] = placeholders
        self.data["fresh"][docname] = True

    def check_consistency(self) -> None:
        """Warn about duplicates across documents and orphan declarations.

        Runs once after reading, in the main process, so serial and parallel
        builds report the same warnings in the same order.
        """
        for objtype, table in TABLES.items():
            by_id: dict[str, dict[str, Record]] = self.data[table]
            for record_id in sorted(by_id):
                if len(by_id[record_id]) < 2:
                    continue
                kept = self.canonical(objtype, by_id[record_id])
                records = sorted(by_id[record_id].values(), key=lambda r: (r.docname, r.lineno))
                for duplicate in records:
                    if duplicate is not kept:
                        self._warn_duplicate(objtype, duplicate, kept)
        self._check_aliases()
        for objtype, table in TABLES.items():
            view = host_views(self.env.config).get(objtype)
            if view is None:
                continue  # talks: declared on any page
            by_id = self.data[table]
            for record_id in sorted(by_id):
                for docname, record in sorted(by_id[record_id].items()):
                    if not self.holds_view(docname, view):
                        warn(
                            "%s %r is declared on a page without a %s directive",
                            objtype,
                            record_id,
                            view,
                            subtype="orphan_declaration",
                            location=declared_at(record),
                        )

    def _check_aliases(self) -> None:
        """Warn about aliases that are declared ids, or that two speakers claim."""
        aliases = self.aliases()
        for speaker_id in sorted(self.speakers):
            record = self.canonical("speaker", self.speakers[speaker_id])
            for alias in record.aliases:
                if alias in self.speakers:
                    reason = "is itself a declared speaker id, which keeps its own card"
                elif aliases[alias] != speaker_id:
                    reason = f"is already an alias of speaker {aliases[alias]!r}"
                else:
                    continue
                warn(
                    "alias %r of speaker %r %s",
                    alias,
                    speaker_id,
                    reason,
                    subtype="alias_conflict",
                    location=declared_at(record),
                )

    # -- references ------------------------------------------------------------

    def _lookup(self, typ: str, target: str) -> tuple[str, str, str] | None:
        """``(docname, anchor, label)`` of a reference target, if known."""
        if typ == "mention":
            docname, _sep, anchor = target.partition("#")
            return docname, anchor, ""
        record: Record | None
        if typ == "talk":
            record = self.talk(target)
            return (record.docname, record.anchor, record.title) if record else None
        if typ == "speaker":
            record = self.speaker(target)
            return (record.docname, record.anchor, record.name) if record else None
        if typ == "tool":
            record = self.tool(target)
            return (record.docname, record.anchor, record.name) if record else None
        return None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """Link to the anchor the view renders; the default text is the name."""
        found = self._lookup(typ, target)
        if found is None or self.hidden(typ, target) is not None:
            return None
        docname, anchor, label = found
        if typ == "mention" and docname not in env.all_docs:
            return None
        if label and not node.get("refexplicit"):
            text = contnode.copy()
            text += nodes.Text(label)
            contnode = text
        return make_refnode(builder, fromdocname, docname, anchor, contnode, label or None)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Resolve ``:any:`` against talks, speakers and tools."""
        results = []
        for typ in TABLES:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"conf:{typ}", ref))
        return results

    def hidden(self, typ: str, target: str) -> Record | None:
        """Return the record a reference targets if the current builder does not show it."""
        if typ not in TABLES:
            return None
        found = self.data[TABLES[typ]].get(target)
        record: Record | None = self.canonical(typ, found) if found else None
        return record if record is not None and not self.is_shown(record) else None

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every talk, speaker and tool the builder shows, for the search index and objects.inv."""
        for objtype, table in TABLES.items():
            by_id: dict[str, dict[str, Record]] = self.data[table]
            for record_id in sorted(by_id):
                record: Record = self.canonical(objtype, by_id[record_id])
                if not self.is_shown(record):
                    continue
                label = record.title if isinstance(record, TalkRecord) else record.name
                yield record_id, label, objtype, record.docname, record.anchor, 1


def declared_where(domain: ConferenceDomain, objtype: str) -> str:
    """Where objects of *objtype* are declared, from the domain data.

    Speakers and tools: the page(s) holding their view (``speakers.rst``).
    Talks, or when no page has the view: the one page, or the folder the
    pages share (``talks/``), or the pages themselves (up to three).
    """
    docnames: set[str] = set()
    view = host_views(domain.env.config).get(objtype)
    if view is not None:
        docnames = {doc for doc in domain.data["placeholders"] if domain.holds_view(doc, view)}
    if not docnames:
        by_id: dict[str, dict[str, Record]] = domain.data[TABLES[objtype]]
        docnames = {domain.canonical(objtype, found).docname for found in by_id.values() if found}
    pages = sorted(domain.env.doc2path(doc, False).as_posix() for doc in docnames)
    if len(pages) <= 1:
        return "".join(pages)
    folder = posixpath.commonpath(pages)
    if folder:
        return f"{folder}/"
    return ", ".join(pages[:3]) + (", ..." if len(pages) > 3 else "")


def warn_missing_reference(
    app: Sphinx, domain: Domain | None, node: addnodes.pending_xref
) -> bool | None:
    """``warn-missing-reference``: say what was meant and where such ids live.

    Sphinx's ``dangling_warnings`` text cannot vary; this gives the same
    located ``ref.<type>`` warning (so ``suppress_warnings`` entries keep
    working) with the nearest known ids and the page(s) declaring them.
    """
    if domain is None or domain.name != "conf" or node.get("reftype") not in TABLES:
        return None
    conf: ConferenceDomain = domain  # type: ignore[assignment]
    objtype, target = node["reftype"], node["reftarget"]
    hidden = conf.hidden(objtype, target)
    if hidden is not None and not shown(app.builder, condition_of(node)):
        return True  # the reference is inside ``only`` for other builders too: never shown
    if hidden is not None:
        warn(
            "%s %r is declared inside 'only:: %s' (%s:%d), so the %s output does not"
            " show it: this reference is plain text there",
            objtype,
            target,
            hidden.only,
            conf.env.doc2path(hidden.docname, False).as_posix(),
            hidden.lineno,
            app.builder.name,
            subtype="only_target",
            location=node,
        )
        return True
    known = conf.data[TABLES[objtype]]
    where = declared_where(conf, objtype)
    logger.warning(
        "unknown %s: %r%s; %ss are declared in %s",
        objtype,
        target,
        did_you_mean(target, known),
        objtype,
        where or "no page yet",
        location=node,
        type="ref",
        subtype=objtype,
    )
    return True
