"""Build a test project once, in this process, and read its warnings as located lines."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

#: MyST 4's ``include`` reads ``env.app``, deprecated in Sphinx 9 (not our code)
MYST_INCLUDE_USES_ENV_APP = pytest.mark.filterwarnings(
    "ignore:'sphinx.environment.BuildEnvironment.app' is deprecated"
)


def build_root(
    srcdir: Path, outdir: Path, builder: str = "html", *, fresh: bool = True, **kwargs: Any
) -> tuple[Any, list[str]]:
    """Build *srcdir* (afresh, or on the last build's environment in *outdir*).

    Return the app and its warnings as ``path:line: message``.
    """
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_escape_sequences

    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        builddir=outdir,
        freshenv=fresh,
        status=io.StringIO(),
        warning=io.StringIO(),
        **kwargs,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    text = strip_escape_sequences(app.warning.getvalue())
    prefix = f"{srcdir}{os.sep}"
    return app, [
        line.replace(prefix, "").replace(": WARNING: ", ": ")
        for line in text.splitlines()
        if line.strip()
    ]


def sphinx_process(
    ext: Path, src: Path, out: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """Build *src* strictly (html) in a fresh interpreter that imports confnotes from *ext*.

    A fresh interpreter sees only *ext*: a copy of the package, or ``_ext``.
    """
    strict = ["-b", "html", "-W", "--keep-going", "-n", "-q"]
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *strict, *extra, str(src), str(out)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ext), "PATH": "/usr/bin:/bin", "HOME": str(out.parent)}
        | {"NO_COLOR": "1"},
        check=False,
        timeout=600,
    )


def add_pages(srcdir: Path, pages: dict[str, str]) -> None:
    """Write *pages* (name -> text) into *srcdir* and list them in a toctree of its index.

    Listed, so that every builder writes them (LaTeX, man and singlehtml
    follow the toctrees alone).
    """
    for name, text in pages.items():
        (srcdir / name).write_text(text, encoding="utf-8")
    index = srcdir / "index.rst"
    entries = "".join(f"   {Path(name).with_suffix('').as_posix()}\n" for name in pages)
    index.write_text(index.read_text("utf-8") + f"\n.. toctree::\n\n{entries}", encoding="utf-8")
