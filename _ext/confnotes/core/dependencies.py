"""Incremental builds: re-write pages whose views show changed data.

Views are resolved at write time, so a page that shows other pages' data
needs re-*writing* (not re-reading) when that data changes. Each page USES
dependency keys (:mod:`confnotes.core.keys`): its links use their targets'
declarations, each view placeholder uses what its view declares
(:class:`confnotes.core.view.View`), asked with the current data, and other
parts add theirs through the ``confnotes-page-uses`` event. The records of
each page PROVIDE keys with what views show of them: the declarations here,
the keys only one view reads in that view's module. A key changed when what
is shown of it differs before and after the read, so an edit re-writes only
the pages that show what changed, and a typo fixed in prose re-writes
nothing else. Line numbers are left out (no view shows them), but the order
of a page's records is kept: views list talks in page order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from confnotes.core import keys
from confnotes.core.nodes import title_of
from confnotes.core.programme import DayKey, day_key
from confnotes.core.records import SpeakerRecord
from confnotes.core.rewrites import pages_to_rewrite
from confnotes.core.standard_links import standard_targets_provided
from confnotes.core.views import by_name, views_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


def declarations_provided(
    domain: ConferenceDomain, docname: str
) -> Iterator[tuple[keys.Key, object]]:
    """Talks, speakers and tools declared on *docname*, and the day lists its talks are in."""
    title = title_of(domain.env, docname)
    for rank, talk in enumerate(domain.talks_on(docname)):
        yield keys.Talk(talk.id), talk._replace(lineno=rank, written="")
        # a day's list of pages (the sidebar) names the page by its title
        yield day_pages(domain, day_key(talk)), (title, talk.slot, talk.start, rank)
    for objtype, key in (("speaker", keys.Speaker), ("tool", keys.Tool)):
        for record in domain.declared_on(docname, objtype):
            yield key(record.id), record._replace(lineno=0, written="")
            # references in another spelling show this speaker
            for alias in record.aliases if isinstance(record, SpeakerRecord) else ():
                yield key(alias), record._replace(lineno=0, written="")


def day_pages(domain: ConferenceDomain, key: DayKey) -> keys.DayPages:
    """Return the key of the day a talk is listed under, from its own :func:`.day_key`.

    Asked with the current programme: a talk that says only ``:day: 2`` is
    listed under its event's dated day 2. When that grouping changes, the
    list of days changes too, and every sidebar is re-written anyway.
    """
    return keys.DayPages(*domain.programme().day_of.get(key, key))


def provided_by(domain: ConferenceDomain, docnames: Iterable[str]) -> dict[keys.Key, str]:
    """Return each key *docnames* provide, with a fingerprint of what views show of it."""
    providers = [
        declarations_provided,
        standard_targets_provided,
        *(view.provides for view in views_of(domain.env.config)),
    ]
    parts: defaultdict[keys.Key, list[str]] = defaultdict(list)
    for docname in sorted(docnames):
        for provider in providers:
            for key, shown in provider(domain, docname):
                parts[key].append(repr((docname, shown)))
    return {key: "\n".join(values) for key, values in parts.items()}


def uses_of(domain: ConferenceDomain, docname: str) -> set[keys.Key]:
    """Every key *docname* shows right now: its links', its sidebar's and its views'."""
    views = by_name(domain.env.config)
    found: set[keys.Key] = {
        day_pages(domain, (key.event, key.date)) if isinstance(key, keys.DayPages) else key
        for key in domain.data["uses"].get(docname, ())
    }
    for name, attributes in domain.data["placeholders"].get(docname, ()):
        found.update(views[name].uses(domain, docname, attributes))
    # a link to an id nobody declares warns with the ids it is close to: any of them
    found.update([keys.Every(type(key)) for key in found if is_undeclared(domain, key)])
    return found


def is_undeclared(domain: ConferenceDomain, key: keys.Key) -> bool:
    """Whether *key* names a talk, speaker or tool that no page declares."""
    if isinstance(key, keys.Talk):
        return domain.talk(key.id) is None
    if isinstance(key, keys.Speaker):
        return domain.speaker(key.id) is None
    return isinstance(key, keys.Tool) and domain.tool(key.id) is None


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
    return []


def find_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages to re-write because what they show changed.

    Pages read in this build are written anyway; pages an earlier build
    found changed are written by each builder whose output is older
    (:mod:`confnotes.core.rewrites`).
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    fresh = set(domain.data["fresh"])
    old: dict[keys.Key, str] = domain.data["stale"]
    new = provided_by(domain, fresh)
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    domain.data["fresh"] = {}
    domain.data["stale"] = {}
    showing = (
        docname
        for docname in env.all_docs.keys() - fresh
        if keys.matches(uses_of(domain, docname), changed)
    )
    # and in every other builder's output on this environment, when it builds
    return pages_to_rewrite(app, env, showing if changed else ())
