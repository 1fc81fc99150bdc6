"""README's settings table names every setting the extension registers, with its part and default.

The settings are read from the sources (every ``add_config_value`` call in
``_ext/``), so a new setting without a row, or a row left over from a
removed one, fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, NamedTuple

import pytest

SITE = Path(__file__).parent.parent
EXT = SITE / "_ext"
README = SITE / "README.md"
HEADING = "## Configuration (`conf.py`)"


class Setting(NamedTuple):
    part: str
    default: Any
    where: str


def part_of(path: Path) -> str:
    """The extension a module belongs to: ``confnotes.core``, ``confnotes.site.web``..."""
    parts = [p for p in path.relative_to(EXT).with_suffix("").parts if p != "__init__"]
    depth = 3 if parts[:2] == ["confnotes", "site"] else 2 if parts[0] == "confnotes" else 1
    return ".".join(parts[:depth])


def argument(call: ast.Call, index: int, name: str) -> ast.expr:
    if len(call.args) > index:
        return call.args[index]
    return next(k.value for k in call.keywords if k.arg == name)


def module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """The values of a module's top-level ``NAME = value`` assignments."""
    return {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def registered() -> dict[str, Setting]:
    """Every ``add_config_value(name, default, ...)`` in ``_ext/``."""
    found = {}
    for path in sorted(EXT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = module_constants(tree)
        for node in tree.body:  # a constant imported from another module of the extension
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("confnotes"):
                source = EXT.joinpath(*node.module.split(".")).with_suffix(".py")
                if not source.is_file():  # a package: its __init__
                    source = source.with_suffix("") / "__init__.py"
                imported = module_constants(ast.parse(source.read_text(encoding="utf-8")))
                names = [a.name for a in node.names if a.name in imported]
                constants.update({name: imported[name] for name in names})
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add_config_value"
            ):
                continue
            where = f"{path.relative_to(SITE).as_posix()}:{node.lineno}"
            name, default = argument(node, 0, "name"), argument(node, 1, "default")
            if isinstance(default, ast.Name):
                default = constants[default.id]  # a module constant
            assert isinstance(name, ast.Constant), f"{where}: a setting's name must be literal"
            found[name.value] = Setting(part_of(path), ast.literal_eval(default), where)
    return found


def table(readme: str) -> dict[str, tuple[str, Any]]:
    """The rows of README's settings table: setting -> (part, default)."""
    section = readme.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split(" | ")]
        setting, part, default, _what = cells
        rows[setting] = (part, ast.literal_eval(default))
    return rows


def differences(readme: str, settings: dict[str, Setting]) -> list[str]:
    """What the table gets wrong about *settings*, one line each."""
    rows = table(readme)
    problems = [
        f"{name} ({setting.where}) is missing from README's settings table"
        for name, setting in settings.items()
        if name not in rows
    ]
    problems += [
        f"README's table lists {name}, which no part registers"
        for name in rows.keys() - settings.keys()
    ]
    for name, (part, default) in rows.items():
        setting = settings.get(name)
        if setting is not None and (part, default) != (setting.part, setting.default):
            problems.append(
                f"{name}: the table says {part}, {default!r};"
                f" {setting.where} registers it in {setting.part} with {setting.default!r}"
            )
    return problems


def test_every_setting_is_in_the_readme_table_with_its_part_and_default() -> None:
    assert differences(README.read_text(encoding="utf-8"), registered()) == []


def test_the_sources_are_read() -> None:
    """Both packages register settings, found with their parts."""
    parts = {setting.part for setting in registered().values()}
    assert "confnotes.core" in parts
    assert "confnotes_bib" in parts


@pytest.mark.parametrize("change", ["drop", "add", "default"])
def test_a_missing_stale_or_wrong_row_is_reported(change: str) -> None:
    readme = README.read_text(encoding="utf-8")
    settings = registered()
    name = next(iter(settings))
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}` |"))
    if change == "drop":
        readme = readme.replace(row + "\n", "")
        expected = f"{name} ({settings[name].where}) is missing from README's settings table"
    elif change == "add":
        readme = readme.replace(row, row + "\n" + row.replace(name, "confnotes_gone", 1))
        expected = "README's table lists confnotes_gone, which no part registers"
    else:
        cells = row.split(" | ")
        cells[2] = "`12345`"  # the default
        readme = readme.replace(row, " | ".join(cells))
        expected = f"{name}: the table says"
    (problem,) = differences(readme, settings)
    assert problem.startswith(expected)
