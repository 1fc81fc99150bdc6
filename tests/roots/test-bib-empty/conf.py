"""Citations set up with an empty references.bib (zero bytes)."""

project = "Empty bibliography"
copyright = "2025, the test authors"
version = release = "1.0"
extensions = ["sphinx_design", "sphinxcontrib.bibtex", "confnotes_bib", "confnotes"]
exclude_patterns = ["_build"]
confnotes_default_event = "PyCon Example 2025"
bibtex_bibfiles = ["references.bib"]
