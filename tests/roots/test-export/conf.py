"""The open-data export on a small site: each field of conference.json has a known value here."""

project = "Export"
copyright = "2013, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "confnotes_bib", "confnotes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
confnotes_default_event = "DjangoCon Europe 2013"
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain_casefold"
bibtex_reference_style = "author_year_round"
bibtex_cite_id = "cite-{bibliography_count}-{key}"
