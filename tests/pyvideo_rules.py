"""PyVideo's rules for a video record, written from pyvideo/data's ``.schemas/video.json``.

The export promises that each talk is a PyVideo video record. These are
that schema's rules, restated here (not copied) so the tests need no network
and say in words what fails:

* required: ``title``, ``videos``, ``description``, ``speakers``, ``recorded``;
* ``title`` is a string; ``description`` and ``summary`` a string or null;
* ``speakers`` and ``tags`` are arrays of distinct strings;
* ``recorded`` is null or an ISO 8601 date, ``YYYY-MM-DD`` with an optional
  time (the schema's description; its ``format`` says date-time);
* ``videos`` holds at least one item, all distinct, each an object with a
  string ``type`` and a ``url`` that is a URI; ``length`` and ``size`` (if
  given) are integers or null;
* ``related_urls`` holds distinct items, each a URI, or an object with a
  string ``label`` and a URI ``url``;
* ``id`` (if given) is an integer or null: a string id is not PyVideo's;
* ``duration`` (if given) an integer or null; ``slug``, ``language``,
  ``copyright_text``, ``quality_notes``, ``alias`` and ``category`` strings or
  null; ``source_url`` and ``thumbnail_url`` null or a URI.

Other keys are allowed (the schema does not forbid them). A URI is checked
as RFC 3986 says: a scheme, then only ASCII characters allowed in a URI
(non-ASCII must be percent-encoded), with ``http(s)`` needing a host.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any
from urllib.parse import urlsplit

REQUIRED = ("title", "videos", "description", "speakers", "recorded")
NULLABLE_STRINGS = (
    "description",
    "summary",
    "slug",
    "language",
    "copyright_text",
    "quality_notes",
    "alias",
    "category",
)
NULLABLE_URIS = ("source_url", "thumbnail_url")
#: RFC 3986: scheme ":" then unreserved, reserved and percent-encoded characters only
URI_RE = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*"
)


def is_integer(value: Any) -> bool:
    """Whether *value* is a JSON integer (a bool is not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_uri(value: Any) -> bool:
    """Whether *value* is an absolute URI (RFC 3986)."""
    if not isinstance(value, str) or not URI_RE.fullmatch(value):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() not in {"http", "https"} or bool(parts.hostname)


def is_recorded(value: Any) -> bool:
    """Whether *value* is PyVideo's ``recorded``: null, or an ISO 8601 date or date-time."""
    if value is None:
        return True
    if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        if len(value) == 10:
            datetime.date.fromisoformat(value)
        else:
            datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def distinct(items: list[Any]) -> bool:
    """Whether no two items of *items* are equal (JSON's ``uniqueItems``)."""
    seen = [json.dumps(item, sort_keys=True) for item in items]
    return len(seen) == len(set(seen))


def problems(record: Any) -> list[str]:
    """Return what in *record* breaks PyVideo's video rules (nothing: a valid record)."""
    if not isinstance(record, dict):
        return ["a video record is an object"]
    found = [f"{key!r} is required" for key in REQUIRED if key not in record]
    if "title" in record and not isinstance(record["title"], str):
        found.append("'title' must be a string")
    for key in NULLABLE_STRINGS:
        if key in record and not (record[key] is None or isinstance(record[key], str)):
            found.append(f"{key!r} must be a string or null")
    for key in NULLABLE_URIS:
        if key in record and not (record[key] is None or is_uri(record[key])):
            found.append(f"{key!r} must be a URI or null")
    for key in ("id", "duration"):
        if key in record and not (record[key] is None or is_integer(record[key])):
            found.append(f"{key!r} must be an integer or null, not {record[key]!r}")
    if "recorded" in record and not is_recorded(record["recorded"]):
        found.append(f"'recorded' must be an ISO 8601 date or null, not {record['recorded']!r}")
    for key in ("speakers", "tags"):
        if key not in record:
            continue
        value = record[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            found.append(f"{key!r} must be an array of strings")
        elif not distinct(value):
            found.append(f"{key!r} must not list an item twice")
    found += _videos(record.get("videos", []))
    found += _related(record.get("related_urls", []))
    return found


def _videos(videos: Any) -> list[str]:
    if not isinstance(videos, list) or not videos:
        return ["'videos' must be an array of at least one video"]
    found = [] if distinct(videos) else ["'videos' must not list a video twice"]
    for video in videos:
        if not isinstance(video, dict):
            found.append("a video must be an object")
            continue
        if not isinstance(video.get("type"), str):
            found.append(f"a video's 'type' must be a string: {video!r}")
        if not is_uri(video.get("url")):
            found.append(f"a video's 'url' must be a URI: {video.get('url')!r}")
        for key in ("length", "size"):
            if key in video and not (video[key] is None or is_integer(video[key])):
                found.append(f"a video's {key!r} must be an integer or null")
    return found


def _related(related: Any) -> list[str]:
    if not isinstance(related, list):
        return ["'related_urls' must be an array"]
    found = [] if distinct(related) else ["'related_urls' must not list an item twice"]
    for item in related:
        if isinstance(item, str) and is_uri(item):
            continue
        if (
            isinstance(item, dict)
            and isinstance(item.get("label"), str)
            and is_uri(item.get("url"))
        ):
            continue
        found.append(f"a related URL must be a URI or {{label, url}}: {item!r}")
    return found
