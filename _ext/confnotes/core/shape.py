"""Checks of a page's shape that a build would otherwise pass in silence.

* ``lightning_shape``: a day's lightning talks written as sections under a
  single ``talk`` directive (the old shape). The build used to accept it:
  the programme showed one "Talk — unknown", the lightning index nothing for
  that day. The warning names the sections and shows the right shape: one
  ``talk`` directive right under each lightning talk's section title.
* ``duplicate_title``: two pages of one day with one title. Previous and
  next links, browser tabs and search results add the event and day to a
  title other pages have, which tells pages of two days apart, not these.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

from confnotes.core.ids import normalise_id
from confnotes.core.markup import is_markdown
from confnotes.core.records import UNKNOWN, declared_at
from confnotes.core.talks import talk_header
from confnotes.core.validation import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain

#: sections a talk page may have under its talk without being a talk
NOT_TALKS = frozenset({"references", "bibliography", "notes", "links", "see also"})
#: the words that make a talk, or its section, a day's lightning talks
LIGHTNING_RE = re.compile(r"\blightning\b", re.IGNORECASE)


def section_of(node: nodes.Node) -> nodes.section | None:
    """Return the nearest section around *node*."""
    current = node.parent
    while current is not None and not isinstance(current, nodes.section):
        current = current.parent
    return current


def title_text(section: nodes.section) -> str:
    """Return the plain text of a section's title ("" if it has none)."""
    title = next(iter(section.findall(nodes.title)), None)
    return title.astext() if title is not None else ""


def suggested_id(title: str) -> str:
    """Return an id for a section's talk: the id rule ``make new-talk`` makes ids with."""
    return normalise_id(title) or "<id>"


def check_lightning_shape(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: warn about sections of lightning talks under one talk directive."""
    env = app.env
    docname = env.docname
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    for header in doctree.findall(talk_header):
        section = section_of(header)
        talk = domain.talks.get(header["talk"], {}).get(docname)
        if section is None or talk is None:
            continue
        lightning = talk.kind == "lightning" or LIGHTNING_RE.search(
            f"{talk.title} {title_text(section)}"
        )
        if not lightning:
            continue
        bare = [
            title_text(sub)
            for sub in section.children
            if isinstance(sub, nodes.section)
            and title_text(sub).strip().casefold() not in NOT_TALKS
            and next(iter(sub.findall(talk_header)), None) is None
        ]
        if len(bare) < 2:
            continue
        first = bare[0]
        if is_markdown(env.config, env.doc2path(docname)):
            example = f"```{{talk}} {suggested_id(first)}``` under the heading {first!r}"
        else:
            example = f"'.. talk:: {suggested_id(first)}' under the title {first!r}"
        shown = ", ".join(repr(t) for t in bare[:3]) + (", ..." if len(bare) > 3 else "")
        warn(
            "%d sections under the talk %r are lightning talks with no talk directive of "
            "their own (%s): the programme and the lightning index show only %r. Give each "
            "its own talk directive right under its title (%s, with :kind: lightning and "
            "its :date:), and remove this one; `make new-talk KIND=lightning` writes that shape",
            len(bare),
            talk.id,
            shown,
            talk.title if talk.title != UNKNOWN else talk.id,
            example,
            subtype="lightning_shape",
            location=declared_at(talk),
        )


def title_line(env: BuildEnvironment, docname: str) -> int:
    """Return the line of a page's first title (1 if none has one)."""
    for title in env.get_doctree(docname).findall(nodes.title):
        if title.line:
            # a reST title's line is its underline's; MyST gives the heading's own
            return int(title.line) - (0 if is_markdown(env.config, env.doc2path(docname)) else 1)
    return 1


def check_duplicate_titles(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn when two pages of one day share a title.

    Titles may repeat on another day or at another event ("Keynote"): the
    sidebar lists pages under their event and day, and previous/next links,
    the browser tab and search results add both to a repeated title
    (:mod:`confnotes.site.navigation.titles`); the PDF and the e-book list
    them by title alone, in their day's place of the running order. Two
    pages of one day, or a page outside the programme, read the same
    everywhere.

    The warning goes on the later page: pages without talks (the site's
    own) come first, then the pages of the programme by their first day, so
    it lands on the page a contributor just added.
    """
    domain: ConferenceDomain = env.domains["conf"]  # type: ignore[assignment]
    first_day: dict[str, tuple[str, str]] = {}
    for found in domain.talks.values():
        for docname, talk in found.items():
            day = (talk.date, docname)
            first_day[docname] = min(first_day.get(docname, day), day)
    pages = sorted(env.found_docs, key=lambda d: (d in first_day, first_day.get(d, ("", d))))
    by_title: dict[str, list[str]] = {}
    for docname in pages:
        title = env.titles.get(docname)
        if title is not None and title.astext().strip():
            by_title.setdefault(title.astext().strip().casefold(), []).append(docname)
    day_of = domain.programme().day_of_page

    def apart(one: str, other: str) -> bool:
        """Pages of two days are told apart by their event and day wherever they are listed."""
        return one in day_of and other in day_of and day_of[one] != day_of[other]

    for same in by_title.values():
        for docname in same[1:]:
            others = [
                str(env.doc2path(d, False)) for d in same if d != docname and not apart(d, docname)
            ]
            if not others:
                continue
            warn(
                "page title %r is also the title of %s: previous/next links, the sidebar "
                "and browser tabs show page titles, so give each page its own (a day's "
                "lightning talks: 'Lightning talks, <day>', as `make new-talk` titles them)",
                env.titles[docname].astext().strip(),
                " and ".join(others),
                subtype="duplicate_title",
                location=(docname, title_line(env, docname)),
            )


def setup_shape(app: Sphinx) -> None:
    """Register the page-shape checks."""
    app.connect("doctree-read", check_lightning_shape)
    app.connect("env-check-consistency", check_duplicate_titles)
