"""Citations set up, but no bibtex_bibfiles setting at all: no .bib file yet."""

project = "No bibliography"
copyright = "2025, the test authors"
version = release = "1.0"
extensions = ["sphinx_design", "sphinxcontrib.bibtex", "confnotes_bib", "confnotes"]
exclude_patterns = ["_build"]
confnotes_default_event = "PyCon Example 2025"
