"""Which files are a Sphinx project's pages, read from its conf.py without running it.

The scaffold (``new_talk.py``) numbers a new talk's slot and day from the
talks the build will read, so it must list the pages Sphinx lists:
``source_suffix`` and a Markdown parser decide the formats,
``exclude_patterns``, ``include_patterns``, ``templates_path`` and the asset
folders the files (``sphinx.project.Project.discover``). conf.py is parsed,
never run (a contributor's scaffold call must not execute it): literal
settings, ``+=`` and ``.append``/``.extend`` of literals are followed, and
any setting changed another way is :class:`Computed`, which reading it
turns into a :class:`ScaffoldError` naming it and its line. Standard
library only: the scaffold runs before any virtualenv.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FORMATS = {"rst": ".rst", "md": ".md"}
#: What Sphinx never reads whatever the project says (``sphinx.project.EXCLUDE_PATHS``).
SPHINX_EXCLUDES = ("**/_sources", ".#*", "**/.#*", "*.lproj/**")
#: conf.py settings whose paths Sphinx leaves out of the pages (besides ``exclude_patterns``):
#: ``templates_path`` and the HTML builder's asset folders.
EXCLUDED_PATH_SETTINGS = ("templates_path", "html_static_path", "html_extra_path")


class ScaffoldError(Exception):
    """A problem the contributor must fix; nothing has been written."""


@dataclass(frozen=True)
class Computed:
    """A setting conf.py computes, changes in place or sets under a condition.

    Its value is known only by running conf.py, which the scaffold never does.
    """

    line: int


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return Computed(node.lineno)


def _names(target: ast.expr) -> list[ast.Name]:
    """Return the module-level names a target sets (``a``, ``a, b``, ``a[0]``, ``a.b``)."""
    if isinstance(target, ast.Name):
        return [target]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _names(element)]
    if isinstance(target, ast.Starred):
        return _names(target.value)
    if isinstance(target, (ast.Subscript, ast.Attribute)):  # changes the value in place
        return _names(target.value)
    return []


def _grown(value: object, added: object, line: int) -> object:
    """``value += added`` (``.extend``) on literals; anything else is computed."""
    if isinstance(value, list) and isinstance(added, (list, tuple)):
        return value + list(added)
    if isinstance(value, tuple) and isinstance(added, tuple):
        return value + added
    return Computed(line)


#: where conf.py's ``from module import *`` is: any setting may come from there
STAR_IMPORT = "*"


def _read_statements(body: list[ast.stmt], values: dict[str, object], nested: bool) -> None:
    """Follow the statements that set module-level names, as running them would.

    Inside ``if``, ``try``, ``for``, ``while``, ``with`` or ``match`` a name
    is computed: which branch runs is known only when conf.py runs.
    """
    for node in body:
        line = node.lineno
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            plain = len(targets) == 1 and isinstance(targets[0], ast.Name) and not nested
            for name in (name for target in targets for name in _names(target)):
                values[name.id] = _literal(node.value) if plain else Computed(line)
        elif isinstance(node, ast.AugAssign):
            plain = isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name)
            for name in _names(node.target):
                current = values.get(name.id, Computed(line))
                grown = _grown(current, _literal(node.value), line)
                values[name.id] = grown if plain and not nested else Computed(line)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            _read_call(node.value, values, nested)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                if name == "*":  # it may set any name, those set before it too
                    values.update(dict.fromkeys([*values, STAR_IMPORT], Computed(line)))
                else:
                    values[name] = Computed(line)
        elif isinstance(node, ast.Delete):
            for name in (name for target in node.targets for name in _names(target)):
                values[name.id] = Computed(line)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            values[node.name] = Computed(line)  # its body is a scope of its own
            continue
        for target in _loop_targets(node):
            for name in _names(target):
                values[name.id] = Computed(line)
        for block in _blocks(node):
            _read_statements(block, values, nested=True)


def _read_call(call: ast.Call, values: dict[str, object], nested: bool) -> None:
    """``name.append(literal)`` or ``name.extend(literal)`` on a literal list; else computed."""
    if not isinstance(call.func, ast.Attribute) or not isinstance(call.func.value, ast.Name):
        return
    owner, method, line = call.func.value.id, call.func.attr, call.lineno
    current = values.get(owner)
    if current is None:
        return
    if nested or call.keywords or len(call.args) != 1 or not isinstance(current, list):
        values[owner] = Computed(line)
    elif method == "append" and not isinstance(added := _literal(call.args[0]), Computed):
        values[owner] = [*current, added]
    elif method == "extend":
        values[owner] = _grown(current, _literal(call.args[0]), line)
    else:
        values[owner] = Computed(line)


def _loop_targets(node: ast.stmt) -> list[ast.expr]:
    """Return the names a ``for`` or ``with`` statement binds."""
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return [node.target]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    return []


def _blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    """Return the statement lists of a compound statement (``if``, ``try``, ``for``, ...)."""
    blocks = [getattr(node, name, []) for name in ("body", "orelse", "finalbody")]
    blocks += [handler.body for handler in getattr(node, "handlers", [])]
    blocks += [case.body for case in getattr(node, "cases", [])]
    return [block for block in blocks if isinstance(block, list) and block]


#: calls that can set any name of the module (``globals().update(...)``, ``exec(...)``)
ANY_NAME_CALLS = frozenset({"exec", "eval", "globals", "locals", "vars", "setattr", "__import__"})
#: Sphinx application methods that add a page format (in conf.py's ``setup(app)``)
FORMAT_METHODS = frozenset({"add_source_suffix", "add_source_parser", "setup_extension"})


def _understood(body: list[ast.stmt]) -> set[int]:
    """Return the ``id()`` of each name node ``_read_statements`` follows at the top level."""
    found: set[int] = set()
    for node in body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            found.add(id(node.targets[0]))
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            found.add(id(node.target))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            if isinstance(node.value.func, ast.Attribute):
                found.add(id(node.value.func.value))
    return found


#: what opens a scope of its own: a name set inside is not the module's
SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _scoped(tree: ast.Module) -> Iterator[tuple[ast.AST, bool]]:
    """Yield every node of *tree*, and whether a name it sets would be the module's."""
    stack: list[tuple[ast.AST, bool]] = [(tree, True)]
    while stack:
        node, module_scope = stack.pop()
        yield node, module_scope
        inner = module_scope and not isinstance(node, SCOPES)
        stack += [(child, inner) for child in ast.iter_child_nodes(node)]


def _mark_other_uses(tree: ast.Module, values: dict[str, object]) -> None:
    """Make computed what conf.py may change in ways the statement reader does not follow.

    A name set anywhere else (in a function with ``global``, a class body, a
    comprehension, with ``:=``), a list or dict read anywhere else (an alias
    may change it: ``x = exclude_patterns; x += [...]``), anything once
    ``exec``, ``globals()`` or the like runs, a setting set on ``app.config``,
    and the page formats once ``setup(app)`` adds an extension or a suffix.
    """
    understood = _understood(tree.body)
    for node, module_scope in _scoped(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            values[node.target.id] = Computed(line)
        elif isinstance(node, ast.Name) and id(node) not in understood:
            if node.id in ANY_NAME_CALLS:
                values.update(dict.fromkeys([*values, STAR_IMPORT], Computed(line)))
            elif (module_scope and isinstance(node.ctx, ast.Store | ast.Del)) or isinstance(
                values.get(node.id), list | dict | set
            ):
                values[node.id] = Computed(line)
        elif isinstance(node, ast.Global):
            values.update(dict.fromkeys(node.names, Computed(line)))
        elif isinstance(node, ast.Attribute):
            owner = node.value
            if isinstance(owner, ast.Attribute) and owner.attr == "config":
                values[node.attr] = Computed(line)
            elif node.attr in FORMAT_METHODS:
                values.update(dict.fromkeys(["extensions", "source_suffix"], Computed(line)))


def conf_settings(root: Path) -> dict[str, object]:
    """Read *root*'s conf.py once, never running it: each setting's literal value or Computed.

    Literal assignments (annotated too), ``+=`` and ``.append``/``.extend``
    of literals are followed as running conf.py would follow them; any other
    way a setting could change makes it computed (:func:`_mark_other_uses`).
    """
    conf = root / "conf.py"
    if not conf.is_file():
        return {}
    return dict(_settings_of(conf.read_bytes(), str(conf)))


@functools.lru_cache(maxsize=8)
def _settings_of(source: bytes, filename: str) -> dict[str, object]:
    """Parse conf.py's *source* (once per content: one scaffold run asks several times)."""
    try:
        tree = ast.parse(source, filename=filename)  # a BOM, a coding line
    except (SyntaxError, ValueError) as error:
        raise ScaffoldError(f"conf.py cannot be read: {error}") from None
    values: dict[str, object] = {}
    _read_statements(tree.body, values, nested=False)
    _mark_other_uses(tree, values)
    return values


def lookup(settings: dict[str, object], name: str, default: object) -> object:
    """Return a setting read by ``conf_settings`` as it is: a literal, *default*, or Computed.

    A name conf.py never sets is what a star import in it may set (Computed).
    """
    return settings.get(name, settings.get(STAR_IMPORT, default))


def setting(settings: dict[str, object], name: str, default: object) -> object:
    """Return a setting read by ``conf_settings``, or *default* when conf.py does not set it.

    A computed one is a ScaffoldError naming it: guessing would number new
    talks from the wrong pages.
    """
    value = lookup(settings, name, default)
    if isinstance(value, Computed):
        raise ScaffoldError(
            f"conf.py, line {value.line}: the scaffold reads conf.py without running it and "
            f"cannot tell what {name} is; give it as a literal (for example "
            f"{name} = [...], then {name} += [...]) at the top level of conf.py"
        )
    return value


def conf_setting(root: Path, name: str, default: object) -> object:
    """One setting of *root*'s conf.py (``conf_settings``, then ``setting``)."""
    return setting(conf_settings(root), name, default)


def bib_file(root: Path) -> Path:
    """Return the bibliography a new work goes in: the first of conf.py's ``bibtex_bibfiles``.

    A list or a tuple, each file relative to conf.py's folder or absolute,
    as sphinxcontrib-bibtex reads it; ``references.bib`` when conf.py names
    none as a literal.
    """
    files = conf_setting(root, "bibtex_bibfiles", [])
    first = files[0] if isinstance(files, list | tuple) and files else None
    return root / first if isinstance(first, str) and first else root / "references.bib"


#: sphinxcontrib-bibtex's directive, with the lines after it up to a blank line: its options,
#: as reST (``:list: bullet``) or MyST (``:list: bullet``, or ``list: bullet`` in YAML) gives them
BIBLIOGRAPHY_RE = re.compile(
    r"^[ \t]*(?:\.\. bibliography::|(?:`{3,}|:{3,})\{bibliography\})[^\n]*"
    r"((?:\n(?![ \t]*(?:`{3,}|:{3,}))[ \t]*\S[^\n]*)*)",  # up to a blank or a fence's line
    re.M,
)
LIST_OPTION_RE = re.compile(r"^[ \t]*:?list[ \t]*:", re.M)
#: the extensions that set sphinxcontrib-bibtex up (confnotes_bib loads it itself)
BIBTEX_EXTENSIONS = ("sphinxcontrib.bibtex", "confnotes_bib")


def citation_gap(root: Path) -> str:
    """Return why a new talk's recording cannot be cited in *root* ("" when it can).

    A citation builds when conf.py loads sphinxcontrib-bibtex (or
    ``confnotes_bib``, which loads it), names the ``.bib`` files it reads
    (``bibtex_bibfiles``, as a literal: the scaffold adds the work to the
    first), and some page lists every work as citations (a ``bibliography``
    without ``:list:``, which makes the entries a citation links to; a list
    of ``:list: bullet`` makes none). Computed extensions count as loading it.
    """
    settings = conf_settings(root)
    extensions = lookup(settings, "extensions", [])
    if isinstance(extensions, list | tuple) and not set(BIBTEX_EXTENSIONS) & set(extensions):
        return "conf.py does not load sphinxcontrib.bibtex"
    bibfiles = lookup(settings, "bibtex_bibfiles", [])
    if isinstance(bibfiles, Computed):
        return "conf.py computes bibtex_bibfiles: the scaffold cannot tell which file to add to"
    if not bibfiles:
        return "conf.py names no bibtex_bibfiles"
    for page in source_files(root):
        for match in BIBLIOGRAPHY_RE.finditer(page.read_text(encoding="utf-8", errors="replace")):
            if not LIST_OPTION_RE.search(match[1]):
                return ""
    return "no page lists the works (a bibliography directive without :list:)"


def shown_path(path: Path, root: Path) -> str:
    """Name *path* as a message does: relative to *root* when it is inside, else in full."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a glob of ``exclude_patterns`` as Sphinx reads it (``sphinx.util.matching``).

    ``*`` and ``?`` stop at a slash, ``**`` does not; ``[...]`` is a class
    (``[!...]`` never matches a slash). A test holds it equal to Sphinx's.
    """
    out, i, n = [], 0, len(pattern)
    while i < n:
        char, i = pattern[i], i + 1
        if char == "*":
            double = i < n and pattern[i] == "*"
            i += double
            out.append(".*" if double else "[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            j = i + (i < n and pattern[i] == "!")
            j += j < n and pattern[j] == "]"
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append("\\[")
                continue
            stuff = pattern[i:j].replace("\\", "\\\\")
            i = j + 1
            if stuff[0] == "!":
                stuff = "^/" + stuff[1:]
            elif stuff[0] == "^":
                stuff = "\\" + stuff
            out.append(f"[{stuff}]")
        else:
            out.append(re.escape(char))
    try:
        return re.compile("".join(out) + "$")
    except re.error as error:  # a class Sphinx cannot compile either ("[b-!]")
        raise ScaffoldError(f"conf.py: the pattern {pattern!r} is not a glob: {error}") from None


def _nfc(path: Path) -> str:
    return unicodedata.normalize("NFC", path.as_posix())


def _patterns(settings: dict[str, object], name: str, default: list[str]) -> list[str]:
    value = setting(settings, name, default)
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else default


#: what Sphinx reads .md files with: the extensions that register the suffix
MARKDOWN_EXTENSIONS = ("myst_parser", "myst_nb")


def page_suffixes(settings: dict[str, object]) -> set[str]:
    """Return the suffixes of the pages the build reads, of those the scaffold writes.

    conf.py's ``source_suffix`` (a string, a list or a mapping; ``.rst``
    when unset), plus ``.md`` when an extension that parses Markdown is on.
    ``extensions`` is often computed (added to under a condition): then
    ``.md`` counts, since a page missed could be given a taken slot.
    """
    value = setting(settings, "source_suffix", {".rst": "restructuredtext"})
    if not isinstance(value, str | list | tuple | dict):
        raise ScaffoldError(
            f"conf.py: source_suffix is {value!r}; Sphinx wants a suffix, a list or a mapping"
        )
    suffixes = {value} if isinstance(value, str) else set(value) if value else set()
    extensions = lookup(settings, "extensions", [])
    if isinstance(extensions, Computed) or (
        isinstance(extensions, (list, tuple)) and set(extensions) & set(MARKDOWN_EXTENSIONS)
    ):
        suffixes.add(FORMATS["md"])
    return {str(suffix) for suffix in suffixes} & set(FORMATS.values())


def source_files(root: Path) -> list[Path]:
    """Return the site's .rst and .md pages, sorted: the files Sphinx reads as pages.

    conf.py's ``source_suffix``, ``exclude_patterns``, ``include_patterns``,
    ``templates_path`` and asset folders decide, as they decide for the
    build (``sphinx.project.Project.discover``).
    """
    settings = conf_settings(root)
    suffixes = page_suffixes(settings)
    excluded = _patterns(settings, "exclude_patterns", []) + list(SPHINX_EXCLUDES)
    for name in EXCLUDED_PATH_SETTINGS:
        excluded += _patterns(settings, name, [])
    exclude = [glob_regex(p).match for p in excluded]
    include = [glob_regex(p).match for p in _patterns(settings, "include_patterns", ["**"])]
    pages = []
    docnames: set[str] = set()
    for folder, dirnames, filenames in os.walk(root, followlinks=True):
        base = Path(folder).relative_to(root)
        dirnames[:] = sorted(d for d in dirnames if not any(m(_nfc(base / d)) for m in exclude))
        for name in sorted(filenames):
            rel = _nfc(base / name)
            if Path(name).suffix not in suffixes:
                continue
            if not any(m(rel) for m in include) or any(m(rel) for m in exclude):
                continue
            # x.md beside x.rst: one page, the first by name (Sphinx warns about the other)
            docname = rel.removesuffix(Path(name).suffix)
            # Sphinx opens the NFC name: where the file system does not map it to
            # a name stored otherwise (Linux), the page is not read ("unreadable")
            if docname not in docnames and os.access(root / rel, os.R_OK):
                docnames.add(docname)
                pages.append(Path(folder, name))  # the name as stored
    return sorted(pages)
