"""Citations as the site sets them up: author-year references, per-page
bullet reference lists and one global citation list (plus confnotes_bib)."""

extensions = ["myst_parser", "sphinxcontrib.bibtex", "confnotes_bib"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]

bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year_round"
bibtex_cite_id = "cite-{bibliography_count}-{key}"
