"""A small notes project for the scaffold (``scripts/new_talk.py``): one day, one lightning page."""

project = "Scaffold notes"
copyright = "2013, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "confnotes_bib", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
confnotes_default_event = "Example Conf 2013"
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain_casefold"
bibtex_reference_style = "author_year_round"
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "furo"  # the sidebar the site uses (the scaffold tests read it)
