"""Checks of ids, URLs, handles, dates and names.

Every check warns with type ``confnotes`` and its own subtype, at the
location given, and returns what is safe to use: a failed check never stops
the build and never drops the value from the page (it is shown as text).
What an id or a handle must look like is :mod:`confnotes.core.ids`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from urllib.parse import SplitResult, urlsplit

from docutils import nodes
from sphinx.util import logging

from confnotes.core.dates import count, is_date
from confnotes.core.ids import ID_RE, is_valid_handle, normalise_id
from confnotes.core.records import UNKNOWN

logger = logging.getLogger(__name__)

Location = tuple[str, int]
#: a ``(docname, line)``, or ``"path:line"`` for files that are not documents
AnyLocation = Location | str

START_RE = re.compile(r"([01]\d|2[0-3]):[0-5]\d", re.ASCII)
SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
#: HTML brackets and the characters reST or Markdown would read as markup.
#: where MathJax starts a formula in any text of a page (its default delimiters)
TEX_OPENING_RE = re.compile(r"\\\(|\\\[|\$\$|\\begin\s*\{\s*([A-Za-z]+\*?)\s*\}")
#: TeX's link commands (MathJax's too)
TEX_LINK_RE = re.compile(r"\\(?:href|url)(?![A-Za-z])")
#: the backslash of a control word or of an opening, which a name loses
TEX_BACKSLASH_RE = re.compile(r"\\(?=[A-Za-z(\[])")
MARKUP_RE = re.compile(r"[<>`*|\[\]{}]|\w_(?!\w)|__|:\w+:")


def warn(message: str, *args: object, subtype: str, location: AnyLocation) -> None:
    """Emit one of our typed, located, suppressible warnings."""
    logger.warning(message, *args, location=location, type="confnotes", subtype=subtype)


def check_id(value: str, what: str, location: AnyLocation, *, unusable: str = "") -> str:
    """Return *value*, or a normalised id after a warning; "" when nothing is left.

    An id with no letter or digit (``---``) cannot name anything: the caller
    leaves it out (*unusable* says how, for the message; by default the
    object is not declared). Anything else is normalised, as roles are.
    """
    if ID_RE.fullmatch(value):
        return value
    fixed = normalise_id(value)
    if not fixed:
        warn(
            "%s id %r has no letter or digit: %s",
            what,
            value,
            unusable or f"the {what} is not declared",
            subtype="empty_id",
            location=location,
        )
        return ""
    rule = (
        "must not begin or end with a hyphen, nor have two in a row"
        if re.fullmatch(r"[a-z0-9-]+", value)
        else "must use only lowercase letters, digits and hyphens"
    )
    warn("%s id %r %s; using %r", what, value, rule, fixed, subtype="bad_id", location=location)
    return fixed


def split_url(value: str) -> SplitResult | None:
    """Return the parts of *value*, or None when it cannot be parsed.

    :func:`urllib.parse.urlsplit` raises on some input (an unclosed IPv6
    bracket, ``http://[::1``; a host NFKC turns into a separator): a URL a
    page gives must never stop the build, so nothing calls it directly.
    """
    try:
        return urlsplit(value)
    except ValueError:
        return None


def url_host(value: str) -> str:
    """Return the host of *value* ("" when it has none or cannot be parsed)."""
    parts = split_url(value)
    return (parts.hostname or "") if parts is not None else ""


#: an http(s) URL with a plain host name, optional port, and no space, control
#: character or backslash: safe by :func:`is_safe_url`'s rule without parsing it
PLAIN_WEB_URL_RE = re.compile(
    r"(?i:https?)://[A-Za-z0-9.-]*[A-Za-z0-9](?::[0-9]+)?(?:[/?#][!-\[\]-~]*)?"
)
#: what a browser reads otherwise than :func:`urllib.parse.urlsplit`: a backslash
#: before the query is a slash to it (``https://evil.example\@github.com`` opens
#: evil.example, where urlsplit names github.com, the host a link's label shows), and
#: it drops ASCII controls anywhere
MISREAD_IN_URL_RE = re.compile(r"^[^?#]*\\|[\x00-\x1f\x7f]")


@functools.lru_cache(maxsize=8192)
def is_safe_url(value: str) -> bool:
    """Whether *value* may become a link: http(s) with a host, no spaces, read as browsers read it.

    Cached (a pure function of the string): the export and the pages ask
    about the same few thousand URLs again and again.
    """
    if PLAIN_WEB_URL_RE.fullmatch(value):
        return True  # what urlsplit would accept, told without it (most URLs are such)
    if not value or any(ch.isspace() for ch in value) or MISREAD_IN_URL_RE.search(value):
        return False
    parts = split_url(value)
    return parts is not None and parts.scheme in {"http", "https"} and bool(parts.hostname)


#: schemes a link or an image source may have in any output (none: relative)
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: :func:`is_safe_link`'s rule, as a warning about a link it refuses says it
LINK_RULE = "only http, https and mailto URLs (or relative paths) become links"
#: what browsers drop from a URL before reading its scheme (WHATWG URL parsing)
URL_IGNORED_RE = re.compile(r"[\x00-\x20]+")
#: a network-path reference (another host, the page's scheme): two slashes or backslashes
NETWORK_PATH_RE = re.compile(r"[/\\]{2}")


@functools.lru_cache(maxsize=8192)
def is_safe_link(value: str) -> bool:
    r"""Whether *value* may be a link or image source: http, https, mailto, or a relative path.

    Looser than :func:`is_safe_url` (our options want http(s) with a host),
    this is the rule for every ``href`` and ``src`` of the output, whoever
    wrote it. The scheme is read as a browser reads it: ASCII control
    characters and spaces, which it drops (``java\tscript:``), are dropped
    first. A link that starts with two slashes (``//host/x``, or backslashes,
    which browsers read as slashes) names another host with the page's own
    scheme: ``file:`` for a site opened from disk (an epub, a PDF, a local
    build), where it reaches another machine's files; it is not safe either.
    """
    squeezed = URL_IGNORED_RE.sub("", value)
    if NETWORK_PATH_RE.match(squeezed):
        return False
    scheme = SCHEME_RE.match(squeezed)
    return scheme is None or scheme.group()[:-1].lower() in LINK_SCHEMES


#: page metadata whose content is a URL (Open Graph's ``og:url``, ``og:image``,
#: ``og:image:secure_url``, ``og:audio``, ``og:see_also``…; ``twitter:image``)
URL_METADATA_RE = re.compile(r"(?:^|:)(?:url|secure_url|image|audio|video|see_also|player)$", re.I)
#: the URL of a refresh (``0; url=…``)
REFRESH_URL_RE = re.compile(r"url\s*=\s*['\"]?(.*)", re.I | re.S)


def is_safe_metadata(key: str, content: str) -> bool:
    """Whether a page's metadata (a ``name`` or ``property`` and its content) may be published.

    A URL it holds, read as :func:`is_safe_link` reads links, must be safe:
    the content of a URL property, the URL of a ``refresh``.
    """
    if URL_METADATA_RE.search(key.strip()) and not is_safe_link(content.strip()):
        return False
    refresh = REFRESH_URL_RE.search(content) if key.strip().lower() == "refresh" else None
    return refresh is None or is_safe_link(refresh[1].strip())


def check_url(value: str, option: str, location: AnyLocation) -> bool:
    """Warn about a URL that must not become a link; return whether it may."""
    if is_safe_url(value):
        return True
    scheme = SCHEME_RE.match(value)
    if scheme and scheme.group().lower() not in {"http:", "https:"}:
        warn(
            "unsafe URL scheme %r in :%s: (only http and https become links): %r",
            scheme.group()[:-1],
            option,
            value,
            subtype="unsafe_url",
            location=location,
        )
    else:
        warn(
            "malformed URL in :%s: (expected http:// or https:// and a host): %r",
            option,
            value,
            subtype="bad_url",
            location=location,
        )
    return False


def check_handle(value: str, site: str, location: AnyLocation) -> tuple[str, bool]:
    """Return ``(handle, valid)``: a Twitter handle may start with ``@``."""
    handle = value.removeprefix("@") if site == "twitter" else value
    valid = is_valid_handle(site, handle)
    if not valid:
        warn(
            "malformed %s handle in :%s:: %r",
            site,
            site,
            value,
            subtype="bad_handle",
            location=location,
        )
    return handle, valid


def check_name(value: str, option: str, location: AnyLocation) -> str:
    r"""Warn about markup or HTML in a name; the name is still shown, as text.

    Not TeX, though: MathJax would typeset a formula (a link of any scheme
    with ``\href``) on every page that shows the name and has math, and a
    formula may open in one name and close in the next one shown. A name with
    an opening or a link command loses the backslash of each (``\(`` is ``(``,
    ``\href`` is ``href``), and ``$$`` is ``$``.
    """
    if TEX_OPENING_RE.search(value) or TEX_LINK_RE.search(value):
        warn(
            "TeX in :%s: would be typeset by MathJax wherever it is shown: its commands"
            " and openings are shown without their backslash: %r",
            option,
            value,
            subtype="markup_in_name",
            location=location,
        )
        return TEX_BACKSLASH_RE.sub("", value).replace("$$", "$")
    if MARKUP_RE.search(value):
        warn(
            "markup in :%s: is shown as plain text: %r",
            option,
            value,
            subtype="markup_in_name",
            location=location,
        )
    return value


def check_date(value: str, location: AnyLocation) -> str:
    """Return *value* if an ISO date (YYYY-MM-DD) or ``unknown``; else warn, ``unknown``."""
    if is_date(value) or value == UNKNOWN:
        return value
    warn(
        "invalid :date: %r (expected an ISO date, YYYY-MM-DD, or unknown)",
        value,
        subtype="bad_option",
        location=location,
    )
    return UNKNOWN


def check_count(value: str, option: str, example: str, location: AnyLocation) -> int:
    """Return a positive whole number, or 0 after a warning (``:slot:``, ``:day:``).

    The rule is :func:`.dates.count` (ASCII digits, not too many), which the
    scaffold shares; this adds the warning.
    """
    if found := count(value):
        return found
    warn(
        "invalid :%s: %r (expected a positive whole number: %s)",
        option,
        value,
        example,
        subtype="bad_option",
        location=location,
    )
    return 0


def check_slot(value: str, location: AnyLocation) -> int:
    """Return the running-order slot, or 0 after a warning."""
    return check_count(value, "slot", "1 for the day's first talk", location)


def check_day(value: str, location: AnyLocation) -> int:
    """Return the day within the event, or 0 after a warning."""
    return check_count(value, "day", "1 for the event's first day", location)


def check_start(value: str, location: AnyLocation) -> bool:
    """Whether *value* is a 24-hour start time ``HH:MM``; warn if not."""
    if START_RE.fullmatch(value):
        return True
    warn(
        "invalid :start: %r (expected a 24-hour time, HH:MM)",
        value,
        subtype="bad_option",
        location=location,
    )
    return False


def check_choice(value: str, option: str, choices: Iterable[str], location: AnyLocation) -> bool:
    """Whether *value* is one of *choices*; warn if not."""
    allowed = tuple(choices)
    if value in allowed:
        return True
    warn(
        "unknown :%s: value %r (expected one of: %s)",
        option,
        value,
        ", ".join(allowed),
        subtype="bad_option",
        location=location,
    )
    return False


def check_required(
    options: dict[str, str], required: Iterable[str], what: str, location: AnyLocation
) -> None:
    """Warn once per missing required option."""
    for option in required:
        if not options.get(option, "").strip():
            warn(
                "%s is missing the required option :%s:",
                what,
                option,
                subtype="missing_option",
                location=location,
            )


def line_of(node: nodes.Node) -> int:
    """Return the line of *node*, or of its nearest ancestor that has one (0 if none)."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return int(current.line)
        current = current.parent
    return 0
