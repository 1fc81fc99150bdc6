"""A page re-written for a change is re-written in every builder's output, not only the first.

``env-get-updated`` names the pages whose views show changed data (the
glossary when a mention goes), and the builder that read the change writes
them. Another builder on the same doctree folder (``make html`` then
``make dirhtml``; ``make check`` runs four so) reads nothing, so it was told
nothing: its glossary kept a link to the mention an edit removed. Each such
page's change is kept in the environment with its time, and every build
also re-writes the pages whose output file, for a builder that writes one
file a page, is older than their last change. (Builders that write every
page every time, singlehtml, LaTeX, man, need nothing.)
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: the conf domain's data holding each page's last change: docname -> time.time()
CHANGED_AT = "changed_at"


def output_file(builder: Builder, docname: str) -> Path | None:
    """Return the file *builder* writes *docname* to, for builders that write one a page."""
    outfilename = getattr(builder, "get_outfilename", None)
    if callable(outfilename):
        return Path(outfilename(docname))
    suffix = getattr(builder, "out_suffix", None)
    return Path(builder.outdir, docname + suffix) if isinstance(suffix, str) else None


def is_older(path: Path | None, moment: float) -> bool:
    """Whether the file at *path* was written before *moment* (a missing file is written anyway)."""
    try:
        return path is not None and path.stat().st_mtime < moment
    except OSError:
        return False


def note_changed(env: BuildEnvironment, changed: Iterable[str]) -> list[str]:
    """Note that *changed* pages show changed data (now); return them, sorted.

    Every builder on this environment writes them again (:func:`pages_to_rewrite`).
    """
    pages = sorted(set(changed))
    if "conf" in env.domains:  # (confnotes_bib alone: this builder's pages only)
        data: dict[str, float] = env.domains["conf"].data.setdefault(CHANGED_AT, {})
        data.update(dict.fromkeys(pages, time.time()))
    return pages


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment, changed: Iterable[str]) -> list[str]:
    """Note *changed* pages (:func:`note_changed`); return them and every page still stale.

    Stale: its output file for this builder is older than its last change.
    Pages gone from the project are forgotten.
    """
    pages = note_changed(env, changed)
    data: dict[str, float] = env.domains["conf"].data.setdefault(CHANGED_AT, {})
    for docname in data.keys() - env.all_docs.keys():
        del data[docname]
    stale = {d for d, moment in data.items() if is_older(output_file(app.builder, d), moment)}
    return sorted(stale.union(pages))
