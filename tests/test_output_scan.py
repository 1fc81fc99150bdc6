"""The scanner the hostile tests trust finds what it is there to find.

Each case writes one output file as a builder could, and the scan must name it.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from output_scan import scan

PAGE = "<html><head>{head}</head><body>{body}</body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
TEX = "\\documentclass{{article}}\\begin{{document}}{}\\end{{document}}"
#: no <script> in it, but one in the page a browser makes of it (helper-63's finding)
XSLT = (
    b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="x.svg"?>'
    b'<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    b"<xsl:template match=\"/\"><xsl:element name=\"{concat('scr','ipt')}\">alert(1)"
    b"</xsl:element></xsl:template></xsl:stylesheet>"
)


#: ``(file name, what a builder could write, what the scan must say)``
CASES: list[tuple[str, str | bytes, str]] = [
    # an inline script must be a template's whole script, not a part of one
    ("a.html", PAGE.format(head="<script></script>", body=""), "inline <script>"),
    ("b.html", PAGE.format(head="", body="<script>}</script>"), "inline <script>"),
    # HTML a theme's static folder would serve
    ("_static/c.html", PAGE.format(head="", body='<a href="javascript:x">x</a>'), "href"),
    ("i.html", PAGE.format(head="", body='<iframe src="x.html"></iframe>'), "<iframe>"),
    ("j.html", PAGE.format(head="", body='<div srcdoc="x">x</div>'), "srcdoc"),
    ("k.html", PAGE.format(head='<base href="https://e.example/">', body=""), "<base>"),
    ("l.html", PAGE.format(head="", body='<embed src="x.swf">'), "<embed>"),
    ("m.html", PAGE.format(head="", body='<p style="background:url(javascript:x)">x</p>'), "style"),
    (
        "n.html",
        PAGE.format(
            head="", body='<svg><a href="#"><set attributeName="href" to="javascript:x"/></a></svg>'
        ),
        "<set to=",
    ),
    ("o.html", PAGE.format(head="", body='<a href="//evil.example/">x</a>'), "//evil.example/"),
    ("d.svgz", gzip.compress(SVG, mtime=0), "<script>"),
    # HTML's redirect inside an SVG
    (
        "r.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml">'
        b'<h:meta http-equiv="refresh" content="0; url=https://evil.example/"/></svg>',
        "<meta>",
    ),
    # an XSLT stylesheet a browser applies, which writes a script (named .svg, or .xml)
    ("x.svg", XSLT, "<?xml-stylesheet"),
    ("x.xml", XSLT, "<?xml-stylesheet"),
    # a page under another suffix a browser opens as one
    ("g.xhtm", PAGE.format(head="", body="<script>alert(1)</script>"), "inline <script>"),
    # an animation's values are a list: the last one is a script link
    (
        "f.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href"'
        b' values="https://example.org/; javascript:alert(1)"/></a></svg>',
        "values=",
    ),
    # a script that writes a script link into a page (Sphinx's own highlighter did)
    ("_static/h.js", "x = '<a href=\"javascript:hide()\">';", "'javascript:'"),
    ("_static/v.js", "location = 'VBScript :x';", "'VBScript :'"),
    ("_static/s.css", "a { background: url(javascript:alert(1)) }", "'javascript:'"),
    # the search index is data: its page names must be pages
    ("searchindex.js", 'Search.setIndex({"docnames":["javascript:alert(1)"]})', "page name"),
    ("s/searchindex.js", "Search.setIndex({", "broken search index"),
    # LaTeX: hyperref's PDF JavaScript buttons, and an index entry makeindex makes a link
    ("a.tex", TEX.format(r"\PushButton[onclick={app.alert(1)}]{x}"), "\\PushButton"),
    ("b.tex", TEX.format(r"\hyperbaseurl{javascript:x}"), "\\hyperbaseurl"),
    ("c.tex", TEX.format(r"\index{a|href{javascript:x}}"), "\\index{a|href"),
    # url.sty's \url with delimiters instead of braces
    ("u.tex", TEX.format(r"\(\url|javascript:alert(1)|\)"), "javascript:alert(1)"),
    ("e.mml", b'<math xmlns="http://www.w3.org/1998/Math/MathML"><script/></math>', "<script>"),
    # a link in math MathJax typesets: anywhere in a page's text but what it skips
    ("q.html", PAGE.format(head="", body=r"<p>\(\href{javascript:x}{a}\)</p>"), "math \\href"),
    ("toc.ncx", b'<ncx><content src="javascript:alert(1)"/></ncx>', "javascript:alert(1)"),
    # an epub's page with a character no XML holds: a reader cannot open it
    ("p.xhtml", PAGE.format(head="", body="<p>a \uffff b</p>"), "XHTML that is not XML"),
    ("content.opf", b'<package><item href="vbscript:x"/></package>', "vbscript:x"),
    (
        "sitemap.xml",
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>javascript:alert(1)</loc></url></urlset>",
        "<loc>",
    ),
]


@pytest.mark.parametrize(("name", "data", "found"), CASES, ids=[case[0] for case in CASES])
def test_the_scan_names_each_problem(
    tmp_path: Path, name: str, data: str | bytes, found: str
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    problems = scan(tmp_path)
    assert problems and all(p.startswith(f"{name}: ") for p in problems), problems
    assert found in problems[0], problems


def test_a_template_script_and_plain_files_pass(tmp_path: Path) -> None:
    theme = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'
    furo = f"<script>\n  {theme}\n</script>"
    (tmp_path / "page.html").write_text(PAGE.format(head="", body=furo), encoding="utf-8")
    (tmp_path / "plain.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>'
    )
    (tmp_path / "toc.ncx").write_bytes(b'<ncx><content src="index.xhtml"/></ncx>')
    # a title may mention a scheme: the index holds it as text
    (tmp_path / "searchindex.js").write_text(
        'Search.setIndex({"docnames":["index"],"titles":["javascript: a talk"]})',
        encoding="utf-8",
    )
    (tmp_path / "plain.js").write_text("const javascriptish = 'a: b';", encoding="utf-8")
    # a page shown as its source text: in a <pre>, which MathJax never typesets
    shown = r"<pre>:math:`\href{javascript:x}{a}` and \(\url{javascript:y}\)</pre>"
    (tmp_path / "as-text.html").write_text(PAGE.format(head="", body=shown), encoding="utf-8")
    assert scan(tmp_path) == []
