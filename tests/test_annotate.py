"""scripts/annotate.py: a recorded `make check` log becomes GitHub annotations and a summary.

``tests/data/make-check.log`` is the real output of ``make check`` on a small
broken project (``tests/data/record_make_check.py`` makes it and runs it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

SITE = Path(__file__).parent.parent
SCRIPT = SITE / "scripts" / "annotate.py"
DATA = Path(__file__).parent / "data"
LOG = DATA / "make-check.log"
WORKFLOW = SITE / ".github" / "workflows" / "ci.yml"


@pytest.fixture(scope="module")
def annotate(load_script: Callable[[Path], ModuleType]) -> ModuleType:
    return load_script(SCRIPT)


@pytest.fixture(scope="module")
def recorder(load_script: Callable[[Path], ModuleType]) -> ModuleType:
    return load_script(DATA / "record_make_check.py")


def log_root() -> Path:
    """The checkout the log was recorded in (pytest prints it as its rootdir)."""
    match = re.search(r"^rootdir: (\S+)$", LOG.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, "the log has no pytest rootdir line"
    return Path(match[1])


def run(
    annotate: ModuleType, tmp_path: Path, capsys: Any, changed: list[str] = ()
) -> tuple[list[str], str]:
    summary = tmp_path / "summary.md"
    listing = tmp_path / "changed.txt"
    listing.write_text("\n".join(changed) + "\n", encoding="utf-8")
    args = [str(LOG), "--root", str(log_root()), "--summary", str(summary)]
    assert annotate.main([*args, "--changed", str(listing)]) == 0
    return capsys.readouterr().out.splitlines(), summary.read_text(encoding="utf-8")


def parse(command: str) -> dict[str, str]:
    """``::warning file=a,line=3,title=t::message`` as a dict, unescaped."""
    match = re.fullmatch(r"::(?P<level>\w+) (?P<props>[^:]*)::(?P<message>.*)", command)
    assert match, command
    found = {"level": match["level"], "message": match["message"]}
    for prop in match["props"].split(","):
        name, _, value = prop.partition("=")
        found[name] = value
    for name, value in found.items():
        for code, char in (("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            value = value.replace(code, char)
        found[name] = value
    return found


def role_line(recorder: ModuleType, path: str, role: str) -> int:
    """The line of *role* in the broken project's *path*, as the recorder wrote it."""
    text = recorder.BROKEN[path]
    base = SITE / "tests" / "roots" / "test-scaffold" / path
    if base.exists():
        text = base.read_text(encoding="utf-8") + text
    return text[: text.index(role)].count("\n") + 1


def test_every_problem_of_the_log_is_an_annotation_on_its_line(
    annotate: ModuleType, recorder: ModuleType, tmp_path: Path, capsys: Any
) -> None:
    commands, _ = run(annotate, tmp_path, capsys)
    found = {
        (a["level"], a.get("file", ""), a.get("line", ""), a["title"]): a["message"]
        for a in map(parse, commands)
    }
    machines = str(role_line(recorder, "talks/02-machines.rst", ":tool:`nexmo`"))
    texts = str(role_line(recorder, "talks/04-texts.md", "{tool}`twilio`"))
    assert found == {
        # Sphinx, at the role's own line (the second line of its paragraph), once
        # although nine stages reported it
        ("warning", "talks/02-machines.rst", machines, "Sphinx: ref.tool"): (
            "unknown tool: 'nexmo'; tools are declared in tools.rst"
        ),
        # a MyST page: Sphinx's warning and MyST's own
        ("warning", "talks/04-texts.md", texts, "Sphinx: ref.tool"): (
            "unknown tool: 'twilio'; tools are declared in tools.rst"
        ),
        ("warning", "talks/04-texts.md", "14", "MyST: myst.header"): (
            "Non-consecutive header level increase; H1 to H3"
        ),
        # docutils, with the source it quotes
        ("warning", "talks/05-short.rst", "2", "docutils"): (
            "Title underline too short.\n\nShort underline\n====="
        ),
        # a warning with no line lands on its file
        ("warning", "draft.rst", "", "Sphinx: toc.not_included"): (
            "document isn't included in any toctree"
        ),
        # the prose check of make check
        ("warning", "talks/05-short.rst", "11", "Sphinx: confnotes.stated_day"): (
            "'day 2' names a day of the programme: it goes stale when a talk or a day is "
            "added. Leave it out: the programme, the sidebar and the lightning index say it "
            "from the talks' data"
        ),
        # the linters
        ("warning", "scripts/extra.py", "2", "ruff: F401"): "`os` imported but unused",
        ("warning", "scripts/extra.py", "5", "ruff: D103"): "Missing docstring in public function",
        ("warning", "scripts/extra.py", "2", "ruff format"): (
            "ruff format would reformat this file: run `ruff format` on it"
        ),
        ("warning", "talks/05-short.rst", "11", "sphinx-lint: trailing-whitespace"): (
            "trailing whitespace"
        ),
        ("error", "_ext/typed.py", "6", "mypy: return-value"): (
            'Incompatible return value type (got "str", expected "int")'
        ),
        # the failed test, where its traceback stops in the test file
        ("error", "tests/test_broken.py", "10", "pytest: test_fails failed"): "assert 3 == 4",
    }
    # every file the recorder broke has its annotation
    assert {f for _, f, _, _ in found} == set(recorder.BROKEN)


def test_the_pull_requests_files_come_first(
    annotate: ModuleType, tmp_path: Path, capsys: Any
) -> None:
    commands, _ = run(annotate, tmp_path, capsys, changed=["talks/05-short.rst"])
    files = [parse(c).get("file", "") for c in commands]
    first = files.count("talks/05-short.rst")
    assert first == 3  # a docutils warning, a stated day, trailing whitespace
    assert files[:first] == ["talks/05-short.rst"] * first


def test_the_summary_has_the_stages_and_every_problem(
    annotate: ModuleType, tmp_path: Path, capsys: Any
) -> None:
    commands, summary = run(annotate, tmp_path, capsys, changed=["draft.rst"])
    stages = re.findall(r"^\| (?:✅|❌) (passed|FAILED) \| ([^|]+) \| ([^|]*) \|$", summary, re.M)
    log = LOG.read_text(encoding="utf-8")
    expected = re.findall(
        r"^  (passed|FAILED)  (.+?)(?:  +(.+))?$", log.split("summary\n")[-1], re.M
    )
    assert [(s, t.strip(), d.strip()) for s, t, d in stages] == expected
    assert ("FAILED", "ruff format --check", "1 file") in expected  # counted, not "exit status 1"
    rows = re.findall(r"^\| `([^`]+)`( \(changed\))? \| ([^|]+) \|", summary, re.M)
    assert len(rows) == len(commands)  # nothing left out of either
    assert rows[0] == ("draft.rst", " (changed)", "Sphinx: toc.not_included")
    assert "| `talks/02-machines.rst:" in summary
    row = next(line for line in summary.splitlines() if "talks/04-texts.md:14" in line)
    assert row.endswith(
        "| html, dirhtml, singlehtml, epub, latex, text, man, gettext builds;"
        " plain prose: tool mentions, days, counts |"
    )


def test_links_to_the_line_on_github(
    annotate: ModuleType, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "owner/notes")
    monkeypatch.setenv("ANNOTATE_SHA", "0123abc")
    _, summary = run(annotate, tmp_path, capsys)
    assert "[`_ext/typed.py:6`](https://github.com/owner/notes/blob/0123abc/_ext/typed.py#L6)" in (
        summary
    )
    assert "[`draft.rst`](https://github.com/owner/notes/blob/0123abc/draft.rst)" in summary


def test_more_than_github_shows_ends_with_a_notice(annotate: ModuleType) -> None:
    log = "== strict html build: -m sphinx -b html\n" + "".join(
        f"/r/page{n:02}.rst:{n}: WARNING: problem {n} [ref.tool]\n" for n in range(25)
    )
    problems, _ = annotate.read_log(log, Path("/r"))
    assert len(problems) == 25
    shown = annotate.annotations(problems, set())
    assert len(shown) == 11 and shown[-1].startswith("::notice title=make check::15 more problems")
    assert shown[0] == "::warning file=page00.rst,title=Sphinx%3A ref.tool::problem 0"


def test_commands_escape_what_would_end_them(annotate: ModuleType) -> None:
    log = (
        "== mypy: -m mypy\n"
        "pkg/a, b.py:3: error: 100% wrong: here  [misc]\n"
        "pkg/a, b.py:3: note: see the docs\n"
    )
    (problem,), _ = annotate.read_log(log, Path("/r"))
    assert annotate.command(problem) == (
        "::error file=pkg/a%2C b.py,line=3,title=mypy%3A misc::100%25 wrong: here%0Asee the docs"
    )


def test_outside_paths_and_the_concise_ruff_format(annotate: ModuleType) -> None:
    log = (
        "== strict html build: -m sphinx -b html\n"
        "/usr/lib/x/theme.html:4: WARNING: template problem [theme]\n"
        "WARNING: html_static_path entry '_missing' does not exist\n"
        "== ruff check: -m ruff check .\n"
        "conf.py:7:1: E402 Module level import not at top of file\n"
        "== ruff format --check: -m ruff format --check .\n"
        "Would reformat: conf.py\n"
    )
    problems, _ = annotate.read_log(log, Path("/r"))
    assert [(p.path, p.line, p.title, p.message) for p in problems] == [
        ("", 0, "Sphinx: theme", "/usr/lib/x/theme.html: template problem"),
        ("", 0, "Sphinx", "html_static_path entry '_missing' does not exist"),
        ("conf.py", 7, "ruff: E402", "Module level import not at top of file"),
        (
            "conf.py",
            0,
            "ruff format",
            "ruff format would reformat this file: run `ruff format` on it",
        ),
    ]


def test_ci_runs_the_converter_on_the_make_check_log() -> None:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = data["jobs"].values()
    steps = {step.get("name", ""): step for step in job["steps"]}
    check = next(s for n, s in steps.items() if n.startswith("make check"))
    assert "make check" in check["run"] and "tee make-check.log" in check["run"]
    assert check["shell"].startswith("bash") and "pipefail" in check["shell"]
    annotate = next(s for s in job["steps"] if "scripts/annotate.py" in s.get("run", ""))
    assert annotate["if"] == "${{ !cancelled() }}"
    assert "make-check.log" in annotate["run"] and "$GITHUB_STEP_SUMMARY" in annotate["run"]
