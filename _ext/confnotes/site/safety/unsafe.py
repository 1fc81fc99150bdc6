"""Raw content and files from outside the source tree never reach readers unchecked.

* ``raw`` (the directive, roles derived from it, and MyST's inline or block
  HTML) puts markup on the page that no escaping sees: a ``<script>`` runs.
  Every ``raw`` node warns ``confnotes.raw_content`` and is removed, except
  the inert snippets MyST emits for Markdown syntax (a hard line break).
* ``raw :url:`` and ``csv-table :url:`` would fetch an address while the
  page is read; they warn ``confnotes.outside_include`` and are left out.
* ``include``, ``literalinclude``, ``raw :file:`` and ``csv-table :file:`` of a file outside
  the source directory (``../../../somefile``) pull in text nobody reviews
  with the page; an image or a ``download`` of such a file is copied into
  the built site. So do files the source directory hides (``/.git/config``,
  which may hold a token in its remote's URL, ``.env``). They warn
  ``confnotes.outside_include`` and are left out (a download keeps its
  text, unlinked).

A maintainer allows one reviewed use in ``conf.py`` with
``confnotes_allow_unsafe = ["talks/page.rst:12"]`` (a page and the line of the
directive, as the warning gives it) or a whole page (``"talks/page.rst"``).
The check runs in every build, so ``make html`` and ``make check`` fail on it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives.misc import Include as DocutilsInclude
from docutils.parsers.rst.directives.misc import Raw
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import directive_location, location_of, place_name, written_at
from confnotes.core.markup import is_markdown
from confnotes.core.validation import AnyLocation, warn
from confnotes.site.safety import paths
from confnotes.site.safety.includes import (
    MYST_INCLUDE_RE,
    is_circular_rst,
    note_missing,
    over_budget,
)
from confnotes.site.safety.sphinx_directives import (
    keep_included_dedent,
    keep_included_lines,
    keep_tab_width,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

ALLOW_HINT = "confnotes_allow_unsafe = [%r] in conf.py allows it once reviewed"


def page_of(env: BuildEnvironment, docname: str) -> str:
    """Return the page's source path relative to the source directory, with ``/``."""
    return env.doc2path(docname, False).as_posix()


def is_allowed(env: BuildEnvironment, location: AnyLocation) -> bool:
    """Whether ``confnotes_allow_unsafe`` lists the page being read, or *location*'s file and line.

    An entry names a file and line as the warning does (:func:`.place_name`).

    A page listed whole allows what it includes too.
    """
    allowed = set(env.config.confnotes_allow_unsafe)
    return page_of(env, env.docname) in allowed or place_name(env, location) in allowed


OUTSIDE = "outside the source directory"


def where_unreadable(env: BuildEnvironment, path: str | os.PathLike[str]) -> str:
    """Say why a page may not read the file *path* (absolute): outside, or hidden ("" if not).

    Links are followed: a file of the project that links to ``.git/config``
    is that file.
    """
    if is_outside_of(env.srcdir, path):
        return OUTSIDE
    relative = Path(os.path.relpath(Path(path).resolve(), Path(env.srcdir).resolve()))
    hidden = next((part for part in relative.parts if part.startswith(".")), None)
    return f"in {hidden!r}, hidden in the source directory" if hidden else ""


def is_outside_of(srcdir: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether *path* (absolute), links followed, lies outside the folder *srcdir*."""
    try:
        relative = os.path.relpath(Path(path).resolve(), Path(srcdir).resolve())
    except ValueError:  # another drive (Windows)
        return True
    return relative == os.pardir or relative.startswith(os.pardir + os.sep)


def warn_outside(
    env: BuildEnvironment,
    name: str,
    argument: str,
    location: AnyLocation,
    where: str = OUTSIDE,
) -> bool:
    """Warn about an outside (or hidden) include unless allowed; return whether it may go on.

    *location* is where the markup is written (a file the page includes
    names itself), and what ``confnotes_allow_unsafe`` lists to allow it.
    """
    if is_allowed(env, location):
        return True
    warn(
        "%s of %r, %s, is left out; " + ALLOW_HINT,
        name,
        argument,
        where,
        place_name(env, location),
        subtype="outside_include",
        location=location,
    )
    return False


def warn_parser(env: BuildEnvironment, name: str, location: AnyLocation) -> bool:
    """Warn about an include's unknown parser unless allowed; return whether it may go on."""
    if is_allowed(env, location):
        return True
    warn(
        "include with :parser: %r is left out: only %s parse an included file (docutils"
        " would import the module named, running its code; a Markdown parser would read"
        " the file's own front matter, which no check reads); " + ALLOW_HINT,
        name,
        "reST parsers",
        place_name(env, location),
        subtype="unsafe_parser",
        location=location,
    )
    return False


def is_standard(argument: str) -> bool:
    """Whether an ``include`` argument names one of docutils' own files (``<isonum.txt>``)."""
    return argument.startswith("<") and argument.endswith(">")


def include_path(env: BuildEnvironment, argument: str, docname: str | None = None) -> Path:
    """Return the file an ``include`` argument names, as docutils and MyST find it.

    ``<name>`` is a file of docutils' own folder of standard includes; any
    other argument is a path relative to the page (``/``: to the source directory).
    """
    if is_standard(argument):
        return Path(DocutilsInclude.standard_include_path, argument[1:-1])
    return Path(env.relfn2path(argument, docname)[1])


def is_stray_standard(argument: str) -> bool:
    """Whether ``<name>`` climbs out of docutils' folder of standard includes (``<../x>``)."""
    folder = Path(DocutilsInclude.standard_include_path).resolve()
    path = Path(folder, argument[1:-1]).resolve()
    return folder not in path.parents


#: the parsers an ``include`` may name: docutils' names for reST
#: (only reST: a Markdown parser would read the file's own front matter, which
#: no ``include-read`` check sees, and could turn on MyST's substitutions)
INCLUDE_PARSERS = frozenset({"rst", "restructuredtext", "rest", "restx", "rtxt"})


class RefusedParser(str):
    """An ``include``'s ``:parser:`` that names no parser of :data:`INCLUDE_PARSERS`."""

    __slots__ = ()


def checked_parser(argument: str) -> Any:
    """``:parser:`` option: docutils imports the module it names, running its code.

    A name outside :data:`INCLUDE_PARSERS` is not imported; the directive
    warns about it (an option converter has no page to warn at).
    """
    name = (argument or "").strip()
    if name.lower() not in INCLUDE_PARSERS:
        return RefusedParser(name)
    return directives.parser_name(name)


def text_encoding(argument: str) -> str:
    """Convert an ``:encoding:`` option as docutils does, accepting text encodings only.

    Docutils accepts any codec (``rot13``, ``base64``), and reading a file with
    one that turns bytes into bytes stopped the build with a traceback; such a
    name is now an invalid option value (a located ``docutils`` error).
    """
    name = str(directives.encoding(argument))
    try:
        b"a".decode(name, "replace")
    except LookupError as error:
        raise ValueError(str(error)) from error
    return name


class CheckedInclude(Include):
    """reST ``include``: nothing from outside the source directory, nothing circular.

    A missing file is noted, so adding it reads the page again.

    A standard include (``<isonum.txt>``) is one of docutils' files, never one
    outside its folder (``<../../../etc/passwd>``). A ``:parser:`` is reST's:
    docutils would import any module named there.
    """

    option_spec: ClassVar[OptionSpec] = {
        **Include.option_spec,
        "parser": checked_parser,
        "encoding": text_encoding,
    }

    def run(self) -> Sequence[nodes.Node]:
        """Check the parser and the path, then include as Sphinx does."""
        argument = self.arguments[0]
        parser = self.options.get("parser")
        if isinstance(parser, RefusedParser):
            if not warn_parser(self.env, parser, directive_location(self)):
                return []
            self.options["parser"] = directives.parser_name(parser)
        standard = is_standard(argument)
        path = include_path(self.env, argument)
        if standard:
            where = OUTSIDE if is_stray_standard(argument) else ""
        else:
            where = where_unreadable(self.env, path)
        if where and not warn_outside(
            self.env, self.name, argument, directive_location(self), where
        ):
            return []
        if not standard and is_circular_rst(self, path):
            return []
        if over_budget(self.env, argument, directive_location(self)):
            return []
        if not standard and not paths.is_file(path):
            # read again when the file appears (``includes.MissingIncludes``)
            note_missing(self.env, path)
        keep_tab_width(self)
        return super().run()


class CheckedLiteralInclude(LiteralInclude):
    """``literalinclude`` (reST and MyST): nothing from outside the source directory.

    Its line numbers, tab width and dedent are then kept to the file's (``sphinx_directives``).
    """

    option_spec: ClassVar[OptionSpec] = {**LiteralInclude.option_spec, "encoding": text_encoding}

    def run(self) -> list[nodes.Node]:
        """Check the path and the file ``:diff:`` compares with, then include as Sphinx does."""
        checks = [(self.name, self.arguments[0])]
        if self.options.get("diff"):
            checks.append((f"{self.name} :diff:", self.options["diff"]))
        for name, argument in checks:
            _relative, path = self.env.relfn2path(argument)
            where = where_unreadable(self.env, path)
            if where and not warn_outside(
                self.env, name, argument, directive_location(self), where
            ):
                return []
        path = self.env.relfn2path(self.arguments[0])[1]
        if keep_included_lines(self, path):
            return []
        keep_tab_width(self)
        keep_included_dedent(self, path)
        return super().run()


def file_read_by(directive: Directive, argument: str, *, srcdir_if_missing: bool = False) -> Path:
    """Return the file a ``:file:`` option makes docutils read: where the check must look.

    docutils joins a relative path to the folder of the file being parsed
    (an included file's own), and reads an absolute one as it is (under
    ``root_prefix`` if set): ``/etc/passwd`` is that file, not one of the
    project. Sphinx's ``csv-table`` (*srcdir_if_missing*) first rewrites an
    absolute path for which no file exists as the same file of the source
    directory, relative to the page's folder, which docutils then joins to
    the parsed file's folder.
    """
    env = directive.state.document.settings.env
    source = directive.state.document.current_source
    if not source or not os.path.isfile(source):
        source = str(env.doc2path(env.docname))
    parsed_dir = os.path.dirname(os.path.abspath(source))
    if srcdir_if_missing and argument.startswith(("/", os.sep)) and not paths.exists(argument):
        page_dir = env.doc2path(env.docname).parent
        argument = os.path.relpath(Path(env.srcdir, argument[1:]), page_dir)
    if argument.startswith("/"):
        root_prefix = getattr(directive.state.document.settings, "root_prefix", "")
        return Path(root_prefix, argument[1:]) if root_prefix else Path(argument)
    return Path(parsed_dir, argument)


def may_read(directive: Directive, *, srcdir_if_missing: bool = False) -> bool:
    """Whether a directive's ``:url:`` and ``:file:`` options may be read (warns if not).

    A ``:url:`` is fetched while the page is read (a build that reaches any
    address a page gives); a ``:file:`` may lie outside the source directory.
    """
    env = directive.state.document.settings.env
    location = directive_location(directive)
    url = directive.options.get("url")
    if url is not None and not warn_outside(env, f"{directive.name} :url:", url, location):
        return False
    argument = directive.options.get("file")
    if argument:
        path = file_read_by(directive, argument, srcdir_if_missing=srcdir_if_missing)
        where = where_unreadable(env, path)
        if where and not warn_outside(env, f"{directive.name} :file:", argument, location, where):
            return False
    return True


class CheckedCSVTable(CSVTable):
    """``csv-table`` (reST and MyST): no ``:url:``, no ``:file:`` from outside."""

    option_spec: ClassVar[OptionSpec] = {**CSVTable.option_spec, "encoding": text_encoding}

    def run(self) -> list[nodes.Node]:
        """Check the URL or file, then build the table as Sphinx does."""
        return super().run() if may_read(self, srcdir_if_missing=True) else []


class CheckedRaw(Raw):  # type: ignore[misc]  # docutils has no types
    """``raw`` (reST and MyST): no ``:url:``, no ``:file:`` from outside.

    What it reads still goes through :class:`RemoveRawContent`.
    """

    option_spec: ClassVar[OptionSpec] = {**Raw.option_spec, "encoding": text_encoding}

    def run(self) -> list[nodes.Node]:
        """Check the URL or file, then read the content as docutils does."""
        return super().run() if may_read(self) else []


def is_local_file(uri: str) -> bool:
    """Whether *uri* names a file of the project (not a URL or inline data)."""
    return bool(uri) and "://" not in uri and not uri.startswith(("data:", "mailto:"))


class RemoveOutsideFiles(SphinxTransform):
    """Images and downloads of files outside the source directory: warned, left out.

    Before Sphinx's image and download collectors (``doctree-read``), which
    would copy the files into the built site.
    """

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Remove outside images; unlink outside downloads, keeping their text."""
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if is_local_file(uri) and self.refused("image", uri, image):
                image.parent.remove(image)
        for download in list(self.document.findall(addnodes.download_reference)):
            target = download.get("reftarget", "")
            if is_local_file(target) and self.refused("download", target, download):
                download.replace_self(download.children)

    def refused(self, name: str, argument: str, node: nodes.Node) -> bool:
        """Whether *argument* is outside the source directory and not allowed (warns)."""
        _relative, path = self.env.relfn2path(argument, self.env.docname)
        where = where_unreadable(self.env, path)
        return bool(where) and not warn_outside(
            self.env, name, argument, written_at(self.env, node), where
        )


def check_myst_include(app: Sphinx, relative_path: Path, _parent: str, content: list[str]) -> None:
    """``include-read``: MyST's ``include`` runs no directive class of ours.

    reST includes were checked (with their line) by :class:`CheckedInclude`;
    here only includes in MyST pages are looked at. The line is that of an
    ``{include}`` whose argument names the file as given (else through
    links), in the file read last first: an include in an included file is
    read while that file is (MyST finds both from the page). One not yet
    reported wins, so two includes of one file are each located at their
    own line; the same include read again (its file included twice) is
    located where it was the first time.
    """
    env = app.env
    docname = env.docname
    source = Path(env.doc2path(docname))
    if not is_markdown(env.config, source):
        return
    # what this page's reading has read so far, and the includes reported (temp_data)
    read = cast("list[Path]", env.temp_data.setdefault("confnotes_myst_read", [source]))
    reported = cast(
        "set[tuple[Path, int]]", env.temp_data.setdefault("confnotes_reported_includes", set())
    )
    target = (Path(env.srcdir) / relative_path).resolve()
    where = where_unreadable(env, target)
    if not where:
        note_read(read, target)
        return
    path, line, argument = myst_include_written(env, read, reported, relative_path, target)
    reported.add((path, line))
    if is_standard(argument) and not is_stray_standard(argument):
        note_read(read, target)
        return  # one of docutils' own files
    if warn_outside(env, "include", argument, location_of(env, path, line), where):
        note_read(read, target)
    else:
        content[0] = ""


def note_read(read: list[Path], path: Path) -> None:
    """Note *path* as read last (once: a file read again moves to the end)."""
    if path in read[1:]:
        read.remove(path)
    read.append(path)


def myst_include_written(
    env: BuildEnvironment,
    read: list[Path],
    reported: set[tuple[Path, int]],
    relative_path: Path,
    target: Path,
) -> tuple[Path, int, str]:
    """Return the file, line and argument of the ``{include}`` that reads *target*.

    Searched in the files read so far, the last read first; one not yet
    reported first; the page and line 0 if none names it.
    """
    given = Path(env.srcdir) / relative_path
    found = [
        (path, number, match["arg"], include_path(env, match["arg"], env.docname))
        for path in reversed(read)
        for number, text in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1
        )
        if (match := MYST_INCLUDE_RE.match(text))
    ]
    named = [(p, n, arg) for p, n, arg, to in found if to == given] or [
        (p, n, arg) for p, n, arg, to in found if to.resolve() == target
    ]
    fresh = [(p, n, arg) for p, n, arg in named if (p, n) not in reported]
    return (fresh or named or [(read[0], 0, str(relative_path))])[0]


#: raw snippets MyST itself emits for Markdown syntax: a hard line break,
#: strike-through, a task-list checkbox; inert, and not written as raw content
INERT_RAW = frozenset({"<br />\n", "\\\\\n", "<s>", "</s>"})
CHECKBOX_RE = re.compile(
    r'<input class="task-list-item-checkbox" (?:checked="checked" )?'
    r'(?:disabled="disabled" )?type="checkbox">'
)


def is_inert(node: nodes.raw) -> bool:
    """Whether *node* is markup MyST renders as raw HTML, not content written as raw."""
    text = node.astext()
    return text in INERT_RAW or bool(CHECKBOX_RE.fullmatch(text))


class RemoveRawContent(SphinxTransform):
    """Warn about and remove every ``raw`` node not explicitly allowed.

    Except what MyST emits itself for Markdown syntax (:func:`is_inert`).
    """

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Remove them while reading, so the stored doctree holds no raw content."""
        warned: set[AnyLocation] = set()
        for node in list(self.document.findall(nodes.raw)):
            if is_inert(node):
                continue
            location = written_at(self.env, node)
            if is_allowed(self.env, location):
                continue
            node.parent.remove(node)
            if location in warned:
                continue  # MyST's inline HTML: one node per tag
            warned.add(location)
            fmt = node.get("format", "")
            warn(
                "raw %s content is left out (it would reach readers unescaped); " + ALLOW_HINT,
                fmt or "",
                place_name(self.env, location),
                subtype="raw_content",
                location=location,
            )


def setup_unsafe(app: Sphinx) -> None:
    """Register the checked directives and transforms (called from the package's ``setup()``)."""
    app.add_config_value("confnotes_allow_unsafe", [], "env", types=frozenset({list, tuple}))
    app.add_transform(RemoveRawContent)
    app.add_transform(RemoveOutsideFiles)
    app.add_directive("include", CheckedInclude, override=True)
    app.add_directive("literalinclude", CheckedLiteralInclude, override=True)
    app.add_directive("csv-table", CheckedCSVTable, override=True)
    app.add_directive("raw", CheckedRaw, override=True)
    app.connect("include-read", check_myst_include)
