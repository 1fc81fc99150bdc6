"""Issue 18, class 1: no page, option value, include or .bib entry stops the build.

tests/test_hostile_build.py builds a copy to which it adds what is written
as bytes: pages and an include that are not UTF-8, a .bib entry with such a
byte, and option values too big for a file worth reading.
"""

project = "Hostile build"
copyright = "2013, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "confnotes_bib", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "snippets"]
confnotes_default_event = "Example Conf 2013"
bibtex_bibfiles = ["refs.bib"]
myst_enable_extensions = ["colon_fence"]
man_pages = [("index", "hostile", "Hostile build", "", 7)]
latex_documents = [("index", "hostile.tex", "Hostile build", "", "manual")]
