"""Incremental builds: re-write pages whose views show changed data.

Views are resolved at write time, so a page that shows other pages' data
needs re-*writing* (not re-reading) when that data changes. Each document
USES dependency keys (noted in ``ConferenceDomain.process_doc``): an xref
uses its target's declaration (``talk:<id>``, ``speaker:<id>``,
``tool:<id>``); a speaker card uses ``speaker:<id>`` and ``talks-of:<id>``;
the glossary uses ``tool:*``, ``mention:*``, ``title:*`` and ``speaker:*``
(prefix wildcards); the lightning index uses ``lightning:*`` and ``view:lightning`` (expanded, with
the current data, to the speakers and tools it shows). Each document
PROVIDES keys computed from its records by :func:`provided_by`, so an edit
re-writes only the pages that show what changed: mentioning a tool touches
the glossary, not every page that links the tool. Keys carry fingerprints of
the data views show, so a re-read page whose data did not change (a typo
fixed in its prose) re-writes nothing else. A talk page's own glossary (the
tools it mentions) uses ``tool:<id>`` of each, so renaming or redescribing a
tool re-writes the talks that mention it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from confnotes.domain import TABLES
from confnotes.navigation import nav_state, relations_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain


def provided_by(domain: ConferenceDomain, docnames: Iterable[str]) -> dict[str, str]:
    """Return each key *docnames* provide, with a fingerprint of what views show.

    A talk provides itself, ``talks-of:<speaker>`` for each speaker (cards
    list talks with their dates), ``title:<title>`` (the glossary sets
    apart talks sharing a title) and, if lightning, ``lightning:<id>``; a declaration
    provides itself; a mention provides ``mention:<tool>`` (the glossary
    lists mentions; pages that merely link the tool are unaffected).
    Fingerprints leave out line numbers, which no view shows.
    """
    wanted = set(docnames)
    parts: defaultdict[str, list[str]] = defaultdict(list)
    for talk_id, found in domain.talks.items():
        for docname in sorted(wanted.intersection(found)):
            talk = found[docname]
            shown = repr(talk._replace(lineno=0))
            parts[f"talk:{talk_id}"].append(shown)
            for speaker in talk.speakers:
                # cards list the speaker's talks in running order
                listed = (
                    talk_id,
                    talk.title,
                    docname,
                    talk.event,
                    talk.date,
                    talk.slot,
                    talk.start,
                    talk.only,  # the builders whose cards list it
                )
                parts[f"talks-of:{speaker}"].append(repr(listed))
            # the sidebar of that day's pages lists this page, by title, in order
            page = domain.env.titles.get(docname)
            parts[f"nav-day:{talk.event}|{talk.date}"].append(
                repr((docname, page.astext() if page else "", talk.slot, talk.start))
            )
            # the glossary sets apart talks that share a title by these facts
            parts[f"title:{talk.title.casefold()}"].append(
                repr((talk_id, docname, talk.date, talk.event, talk.kind, talk.speakers))
            )
            if talk.kind == "lightning":
                mentions = domain.mentions.get(docname, ())
                tools = sorted({m.tool for m in mentions if m.talk == talk_id})
                parts[f"lightning:{talk_id}"].append(repr((shown, tools)))
    for objtype in ("speaker", "tool"):
        for record_id, by_doc in domain.data[TABLES[objtype]].items():
            for docname in sorted(wanted.intersection(by_doc)):
                parts[f"{objtype}:{record_id}"].append(repr(by_doc[docname]._replace(lineno=0)))
    for docname in sorted(wanted):
        for mention in domain.mentions.get(docname, ()):
            # the glossary links the mention's talk, or else its page, by title
            said_in = domain.talks.get(mention.talk, {}).get(docname)
            page = domain.env.titles.get(docname)
            title = said_in.title if said_in is not None else page.astext() if page else ""
            parts[f"mention:{mention.tool}"].append(
                repr((docname, mention.anchor, mention.talk, title, mention.only))
            )
    return {key: "\n".join(sorted(values)) for key, values in parts.items()}


def lightning_keys(domain: ConferenceDomain) -> set[str]:
    """Speakers and tools the lightning index shows right now."""
    keys: set[str] = set()
    for talk in domain.all_talks():
        if talk.kind == "lightning":
            keys.update(f"speaker:{s}" for s in talk.speakers)
            keys.update(
                f"tool:{m.tool}" for m in domain.mentions.get(talk.docname, ()) if m.talk == talk.id
            )
    return keys


def matches(uses: Iterable[str], changed: set[str], domain: ConferenceDomain) -> bool:
    """Whether any used key (wildcards by prefix) is among *changed*."""
    for key in uses:
        if key == "view:lightning":
            if lightning_keys(domain) & changed:
                return True
        elif key.endswith("*"):
            prefix = key[:-1]
            if any(c.startswith(prefix) for c in changed):
                return True
        elif key in changed:
            return True
    return False


def stash_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """``env-get-outdated``: remember what the old versions provided.

    Runs before ``clear_doc``, while the old records are still there. Keeps
    an older stash (from an interrupted build) over a newer one.
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    domain.data["stale"] = provided_by(domain, changed | removed) | domain.data["stale"]
    if "stale_nav" not in domain.data:
        domain.data["stale_nav"] = (nav_state(env), relations_state(env))
    return []


def find_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: documents to re-write because what they show changed.

    A key changed when its fingerprint before the read differs from after
    it; documents read in this build are written anyway.
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    fresh = set(domain.data["fresh"])
    old: dict[str, str] = domain.data["stale"]
    new = provided_by(domain, fresh)
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    domain.data["fresh"] = {}
    domain.data["stale"] = {}
    old_nav, old_relations = domain.data.pop("stale_nav", (None, {}))
    if old_nav is not None and old_nav != nav_state(env):
        # every sidebar lists the events, days and other pages
        return sorted(env.all_docs.keys() - fresh)
    relations = relations_state(env)
    moved = {
        d
        for d in relations.keys() | old_relations.keys()
        if relations.get(d) != old_relations.get(d)
    }
    moved = (moved & env.all_docs.keys()) - fresh
    if not changed:
        return sorted(moved)
    uses: dict[str, list[str]] = domain.data["uses"]
    return sorted(
        moved
        | {
            docname
            for docname, keys in uses.items()
            if docname not in fresh and matches(keys, changed, domain)
        }
    )
