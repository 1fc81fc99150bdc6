"""A maintainer adds a view by adding one module to ``confnotes/core/views/``.

The example is the one a new maintainer tried: a directive listing each talk
with the tools it mentions. It is written as one new module in a copy of the
package (nothing else of the package changes), built from a test root in a
fresh interpreter, and kept up to date by an incremental build when a talk
mentions one more tool. A module in ``views/`` that forgets its ``VIEW``,
and a placeholder no view declares, are errors.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from root_builds import sphinx_process
from sphinx.errors import ExtensionError

SITE = Path(__file__).resolve().parent.parent
ROOT = Path(__file__).parent / "roots" / "test-talks"

NEW_VIEW = '''\
"""The ``talk-tool-list`` view: each talk with the tools it mentions."""

from __future__ import annotations

from docutils import nodes

from confnotes.core import keys
from confnotes.core.declaration import ViewDirective
from confnotes.core.nodes import ConfPlaceholder, xref
from confnotes.core.view import View


class talk_tool_list(ConfPlaceholder):
    """Where the list goes."""


class TalkToolListDirective(ViewDirective):
    """``.. talk-tool-list::`` (its name and placeholder are the VIEW's)"""


def build(env, domain, node):
    items = []
    for talk in domain.shown().talks:
        tools = domain.tools_mentioned_by(talk.docname, talk.id, shown_only=True)
        para = nodes.paragraph("", "", xref("talk", talk.id, talk.title, node["docname"]))
        para += nodes.Text(": " + (", ".join(tools) or "none"))
        items.append(nodes.list_item("", para))
    return [nodes.bullet_list("", *items, classes=["talk-tool-list"])]


def uses(domain, docname, attributes):
    return [keys.Every(keys.Talk), keys.Every(keys.MentionsOf)]


VIEW = View(
    name="talk-tool-list",
    placeholder=talk_tool_list,
    build=build,
    uses=uses,
    directive=TalkToolListDirective,
)
'''


def package_copy(dest: Path, module: str | None) -> Path:
    """Copy ``_ext`` to *dest*, with *module* as a new view module if given."""
    ext = dest / "ext"
    shutil.copytree(SITE / "_ext", ext, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if module is not None:
        (ext / "confnotes" / "core" / "views" / "talk_tool_list.py").write_text(module)
    return ext


def project(dest: Path) -> Path:
    """The test-talks root with one page holding the new view."""
    src = dest / "src"
    shutil.copytree(ROOT, src)
    (src / "overview.rst").write_text("Overview\n========\n\n.. talk-tool-list::\n")
    index = src / "index.rst"
    index.write_text(index.read_text().rstrip("\n") + "\n   overview\n")
    return src


def sphinx(ext: Path, src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build *src* strictly in a fresh interpreter that imports the package from *ext*."""
    return sphinx_process(ext, src, out, *extra)


def tools_by_talk(out: Path) -> dict[str, str]:
    """The new view's rows: talk title -> its tools, as rendered."""
    soup = BeautifulSoup((out / "overview.html").read_text(), "html.parser")
    rows = {}
    for item in soup.select("ul.talk-tool-list > li"):
        title = item.a.get_text()
        rows[title] = item.get_text().removeprefix(title).removeprefix(": ")
    return rows


def test_a_new_view_is_one_module_and_stays_up_to_date(tmp_path: Path) -> None:
    ext = package_copy(tmp_path, NEW_VIEW)
    src = project(tmp_path)
    out = tmp_path / "out"
    first = sphinx(ext, src, out)
    assert first.returncode == 0, first.stderr
    before = tools_by_talk(out)
    assert before, "the view rendered no talk"
    assert any("psutil" in tools for tools in before.values())
    assert "none" in before.values()  # a talk without mentions

    # a talk that mentioned nothing now mentions a tool: the view's page is re-written
    talk_page = src / "talks" / "kopernik.rst"
    talk_page.write_text(talk_page.read_text() + "\nIt also uses :tool:`envdir`.\n")
    second = sphinx(ext, src, out)
    assert second.returncode == 0, second.stderr
    fresh = tmp_path / "fresh"
    third = sphinx(ext, src, fresh, "-E")
    assert third.returncode == 0, third.stderr
    assert tools_by_talk(out) == tools_by_talk(fresh) != before
    assert "envdir" in "".join(tools_by_talk(out).values())


def test_a_project_adds_a_view_in_a_module_of_its_own(tmp_path: Path) -> None:
    """``confnotes_views`` names a module outside the package: the installed package is untouched.

    The same module, on the project's own path; strict in HTML and text, and
    kept up to date by an incremental build.
    """
    ext = SITE / "_ext"  # the package as it is
    src = project(tmp_path)
    (src / "_views").mkdir()
    (src / "_views" / "talk_tool_list.py").write_text(NEW_VIEW)
    conf = src / "conf.py"
    conf.write_text(
        "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent / '_views'))\n"
        + conf.read_text()
        + '\nconfnotes_views = ["talk_tool_list"]\n'
    )
    out = tmp_path / "out"
    first = sphinx(ext, src, out)
    assert first.returncode == 0, first.stderr
    before = tools_by_talk(out)
    assert any("psutil" in tools for tools in before.values())
    text = sphinx(ext, src, tmp_path / "text", "-b", "text")
    assert text.returncode == 0, text.stderr
    assert "psutil" in (tmp_path / "text" / "overview.txt").read_text()
    parallel = sphinx(ext, src, tmp_path / "j2", "-j", "2")
    assert parallel.returncode == 0, parallel.stderr
    assert tools_by_talk(tmp_path / "j2") == before
    talk_page = src / "talks" / "kopernik.rst"
    talk_page.write_text(talk_page.read_text() + "\nIt also uses :tool:`envdir`.\n")
    assert sphinx(ext, src, out).returncode == 0
    assert sphinx(ext, src, tmp_path / "fresh").returncode == 0
    assert tools_by_talk(out) == tools_by_talk(tmp_path / "fresh") != before
    # a name that is no module is an error that names it
    conf.write_text(conf.read_text().replace('["talk_tool_list"]', '["no_such_views"]'))
    missing = sphinx(ext, src, tmp_path / "missing", "-E")
    assert missing.returncode != 0 and "'no_such_views'" in missing.stderr


def test_two_views_of_one_name_are_an_error_and_the_setting_is_a_list() -> None:
    from confnotes.core.views import declared, views_of
    from sphinx.errors import ConfigError

    with pytest.raises(ExtensionError, match="two views declare the same name: speaker-grid"):
        declared(("confnotes.core.views.speaker_grid",))
    with pytest.raises(ConfigError, match="confnotes_views must be a list of module names"):
        views_of(SimpleNamespace(confnotes_views="my_view"))  # type: ignore[arg-type]


def test_a_view_module_without_its_declaration_is_an_error(tmp_path: Path) -> None:
    ext = package_copy(tmp_path, NEW_VIEW.replace("\nVIEW = View(", "\nFORGOTTEN = View("))
    src = project(tmp_path)
    result = sphinx(ext, src, tmp_path / "out")
    assert result.returncode != 0
    assert "talk_tool_list declares no VIEW" in result.stderr


def test_a_placeholder_no_view_declares_is_an_error() -> None:
    from confnotes.core.nodes import ConfPlaceholder
    from confnotes.core.views import view_of

    class stray(ConfPlaceholder):
        """A placeholder nobody registered."""

    with pytest.raises(ExtensionError, match="no view declares"):
        view_of(stray(), SimpleNamespace(confnotes_views=[]))  # type: ignore[arg-type]


def test_every_view_declares_a_distinct_name_and_placeholder() -> None:
    from confnotes.core.nodes import ConfPlaceholder
    from confnotes.core.views import declared

    views = declared()
    assert len({v.name for v in views}) == len(views)
    assert len({v.placeholder for v in views}) == len(views)
    for view in views:
        assert issubclass(view.placeholder, ConfPlaceholder)
        # a directive finds its name and placeholder in its VIEW: it restates neither
        if view.directive is not None:
            assert not {"view", "placeholder"} & set(vars(view.directive))


def test_the_views_say_which_page_holds_speakers_and_tools() -> None:
    """Declarations belong on the page of the view that hosts them (``View.hosts``)."""
    from confnotes.core.views import by_name, declared, host_views

    config: Any = SimpleNamespace(confnotes_views=[])  # the package's views only
    assert host_views(config) == {"speaker": "speaker-grid", "tool": "tool-glossary"}
    hosted = [objtype for view in declared() for objtype in view.hosts]
    assert len(hosted) == len(set(hosted))  # one view per object type
    # the orphan warning names the directive that places the hosting view
    assert all(by_name(config)[n].directive is not None for n in host_views(config).values())
