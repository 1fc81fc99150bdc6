"""Ids and handles: the form they must have, and how a name or a title becomes an id.

One rule for every id: declarations and roles normalise with
:func:`normalise_id` (:mod:`confnotes.core.validation` warns when a
declaration needed it), the programme makes its anchors with it, and the
scaffold (``scripts/new_talk.py``) makes new talk ids with it. Standard
library only: the scaffold runs before any virtualenv exists, so it loads
this module from its file, not through the package (whose ``__init__``
needs Sphinx).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

#: lowercase letters and digits, joined by single hyphens (the export's schema says so too)
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: apostrophes join the parts of one word ("Don't", "What's"): dropped, not a hyphen
APOSTROPHES_RE = re.compile("['\u2018\u2019\u02bc\uff07]")

#: letters NFKD does not decompose into an ASCII base letter
TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "\u0131": "i",
    }
)


def normalise_id(value: str) -> str:
    """Return the one id form used everywhere: ASCII, lowercase, hyphens.

    Apostrophes are dropped (``Don't trust`` gives ``dont-trust``), accents
    are transliterated (``café`` and ``cafè`` give ``cafe``, ``Łukasz``
    gives ``lukasz``), other runs of characters (hyphens too) become one
    hyphen, none at either end. Declarations (with a warning) and roles
    (silently) both go through here, so a role written as the id was
    declared, or as the title a new talk's id was made from, always
    resolves. A value with no letter or digit gives "".
    """
    text = APOSTROPHES_RE.sub("", value.strip().lower().translate(TRANSLITERATE))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


#: profile URL of a handle on each site a speaker may name
HANDLE_SITES = {
    "twitter": "https://twitter.com/",
    "github": "https://github.com/",
    "speakerdeck": "https://speakerdeck.com/",
}
TWITTER_RE = re.compile(r"[A-Za-z0-9_]{1,15}")
#: GitHub and Speaker Deck user names: alphanumerics and single inner hyphens.
SLUG_RE = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9])*")
SLUG_MAX = 39


def is_valid_handle(site: str, handle: str) -> bool:
    """Whether a handle (without ``@``) is well formed; no warning."""
    if site == "twitter":
        return bool(TWITTER_RE.fullmatch(handle))
    return bool(SLUG_RE.fullmatch(handle)) and len(handle) <= SLUG_MAX


def handle_url(site: str, handle: str) -> str:
    """Return the profile URL of a validated handle."""
    return HANDLE_SITES[site] + handle


def aliases_of(
    value: str, speaker_id: str, check: Callable[[str], str] = normalise_id
) -> tuple[str, ...]:
    """Return the aliases a speaker's ``:aliases:`` declares (commas or spaces between).

    Each part becomes an id through *check* (the directive's warns when it
    must normalise); none is empty or the speaker's own id, none twice.
    """
    found = (check(part) for part in re.split(r"[\s,]+", value) if part)
    return tuple(dict.fromkeys(alias for alias in found if alias and alias != speaker_id))


def alias_targets(claims: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Map each alias to the declared speaker id it stands for.

    *claims* maps every declared speaker id to its aliases. An alias that is
    itself a declared id, or that two speakers claim, is no alias of the
    later claimant: the first claim by id wins (the build warns
    ``alias_conflict``). The domain, the scaffold and the site's rules read
    aliases through here.
    """
    found: dict[str, str] = {}
    for speaker_id in sorted(claims):
        for alias in claims[speaker_id]:
            if alias not in claims:
                found.setdefault(alias, speaker_id)
    return found


def did_you_mean(value: str, known: Iterable[str], n: int = 3) -> str:
    """`` (did you mean 'a' or 'b'?)`` for the nearest of *known*, or ``""``.

    Besides :func:`difflib.get_close_matches`, an id that contains the value
    as a hyphen-separated part counts (``postgresql`` → ``advanced-postgresql``).
    """
    candidates = sorted(set(known))
    close = difflib.get_close_matches(value, candidates, n=n, cutoff=0.6)
    if value:
        parts = [c for c in candidates if value in c.split("-") or c in value.split("-")]
        close = list(dict.fromkeys([*close, *parts]))[:n]
    if not close:
        return ""
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)"
