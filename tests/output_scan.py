"""Scan every output file of a build for what must never reach a reader.

Whatever wrote it (our directives, reST, MyST, a bibliography, the theme or
another extension): no ``href``/``src`` (or any other URL attribute) with a
scheme other than http, https or mailto (relative is fine), no event-handler
attribute, no ``<meta http-equiv>`` and no unsafe URL in metadata
(``og:url``, a refresh), no embedded document or ``<base>``, no script
address in an inline style or an SVG animation, no script but local files, JSON-LD that is JSON,
and the templates' own (an inline script anywhere, the head too, is one a
template holds whole, word for word), no unsafe link in math (``\\href``),
every epub page well-formed XML (a reader opens no other), no XML (SVG,
compressed SVG, MathML, an epub's ``toc.ncx`` and
``content.opf``, the sitemap) with a script, a handler or an unsafe link, no
unsafe URL in JSON, LaTeX or ``objects.inv``, no LaTeX command in a
document's body that reads or writes files (``\\input``), and no broken JSON
or inventory line, no script address in a script file (the search index is
read as data: its page names must be pages). HTML in ``_static`` is scanned
like any page. :func:`scan` returns
the problems as ``file: what`` lines.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import lxml.html

#: a URL's scheme as a browser reads it: ASCII controls and spaces dropped first
SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
IGNORED_RE = re.compile(r"[\x00-\x20]+")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "srcset"}
)
JSON_URL_KEY = re.compile(r"(url|uri|href|src|homepage|website|slides|page|@id|sameas)$", re.I)
LATEX_URL_RE = re.compile(
    r"\\(?:href|url|sphinxhref|sphinxurl)\{([^}]*)\}"
    r"|\\url\s*([^\s{A-Za-z])(.*?)\2"  # url.sty's \url|...|
)
#: LaTeX that reads or writes files, runs commands or hides text, in a document's body
LATEX_COMMAND_RE = re.compile(
    r"\\(input|include|openin|openout|write|immediate|directlua|pdfstartlink|iffalse"
    r"|ExplSyntaxOn|UseName|filecontents|begin\{filecontents|begin\{input|begin\{\\"
    # hyperref's base URL, settings and PDF forms (buttons run PDF JavaScript)
    r"|hyperbaseurl|hypersetup|PushButton|Submit|TextField|CheckBox|ChoiceMenu|Acrobatmenu"
    r"|begin\{Form"
    # an index entry that makeindex writes as a link: \index{x|href{...}}
    r"|index\{[^\n]*?\|(?:href|url))"
    r"(?![A-Za-z])"
)
INVENTORY_LINE_RE = re.compile(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: a link inside math, as MathJax reads it
MATH_URL_RE = re.compile(r"\\(?:href|url)\s*\{([^}]*)\}")
#: the text MathJax reads for math: all but its skipHtmlTags (a page shown as its source
#: text is in a <pre>, which MathJax never typesets)
MATHJAX_READS = (
    "//text()[not(ancestor::pre or ancestor::code or ancestor::script or ancestor::noscript"
    " or ancestor::style or ancestor::textarea)]"
)
#: page metadata whose content is a URL (og:url, og:image, og:audio:secure_url, ...)
META_URL_KEY_RE = re.compile(r"(?:^|:)(?:url|secure_url|image|audio|video|see_also|player)$", re.I)
REFRESH_RE = re.compile(r"url\s*=\s*['\"]?(.*)", re.I | re.S)
#: a script address written anywhere in a script the site ships (a link it puts in a page)
SCRIPT_ADDRESS_RE = re.compile(r"(?<![\w-])(?:java|vb|live)script\s*:", re.I)
#: elements that put another document, or a base for every link, into a page
EMBEDDING_ELEMENTS = frozenset({"iframe", "frame", "embed", "object", "applet", "base", "portal"})
#: SVG animations, whose target values can change a link's address
ANIMATION_ELEMENTS = frozenset({"set", "animate"})
#: Sphinx's search index: ``Search.setIndex(<JSON>)``
SEARCH_INDEX_RE = re.compile(r"\s*Search\.setIndex\((.*)\)\s*;?\s*", re.S)


def unsafe_url(value: str) -> bool:
    """Whether *value*, read as a browser reads a URL, is unsafe.

    Unsafe: a scheme other than the safe ones, or another host with the
    page's own scheme (``//host``; browsers read backslashes as slashes),
    which is ``file:`` for a site opened from disk.
    """
    squeezed = IGNORED_RE.sub("", value)
    if re.match(r"[/\\]{2}", squeezed):
        return True
    scheme = SCHEME_RE.match(squeezed)
    return bool(scheme) and scheme[1].lower() not in SAFE_SCHEMES


def _documents(outdir: Path) -> Iterator[tuple[str, bytes]]:
    """``(name, bytes)`` of every file, the members of an epub included."""
    for path in sorted(p for p in outdir.rglob("*") if p.is_file()):
        name = path.relative_to(outdir).as_posix()
        data = path.read_bytes()
        if path.suffix == ".epub":
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                for member in book.namelist():
                    yield f"{name}!{member}", book.read(member)
        else:
            yield name, data


def _html_problems(name: str, data: bytes) -> list[str]:
    problems: list[str] = []
    if not data.strip():
        return problems
    tree = lxml.html.document_fromstring(data)
    # an inline script anywhere (the head too) is one of a template's own, word for word
    problems += [
        f"{name}: inline <script> no template holds: {(s.text or '')[:60]!r}"
        for s in tree.iter("script")
        if s.get("src") is None
        and s.get("type") != "application/ld+json"
        and _words(s.text or "") not in _template_scripts()
        and not _is_mathjax_settings(s.text or "")
    ]
    text = "".join(tree.xpath(MATHJAX_READS))
    problems += [f"{name}: math \\href{{{u}}}" for u in MATH_URL_RE.findall(text) if unsafe_url(u)]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                problems.append(f"{name}: <{element.tag} {attribute}=...> (event handler)")
            if local in URL_ATTRIBUTES or local == "xlink:href":
                urls = [u.split()[0] for u in value.split(",") if u.strip()]
                if local != "srcset":
                    urls = [value]
                problems += [
                    f"{name}: <{element.tag} {local}={u!r}>" for u in urls if unsafe_url(u)
                ]
        if element.tag in EMBEDDING_ELEMENTS:
            problems.append(f"{name}: <{element.tag}> (another document inside the page)")
        if "srcdoc" in element.attrib:
            problems.append(f"{name}: <{element.tag} srcdoc=...> (a document inside the page)")
        if element.tag in ANIMATION_ELEMENTS:  # SVG's <set to="javascript:..."> re-links
            problems += [
                f"{name}: <{element.tag} {k}={v!r}>"
                for k, v in element.attrib.items()
                if k in {"to", "from", "by", "values"} and SCRIPT_ADDRESS_RE.search(v)
            ]
        style = element.get("style", "")
        if SCRIPT_ADDRESS_RE.search(style):
            problems.append(f"{name}: <{element.tag} style={style[:60]!r}>")
        if element.tag == "meta" and "http-equiv" in element.attrib:
            problems.append(f"{name}: <meta http-equiv={element.attrib['http-equiv']!r}>")
        if element.tag == "meta":
            problems += _meta_problems(name, element.attrib)
        if element.tag == "script":
            problems += _script_problems(name, element)
    return problems


def _words(text: str) -> str:
    return " ".join(text.split())


#: an inline script of a template: its body
TEMPLATE_SCRIPT_RE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


@functools.cache
def _template_scripts() -> frozenset[str]:
    """The body of every inline script of the installed themes' templates, words one space apart.

    A page's inline script passes only when it is one of them, whole: a part
    of one (an empty script, a lone ``}``) is not.
    """
    import furo
    import sphinx

    folders = [Path(sphinx.__file__).parent / "themes", Path(furo.__file__).parent]
    texts = [p.read_text("utf-8", "replace") for f in folders for p in f.rglob("*.html")]
    return frozenset(_words(body) for text in texts for body in TEMPLATE_SCRIPT_RE.findall(text))


def _meta_problems(name: str, attrib: Any) -> list[str]:
    """A URL in page metadata: a URL property's content, a refresh's URL."""
    key = (attrib.get("property") or attrib.get("name") or "").strip()
    content = attrib.get("content", "")
    urls = [content] if META_URL_KEY_RE.search(key) else []
    if key.lower() == "refresh" and (refresh := REFRESH_RE.search(content)):
        urls.append(refresh[1])
    return [f"{name}: <meta {key}={u!r}>" for u in urls if unsafe_url(u.strip())]


#: XML a browser or reader runs or follows: SVG, MathML, an epub's navigation
#: and package files, feeds, anything served as XML
XML_SUFFIXES = frozenset(
    {"svg", "svgz", "mml", "xml", "ncx", "opf", "rss", "atom", "xsl", "xslt", "xul", "rdf"}
)
XML_URL_ATTRIBUTES = frozenset({"href", "src", "to", "from", "by", "values", "uri", "data"})


def _is_xml(data: bytes) -> bool:
    """Whether *data* is well-formed XML (a noncharacter, say, makes it not)."""
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return False
    return True


def _xml_problems(name: str, data: bytes) -> list[str]:
    """XML served by the site runs its scripts when opened: none, no handler, no unsafe link."""
    if name.endswith(".svgz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return [f"{name}: a compressed SVG that is not gzip"]
    parser = ElementTree.XMLPullParser(events=("start", "pi"))
    try:
        parser.feed(data)
        parser.close()
    except ElementTree.ParseError:
        return [f"{name}: XML that is not XML"]
    problems = []
    starts = []
    for event, element in parser.read_events():
        # a browser applies an XML stylesheet: XSLT writes any page, scripts included
        if event == "pi" and str(element.text or "").lower().startswith("xml-stylesheet"):
            problems.append(f"{name}: <?{element.text}?>")
        elif event == "start":
            starts.append(element)
    root = starts[0]
    if name.endswith(".svg") and str(root.tag).rsplit("}", 1)[-1] != "svg":
        problems.append(f"{name}: an SVG whose root is <{root.tag}>")
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        # (an e-book's package file has <meta>s of its own; a picture has none)
        if tag in {"script", "foreignobject", "iframe", "embed", "object", "handler"} or (
            tag == "meta" and name.endswith((".svg", ".svgz"))
        ):
            problems.append(f"{name}: <{tag}>")
        if tag == "loc" and unsafe_url(element.text or ""):
            problems.append(f"{name}: <loc>{element.text!r}")
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1].lower()
            # an animation's values: a list of values, ";" between
            urls = value.split(";") if local == "values" else [value]
            if local.startswith("on") or (
                local in XML_URL_ATTRIBUTES and any(unsafe_url(url.strip()) for url in urls)
            ):
                problems.append(f"{name}: <{tag} {local}={value[:60]!r}>")
    return problems


def _is_mathjax_settings(text: str) -> bool:
    """Sphinx's MathJax settings (``window.MathJax = {json}``): data, nothing that runs."""
    head, _, settings = text.strip().partition("=")
    try:
        json.loads(settings)
    except ValueError:
        return False
    return head.strip() == "window.MathJax"


def _script_problems(name: str, element: Any) -> list[str]:
    from sphinx.ext.mathjax import MATHJAX_URL

    src = element.attrib.get("src")
    if src is not None:
        # a file of the site, or the MathJax Sphinx loads on a page with math
        local = (not SCHEME_RE.match(src) and not src.startswith("//")) or src == MATHJAX_URL
        return [] if local else [f"{name}: <script src={src!r}> (not a file of the site)"]
    body = element.text or ""
    if element.attrib.get("type") == "application/ld+json":
        try:
            json.loads(body)
        except ValueError:
            return [f"{name}: JSON-LD that is not JSON"]
        return [f"{name}: JSON-LD closes its script"] if "</" in body else []
    return []


def _json_problems(name: str, value: Any, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _json_problems(name, v, str(k))]
    if isinstance(value, list):
        return [p for v in value for p in _json_problems(name, v, key)]
    if isinstance(value, str):
        problems = [f"{name}: {key}: control character"] if CONTROL_RE.search(value) else []
        if JSON_URL_KEY.search(key) and unsafe_url(value):
            problems.append(f"{name}: {key}={value!r}")
        return problems
    return []


def _js_file_problems(name: str, data: bytes) -> list[str]:
    """A script or style file: no script address in it; the search index read as data.

    The index holds the pages' words and titles (text, which may mention a
    scheme) and the names its links are made of, which must be pages.
    """
    text = data.decode("utf-8", "replace")
    if not name.endswith("searchindex.js"):
        return [f"{name}: {m[0]!r}" for m in SCRIPT_ADDRESS_RE.finditer(text)]
    match = SEARCH_INDEX_RE.fullmatch(text)
    try:
        index = json.loads(match[1]) if match else None
    except ValueError:
        index = None
    if not isinstance(index, dict):
        return [f"{name}: broken search index"]
    names = [*index.get("docnames", ()), *index.get("filenames", ())]
    return [f"{name}: page name {n!r}" for n in names if unsafe_url(n) or "://" in n]


def _inventory_problems(name: str, data: bytes) -> list[str]:
    lines = data.split(b"\n", 4)
    if len(lines) < 5:
        return [f"{name}: no inventory body"]
    problems = []
    for line in zlib.decompress(lines[4]).decode("utf-8").split("\n"):
        if not line:
            continue
        match = INVENTORY_LINE_RE.fullmatch(line)
        if match is None or CONTROL_RE.search(line):
            problems.append(f"{name}: broken inventory line {line!r}")
        elif unsafe_url(match[4]) or "://" in match[4]:
            problems.append(f"{name}: inventory URI {match[4]!r} leaves the site")
    return problems


def scan(outdir: Path) -> list[str]:
    """Every problem in *outdir*, as ``file: what`` lines (empty: clean)."""
    problems: list[str] = []
    for name, data in _documents(outdir):
        suffix = name.rsplit(".", 1)[-1].lower()
        if suffix in {"html", "xhtml", "htm", "xhtm", "xht", "shtml", "hta"}:
            problems += _html_problems(name, data)
            if suffix == "xhtml" and not _is_xml(data):  # an epub's page: a reader needs XML
                problems.append(f"{name}: XHTML that is not XML")
        elif suffix in XML_SUFFIXES:
            problems += _xml_problems(name, data)
        elif suffix == "json":
            try:
                problems += _json_problems(name, json.loads(data))
            except ValueError:
                problems.append(f"{name}: broken JSON")
        elif suffix in {"js", "mjs", "css"}:
            problems += _js_file_problems(name, data)
        elif name.endswith("objects.inv"):
            problems += _inventory_problems(name, data)
        elif suffix == "tex":
            text = data.decode("utf-8", "replace")
            urls = [m[1] or m[3] for m in LATEX_URL_RE.finditer(text)]
            problems += [f"{name}: \\href{{{u}}}" for u in urls if unsafe_url(u)]
            body = text.partition("\\begin{document}")[2]
            problems += [f"{name}: \\{c}" for c in LATEX_COMMAND_RE.findall(body)]
    return problems
