"""Scan every output file of a build for what must never reach a reader.

Whatever wrote it (our directives, reST, MyST, a bibliography, the theme or
another extension): no ``href``/``src`` (or any other URL attribute) with a
scheme other than http, https or mailto (relative is fine), no event-handler
attribute, no ``<meta http-equiv>``, no script but local files, JSON-LD
that is JSON, and the template's own (none inline in a page's content), no
unsafe URL in
JSON, the sitemap, LaTeX or ``objects.inv``, and no broken JSON or
inventory line. :func:`scan` returns the problems as ``file: what`` lines.
"""

from __future__ import annotations

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
LATEX_URL_RE = re.compile(r"\\(?:href|url|sphinxhref|sphinxurl)\{([^}]*)\}")
INVENTORY_LINE_RE = re.compile(r"(.+?)\s+(\S+:\S+)\s+(-?\d+)\s+(\S*)\s+(.*)")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def unsafe_url(value: str) -> bool:
    """Whether *value*, read as a browser reads a URL, has a scheme other than the safe ones."""
    scheme = SCHEME_RE.match(IGNORED_RE.sub("", value))
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
    # what the page's content holds (the template's chrome around it is the theme's)
    content = tree.xpath('//*[@role="main"]') or tree.xpath("//body")
    problems += [
        f"{name}: inline <script> in the page's content: {(s.text or '')[:60]!r}"
        for area in content
        for s in area.iter("script")
        if s.get("src") is None and s.get("type") != "application/ld+json"
    ]
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
        if element.tag == "meta" and "http-equiv" in element.attrib:
            problems.append(f"{name}: <meta http-equiv={element.attrib['http-equiv']!r}>")
        if element.tag == "script":
            problems += _script_problems(name, element)
    return problems


def _script_problems(name: str, element: Any) -> list[str]:
    src = element.attrib.get("src")
    if src is not None:
        local = not SCHEME_RE.match(src) and not src.startswith("//")
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
        if suffix in {"html", "xhtml", "htm"} and "/_static/" not in f"/{name}":
            problems += _html_problems(name, data)
        elif suffix == "json":
            try:
                problems += _json_problems(name, json.loads(data))
            except ValueError:
                problems.append(f"{name}: broken JSON")
        elif name.endswith("objects.inv"):
            problems += _inventory_problems(name, data)
        elif name.endswith("sitemap.xml"):
            root = ElementTree.fromstring(data)
            problems += [
                f"{name}: <loc>{loc.text!r}"
                for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
                if unsafe_url(loc.text or "")
            ]
        elif suffix == "tex":
            text = data.decode("utf-8", "replace")
            problems += [
                f"{name}: \\href{{{u}}}" for u in LATEX_URL_RE.findall(text) if unsafe_url(u)
            ]
    return problems
