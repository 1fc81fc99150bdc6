#!/usr/bin/env python3
"""Turn a ``make check`` log into GitHub annotations and a job summary.

CI runs ``make check`` and keeps its output; this script reads that log and
finds every problem in it, with the file and line it names:

* Sphinx, docutils and MyST warnings and errors of every build stage
  (``path:line: WARNING: message [type]``; a warning with no line, such as
  "document isn't included in any toctree", lands on its file; one repeated
  by several builders is one problem);
* ruff findings (``CODE message`` then ``--> path:line:col``, or
  ``path:line:col: CODE message``), files ruff format would change,
  sphinx-lint findings (``path:line: message (check)``), mypy errors
  (``path:line: error: message [code]``);
* failed tests: each ``FAILED``/``ERROR`` of pytest's summary, at the line of
  the test file its traceback stops at.

It prints one GitHub workflow command per problem (``::warning
file=...,line=...::message``), which GitHub shows on that line of the pull
request's diff, and with ``--summary`` appends to the job summary the table
of ``make check`` stages and every problem with a link to its line. GitHub
shows at most 10 error and 10 warning annotations per step, so problems in
the files the pull request changes (``--changed``) come first and a notice
says how many more the summary lists.

Standard library only. Paths are made relative to ``--root`` (the checkout).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
STAGE_RE = re.compile(r"^== (?P<title>.+?): (?P<command>-m \S+(?: \S+)?)")
SPHINX_RE = re.compile(
    r"^(?:(?P<path>\S.*?)(?::(?P<line>\d+))?: )?"
    r"(?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<message>.*)$"
)
TYPE_RE = re.compile(r"\s\[(?P<type>[\w.-]+)\]$")
RUFF_HEAD_RE = re.compile(
    r"^(?P<code>[A-Z]+[0-9]+|[a-z][a-z-]*[a-z]):?(?: \[\*\])? (?P<message>.+)$"
)
RUFF_WHERE_RE = re.compile(r"^\s*--> (?P<path>.+?):(?P<line>\d+):(?P<col>\d+)$")
CONCISE_RE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>\S+) (?P<message>.+)$"
)
LINT_RE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): (?P<message>.*?) \((?P<check>[\w-]+)\)$"
)
MYPY_RE = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<severity>error|warning|note): "
    r"(?P<message>.*?)(?:\s+\[(?P<code>[\w-]+)\])?$"
)
PYTEST_SECTION_RE = re.compile(r"^_{2,} (?P<name>.+?) _{2,}$")
PYTEST_WHERE_RE = re.compile(r"^(?P<path>[^\s:]+\.py):(?P<line>\d+): ?(?P<error>\w[\w.]*)?")
PYTEST_RESULT_RE = re.compile(r"^(?P<kind>FAILED|ERROR) (?P<nodeid>\S+)(?: - (?P<message>.*))?$")
SUMMARY_LINE_RE = re.compile(r"^  (?P<status>passed|FAILED)  (?P<rest>.*)$")
#: what GitHub shows of one level in one step
PER_LEVEL = 10
#: most problems the job summary lists (GitHub caps a step summary at 1 MiB)
SUMMARY_ROWS = 400


@dataclass
class Problem:
    """One problem of the log, where it is and which stages found it."""

    tool: str
    level: str
    path: str
    line: int
    title: str
    message: str
    col: int = 0
    stages: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int, str, str]:
        """Two builders reporting one warning give one problem."""
        return (self.path, self.line, self.title, self.message)

    @property
    def where(self) -> str:
        """``path:line``, ``path``, or "" when the problem names no file."""
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path


def relative(path: str, root: Path) -> tuple[str, str]:
    """``(repository path, "")``, or ``("", path)`` for a file outside the checkout."""
    if not path:
        return "", ""
    candidate = Path(path)
    if not candidate.is_absolute():
        return candidate.as_posix().removeprefix("./"), ""
    try:
        return candidate.relative_to(root).as_posix(), ""
    except ValueError:
        return "", path


# -- Reading the log ------------------------------------------------------------------


def stage_kind(command: str) -> str:
    """Which tool a stage runs, from its command (``-m sphinx ...``)."""
    for prefix, kind in (
        ("-m sphinxlint", "sphinx-lint"),
        ("-m sphinx", "sphinx"),
        ("-m ruff format", "ruff-format"),
        ("-m ruff", "ruff"),
        ("-m mypy", "mypy"),
        ("-m pytest", "pytest"),
    ):
        if command.startswith(prefix):
            return kind
    return ""


def split_stages(lines: list[str]) -> Iterator[tuple[str, str, list[str]]]:
    """``(title, kind, lines)`` of each ``== title: command`` stage of the log."""
    title, kind, body = "", "", []
    for line in lines:
        match = STAGE_RE.match(line)
        if match or line.startswith("make check: summary"):
            if title:
                yield title, kind, body
            title, kind, body = "", "", []
            if match:
                title, kind = match["title"], stage_kind(match["command"])
            continue
        body.append(line)
    if title:
        yield title, kind, body


def sphinx_problems(lines: list[str], root: Path) -> Iterator[Problem]:
    """Warnings and errors of a Sphinx build (docutils' and MyST's among them)."""
    index = 0
    while index < len(lines):
        match = SPHINX_RE.match(lines[index])
        index += 1
        if not match:
            continue
        message = match["message"]
        if not TYPE_RE.search(message):
            # docutils quotes the source under its message; the [type] ends the last line
            for end in range(index, min(index + 12, len(lines))):
                if SPHINX_RE.match(lines[end]):
                    break
                if TYPE_RE.search(lines[end]):
                    message = "\n".join([message, *lines[index : end + 1]])
                    index = end + 1
                    break
        found = TYPE_RE.search(message)
        kind = found["type"] if found else ""
        message = (message[: found.start()] if found else message).strip()
        tool = "MyST" if kind.startswith("myst") else "docutils" if kind == "docutils" else "Sphinx"
        path, outside = relative(match["path"] or "", root)
        if outside:
            message = f"{outside}: {message}"
        level = "warning" if match["level"] == "WARNING" else "error"
        yield Problem(
            tool,
            level,
            path,
            int(match["line"] or 0) if path else 0,
            f"{tool}: {kind}" if kind and kind != "docutils" else tool,
            message,
        )


def ruff_problems(lines: list[str], root: Path) -> Iterator[Problem]:
    """Read the findings of ``ruff check``, in its full and its concise format."""
    for index, line in enumerate(lines):
        concise = CONCISE_RE.match(line)
        if concise:
            path, _ = relative(concise["path"], root)
            yield Problem(
                "ruff",
                "warning",
                path,
                int(concise["line"]),
                f"ruff: {concise['code']}",
                concise["message"],
                int(concise["col"]),
            )
            continue
        head = RUFF_HEAD_RE.match(line)
        if not head or head["code"] in {"help", "note", "warning", "error"}:
            continue
        for after in lines[index + 1 : index + 3]:
            where = RUFF_WHERE_RE.match(after)
            if where:
                path, _ = relative(where["path"], root)
                yield Problem(
                    "ruff",
                    "warning",
                    path,
                    int(where["line"]),
                    f"ruff: {head['code']}",
                    head["message"],
                    int(where["col"]),
                )
                break


def ruff_format_problems(lines: list[str], root: Path) -> Iterator[Problem]:
    """Files ``ruff format --check`` would reformat (at the first change, when it says)."""
    message = "ruff format would reformat this file: run `ruff format` on it"
    for index, line in enumerate(lines):
        if line.startswith("Would reformat: "):
            path, _ = relative(line.removeprefix("Would reformat: ").strip(), root)
            yield Problem("ruff format", "warning", path, 0, "ruff format", message)
        elif line.startswith("unformatted: "):
            for after in lines[index + 1 : index + 3]:
                where = RUFF_WHERE_RE.match(after)
                if where:
                    path, _ = relative(where["path"], root)
                    line_no = int(where["line"])
                    yield Problem("ruff format", "warning", path, line_no, "ruff format", message)
                    break


def sphinx_lint_problems(lines: list[str], root: Path) -> Iterator[Problem]:
    """Read the findings of sphinx-lint."""
    for line in lines:
        match = LINT_RE.match(line)
        if match:
            path, _ = relative(match["path"], root)
            yield Problem(
                "sphinx-lint",
                "warning",
                path,
                int(match["line"]),
                f"sphinx-lint: {match['check']}",
                match["message"],
            )


def mypy_problems(lines: list[str], root: Path) -> Iterator[Problem]:
    """Read the errors of mypy; its notes go with the error before them."""
    last: Problem | None = None
    for line in lines:
        match = MYPY_RE.match(line)
        if not match:
            continue
        if match["severity"] == "note":
            if last is not None:
                last.message += "\n" + match["message"]
            continue
        if last is not None:
            yield last
        path, _ = relative(match["path"], root)
        code = f": {match['code']}" if match["code"] else ""
        last = Problem(
            "mypy",
            "error" if match["severity"] == "error" else "warning",
            path,
            int(match["line"]),
            f"mypy{code}",
            match["message"],
            int(match["col"] or 0),
        )
    if last is not None:
        yield last


def pytest_sections(lines: list[str]) -> dict[str, list[str]]:
    """Group the lines of each ``____ test_name ____`` section of pytest's failures."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        match = PYTEST_SECTION_RE.match(line)
        if match:
            current = sections.setdefault(match["name"], [])
        elif line.startswith("====="):
            current = None
        elif current is not None:
            current.append(line)
    return sections


def def_line(root: Path, path: str, function: str) -> int:
    """Find the line of ``def function`` in a test file (0 when it cannot be read)."""
    try:
        text = (root / path).read_text(encoding="utf-8")
    except OSError:
        return 0
    match = re.search(rf"^\s*(?:async )?def {re.escape(function)}\b", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def pytest_problems(lines: list[str], root: Path) -> Iterator[Problem]:
    """Each failed test (and error) of pytest's short summary, where its traceback stops."""
    sections = pytest_sections(lines)
    for line in lines:
        result = PYTEST_RESULT_RE.match(line)
        if not result:
            continue
        nodeid = result["nodeid"]
        path, _, name = nodeid.partition("::")
        shown = name.replace("::", ".")
        section = sections.get(shown) or sections.get(f"ERROR at setup of {shown}")
        section = section or sections.get(f"ERROR at teardown of {shown}")
        section = section or sections.get(f"ERROR collecting {path}") or []
        places = [m for m in map(PYTEST_WHERE_RE.match, section) if m]
        in_file = [m for m in places if m["path"] == path]
        chosen = (in_file or places or [None])[-1]
        line_no = int(chosen["line"]) if chosen else 0
        if chosen is not None and chosen["path"] != path:
            path = chosen["path"]
        if not line_no and name:
            line_no = def_line(root, path, name.split("::")[-1].split("[")[0])
        details = [s[1:].strip() for s in section if s.startswith("E ")]
        message = "\n".join(details[:20]) or result["message"] or "failed"
        verb = "failed" if result["kind"] == "FAILED" else "error"
        yield Problem(
            "pytest",
            "error",
            relative(path, root)[0],
            line_no,
            f"pytest: {shown or path} {verb}",
            message,
        )


PARSERS = {
    "sphinx": sphinx_problems,
    "ruff": ruff_problems,
    "ruff-format": ruff_format_problems,
    "sphinx-lint": sphinx_lint_problems,
    "mypy": mypy_problems,
    "pytest": pytest_problems,
}


def read_log(text: str, root: Path) -> tuple[list[Problem], list[tuple[str, str, str]]]:
    """Every problem of a ``make check`` log (once each), and its summary's rows."""
    lines = [ANSI_RE.sub("", line).rstrip("\r") for line in text.splitlines()]
    found: dict[tuple[str, int, str, str], Problem] = {}
    for title, kind, body in split_stages(lines):
        parse = PARSERS.get(kind)
        for problem in parse(body, root) if parse else ():
            kept = found.setdefault(problem.key, problem)
            if title not in kept.stages:
                kept.stages.append(title)
    return list(found.values()), summary_rows(lines)


def summary_rows(lines: list[str]) -> list[tuple[str, str, str]]:
    """``(status, stage, detail)`` of each line of ``make check: summary``."""
    rows = []
    if "make check: summary" not in lines:
        return rows
    for line in lines[lines.index("make check: summary") + 1 :]:
        match = SUMMARY_LINE_RE.match(line)
        if not match:
            break
        stage, *detail = re.split(r"\s{2,}", match["rest"].strip(), maxsplit=1)
        rows.append((match["status"], stage, detail[0] if detail else ""))
    return rows


# -- Writing annotations and the summary ---------------------------------------------------


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property (file, title)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(problem: Problem) -> str:
    """``::warning file=talks/x.rst,line=12,title=Sphinx: ref.tool::unknown tool ...``."""
    props = []
    if problem.path:
        props.append(f"file={escape_property(problem.path)}")
        if problem.line:
            props.append(f"line={problem.line}")
            if problem.col:
                props.append(f"col={problem.col}")
    props.append(f"title={escape_property(problem.title)}")
    return f"::{problem.level} {','.join(props)}::{escape_data(problem.message)}"


def ordered(problems: Iterable[Problem], changed: set[str]) -> list[Problem]:
    """Problems in the pull request's files first, then by file and line."""
    return sorted(problems, key=lambda p: (p.path not in changed, p.path == "", p.path, p.line))


def annotations(problems: list[Problem], changed: set[str]) -> list[str]:
    """Write the commands GitHub will show (at most 10 of each level), then a notice."""
    shown: list[str] = []
    counts = {"error": 0, "warning": 0}
    rest = 0
    for problem in ordered(problems, changed):
        if counts[problem.level] < PER_LEVEL:
            counts[problem.level] += 1
            shown.append(command(problem))
        else:
            rest += 1
    if rest:
        shown.append(
            f"::notice title=make check::{rest} more problem{'s' * (rest > 1)} than GitHub "
            "shows as annotations of one step: the job summary lists every one"
        )
    return shown


def cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes and HTML escaped."""
    text = " ".join(text.split())
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(char, entity)
    return text if len(text) <= 300 else text[:297] + "..."


def link(problem: Problem) -> str:
    """Write the problem's place, linked to its line on GitHub when the run says where."""
    where = f"`{problem.where}`" if problem.where else "(no file)"
    server, repo = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("ANNOTATE_SHA") or os.environ.get("GITHUB_SHA")
    if not (problem.path and server and repo and sha):
        return where
    anchor = f"#L{problem.line}" if problem.line else ""
    return f"[{where}]({server}/{repo}/blob/{sha}/{problem.path}{anchor})"


def stages(titles: list[str]) -> str:
    """Name the stages that found a problem: ``html, latex builds; plain prose``."""
    builders = [m[1] for m in (re.fullmatch(r"strict (\S+) build", t) for t in titles) if m]
    others = [t for t in titles if not re.fullmatch(r"strict \S+ build", t)]
    return "; ".join([f"{', '.join(builders)} builds"] * bool(builders) + others)


def summary(problems: list[Problem], rows: list[tuple[str, str, str]], changed: set[str]) -> str:
    """Write the job summary: the stages' table, then every problem."""
    out = ["## make check", ""]
    if rows:
        out += ["| | Stage | Problems |", "| --- | --- | --- |"]
        out += [
            f"| {'✅' if status == 'passed' else '❌'} {status} | {cell(stage)} | {cell(detail)} |"
            for status, stage, detail in rows
        ]
        out.append("")
    if not problems:
        out.append("No problem found in the log.")
        return "\n".join(out) + "\n"
    count = len(problems)
    out += [f"### {count} problem{'s' * (count > 1)}", ""]
    out += ["| Where | Tool | Problem | Stages |", "| --- | --- | --- | --- |"]
    for problem in ordered(problems, changed)[:SUMMARY_ROWS]:
        mark = " (changed)" if problem.path in changed else ""
        out.append(
            f"| {link(problem)}{mark} | {cell(problem.title)} | {cell(problem.message)} "
            f"| {cell(stages(problem.stages))} |"
        )
    if count > SUMMARY_ROWS:
        out.append(f"\n{count - SUMMARY_ROWS} more: see the log of the `make check` step.")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Read the log; print the annotations; append the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path, help="the output of `make check`")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout (paths)")
    parser.add_argument("--summary", type=Path, help="append the job summary to this file")
    parser.add_argument(
        "--changed", type=Path, help="a file listing the paths the pull request changes"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    problems, rows = read_log(args.log.read_text(encoding="utf-8", errors="replace"), root)
    changed: set[str] = set()
    if args.changed and args.changed.exists():
        changed = set(args.changed.read_text(encoding="utf-8").split())
    for line in annotations(problems, changed):
        print(line)
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as handle:
            handle.write(summary(problems, rows, changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
