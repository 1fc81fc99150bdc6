"""Sphinx configuration for the Django Circus notes (DjangoCon Europe 2013, day 1)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Django Circus Notes"
author = "the Django Circus Notes contributors"
copyright = "2013-2026, the Django Circus Notes contributors"
version = "1.0"
release = "1.0.0"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "confnotes",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    ".venv",
    ".tox",
    "tests",
    "benchmarks",
    "README.md",
    "CONTRIBUTING.md",
    ".github",
    "Thumbs.db",
    ".DS_Store",
]
templates_path: list[str] = []

# -- Conference metadata (used by the confnotes extension) -------------------
confnotes_default_event = "DjangoCon Europe 2013"

# -- Citations ----------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]

# -- HTML -----------------------------------------------------------------------
html_theme = "furo"
html_title = "Django Circus Notes"
html_static_path = ["_static"]
html_css_files = ["confnotes.css"]
html_logo = "_static/logo.svg"
html_favicon = "_static/favicon.svg"

# -- Other builders --------------------------------------------------------------
epub_show_urls = "no"
latex_engine = "pdflatex"
man_pages = [(root_doc, "django-circus-notes", project, [author], 7)]
