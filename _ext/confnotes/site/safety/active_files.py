"""Files a page copies into the site never carry script.

An image or a ``download`` of a file of the project is copied into the built
site (``_images/``, ``_downloads/``) and served from the site's own address.
Opened directly, an SVG with a ``<script>`` or an ``onload``, or an HTML
file, runs its script as the site (or sends every reader elsewhere with a
refresh). So, while the page is read and before Sphinx's collectors copy
anything:

* an SVG image or download is read, and one with a script, an event
  handler, embedded HTML (``foreignObject``), an unsafe link, a stylesheet
  instruction (XSLT) or a root other than ``<svg>`` is left out
  (an image shows its alt text, a download keeps its text, unlinked);
* an image or download of a file browsers run as a page (HTML, XHTML, XML,
  MathML, JavaScript, a compressed SVG nobody reads here) is left out, and
  so is one of any other name whose first bytes are those by which a
  browser given no type (a server that knows no type for ``.php`` or for
  a name without a suffix) takes it for HTML or XML: WHATWG's MIME
  sniffing rules and Firefox's additions (:func:`starts_like_a_page`); a
  reviewed file (a Markdown file that starts with a ``<!-- ... -->``
  comment) is allowed as raw content is;
* an image given as ``name.*`` lets Sphinx pick any file of that name: each
  is checked, and one active file leaves the image out;
* an image to embed (``:loading: embed``) is linked instead, with a warning
  ``confnotes.embedded_image``: the HTML writer would embed another file.

Each warns ``confnotes.active_file`` at the page and line;
``confnotes_allow_unsafe`` allows a reviewed one, as for raw content.

An image or download that names a folder (``.. image:: /_static``,
``:download:`notes <.>```) is left out the same way, with a warning
``confnotes.not_a_file`` at its line (``confnotes.empty_target`` for an
empty path, ``:download:`notes <>``` or ``![alt]()``, which names the
page's folder): Sphinx's collectors took a folder for
a readable file, and the copy failed with a warning of no location, leaving
a link to nothing in the page.
"""

from __future__ import annotations

import glob
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from xml.etree import ElementTree

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from confnotes.core.locations import place_name, written_at
from confnotes.core.validation import is_safe_link, warn
from confnotes.site.safety import paths
from confnotes.site.safety.gate import gate_image, replace_by_alt
from confnotes.site.safety.unsafe import ALLOW_HINT, is_allowed, is_local_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SVG_SUFFIXES = frozenset({".svg"})
#: files a browser opens as a page, running their scripts (or Windows runs: .hta)
PAGE_SUFFIXES = frozenset(
    {
        *(".html", ".htm", ".xhtml", ".xhtm", ".xht", ".shtml", ".mht", ".mhtml", ".hta"),
        *(".xml", ".xsl", ".xslt", ".mml", ".rss", ".atom", ".rdf", ".xbl", ".xul"),
        *(".tei", ".wsdl", ".js", ".mjs", ".svgz"),
    }
)
#: what a server may send such a file as, besides every ``+xml`` type
PAGE_TYPES = frozenset(
    {
        *("text/html", "application/xhtml+xml", "application/xml", "text/xml", "text/xsl"),
        *("text/javascript", "application/javascript", "application/ecmascript"),
        *("text/ecmascript", "application/hta"),
    }
)
#: the first tags by which a browser sniffs a file of no type as HTML (WHATWG MIME Sniffing,
#: "identifying a resource with an unknown MIME type"), each followed by a space or ``>``
SNIFFED_HTML_TAGS = (
    *(b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div"),
    *(b"<font", b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p"),
    b"<!--",
    # and those Firefox's decoder of unknown content adds (nsUnknownDecoder), and SVG
    *(b"<pre", b"<img", b"<meta", b"<link", b"<form", b"<frameset", b"<svg"),
    *(b"<h2", b"<h3", b"<h4", b"<h5", b"<h6"),
)
#: a start browsers have taken for markup whatever follows: a declaration, a comment,
#: a processing instruction (``<?xml``, ``<?php``)
SNIFFED_MARKUP_STARTS = (b"<!", b"<?")
#: the bytes a sniffing browser skips before the first tag
SNIFFED_SPACE = b"\t\n\x0c\r "
#: how much of a file a browser reads to sniff it
SNIFFED_BYTES = 1445
#: elements that run script, embed a page, or navigate (HTML's in an SVG: ``<h:meta
#: http-equiv=refresh>`` sent the reader elsewhere) wherever their namespace puts them
ACTIVE_ELEMENTS = frozenset(
    {
        *("script", "foreignobject", "iframe", "embed", "object", "handler", "meta"),
        *("frame", "frameset", "form", "base", "portal", "applet", "link"),
    }
)
LINK_ATTRIBUTES = frozenset({"href", "to", "from", "by", "values"})
#: the processing instruction by which a browser styles (or, with XSLT, rewrites) an XML file
STYLESHEET_INSTRUCTION = "xml-stylesheet"
#: an SVG's root: ``<svg>`` in SVG's namespace, or in none (an ``<svg>`` of XHTML's is a page)
SVG_ROOTS = frozenset({"{http://www.w3.org/2000/svg}svg", "svg"})


def local_name(name: str) -> str:
    """``{http://www.w3.org/2000/svg}script`` -> ``script``, lower-cased."""
    return name.rsplit("}", 1)[-1].lower()


def link_values(name: str, value: str) -> list[str]:
    """Return the URLs an attribute gives: an animation's ``values`` is a list, ``;`` between."""
    return [part.strip() for part in (value.split(";") if name == "values" else [value])]


def svg_problem(path: Path) -> str:
    """Return what makes the SVG at *path* active ("" when it is a plain picture).

    Its root must be ``<svg>``, and it may hold no ``<?xml-stylesheet?>``: a
    browser opening the file applies the stylesheet, and an XSLT one writes
    any page, scripts included, from markup that holds none.
    """
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(
        events=("start", "pi")
    )
    try:
        parser.feed(path.read_bytes())
        parser.close()
    except (OSError, ElementTree.ParseError) as error:
        return f"it cannot be read as SVG ({error})"
    root = ""
    for queued in parser.read_events():
        # ("start" or "pi", its element): the only events asked for
        event, element = cast("tuple[str, ElementTree.Element]", queued)
        if event == "pi":
            target = next(iter(str(element.text or "").split()), "")
            if target.lower() == STYLESHEET_INSTRUCTION:
                return (
                    f"it holds <?{target}?>, a stylesheet a browser fetches and applies"
                    " (an XSLT one writes scripts)"
                )
            continue
        tag = local_name(str(element.tag))
        if not root and (root := str(element.tag)) not in SVG_ROOTS:
            return f"its root element is <{tag}> ({root}), not SVG's <svg>"
        if tag in ACTIVE_ELEMENTS:
            return f"it holds a <{tag}>"
        for attribute, value in element.attrib.items():
            name = local_name(attribute)
            if name.startswith("on"):
                return f"it holds an event handler ({name})"
            if name in LINK_ATTRIBUTES and not all(map(is_safe_link, link_values(name, value))):
                return f"it links {value[:40]!r}"
    return ""


def opens_as_page(path: Path) -> bool:
    """Whether a browser opens the file as a page: by its suffix, or the type it is served as.

    The suffixes we know, and whatever the MIME tables (Python's and the
    system's, as a server's would) map to HTML, script or XML.
    """
    if path.suffix.lower() in PAGE_SUFFIXES:
        return True
    kind, _encoding = mimetypes.guess_type(path.name, strict=False)
    return kind is not None and (kind in PAGE_TYPES or kind.endswith("+xml"))


def starts_like_a_page(path: Path) -> bool:
    """Whether a browser given no type for the file would take it for HTML or XML.

    A server may send a file without a type, or with one a browser sniffs
    (``.php``, a name without a suffix): the browser then reads its first
    bytes, and runs it as a page when they start an HTML or XML document.
    """
    try:
        with path.open("rb") as file:
            head = file.read(SNIFFED_BYTES).lstrip(SNIFFED_SPACE).lower()
    except OSError:
        return False
    if head.startswith(SNIFFED_MARKUP_STARTS):
        return True
    return any(
        head.startswith(tag) and head[len(tag) : len(tag) + 1] in (b" ", b">")
        for tag in SNIFFED_HTML_TAGS
    )


def file_problem(path: Path) -> str:
    """Return why the file at *path* may not be copied into the site ("" when it may)."""
    suffix = path.suffix.lower()
    if suffix in SVG_SUFFIXES and paths.is_file(path):
        return svg_problem(path)
    if opens_as_page(path):
        return f"a browser opens a {suffix} file as a page, running its scripts"
    if paths.is_file(path) and starts_like_a_page(path):
        return "it starts like an HTML or XML page, which a browser given no type runs as one"
    return ""


def candidates(path: Path) -> list[Path]:
    """Return the files an image path stands for: itself, or each ``name.*`` Sphinx may pick."""
    if path.name.endswith(".*"):
        return sorted(path.parent.glob(glob.escape(path.name[:-2]) + ".*"))
    return [path]


def problem_of(path: Path) -> str:
    """Return why any file *path* stands for may not be copied ("" when none)."""
    for candidate in candidates(path):
        if problem := file_problem(candidate):
            return problem if candidate == path else f"{candidate.name}: {problem}"
    return ""


class RemoveActiveFiles(SphinxTransform):
    """Leave out images and downloads that would copy script into the site."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        """Check each local image and download before the collectors copy it."""
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if not is_safe_link(uri):
                # the gate's rule, now: Sphinx's collector would take it for a missing file
                gate_image(self.env, image, self.env.docname)
            elif self.left_out("image", uri, image):
                replace_by_alt(image)
            else:
                self.link_not_embed(image)
        for download in list(self.document.findall(addnodes.download_reference)):
            if self.left_out("download", download.get("reftarget", ""), download):
                download.replace_self(download.children)

    def left_out(self, name: str, argument: str, node: nodes.Node) -> bool:
        """Whether an image's or a download's path must not be copied (each reason warns).

        Empty (the page's folder), a folder, or a local file refused for what it holds.
        """
        return self.names_nothing(name, argument, node) or (
            is_local_file(argument)
            and (self.is_folder(name, argument, node) or self.refused(name, argument, node))
        )

    def link_not_embed(self, image: nodes.image) -> None:
        """Link an image the HTML writer would embed (``:loading: embed``): warns.

        The writer reads the file to embed from the path the page will link,
        relative to the directory the build runs in (``_images/name``): not
        the file checked here, but any file of that name, put inline. An
        image with no ``loading`` is given the writer's default, ``link``,
        so that no ``docutils.conf`` setting (``image_loading``) embeds it.
        """
        loading = image.get("loading")
        image["loading"] = "lazy" if loading == "lazy" else "link"
        if loading != "embed":
            return
        warn(
            "image %r is linked, not embedded: the HTML writer would put inline the file"
            " of that name in the folder the build runs in, which nobody checked",
            image.get("uri", ""),
            subtype="embedded_image",
            location=written_at(self.env, image),
        )

    def names_nothing(self, name: str, argument: str, node: nodes.Node) -> bool:
        """Whether the path is empty, which names the page's own folder to Sphinx (warns).

        ``:download:`x <>```, ``![alt]()``.
        """
        if argument.strip():
            return False
        warn(
            "%s names no file (an empty path stands for the page's folder): left out;"
            " write the file's path",
            name,
            subtype="empty_target",
            location=written_at(self.env, node),
        )
        return True

    def is_folder(self, name: str, argument: str, node: nodes.Node) -> bool:
        """Whether the path names a folder, which no page can copy (warns)."""
        _relative, path = self.env.relfn2path(argument, self.env.docname)
        if not paths.is_folder(path):
            return False
        warn(
            "%s of %r left out: it names a folder, not a file; name the file",
            name,
            argument,
            subtype="not_a_file",
            location=written_at(self.env, node),
        )
        return True

    def refused(self, name: str, argument: str, node: nodes.Node) -> bool:
        """Whether the file is active and not allowed (warns)."""
        _relative, path = self.env.relfn2path(argument, self.env.docname)
        problem = problem_of(Path(path))
        location = written_at(self.env, node)
        if not problem or is_allowed(self.env, location):
            return False
        # read again when the file changes (a script removed), as Sphinx's collectors
        # would have noted for the image or download it no longer sees
        for candidate in candidates(Path(path)):
            self.env.note_dependency(candidate)
        warn(
            "%s of %r left out: %s; " + ALLOW_HINT,
            name,
            argument,
            problem,
            place_name(self.env, location),
            subtype="active_file",
            location=location,
        )
        return True


def setup_active_files(app: Sphinx) -> None:
    """Register the check (called from the package's ``setup()``)."""
    app.add_transform(RemoveActiveFiles)
