"""Incremental builds: re-write pages whose views show changed data.

Views are resolved at write time, so a page that shows other pages' data
needs re-*writing* (not re-reading) when that data changes. Each document
USES dependency keys (noted in ``ConferenceDomain.process_doc``):
``talk:<id>``, ``speaker:<id>``, ``tool:<id>``, ``lightning:*`` /
``tool:*`` (prefix wildcards), and ``view:lightning`` (expanded, with the
current data, to the speakers and tools the lightning index shows). Each
document PROVIDES keys computed from its records by :func:`provided_by`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from confnotes.domain import TABLES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.domain import ConferenceDomain


def provided_by(domain: ConferenceDomain, docnames: Iterable[str]) -> set[str]:
    """Keys whose data changes when *docnames* change.

    A talk provides itself, each of its speakers (cards list talks) and,
    if lightning, ``lightning:<id>``; a declaration provides itself; a
    mention provides its tool (the glossary lists mentions).
    """
    wanted = set(docnames)
    keys: set[str] = set()
    for talk_id, found in domain.talks.items():
        for docname in wanted.intersection(found):
            talk = found[docname]
            keys.add(f"talk:{talk_id}")
            keys.update(f"speaker:{s}" for s in talk.speakers)
            if talk.kind == "lightning":
                keys.add(f"lightning:{talk_id}")
    for objtype in ("speaker", "tool"):
        for record_id, by_doc in domain.data[TABLES[objtype]].items():
            if wanted.intersection(by_doc):
                keys.add(f"{objtype}:{record_id}")
    for docname in wanted:
        keys.update(f"tool:{m.tool}" for m in domain.mentions.get(docname, ()))
    return keys


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

    Runs before ``clear_doc``, while the old records are still there.
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    stale = set(domain.data["stale_keys"]) | provided_by(domain, changed | removed)
    domain.data["stale_keys"] = sorted(stale)
    return []


def find_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: documents to re-write because their views changed."""
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    fresh = set(domain.data["fresh"])
    changed = set(domain.data["stale_keys"]) | provided_by(domain, fresh)
    domain.data["fresh"] = {}
    domain.data["stale_keys"] = []
    if not changed:
        return []
    uses: dict[str, list[str]] = domain.data["uses"]
    return sorted(
        docname
        for docname, keys in uses.items()
        if docname not in fresh and matches(keys, changed, domain)
    )
