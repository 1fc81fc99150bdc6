"""Talks, speakers, tools and mentions inside ``only``, in reST and MyST (issue 18).

Each builder must list and link only what it shows: no link of any builder's
output may point to an anchor that is not there (tests/anchors.py).
"""

project = "Only content"
copyright = "2013, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_design", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
confnotes_default_event = "Example Conf 2013"
man_pages = [("index", "only-content", "Only content", "", 7)]
latex_documents = [("index", "only-content.tex", "Only content", "", "manual")]
