#!/usr/bin/env python3
"""Declare tools (``make new-tool``): list the tools pages link but nobody declared, or declare one.

Without ``--tool``, the script brings the html build up to date (not
strictly, as ``make ids`` does), reads every ``:tool:`` role from the build's
doctrees and prints each tool id that no ``tool`` directive declares, with
every file:line that links it and a declaration block ready to fill in and
paste into the page with the tool glossary.  One run shows them all, where a
strict build stops at the first page's ``unknown tool`` warnings.

With ``--tool`` (``make new-tool TOOL=nexmo CATEGORY=service ...``) it
declares that tool at the end of the glossary page, after checking the id,
the category and the homepage; it refuses an id that is already declared.
That mode needs only the standard library.
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import new_talk  # a sibling script: this folder is on sys.path
from new_talk import Plan, ScaffoldError, core_module, find_declarations, hint
from site_pages import shown_path

ROOT = Path(__file__).resolve().parent.parent
#: the ``tool`` directive's categories (``confnotes.core.records``, loaded by the scaffold)
CATEGORIES: tuple[str, ...] = new_talk.records.CATEGORIES
#: counted words as the views write them (``confnotes.core.words``, standard library only)
words = core_module("words")
#: what a contributor must replace before the block builds (each fails a strict build)
FILL_CATEGORY = f"<one of: {', '.join(CATEGORIES)}>"
FILL_HOMEPAGE = "<https://... the tool's own site, or delete this line>"
QUOTED = '"..."'
#: the width a description is wrapped to, as the pages' prose is
WRAP = 79
FILL_DESCRIPTION = "One line on what it is, in our own words (the glossary shows it)."


@dataclass(frozen=True, order=True)
class Use:
    """One ``:tool:`` role naming an undeclared tool."""

    path: str
    line: int
    text: str


# -- Listing the tools that pages link but nobody declared -----------------------------


def doctree_roles(doctree: Any) -> Iterable[tuple[str, str | None, int, str]]:
    """``(tool id, file, line, shown text)`` of every ``:tool:`` role in a doctree.

    The file is the one the role is written in: the page, or a file it
    includes (``confnotes.core.locations``, the rule the build's warnings follow).
    """
    from confnotes.core.locations import source_and_line
    from sphinx import addnodes

    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") == "conf" and node.get("reftype") == "tool":
            text = node.astext() if node.get("refexplicit") else ""
            source, line = source_and_line(node)
            yield node["reftarget"], source, line, text


def written_in(source: str | None, page: str, srcdir: Path) -> str:
    """Name the file a role is written in as the scaffold names files, else the *page*.

    Relative to *srcdir* (``shown_path``); the page when the role names no
    file, or one outside *srcdir*.
    """
    if not source or not Path(source).is_file():
        return page
    shown = shown_path(Path(source), srcdir)
    return page if Path(shown).is_absolute() else shown


def undeclared_tools(
    env: Any, doctrees: Path, srcdir: Path, pages: list[str]
) -> dict[str, list[Use]]:
    """Tool ids linked by the pages (all, or only *pages*) that no directive declares."""
    declared = set(env.domaindata.get("conf", {}).get("tools", {}))
    wanted = {Path(p).as_posix().removeprefix("./") for p in pages}
    found: dict[str, list[Use]] = {}
    for docname in sorted(env.all_docs):
        path = Path(env.doc2path(docname)).relative_to(srcdir).as_posix()
        if wanted and not wanted & {path, docname}:
            continue
        tree = doctrees / f"{docname}.doctree"
        if not tree.is_file():
            continue
        with tree.open("rb") as handle:
            doctree = pickle.load(handle)
        for tool_id, source, line, text in doctree_roles(doctree):
            if tool_id not in declared:
                found.setdefault(tool_id, []).append(
                    Use(written_in(source, path, srcdir), line, text)
                )
    return {tool_id: sorted(uses) for tool_id, uses in found.items()}


def wrapped(text: str, indent: str) -> list[str]:
    """*text* in lines of at most WRAP columns, broken between words only.

    The directive joins its lines with a space: a word cut in two (a URL) or
    broken after a hyphen ("well- tested") would read differently.
    """
    return textwrap.wrap(
        text,
        WRAP,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def tool_block(tool_id: str, name: str, suffix: str, *, fill: bool = True, **given: str) -> str:
    """Write a ``tool`` declaration in the glossary page's syntax (reST or MyST)."""
    options = [("name", name)]
    options.append(("category", given.get("category") or (FILL_CATEGORY if fill else "")))
    homepage = given.get("homepage") or (FILL_HOMEPAGE if fill else "")
    if homepage:
        options.append(("homepage", homepage))
    flags = ["common-word"] if given.get("common_word") else []
    description = given.get("description") or (FILL_DESCRIPTION if fill else "")
    if suffix == ".md":
        lines = [f"```{{tool}} {tool_id}", *(f":{o}: {v}" for o, v in options if v)]
        lines += [f":{flag}:" for flag in flags]
        if description:
            lines += ["", *wrapped(description, "")]
        return "\n".join([*lines, "```"]) + "\n"
    lines = [f".. tool:: {tool_id}", *(f"   :{o}: {v}" for o, v in options if v)]
    lines += [f"   :{flag}:" for flag in flags]
    if description:
        lines += ["", *wrapped(description, "   ")]
    return "\n".join(lines) + "\n"


def page_texts(root: Path) -> dict[Path, str]:
    """Every page's text, read once: the declare-one mode reads sources, not a build."""
    return {
        path: path.read_text(encoding="utf-8", errors="replace")
        for path in new_talk.source_files(root)
    }


def written_names(pages: dict[Path, str], tool_id: str) -> list[str]:
    """Return the texts the pages' roles show for *tool_id* (``:tool:`Nexmo <nexmo>```).

    The declare-one mode needs only the standard library, so it reads the
    roles' explicit titles from the page files, reST and MyST, not from a build.
    """
    role = re.compile(r"(?::tool:|\{tool\})`([^`<]*?)\s*<" + re.escape(tool_id) + r">`")
    return [
        " ".join(found[1].split())
        for text in pages.values()
        for found in role.finditer(text)
        if found[1].strip()
    ]


#: what is not prose on a line: literals and roles (backticks), URLs, an HTML comment
NOT_PROSE_RE = re.compile(r"``[^`]*``|`[^`]*`|<?https?://\S+|<!--.*?-->")
#: a reST title's underline (or overline); Markdown's setext headings use = and - only
UNDERLINE_RE = re.compile(r"^([=\-~^\"'`#*+.:_])\1{2,}\s*$")
SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
#: a code fence of MyST (a directive's fence, ``{name}``, holds prose)
CODE_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})(?!\s*\{)")
#: reST directives whose content is code, not prose
CODE_DIRECTIVE_RE = re.compile(r"^\s*\.\. (?:code-block|code|sourcecode|literalinclude|math|raw)::")


def prose_lines(text: str, markdown: bool = False) -> list[tuple[int, str]]:
    """Return the page's lines that may be prose, numbered, what is not prose blanked.

    Left out, as the plain-mention check leaves them: front matter, code
    fences, literal and code blocks, titles and headings, directive and
    option lines, literals, roles and URLs. A reading of the source, not of a
    build (this mode needs only the standard library): it may miss or add a line.
    """
    lines = text.splitlines()
    underline = SETEXT_RE if markdown else UNDERLINE_RE
    kept: list[tuple[int, str]] = []
    skip_to = 0
    if lines and lines[0].strip() == "---":  # MyST front matter
        skip_to = next((n for n, line in enumerate(lines[1:], 2) if line.strip() == "---"), 0)
    fence = ""
    block_indent: int | None = None  # inside a literal or code block indented deeper than this
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if number <= skip_to:
            continue
        if fence:
            fence = "" if stripped.startswith(fence) else fence
            continue
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if opened := CODE_FENCE_RE.match(line):
            fence = opened[1]
            continue
        following = lines[number] if number < len(lines) else ""
        if CODE_DIRECTIVE_RE.match(line) or (
            stripped.endswith("::") and not stripped.startswith("..")
        ):
            block_indent = indent
        if (
            stripped.startswith(("..", ":", "#", "```", ":::"))
            or underline.match(line)
            or (stripped and underline.match(following))
        ):
            continue
        kept.append((number, NOT_PROSE_RE.sub(" ", line)))
    return kept


def plain_uses(root: Path, pages: dict[Path, str], name: str) -> list[str]:
    """Return ``path:line`` of each line of the pages where *name* stands in plain prose.

    Roughly what ``make check``'s plain-mention check will find once the
    tool is declared (:func:`prose_lines`).
    """
    word = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    return [
        f"{path.relative_to(root).as_posix()}:{number}"
        for path, text in pages.items()
        for number, prose in prose_lines(text, markdown=path.suffix == ".md")
        if word.search(prose)
    ]


def suggested_name(tool_id: str, texts: list[str]) -> str:
    """Return the text the roles show most (``:tool:`Nexmo <nexmo>```), else the id."""
    return max(texts, key=texts.count) if texts else tool_id


def render_listing(
    found: dict[str, list[Use]],
    glossary: Path | None,
    root: Path,
    pages: list[str],
    declared: Iterable[str] = (),
) -> str:
    """Every undeclared tool with where it is linked, then the blocks to paste.

    An id close to a *declared* one is pointed out first: a typo in a role
    is fixed in the page, not declared as a tool.
    """
    from confnotes.core.ids import did_you_mean

    if not found:
        return (
            f"every tool {' and '.join(pages) or 'the pages'} link{'s' * bool(pages)} is declared"
        )
    where = glossary.relative_to(root).as_posix() if glossary else "the page with the tool glossary"
    width = max(len(t) for t in found)
    count = len(found)
    lines = [f"{words.plural(count, 'tool')} linked but not declared:", ""]
    for tool_id, uses in sorted(found.items()):
        places = ", ".join(f"{u.path}:{u.line}" for u in uses)
        lines.append(f"  {tool_id:<{width}}  {places}")
    typos = [(t, close) for t in sorted(found) if (close := did_you_mean(t, declared))]
    if typos:
        lines += ["", "A typo? Fix the role in the page rather than declaring the tool:"]
        lines += [f"  {tool_id}{close}" for tool_id, close in typos]
    maybe_typos = {tool_id for tool_id, _close in typos}
    to_paste = [t for t in sorted(found) if t not in maybe_typos]
    if to_paste:
        lines += [
            "",
            f"Paste these into {where} and fill in each <...> and description (the strict",
            "build fails until every category is one of the list), or declare one at a time",
            f"with {hint('tool', '<id>')} {hint('category', '<category>')} "
            f"[{hint('homepage', '<url>')}] [{hint('description', QUOTED)}]:",
            "",
        ]
    suffix = glossary.suffix if glossary else ".rst"

    def blocks(tool_ids: Iterable[str]) -> list[str]:
        return [
            tool_block(t, suggested_name(t, [u.text for u in found[t] if u.text]), suffix)
            for t in tool_ids
        ]

    lines += blocks(to_paste)
    if maybe_typos:
        # kept apart, so that pasting the list above never declares a typo
        lines += ["", "Only if one of the possible typos above is a tool of its own after all:", ""]
        lines += blocks(sorted(maybe_typos))
    return "\n".join(lines).rstrip("\n")


# -- Declaring one tool -------------------------------------------------------------------


def plan_new_tool(args: argparse.Namespace, root: Path) -> Plan:
    """Check the new tool against the site and plan its declaration."""
    plan = Plan()
    tool_id = args.tool.strip()
    if not new_talk.ids.ID_RE.fullmatch(tool_id):
        raise ScaffoldError(
            f"{hint('tool')} {tool_id!r} is not an id: use lowercase letters, digits and "
            "single hyphens (the id the pages' :tool: roles name)"
        )
    for decl in find_declarations(root, "tool"):
        if decl.ident == tool_id:
            raise ScaffoldError(
                f"tool {tool_id!r} is already declared ({decl.path.relative_to(root)}:"
                f"{decl.line}); refusing to declare it twice"
            )
    category = (args.category or "").strip()
    if category not in CATEGORIES:
        raise ScaffoldError(
            f"{hint('category')} must be one of: {', '.join(CATEGORIES)}"
            + (f" (not {category!r})" if category else "")
        )
    homepage = (args.homepage or "").strip()
    if homepage and not new_talk.URL_RE.fullmatch(homepage):
        raise ScaffoldError(f"{hint('homepage')} must be {new_talk.URL_RULE}")
    pages = page_texts(root)
    name = " ".join((args.name or "").split())
    if not name:
        shown = written_names(pages, tool_id)
        name = suggested_name(tool_id, shown)
        plan.notes.append(
            f"no NAME: named {name!r}, "
            + ("as the pages show it" if shown else "its id (no page shows another name)")
            + f"; give {hint('name', QUOTED)} or edit :name: if the tool spells it otherwise"
        )
    description = " ".join((args.description or "").split())
    if not description:
        plan.notes.append("no DESCRIPTION: add a line on what it is under the declaration")
    plain = [] if args.common_word else plain_uses(root, pages, name)
    if plain:
        shown = ", ".join(plain[:5]) + (f" and {len(plain) - 5} more" if len(plain) > 5 else "")
        plan.notes.append(
            f"{name!r} also stands in plain prose ({shown}): `make check` will ask for "
            f":tool: there; if it is the everyday word, not the tool, declare it with "
            f"{hint('common_word', '1' if new_talk.via_make() else None)} (:common-word:)"
        )
    path, text = new_talk.page_with_view(plan, root, "tool-glossary", "tool")
    block = tool_block(
        tool_id,
        name,
        path.suffix,
        fill=False,
        category=category,
        homepage=homepage,
        description=description,
        common_word="1" if args.common_word else "",
    )
    plan.writes[path] = text.rstrip("\n") + "\n\n" + block
    plan.notes.append(f"declared tool {tool_id!r} in {path.relative_to(root)}")
    return plan


# -- The command line, and `make new-tool` -------------------------------------------------


class Parser(new_talk.Parser):
    """The scaffold's parser, with this script's options that make does not pass."""

    not_from_make = frozenset({"root", "builddir", "no_build"})


def build_parser() -> Parser:
    """Every option; each but the paths is also a make variable (``--tool`` is ``TOOL=``)."""
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", metavar="<id>", help="declare this tool (else: list)")
    parser.add_argument("--category", choices=CATEGORIES, help="the new tool's category")
    parser.add_argument(
        "--name", metavar='"..."', help="the tool's name (default: as the pages show it, or its id)"
    )
    parser.add_argument("--homepage", metavar="URL", help="the new tool's homepage")
    parser.add_argument("--description", metavar='"..."', help="one line on what it is")
    parser.add_argument(
        "--common-word",
        action="store_true",
        help="its name is also an everyday word (six): make check does not look for it",
    )
    parser.add_argument(
        "--page", action="append", default=[], metavar="PATH", help="list only this page's tools"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change, write nothing"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="the site's source folder")
    parser.add_argument("--builddir", type=Path, help="default: <root>/_build")
    parser.add_argument(
        "--no-build", action="store_true", help="read the last build as it is, do not build"
    )
    return parser


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command line, after the make variables when ``make new-tool`` runs the script."""
    parser = build_parser()
    args = list(sys.argv[1:] if argv is None else argv)
    if new_talk.via_make():
        args = new_talk.make_argv(parser) + args
    return parser.parse_args(args)


def list_undeclared(args: argparse.Namespace, root: Path) -> int:
    """Build if needed, then print the undeclared tools and their blocks."""
    import list_ids

    builddir = (args.builddir or root / "_build").resolve()
    doctrees = builddir / "doctrees"
    if not args.no_build:
        list_ids.build(root, builddir)
    if not (doctrees / "environment.pickle").exists():
        print(f"new-tool: no {doctrees / 'environment.pickle'}: run `make html`", file=sys.stderr)
        return 1
    env = list_ids.load_env(doctrees, root)
    found = undeclared_tools(env, doctrees, root, args.page)
    try:
        glossary: Path | None = new_talk.page_with_view(Plan(), root, "tool-glossary", "tool")[0]
    except ScaffoldError:
        glossary = None
    declared = env.domaindata.get("conf", {}).get("tools", {})
    print(render_listing(found, glossary, root, args.page, declared))
    return 0


def main(argv: list[str] | None = None) -> int:
    """List undeclared tools, or declare one; never overwrite."""
    args = parse_args(argv)
    root = args.root.resolve()
    if not args.tool:
        given = [
            hint(o)
            for o in ("category", "name", "homepage", "description", "common_word")
            if getattr(args, o)
        ]
        if given:
            print(f"new-tool: {', '.join(given)} need {hint('tool', '<id>')}", file=sys.stderr)
            return 1
        return list_undeclared(args, root)
    try:
        plan = plan_new_tool(args, root)
    except ScaffoldError as error:
        print(f"new-tool: {error}", file=sys.stderr)
        return 1
    for path, text in plan.writes.items():
        print(f"update {path.relative_to(root)}")
        if not args.dry_run:
            path.write_text(text, encoding="utf-8")
    for note in plan.notes:
        print(f"note: {note}")
    if args.dry_run:
        print(f"dry run: nothing was written (run again without {hint('dry_run')} to write)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
