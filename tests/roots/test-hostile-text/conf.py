"""Issue 18, class 2: names, titles and descriptions are one line of plain text.

tests/test_hostile_text.py adds, as bytes, pages that hold control
characters (ESC, BEL, NUL, DEL, C1, form feed, U+2028).
"""

project = "Hostile text"
copyright = "2013, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_design", "confnotes", "sphinxext.opengraph"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
confnotes_default_event = "Example Conf 2013"
confnotes_site_description = "Notes from Example Conf 2013."
html_baseurl = "https://example.org/notes/"
ogp_site_url = "https://example.org/notes/"
ogp_social_cards = {"enable": False}
myst_enable_extensions = ["colon_fence"]
