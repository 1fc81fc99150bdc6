"""Every page is written again when a stylesheet or script of the static folders changes.

Sphinx links each stylesheet and script with ``?v=<checksum>`` of its
content, so that a reader's browser fetches it anew once it changes; the
checksum is taken when a page is written. An edit of
``_static/confnotes.css`` wrote no page (no source changed): every page
kept the old checksum, and every reader the old stylesheet, until ``-E``.
The files of ``html_static_path`` (the site's ``_static``, the extension's
own folder) are fingerprinted at each build; when the fingerprint is not
the last build's, every page is written again, in every builder's output
on the same environment (:mod:`confnotes.core.rewrites`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from confnotes.core.rewrites import pages_to_rewrite
from confnotes.version import metadata

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def static_fingerprint(app: Sphinx) -> str:
    """Return a digest of every file of ``html_static_path``: its place and its bytes.

    A file's place is its entry's rank in the list and its path in there, not
    where the entry is: a folder the build makes in the doctree folder
    (:mod:`confnotes.site.safety.theme_scripts`) moves with it.
    """
    digest = hashlib.sha256()
    for rank, entry in enumerate(app.config.html_static_path):
        root = Path(app.confdir, entry)
        found = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in found:
            if path.is_file():
                digest.update(f"{rank}/{path.relative_to(root).as_posix()}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def rewrite_after_static_change(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every page, when the static files changed since this builder last built.

    Per builder: builders sharing the doctree folder see different static
    folders (the html builders add one of their own), and one's fingerprint
    is no change for another.
    """
    now = static_fingerprint(app)
    noted: dict[str, str] = getattr(env, "confnotes_static_fingerprints", {})
    before = noted.get(app.builder.name, now)
    env.confnotes_static_fingerprints = {**noted, app.builder.name: now}  # type: ignore[attr-defined]
    return pages_to_rewrite(app, env, env.found_docs if before != now else ())


def setup(app: Sphinx) -> dict[str, Any]:
    """Connect the check (a part of the site: ``confnotes.site.static_files``)."""
    app.setup_extension("confnotes.core")
    app.connect("env-get-updated", rewrite_after_static_change)
    return metadata()
