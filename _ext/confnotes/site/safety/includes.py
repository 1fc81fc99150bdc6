"""An ``include`` that includes itself, directly or through other files, is left out.

A page that includes itself, or two files that include each other, would
include forever. Docutils keeps the chain of files being included in reST
(``document.include_log``) and refuses a circular include with a warning of
its own type; MyST's ``include`` keeps no chain, and recursed until
Python's ``RecursionError`` stopped the build. Both now warn
``confnotes.recursive_include`` at the ``include`` that closes the circle,
which is left out; the rest of the page is built.

* reST: :func:`is_circular_rst`, asked by ``confnotes.site.safety.unsafe.CheckedInclude``
  (the ``include`` directive) before docutils: the same chain and the same
  rule (a file may include a part of itself, with other clip options).
* MyST: its include directive is none of ours, but it emits
  ``include-read`` and, while it renders an included file, sets the
  document's ``source`` to that file. :class:`DocumentWatch` notes the
  document being parsed (every directive lookup is given it);
  :func:`guard_myst_include` then knows which file includes which and keeps
  the chain itself: a file's parent is where its current inclusion came
  from, and a file being rendered is included once at a time. MyST emits
  ``include-read`` for an include shown as text too; which directive of the
  including file this is comes from counting, in the file's own order.

A page may also include a file that includes another twice, and so on,
without a circle: twenty files of a few bytes made 2^19 inclusions, and the
build ran for minutes. A page makes at most :data:`MAX_INCLUDES` inclusions
(reST and MyST, whatever the depth); past them, each include is left out,
with one ``confnotes.include_count`` warning at the first one left out.

No public API gives either chain: docutils' ``include_log`` is an
attribute of its own, the directive lookups are watched through Sphinx's
``CustomReSTDispatcher``, and MyST's swapping of the document's source is
how it renders an include. These are the places that reach in; pinned in
``tests/test_pinned_internals.py`` (and the behaviour in
``tests/test_hostile_build.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.util.docutils import CustomReSTDispatcher

from confnotes.core.collectors import PerPageCollector
from confnotes.core.locations import directive_location, location_of, resolved
from confnotes.core.validation import warn
from confnotes.site.safety.paths import is_file

if TYPE_CHECKING:
    from types import ModuleType

    from docutils import nodes
    from docutils.utils import SystemMessage
    from sphinx.application import Sphinx
    from sphinx.directives.other import Include
    from sphinx.environment import BuildEnvironment

#: ``env.current_document`` keys: the document being parsed; in MyST, which
#: file included which (resolved paths), and how many includes of each file
#: each file being rendered has made so far
DOCUMENT = "confnotes:document"
PARENTS = "confnotes:include-parents"
#: ``env.current_document`` key: how many inclusions the page has made so far
COUNT = "confnotes:include-count"
#: ``env.current_document`` key: the files the page's includes name that are not there
MISSING = "confnotes:missing-includes"
#: the most inclusions one page makes, all files and depths together
MAX_INCLUDES = 200
#: a MyST ``include`` directive's opening line and its argument
MYST_INCLUDE_RE = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{include\}\s+(?P<arg>\S.*?)\s*$")
#: an option (``:literal:``, or ``literal:`` in a YAML block) that shows the file as text
LITERAL_OPTION_RE = re.compile(r"^\s*:?(?:literal|code)\s*:")
#: the clip options of an include with none
NO_CLIP = (None, None, None, None)


def clipped(options: tuple[Any, ...]) -> tuple[Any, ...]:
    """Clip options with "none" spelt one way (docutils 0.22 says ``""``, 0.23 ``None``)."""
    return tuple(value or None for value in options)


def is_circular_rst(directive: Include, path: str | Path) -> bool:
    """Whether a reST ``include`` of *path* closes a circle; warn if so.

    Docutils' rule: a file on the chain being included, with the same clip
    options (``start-line``...), or the current file itself. An include
    shown as text (``literal``, ``code``) parses nothing and is never circular.
    """
    options = directive.options
    if "literal" in options or "code" in options:
        return False
    clip = clipped(
        tuple(options.get(name) for name in ("start-line", "end-line", "start-after", "end-before"))
    )
    document = directive.state.document
    log = getattr(document, "include_log", None) or ()
    chain = [(resolved(source), clipped(clip_options)) for source, clip_options in log]
    current = resolved(document.current_source or document["source"])
    if all(source != current for source, _clipped in chain):
        chain.append((current, NO_CLIP))  # the first include, or one parsed with ``:parser:``
    if (resolved(path), clip) not in chain:
        return False
    warn_recursive(directive.arguments[0], directive_location(directive))
    return True


def warn_recursive(argument: str, location: str | tuple[str, int]) -> None:
    """Warn about a circular include: the same message in reST and MyST."""
    warn(
        "include of %r is left out: that file is being included already (it includes"
        " itself, or a file that includes it), and would be included forever",
        argument,
        subtype="recursive_include",
        location=location,
    )


def over_budget(env: BuildEnvironment, argument: str, location: str | tuple[str, int]) -> bool:
    """Count an inclusion of the page being read: whether it is past :data:`MAX_INCLUDES`.

    The first one past them warns; the page's other inclusions are left out too.
    """
    count = int(env.current_document.get(COUNT) or 0) + 1
    env.current_document[COUNT] = count
    if count == MAX_INCLUDES + 1:
        warn(
            "include of %r is left out, and every include after it on this page: the page"
            " has made %d inclusions already (files that include files more than once)",
            argument,
            MAX_INCLUDES,
            subtype="include_count",
            location=location,
        )
    return count > MAX_INCLUDES


class DocumentWatch(CustomReSTDispatcher):
    """Note the document being parsed: docutils and MyST give it to every directive lookup."""

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__()
        self.env = env

    def directive(
        self, directive_name: str, language_module: ModuleType, document: nodes.document
    ) -> tuple[Any, list[SystemMessage]]:
        """Note *document* at an ``include``, then look the directive up as before."""
        if directive_name == "include":
            self.env.current_document[DOCUMENT] = document
        return super().directive(directive_name, language_module, document)


def watch_document(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: watch the lookups while this page is parsed.

    Sphinx emits ``source-read`` inside the dispatcher it sets up for the
    page, which drops this one again when the page is parsed (as
    ``sphinx.ext.intersphinx`` does).
    """
    DocumentWatch(app.env).enable()


class Inclusion(NamedTuple):
    """A MyST ``include`` directive, as written."""

    line: int
    argument: str
    #: shown as text (``:literal:``, ``:code:``): nothing is parsed again
    literal: bool


def guard_myst_include(app: Sphinx, relative_path: Path, _parent: str, content: list[str]) -> None:
    """``include-read``: leave out a MyST include of a file being included already."""
    env = app.env
    document = env.current_document.get(DOCUMENT)
    if document is None:
        return
    target = resolved(Path(env.srcdir) / relative_path)
    log = getattr(document, "include_log", None)
    if log and resolved(log[-1][0]) == target:
        return  # a reST include: docutils' chain, checked by is_circular_rst
    current = resolved(document["source"])
    if PARENTS not in env.current_document:
        env.current_document[PARENTS] = {}, {}
    parents: dict[Path, Path]
    counts: dict[Path, dict[Path, int]]
    parents, counts = env.current_document[PARENTS]
    # the how-manieth include of *target* in the file being rendered this is
    seen = counts.setdefault(current, {})
    index = seen.get(target, 0)
    seen[target] = index + 1
    chain = [current]
    while chain[-1] in parents and parents[chain[-1]] not in chain:
        chain.append(parents[chain[-1]])
    found = myst_includes(env, current, target)
    this = found[index] if index < len(found) else Inclusion(0, str(relative_path), False)
    if over_budget(env, this.argument, location_of(env, current, this.line)):
        content[0] = ""
        return
    if target not in chain:
        parents[target] = current
        counts[target] = {}  # rendered afresh: its includes are counted again
        return
    if this.literal:
        return
    warn_recursive(this.argument, location_of(env, current, this.line))
    content[0] = ""


def myst_includes(env: BuildEnvironment, including: Path, target: Path) -> list[Inclusion]:
    """Return the MyST includes of *target* in the file *including*, in order.

    MyST resolves an include's argument as Sphinx does, from the page's
    folder, whichever file it is written in.
    """
    try:
        lines = including.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    found = []
    for number, text in enumerate(lines, start=1):
        match = MYST_INCLUDE_RE.match(text)
        if not match or resolved(env.relfn2path(match["arg"], env.docname)[1]) != target:
            continue
        options = []
        for option in lines[number:]:
            if not option.strip() or option.lstrip().startswith(("```", ":::")):
                break
            options.append(option)
        literal = any(LITERAL_OPTION_RE.match(option) for option in options)
        found.append(Inclusion(number, match["arg"], literal))
    return found


def note_missing(env: BuildEnvironment, path: Path) -> None:
    """Note that the page being read includes *path*, which is not there (yet)."""
    missing: set[str] = env.current_document.get(MISSING) or set()
    env.current_document[MISSING] = {*missing, str(path)}


class MissingIncludes(PerPageCollector):
    """``{page: [files its includes name that were not there]}``.

    Docutils records a file it included as the page's dependency, and a file
    it could not read never: the page would keep its warning (and differ
    from a fresh build) once the file is added. Noting the missing file as
    a dependency would read the page again on every build until then.
    """

    attribute = "confnotes_missing_includes"

    def collect(self, env: BuildEnvironment, docname: str, doctree: nodes.document) -> Any:
        """Return the missing files the page's reST includes named."""
        missing: set[str] = env.current_document.get(MISSING) or set()
        return sorted(missing)


def reread_when_found(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: read again each page whose missing included file is there now."""
    return sorted(
        docname
        for docname, paths in MissingIncludes.data(env).items()
        if docname in env.found_docs and any(is_file(path) for path in paths)
    )


def setup_includes(app: Sphinx) -> None:
    """Register the MyST guard and the missing files' watch (called from ``setup()``)."""
    app.connect("source-read", watch_document)
    app.connect("include-read", guard_myst_include)
    app.add_env_collector(MissingIncludes)
    app.connect("env-get-outdated", reread_when_found)
