"""Record ``make-check.log``: `make check` run for real on a small broken project.

The project is the scaffold's test root (``tests/roots/test-scaffold``) with
the repository's Makefile, scripts and tool settings, broken on purpose in
every way a pull request can be: a role on the second line of a paragraph
naming an unknown tool, the same in a MyST page (and a MyST warning), a
docutils error, a page in no toctree (a warning with no line), a day stated in
prose, a ruff finding, a file ruff would reformat, trailing whitespace
(sphinx-lint), a type error (mypy) and a failing test. ``CI=true``, as on
GitHub, so Sphinx colours its warnings.

Run it from the repository (``python tests/data/record_make_check.py``) when
the output of a tool changes; ``tests/test_annotate.py`` reads the log. The
project is made at ``--where`` (default: the path a GitHub runner checks the
repository out to), and the log keeps its absolute paths, as CI's does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parents[2]
LOG = Path(__file__).with_name("make-check.log")
WHERE = Path("/home/runner/work/django-circus-notes/django-circus-notes")

BROKEN = {
    # an unknown tool on the second line of a paragraph: the warning must say 14, not 13
    "talks/02-machines.rst": "\nThe machines sent texts\nwith :tool:`nexmo`, then stopped.\n",
    "talks/04-texts.md": (
        "# Texts\n\n```{talk} texts\n:title: Texts\n:speaker: unknown\n:kind: talk\n"
        ":date: 2013-05-15\n:slot: 4\n```\n\nSent with\n{tool}`twilio`.\n\n### Too deep\n\n"
        "A heading level skipped.\n"
    ),
    "talks/05-short.rst": (
        "Short underline\n=====\n\n.. talk:: short\n   :title: Short underline\n"
        "   :speaker: unknown\n   :kind: talk\n   :date: 2013-05-15\n   :slot: 5\n\n"
        "On day 2 it rained. \n"
    ),
    "draft.rst": "Draft\n=====\n\nIn no toctree.\n",
    "scripts/extra.py": '"""A helper."""\nimport os\n\n\ndef twice(x):\n    return x*2\n',
    "_ext/typed.py": (
        '"""Typed."""\n\n\ndef answer() -> int:\n    """Return it."""\n    return "42"\n'
    ),
    "tests/test_broken.py": (
        '"""One test passes, one fails."""\n\n\ndef test_passes() -> None:\n    assert 1 + 1 == 2\n'
        "\n\ndef test_fails() -> None:\n    total = sum([1, 2])\n    assert total == 4\n"
    ),
}


def make_project(dest: Path) -> Path:
    """The scaffold's test root, what `make check` needs beside it, and the breakage."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(SITE / "tests" / "roots" / "test-scaffold", dest)
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(SITE / name, dest / name)
    shutil.copytree(
        SITE / "scripts", dest / "scripts", ignore=shutil.ignore_patterns("__pycache__")
    )
    for path, text in BROKEN.items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path == "talks/02-machines.rst":
            text = target.read_text(encoding="utf-8") + text
        target.write_text(text, encoding="utf-8")
    return dest


def main() -> int:
    """Make the project, run `make check` in it, keep its output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--where", type=Path, default=WHERE)
    args = parser.parse_args()
    root = make_project(args.where)
    env = {**os.environ, "CI": "true", "PYTHONPATH": str(SITE / "_ext")}
    env.pop("NO_COLOR", None)
    cmd = ["make", "-s", "-C", str(root), "-o", "env-dev", "check", f"PYTHON={sys.executable}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    LOG.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    print(f"make check exited {proc.returncode}; wrote {LOG.relative_to(SITE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
