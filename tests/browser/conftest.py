"""Fixtures for the browser tests: the built site, a local server, one Chromium.

The real site is built once per session with the ``html`` and ``dirhtml``
builders (``build_site`` from ``tests/conftest.py``), the html output is
served on 127.0.0.1 with a port chosen by the OS, and one headless Chromium
(the system's, never a downloaded one) is shared by every test. Each page is
opened in a fresh context whose requests are checked: anything that does not
go to the local server is recorded and aborted, so the tests never touch the
network and can say which page asked for what.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

SITE = Path(__file__).resolve().parents[2]
ARTIFACTS = SITE / "test-artifacts"
BROWSER_DIR = Path(__file__).resolve().parent

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

# The pages whose generated views (cards, glossary, index) the tests look at.
TALK_PAGE = "talks/09-migrating-the-future.html"
VIEW_PAGES = {
    "talk": TALK_PAGE,
    "speakers": "speakers.html",
    "tools": "tools.html",
    "lightning": "lightning.html",
}
A11Y_PAGES = {"front": "index.html", **VIEW_PAGES}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark everything collected here ``browser`` (belt and braces to ``pytestmark``)."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def unavailable(message: str) -> NoReturn:
    """Skip when a tool the browser tests need is missing; fail on CI, which must have it."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# -- the built site ------------------------------------------------------------


@pytest.fixture(scope="session")
def _site_builds(
    build_site: Callable[..., tuple[Path, str]],
) -> Iterator[dict[str, Future[tuple[Path, str]]]]:
    """Start the html and dirhtml builds side by side (each is a subprocess).

    Sphinx builds on one core; running both at once saves a build's time on
    CI's two cores. ``build_site`` caches per builder, so other tests asking
    for the same build get the same output.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield {builder: pool.submit(build_site, builder) for builder in ("html", "dirhtml")}


@pytest.fixture(scope="session")
def html_dir(_site_builds: dict[str, Future[tuple[Path, str]]]) -> Path:
    """The site built with the ``html`` builder (strict, like CI)."""
    return _site_builds["html"].result()[0]


@pytest.fixture(scope="session")
def dirhtml_dir(_site_builds: dict[str, Future[tuple[Path, str]]]) -> Path:
    """The site built with the ``dirhtml`` builder (strict, like CI)."""
    return _site_builds["dirhtml"].result()[0]


@pytest.fixture(scope="session")
def html_pages(html_dir: Path) -> list[str]:
    """Every page of the html build, as a URL path relative to the root."""
    return sorted(
        p.relative_to(html_dir).as_posix()
        for p in html_dir.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(html_dir).parts)
    )


@pytest.fixture(scope="session")
def inventory(html_dir: Path) -> dict[tuple[str, str], str]:
    """``objects.inv`` of the html build: ``(domain:type, name) -> uri``.

    The tests ask the inventory where an object lives instead of assuming
    the extension's anchor scheme. Parsed by hand (the format is stable;
    Sphinx's loader API changed in 8.2).
    """
    raw = (html_dir / "objects.inv").read_bytes()
    header_end = 0
    for _ in range(4):  # four '#' header lines, then zlib data
        header_end = raw.index(b"\n", header_end) + 1
    entries: dict[tuple[str, str], str] = {}
    for line in zlib.decompress(raw[header_end:]).decode("utf-8").splitlines():
        match = re.fullmatch(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)", line)
        if match:
            name, objtype, _prio, uri, _dispname = match.groups()
            entries[objtype, name] = uri.replace("$", name) if uri.endswith("$") else uri
    return entries


@pytest.fixture(scope="session")
def view_pages() -> dict[str, str]:
    """The pages holding the generated views (cards, glossary, index), by name."""
    return dict(VIEW_PAGES)


@pytest.fixture(scope="session")
def a11y_pages() -> dict[str, str]:
    """The pages axe and the screenshots cover, by name."""
    return dict(A11Y_PAGES)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``test-artifacts/`` at the repository root (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# -- the local server ------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* over http on 127.0.0.1 (a port chosen by the OS); yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def serve_directory() -> Callable[[Path], contextlib.AbstractContextManager[str]]:
    """Return :func:`serve`, for tests that serve a build of their own."""
    return serve


@pytest.fixture(scope="session")
def base_url(html_dir: Path) -> Iterator[str]:
    """Serve the html build over http on 127.0.0.1; yield its root URL (with ``/``)."""
    with serve(html_dir) as url:
        yield url


# -- the browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless system Chromium for the whole session."""
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        unavailable("no system Chromium (install Debian's `chromium`, or set $CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: pip install -r requirements-browser.txt")

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _describe_error(exc: Any) -> str:
    """The uncaught exception's message and the first frame of its stack."""
    stack = [line.strip() for line in str(getattr(exc, "stack", "") or "").splitlines()]
    where = next((line for line in stack if line.startswith("at ")), "")
    return f"{exc} {where}".strip()


@dataclass
class Probe:
    """What one browser context saw: console errors, failures, foreign requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

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


@dataclass
class Session:
    """A browser context with its page and its probe."""

    context: Any
    page: Any
    probe: Probe
    base_url: str

    pending: set[Any] = field(default_factory=set)

    def goto(self, path: str, *, wait: str = "load") -> Any:
        """Open ``path`` (relative to the site root) and wait for it to settle.

        After the load event the browser may still fetch the favicon or a
        lazy script; leaving the page then would abort them and look like a
        failed request, so wait (briefly) until nothing is in flight.
        """
        response = self.page.goto(self.base_url + path, wait_until=wait)
        self.settle()
        return response

    def settle(self, timeout_ms: int = 2000) -> None:
        """Wait until no request is in flight (or the timeout passes)."""
        for _ in range(timeout_ms // 20):
            if not self.pending:
                break
            self.page.wait_for_timeout(20)


@pytest.fixture
def open_session(browser: Any, base_url: str) -> Iterator[Callable[..., Session]]:
    """Factory: a fresh context at a viewport width and colour scheme.

    ``mode`` is ``light``, ``dark`` or ``auto``: furo reads ``localStorage``
    key ``theme``; the media feature ``prefers-color-scheme`` is emulated
    too, so ``auto`` follows it.
    """
    contexts: list[Any] = []

    def open_(width: int = 1280, height: int = 900, mode: str = "light") -> Session:
        scheme = "dark" if mode == "dark" else "light"
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            service_workers="block",
        )
        contexts.append(context)
        context.add_init_script(
            f"try {{ localStorage.setItem('theme', {mode!r}); }} catch (e) {{}}"
        )
        probe = Probe()

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith(base_url) or url.startswith(("data:", "blob:", "about:")):
                route.continue_()
            else:
                probe.external_requests.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()
        session = Session(context=context, page=page, probe=probe, base_url=base_url)
        page.on(
            "console",
            lambda msg: (
                probe.console_errors.append(f"{msg.text} ({msg.location.get('url')})")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda exc: probe.page_errors.append(_describe_error(exc)))

        def on_failed(request: Any) -> None:
            session.pending.discard(request)
            if request.url.startswith(base_url):
                probe.failed_requests.append(f"{request.url}: {request.failure}")

        page.on("request", lambda request: session.pending.add(request))
        page.on("requestfinished", lambda request: session.pending.discard(request))
        page.on("requestfailed", on_failed)
        page.on(
            "response",
            lambda resp: (
                probe.bad_responses.append(f"{resp.status} {resp.url}")
                if resp.status >= 400
                else None
            ),
        )
        return session

    yield open_
    for context in contexts:
        context.close()
