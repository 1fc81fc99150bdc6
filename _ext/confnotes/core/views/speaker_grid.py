"""The ``speaker-grid`` view: the cards of the speakers declared on its page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx_design.shared import create_component

from confnotes.core import keys
from confnotes.core.declaration import ViewDirective
from confnotes.core.nodes import ConfPlaceholder
from confnotes.core.records import SpeakerRecord
from confnotes.core.speakers import speaker_card
from confnotes.core.view import View

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from confnotes.core.domain import ConferenceDomain


class speaker_grid(ConfPlaceholder):
    """Grid of the cards of every speaker declared in ``self["docname"]``."""


class SpeakerGridDirective(ViewDirective):
    """Placeholder for the cards of every speaker declared on this page."""


def card_grid(cards: list[nodes.container]) -> nodes.container:
    """Cards in a responsive sphinx-design grid (one column on phones)."""
    row = create_component(
        "grid-row",
        [
            "sd-row",
            "sd-row-cols-1",
            "sd-row-cols-sm-1",
            "sd-row-cols-md-2",
            "sd-row-cols-lg-3",
            "sd-g-3",
        ],
        children=[
            create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
            for card in cards
        ],
    )
    return create_component(
        "grid-container",
        ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "conf-speaker-grid"],
        children=[row],
    )


def build_grid(
    env: BuildEnvironment, domain: ConferenceDomain, node: speaker_grid
) -> list[nodes.Node]:
    """Cards of the speakers declared in the grid's own document (and shown), by name."""
    docname = node["docname"]
    speakers = sorted(
        (
            found[docname]
            for found in domain.speakers.values()
            if docname in found and domain.is_shown(found[docname])
        ),
        key=lambda s: (s.name.lstrip("@").casefold(), s.id),
    )
    if not speakers:
        return [nodes.paragraph("", "No speakers declared yet.")]
    return [card_grid([speaker_card(domain, s, docname, anchor=True) for s in speakers])]


def grid_uses(
    domain: ConferenceDomain, docname: str, attributes: dict[str, Any]
) -> Iterable[keys.Key]:
    """Each card shows its speaker and lists the speaker's talks (with events, if several)."""
    yield keys.Events()
    for speaker in domain.declared_on(docname, "speaker"):
        aliases = speaker.aliases if isinstance(speaker, SpeakerRecord) else ()
        for spelling in (speaker.id, *aliases):
            yield keys.Speaker(spelling)
            yield keys.TalksOf(spelling)


def talks_of_speakers(domain: ConferenceDomain, docname: str) -> Iterator[tuple[keys.Key, object]]:
    """Cards list each talk with its title, page, event, day and running place."""
    for rank, talk in enumerate(domain.talks_on(docname)):
        yield keys.Events(), talk.event
        listed = (
            talk.id,
            talk.title,
            talk.event,
            talk.date,
            talk.day,
            talk.slot,
            talk.start,
            talk.only,
            rank,
        )
        for speaker in talk.speakers:
            yield keys.TalksOf(speaker), listed


VIEW = View(
    name="speaker-grid",
    placeholder=speaker_grid,
    build=build_grid,
    uses=grid_uses,
    directive=SpeakerGridDirective,
    provides=talks_of_speakers,
    hosts=("speaker",),
)
