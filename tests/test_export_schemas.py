"""Every test root's ``conference.json`` is valid under its schema; recorded talks are PyVideo's.

Each root of ``tests/roots`` (today's and any added later) is built once with
the html builder, in this process as sphinx.testing builds them (the suite
puts ``_ext`` on ``sys.path``), into a temporary folder, so the roots stay
read-only. A root that loads
``confnotes`` must build and write an export that validates against
``conference.schema.json`` (with formats checked), and each of its talks
with a recording must keep PyVideo's video rules (``tests/pyvideo_rules.py``).
A root without ``confnotes`` (the bibliography's) writes no export.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import pytest
import pyvideo_rules

TESTS = Path(__file__).parent
SCHEMA = TESTS.parent / "_ext" / "confnotes" / "site" / "export" / "conference.schema.json"
ROOTS = sorted(path for path in (TESTS / "roots").glob("test-*") if (path / "conf.py").is_file())
#: MyST 4's ``include`` reads ``env.app``, deprecated in Sphinx 9 (not our code)
pytestmark = pytest.mark.filterwarnings(
    "ignore:'sphinx.environment.BuildEnvironment.app' is deprecated"
)
LOADS_CONFNOTES = re.compile(r"""["']confnotes["']""")


class Built(NamedTuple):
    """One root's html build: its output folder, exit status and messages."""

    outdir: Path
    returncode: int
    stderr: str


def build(root: Path, base: Path) -> Built:
    """Build *root* in this process (sphinx.testing's app; templates compiled once a run)."""
    from sphinx.testing.util import SphinxTestApp

    out = base / root.name
    status, warning = io.StringIO(), io.StringIO()
    try:
        app = SphinxTestApp(
            "html", srcdir=root, builddir=out, freshenv=True, status=status, warning=warning
        )
    except Exception as error:
        return Built(out / "html", 1, f"{type(error).__name__}: {error}")
    try:
        app.build()
        return Built(Path(app.outdir), 0, warning.getvalue())
    except Exception as error:
        return Built(Path(app.outdir), 1, f"{type(error).__name__}: {error}\n{warning.getvalue()}")
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every root built once (in this process: the suite's workers share the cores)."""
    base = tmp_path_factory.mktemp("every-root")
    return {root.name: build(root, base) for root in ROOTS}


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_there_are_roots_to_check() -> None:
    assert len([r for r in ROOTS if LOADS_CONFNOTES.search((r / "conf.py").read_text())]) >= 10


@pytest.mark.parametrize("root", [r.name for r in ROOTS])
def test_every_export_is_valid(builds: dict[str, Built], root: str) -> None:
    built = builds[root]
    assert built.returncode == 0, built.stderr
    export = built.outdir / "conference.json"
    if not LOADS_CONFNOTES.search((TESTS / "roots" / root / "conf.py").read_text()):
        assert not export.exists()
        return
    data: dict[str, Any] = json.loads(export.read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(data)
    ]
    assert errors == []
    for talk in data["talks"]:
        if talk["videos"]:
            assert pyvideo_rules.problems(talk) == [], talk["slug"]


def test_the_check_is_not_vacuous(builds: dict[str, Built]) -> None:
    """A record of schema version 1 (a string ``id``), or an unknown kind, fails both checks."""
    data = json.loads((builds["test-hostile-data"].outdir / "conference.json").read_text())
    recorded = next(t for t in data["talks"] if t["videos"])
    old = {**recorded, "id": recorded["slug"]}
    assert pyvideo_rules.problems(old) != []
    assert not validator().is_valid({**data, "talks": [old]})
    assert not validator().is_valid({**data, "talks": [{**recorded, "kind": "workshop"}]})
    assert not validator().is_valid({**data, "talks": [{**recorded, "slug": "---"}]})
    assert not validator().is_valid({**data, "talks": [{**recorded, "recorded": "2013-02-30"}]})
