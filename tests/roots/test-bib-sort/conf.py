"""A bibliography sorted as the site sorts it (``plain``): every case it must get right."""

extensions = ["sphinxcontrib.bibtex", "confnotes_bib"]
exclude_patterns = ["_build"]

bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "plain_casefold"
bibtex_reference_style = "author_year_round"
bibtex_cite_id = "cite-{bibliography_count}-{key}"
