"""A label or glossary term written twice warns once per extra place, whatever reads the pages.

Sphinx's standard domain warns about a label or a term that another page
already holds while it reads the second page: untyped (``suppress_warnings``
cannot silence it, the contributor cannot tell it from a crash), and only
when one process read both pages: under ``-j`` two pages read by two
workers are merged without a word, so a strict parallel build passed where a
serial one failed.

So each page's labels and glossary terms, as the standard domain took them,
are collected as the page is read (:class:`TargetCollector`: cleared,
merged from parallel readers, like any environment data), and compared once
reading is over (``env-check-consistency``, every build that reads a page;
the warnings of a build that reads none are repeated by
:mod:`confnotes.site.replay`): a name written in more than one place warns
``confnotes.duplicate_target`` at each place after the first, pages in name
order. While the build runs, the standard domain's two messages this
replaces, for labels and terms written on pages (those with a location),
are left out (:class:`ReplacedMessages`, a filter on its logger).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import __

from confnotes.core.collectors import PerPageCollector
from confnotes.core.source_lines import line_of_target
from confnotes.core.validation import line_of, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: the standard domain's messages about a name written twice (``sphinx.domains.std``)
LABEL_MESSAGE = "duplicate label %s, other instance in %s"
OBJECT_MESSAGE = "duplicate %s description of %s, other instance in %s"
#: the logger the standard domain writes through (``sphinx.util.logging.getLogger``)
STD_LOGGER = "sphinx.sphinx.domains.std"


class WrittenName(NamedTuple):
    """A label or a term, where a page writes it."""

    kind: str  # "label" or "term"
    key: str  # as the standard domain files it: a label's name, a term in lower case
    name: str  # as written
    line: int  # the node's (near the written line; the page's own is found when warning)


def written_names(
    env: BuildEnvironment, docname: str, doctree: nodes.document
) -> list[WrittenName]:
    """Return the labels the standard domain gave *docname*, and its glossary terms."""
    std = env.domains.standard_domain
    found = [
        WrittenName("label", name, name, line_of(doctree.ids[labelid]))
        for name, explicit in doctree.nametypes.items()
        if explicit
        and (labelid := doctree.nameids.get(name)) is not None
        and labelid in doctree.ids
        and std.anonlabels.get(name, ("",))[0] == docname
    ]
    for glossary in doctree.findall(addnodes.glossary):
        for term in glossary.findall(nodes.term):
            text = term.astext()
            found.append(WrittenName("term", text.lower(), text, line_of(term)))
    return found


class TargetCollector(PerPageCollector):
    """Keep each page's labels and terms in ``env.confnotes_written_names``."""

    attribute = "confnotes_written_names"

    def collect(
        self, env: BuildEnvironment, docname: str, doctree: nodes.document
    ) -> list[WrittenName]:
        """Return the page's labels and terms."""
        return written_names(env, docname, doctree)


def written(env: BuildEnvironment) -> dict[str, list[WrittenName]]:
    """Return ``{docname: [WrittenName, ...]}``."""
    return TargetCollector.data(env)


def written_line(env: BuildEnvironment, docname: str, name: WrittenName) -> int:
    """Return the page's line that writes *name*, looked for only when a warning needs it.

    The node's line is the fallback (a name in an included file); docutils
    gives a glossary term a line near its own, not always its own.
    """
    found = line_of_target(env.doc2path(docname), name.kind, name.name, name.line)
    return found or name.line


def check_duplicate_targets(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn at each place after the first that writes a name."""
    places: dict[tuple[str, str], list[tuple[str, WrittenName]]] = {}
    for docname in sorted(written(env)):
        if docname not in env.all_docs:
            continue
        for name in written(env)[docname]:
            places.setdefault((name.kind, name.key), []).append((docname, name))
    for (kind, _key), found in places.items():
        if len(found) < 2:
            continue
        first_doc, first = found[0]
        for docname, name in found[1:]:
            warn(
                "%s %r is also written in %s, line %d: links to it lead to one of them only;"
                " give each its own name",
                kind,
                name.name,
                env.doc2path(first_doc, False).as_posix(),
                written_line(env, first_doc, first),
                subtype="duplicate_target",
                location=(docname, written_line(env, docname, name)),
            )


class ReplacedMessages(logging.Filter):
    """Leave out the standard domain's messages that :func:`check_duplicate_targets` replaces."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but a located "duplicate label" or "duplicate term" one."""
        if getattr(record, "location", None) is None:
            return True
        message = str(record.msg)
        if message == str(__(LABEL_MESSAGE)):
            return False
        args = record.args if isinstance(record.args, tuple) else ()
        return not (message == str(__(OBJECT_MESSAGE)) and args[:1] == ("term",))


def setup_duplicate_targets(app: Sphinx) -> None:
    """Collect the names, check them, and replace Sphinx's messages while this app builds."""
    app.add_env_collector(TargetCollector)
    app.connect("env-check-consistency", check_duplicate_targets)
    replaced = ReplacedMessages()
    std_logger = logging.getLogger(STD_LOGGER)
    app.connect("builder-inited", lambda app: std_logger.addFilter(replaced))
    app.connect("build-finished", lambda app, exc: std_logger.removeFilter(replaced))
