"""The pull-request workflow is valid (actionlint) and runs what `make check` runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOW = Path(__file__).parent.parent / ".github" / "workflows" / "ci.yml"


def actionlint() -> str:
    """The actionlint executable installed from requirements-test.txt."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is missing: pip install -r requirements-test.txt")
    return found


def test_workflow_passes_actionlint() -> None:
    proc = subprocess.run(
        [actionlint(), "-no-color", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
        cwd=WORKFLOW.parents[2],
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The check is not vacuous: a typo in an expression fails it."""
    broken = tmp_path / ".github" / "workflows" / "ci.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("matrix.python", "matrix.pyhton", 1),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [actionlint(), "-no-color", str(broken)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode != 0 and "pyhton" in proc.stdout


def test_workflow_runs_make_check_with_the_browser_tests_on_pull_requests() -> None:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    (job,) = data["jobs"].values()
    runs = [step.get("run", "") for step in job["steps"]]
    assert any(line.strip().startswith("make check") for run in runs for line in run.splitlines())
    # `make check` runs the whole suite; CI makes a missing browser fail, not skip
    assert job["env"]["CI"] == "true" and job["env"]["CHROMIUM"]
    assert set(job["strategy"]["matrix"]["python"]) == {"3.11", "3.13"}
