"""Look at something once in each process of a build, ``-j`` workers included.

Forked workers cannot hand back what they saw but in a file: each process
looks at its first document of each phase (``source-read``: reading,
``html-page-context``: writing) and appends ``[where-phase, value]`` to a
log, read back as ``{"main-read": {values}, "worker-write": {...}, ...}``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp


def probe_processes(
    app: SphinxTestApp, log: Path, look: Callable[[], Any], *, priority: int = 500
) -> None:
    """Make each process of *app*'s build log what *look* returns, once per phase."""
    main, looked = os.getpid(), set()

    def at(phase: str) -> Callable[..., None]:
        def handler(*_args: Any) -> None:
            pid = os.getpid()
            if (phase, pid) not in looked:
                looked.add((phase, pid))
                where = "main" if pid == main else "worker"
                with log.open("a") as out:
                    out.write(json.dumps([f"{where}-{phase}", look()]) + "\n")

        return handler

    app.connect("source-read", at("read"), priority=priority)
    app.connect("html-page-context", at("write"), priority=priority)


def seen_by_processes(log: Path) -> dict[str, set[Any]]:
    """Read the log back: per process kind and phase, the values seen."""
    seen: dict[str, set[Any]] = {}
    for line in log.read_text().splitlines():
        key, value = json.loads(line)
        seen.setdefault(key, set()).add(value)
    return seen
