"""Optional check (``confnotes_check_stated_facts = True``, on in ``make check``).

Prose that states how many talks there are, or which day of the programme
something is, goes stale the day a contributor adds a talk or a day: "the
day-1 notes" is false once day 2 is there, "eleven talks" once there are
twelve. The programme, the sidebar and the lightning index say those
things from the talks' data; pages should not. This check warns:

* ``confnotes.stated_day``: "day 1", "day-2", "the first day", "the second
  day"...;
* ``confnotes.stated_count``: a number of talks, keynotes, lightning talks,
  speakers, sessions or days ("eleven talks", "2 keynotes", "three days").

Titles (published talk titles are facts), code, literals and links are not
prose, and a page whose notes do say such things opts out with the
file-wide field ``:confnotes-stated-facts: allow`` (MyST: front matter).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

from confnotes.core.lines import texts_with_lines
from confnotes.core.locations import line_in_file_of
from confnotes.core.nodes import not_prose
from confnotes.core.validation import line_of, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

NUMBERS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty dozen hundred"
).split()
ORDINALS = "first second third fourth fifth sixth seventh last final".split()
DAY_RE = re.compile(
    r"\bday[- ](?:\d+|one|two|three|four|five|six|seven)\b"
    rf"|\b(?:{'|'.join(ORDINALS)})[- ]day\b",
    re.IGNORECASE,
)
COUNT_RE = re.compile(
    rf"\b(?:[2-9]|[1-9]\d+|{'|'.join(NUMBERS)})(?:[- ][a-z]+)?"
    r" (?:lightning talks|talks|keynotes|speakers|sessions|days)\b",
    re.IGNORECASE,
)
#: the file-wide field a page opts out with (``:confnotes-stated-facts: allow``)
OPT_OUT = "confnotes-stated-facts"


def check_stated_facts(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: scan every page's prose for stated counts and days."""
    if not env.config.confnotes_check_stated_facts:
        return
    for docname in sorted(env.found_docs):
        if env.metadata.get(docname, {}).get(OPT_OUT) == "allow":
            continue
        for block in env.get_doctree(docname).findall(nodes.TextElement):
            if isinstance(block.parent, nodes.TextElement) or not_prose(block):
                continue  # inline (scanned with its block), or not prose
            for text, line in texts_with_lines(block, line_of(block)):
                if not_prose(text.parent):
                    continue
                check_text(env, text, line, docname)


def check_text(env: BuildEnvironment, text: nodes.Text, line: int, docname: str) -> None:
    """Warn about each stated day and count in *text*, whose first line is *line* of its file.

    The file is the page's, or one it includes (located there).
    """
    for pattern, subtype, what in (
        (DAY_RE, "stated_day", "names a day of the programme"),
        (COUNT_RE, "stated_count", "counts what the programme holds"),
    ):
        for match in pattern.finditer(str(text)):
            warn(
                "%r %s: it goes stale when a talk or a day is added. Leave it out: the "
                "programme, the sidebar and the lightning index say it from the talks' data",
                " ".join(match.group().split()),
                what,
                subtype=subtype,
                location=line_in_file_of(
                    env, text, line + text.count("\n", 0, match.start()), docname
                ),
            )


def setup_prose(app: Sphinx) -> None:
    """Register the stated-facts check and its switch."""
    app.add_config_value("confnotes_check_stated_facts", False, "env", types=frozenset({bool}))
    app.connect("env-check-consistency", check_stated_facts)
