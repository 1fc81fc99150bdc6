"""Links, images, metadata and works a hostile contributor writes (reST, MyST, BibTeX),
and markup the late gate cannot see: icons, toctree URLs, math links, copied files,
fetched content and link-preview fields."""

project = "Hostile URLs"
copyright = "2013, the test authors"
version = release = "1.0"
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "confnotes_bib",
    "confnotes",
    "sphinxext.opengraph",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "parts"]
confnotes_default_event = "Example Conf 2013"
bibtex_bibfiles = ["refs.bib"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
ogp_site_url = "https://notes.example.org/"
ogp_social_cards = {"enable": False}
man_pages = [("index", "hostile", "Hostile URLs", "", 7)]
latex_documents = [("index", "hostile.tex", "Hostile URLs", "", "manual")]
