"""Standard targets beside the ``conf`` domain's own: links in from plain projects.

A project that knows this site only through intersphinx has no ``conf``
domain, so ``:conf:talk:`` means nothing there. Sphinx's standard domain is
in every project: each talk, speaker and tool is also a ``std:label`` named
after its anchor (``conf-talk-<id>``, ``conf-speaker-<id>``,
``conf-tool-<id>``, titled with the talk's title or the name), and each tool
a ``std:term`` (its name, and its id when that differs), so
``:ref:`conf-speaker-zed-shaw``` and ``:term:`ZeroMQ``` work anywhere, and
``objects.inv`` lists them.

The entries are written in the standard domain's own data under the
declaring document (model: ``StandardDomain.note_hyperlink_target`` and
``_note_term``), so its ``clear_doc`` forgets them with that document; they
are out while pages are read and written again, all of them, once reading
is over (:class:`StandardTargets`), in the main process, in page order. A
name another document holds (a label of the same name, a glossary term) is
left to it, with a warning ``confnotes.taken_target`` at the line that
took it (:func:`check_taken_targets`): ``:ref:`` and intersphinx links to
the talk, speaker or tool would lead there. A declaration
inside ``only`` gets none: a label cannot differ per builder (see
:mod:`confnotes.core.scopes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from confnotes.core.records import TalkRecord, ToolRecord, declared_at
from confnotes.core.source_lines import line_of_name, line_of_target
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain, Record


#: how Sphinx reads an ``objects.inv`` line back (``sphinx.util.inventory``)
INVENTORY_LINE_RE = re.compile(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)")


def reads_back(name: str) -> bool:
    """Whether *name*, as an ``objects.inv`` entry's name, is read back as itself.

    A glossary term may hold spaces, and Sphinx's reader takes the shortest
    name followed by a ``domain:type priority location`` triple: a tool named
    ``Forge x std:term -1 https://evil.example/ -`` would be read back as the
    term "Forge x", linking to evil.example, in every project that uses this
    site through intersphinx.
    """
    match = INVENTORY_LINE_RE.match(f"{name} std:term -1 page.html#anchor -")
    return match is not None and match.group(1) == name


def terms_of(tool: ToolRecord) -> list[str]:
    """Glossary terms of a tool: its name, and its id if that reads differently."""
    names = [tool.name]
    if tool.id.casefold() != tool.name.casefold():
        names.append(tool.id)
    return names


def register(std: StandardDomain, docname: str, record: Record, *, read: bool) -> None:
    """Note *record* as a label (and a tool as terms) of *docname*.

    A name another document holds is left to it. *read*: the page was read
    in this build, so a tool name that cannot be a term warns (once per read).
    """
    title = record.title if isinstance(record, TalkRecord) else record.name
    label = record.anchor
    if std.anonlabels.get(label, (docname,))[0] == docname:
        std.anonlabels[label] = (docname, record.anchor)
        std.labels[label] = (docname, record.anchor, title)
    if isinstance(record, ToolRecord):
        for term in terms_of(record):
            if not reads_back(term):
                if read:
                    warn(
                        "tool name %r is not a glossary term in objects.inv: intersphinx"
                        " would read it back as another entry; its anchor and id still link",
                        term,
                        subtype="inventory_name",
                        location=declared_at(record),
                    )
                continue
            # no public API: ``_terms`` (what :term: resolves against) has no setter but
            # ``_note_term``, private too; pinned in tests/test_pinned_internals.py
            if ("term", term) in std.objects or term.lower() in std._terms:
                continue
            std.objects["term", term] = (docname, record.anchor)
            std._terms[term.lower()] = (docname, record.anchor)


def withdraw(std: StandardDomain, docname: str, record: Record) -> None:
    """Take out what :func:`register` noted for *record*, and only that."""
    target = (docname, record.anchor)
    if std.anonlabels.get(record.anchor) == target:
        del std.anonlabels[record.anchor]
        std.labels.pop(record.anchor, None)
    if isinstance(record, ToolRecord):
        for term in terms_of(record):
            if std.objects.get(("term", term)) == target:
                del std.objects["term", term]
            if std._terms.get(term.lower()) == target:
                del std._terms[term.lower()]


def declared_records(env: BuildEnvironment) -> Iterator[tuple[str, Record]]:
    """Each page's declarations that get standard targets (not inside ``only``), in page order."""
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    declared = domain.data["declared"]
    for docname in sorted(declared):
        for table, record_id in declared[docname]:
            record = domain.data[table].get(record_id, {}).get(docname)
            if record is not None and not record.only:
                yield docname, record


class StandardTargets:
    """Keeps the standard targets out of the standard domain while pages are read.

    Registered at ``doctree-read``, as each page was read, they made the
    standard domain's ``clear_doc`` (run for every page read; it scans all
    labels and terms) quadratic in the site's size, and what a page got
    depended on the reading order: a user's label or glossary term of the
    same name read later warned "duplicate", read earlier won. So every
    target is taken out before reading (``env-before-read-docs``, in the
    main process, also before a parallel read) and all come back once
    reading is over (``env-updated``, after programme pages read again): a
    name a page of the site holds is always left to it, in a fresh build as
    in an incremental one, and a target its holder gave up is taken again.
    Both passes are one lookup per declaration. The pages read are those
    cleared (``env-purge-doc``); one instance per application.
    """

    def __init__(self) -> None:
        """Nothing read yet."""
        self.read: set[str] = set()
        self.withdrawn = False

    def purged(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """``env-purge-doc``: *docname* is read again (or removed)."""
        self.read.add(docname)

    def withdraw_all(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: the pages are read with none of our targets in the way.

        A build that reads nothing (a no-op) leaves them where they are.
        """
        if not docnames:
            return
        std: StandardDomain = env.domains.standard_domain
        for docname, record in declared_records(env):
            withdraw(std, docname, record)
        self.withdrawn = True

    def register_all(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-updated``: register every declaration's targets, in page order.

        Unless nothing was taken out and nothing read (a no-op build).
        """
        if self.withdrawn or self.read:
            std: StandardDomain = env.domains.standard_domain
            for docname, record in declared_records(env):
                register(std, docname, record, read=docname in self.read)
        self.read.clear()
        self.withdrawn = False
        return []


def written_term(std: StandardDomain, term: str, held: tuple[str, str]) -> str:
    """Return the term as its holder wrote it (``:term:`` matches any case)."""
    return next(
        (name for (kind, name), place in std.objects.items() if kind == "term" and place == held),
        term,
    )


def taken_names(
    std: StandardDomain, docname: str, record: Record
) -> Iterator[tuple[tuple[str, str], str, str]]:
    """``(key, name, holder page)`` for each standard target of *record* another page holds.

    The key is ``("label", name)`` or ``("term", lower-case term)``: how the
    standard domain files it.
    """
    holder = std.anonlabels.get(record.anchor)
    if holder is not None and holder[0] != docname:
        yield ("label", record.anchor), record.anchor, holder[0]
    if isinstance(record, ToolRecord):
        for term in terms_of(record):
            held = std._terms.get(term.lower())
            if reads_back(term) and held is not None and held[0] != docname:
                yield ("term", term.lower()), written_term(std, term, held), held[0]


def standard_keys(record: Record) -> list[tuple[str, str]]:
    """Return the keys of *record*'s standard targets (see :func:`taken_names`)."""
    keys = [("label", record.anchor)]
    if isinstance(record, ToolRecord):
        keys += [("term", term.lower()) for term in terms_of(record)]
    return keys


def target_line(source: Path, kind: str, name: str) -> int:
    """Return the line of *source* that writes the label or term *name* (else 1)."""
    return line_of_target(source, kind, name) or line_of_name(source, name) or 1


def check_taken_targets(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn where a page took a talk's, speaker's or tool's target.

    A label ``.. _conf-tool-django:`` or a glossary term ``Django`` written
    on a page keeps its name (Sphinx gives it to the page that wrote it), so
    ``:ref:``, ``:term:`` and every project reading ``objects.inv`` through
    intersphinx would land on that page instead of the tool. The warning is
    on the line of that page that writes the name, once per name, after
    reading, so it is the same in serial, parallel and incremental builds.
    A name another declaration holds (a talk declared twice, two tools of
    one name) is not a page's label: the ``conf`` domain warns about those.
    """
    std: StandardDomain = env.domains.standard_domain
    declared = list(declared_records(env))
    declarations = {(doc, key) for doc, record in declared for key in standard_keys(record)}
    warned: set[tuple[str, tuple[str, str]]] = set()
    for docname, record in declared:
        for key, name, holder in taken_names(std, docname, record):
            if (holder, key) in declarations or (holder, key) in warned:
                continue
            warned.add((holder, key))
            warn(
                "%r is the standard name of %s %r (%s): written on this page too, it would"
                " take :ref:, :term: and intersphinx links meant for it; choose another name",
                name,
                type(record).__name__.removesuffix("Record").lower(),
                record.id,
                env.doc2path(docname, False).as_posix(),
                subtype="taken_target",
                location=(holder, target_line(Path(env.doc2path(holder)), key[0], name)),
            )


def setup_standard_targets(app: Sphinx) -> None:
    """Register the pages' targets after reading (after pages read again, priority 800)."""
    targets = StandardTargets()
    app.connect("env-purge-doc", targets.purged)
    app.connect("env-before-read-docs", targets.withdraw_all)
    app.connect("env-updated", targets.register_all, priority=800)
    app.connect("env-check-consistency", check_taken_targets)
