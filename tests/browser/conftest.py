"""Fixtures for the browser tests: the built site, a local server, one Chromium.

The real site is built once per session with the ``html`` and ``dirhtml``
builders (``build_site`` from ``tests/conftest.py``), the html output is
served on 127.0.0.1 with a port chosen by the OS, and one headless Chromium
(the system's, never a downloaded one) is shared by every test. Chromium can
reach nothing but 127.0.0.1: every other request goes to a proxy that is not
there (and no host name resolves), so the tests never touch the network.
Each session is a browser context whose page is probed: every request to
another host is recorded, so a test can say which page asked for what. (A
Playwright router would do the blocking too, but it takes every request
through Python and turns Chromium's cache off: page loads took half as long
again.) The tests of a module share their sessions (``open_session``). What
the tests know about the site (its pages, talks, speakers, tools, the pages
of its views) they read from the build (``built_site.py``), never from
today's notes.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import multiprocessing
import os
import re
import shutil
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest
from built_site import BuiltSite
from page_probe import Probe, build_files, failed_request_problem

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
    # nothing but the local server: other hosts go to a proxy nobody runs, and
    # do not resolve should anything go direct (loopback is never proxied)
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

#: URLs that never leave the page, whatever their host part.
LOCAL_SCHEMES = ("data:", "blob:", "about:")

#: A request of our own server still unfinished after this long is a failure, not a wait.
SETTLE_TIMEOUT_MS = 10_000

#: Resolves once *id*'s element has not moved for a few animation frames (a
#: smooth scroll has ended, or none was needed); furo scrolls smoothly and
#: Chromium ignores prefers-reduced-motion for CSS ``scroll-behavior``.
SCROLL_SETTLED_JS = """(id) => new Promise((done) => {
  let last = null, still = 0;
  const tick = () => {
    const top = document.getElementById(id).getBoundingClientRect().top;
    still = top === last ? still + 1 : 0;
    last = top;
    if (still >= 4) done(top); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""

#: Resolves after the next frame and the tasks queued before it (timers of 0 ms).
NEXT_FRAME_JS = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))"

#: Switches furo's theme as its toggle does (``localStorage`` and ``body[data-theme]``),
#: then resolves when no CSS transition is running.
SET_THEME_JS = """async (mode) => {
  localStorage.setItem('theme', mode);
  document.body.dataset.theme = mode;
  while (document.getAnimations().some((a) => a instanceof CSSTransition
                                         && a.playState === 'running')) {
    await new Promise((done) => requestAnimationFrame(done));
  }
  return document.body.dataset.theme;
}"""


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
def built_site(html_dir: Path) -> BuiltSite:
    """The html build and what it says about the site (``conference.json``, its pages)."""
    return BuiltSite(html_dir)


@pytest.fixture(scope="session")
def html_pages(built_site: BuiltSite) -> list[str]:
    """Every page of the html build, as a URL path relative to the root."""
    return built_site.pages


@pytest.fixture(scope="session")
def inventory(html_dir: Path) -> dict[tuple[str, str], str]:
    """``objects.inv`` of the html build: ``(domain:type, name) -> uri``.

    Parsed by hand (the format is stable; Sphinx's loader API changed in 8.2).
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
def view_pages(built_site: BuiltSite) -> dict[str, str]:
    """The pages holding the generated views (talk header, cards, glossary, index), by view."""
    return built_site.view_pages


@pytest.fixture(scope="session")
def a11y_pages(view_pages: dict[str, str]) -> dict[str, str]:
    """The pages the screenshots and the text-alternative checks cover, by name."""
    return {"front": "index.html", **view_pages}


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


class _QuietServer(http.server.ThreadingHTTPServer):
    """A server that lets a browser hang up mid-file (it does, leaving a page) in silence."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* over http on 127.0.0.1 (a port chosen by the OS); yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
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
            stop_forked_children()


def stop_forked_children() -> None:
    """Stop this worker's multiprocessing children before Playwright stops its driver.

    A process forked from this worker after Playwright started (the
    ``multiprocessing.Manager`` sphinx-sitemap starts in every html build the
    other tests run in this process) holds a copy of the driver's pipe:
    while one lives, the driver never sees the pipe close, and leaving
    ``sync_playwright()`` waits for it forever (the whole run hung so).
    """
    for child in multiprocessing.active_children():
        child.terminate()
        child.join(timeout=10)


def _describe_error(exc: Any) -> str:
    """The uncaught exception's message and the first frame of its stack."""
    stack = [line.strip() for line in str(getattr(exc, "stack", "") or "").splitlines()]
    where = next((line for line in stack if line.startswith("at ")), "")
    return f"{exc} {where}".strip()


@dataclass
class Session:
    """A browser context with its page and its probe."""

    context: Any
    page: Any
    probe: Probe
    base_url: str

    pending: set[Any] = field(default_factory=set)

    def goto(self, path: str, *, wait: str = "load") -> Any:
        """Open ``path`` (relative to the site root) and wait until it is idle.

        After the load event the browser may still fetch the favicon or a
        lazy script; leaving the page then would abort them, so wait until
        nothing is in flight (and a frame has run).
        """
        response = self.page.goto(self.base_url + path, wait_until=wait)
        self.idle()
        return response

    def settle(self, timeout_ms: int = SETTLE_TIMEOUT_MS) -> None:
        """Wait until none of the page's requests is in flight.

        Playwright delivers the request events while it waits, so this polls
        the set they keep; a request of the local server that never ends
        within the timeout is a failure, not something to wait out.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        while self.pending:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"requests still in flight after {timeout_ms} ms: "
                    f"{sorted(r.url for r in self.pending)}"
                )
            self.page.wait_for_timeout(10)

    def idle(self) -> None:
        """No request in flight, and the scripts' queued work has run (a frame and its timers)."""
        self.settle()
        self.page.evaluate(NEXT_FRAME_JS)
        self.settle()

    def set_theme(self, mode: str) -> None:
        """Switch the loaded page to furo's ``light``, ``dark`` or ``auto`` theme, like its toggle.

        The emulated ``prefers-color-scheme`` follows, so ``auto`` and the
        page's media queries agree with the theme.
        """
        self.page.emulate_media(color_scheme="dark" if mode == "dark" else "light")
        theme = self.page.evaluate(SET_THEME_JS, mode)
        assert theme == mode, f"furo's theme is {theme!r}, not {mode!r}"

    def wait_for_scroll(self, element_id: str) -> float:
        """Wait until the element with *element_id* stops moving; return its top (viewport px)."""
        return float(self.page.evaluate(SCROLL_SETTLED_JS, element_id))


@pytest.fixture(scope="session")
def served_files(html_dir: Path) -> frozenset[str]:
    """Every file the local server can serve (what a request may fetch)."""
    return build_files(html_dir)


def new_session(
    browser: Any,
    base_url: str,
    files: frozenset[str],
    *,
    width: int = 1280,
    height: int = 900,
    mode: str = "light",
) -> Session:
    """A fresh context at a viewport width and colour scheme, its page probed.

    ``mode`` is ``light``, ``dark`` or ``auto``: furo reads ``localStorage``
    key ``theme``; the media feature ``prefers-color-scheme`` is emulated
    too, so ``auto`` follows it.
    """
    scheme = "dark" if mode == "dark" else "light"
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        service_workers="block",
    )
    context.add_init_script(f"try {{ localStorage.setItem('theme', {mode!r}); }} catch (e) {{}}")
    probe = Probe()
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
        problem = failed_request_problem(request.url, request.failure, base_url, files)
        if problem:
            probe.failed_requests.append(problem)
        elif request.url.startswith(base_url):
            probe.dropped_requests.append(request.url)

    def on_request(request: Any) -> None:
        session.pending.add(request)
        if not request.url.startswith((base_url, *LOCAL_SCHEMES)):
            probe.external_requests.append(request.url)  # it fails: nothing is reachable

    page.on("request", on_request)
    page.on("requestfinished", lambda request: session.pending.discard(request))
    page.on("requestfailed", on_failed)
    page.on(
        "response",
        lambda resp: (
            probe.bad_responses.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None
        ),
    )
    return session


@pytest.fixture(scope="module")
def _module_sessions() -> Iterator[dict[tuple[int, int, str], Session]]:
    """The sessions the tests of one module share, by (width, height, mode); closed after it."""
    sessions: dict[tuple[int, int, str], Session] = {}
    yield sessions
    for session in sessions.values():
        session.context.close()


@pytest.fixture
def open_session(
    browser: Any,
    base_url: str,
    served_files: frozenset[str],
    _module_sessions: dict[tuple[int, int, str], Session],
) -> Iterator[Callable[..., Session]]:
    """Factory: a probed session (see :func:`new_session`) at a width, height and mode.

    The tests of a module share one session per (width, height, mode): a new
    context costs a renderer process and about as much CPU as four page
    loads. A session handed on is as a fresh one: on a blank page, its probe
    empty, its viewport and colour scheme as asked (the theme itself comes
    from ``localStorage``, set before every page's scripts). ``fresh=True``
    gives a context of its own, closed after the test: for a test that
    changes the page's routes or listeners, or needs an empty cache.
    """
    own: list[Any] = []

    def open_(
        width: int = 1280, height: int = 900, mode: str = "light", *, fresh: bool = False
    ) -> Session:
        key = (width, height, mode)
        if fresh or key not in _module_sessions:
            session = new_session(
                browser, base_url, served_files, width=width, height=height, mode=mode
            )
            if fresh:
                own.append(session.context)
            else:
                _module_sessions[key] = session
            return session
        session = _module_sessions[key]
        session.page.goto("about:blank")
        session.settle()
        session.page.set_viewport_size({"width": width, "height": height})
        session.page.emulate_media(color_scheme="dark" if mode == "dark" else "light")
        session.probe.reset()
        return session

    yield open_
    for context in own:
        context.close()
