"""Hostile data of issue 18 in reST and MyST: ids, kinds, dates, recordings, titles.

Ids with no letter or digit, an unknown kind and category, a date that is
not a calendar date, stray dates far from their event's other days (and
events whose days are legitimately spread), recordings the export must give
as valid PyVideo records, and a title and introduction full of ``<``, ``>``,
``&`` and quotes for the Open Graph tags.
"""

project = "Hostile data"
copyright = "2013, the test authors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_design", "confnotes", "sphinxext.opengraph"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
confnotes_default_event = "Example Conf 2013"
ogp_social_cards = {"enable": False}
man_pages = [("index", "hostile-data", "Hostile data", "", 7)]
latex_documents = [("index", "hostile-data.tex", "Hostile data", "", "manual")]
