"""What a page of ours may not do: the probe every browser session carries.

:func:`failed_request_problem` is pure (a URL, Chromium's reason and the
files of the build in, a problem or None out), so the rule has unit tests of
its own; the session in ``conftest`` only feeds it Playwright's events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Chromium's reason for a request it dropped itself (the page finished or moved on)
ABORTED = "net::ERR_ABORTED"


def build_files(root: Path) -> frozenset[str]:
    """Every file of a build, as a URL path relative to its root (``_static/x.css``)."""
    return frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def served_path(url: str, base_url: str) -> str | None:
    """The file a URL of the local server names, relative to the root; None if not local.

    ``dir/`` is its ``index.html``; the query and fragment are no part of the file.
    """
    if not url.startswith(base_url):
        return None
    path = unquote(urlsplit(url).path)[len(urlsplit(base_url).path) :]
    return path + "index.html" if path == "" or path.endswith("/") else path


def failed_request_problem(
    url: str, failure: str | None, base_url: str, files: Iterable[str]
) -> str | None:
    """What a failed request says about the site, or None when it says nothing.

    Chromium aborts (``net::ERR_ABORTED``) what it no longer needs when a page
    has finished or moved on, the favicon of a page one leaves, say: that is
    no failure when the file is in the build. A missing file is one, whatever
    Chromium's reason (its 404, if it came, is a bad response too); any other
    reason is a failure. Requests to other hosts are recorded as such (and
    never reach them: Chromium can reach nothing but 127.0.0.1), not here.
    """
    path = served_path(url, base_url)
    if path is None:
        return None
    exists = path in files
    if failure == ABORTED and exists:
        return None
    return f"{url}: {failure}" + ("" if exists else " (no such file in the build)")


@dataclass
class Probe:
    """What one browser page saw: console errors, failures, foreign requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    #: local files Chromium stopped fetching because it no longer needed them (no problem)
    dropped_requests: list[str] = field(default_factory=list)

    def reset(self) -> None:
        """Forget what was seen (before the next page)."""
        for seen in vars(self).values():
            seen.clear()

    def problems(self) -> list[str]:
        """Everything that should not happen on a page of ours."""
        return [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"page error: {m}" for m in self.page_errors),
            *(f"failed request: {m}" for m in self.failed_requests),
            *(f"bad response: {m}" for m in self.bad_responses),
            *(f"non-local request (blocked): {m}" for m in self.external_requests),
        ]
