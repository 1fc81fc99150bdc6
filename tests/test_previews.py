"""Read the Docs previews: the skip rule for pull requests, and the workflow that links them.

A pull request that changes no page or setting of the site gets no preview
build (``.readthedocs.yaml`` runs ``scripts/preview_unchanged.sh`` and exits
183, which cancels a Read the Docs build); ``.github/workflows/preview.yml``
adds the preview's address to the pull request, for the same paths.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

SITE = Path(__file__).parent.parent
RULE = SITE / "scripts" / "preview_unchanged.sh"
RTD = SITE / ".readthedocs.yaml"
PREVIEW = SITE / ".github" / "workflows" / "preview.yml"
CANCEL = 183  # the exit status that cancels a Read the Docs build


def not_the_site() -> list[str]:
    """The paths the rule says no build reads, as the script lists them."""
    text = RULE.read_text(encoding="utf-8")
    block = text.split("NOT_THE_SITE='", 1)[1].split("'", 1)[0]
    return block.split()


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=GIT_ENV
    )
    return proc.stdout


GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
#: a few files of each kind the site has, at the base of every pull request
BASE_FILES = (
    "conf.py",
    "index.rst",
    "talks/01-opening.rst",
    "talks/02-md.md",
    "_ext/confnotes/__init__.py",
    "_static/confnotes.css",
    "references.bib",
    "requirements.txt",
    "requirements-test.txt",
    ".readthedocs.yaml",
    "README.md",
    "tests/test_x.py",
    "scripts/new_talk.py",
    "templates/talk.rst.tmpl",
    ".github/workflows/ci.yml",
)


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A clone of an ``origin`` whose ``main`` has the base files, on a pull request branch."""
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git(upstream, "init", "-q", "-b", "main")
    for name in BASE_FILES:
        (upstream / name).parent.mkdir(parents=True, exist_ok=True)
        (upstream / name).write_text(f"{name}\n", encoding="utf-8")
    (upstream / "scripts" / RULE.name).write_text(RULE.read_text("utf-8"), encoding="utf-8")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "base")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    git(clone, "checkout", "-q", "-b", "pull-request")
    return clone


def change(repo: Path, *paths: str) -> None:
    """Commit a change to each path (a new file where there is none)."""
    for name in paths:
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(old + "changed\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")


def rule(repo: Path, base: str = "origin/main") -> int:
    proc = subprocess.run(
        ["sh", str(repo / "scripts" / RULE.name), base], cwd=repo, env=GIT_ENV, check=False
    )
    return proc.returncode


@pytest.mark.parametrize(
    "paths",
    [
        ["tests/test_x.py"],
        ["README.md", "CONTRIBUTING.md", "tests/roots/test-new/index.rst"],
        ["scripts/new_talk.py", "templates/talk.rst.tmpl", ".github/workflows/ci.yml"],
        ["requirements-test.txt", "tox.ini", "Makefile", "benchmarks/run.py"],
    ],
)
def test_no_preview_when_nothing_the_build_reads_changed(origin: Path, paths: list[str]) -> None:
    change(origin, *paths)
    assert rule(origin) == 0


@pytest.mark.parametrize(
    "paths",
    [
        ["talks/01-opening.rst"],
        ["talks/02-md.md", "tests/test_x.py"],  # a page among tests still changes the site
        ["talks/03-new.rst"],
        ["conf.py"],
        ["_ext/confnotes/__init__.py"],
        ["_static/confnotes.css"],
        ["references.bib"],
        ["requirements.txt"],
        [".readthedocs.yaml"],
        ["notes/a-folder-of-pages-nobody-listed.md"],  # unknown: build, to be safe
    ],
)
def test_a_preview_when_a_page_or_a_setting_changed(origin: Path, paths: list[str]) -> None:
    change(origin, *paths)
    assert rule(origin) == 1


def test_a_preview_when_git_cannot_tell(origin: Path) -> None:
    change(origin, "tests/test_x.py")
    assert rule(origin, "origin/no-such-branch") == 2
    orphan = origin.parent / "orphan"
    git(origin.parent, "init", "-q", "-b", "other", str(orphan))
    (orphan / "scripts").mkdir()
    shutil.copy(RULE, orphan / "scripts" / RULE.name)
    git(orphan, "add", "-A")
    git(orphan, "commit", "-q", "-m", "unrelated")
    git(orphan, "fetch", "-q", str(origin), "main:refs/remotes/origin/main")
    assert rule(orphan) == 2  # no common ancestor


def test_the_listed_folders_are_never_read_by_a_build() -> None:
    """Every folder of the list is excluded in conf.py; every file is no page or excluded."""
    tree = ast.parse((SITE / "conf.py").read_text(encoding="utf-8"))
    assigned = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    excluded = set(ast.literal_eval(assigned["exclude_patterns"]))
    suffixes = set(ast.literal_eval(assigned["source_suffix"]))
    for path in not_the_site():
        if path.endswith("/"):
            assert path.rstrip("/") in excluded, path
        else:
            assert Path(path).suffix not in suffixes or path in excluded, path
    # and what the site is built from is never listed
    for built in ("conf.py", "_ext/", "_static/", "talks/", "references.bib", "requirements.txt"):
        assert built not in not_the_site()


def rtd_job() -> str:
    config: dict[str, Any] = yaml.safe_load(RTD.read_text(encoding="utf-8"))
    (command,) = config["build"]["jobs"]["post_checkout"]
    return str(command)


@pytest.mark.parametrize(
    ("version_type", "paths", "status"),
    [
        ("external", ["tests/test_x.py"], CANCEL),
        ("external", ["talks/01-opening.rst"], 0),
        ("branch", ["tests/test_x.py"], 0),  # branches and tags always build
    ],
)
def test_read_the_docs_cancels_a_pull_request_that_changes_no_page(
    origin: Path, version_type: str, paths: list[str], status: int
) -> None:
    """The job of .readthedocs.yaml itself, as Read the Docs runs it after the checkout."""
    change(origin, *paths)
    git(origin, "update-ref", "-d", "refs/remotes/origin/main")  # the job fetches it
    env = {**GIT_ENV, "READTHEDOCS_VERSION_TYPE": version_type}
    proc = subprocess.run(
        ["bash", "-c", rtd_job()], cwd=origin, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == status, proc.stdout + proc.stderr
    if status == CANCEL:
        assert "no preview to build" in proc.stdout


def actionlint() -> str:
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is missing: pip install -r requirements-test.txt")
    return found


def test_every_workflow_passes_actionlint() -> None:
    workflows = sorted((SITE / ".github" / "workflows").glob("*.yml"))
    assert PREVIEW in workflows
    proc = subprocess.run(
        [actionlint(), "-no-color", *map(str, workflows)],
        capture_output=True,
        text=True,
        check=False,
        cwd=SITE,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_preview_workflow_links_and_never_runs_the_pull_requests_code() -> None:
    data: dict[Any, Any] = yaml.safe_load(PREVIEW.read_text(encoding="utf-8"))
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    (trigger,) = triggers
    assert trigger == "pull_request_target"
    assert data["permissions"] == {"pull-requests": "write"}
    (job,) = data["jobs"].values()
    assert "vars.READTHEDOCS_PROJECT" in job["if"]  # the project is named, never guessed
    (step,) = job["steps"]
    assert step["uses"].startswith("readthedocs/actions/preview@")
    assert step["with"]["project-slug"] == "${{ vars.READTHEDOCS_PROJECT }}"
    assert "{docs-pr-index-url}" in step["with"]["message-template"]
    # the same paths as the skip rule: no link where Read the Docs builds nothing
    ignored = triggers["pull_request_target"]["paths-ignore"]
    assert ignored == [p + "**" if p.endswith("/") else p for p in not_the_site()]
