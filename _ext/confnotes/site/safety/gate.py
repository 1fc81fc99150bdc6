r"""The late gate: no unsafe link, image source or redirect reaches a reader.

Our directives check their own URLs at the door (``validation.check_url``).
This gate checks what everyone else writes, once the doctree is final
(``doctree-resolved``, in every builder, singlehtml's and latex's assembled
trees included): reST and MyST links and bare URLs, images, the entries
sphinxcontrib-bibtex formats from ``references.bib`` (``url`` fields,
``\url{...}``), and nodes other extensions add. A link whose scheme is not
http, https or mailto (or none: relative) is replaced by its text; such an
image by its alt text; a ``meta`` element that sets ``http-equiv`` (a
refresh sends every reader elsewhere) or any attribute but a name, property
and content, or whose URL (``og:url``, ``og:image``, a refresh's) is unsafe,
is removed. Each warns ``confnotes.unsafe_link`` or
``confnotes.unsafe_meta`` at its file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.nodes import fully_normalize_name
from sphinx import addnodes

from confnotes.core.locations import is_a_file, source_and_line
from confnotes.core.locations import location_of as location_of_line
from confnotes.core.nodes import ancestors
from confnotes.core.source_lines import line_with
from confnotes.core.validation import (
    LINK_RULE,
    AnyLocation,
    is_safe_link,
    is_safe_metadata,
    line_of,
    warn,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: the attributes a page's metadata may set (``.. meta::``, MyST's ``html_meta``)
META_ATTRIBUTES = frozenset({"name", "property", "content", "lang", "dir", "scheme"})
#: after every other ``doctree-resolved`` handler (default priority 500)
GATE_PRIORITY = 900


def location_of(
    env: BuildEnvironment, node: nodes.Node, docname: str, text: str, *more: str
) -> tuple[AnyLocation, str]:
    """Where the contributor wrote *text* (else the first of *more* found), and the ``.bib`` line.

    On a page the warning is located ``(docname, line)`` (so an unchanged
    page's warning is repeated by ``replay`` until it is fixed), at the first
    line that holds *text* from the start of the paragraph (or other block)
    holding the node; *text* as reST writes it (a backslash doubled), then
    each of *more*, when the source does not hold it as the node does. Text
    written in a file the page includes is located at that file's own line
    (``core.locations``). A bibliography entry is written in a ``.bib`` file:
    its file and line come second, ``" (refs.bib:3)"``, for the message.
    """
    needles = (text, *([text.replace("\\", "\\\\")] if "\\" in text else []), *more)
    written, line = source_and_line(node)
    cited = next((a for a in ancestors(node) if is_bibliography_entry(a)), None)
    docname = page_holding(env, node, written, cited, docname)
    # the search starts at the paragraph (or other block) that holds the node
    block = next((a for a in [node, *ancestors(node)] if isinstance(a, nodes.TextElement)), node)
    start = min(line, line_of(block)) or 1
    # a link to a named target (``|x|_``, ```x`_``) is written at the target's line
    start = target_line(node, text) or start
    origin = bib_origin(env, text) if cited is not None else ""
    if written and cited is None and is_included_file(env, written):
        # a file the page includes: its own line
        found = first_line_with(Path(written), needles, start) or line
        return location_of_line(env, written, found), origin
    if docname not in env.found_docs:
        return (docname, line), origin
    source = Path(env.doc2path(docname))
    if cited is not None:
        # an entry is the bibliography directive's (LaTeX moves it to the end of
        # the book, a footnote to where it is cited): the directive's line, in every builder
        name = "footbibliography" if isinstance(cited, nodes.footnote) else "bibliography"
        directive = line_with(source, f".. {name}::") or line_with(source, f"{{{name}}}")
        line = directive or line
        start = min(line, line_of(block)) or 1
    return (docname, first_line_with(source, needles, start) or line), origin


def target_line(node: nodes.Node, url: str) -> int:
    """Return the line of the target block (``.. _name: url``) giving *node* its URL (0: none).

    The target the link names (```other`_``); a link that names none (a
    substitution's, ``|js|_``), the target block of its URL. A target in the
    text (an embedded URL's own) has no block: the link's search finds it.
    """
    if not isinstance(node, nodes.reference) or node.document is None:
        return 0
    name = fully_normalize_name(str(node.get("name", "")))
    for target in node.document.findall(nodes.target):
        if target.get("refuri") != url or (name and name not in target["names"]):
            continue
        if isinstance(target.parent, nodes.TextElement) or not target.line:
            return 0
        return int(target.line)
    return 0


def first_line_with(path: Path, needles: tuple[str, ...], start: int) -> int:
    """Return the line where the first of *needles* that *path* holds begins (0: none)."""
    return next((found for needle in needles if (found := line_with(path, needle, start))), 0)


def is_bibliography_entry(node: nodes.Node) -> bool:
    """Whether *node* is an entry sphinxcontrib-bibtex wrote, which its ``.bib`` file holds.

    A citation, or an item or a footnote of a list-style or footnote
    bibliography: those carry their page's ``docname`` and, made by
    sphinxcontrib-bibtex, no source (Sphinx gives every footnote a
    ``docname``; one a page writes has its file as its source).
    """
    if isinstance(node, nodes.citation):
        return True
    return (
        isinstance(node, nodes.list_item | nodes.footnote)
        and "docname" in node.attributes
        and node.source is None
    )


def page_of_file(env: BuildEnvironment, path: str) -> str | None:
    """Return the page whose source *path* is, or None for any other file (an included one)."""
    docname = env.path2doc(path)
    return docname if docname in env.found_docs else None


def is_included_file(env: BuildEnvironment, path: str) -> bool:
    """Whether *path* is a file that is no page (one a page includes), not a made-up source."""
    return page_of_file(env, path) is None and is_a_file(path)


def page_holding(
    env: BuildEnvironment,
    node: nodes.Node,
    written: str | None,
    cited: nodes.Element | None,
    docname: str,
) -> str:
    """Return the page that holds *node*.

    A LaTeX or single-page build gates the assembled tree of every page as
    the root page's: a node's own source names its page, else the page it was
    inlined from (``start_of_file``); a citation that LaTeX moved to the end
    of the book still names its page (Sphinx's ``docname``).
    """
    inlined = next((a for a in ancestors(node) if isinstance(a, addnodes.start_of_file)), None)
    return (
        (page_of_file(env, written) if written else None)
        or (cited.get("docname") if cited is not None else None)
        or (inlined.get("docname") if inlined is not None else None)
        or docname
    )


def bib_origin(env: BuildEnvironment, text: str) -> str:
    """Return `` (refs.bib:3)``: the ``.bib`` file and line that hold *text*, or ``""``."""
    for bibfile in getattr(env.config, "bibtex_bibfiles", []):
        if found := line_with(Path(env.srcdir, bibfile), text):
            return f" ({bibfile}:{found})"
    return ""


def gate_link(env: BuildEnvironment, reference: nodes.reference, docname: str) -> None:
    """Unlink a reference whose URL is unsafe, keeping its text."""
    uri = reference.get("refuri")
    if uri is not None and not is_safe_link(uri):
        location, origin = location_of(env, reference, docname, uri)
        warn(
            f"link to %r%s removed, its text kept: {LINK_RULE}",
            uri,
            origin,
            subtype="unsafe_link",
            location=location,
        )
        text = reference.children or [nodes.Text(reference.astext())]
        reference.replace_self(nodes.inline("", "", *text))


def replace_by_alt(image: nodes.image) -> None:
    """Put the image's alt text (or nothing) where it was.

    An image with a ``:target:`` is the only child of its link, which
    Sphinx's HTML writer requires to hold an image: the link goes too. An
    image without alt text leaves an empty inline: it keeps the image's
    ``:name:`` (a target others link to) and ``:class:``, which docutils
    refuses to drop.
    """
    alt = image.get("alt", "")
    linked = isinstance(image.parent, nodes.reference) and len(image.parent) == 1
    inline = nodes.inline(alt, alt)
    if linked:
        inline.update_basic_atts(image)  # the link goes: the image's own name stays
    (image.parent if linked else image).replace_self(inline)


def gate_image(env: BuildEnvironment, image: nodes.image, docname: str) -> None:
    """Replace an image whose source is unsafe by its alt text."""
    uri = image.get("uri", "")
    if not is_safe_link(uri) or not all(
        is_safe_link(c) for c in image.get("candidates", {}).values()
    ):
        location, origin = location_of(env, image, docname, uri[:40])
        warn(
            "image %r%s removed: only http and https images (or files of the project) are shown",
            uri[:80],
            origin,
            subtype="unsafe_link",
            location=location,
        )
        replace_by_alt(image)


def gate_meta(env: BuildEnvironment, meta: nodes.meta, docname: str) -> None:
    """Remove page metadata that could redirect readers or carry script."""
    extra = sorted(set(meta.non_default_attributes()) - META_ATTRIBUTES)
    key = str(meta.get("name") or meta.get("property") or "")
    content = str(meta.get("content", ""))
    if not extra and not is_safe_metadata(key, content):
        # the key and its content as a field writes them, the content, the key
        location, _origin = location_of(env, meta, docname, f"{key}:{content}", content, key)
        warn(
            "page metadata %r removed: its URL %r is not http, https or mailto",
            key,
            content[:80],
            subtype="unsafe_meta",
            location=location,
        )
        meta.parent.remove(meta)
    elif extra:
        location, _origin = location_of(env, meta, docname, extra[0])
        warn(
            "page metadata with %s removed: a page's metadata may set only a name"
            " or property and its content (http-equiv could redirect every reader)",
            ", ".join(extra),
            subtype="unsafe_meta",
            location=location,
        )
        meta.parent.remove(meta)


#: what the gate looks at, and how it mends each
GATES = {nodes.reference: gate_link, nodes.image: gate_image, nodes.meta: gate_meta}


def gate_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the last look at a page before any builder writes it.

    One walk over the page (the glossary's is tens of thousands of nodes).
    """
    gated = tuple(GATES)
    for node in list(doctree.findall(lambda node: isinstance(node, gated))):
        gate = next(gate for kind, gate in GATES.items() if isinstance(node, kind))
        gate(app.env, node, docname)


def setup_safety(app: Sphinx) -> None:
    """Register the gate (called from ``setup()``)."""
    app.connect("doctree-resolved", gate_doctree, priority=GATE_PRIORITY)
