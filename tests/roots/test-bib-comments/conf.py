"""Citations set up with a references.bib that holds comments and no entry."""

project = "Bibliography of comments"
copyright = "2025, the test authors"
version = release = "1.0"
extensions = ["sphinx_design", "sphinxcontrib.bibtex", "confnotes_bib", "confnotes"]
exclude_patterns = ["_build"]
confnotes_default_event = "PyCon Example 2025"
bibtex_bibfiles = ["references.bib"]
