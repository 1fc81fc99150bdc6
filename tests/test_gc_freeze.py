"""The garbage collector during a build (``confnotes.core.gc_freeze``).

While a project builds, the loaded environment is frozen out of the
collector's way and young collections are rarer; once the build has
finished, the collector is as it was, whether the build succeeded or the
setting is off. Built on a small test root.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from worker_probe import probe_processes, seen_by_processes

ROOT = Path(__file__).parent / "roots" / "test-talks"


@pytest.fixture
def collector() -> Iterator[tuple[int, int, int]]:
    """The collector's thresholds before the test; restored after it, whatever happens."""
    before = gc.get_threshold()
    gc.unfreeze()
    yield before
    gc.set_threshold(*before)
    gc.unfreeze()


def build(
    make_app: Callable[..., SphinxTestApp], src: Path, **overrides: Any
) -> tuple[SphinxTestApp, dict[str, Any]]:
    """Build *src*; record the collector's state while a page is written."""
    seen: dict[str, Any] = {}
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)

    def look(_app: Any, _doctree: Any, _docname: str) -> None:
        seen.setdefault("threshold", gc.get_threshold())
        seen.setdefault("frozen", gc.get_freeze_count())

    app.connect("doctree-resolved", look)
    app.build()
    return app, seen


def test_a_build_freezes_and_then_gives_everything_back(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, collector: tuple[int, int, int]
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app, seen = build(make_app, src)
    from confnotes.core.gc_freeze import MIDDLE_THRESHOLD, OLD_THRESHOLD, YOUNG_THRESHOLD

    assert app.statuscode == 0
    assert seen["threshold"] == (YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
    assert seen["frozen"] > 0  # at least the modules and the config
    assert gc.get_threshold() == collector
    assert gc.get_freeze_count() == 0
    app.cleanup()


def visible_in_workers(
    make_app: Callable[..., SphinxTestApp], src: Path, log: Path, parallel: int, **overrides: Any
) -> tuple[SphinxTestApp, dict[str, set[bool]]]:
    """Build *src*; per phase, whether a worker's collector still walks an object it inherited.

    The object is made after the app (and its ``builder-inited`` freeze), so
    every worker inherits it unfrozen; each forked worker looks once, at its
    first document, after the core's handler (``-j`` workers cannot hand
    back what they saw but in a file). The main process looks too.
    """
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides, parallel=parallel)
    inherited: list[object] = []
    probe_processes(app, log, lambda: any(obj is inherited for obj in gc.get_objects()))
    app.build()
    seen = seen_by_processes(log)
    return app, seen


def test_forked_workers_freeze_what_they_inherit(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, collector: tuple[int, int, int]
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app, seen = visible_in_workers(make_app, src, tmp_path / "seen.jsonl", parallel=2)
    assert app.statuscode == 0
    # the main process reads nothing under -j 2, and writes the first page and the indexes
    assert seen == {"worker-read": {False}, "worker-write": {False}, "main-write": {True}}
    assert gc.get_freeze_count() == 0
    app.cleanup()


def test_workers_collect_as_before_with_the_setting_off(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, collector: tuple[int, int, int]
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app, seen = visible_in_workers(
        make_app, src, tmp_path / "seen.jsonl", parallel=2, confnotes_freeze_gc=False
    )
    assert seen == {"worker-read": {True}, "worker-write": {True}, "main-write": {True}}
    app.cleanup()


def test_a_serial_build_keeps_collecting_what_it_makes(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, collector: tuple[int, int, int]
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app, seen = visible_in_workers(make_app, src, tmp_path / "seen.jsonl", parallel=0)
    assert seen == {"main-read": {True}, "main-write": {True}}
    app.cleanup()


def test_the_setting_off_leaves_the_collector_alone(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, collector: tuple[int, int, int]
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app, seen = build(make_app, src, confnotes_freeze_gc=False)
    assert seen == {"threshold": collector, "frozen": 0}
    assert gc.get_threshold() == collector
    app.cleanup()


def test_a_failed_build_gives_everything_back(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, collector: tuple[int, int, int]
) -> None:
    src = shutil.copytree(ROOT, tmp_path / "src")
    app = make_app("html", srcdir=src, freshenv=True)

    def fail(*_args: Any) -> None:
        raise RuntimeError("a failing extension")

    app.connect("doctree-resolved", fail)
    with pytest.raises(Exception, match="a failing extension"):
        app.build()
    assert gc.get_threshold() == collector
    assert gc.get_freeze_count() == 0
    app.cleanup()


#: Builds in a fresh interpreter, one per argument list (JSON in argv[1]); an
#: exit handler registered before the builds (so it runs after any they
#: register) prints what is frozen.
AT_EXIT_SCRIPT = """
import atexit, gc, json, sys
from sphinx.cmd.build import build_main
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
sys.exit(max(build_main(args) for args in json.loads(sys.argv[1])))
"""


@pytest.mark.parametrize("settings", [["on"], ["off"], ["on", "off"], ["off", "on"]])
def test_at_exit_what_is_left_is_frozen_not_torn_down(tmp_path: Path, settings: list[str]) -> None:
    """The last build of the process decides, as the module says."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent / "_ext")}
    src = shutil.copytree(ROOT, tmp_path / "src")
    builds = [
        ["-q", "-b", "html", str(src), str(tmp_path / f"out-{i}")]
        + (["-D", "confnotes_freeze_gc=0"] if setting == "off" else [])
        for i, setting in enumerate(settings)
    ]
    command = [sys.executable, "-c", AT_EXIT_SCRIPT, json.dumps(builds)]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    frozen = int(done.stdout.rsplit("frozen at exit:", 1)[1])
    assert (frozen > 0) == (settings[-1] == "on")
